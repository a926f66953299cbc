// The pictures, in a real browser: the topology of the book's control repo and a node's lookup preview, drawn
// from what the built server answers over the protocol, rendered by the client's own HTML functions in
// headless Chromium. Screenshots are kept in test-artifacts/ for review.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startServer } from '../support/lspClient.js';
import { repoRoot, requireTools, tools } from './support/tools.js';
import { topologyHtml } from '../../client/src/views/topologyHtml.js';
import { lookupHtml } from '../../client/src/views/lookupHtml.js';
import {
  LookupPreviewRequest,
  TopologyRequest,
  type LookupPreviewResult,
  type TopologyResult,
} from '../../server/src/protocol.js';

const ARTIFACTS = join(repoRoot, 'test-artifacts');
let repo: string;

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  repo = mkdtempSync(join(tmpdir(), 'mp-views-'));
  cpSync(join(repoRoot, 'test/fixtures/workspaces/book'), repo, { recursive: true });
  mkdirSync(ARTIFACTS, { recursive: true });
});

async function ask<T>(method: string, params: object): Promise<T> {
  const c = startServer();
  await c.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(repo).toString(),
    capabilities: {},
    workspaceFolders: [{ uri: pathToFileURL(repo).toString(), name: 'book' }],
  });
  void c.connection.sendNotification('initialized', {});
  const result = await c.connection.sendRequest<T>(method, params);
  await c.connection.sendRequest('shutdown');
  void c.connection.sendNotification('exit');
  assert.equal(await c.exited, 0);
  return result;
}

async function screenshot(
  html: string,
  name: string,
  width = 1100,
): Promise<{
  texts: (sel: string) => Promise<string[]>;
  cutOff: (sel: string) => Promise<string[]>;
  close: () => Promise<void>;
}> {
  requireTools(tools.chromium);
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, html);
  const browser = await chromium.launch({
    executablePath: tools.chromium.path,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(pathToFileURL(file).toString());
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  return {
    texts: (sel) => page.locator(sel).allInnerTexts(),
    /** The texts of the elements matching `sel` that reach past the right edge of the page (cut off). */
    cutOff: (sel) =>
      // Runs in the page (the test's own lib has no DOM types).
      page.locator(sel).evaluateAll((els) => {
        const width = (globalThis as unknown as { document: { documentElement: { clientWidth: number } } }).document
          .documentElement.clientWidth;
        return (
          els as unknown as Array<{
            getBoundingClientRect(): { right: number };
            scrollWidth: number;
            clientWidth: number;
            innerText: string;
          }>
        )
          .filter((e) => e.getBoundingClientRect().right > width + 1 || e.scrollWidth > e.clientWidth + 1)
          .map((e) => e.innerText);
      }),
    close: () => browser.close(),
  };
}

test('the topology of the book cluster: three masters with ids, three agents, the quorum, the problems, all linked', async () => {
  const result = await ask<TopologyResult>(TopologyRequest.method, {});
  assert.equal(result.clusters.length, 1);
  const c = result.clusters[0];
  assert.deepEqual(
    c.nodes.filter((n) => n.master).map((n) => [n.certname, n.zookeeperId]),
    [
      ['master1', '1'],
      ['master2', '2'],
      ['master3', '3'],
    ],
  );
  assert.deepEqual(
    c.nodes.filter((n) => n.agent).map((n) => n.certname),
    ['slave1', 'slave2', 'slave3'],
  );
  assert.deepEqual(c.quorum && { value: c.quorum.value, expected: c.quorum.expected }, { value: '2', expected: 2 });
  assert.equal(c.zookeeperUrl, 'zk://master1:2181,master2:2181,master3:2181/mesos');
  assert.ok(c.problems.some((p) => p.code === 'mesos/checkpoint-no-effect'));
  const view = await screenshot(topologyHtml(result, 'test-nonce'), 'topology');
  try {
    const nodes = await view.texts('.node .name');
    assert.equal(nodes.length, 6);
    assert.equal((await view.texts('.node.link')).length, 6, 'every node card links to its data file');
    assert.match(nodes[1], /master2.*id 2/s);
    const problems = await view.texts('.problems li');
    assert.equal(problems.length, c.problems.length);
    assert.match(problems.join('\n'), /checkpoint has no effect/);
    assert.match((await view.texts('.facts')).join(''), /quorum\s*2\s*— a majority of 3 masters is 2/);
  } finally {
    await view.close();
  }
  console.log(
    `topology screenshot: ${join('test-artifacts', 'topology.png')} (${c.nodes.length} nodes, ${c.problems.length} problems)`,
  );
});

test('the lookup preview of master2 as a table with the files that set each key', async () => {
  const result = await ask<LookupPreviewResult>(LookupPreviewRequest.method, { node: 'master2' });
  assert.equal(result.kind, 'ok');
  const view = await screenshot(lookupHtml(result, 'test-nonce'), 'lookup-preview');
  try {
    assert.ok((await view.texts('.src.link')).length >= 5, 'every source links to its file');
    const keys = await view.texts('td.key');
    assert.ok(keys.includes('zookeeper::id'), keys.join(', '));
    assert.ok(keys.includes('mesos::zookeeper'));
    const rows = await view.texts('tr');
    assert.match(
      rows.find((r) => r.startsWith('zookeeper::id'))!,
      /zookeeper::id\s+2\s+first\s+data\/nodes\/master2\.yaml/,
    );
  } finally {
    await view.close();
  }
});

test('beside the editor (480 px), no column of the lookup preview is cut off; values are YAML; classes merge as hiera_include does', async () => {
  const result = await ask<LookupPreviewResult>(LookupPreviewRequest.method, { node: 'master2' });
  assert.equal(result.kind, 'ok');
  const view = await screenshot(lookupHtml(result, 'test-nonce'), 'lookup-preview-narrow', 480);
  try {
    assert.deepEqual(await view.cutOff('td'), []);
    const rows = await view.texts('tr');
    // site.pp classifies with hiera_include('classes'): the role comes from merging every level, not the first.
    assert.match(
      rows.find((r) => r.startsWith('classes'))!,
      /- role::mesos::master\nunique \(hiera_include in manifests\/site\.pp\)/,
    );
    // The quorum is the string '2', as YAML writes it.
    const options = rows.find((r) => r.startsWith('mesos::master::options'))!;
    assert.match(options, /quorum: "2"/);
  } finally {
    await view.close();
  }
});

test("beside the editor (480 px), the topology's ZooKeeper URL wraps inside its card and problems are grouped by file", async () => {
  const result = await ask<TopologyResult>(TopologyRequest.method, {});
  const view = await screenshot(topologyHtml(result, 'test-nonce'), 'topology-narrow', 480);
  try {
    assert.deepEqual(await view.cutOff('.facts > span'), []);
    const groups = await view.texts('.problems-of');
    assert.ok(
      groups.some((g) => /^data\/nodes\/slave1\.yaml \(\d+\)$/.test(g)),
      groups.join(' | '),
    );
  } finally {
    await view.close();
  }
});
