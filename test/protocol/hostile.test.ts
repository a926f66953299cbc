// Hostile input through the protocol, against the built server: binary and huge files in the workspace, a
// 10 MB document, a 100,000-character line, nesting 10,000 deep, an alias bomb, symlink loops in the
// modulepath, files deleted or turned into FIFOs and directories while the server reads them, non-file URIs,
// unknown documents, and a client that breaks the lifecycle rules. Each time the server keeps answering, and
// its log says what it skipped.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
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
import { rng } from '../support/random.js';

/** Liveness bound for one answer on a loaded CI machine: generous, not a performance target. */
const ANSWER_MS = 60_000;
let tmp: string;

before(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'mp-hostile-protocol-'));
});
after(() => {
  killAllServers();
  rmSync(tmp, { recursive: true, force: true });
});

/** A copy of the scenario's control repo under a fresh folder. */
function bookRepo(name: string): string {
  const root = join(tmp, name);
  cpSync(join(__dirname, '../fixtures/workspaces/book'), root, { recursive: true });
  return root;
}

/** The server still answers: a completion in a small, valid data file returns the module keys. */
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

function diagnosticsFor(s: Session, uri: string, version: number) {
  const seen = s.diagnostics.find((p) => p.uri === uri && p.version === version);
  return seen ? Promise.resolve(seen) : s.waitForDiagnostics(uri, (p) => p.version === version, ANSWER_MS);
}

test('binary, invalid UTF-8 and oversized files in the workspace are skipped and logged', async () => {
  const root = bookRepo('binary');
  const r = rng(5);
  writeFileSync(join(root, 'data/nodes/blob.yaml'), Buffer.from(Array.from({ length: 1 << 20 }, () => r.int(256))));
  writeFileSync(join(root, 'data/nodes/latin1.yaml'), Buffer.from('classes:\n  - role::caf\xe9\n', 'latin1'));
  writeFileSync(join(root, 'data/nodes/huge.yaml'), Buffer.alloc(17 * 1024 * 1024, 'a'));
  const s = await startSession({ root });
  const uri = s.open(join(root, 'data/common.yaml'), readFileSync(join(root, 'data/common.yaml'), 'utf8'));
  await diagnosticsFor(s, uri, 1);
  await assertAlive(s, root);
  assert.ok(
    s.logs.some((l) => /skipped .*blob\.yaml: binary file/.test(l)),
    s.logs.join('\n'),
  );
  assert.ok(
    s.logs.some((l) => /skipped .*huge\.yaml: 17\.0 MB is over the 16 MB limit/.test(l)),
    s.logs.join('\n'),
  );
  // A binary document opened in the editor is analysed as text, and answered.
  const blob = s.open(
    join(root, 'data/blob-open.yaml'),
    Buffer.from(Array.from({ length: 50_000 }, () => r.int(256))).toString('latin1'),
  );
  await diagnosticsFor(s, blob, 1);
  await answeredWithin(s.hover(blob, 100), ANSWER_MS, 'hover in binary');
  assert.equal(await s.shutdown(), 0);
});

test('a 10 MB data file, a 100,000-character line and nesting 10,000 deep', async () => {
  const root = bookRepo('big');
  const s = await startSession({ root });
  // 10 MB of Hiera data: 200 keys with 50 kB values each.
  const value = 'v'.repeat(50_000);
  const big = Array.from({ length: 200 }, (_, i) => `profile::big::key${i}: '${value}'`).join('\n') + '\n';
  assert.ok(big.length >= 10_000_000);
  const bigUri = s.open(join(root, 'data/big.yaml'), big);
  const longLine = `mesos::zookeeper: '${'x'.repeat(100_000)}'\n${'y'.repeat(100_000)}\n`;
  const longUri = s.open(join(root, 'data/long.yaml'), longLine);
  const deepUri = s.open(
    join(root, 'data/deep.yaml'),
    `mesos::master::options: ${'['.repeat(10_000)}${']'.repeat(10_000)}\nzookeeper::servers: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`,
  );
  const deepPp = s.open(
    join(root, 'site-modules/profile/manifests/deep.pp'),
    `class profile::deep { $a = ${'['.repeat(10_000)}${']'.repeat(10_000)} }\n`,
  );
  const longPp = s.open(
    join(root, 'site-modules/profile/manifests/long.pp'),
    `class profile::long { $a = "${'z'.repeat(100_000)}" }\n`,
  );
  for (const uri of [bigUri, longUri, deepUri, deepPp, longPp]) await diagnosticsFor(s, uri, 1);
  // The manifest nested 10,000 deep: one error where the parser stops descending, and the class is still seen.
  const deepDiags = s.diagnostics.filter((p) => p.uri === deepPp).at(-1)!.diagnostics;
  assert.deepEqual(
    deepDiags.map((d) => String(d.message).split(':')[0]),
    ['nested more than 200 levels deep (brackets, blocks, prefix operators)'],
  );
  const symbols = (await answeredWithin(
    s.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: deepPp } }),
    ANSWER_MS,
    'symbols of deep nesting',
  )) as Array<{ name: string }>;
  assert.deepEqual(
    symbols.map((x) => x.name),
    ['profile::deep'],
  );
  const long = s.textOf(longUri);
  await answeredWithin(s.completion(longUri, long.length - 1), ANSWER_MS, 'completion at the end of a long line');
  await answeredWithin(s.hover(longUri, 5), ANSWER_MS, 'hover on a long line');
  await answeredWithin(s.hover(bigUri, big.length - 10), ANSWER_MS, 'hover at the end of 10 MB');
  await answeredWithin(s.codeAction(deepUri, 0, 40), ANSWER_MS, 'code action in deep nesting');
  // An edit in the 10 MB file is followed by its diagnostics.
  const v = s.change(bigUri, 10, 10, 'x');
  await diagnosticsFor(s, bigUri, v);
  await assertAlive(s, root);
  assert.equal(s.logs.filter((l) => /internal error/.test(l)).length, 0, s.logs.join('\n'));
  assert.equal(await s.shutdown(), 0);
});

test('a YAML alias bomb in a data file outside the hierarchy', async () => {
  const root = bookRepo('bomb');
  const s = await startSession({ root });
  const name = (i: number) => String.fromCharCode(97 + i);
  let bomb = `${name(0)}: &${name(0)} [${Array(9).fill('"lol"').join(',')}]\n`;
  for (let i = 1; i < 9; i++)
    bomb += `${name(i)}: &${name(i)} [${Array(9)
      .fill(`*${name(i - 1)}`)
      .join(',')}]\n`;
  // In data/common.yaml, inside the hierarchy the lookup engine reads for every node.
  const uri = s.open(join(root, 'data/common.yaml'), `${bomb}mesos::master::options: *i\n`);
  await diagnosticsFor(s, uri, 1);
  await answeredWithin(s.hover(uri, s.textOf(uri).length - 3), ANSWER_MS, 'hover on the bomb');
  await assertAlive(s, root);
  assert.equal(await s.shutdown(), 0);
});

test('symlink loops in the modulepath', async () => {
  const root = bookRepo('loops');
  const mods = join(tmp, 'loop-modules');
  mkdirSync(join(mods, 'mesos/manifests'), { recursive: true });
  writeFileSync(join(mods, 'mesos/metadata.json'), '{"name": "deric-mesos", "version": "1.2.0"}');
  writeFileSync(join(mods, 'mesos/manifests/init.pp'), 'class mesos (String $zookeeper) {}\n');
  symlinkSync(mods, join(mods, 'mesos/manifests/loop'));
  symlinkSync('.', join(mods, 'self'));
  symlinkSync(join(mods, 'a'), join(mods, 'b'));
  symlinkSync(join(mods, 'b'), join(mods, 'a'));
  symlinkSync(mods, join(root, 'site-modules/loop'));
  const s = await startSession({ root, settings: { modulePath: [mods, join(mods, 'self'), join(mods, 'a')] } });
  const uri = s.open(join(root, 'data/common.yaml'), readFileSync(join(root, 'data/common.yaml'), 'utf8'));
  await diagnosticsFor(s, uri, 1);
  await assertAlive(s, root);
  assert.equal(await s.shutdown(), 0);
});

test('files deleted, replaced by FIFOs or directories, or made unreadable while the server reads them', async () => {
  const root = bookRepo('vanishing');
  const nodes = join(root, 'data/nodes');
  for (let i = 0; i < 400; i++)
    writeFileSync(
      join(nodes, `n${i}.yaml`),
      `classes:\n  - role::mesos::${i % 2 ? 'slave' : 'master'}\nzookeeper::id: ${i}\n`,
    );
  const s = await startSession({
    root,
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  const master1 = join(nodes, 'master1.yaml');
  const uri = s.open(master1, readFileSync(master1, 'utf8'));
  // While the server reads the repo for the first diagnostics: node files vanish or turn into something else,
  // and common.yaml, which the lookup engine reads by path for every node, becomes a FIFO (a blocking read).
  const changes: Array<{ uri: string; type: number }> = [];
  for (let i = 0; i < 400; i++) {
    const p = join(nodes, `n${i}.yaml`);
    if (i % 4 === 0) unlinkSync(p);
    else if (i % 4 === 1) {
      unlinkSync(p);
      execFileSync('mkfifo', [p]);
    } else if (i % 4 === 2) {
      unlinkSync(p);
      mkdirSync(p);
    } else chmodSync(p, 0o000);
    changes.push({ uri: uriOf(p), type: i % 4 === 0 ? 3 : 2 });
  }
  const common = join(root, 'data/common.yaml');
  unlinkSync(common);
  execFileSync('mkfifo', [common]);
  changes.push({ uri: uriOf(common), type: 2 });
  void s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  const v = s.change(uri, 0, 0, '# edited\n');
  await diagnosticsFor(s, uri, v);
  await assertAlive(s, root);
  assert.ok(
    s.logs.some((l) => /skipped .*data\/common\.yaml: not a regular file/.test(l)),
    s.logs.join('\n'),
  );
  assert.equal(s.logs.filter((l) => /internal error/.test(l)).length, 0, s.logs.join('\n'));
  assert.equal(await s.shutdown(), 0);
  for (let i = 3; i < 400; i += 4) chmodSync(join(nodes, `n${i}.yaml`), 0o644);
});

test('non-file URIs and unknown documents are answered with nothing, and logged', async () => {
  const root = bookRepo('uris');
  const s = await startSession({ root });
  const untitled = s.open('untitled:Untitled-1', 'mesos::\n', 'yaml');
  assert.equal(await s.completion(untitled, 7), null);
  assert.equal(await s.hover(untitled, 2), null);
  assert.equal(await s.codeAction(untitled, 0, 3), null);
  const unknown = uriOf(join(root, 'data/never-opened.yaml'));
  assert.equal(await s.completion(unknown, 0), null);
  assert.equal(await s.hover(unknown, 0), null);
  assert.equal(await s.codeAction(unknown, 0, 0), null);
  for (const odd of ['http://example.com/data/common.yaml', 'file:///', 'not a uri', 'file:///%00/x.yaml']) {
    await answeredWithin(
      s.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: odd },
        position: { line: 0, character: 0 },
      }),
      ANSWER_MS,
      `hover on ${odd}`,
    );
  }
  await assertAlive(s, root);
  assert.ok(
    s.logs.some((l) => /not analysing untitled:Untitled-1: only file: URIs/.test(l)),
    s.logs.join('\n'),
  );
  assert.ok(
    s.logs.some((l) => /no answer for file:.*never-opened\.yaml: the document is not open/.test(l)),
    s.logs.join('\n'),
  );
  assert.equal(await s.shutdown(), 0);
});

test('requests before initialize, before initialized and after shutdown are answered by the rules', async () => {
  const root = bookRepo('lifecycle');
  const s = await startSession({ root, initialize: false });
  const uri = uriOf(join(root, 'data/common.yaml'));
  await assert.rejects(
    s.hover(uri, 0),
    (e: { code?: number }) => e.code === -32002,
    'ServerNotInitialized before initialize',
  );
  await s.connection.sendRequest('initialize', { processId: process.pid, rootUri: uriOf(root), capabilities: {} });
  // Between the initialize response and the initialized notification, requests are allowed.
  s.open(join(root, 'data/common.yaml'), 'mesos::\n');
  const list = (await s.completion(uri, 7)) as { items: unknown[] };
  assert.ok(list.items.length > 0);
  void s.connection.sendNotification('initialized', {});
  await s.connection.sendRequest('shutdown');
  await assert.rejects(
    s.completion(uri, 7),
    (e: { code?: number }) => e.code === -32600,
    'InvalidRequest after shutdown',
  );
  await answeredWithin(s.connection.sendRequest('shutdown'), ANSWER_MS, 'a second shutdown');
  void s.connection.sendNotification('exit');
  assert.equal(await s.exited, 0);
});
