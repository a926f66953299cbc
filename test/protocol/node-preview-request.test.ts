// `mesosPuppet/nodePreview` on the built server over stdio: a node's files with content and origin (URI and
// range of the declaration), packages and services; the editor's unsaved Hiera text changes the answer (and the
// saved state, asked for, leaves it out; line origins name each line's key); an
// unknown node is an error naming the repo's nodes; a module's fail() comes back as a finding with its place.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { startServer, type TestClient } from '../support/lspClient.js';
import { NodePreviewRequest, type NodePreviewParams, type NodePreviewResult } from '../../server/src/protocol.js';

let root: string;
const uri = (rel: string) => pathToFileURL(join(root, rel)).toString();

function write(files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: join(__dirname, '../..'), stdio: 'inherit' });
  root = mkdtempSync(join(tmpdir(), 'mp-node-preview-'));
  write({
    'hiera.yaml':
      "version: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n  - name: nodes\n    path: 'nodes/%{trusted.certname}.yaml'\n  - name: common\n    path: common.yaml\n",
    'manifests/site.pp': "node default {\n  hiera_include('classes')\n}\n",
    'modules/flags/manifests/init.pp': [
      'class flags (Hash $options = {}) {',
      "  if $facts['os']['family'] == 'Windows' { fail('flags: not on Windows') }",
      '  $options.each |$k, $v| {',
      '    file { "/etc/mesos-master/${k}": content => "${v}\\n" }',
      '  }',
      "  service { 'mesos-master': ensure => running, enable => true }",
      '}',
      '',
    ].join('\n'),
    'data/common.yaml': 'classes: [flags]\n',
    'data/nodes/master1.yaml': 'flags::options:\n  quorum: 2\n',
  });
});

async function initialized(c: TestClient): Promise<void> {
  await c.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).toString(),
    capabilities: {},
    workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'w' }],
  });
  void c.connection.sendNotification('initialized', {});
}

test('mesosPuppet/nodePreview: files with origin, services, unsaved text, unknown nodes and fail()', async () => {
  const c = startServer();
  await initialized(c);
  const ask = async (p: NodePreviewParams) =>
    (await Promise.race([
      c.connection.sendRequest(NodePreviewRequest, p),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within 60 s; server log: ${c.stderr().slice(-2000)}`)), 60_000),
      ),
    ])) as NodePreviewResult;
  const r = await ask({ node: 'master1' });
  assert.equal(r.kind, 'ok');
  if (r.kind !== 'ok') return;
  assert.deepEqual(r.classes, ['flags']);
  assert.equal(r.complete, true);
  assert.deepEqual(r.files, [
    {
      path: '/etc/mesos-master/quorum',
      content: '2\n',
      ensure: null,
      origin: {
        resource: 'File[/etc/mesos-master/quorum]',
        uri: uri('modules/flags/manifests/init.pp'),
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
        via: ['Class[Flags]'],
      },
    },
  ]);
  assert.deepEqual(r.services, [{ name: 'mesos-master', ensure: 'running', enable: true }]);

  // Unsaved text in the editor counts.
  void c.connection.sendNotification('textDocument/didOpen', {
    textDocument: {
      uri: uri('data/nodes/master1.yaml'),
      languageId: 'yaml',
      version: 1,
      text: 'flags::options:\n  quorum: 3\n  cluster: prod\n',
    },
  });
  const edited = await ask({ uri: uri('data/common.yaml'), node: 'master1' });
  assert.ok(edited.kind === 'ok');
  assert.deepEqual(edited.kind === 'ok' && edited.files.map((f) => [f.path, f.content]), [
    ['/etc/mesos-master/cluster', 'prod\n'],
    ['/etc/mesos-master/quorum', '3\n'],
  ]);
  // The last saved state leaves the unsaved text out; line origins name the key each line shows, and where it is.
  const saved = await ask({ uri: uri('data/common.yaml'), node: 'master1', saved: true, lineOrigins: true });
  assert.ok(saved.kind === 'ok');
  assert.deepEqual(saved.kind === 'ok' && saved.files.map((f) => [f.path, f.content, f.lineKeys]), [
    ['/etc/mesos-master/quorum', '2\n', [['flags::options']]],
  ]);
  assert.deepEqual(saved.kind === 'ok' && saved.keySources, [
    { key: 'flags::options', uri: uri('data/nodes/master1.yaml') },
  ]);

  const missing = await ask({ node: 'nope' });
  assert.deepEqual(missing, {
    kind: 'error',
    reason: 'node-not-found',
    message: "The control repo has no node 'nope' (its nodes: master1).",
    nodes: ['master1'],
  });

  const failed = await ask({ node: 'master1', facts: { os: { family: 'Windows' } } });
  assert.ok(failed.kind === 'ok');
  assert.equal(failed.kind === 'ok' && failed.complete, false);
  assert.deepEqual(failed.kind === 'ok' && failed.findings, [
    {
      kind: 'fail',
      message: 'flags: not on Windows',
      uri: uri('modules/flags/manifests/init.pp'),
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
    },
  ]);
  await c.connection.sendRequest('shutdown');
  void c.connection.sendNotification('exit');
  await c.exited;
});
