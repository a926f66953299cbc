// Our ZooKeeper rules against real ZooKeeper. The scaffold writes a control repo; the node preview
// (`mesos-puppet node NAME --format json`, the evaluator on the repo's manifests and Hiera data, with Debian's
// deric-zookeeper module on the module path as profile::zookeeper's `include zookeeper` needs) renders each
// master's zoo.cfg and myid; the test rewrites only what must differ when every server runs on this one machine
// (each host becomes a loopback address 127.0.X.N, ports kept; dataDir a temporary folder; the client port bound to
// the node's own address; no admin server) and starts real ZooKeeper servers (Debian's zookeeper package). A cluster
// `mesos-puppet check` passes elects a leader and takes /mesos; a cluster it flags fails the way the rule says.
//
// The java and mesos modules are not on this machine's module path: the preview skips those classes and names each
// (a finding the test asserts); neither writes anything under /etc/zookeeper.
//
// Swapped ids only fail where each host owns just its own address: on one machine every loopback address is local.
// That case runs each server in a network namespace of its own (`unshare -rn`, only the host's address on its
// loopback), as on separate machines; a server with the right id in the same kind of namespace is the control.
//
// Needs Debian's puppet-module-deric-zookeeper, zookeeper, unshare and ip (installed by .ci/run); fails, never
// skips, without them. Every server started is stopped, whatever happens. Waits poll with generous bounds and say
// what they waited for; nothing asserts on elapsed time.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const DOMAIN = 'example.com';
const MODULES = '/usr/share/puppet/modules';
const ZK_MODULE = `${MODULES}/zookeeper`;
const ZK_JAR = '/usr/share/java/zookeeper.jar';
const SLF4J_SIMPLE = '/usr/share/java/slf4j-simple.jar';
const SLF4J_NOP = '/usr/share/java/slf4j-nop.jar';
/** A /24 of loopback addresses of this run's own, so parallel runs and other services keep their ports. */
const NET = `127.0.${100 + (process.pid % 150)}`;
const WAIT_MS = 120_000;

let work: string;
/** What the node preview says each node gets, by `variant/certname`. */
const previews = new Map<string, NodePreview>();

interface NodePreview {
  readonly exit: number | null;
  readonly complete: boolean;
  readonly files: readonly { readonly path: string; readonly content: string | null }[];
  readonly findings: readonly { readonly kind: string; readonly message: string; readonly path?: string }[];
}
const running = new Set<ChildProcess>();

/** The repos: the scaffold's 3 masters, the same with 2, and three that our rules flag. */
const VARIANTS = {
  good: ['m1', 'm2', 'm3'],
  pair: ['m1', 'm2'],
  outsider: ['m1', 'm2', 'm3', 'm4'],
  duplicate: ['m1', 'm2', 'm3'],
  swapped: ['m1', 'm2', 'm3'],
} as const;
type Variant = keyof typeof VARIANTS;

const fqdn = (host: string) => `${host}.${DOMAIN}`;
const repoDir = (v: Variant) => join(work, 'repos', v);

function need(cmd: string, args: string[], what: string): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${what} is not installed: run .ci/run`);
}

function scaffold(v: Variant, masters: readonly string[]): void {
  execFileSync(
    process.execPath,
    [
      CLI,
      'scaffold',
      repoDir(v),
      '--masters',
      masters.join(','),
      '--slaves',
      'a1',
      '--domain',
      DOMAIN,
      '--modules',
      'newest',
    ],
    { stdio: 'pipe' },
  );
}

function check(v: Variant): { file: string; code: string }[] {
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', repoDir(v)], { encoding: 'utf8' });
  return (JSON.parse(r.stdout).diagnostics as { file: string; code: string }[]).map((d) => ({
    file: d.file,
    code: d.code,
  }));
}

/** `mesos-puppet node` for one node of a repo, with Debian's modules on the module path. */
function preview(v: Variant, host: string): NodePreview {
  const r = spawnSync(
    process.execPath,
    [CLI, 'node', fqdn(host), '--format', 'json', '--module-path', MODULES, repoDir(v)],
    { encoding: 'utf8' },
  );
  assert.ok(r.stdout.startsWith('{'), `mesos-puppet node ${fqdn(host)} in ${v} printed no JSON:\n${r.stderr}`);
  return { exit: r.status, ...(JSON.parse(r.stdout) as Omit<NodePreview, 'exit'>) };
}

before(async () => {
  need('java', ['-version'], 'java (the zookeeper package depends on it)');
  need('unshare', ['-rn', 'ip', 'link', 'show', 'lo'], 'unshare (util-linux) with ip (iproute2), or user namespaces,');
  assert.ok(
    existsSync(join(ZK_MODULE, 'manifests/init.pp')),
    `${ZK_MODULE} is missing: .ci/run installs puppet-module-deric-zookeeper`,
  );
  assert.ok(
    existsSync(ZK_JAR) && existsSync(SLF4J_SIMPLE),
    `${ZK_JAR} is missing: .ci/run installs Debian's zookeeper package`,
  );
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  work = mkdtempSync(join(tmpdir(), 'mp-zookeeper-'));

  scaffold('good', VARIANTS.good);
  // The scaffold refuses an even number of masters: two are the three without m3.
  scaffold('pair', VARIANTS.good);
  const common = join(repoDir('pair'), 'data/common.yaml');
  writeFileSync(
    common,
    readFileSync(common, 'utf8')
      .replace(/^ {2}- 'm3\.example\.com(:2181)?'\n/gm, '')
      .replace(/,m3\.example\.com:2181/g, ''),
  );
  rmSync(join(repoDir('pair'), 'data/nodes', `${fqdn('m3')}.yaml`));
  // A fourth master that runs ZooKeeper but is not in zookeeper::servers.
  scaffold('outsider', VARIANTS.good);
  writeFileSync(
    join(repoDir('outsider'), 'data/nodes', `${fqdn('m4')}.yaml`),
    readFileSync(join(repoDir('outsider'), 'data/nodes', `${fqdn('m3')}.yaml`), 'utf8')
      .replace(/m3\./g, 'm4.')
      .replace("zookeeper::id: '3'", "zookeeper::id: '4'"),
  );
  // m2 takes m1's id.
  scaffold('duplicate', VARIANTS.good);
  const m2 = join(repoDir('duplicate'), 'data/nodes', `${fqdn('m2')}.yaml`);
  writeFileSync(m2, readFileSync(m2, 'utf8').replace("zookeeper::id: '2'", "zookeeper::id: '1'"));
  // m1 and m2 swap ids: each is the other's server.N.
  scaffold('swapped', VARIANTS.good);
  for (const [host, from, to] of [
    ['m1', '1', '2'],
    ['m2', '2', '1'],
  ] as const) {
    const file = join(repoDir('swapped'), 'data/nodes', `${fqdn(host)}.yaml`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(`zookeeper::id: '${from}'`, `zookeeper::id: '${to}'`));
  }

  for (const v of Object.keys(VARIANTS) as Variant[])
    for (const h of VARIANTS[v]) previews.set(`${v}/${fqdn(h)}`, preview(v, h));
});

after(async () => {
  await Promise.all([...running].map((p) => stop(p)));
  if (work) rmSync(work, { recursive: true, force: true });
});

// --- ZooKeeper on one machine --------------------------------------------------------------------------

interface Server {
  readonly host: string;
  readonly address: string;
  readonly process: ChildProcess;
  readonly log: string;
  exit?: number | null;
}

const addressOf = (host: string) => `${NET}.${Number(host.slice(1))}`;

/** What the node preview says the node's zoo.cfg and myid hold. */
function rendered(v: Variant, host: string): { zooCfg: string; myid: string } {
  const p = previews.get(`${v}/${fqdn(host)}`)!;
  const content = (path: string) => p.files.find((f) => f.path === path)?.content;
  const zooCfg = content('/etc/zookeeper/conf/zoo.cfg');
  const myid = content('/etc/zookeeper/conf/myid');
  assert.ok(
    zooCfg && myid,
    `${v}/${host}: the node preview has no zoo.cfg or myid content; it has ${p.files.map((f) => f.path).join(', ')}; findings: ${p.findings.map((f) => f.message).join('; ')}`,
  );
  return { zooCfg, myid };
}

/** Only what must differ on one machine: host names → loopback addresses, dataDir, the client port's address, no admin server. */
function forThisMachine(zooCfg: string, host: string, dataDir: string): string {
  let out = zooCfg.replace(/^(server\.\d+=)([^:\s]+)/gm, (_m, head: string, h: string) => {
    const short = h.replace(`.${DOMAIN}`, '');
    assert.match(short, /^m\d$/, `zoo.cfg names a host we do not map: ${h}`);
    return `${head}${addressOf(short)}`;
  });
  assert.match(out, /^dataDir=/m);
  out = out.replace(/^dataDir=.*$/m, `dataDir=${dataDir}`).replace(/^dataLogDir=.*$/m, '');
  return `${out}\n# On one machine only:\nclientPortAddress=${addressOf(host)}\nadmin.enableServer=false\n4lw.commands.whitelist=srvr\n`;
}

/**
 * Starts the node's server. `ownHost`: in a network namespace of its own whose loopback has only the host's
 * address, as a machine of its own has (`unshare -rn`; the command execs into java, so the process is the server).
 */
function start(v: Variant, host: string, ownHost = false): Server {
  const { zooCfg, myid } = rendered(v, host);
  const dir = join(work, 'zk', v, `${host}${ownHost ? '-own-host' : ''}`);
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data/myid'), myid);
  writeFileSync(join(dir, 'zoo.cfg'), forThisMachine(zooCfg, host, join(dir, 'data')));
  const log = join(dir, 'server.log');
  const fd = openSync(log, 'w');
  const java = [
    'java',
    '-Xmx96m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-cp',
    `${ZK_JAR}:${SLF4J_SIMPLE}`,
    'org.apache.zookeeper.server.quorum.QuorumPeerMain',
    join(dir, 'zoo.cfg'),
  ];
  const [cmd, ...args] = ownHost
    ? [
        'unshare',
        '-rn',
        'sh',
        '-c',
        `ip link set lo up && ip addr flush dev lo && ip addr add ${addressOf(host)}/32 dev lo && exec "$@"`,
        'sh',
        ...java,
      ]
    : java;
  const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  running.add(child);
  const server: Server = { host, address: addressOf(host), process: child, log };
  child.on('exit', (code) => {
    server.exit = code;
    running.delete(child);
  });
  return server;
}

function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    const kill = setTimeout(() => p.kill('SIGKILL'), 10_000);
    p.once('exit', () => {
      clearTimeout(kill);
      res();
    });
    p.kill('SIGTERM');
  });
}

/** The `srvr` four-letter word's answer, or the connection error. */
function srvr(address: string): Promise<string> {
  return new Promise((res) => {
    let text = '';
    const s = connect({ host: address, port: 2181 }, () => s.end('srvr'));
    s.setTimeout(5000, () => s.destroy(new Error('no answer in 5 s')));
    s.on('data', (d) => (text += d.toString()));
    s.on('close', () => res(text));
    s.on('error', (e) => res(`error: ${e.message}`));
  });
}

const modeOf = (answer: string) =>
  /^Mode: (\w+)/m.exec(answer)?.[1] ??
  (answer.includes('not currently serving') ? 'not serving' : answer.trim() || 'no answer');

async function poll<T>(
  what: string,
  probe: () => Promise<T>,
  done: (t: T) => boolean,
  describe: (t: T) => string,
  ms = WAIT_MS,
): Promise<T> {
  const until = Date.now() + ms;
  let last = await probe();
  while (!done(last)) {
    assert.ok(Date.now() < until, `waited ${ms / 1000} s for ${what}; last seen: ${describe(last)}`);
    await new Promise((r) => setTimeout(r, 500));
    last = await probe();
  }
  return last;
}

const modes = (servers: readonly Server[]) =>
  Promise.all(servers.map(async (s) => `${s.host} ${modeOf(await srvr(s.address))}`));

function zkCli(address: string, ...command: string[]): string {
  const r = spawnSync(
    'java',
    [
      '-Xmx64m',
      '-cp',
      `${ZK_JAR}:${SLF4J_NOP}`,
      'org.apache.zookeeper.ZooKeeperMain',
      '-server',
      `${address}:2181`,
      ...command,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  return `${r.stdout}${r.stderr}`;
}

async function stopAll(servers: readonly Server[]): Promise<void> {
  await Promise.all(servers.map((s) => stop(s.process)));
}

// --- the tests -----------------------------------------------------------------------------------------

test('what mesos-puppet check says about each repo', () => {
  assert.deepEqual(check('good'), []);
  assert.ok(
    check('pair').some((d) => d.code === 'zookeeper/ensemble-odd'),
    'two servers: zookeeper/ensemble-odd',
  );
  // At the server list that leaves m4 out.
  const outsider = check('outsider').filter((d) => d.code.startsWith('zookeeper/'));
  assert.deepEqual(
    outsider.map((d) => d.code),
    ['zookeeper/not-in-ensemble'],
  );
  assert.match(outsider[0].file, /data\/common\.yaml$/);
  // m2 has m1's id: it is server 2 in the list, so its id is out of place (the one finding; id-unique stays silent
  // when the position explains it).
  const dup = check('duplicate').filter((d) => d.code.startsWith('zookeeper/'));
  assert.deepEqual(
    dup.map((d) => d.code),
    ['zookeeper/id-position'],
  );
  assert.match(dup[0].file, /data\/nodes\/m2\.example\.com\.yaml$/);
  // m1 and m2 swapped: each is out of place.
  const swapped = check('swapped').filter((d) => d.code.startsWith('zookeeper/'));
  assert.deepEqual(
    swapped.map((d) => [d.code, d.file.replace(/^.*\//, '')]),
    [
      ['zookeeper/id-position', `${fqdn('m1')}.yaml`],
      ['zookeeper/id-position', `${fqdn('m2')}.yaml`],
    ],
  );
});

test('the node preview renders the scaffold\u2019s ensemble: server.N for each master, myid its id', () => {
  const { zooCfg, myid } = rendered('good', 'm2');
  assert.deepEqual(zooCfg.match(/^server\.\d+=.*$/gm), [
    `server.1=${fqdn('m1')}:2888:3888`,
    `server.2=${fqdn('m2')}:2888:3888`,
    `server.3=${fqdn('m3')}:2888:3888`,
  ]);
  assert.match(zooCfg, /^clientPort=2181$/m);
  assert.equal(myid.trim(), '2');
  assert.equal(rendered('swapped', 'm1').myid.trim(), '2');
  assert.equal(rendered('swapped', 'm2').myid.trim(), '1');
  // The modules this machine lacks are skipped and named, and nothing else is missing: the run is incomplete
  // (exit 1) for that reason only.
  const p = previews.get(`good/${fqdn('m2')}`)!;
  assert.equal(p.exit, 1);
  assert.equal(p.complete, false);
  assert.deepEqual(
    p.findings.map((f) => `${f.kind}: ${f.message}`),
    ['java', 'mesos', 'mesos::master'].map(
      (c) => `error: Could not find class ::${c}: Puppet stops here; skipped, so what it declares is not shown`,
    ),
  );
});

test('the scaffolded ensemble starts: a leader is elected and /mesos can be created', async () => {
  const servers = VARIANTS.good.map((h) => start('good', h));
  try {
    const seen = await poll(
      'one leader and two followers among m1, m2, m3',
      () => modes(servers),
      (m) =>
        m.filter((x) => x.endsWith(' leader')).length === 1 && m.filter((x) => x.endsWith(' follower')).length === 2,
      (m) => m.join(', '),
    );
    assert.equal(seen.length, 3);
    assert.match(zkCli(servers[1].address, 'create', '/mesos'), /Created \/mesos/);
    assert.match(
      zkCli(servers[2].address, 'ls', '/'),
      /\[mesos, zookeeper\]/,
      'another server sees the znode: the ensemble replicates',
    );
    // Three servers survive one failure.
    const leader = servers.find((_, i) => seen[i].endsWith(' leader'))!;
    await stop(leader.process);
    const rest = servers.filter((s) => s !== leader);
    await poll(
      'a new leader among the two servers left',
      () => modes(rest),
      (m) => m.some((x) => x.endsWith(' leader')) && m.some((x) => x.endsWith(' follower')),
      (m) => m.join(', '),
    );
  } finally {
    await stopAll(servers);
  }
});

test('zookeeper/ensemble-odd: two servers survive no failure, as the rule says (one of two is no majority)', async () => {
  const servers = VARIANTS.pair.map((h) => start('pair', h));
  try {
    await poll(
      'a leader and a follower among m1, m2',
      () => modes(servers),
      (m) => m.some((x) => x.endsWith(' leader')) && m.some((x) => x.endsWith(' follower')),
      (m) => m.join(', '),
    );
    await stop(servers[0].process);
    const answer = await poll(
      'm2 to stop serving once m1 is down',
      () => srvr(servers[1].address),
      (a) => modeOf(a) === 'not serving',
      modeOf,
    );
    assert.match(answer, /not currently serving requests/);
  } finally {
    await stopAll(servers);
  }
});

test('zookeeper/not-in-ensemble: a server whose id is not in the server list exits', async () => {
  const servers = VARIANTS.good.map((h) => start('outsider', h));
  try {
    await poll(
      'the three listed servers to form a quorum',
      () => modes(servers),
      (m) => m.some((x) => x.endsWith(' leader')),
      (m) => m.join(', '),
    );
    const m4 = start('outsider', 'm4');
    await poll(
      'm4 to exit',
      async () => m4.exit,
      (e) => e !== undefined,
      (e) => `exit ${e}`,
    );
    assert.notEqual(m4.exit, 0);
    assert.match(readFileSync(m4.log, 'utf8'), /My id 4 not in the peer list/);
  } finally {
    await stopAll(servers);
  }
});

test('zookeeper/id-position: m2 with id 1, like m1, cannot bind server.1\u2019s address and exits; the ensemble is one failure from down', async () => {
  const [m1, , m3] = ['m1', 'm2', 'm3'].map((h) => (h === 'm2' ? undefined : start('duplicate', h)));
  const servers = [m1!, m3!];
  try {
    await poll(
      'm1 and m3 to form a quorum',
      () => modes(servers),
      (m) => m.some((x) => x.endsWith(' leader')),
      (m) => m.join(', '),
    );
    const m2 = start('duplicate', 'm2');
    servers.push(m2);
    await poll(
      'm2 (myid 1, like m1) to exit',
      async () => m2.exit,
      (e) => e !== undefined,
      (e) => `exit ${e}`,
    );
    assert.notEqual(m2.exit, 0);
    assert.match(
      readFileSync(m2.log, 'utf8'),
      new RegExp(
        `Exception while listening to address /${m1!.address.replace(/\./g, '\\.')}:3888[\\s\\S]*BindException`,
      ),
    );
    // Three servers configured, two running: losing one more stops the ensemble.
    await stop(m3!.process);
    await poll(
      'm1 to stop serving once m3 is down',
      () => srvr(m1!.address),
      (a) => modeOf(a) === 'not serving',
      modeOf,
    );
  } finally {
    await stopAll(servers);
  }
});

test('zookeeper/id-position, ids swapped: on hosts of their own, m1 and m2 cannot bind the address their id names and exit; m3 has no quorum', async () => {
  // Each server on a host of its own (a network namespace with only that host's address).
  const servers = VARIANTS.swapped.map((h) => start('swapped', h, true));
  try {
    const [m1, m2, m3] = servers;
    for (const [s, other] of [
      [m1, m2],
      [m2, m1],
    ] as const) {
      await poll(
        `${s.host} (myid of ${other.host}) to exit`,
        async () => s.exit,
        (e) => e !== undefined,
        (e) => `exit ${e}`,
      );
      const log = readFileSync(s.log, 'utf8');
      // ZooKeeper's own words: it listens on the election address of the server its myid names, which is not
      // this host's, and gives up leader election (exit code 14: UNABLE_TO_BIND_QUORUM_PORT).
      assert.match(
        log,
        new RegExp(
          `Exception while listening to address /${other.address.replace(/\./g, '\\.')}:3888\\n(.*\\n)?java\\.net\\.BindException: Cannot assign requested address`,
        ),
      );
      assert.match(log, /I won't be able to participate in leader election any longer/);
      assert.equal(s.exit, 14, `${s.host} exit code`);
    }
    // The control, in the same kind of namespace: m3's id is right, so it binds its own election address and
    // keeps running, alone, looking for a quorum it cannot have.
    const m3Bound = new RegExp(
      `3 is accepting connections now, my election bind port: /${m3.address.replace(/\./g, '\\.')}:3888`,
    );
    await poll(
      'm3 to bind its election address',
      async () => readFileSync(m3.log, 'utf8'),
      (log) => m3Bound.test(log),
      (log) => log.split('\n').slice(-3).join(' | '),
    );
    assert.equal(m3.exit, undefined, 'm3 keeps running');
    assert.doesNotMatch(readFileSync(m3.log, 'utf8'), /LEADING|FOLLOWING/);
  } finally {
    await stopAll(servers);
  }
});
