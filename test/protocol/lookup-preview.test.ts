// The custom requests behind the lookup preview, on the built server over stdio: `mesosPuppet/nodes` lists the
// nodes of the workspace, `mesosPuppet/lookupPreview` answers one key (with sources as URIs and ranges, the
// explanation on request, the editor's unsaved text included) or every key, and says when a node must be named.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { startServer, type TestClient } from '../support/lspClient.js';
import {
  LookupPreviewRequest,
  NodesRequest,
  type LookupPreviewParams,
  type LookupPreviewResult,
  type NodesResult,
} from '../../server/src/protocol.js';

let root: string;
const uri = (rel: string) => pathToFileURL(join(root, rel)).toString();

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: join(__dirname, '../..'), stdio: 'inherit' });
  root = mkdtempSync(join(tmpdir(), 'mp-preview-'));
  mkdirSync(join(root, 'data/nodes'), { recursive: true });
  writeFileSync(
    join(root, 'hiera.yaml'),
    "version: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n  - name: 'Per node'\n    path: 'nodes/%{trusted.certname}.yaml'\n  - name: 'Common'\n    path: 'common.yaml'\n",
  );
  writeFileSync(join(root, 'data/common.yaml'), "mesos::zookeeper: 'zk://a:2181/mesos'\nzookeeper::id: 9\n");
  writeFileSync(join(root, 'data/nodes/master1.yaml'), 'classes:\n  - role::mesos::master\nzookeeper::id: 1\n');
  writeFileSync(join(root, 'data/nodes/slave1.yaml'), 'classes:\n  - role::mesos::slave\n');
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

async function shutdown(c: TestClient): Promise<void> {
  await c.connection.sendRequest('shutdown');
  void c.connection.sendNotification('exit');
  await c.exited;
}

test('mesosPuppet/nodes lists the nodes with their data files and derived facts', async () => {
  const c = startServer();
  await initialized(c);
  const r = (await c.connection.sendRequest(NodesRequest, {})) as NodesResult;
  assert.deepEqual(
    r.nodes.map((n) => [n.certname, n.uri]),
    [
      ['master1', uri('data/nodes/master1.yaml')],
      ['slave1', uri('data/nodes/slave1.yaml')],
    ],
  );
  assert.equal(r.nodes[0].facts.hostname, 'master1');
  assert.equal(r.nodes[0].rootUri, pathToFileURL(root).toString());
  await shutdown(c);
});

test('mesosPuppet/lookupPreview: one key with its sources, the explanation, and unsaved text', async () => {
  const c = startServer();
  await initialized(c);
  const ask = async (p: LookupPreviewParams) =>
    (await c.connection.sendRequest(LookupPreviewRequest, p)) as LookupPreviewResult;
  const r = await ask({ node: 'master1', key: 'zookeeper::id', explain: true });
  assert.equal(r.kind, 'ok');
  if (r.kind !== 'ok') return;
  assert.equal(r.node, 'master1');
  assert.equal(r.factsDerived, true);
  const e = r.entries[0];
  assert.deepEqual(
    [e.key, e.outcome, e.value, e.merge, e.mergeSource],
    ['zookeeper::id', 'found', 1, 'first', 'default'],
  );
  assert.deepEqual(
    e.sources.map((s) => [s.uri, s.entry, s.value]),
    [
      [uri('data/nodes/master1.yaml'), 'Per node', 1],
      [uri('data/common.yaml'), 'Common', 9],
    ],
  );
  assert.deepEqual(e.sources[0].range, { start: { line: 2, character: 0 }, end: { line: 2, character: 13 } });
  assert.match(r.explanation ?? '', /Found key: "zookeeper::id" value: 1/);

  // The editor's unsaved text wins over the disk.
  void c.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: uri('data/nodes/master1.yaml'), languageId: 'yaml', version: 1, text: 'zookeeper::id: 2\n' },
  });
  const edited = await ask({ uri: uri('data/common.yaml'), node: 'master1', key: 'zookeeper::id' });
  assert.equal(edited.kind === 'ok' && edited.entries[0].value, 2);

  const merged = await ask({ node: 'master1', key: 'classes', merge: 'unique', facts: { hostname: 'master1' } });
  assert.ok(merged.kind === 'ok' && merged.factsDerived === false && merged.entries[0].merge === 'unique');
  const missing = await ask({ node: 'slave1', key: 'no::such' });
  assert.ok(
    missing.kind === 'ok' && missing.entries[0].outcome === 'not-found' && missing.entries[0].sources.length === 0,
  );
  await shutdown(c);
});

test('mesosPuppet/lookupPreview without a key lists every key; without a node it says which to choose', async () => {
  const c = startServer();
  await initialized(c);
  const all = (await c.connection.sendRequest(LookupPreviewRequest, { node: 'slave1' })) as LookupPreviewResult;
  assert.ok(all.kind === 'ok');
  if (all.kind === 'ok') {
    assert.deepEqual(
      all.entries.map((e) => [e.key, e.value]),
      [
        ['classes', ['role::mesos::slave']],
        ['mesos::zookeeper', 'zk://a:2181/mesos'],
        ['zookeeper::id', 9],
      ],
    );
  }
  const noNode = (await c.connection.sendRequest(LookupPreviewRequest, {
    key: 'zookeeper::id',
  })) as LookupPreviewResult;
  assert.equal(noNode.kind, 'error');
  if (noNode.kind === 'error') {
    assert.equal(noNode.reason, 'node-required');
    assert.deepEqual(noNode.nodes, ['master1', 'slave1']);
  }
  // A merge no client may send (the typed request refuses it at compile time): sent by method name.
  await assert.rejects(
    c.connection.sendRequest(LookupPreviewRequest.method, { node: 'slave1', key: 'k', merge: 'sideways' }),
  );
  await shutdown(c);
});
