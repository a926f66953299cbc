// Our attack suite at CI sizes, through the built server and CLI. First the catalogue (test/support/attacks.ts):
// every category of issue 17 with its generator at its CI size, the expected outcome asserted (what the user is
// told, the rest of the repo still served, memory under the entry's budget); `npm run bench:attacks` runs the same
// entries at their big sizes. Then dedicated tests that pin the exact messages and the protocol's edges, with
// input from the same generators. Every answer must come before a generous deadline (liveness, not speed); the
// longest the server held its event loop in each is printed, not asserted (a time).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  answeredWithin,
  ensureBuilt,
  killAllServers,
  startSession,
  uriOf,
  type Session,
} from '../support/lspSession.js';
import {
  ATTACK_LIST,
  deepDashes,
  deepPath,
  doublingInterpolation,
  reverseLineEdits,
  runAttack,
  unmet,
} from '../support/attacks.js';

/** Liveness bound for one answer on a loaded CI machine: generous, not a performance target. */
const ANSWER_MS = 60_000;
let tmp: string;

before(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'mp-attacks-'));
});
after(() => {
  killAllServers();
  rmSync(tmp, { recursive: true, force: true });
});

function bookRepo(name: string): string {
  const root = join(tmp, name);
  cpSync(join(__dirname, '../fixtures/workspaces/book'), root, { recursive: true });
  return root;
}

async function assertAlive(s: Session, root: string): Promise<void> {
  const uri = uriOf(join(root, 'data/alive.yaml'));
  if (!s.textOf(uri)) s.open(join(root, 'data/alive.yaml'), 'mesos::\n');
  const list = (await answeredWithin(s.completion(uri, 7), ANSWER_MS, 'liveness completion')) as {
    items: Array<{ label: string }>;
  };
  assert.ok(
    list.items.some((i) => i.label === 'mesos::zookeeper'),
    'completion still works',
  );
}

/** A session whose event-loop monitor runs from the start (mesosPuppet/serverStats). */
async function monitored(options: Parameters<typeof startSession>[0]): Promise<Session> {
  const s = await startSession(options);
  await s.stats();
  return s;
}

/**
 * Prints the longest the server's event loop was held during an attack (issue 17: at most 50 ms is the aim).
 * Recorded, never asserted: it is a time, and the bench holds the figures at the big sizes.
 */
async function recordLoop(s: Session, attack: string): Promise<void> {
  const st = await s.stats();
  console.log(
    `event loop during ${attack}: held at most ${st.loopDelayMaxMs} ms (p99 ${st.loopDelayP99Ms} ms); heap ${(st.heapUsedBytes / 1048576).toFixed(1)} MB`,
  );
}

const codesOf = async (s: Session, uri: string): Promise<string[]> =>
  (await s.waitForDiagnostics(uri, (p) => p.version === 1, ANSWER_MS)).diagnostics.map(
    (d: { code?: string | number }) => String(d.code),
  );

// --- the catalogue at CI sizes ---

for (const a of ATTACK_LIST)
  test(`attack ${a.id}: ${a.sizes.ci.toLocaleString('en-US')} ${a.unit} → ${a.expected}`, async () => {
    const r = await runAttack(a, a.sizes.ci, tmp, ANSWER_MS);
    console.log(
      `${a.id}: ${r.outcome.gist.slice(0, 160)}; event loop held at most ${r.loopHeldAtMostMs ?? '-'} ms; peak RSS ${r.peakRssMb ?? '-'} MB`,
    );
    assert.deepEqual(unmet(a, a.sizes.ci, r), []);
  });

// --- dedicated tests: the exact messages and the protocol's edges ---

test('malformed client messages are logged and ignored, never the end of the server', async () => {
  const root = bookRepo('malformed');
  const s = await monitored({ root });
  const uri = uriOf(join(root, 'data/nodes/master1.yaml'));
  const send = (method: string, params: unknown): void => void s.connection.sendNotification(method, params);
  send('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1 } });
  send('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: null } });
  send('textDocument/didOpen', { textDocument: null });
  send('textDocument/didOpen', null);
  send('textDocument/didOpen', { textDocument: { uri: 42, languageId: 'yaml', version: 1, text: '' } });
  send('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: null });
  send('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: -1 } }, text: 'x' }],
  });
  send('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 7 }] });
  send('textDocument/didClose', {});
  send('textDocument/didSave', { textDocument: 'x' });
  // Requests with missing or wrong params get an error response (or nothing), never silence.
  for (const params of [
    undefined,
    null,
    {},
    { textDocument: {} },
    { textDocument: { uri }, position: null },
    { textDocument: { uri }, position: { line: 'a', character: {} } },
  ]) {
    await answeredWithin(
      s.connection.sendRequest('textDocument/hover', params).catch((e: Error) => e),
      ANSWER_MS,
      `hover ${JSON.stringify(params)}`,
    );
    await answeredWithin(
      s.connection.sendRequest('textDocument/completion', params).catch((e: Error) => e),
      ANSWER_MS,
      `completion ${JSON.stringify(params)}`,
    );
  }
  await assertAlive(s, root);
  for (const why of [
    'textDocument.text is not a string',
    'textDocument is not an object',
    'params is not an object',
    'textDocument.uri is not a string',
    'contentChanges is not an array',
    'contentChanges[0].range is not a range',
    'contentChanges[0].text is not a string',
  ]) {
    assert.ok(
      s.logs.some((l) => l.includes(`ignored a malformed textDocument/`) && l.includes(why)),
      `${why}\n${s.logs.join('\n')}`,
    );
  }
  await recordLoop(s, 'malformed client messages');
  assert.equal(await s.shutdown(), 0);
});

test('a 20,000-segment URI is refused at once, for didOpen and for requests', async () => {
  const root = bookRepo('long-uri');
  const s = await monitored({ root });
  const long = uriOf(join(root, deepPath(20_000)));
  void s.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: long, languageId: 'yaml', version: 1, text: 'mesos::\n' },
  });
  assert.equal(
    await answeredWithin(
      s.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: long },
        position: { line: 0, character: 0 },
      }),
      ANSWER_MS,
      'hover',
    ),
    null,
  );
  await assertAlive(s, root);
  assert.ok(
    s.logs.some((l) =>
      /ignored a malformed textDocument\/didOpen: textDocument\.uri is longer than 8192 characters/.test(l),
    ),
    s.logs.join('\n'),
  );
  await recordLoop(s, 'a 20,000-segment URI');
  assert.equal(await s.shutdown(), 0);
});

test('data the repository controls: deep nesting, a convert_to bomb, ReDoS keys, exponential interpolation', async () => {
  const root = bookRepo('data-bombs');
  // The cluster rules look up mesos:: and zookeeper:: keys for every node: the bombs sit where they are read.
  let common = readFileSync(join(root, 'data/common.yaml'), 'utf8');
  common += `lookup_options:\n  zookeeper::id:\n    convert_to: Array\n  '^(mesos::a+)+$':\n    merge: deep\n`;
  common += `mesos::${'a'.repeat(1000)}b: 1\n`;
  common += doublingInterpolation(60);
  common += `mesos::master::options:\n  hostname: "%{lookup('k60')}"\nmesos::master::work_dir: "%{lookup('k60')}"\n`;
  writeFileSync(join(root, 'data/common.yaml'), common);
  writeFileSync(
    join(root, 'data/nodes/master1.yaml'),
    readFileSync(join(root, 'data/nodes/master1.yaml'), 'utf8').replace(
      /zookeeper::id: .*/,
      'zookeeper::id: 4000000000',
    ),
  );
  const s = await monitored({ root });
  const node = s.open(
    join(root, 'data/nodes/master1.yaml'),
    readFileSync(join(root, 'data/nodes/master1.yaml'), 'utf8'),
  );
  await codesOf(s, node);
  const deep = s.open(join(root, 'data/deep.yaml'), deepDashes(100_000));
  assert.deepEqual(await codesOf(s, deep), ['limits/nesting']);
  const preview = await answeredWithin(
    s.connection
      .sendRequest('mesosPuppet/lookupPreview', { uri: node, node: 'master1', key: 'k60' })
      .catch((e: Error) => e),
    ANSWER_MS,
    'lookup preview',
  );
  assert.match(JSON.stringify(preview), /interpolates more than 20000 strings/);
  const id = await answeredWithin(
    s.connection.sendRequest('mesosPuppet/lookupPreview', { uri: node, node: 'master1', key: 'zookeeper::id' }),
    ANSWER_MS,
    'lookup preview',
  );
  assert.match(
    JSON.stringify(id),
    /Converting 4000000000 to an Array makes 4000000000 elements; this engine builds at most 100000/,
  );
  await assertAlive(s, root);
  assert.equal(s.logs.filter((l) => /internal error/.test(l)).length, 0, s.logs.join('\n'));
  await recordLoop(s, 'data bombs');
  assert.equal(await s.shutdown(), 0);
});

test('the CLI on a data file of 100,000 nested dashes: a note and exit 0, not a V8 abort', () => {
  const root = bookRepo('cli-deep');
  writeFileSync(join(root, 'data/deep.yaml'), deepDashes(100_000));
  const r = spawnSync(
    process.execPath,
    [join(__dirname, '../../dist/cli/main.js'), 'check', join(root, 'data/deep.yaml')],
    { encoding: 'utf8', timeout: ANSWER_MS },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /deep\.yaml:2:\d+: information \[limits\/nesting\] The data nests deeper than 256 levels/);
});

test('a data file that is a link to a file outside the workspace is not read: its lines never become keys', async () => {
  const root = bookRepo('link-out');
  const secret = join(tmp, 'outside-secret.yaml');
  writeFileSync(secret, 'leaked::root_password_hash: s3cret\n');
  symlinkSync(secret, join(root, 'data/nodes/leak.yaml'));
  mkdirSync(join(tmp, 'outside-dir'), { recursive: true });
  writeFileSync(join(tmp, 'outside-dir/more.yaml'), 'alsoleaked::other_secret: x\n');
  symlinkSync(join(tmp, 'outside-dir'), join(root, 'data/linked'));
  const s = await monitored({ root });
  const uri = s.open(join(root, 'data/common.yaml'), '\n');
  const list = (await answeredWithin(s.completion(uri, 0), ANSWER_MS, 'completion')) as {
    items: Array<{ label: string }>;
  };
  assert.ok(list.items.length > 0, 'keys are offered');
  assert.deepEqual(
    list.items.map((i) => i.label).filter((l) => /leaked/.test(l)),
    [],
  );
  await assertAlive(s, root);
  assert.ok(
    s.logs.some((l) =>
      /skipped .*leak\.yaml: a link leading outside the workspace folders and the module path/.test(l),
    ),
    s.logs.join('\n'),
  );
  assert.equal(s.logs.filter((l) => /leak\.yaml: a link leading outside/.test(l)).length, 1, 'reported once');
  await recordLoop(s, 'links out of the workspace');
  assert.equal(await s.shutdown(), 0);
});

test('one didChange of many changes: a multi-cursor edit is applied, 200,000 over the budget is given up with a message', async () => {
  const root = bookRepo('many-changes');
  const s = await monitored({ root });
  // Reverse order, as an editor sends a multi-cursor edit: applied, and the result is served.
  const big = join(root, 'data/big.yaml');
  const lines = 20_000;
  const uri = s.open(big, 'a\n'.repeat(lines));
  const changes = reverseLineEdits(lines, 'mesos::slave::checkpoint: true');
  void s.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: changes,
  });
  const hover = (await answeredWithin(
    s.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: lines - 1, character: 8 },
    }),
    ANSWER_MS,
    'hover',
  )) as { contents: unknown } | null;
  assert.match(JSON.stringify(hover), /checkpoint/);
  // 200,000 changes in document order on a 1 MB file: over the budget; the user is told to reopen, the file is
  // answered from disk. (The unit tests apply 200,000 reverse-order changes; here the server's side of both.)
  const node = join(root, 'data/nodes/slave1.yaml');
  const nodeUri = s.open(node, `# ${'v'.repeat(1_000_000)}\n`);
  const forward = Array.from({ length: 200_000 }, (_, i) => ({
    range: { start: { line: 0, character: 2 + i }, end: { line: 0, character: 2 + i } },
    text: '#',
  }));
  void s.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: nodeUri, version: 2 },
    contentChanges: forward,
  });
  assert.equal(await answeredWithin(s.hover(nodeUri, 0), ANSWER_MS, 'hover of the given-up file'), null);
  assert.ok(
    s.logs.some((l) => /one edit of slave1\.yaml came as 200,000 changes, .*close and reopen it/.test(l)),
    s.logs.join('\n'),
  );
  await assertAlive(s, root);
  // Reopened, it is followed again.
  void s.connection.sendNotification('textDocument/didClose', { textDocument: { uri: nodeUri } });
  s.open(node, 'mesos::slave::checkpoint: true\n');
  assert.match(
    JSON.stringify(await answeredWithin(s.hover(nodeUri, 8), ANSWER_MS, 'hover after reopening')),
    /checkpoint/,
  );
  await recordLoop(s, '200,000 changes in one didChange');
  assert.equal(await s.shutdown(), 0);
});

// --- the CLI reads nothing outside what it is asked to check ---

const CLI = join(__dirname, '../../dist/cli/main.js');
const cli = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: ANSWER_MS });

test('the CLI reads nothing outside the checked repo and --module-path: links out are named, not followed', () => {
  const root = bookRepo('cli-confined');
  const outside = join(tmp, 'cli-outside');
  mkdirSync(join(outside, 'data'), { recursive: true });
  mkdirSync(join(outside, 'modules/leakmod/manifests'), { recursive: true });
  writeFileSync(join(outside, 'secret.yaml'), 'leaked::root_password_hash: s3cret\n');
  writeFileSync(join(outside, 'data/common.yaml'), 'leaked::from_datadir: x\n');
  writeFileSync(join(outside, 'modules/leakmod/manifests/init.pp'), 'class leakmod($leaked_param = 1) {}\n');
  // A data file linked out, a data folder linked out, a hierarchy level whose datadir climbs out, a modulepath
  // folder linked out.
  rmSync(join(root, 'data/nodes/master2.yaml'));
  symlinkSync(join(outside, 'secret.yaml'), join(root, 'data/nodes/master2.yaml'));
  symlinkSync(join(outside, 'data'), join(root, 'data/linked'));
  symlinkSync(join(outside, 'modules'), join(root, 'modules'));
  writeFileSync(
    join(root, 'hiera.yaml'),
    readFileSync(join(root, 'hiera.yaml'), 'utf8') +
      `  - name: 'Linked'\n    path: 'linked/common.yaml'\n  - name: 'Climbing'\n    datadir: '../cli-outside/data'\n    path: 'common.yaml'\n`,
  );
  const lookup = cli(['lookup', '--all', '--node', 'master2', '--format', 'json', '.'], root);
  assert.doesNotMatch(lookup.stdout + lookup.stderr, /s3cret|from_datadir/);
  assert.match(lookup.stderr, /skipped .*master2\.yaml: a link leading outside/);
  const check = cli(['check', '--format', 'json', '.'], root);
  assert.ok(check.status === 0 || check.status === 1, check.stderr);
  assert.doesNotMatch(check.stdout, /s3cret|leaked_param|leakmod/);
  // Each link named once, whatever reads it.
  for (const name of ['data/nodes/master2.yaml', 'data/linked', 'modules']) {
    const lines = check.stderr.split('\n').filter((l) => l.includes(`${root}/${name}: a link leading outside`));
    assert.equal(lines.length, 1, `${name}\n${check.stderr}`);
  }
  assert.match(check.stdout, /limits\/outside/);
  // Asked for explicitly, the outside module folder is read; and a module path whose modules are links (Debian's
  // /usr/share/puppet/modules/apt -> /etc/alternatives/...) is read where they lead, as Puppet reads it.
  const withPath = cli(['check', '--module-path', join(outside, 'modules'), '--format', 'json', '.'], root);
  assert.doesNotMatch(withPath.stderr, /modules: a link leading outside/);
  mkdirSync(join(tmp, 'debian-style'));
  symlinkSync(join(outside, 'modules/leakmod'), join(tmp, 'debian-style/leakmod'));
  const linked = cli(['check', '--explain-modules', '--module-path', join(tmp, 'debian-style'), '.'], root);
  assert.match(linked.stdout, /leakmod/);
  assert.doesNotMatch(linked.stderr, /leakmod/);
});

test('the CLI --module-path is capped like the setting: 300 folders, the first 256 read, and a warning', () => {
  const root = bookRepo('cli-module-path');
  const dirs = Array.from({ length: 300 }, (_, i) => {
    const d = join(tmp, 'mp', `m${i}`);
    mkdirSync(d, { recursive: true });
    return d;
  });
  const r = cli(['check', '--module-path', dirs.join(':'), 'data/common.yaml'], root);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  assert.equal(
    r.stderr,
    `mesos-puppet: warning: --module-path lists 300 folders; only the first 256 are read (the rest, from ${JSON.stringify(dirs[256])} on, are left out)\n`,
  );
});

test("in an untrusted workspace the repo's .mesos-puppet.yaml cannot make the server read a folder outside it", async () => {
  const extra = join(tmp, 'untrusted-extra');
  mkdirSync(join(extra, 'extra/manifests'), { recursive: true });
  writeFileSync(join(extra, 'extra/manifests/init.pp'), 'class extra {}\n');
  const codes = async (trusted: boolean): Promise<string[]> => {
    const root = bookRepo(`untrusted-${trusted}`);
    writeFileSync(join(root, '.mesos-puppet.yaml'), `modulePath:\n  - ${extra}\n`);
    const site = join(root, 'manifests/site.pp');
    const s = await startSession({ root, trusted });
    const uri = s.open(site, `${readFileSync(site, 'utf8')}\ninclude extra\n`);
    const found = await codesOf(s, uri);
    if (!trusted)
      assert.ok(
        s.logs.some((l) => l.includes(`untrusted workspace: the module folder ${extra} that .mesos-puppet.yaml names`)),
        s.logs.join('\n'),
      );
    assert.equal(await s.shutdown(), 0);
    return found;
  };
  assert.ok(!(await codes(true)).includes('puppet/unknown-class'), 'trusted: the folder is read');
  assert.ok((await codes(false)).includes('puppet/unknown-class'), 'untrusted: it is not');
});
