// The built language server over stdio, spoken to as any LSP editor would: initialize, open a Hiera file,
// completion, hover, diagnostics after edits, cancellation, and a clean shutdown with the right exit codes.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { startServer, SERVER, type TestClient } from '../support/lspClient.js';
import { startSession, type Session } from '../support/lspSession.js';

let root: string;
let dataUri: string;

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: join(__dirname, '../..'), stdio: 'inherit' });
  root = mkdtempSync(join(tmpdir(), 'mp-protocol-'));
  mkdirSync(join(root, 'data'));
  writeFileSync(
    join(root, 'Puppetfile'),
    "mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'\n",
  );
  writeFileSync(join(root, 'data/common.yaml'), 'mesos::\n');
  dataUri = pathToFileURL(join(root, 'data/common.yaml')).toString();
});

async function initialized(
  c: TestClient,
  capabilities: object = {
    textDocument: { completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } } },
  },
) {
  const result = await c.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).toString(),
    capabilities,
    workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'w' }],
  });
  void c.connection.sendNotification('initialized', {});
  return result as { capabilities: Record<string, any>; serverInfo: { name: string } };
}

/** Runs `fn` with a session on a fresh copy of the book's control repo, and cleans both up afterwards. */
async function withBookRepo(
  name: string,
  settings: Record<string, unknown> | undefined,
  fn: (s: Session, repo: string) => Promise<void>,
): Promise<void> {
  const repo = mkdtempSync(join(tmpdir(), `mp-protocol-${name}-`));
  cpSync(join(__dirname, '../fixtures/workspaces/book'), repo, { recursive: true });
  const s = await startSession({ root: repo, ...(settings ? { settings } : {}) });
  try {
    await fn(s, repo);
  } finally {
    await s.shutdown();
    rmSync(repo, { recursive: true, force: true });
  }
}

async function shutdown(c: TestClient): Promise<number | null> {
  await c.connection.sendRequest('shutdown');
  void c.connection.sendNotification('exit');
  return c.exited;
}

test('initialize announces incremental sync, completion and hover', async () => {
  const c = startServer();
  const r = await initialized(c);
  assert.equal(r.serverInfo.name, 'mesos-puppet-language-server');
  assert.equal(r.capabilities.textDocumentSync.change, 2);
  assert.ok(r.capabilities.completionProvider);
  assert.equal(r.capabilities.hoverProvider, true);
  assert.equal(await shutdown(c), 0);
});

test('log lines carry no timestamp of their own (the editor stamps each line)', async () => {
  const s = await startSession();
  try {
    for (let i = 0; i < 100 && s.logs.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(s.logs[0] ?? '', /^mesos-puppet language server started \(pid \d+\)/);
  } finally {
    await s.shutdown();
  }
});

test('a client that refuses warning messages: the server goes on quietly, with no internal error', async () => {
  // An invalid setting is shown with window/showMessageRequest; this client answers it with an error, as a
  // client that does not show messages may. A refused or dismissed message is normal, not a server fault.
  const s = await startSession({
    root,
    settings: { maxDiagnosticsPerFile: 'lots' },
    messageRequests: 'rejected',
  });
  try {
    const told = /^Setting mesosPuppet\.maxDiagnosticsPerFile is invalid: /;
    for (let i = 0; i < 250 && s.logs.filter((l) => told.test(l)).length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    // Logged once and asked once (the refused request).
    assert.equal(s.logs.filter((l) => told.test(l)).length, 2, s.logs.join('\n'));
    // A round trip after the refusal, so a log line about it would have arrived.
    s.open(join(root, 'data/common.yaml'), 'mesos::\n');
    await s.hover(dataUri, 3);
    assert.deepEqual(
      s.logs.filter((l) => /internal error/.test(l)),
      [],
    );
  } finally {
    await s.shutdown();
  }
});

test('completion, hover and diagnostics on a Hiera data file, following incremental edits', async () => {
  const c = startServer();
  await initialized(c);
  void c.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: dataUri, languageId: 'yaml', version: 1, text: 'mesos::\n' },
  });
  const list = (await c.connection.sendRequest('textDocument/completion', {
    textDocument: { uri: dataUri },
    position: { line: 0, character: 7 },
  })) as { items: any[] };
  const labels = list.items.map((i) => i.label);
  assert.ok(labels.includes('mesos::zookeeper') && labels.includes('mesos::master::options'));
  const zk = list.items.find((i) => i.label === 'mesos::zookeeper');
  assert.equal(zk.insertTextFormat, 2, 'snippets, since the client supports them');
  assert.deepEqual(zk.textEdit.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } });
  const resolved = (await c.connection.sendRequest('completionItem/resolve', zk)) as any;
  assert.equal(resolved.documentation.kind, 'markdown');
  assert.match(resolved.documentation.value, /ZooKeeper URL/);

  // Type a misspelt key through an incremental change; the diagnostics follow.
  void c.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: dataUri, version: 2 },
    contentChanges: [
      {
        range: { start: { line: 0, character: 7 }, end: { line: 0, character: 7 } },
        text: "zookeepr: 'zk://a:2181/mesos'",
      },
    ],
  });
  const diags = await c.waitForDiagnostics(dataUri, (p) => p.version === 2);
  assert.equal(diags.diagnostics.length, 1);
  assert.equal(diags.diagnostics[0].code, 'hiera/unknown-key');
  assert.match(diags.diagnostics[0].message as string, /Did you mean 'mesos::zookeeper'/);
  assert.deepEqual(diags.diagnostics[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 15 } });

  void c.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: dataUri, version: 3 },
    contentChanges: [{ range: { start: { line: 0, character: 14 }, end: { line: 0, character: 14 } }, text: 'e' }],
  });
  const fixed = await c.waitForDiagnostics(dataUri, (p) => p.version === 3);
  assert.deepEqual(fixed.diagnostics, []);

  const h = (await c.connection.sendRequest('textDocument/hover', {
    textDocument: { uri: dataUri },
    position: { line: 0, character: 3 },
  })) as any;
  assert.match(h.contents.value, /String \$zookeeper/);
  assert.match(h.contents.value, /v0\.5\.2, pinned by the Puppetfile/);
  assert.equal(await shutdown(c), 0);
});

test('plain-text completion for clients without snippet support', async () => {
  const c = startServer();
  await initialized(c, {});
  void c.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: dataUri, languageId: 'yaml', version: 1, text: 'mesos::\n' },
  });
  const list = (await c.connection.sendRequest('textDocument/completion', {
    textDocument: { uri: dataUri },
    position: { line: 0, character: 7 },
  })) as { items: any[] };
  const zk = list.items.find((i) => i.label === 'mesos::zookeeper');
  assert.equal(zk.insertTextFormat, 1);
  assert.equal(zk.textEdit.newText, "mesos::zookeeper: ''");
  const resolved = (await c.connection.sendRequest('completionItem/resolve', zk)) as any;
  assert.equal(typeof resolved.documentation, 'string');
  assert.equal(await shutdown(c), 0);
});

test('cancelled requests are answered with RequestCancelled, the others normally', async () => {
  // A burst of completions, each cancelled right after it is sent: the ones still queued when their cancel
  // arrives are answered with RequestCancelled (-32800), the rest with a result; none is lost.
  const c = startServer();
  await initialized(c);
  void c.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: dataUri, languageId: 'yaml', version: 1, text: 'mesos::\n' },
  });
  const { CancellationTokenSource } = await import('vscode-languageserver-protocol/node');
  const outcomes = await Promise.all(
    Array.from({ length: 30 }, () => {
      const source = new CancellationTokenSource();
      const p = c.connection.sendRequest(
        'textDocument/completion',
        { textDocument: { uri: dataUri }, position: { line: 0, character: 7 } },
        source.token,
      );
      source.cancel();
      return p.then(
        () => 'answered',
        (e: any) => (e.code === -32800 ? 'cancelled' : `error ${e.code}`),
      );
    }),
  );
  assert.deepEqual(
    outcomes.filter((o) => o !== 'answered' && o !== 'cancelled'),
    [],
  );
  assert.ok(outcomes.includes('cancelled'), `none of ${outcomes.length} was cancelled`);
  assert.equal(await shutdown(c), 0);
});

test('requests for unknown documents get an empty answer, not an error', async () => {
  const c = startServer();
  await initialized(c);
  const r = await c.connection.sendRequest('textDocument/completion', {
    textDocument: { uri: 'file:///nowhere/data/x.yaml' },
    position: { line: 0, character: 0 },
  });
  assert.equal(r, null);
  assert.equal(await shutdown(c), 0);
});

test('exit without shutdown ends with code 1; a bad command line with code 2', async () => {
  const c = startServer();
  await initialized(c);
  void c.connection.sendNotification('exit');
  assert.equal(await c.exited, 1);
  let code = 0;
  try {
    execFileSync(process.execPath, [SERVER], { stdio: 'pipe' });
  } catch (e: any) {
    code = e.status;
  }
  assert.equal(code, 2);
});

test('quick fixes come back as workspace edits for the diagnostic under the cursor', async () => {
  const c = startServer();
  await initialized(c);
  void c.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: dataUri, languageId: 'yaml', version: 1, text: 'mesos::zookeepr: x\n' },
  });
  const published = await c.waitForDiagnostics(dataUri, (p) => p.version === 1);
  const actions = (await c.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: dataUri },
    range: { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } },
    context: { diagnostics: published.diagnostics },
  })) as any[];
  assert.equal(actions.length, 1);
  assert.equal(actions[0].title, "Change to 'mesos::zookeeper'");
  assert.equal(actions[0].kind, 'quickfix');
  assert.equal(actions[0].diagnostics[0].code, 'hiera/unknown-key');
  assert.deepEqual(actions[0].edit.changes[dataUri], [
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 15 } }, newText: 'mesos::zookeeper' },
  ]);
  assert.equal(await shutdown(c), 0);
});

test('a file with more problems than mesosPuppet.maxDiagnosticsPerFile gets the most severe and a note; 0 sends all', async () => {
  // 1,500 keys of a class the repo's profile module does not have (warnings), then a duplicate key (an error).
  const lines = ['---'];
  for (let i = 0; i < 1500; i++) lines.push(`profile::gone${i}::port: ${i}`);
  lines.push('site::dup: 1', 'site::dup: 2', '');
  const settings: Record<string, unknown> = {};
  await withBookRepo('limit', settings, async (s, repo) => {
    const uri = s.open(join(repo, 'data/common.yaml'), lines.join('\n'));
    const first = await s.waitForDiagnostics(uri, (p) => p.version === 1, 60_000);
    assert.equal(first.diagnostics.length, 1000, 'the default limit of 1,000, the note included');
    const codes = first.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('hiera/duplicate-key'), 'the error at the end of the file is among those sent');
    assert.equal(codes.filter((c) => c === 'hiera/unknown-key').length, 998);
    const note = first.diagnostics.find((d) => d.code === 'editor/problems-not-shown')!;
    assert.equal(note.severity, 3);
    assert.match(
      note.message as string,
      /^502 more problems in this file are not shown \(502 warnings\); the first of them is here\./,
    );
    assert.match(note.message as string, /mesosPuppet\.maxDiagnosticsPerFile/);
    // The first warning left out is the 999th (line 999: the header is line 0); the note sits there, in order.
    assert.deepEqual(note.range.start, { line: 999, character: 0 });
    const lineOf = first.diagnostics.map((d) => d.range.start.line);
    assert.deepEqual(
      lineOf,
      [...lineOf].sort((a, b) => a - b),
      'document order',
    );

    settings.maxDiagnosticsPerFile = 0;
    void s.connection.sendNotification('workspace/didChangeConfiguration', { settings: { mesosPuppet: settings } });
    const all = await s.waitForDiagnostics(uri, (p) => p.diagnostics.length !== 1000, 60_000);
    assert.equal(all.diagnostics.length, 1501);
    assert.ok(!all.diagnostics.some((d) => d.code === 'editor/problems-not-shown'));
  });
});

test('an editor that cannot watch files: the server watches the workspace itself and sees files come, change and go', async () => {
  // The session announces no didChangeWatchedFiles support, like Neovim 0.7.
  await withBookRepo('watch', undefined, async (s, repo) => {
    const rolePath = join(repo, 'site-modules/role/manifests/mesos/master.pp');
    const role = readFileSync(rolePath, 'utf8').replace(
      'include profile::zookeeper\n',
      'include profile::zookeeper\n  include profile::brand_new\n  include newmod\n',
    );
    const uri = s.open(rolePath, role);
    const unknown = (p: { diagnostics: Array<{ code?: string | number; message: string | { value: string } }> }) =>
      p.diagnostics
        .filter((d) => d.code === 'puppet/unknown-class')
        .map((d) => String(d.message).match(/'([^']+)'/)?.[1])
        .sort();
    assert.deepEqual(unknown(await s.waitForDiagnostics(uri, (p) => p.version === 1, 60_000)), [
      'newmod',
      'profile::brand_new',
    ]);
    assert.ok(
      s.logs.some((l) => /does not watch files for the server: watching \d+ folders/.test(l)),
      s.logs.join('\n'),
    );

    // Written on disk by another program.
    const profile = join(repo, 'site-modules/profile/manifests/brand_new.pp');
    writeFileSync(profile, 'class profile::brand_new {}\n');
    await s.waitForDiagnostics(uri, (p) => unknown(p).join() === 'newmod', 30_000);
    // A whole module moved in: its folders are watched and its files read.
    const staged = mkdtempSync(join(tmpdir(), 'mp-protocol-newmod-'));
    mkdirSync(join(staged, 'manifests'));
    writeFileSync(join(staged, 'manifests/init.pp'), 'class newmod {}\n');
    renameSync(staged, join(repo, 'site-modules/newmod'));
    await s.waitForDiagnostics(uri, (p) => unknown(p).length === 0, 30_000);
    // A file in the new module's folder changes: the class it defines is renamed.
    writeFileSync(join(repo, 'site-modules/newmod/manifests/init.pp'), 'class newmod_renamed {}\n');
    await s.waitForDiagnostics(uri, (p) => unknown(p).join() === 'newmod', 30_000);
    // Deleted again.
    rmSync(profile);
    await s.waitForDiagnostics(uri, (p) => unknown(p).join() === 'newmod,profile::brand_new', 30_000);
  });
});

test('a long completion list travels compactly to a client that takes item defaults, and resolving still describes the item', async () => {
  await withBookRepo('defaults', undefined, async (s, repo) => {
    const path = join(repo, 'site-modules/profile/manifests/extra.pp');
    const text = 'class profile::extra {\n  include \n}\n';
    const uri = s.open(path, text);
    const list = (await s.completion(uri, text.indexOf('include ') + 8)) as {
      isIncomplete: boolean;
      itemDefaults?: any;
      items: any[];
    };
    assert.ok(list.items.length > 20, `${list.items.length} classes`);
    assert.deepEqual(list.itemDefaults.editRange, {
      start: { line: 1, character: 10 },
      end: { line: 1, character: 10 },
    });
    assert.equal(list.itemDefaults.insertTextFormat, 1);
    assert.deepEqual(list.itemDefaults.data, { kind: 'puppet-class', path });
    assert.ok(
      list.items.every(
        (i) =>
          i.textEdit === undefined &&
          i.data === undefined &&
          i.insertTextFormat === undefined &&
          i.textEditText === undefined,
      ),
    );
    // The client merges the defaults into the item it resolves; the class is the label.
    const master = list.items.find((i) => i.label === 'mesos::master')!;
    const resolved = (await s.connection.sendRequest('completionItem/resolve', {
      ...master,
      data: list.itemDefaults.data,
    })) as { documentation?: { value: string } };
    assert.match(resolved.documentation!.value, /class mesos::master/);
    // Hiera keys too: a snippet's text stays with its item (textEditText) when it is not the label.
    const data = join(repo, 'data/extra.yaml');
    const keys = (await s.completion(s.open(data, 'mesos::\n'), 7)) as { itemDefaults?: any; items: any[] };
    const zk = keys.items.find((i) => i.label === 'mesos::zookeeper')!;
    assert.equal(keys.itemDefaults.insertTextFormat, 2);
    assert.match(zk.textEditText, /^mesos::zookeeper: '\$\{1\}'$/);
    const doc = (await s.connection.sendRequest('completionItem/resolve', { ...zk, data: keys.itemDefaults.data })) as {
      documentation?: { value: string };
    };
    assert.match(doc.documentation!.value, /ZooKeeper URL/);
  });
});
