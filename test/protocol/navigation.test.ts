// Navigation over stdio against the built server, on the book control repo written to a temporary folder:
// definition (Hiera key → parameter in the installed module), references, prepareRename and rename (one
// WorkspaceEdit over data, module and profile), hierarchical and flat document symbols, workspace symbols and
// folding ranges.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { startServer, type TestClient } from '../support/lspClient.js';
import { parseFixture } from '../support/fixture.js';
import { BOOK_REPO } from '../fixtures/navigation/bookRepo.js';

let root: string;
const files: Record<string, string> = {};
const uri = (rel: string) => pathToFileURL(join(root, rel)).toString();

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: join(__dirname, '../..'), stdio: 'inherit' });
  root = mkdtempSync(join(tmpdir(), 'mp-navigation-'));
  for (const [path, text] of Object.entries(parseFixture(BOOK_REPO).files)) {
    const rel = path.replace(/^\/work\//, '');
    files[rel] = text;
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
});

after(() => rmSync(root, { recursive: true, force: true }));

async function started(capabilities: object): Promise<TestClient> {
  const c = startServer();
  await c.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).toString(),
    capabilities,
    workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'book' }],
  });
  void c.connection.sendNotification('initialized', {});
  for (const rel of ['data/nodes/master1.yaml', 'modules/mesos/manifests/master.pp']) {
    void c.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: uri(rel),
        languageId: rel.endsWith('.pp') ? 'puppet' : 'yaml',
        version: 1,
        text: files[rel],
      },
    });
  }
  return c;
}

async function stopped(c: TestClient): Promise<void> {
  await c.connection.sendRequest('shutdown');
  void c.connection.sendNotification('exit');
  assert.equal(await c.exited, 0);
}

const CAPS = {
  textDocument: {
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    rename: { prepareSupport: true },
    foldingRange: {},
  },
  workspace: { symbol: {} },
};

type Loc = {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
};
const show = (locs: Loc[]) =>
  locs.map(
    (l) =>
      `${l.uri.slice(pathToFileURL(root).toString().length + 1)}:${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}`,
  );

test('capabilities, definition, references, rename, symbols and folding over stdio', async () => {
  const c = startServer();
  const init = (await c.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).toString(),
    capabilities: CAPS,
  })) as { capabilities: Record<string, any> };
  for (const k of [
    'definitionProvider',
    'referencesProvider',
    'documentSymbolProvider',
    'workspaceSymbolProvider',
    'foldingRangeProvider',
  ])
    assert.ok(init.capabilities[k], k);
  assert.deepEqual(init.capabilities.renameProvider, { prepareProvider: true });
  await stopped(c);

  const s = await started(CAPS);
  // Definition: the Hiera key mesos::master::options → $options in the module's manifest.
  const def = (await s.connection.sendRequest('textDocument/definition', {
    textDocument: { uri: uri('data/nodes/master1.yaml') },
    position: { line: 2, character: 17 },
  })) as Loc[];
  assert.deepEqual(show(def), ['modules/mesos/manifests/master.pp:4:7-4:15']);

  // References of the parameter, from its declaration.
  const refs = (await s.connection.sendRequest('textDocument/references', {
    textDocument: { uri: uri('modules/mesos/manifests/master.pp') },
    position: { line: 4, character: 9 },
    context: { includeDeclaration: true },
  })) as Loc[];
  assert.deepEqual(show(refs), [
    'data/nodes/master1.yaml:2:15-2:22',
    'modules/mesos/manifests/master.pp:4:8-4:15',
    'modules/mesos/manifests/master.pp:9:18-9:25',
    'modules/mesos/manifests/master.pp:11:23-11:30',
    'site-modules/profile/manifests/mesos/master.pp:3:4-3:11',
  ]);

  // Rename, prepared on the Hiera key: only the parameter part is renamed, everywhere.
  const prep = (await s.connection.sendRequest('textDocument/prepareRename', {
    textDocument: { uri: uri('data/nodes/master1.yaml') },
    position: { line: 2, character: 3 },
  })) as any;
  assert.deepEqual(prep, {
    range: { start: { line: 2, character: 15 }, end: { line: 2, character: 22 } },
    placeholder: 'options',
  });
  const edit = (await s.connection.sendRequest('textDocument/rename', {
    textDocument: { uri: uri('data/nodes/master1.yaml') },
    position: { line: 2, character: 3 },
    newName: 'flags',
  })) as { changes: Record<string, Array<{ newText: string }>> };
  const counts = Object.fromEntries(
    Object.entries(edit.changes).map(([u, es]) => [u.slice(pathToFileURL(root).toString().length + 1), es.length]),
  );
  assert.deepEqual(counts, {
    'data/nodes/master1.yaml': 1,
    'modules/mesos/manifests/master.pp': 4,
    'site-modules/profile/manifests/mesos/master.pp': 1,
  });
  assert.ok(
    Object.values(edit.changes)
      .flat()
      .every((e) => e.newText === 'flags'),
  );
  await assert.rejects(
    s.connection.sendRequest('textDocument/prepareRename', {
      textDocument: { uri: uri('modules/mesos/manifests/master.pp') },
      position: { line: 3, character: 9 },
    }),
    /Renaming a class/,
  );

  // Document symbols, hierarchical.
  const syms = (await s.connection.sendRequest('textDocument/documentSymbol', {
    textDocument: { uri: uri('data/nodes/master1.yaml') },
  })) as any[];
  assert.deepEqual(
    syms.map((x) => [x.name, x.kind, x.children.map((ch: any) => ch.name)]),
    [
      ['classes', 20, []],
      ['mesos::master::options', 20, ['quorum', 'hostname']],
    ],
  );
  const pp = (await s.connection.sendRequest('textDocument/documentSymbol', {
    textDocument: { uri: uri('modules/mesos/manifests/master.pp') },
  })) as any[];
  assert.equal(pp[0].name, 'mesos::master');
  assert.equal(pp[0].kind, 5);
  assert.deepEqual(pp[0].selectionRange, { start: { line: 3, character: 6 }, end: { line: 3, character: 19 } });

  // Workspace symbols.
  const ws = (await s.connection.sendRequest('workspace/symbol', { query: 'role::mesos' })) as any[];
  // Names that contain the query come first, then fuzzy matches (its characters in order).
  assert.deepEqual(
    ws
      .slice(0, 2)
      .map((x) => x.name)
      .sort(),
    ['role::mesos::master', 'role::mesos::slave'],
  );
  assert.ok(ws.slice(2).every((x) => !x.name.includes('role::mesos')));

  // Folding.
  const folds = (await s.connection.sendRequest('textDocument/foldingRange', {
    textDocument: { uri: uri('modules/mesos/manifests/master.pp') },
  })) as any[];
  assert.deepEqual(
    folds.map((f) => `${f.startLine}-${f.endLine}${f.kind ? ` ${f.kind}` : ''}`),
    ['0-2 comment', '3-6', '7-11', '8-9'],
  );
  await stopped(s);
});

test('flat document symbols for clients without hierarchy', async () => {
  const s = await started({});
  const syms = (await s.connection.sendRequest('textDocument/documentSymbol', {
    textDocument: { uri: uri('modules/mesos/manifests/master.pp') },
  })) as any[];
  assert.deepEqual(
    syms.map((x) => `${x.name}${x.containerName ? ` in ${x.containerName}` : ''}`),
    [
      'mesos::master',
      '$options in mesos::master',
      '$env_var in mesos::master',
      '$enable in mesos::master',
      "file['/etc/mesos-master/options'] in mesos::master",
    ],
  );
  await stopped(s);
});
