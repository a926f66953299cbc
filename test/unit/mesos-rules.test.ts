// The Mesos and ZooKeeper rules, each with a fixture that triggers it and one that does not. The cluster is
// resolved through the real lookup engine over an in-memory control repo.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { NODES_HIERA } from '../fixtures/hieraNodes.js';
import { fixtureProject, applyEdit } from '../support/project.js';
import type { Diagnostic } from '../../server/src/ide/types.js';

const HIERA = NODES_HIERA;

function pins(mesos: string, zookeeper: string): string {
  return `#- /work/Puppetfile
mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => '${mesos}'
mod 'zookeeper', :git => 'https://github.com/deric/puppet-zookeeper', :ref => '${zookeeper}'
`;
}

const GOOD_COMMON = `#- /work/data/common.yaml
mesos::zookeeper: 'zk://m1:2181,m2:2181,m3:2181/mesos'
zookeeper::servers: ['m1:2888:3888', 'm2:2888:3888', 'm3:2888:3888']
mesos::master::options:
  quorum: '2'
mesos::slave::work_dir: /var/lib/mesos
`;

function nodes(spec: Record<string, string>): string {
  return Object.entries(spec)
    .map(([name, body]) => `#- /work/data/nodes/${name}.yaml\n${body}`)
    .join('');
}

const MASTER = (id: string) => `classes: [role::mesos::master]\nzookeeper::id: ${id}\n`;
const AGENT = 'classes: [role::mesos::slave]\n';

function run(fixture: string): Array<Diagnostic & { path: string; text: string }> {
  const { project, fixture: fx } = fixtureProject(fixture);
  const out: Array<Diagnostic & { path: string; text: string }> = [];
  for (const path of Object.keys(fx.files)
    .filter((p) => p.includes('/data/'))
    .sort()) {
    const text = project.readText(path)!;
    for (const d of fileDiagnostics(project, path))
      out.push({ ...d, path, text: text.slice(d.range.start, d.range.end) });
  }
  return out;
}

const codes = (ds: Array<{ code: string }>) => ds.map((d) => d.code);
const GOOD_NODES = nodes({ m1: MASTER("'1'"), m2: MASTER("'2'"), m3: MASTER("'3'"), a1: AGENT, a2: AGENT });

test('a correct three-master cluster reports nothing, on both module sets', () => {
  assert.deepEqual(run(`${HIERA}${pins('v0.5.2', 'v0.3.5')}${GOOD_COMMON}${GOOD_NODES}`), []);
  assert.deepEqual(run(`${HIERA}${pins('v1.1.0', 'v1.6.0')}${GOOD_COMMON}${GOOD_NODES}`), []);
});

test('quorum must be a majority of the masters, with a fix', () => {
  const ds = run(
    `${HIERA}${pins('v0.5.2', 'v0.3.5')}${GOOD_COMMON.replace("quorum: '2'", "quorum: '1'")}${GOOD_NODES}`,
  );
  assert.deepEqual(codes(ds), ['mesos/quorum-majority'], 'one finding for the one place, not one per master');
  assert.equal(ds[0].path, '/work/data/common.yaml');
  assert.equal(ds[0].text, "'1'");
  assert.match(ds[0].message, /cluster has 3 masters \(m1, m2, m3\): it must be a majority, 2/);
  const five = nodes({ m4: MASTER("'4'"), m5: MASTER("'5'") });
  const ds5 = run(
    `${HIERA}${pins('v0.5.2', 'v0.3.5')}${GOOD_COMMON.replace("'m3:2888:3888']", "'m3:2888:3888', 'm4:2888:3888', 'm5:2888:3888']").replace('m3:2181/', 'm3:2181,m4:2181,m5:2181/')}${GOOD_NODES}${five}`,
  );
  assert.match(ds5.find((d) => d.code === 'mesos/quorum-majority')!.message, /must be a majority, 3/);
  const fix = ds[0].fixes![0];
  assert.equal(applyEdit(ds[0].text, { start: 0, end: 3 }, fix.edits[0].newText), "'2'");
});

test('a missing quorum with several masters is reported', () => {
  const ds = run(
    `${HIERA}${pins('v1.1.0', 'v1.6.0')}${GOOD_COMMON.replace("mesos::master::options:\n  quorum: '2'\n", '')}${GOOD_NODES}`,
  );
  assert.deepEqual([...new Set(codes(ds))], ['mesos/quorum-majority']);
  assert.match(ds[0].message, /has no quorum, but the cluster has 3 masters/);
});

test('unquoted option values fail on mesos v0.5.2 only, with a quote fix', () => {
  const common = GOOD_COMMON.replace("quorum: '2'", 'quorum: 2');
  const old = run(`${HIERA}${pins('v0.5.2', 'v0.3.5')}${common}${GOOD_NODES}`);
  assert.deepEqual(codes(old), ['mesos/option-unquoted']);
  assert.equal(old[0].fixes![0].edits[0].newText, "'2'");
  assert.deepEqual(run(`${HIERA}${pins('v1.1.0', 'v1.6.0')}${common}${GOOD_NODES}`), []);
});

test('work_dir (and, from v0.7.1, logger) must not be set through options', () => {
  const common = `${GOOD_COMMON}mesos::slave::options:\n  work_dir: /srv/mesos\n  logger: false\n`;
  assert.deepEqual(codes(run(`${HIERA}${pins('v0.5.2', 'v0.3.5')}${common}${GOOD_NODES}`)), ['mesos/options-reserved']);
  const newer = run(`${HIERA}${pins('v1.1.0', 'v1.6.0')}${common}${GOOD_NODES}`);
  assert.deepEqual(
    newer.map((d) => d.text),
    ['work_dir', 'logger'],
  );
});

test('mesos::slave::checkpoint has no effect; the preferred fix removes it', () => {
  const ds = run(
    `${HIERA}${pins('v0.5.2', 'v0.3.5')}${GOOD_COMMON}${GOOD_NODES}#- /work/data/nodes/a3.yaml\n${AGENT}mesos::slave::checkpoint: true\n`,
  );
  assert.deepEqual(codes(ds), ['mesos/checkpoint-no-effect']);
  assert.equal(ds[0].unnecessary, true);
  const text = `${AGENT}mesos::slave::checkpoint: true\n`;
  // Mesos 0.22 removed the flag: the message says so, and the first, preferred fix removes the key.
  assert.match(ds[0].message, /From Mesos 0\.22 agents always checkpoint and refuse the flag, so remove the key/);
  const remove = ds[0].fixes![0];
  assert.equal(remove.title, 'Remove mesos::slave::checkpoint (Mesos 0.22 and later always checkpoint)');
  assert.equal(remove.preferred, true);
  assert.equal(applyEdit(text, remove.edits[0].range, remove.edits[0].newText), AGENT);
  // For Mesos before 0.22 only, the second fix moves it into options.
  const move = ds[0].fixes![1];
  assert.equal(move.title, 'Move to mesos::slave::options: {checkpoint: ...} (Mesos before 0.22 only)');
  assert.equal(move.preferred, false);
  assert.equal(
    applyEdit(text, move.edits[0].range, move.edits[0].newText),
    `${AGENT}mesos::slave::options:\n  checkpoint: true\n`,
  );
  // With an options hash already there, the moved flag joins it.
  const withOptions = `mesos::slave::options:\n  isolation: 'cgroups/cpu'\nmesos::slave::checkpoint: true\n`;
  const ds2 = run(`${HIERA}${pins('v0.5.2', 'v0.3.5')}${GOOD_COMMON}#- /work/data/common2.yaml\n${withOptions}`).filter(
    (d) => d.code === 'mesos/checkpoint-no-effect',
  );
  let out = withOptions;
  for (const e of [...ds2[0].fixes![1].edits].sort((a, b) => b.range.start - a.range.start))
    out = applyEdit(out, e.range, e.newText);
  assert.equal(out, "mesos::slave::options:\n  checkpoint: true\n  isolation: 'cgroups/cpu'\n");
});

test('the default /tmp work_dir of a node that is master and agent sits on its agent role', () => {
  const both = `classes:\n  - role::mesos::master\n  - role::mesos::slave\nzookeeper::id: '1'\n`;
  const ds = run(
    `${HIERA}${pins('v0.5.2', 'v0.3.5')}${GOOD_COMMON.replace('mesos::slave::work_dir: /var/lib/mesos\n', '')}${nodes({ m1: both, m2: MASTER("'2'"), m3: MASTER("'3'") })}`,
  ).filter((d) => d.code === 'mesos/tmp-work-dir');
  // classes:
  //   - role::mesos::master
  //   - role::mesos::slave
  //     ^^^^^^^^^^^^^^^^^^ warning mesos/tmp-work-dir
  assert.deepEqual(
    ds.map((d) => [d.path, d.text, both.slice(0, d.range.start).split('\n').length]),
    [['/work/data/nodes/m1.yaml', 'role::mesos::slave', 3]],
  );
});

test('/tmp work directories: explicit anywhere, and the pre-v0.9.0 default on agents', () => {
  const explicit = run(
    `${HIERA}${pins('v1.1.0', 'v1.6.0')}${GOOD_COMMON.replace('/var/lib/mesos', '/tmp/mesos')}${GOOD_NODES}`,
  );
  assert.deepEqual(codes(explicit), ['mesos/tmp-work-dir']);
  assert.equal(explicit[0].text, '/tmp/mesos');
  const dflt = run(
    `${HIERA}${pins('v0.5.2', 'v0.3.5')}${GOOD_COMMON.replace('mesos::slave::work_dir: /var/lib/mesos\n', '')}${GOOD_NODES}`,
  );
  // Each warning sits on the class that makes the node an agent, not on `classes:`.
  assert.deepEqual(
    dflt.map((d) => [d.code, d.path, d.text]),
    [
      ['mesos/tmp-work-dir', '/work/data/nodes/a1.yaml', 'role::mesos::slave'],
      ['mesos/tmp-work-dir', '/work/data/nodes/a2.yaml', 'role::mesos::slave'],
    ],
  );
  const fix = dflt[0].fixes![0].edits[0];
  assert.equal(applyEdit(AGENT, fix.range, fix.newText), `${AGENT}mesos::slave::work_dir: /var/lib/mesos\n`);
  assert.deepEqual(
    run(
      `${HIERA}${pins('v1.1.0', 'v1.6.0')}${GOOD_COMMON.replace('mesos::slave::work_dir: /var/lib/mesos\n', '')}${GOOD_NODES}`,
    ),
    [],
  );
});

test('the ZooKeeper URL: malformed forms are explained, with fixes', () => {
  const bad = (url: string) =>
    run(
      `${HIERA}${pins('v0.5.2', 'v0.3.5')}${GOOD_COMMON.replace("'zk://m1:2181,m2:2181,m3:2181/mesos'", url)}${GOOD_NODES}`,
    ).filter((d) => d.code === 'mesos/zk-url');
  assert.match(bad("'http://m1:2181,m2:2181,m3:2181/mesos'")[0].message, /must start with zk:\/\//);
  assert.equal(
    bad("'http://m1:2181,m2:2181,m3:2181/mesos'")[0].fixes![0].edits[0].newText,
    "'zk://m1:2181,m2:2181,m3:2181/mesos'",
  );
  // Mesos reads a URL without a path as '/', and its detector and contender refuse '/': an error, as for '/' itself.
  assert.match(
    bad("'zk://m1:2181,m2:2181,m3:2181'")[0].message,
    /has no ZooKeeper path, which Mesos refuses at start-up: end it with \/mesos/,
  );
  assert.equal(
    bad("'zk://m1:2181,m2:2181,m3:2181'")[0].fixes![0].edits[0].newText,
    "'zk://m1:2181,m2:2181,m3:2181/mesos'",
  );
  assert.match(bad("'zk://m1:2181,m2:2181,m3:2181/'")[0].message, /has the path '\/', which Mesos refuses/);
  assert.match(bad("'zk://m1,m2,m3/mesos'")[0].message, /without a port/);
  assert.match(bad("'zk://m1:2181,,m3:2181/mesos'")[0].message, /empty host/);
});

test('the ZooKeeper URL: none of the ensemble is an error, some of it a warning; agents must reach a master', () => {
  // mm2 is not in the ensemble, m2 is left out: the URL still reaches m1 and m3, so it works without failover to m2.
  const typo = run(`${HIERA}${pins('v0.5.2', 'v0.3.5')}${GOOD_COMMON.replace('m2:2181', 'mm2:2181')}${GOOD_NODES}`);
  assert.deepEqual([...new Set(codes(typo))], ['mesos/zk-ensemble-partial']);
  assert.match(
    typo[0].message,
    /names mm2, which is not in zookeeper::servers; leaves out m2\. It works while m1, m3 are up/,
  );
  assert.equal(typo[0].fixes![0].edits[0].newText, "'zk://m1:2181,m2:2181,m3:2181/mesos'");
  // Naming only one server of the ensemble (the module's README writes such URLs) works: a warning.
  const one = run(
    `${HIERA}${pins('v1.1.0', 'v1.6.0')}${GOOD_COMMON.replace('zk://m1:2181,m2:2181,m3:2181/mesos', 'zk://m1:2181/mesos')}${GOOD_NODES}`,
  );
  assert.deepEqual([...new Set(codes(one))], ['mesos/zk-ensemble-partial']);
  assert.match(one[0].message, /leaves out m2, m3/);
  // No server of the ensemble at the port ZooKeeper listens on: nothing connects, an error.
  const port = run(
    `${HIERA}${pins('v1.1.0', 'v1.6.0')}${GOOD_COMMON.replace('zk://m1:2181,m2:2181,m3:2181/mesos', 'zk://m1:2888,m2:2888,m3:2888/mesos')}${GOOD_NODES}`,
  );
  assert.deepEqual([...new Set(codes(port))], ['mesos/zk-ensemble']);
  assert.match(
    port[0].message,
    /uses m1:2888, m2:2888, m3:2888 where ZooKeeper listens on 2181: it reaches no server of the ensemble/,
  );
  // An agent on a path no master uses never finds a master.
  const differs = run(
    `${HIERA}${pins('v0.5.2', 'v0.3.5')}${GOOD_COMMON}${GOOD_NODES.replace(AGENT, `${AGENT}mesos::zookeeper: 'zk://m1:2181,m2:2181,m3:2181/other'\n`)}`,
  );
  assert.deepEqual(codes(differs), ['mesos/zk-url-differs']);
  assert.equal(differs[0].path, '/work/data/nodes/a1.yaml');
  assert.match(
    differs[0].message,
    /Agent a1 looks for its master at m1,m2,m3\/other, where no master of this repo registers/,
  );
  // The same servers written in another order are the same cluster: nothing.
  const reordered = run(
    `${HIERA}${pins('v0.5.2', 'v0.3.5')}${GOOD_COMMON}${GOOD_NODES.replace(AGENT, `${AGENT}mesos::zookeeper: 'zk://m3:2181,m1:2181,m2:2181/mesos'\n`)}`,
  );
  assert.deepEqual(reordered, []);
});

test('zookeeper::servers: odd size, and the entry form the version writes', () => {
  const even = run(
    `${HIERA}${pins('v1.1.0', 'v1.6.0')}${GOOD_COMMON.replace("'m3:2888:3888']", "'m3:2888:3888', 'm4:2888:3888']")}${GOOD_NODES}`,
  );
  assert.ok(codes(even).includes('zookeeper/ensemble-odd'));
  const bare = run(
    `${HIERA}${pins('v0.5.2', 'v0.3.5')}${GOOD_COMMON.replace("['m1:2888:3888', 'm2:2888:3888', 'm3:2888:3888']", '[m1, m2, m3]')}${GOOD_NODES}`,
  );
  assert.deepEqual(
    bare.map((d) => [d.code, d.text]),
    [
      ['zookeeper/servers-format', 'm1'],
      ['zookeeper/servers-format', 'm2'],
      ['zookeeper/servers-format', 'm3'],
    ],
  );
  assert.equal(bare[0].fixes![0].edits[0].newText, "'m1:2888:3888'");
  assert.deepEqual(
    run(
      `${HIERA}${pins('v1.1.0', 'v1.6.0')}${GOOD_COMMON.replace("['m1:2888:3888', 'm2:2888:3888', 'm3:2888:3888']", '[m1, m2, m3]')}${GOOD_NODES}`,
    ),
    [],
  );
  assert.deepEqual(codes(run(`${HIERA}${pins('v0.5.2', 'v0.3.6')}${GOOD_COMMON}${GOOD_NODES}`)), [
    'zookeeper/servers-format',
    'zookeeper/servers-format',
    'zookeeper/servers-format',
  ]);
});

test('zookeeper::id: range, position in the ensemble (with a fix), membership', () => {
  const swapped = run(
    `${HIERA}${pins('v1.1.0', 'v1.6.0')}${GOOD_COMMON}${nodes({ m1: MASTER("'2'"), m2: MASTER("'1'"), m3: MASTER("'3'") })}`,
  );
  assert.deepEqual(
    swapped.map((d) => [d.code, d.path]),
    [
      ['zookeeper/id-position', '/work/data/nodes/m1.yaml'],
      ['zookeeper/id-position', '/work/data/nodes/m2.yaml'],
    ],
  );
  assert.match(swapped[0].message, /m1 is server 1 in zookeeper::servers, but its zookeeper::id is "2"/);
  assert.equal(swapped[0].fixes![0].edits[0].newText, "'1'");
  const range = run(
    `${HIERA}${pins('v1.1.0', 'v1.6.0')}${GOOD_COMMON}${nodes({ m1: MASTER("'0'"), m2: MASTER("'2'"), m3: MASTER("'3'") })}`,
  );
  assert.deepEqual(codes(range.filter((d) => d.path.endsWith('m1.yaml'))), [
    'zookeeper/id-range',
    'zookeeper/id-position',
  ]);
  const outsider = run(
    `${HIERA}${pins('v1.1.0', 'v1.6.0')}${GOOD_COMMON.replace("quorum: '2'", "quorum: '3'")}${nodes({ m1: MASTER("'1'"), m2: MASTER("'2'"), m3: MASTER("'3'"), x9: MASTER("'4'") })}`,
  );
  assert.deepEqual(codes(outsider), ['zookeeper/not-in-ensemble']);
});

test('ids must be unique among the members of one ensemble only', () => {
  // Without zookeeper::servers each server runs standalone: equal ids harm no one.
  const common = GOOD_COMMON.replace("zookeeper::servers: ['m1:2888:3888', 'm2:2888:3888', 'm3:2888:3888']\n", '');
  assert.deepEqual(
    codes(
      run(
        `${HIERA}${pins('v1.1.0', 'v1.6.0')}${common}${nodes({ m1: MASTER("'1'"), m2: MASTER("'1'"), m3: MASTER("'3'") })}`,
      ),
    ).filter((c) => c.startsWith('zookeeper/')),
    [],
  );
  // An ensemble of addresses no node's data explains: positions are unknown, but two members with one id are wrong.
  const byAddress = GOOD_COMMON.replace(
    "['m1:2888:3888', 'm2:2888:3888', 'm3:2888:3888']",
    "['10.0.0.1', '10.0.0.2', '10.0.0.3']",
  ).replace('zk://m1:2181,m2:2181,m3:2181/mesos', 'zk://10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181/mesos');
  const ds = run(
    `${HIERA}${pins('v1.1.0', 'v1.6.0')}${byAddress}${nodes({ m1: MASTER("'1'"), m2: MASTER("'1'"), m3: MASTER("'3'") })}`,
  );
  assert.deepEqual(
    ds.map((d) => [d.code, d.path]),
    [
      ['zookeeper/id-unique', '/work/data/nodes/m1.yaml'],
      ['zookeeper/id-unique', '/work/data/nodes/m2.yaml'],
    ],
  );
  assert.deepEqual(
    run(
      `${HIERA}${pins('v1.1.0', 'v1.6.0')}${byAddress}${nodes({ m1: MASTER("'1'"), m2: MASTER("'2'"), m3: MASTER("'3'") })}`,
    ),
    [],
  );
});

test('quorum is judged per cluster: 3 of 3 is valid, more than the masters is not, two clusters apart', () => {
  assert.deepEqual(
    run(`${HIERA}${pins('v1.1.0', 'v1.6.0')}${GOOD_COMMON.replace("quorum: '2'", "quorum: '3'")}${GOOD_NODES}`),
    [],
  );
  const four = run(
    `${HIERA}${pins('v1.1.0', 'v1.6.0')}${GOOD_COMMON.replace("quorum: '2'", "quorum: '4'")}${GOOD_NODES}`,
  );
  assert.deepEqual(codes(four), ['mesos/quorum-majority']);
  assert.match(four[0].message, /no write can ever gather 4 masters/);
  // Two clusters in one repo: three masters on ensemble m1..m3, one master on its own ZooKeeper z9 (quorum 1).
  const two = `${GOOD_COMMON}${GOOD_NODES}#- /work/data/nodes/b1.yaml
classes: [role::mesos::master]
zookeeper::id: '1'
zookeeper::servers: ['b1:2888:3888']
mesos::zookeeper: 'zk://b1:2181/mesos'
mesos::master::options:
  quorum: '1'
`;
  assert.deepEqual(run(`${HIERA}${pins('v1.1.0', 'v1.6.0')}${two}`), []);
  // Judged apart: a quorum of 1 is wrong for the three-master cluster, and the message names that cluster.
  const wrong = run(`${HIERA}${pins('v1.1.0', 'v1.6.0')}${two.replace("quorum: '2'", "quorum: '1'")}`);
  assert.deepEqual(codes(wrong), ['mesos/quorum-majority']);
  assert.equal(wrong[0].path, '/work/data/common.yaml');
  assert.match(
    wrong[0].message,
    /the cluster on ZooKeeper m1,m2,m3\/mesos has 3 masters \(m1, m2, m3\): it must be a majority, 2 or more/,
  );
});

test('servers written as addresses match nodes by the addresses their data gives', () => {
  const byAddress = GOOD_COMMON.replace(
    "['m1:2888:3888', 'm2:2888:3888', 'm3:2888:3888']",
    "['10.0.0.1', '10.0.0.2', '10.0.0.3']",
  ).replace('zk://m1:2181,m2:2181,m3:2181/mesos', 'zk://10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181/mesos');
  const withIp = (id: string, ip: string) => `${MASTER(id)}zookeeper::client_ip: '${ip}'\n`;
  assert.deepEqual(
    run(
      `${HIERA}${pins('v1.1.0', 'v1.6.0')}${byAddress}${nodes({ m1: withIp("'1'", '10.0.0.1'), m2: withIp("'2'", '10.0.0.2'), m3: withIp("'3'", '10.0.0.3') })}`,
    ),
    [],
  );
  // The position is known through the address: m1 is 10.0.0.2, server 2.
  const swapped = run(
    `${HIERA}${pins('v1.1.0', 'v1.6.0')}${byAddress}${nodes({ m1: withIp("'1'", '10.0.0.2'), m2: withIp("'2'", '10.0.0.1'), m3: withIp("'3'", '10.0.0.3') })}`,
  );
  assert.deepEqual(
    swapped.map((d) => [d.code, d.path]),
    [
      ['zookeeper/id-position', '/work/data/nodes/m1.yaml'],
      ['zookeeper/id-position', '/work/data/nodes/m2.yaml'],
    ],
  );
  // A URL by names and servers by addresses name the same machines when the nodes' addresses say so.
  const mixed = byAddress.replace(
    'zk://10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181/mesos',
    'zk://m1:2181,m2:2181,m3:2181/mesos',
  );
  assert.deepEqual(
    run(
      `${HIERA}${pins('v1.1.0', 'v1.6.0')}${mixed}${nodes({ m1: withIp("'1'", '10.0.0.1'), m2: withIp("'2'", '10.0.0.2'), m3: withIp("'3'", '10.0.0.3') })}`,
    ),
    [],
  );
  // Addresses no node's data explains: membership and positions cannot be told, so nothing is said.
  assert.deepEqual(run(`${HIERA}${pins('v1.1.0', 'v1.6.0')}${byAddress}${GOOD_NODES}`), []);
});

test('the Hash form of zookeeper::servers works from zookeeper v0.6.0', () => {
  const hash = GOOD_COMMON.replace("['m1:2888:3888', 'm2:2888:3888', 'm3:2888:3888']", "{'1': m1, '2': m2, '3': m3}");
  // (Only the cluster rules: v0.6.0 is not a bundled release yet, so the generic key checks read v0.3.5's facts.)
  assert.deepEqual(
    codes(run(`${HIERA}${pins('v0.5.2', 'v0.6.0')}${hash}${GOOD_NODES}`)).filter((c) => !c.startsWith('hiera/')),
    [],
  );
  const old = run(`${HIERA}${pins('v0.5.2', 'v0.5.5')}${hash}${GOOD_NODES}`).filter(
    (d) => !d.code.startsWith('hiera/'),
  );
  assert.deepEqual(codes(old), ['zookeeper/servers-format']);
  assert.match(
    old[0].message,
    /zookeeper v0\.5\.5 takes zookeeper::servers as a list; the Hash form \{id => host\} arrived in v0\.6\.0/,
  );
});

test('zookeeper::id outside 1..255 is a warning', () => {
  const ds = run(`${HIERA}${pins('v1.1.0', 'v1.6.0')}${GOOD_COMMON}#- /work/data/zk.yaml\nzookeeper::id: '300'\n`);
  assert.deepEqual(
    ds.map((d) => [d.code, d.severity, d.text]),
    [['zookeeper/id-range', 'warning', "'300'"]],
  );
  assert.deepEqual(
    run(`${HIERA}${pins('v1.1.0', 'v1.6.0')}${GOOD_COMMON}#- /work/data/zk.yaml\nzookeeper::id: '255'\n`),
    [],
  );
});

test('Marathon and Chronos on the same port', () => {
  const clash = `${GOOD_COMMON}profile::mesos::master::marathon::port: 8080\nprofile::mesos::master::chronos::port: 8080\n`;
  const ds = run(`${HIERA}${pins('v1.1.0', 'v1.6.0')}${clash}${GOOD_NODES}`);
  assert.deepEqual(codes(ds), ['mesos/framework-port-clash']);
  assert.deepEqual(
    run(
      `${HIERA}${pins('v1.1.0', 'v1.6.0')}${clash.replace('chronos::port: 8080', 'chronos::port: 4400')}${GOOD_NODES}`,
    ),
    [],
  );
});
