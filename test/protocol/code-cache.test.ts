// The server starts through V8's code cache (server/src/boot.ts): the first start writes this user's cache when
// the server exits, a later start uses it and leaves it as it is, and a damaged cache or a folder that cannot be
// written only costs the compile — the server answers the same in every case.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, startSession } from '../support/lspSession.js';

let repo: string;
let cacheRoot: string;
const saved = process.env.MESOS_PUPPET_CACHE;

before(() => {
  ensureBuilt();
  repo = mkdtempSync(join(tmpdir(), 'mp-code-cache-repo-'));
  cpSync(join(__dirname, '../fixtures/workspaces/book'), repo, { recursive: true });
  cacheRoot = mkdtempSync(join(tmpdir(), 'mp-code-cache-'));
});

after(() => {
  if (saved === undefined) delete process.env.MESOS_PUPPET_CACHE;
  else process.env.MESOS_PUPPET_CACHE = saved;
  rmSync(repo, { recursive: true, force: true });
  rmSync(cacheRoot, { recursive: true, force: true });
});

/** Starts the server with MESOS_PUPPET_CACHE=cache, asks for key completion after `mesos::`, and shuts it down. */
async function labelsWith(cache: string): Promise<string[]> {
  process.env.MESOS_PUPPET_CACHE = cache;
  const s = await startSession({ root: repo, settings: { modulePath: [] } });
  try {
    const uri = s.open(join(repo, 'data/common.yaml'), 'mesos::\n');
    const list = (await s.completion(uri, 7)) as { items: Array<{ label: string }> };
    return list.items.map((i) => i.label).sort();
  } finally {
    assert.equal(await s.shutdown(), 0, 'the server exits cleanly');
  }
}

function cacheFiles(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch {
    return [];
  }
}

test('the first start writes the code cache at exit; the next start uses it and leaves it unchanged', async () => {
  const folder = join(cacheRoot, 'fresh');
  const without = await labelsWith('off');
  assert.ok(without.includes('mesos::zookeeper'), 'completion works without a cache');

  assert.deepEqual(await labelsWith(folder), without);
  const written = cacheFiles(folder);
  assert.equal(written.length, 1, 'one cache file, written when the server exited');
  assert.match(written[0], /^server-[0-9a-f]{24}\.v8cache$/);
  const first = readFileSync(join(folder, written[0]));
  assert.ok(first.length > 100_000, 'the cache holds the compiled bundle');

  assert.deepEqual(await labelsWith(folder), without, 'the same answers from the cached code');
  assert.deepEqual(cacheFiles(folder), written);
  assert.ok(readFileSync(join(folder, written[0])).equals(first), 'an accepted cache is not written again');
});

test('a damaged cache is replaced, and the server answers the same', async () => {
  const folder = join(cacheRoot, 'damaged');
  const expected = await labelsWith(folder);
  const [name] = cacheFiles(folder);
  writeFileSync(join(folder, name), 'not a code cache');
  assert.deepEqual(await labelsWith(folder), expected);
  assert.ok(readFileSync(join(folder, name)).length > 100_000, 'the damaged cache was rewritten from the bundle');
});

test('a cache folder that cannot be made costs only the compile', async () => {
  const blocker = join(cacheRoot, 'a-file');
  writeFileSync(blocker, 'in the way');
  const expected = await labelsWith('off');
  assert.deepEqual(await labelsWith(join(blocker, 'cache')), expected);
  assert.equal(readFileSync(blocker, 'utf8'), 'in the way');
});

test('caches of other builds are cleared but for the three newest', async () => {
  const folder = join(cacheRoot, 'many');
  mkdirSync(folder);
  const old = Array.from({ length: 6 }, (_, i) => `server-${String(i).repeat(24)}.v8cache`);
  old.forEach((name, i) => {
    writeFileSync(join(folder, name), 'an older build');
    const at = new Date(Date.UTC(2026, 0, 1 + i));
    utimesSync(join(folder, name), at, at);
  });
  writeFileSync(join(folder, 'notes.txt'), 'not ours');
  await labelsWith(folder);
  const left = cacheFiles(folder);
  assert.equal(left.length, 5);
  assert.ok(left.includes('notes.txt'), 'only cache files are removed');
  assert.deepEqual(
    left.filter((f) => old.includes(f)),
    old.slice(3).sort(),
    'the three newest of the other builds stay',
  );
});
