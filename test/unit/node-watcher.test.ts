// The server's own folder watcher (for editors that cannot watch files): what it watches and reports, its
// bound on folders, and that closing it stops it. Real folders under the system's temp folder.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchFolders } from '../../server/src/workspace/nodeWatcher.js';

const tmp = mkdtempSync(join(tmpdir(), 'mp-watch-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function tree(name: string): string {
  const root = join(tmp, name);
  for (const d of ['data/nodes', 'site-modules/profile/manifests', '.git/objects', 'node_modules/x'])
    mkdirSync(join(root, d), { recursive: true });
  symlinkSync(root, join(root, 'site-modules/loop'));
  return root;
}

/** Collects reported paths until `done` holds for them, or fails after a while. */
function collect(root: string, options: { maxFolders?: number } = {}) {
  const seen: string[] = [];
  const logs: string[] = [];
  let wake: (() => void) | undefined;
  const w = watchFolders([root], {
    ...options,
    batchMs: 20,
    log: (m) => logs.push(m),
    onChange: (paths) => {
      seen.push(...paths);
      wake?.();
    },
  });
  const until = async (done: (seen: string[]) => boolean, what: string): Promise<void> => {
    const limit = Date.now() + 10_000;
    while (!done(seen)) {
      if (Date.now() > limit) throw new Error(`${what}: saw only ${JSON.stringify(seen)}`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 100);
      });
    }
  };
  return { w, seen, logs, until };
}

test('reports manifests, data and Puppetfiles changed below the folders, not hidden folders, node_modules or editor litter', async () => {
  const root = tree('a');
  const { w, seen, until } = collect(root);
  await w.ready;
  // root, data, data/nodes, site-modules, profile, manifests: not .git, node_modules or the link back to the root.
  assert.equal(w.folders(), 6);
  writeFileSync(join(root, '.git/objects/x.json'), '{}');
  writeFileSync(join(root, 'node_modules/x/y.pp'), '');
  writeFileSync(join(root, 'data/nodes/.master1.yaml.swp'), '');
  writeFileSync(join(root, 'data/nodes/4913'), '');
  writeFileSync(join(root, 'data/nodes/master1.yaml'), 'a: 1\n');
  writeFileSync(join(root, 'site-modules/profile/manifests/x.pp'), 'class profile::x {}\n');
  writeFileSync(join(root, 'Puppetfile'), "mod 'a'\n");
  const want = ['data/nodes/master1.yaml', 'site-modules/profile/manifests/x.pp', 'Puppetfile'].map((p) =>
    join(root, p),
  );
  await until((s) => want.every((p) => s.includes(p)), 'the three files');
  assert.deepEqual([...new Set(seen)].sort(), want.sort());
  w.close();
  writeFileSync(join(root, 'data/nodes/master2.yaml'), 'a: 1\n');
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(!seen.includes(join(root, 'data/nodes/master2.yaml')), 'nothing after close');
});

test('a folder created or moved in is watched and its files reported; a folder removed is reported', async () => {
  const root = tree('b');
  const { w, seen, until } = collect(root);
  await w.ready;
  mkdirSync(join(root, 'site-modules/chronos/manifests'), { recursive: true });
  await until((s) => s.includes(join(root, 'site-modules/chronos')), 'the new folder');
  writeFileSync(join(root, 'site-modules/chronos/manifests/init.pp'), 'class chronos {}\n');
  await until((s) => s.includes(join(root, 'site-modules/chronos/manifests/init.pp')), 'a file in the new folder');
  rmSync(join(root, 'site-modules/chronos'), { recursive: true });
  seen.length = 0;
  await until((s) => s.includes(join(root, 'site-modules/chronos')), 'the folder removed');
  assert.equal(w.folders(), 6);
  w.close();
});

test('at most maxFolders folders are watched, walked a few at a time, and the log says so once', async () => {
  const root = tree('c');
  for (let i = 0; i < 200; i++) mkdirSync(join(root, `data/d${i}`));
  const { w, logs } = collect(root, { maxFolders: 100 });
  assert.equal(w.folders(), 0, 'nothing is walked before the caller gets on with its work');
  await w.ready;
  assert.equal(w.folders(), 100);
  assert.deepEqual(logs, [
    'watching the first 100 folders of the workspace only; changes below the others are seen when their files are opened',
  ]);
  w.close();
});

test('while the first walk is under way: files created in folders not reached yet, and folders removed before they are reached, are reported', async () => {
  const root = tree('d');
  for (let i = 0; i < 300; i++) mkdirSync(join(root, `data/d${i}/x`), { recursive: true });
  const { w, until } = collect(root);
  // Nothing is watched yet: a file created now has no watcher to see it.
  writeFileSync(join(root, 'data/d150/x/new.yaml'), 'a: 1\n');
  await new Promise((r) => setImmediate(r));
  assert.ok(w.folders() > 0 && w.folders() < 600, `the walk is under way (${w.folders()} folders)`);
  for (let i = 0; i < 300; i += 7) rmSync(join(root, `data/d${i}`), { recursive: true });
  await w.ready;
  const gone = Array.from({ length: 43 }, (_, k) => join(root, `data/d${k * 7}`));
  await until(
    (s) => s.includes(join(root, 'data/d150/x/new.yaml')) && gone.every((g) => s.includes(g)),
    'the new file and the removed folders',
  );
  w.close();
});

test('a folder moved over an empty watched one is watched afresh, and its files reported', async () => {
  const root = tree('e');
  mkdirSync(join(root, 'site-modules/chronos'));
  const { w, seen, until } = collect(root);
  await w.ready;
  const staged = join(tmp, 'staged-chronos');
  mkdirSync(join(staged, 'manifests'), { recursive: true });
  writeFileSync(join(staged, 'manifests/init.pp'), 'class chronos {}\n');
  renameSync(staged, join(root, 'site-modules/chronos'));
  await until((s) => s.includes(join(root, 'site-modules/chronos/manifests/init.pp')), 'the moved-in file');
  seen.length = 0;
  writeFileSync(join(root, 'site-modules/chronos/manifests/init.pp'), 'class chronos (Integer $port = 4400) {}\n');
  await until(
    (s) => s.includes(join(root, 'site-modules/chronos/manifests/init.pp')),
    'a later change in the moved-in folder',
  );
  w.close();
});

test('no folders to watch: ready at once', async () => {
  const w = watchFolders([], { onChange: () => undefined, log: () => undefined });
  await w.ready;
  assert.equal(w.folders(), 0);
  w.close();
});

test('files written before the start are not reported as changed; one written after it, before its folder is watched, is', async () => {
  const root = tree('fresh');
  for (let i = 0; i < 300; i++) mkdirSync(join(root, `data/d${i}`), { recursive: true });
  writeFileSync(join(root, 'Puppetfile'), "mod 'deric-mesos', '0.5.2'\n");
  writeFileSync(join(root, 'data/nodes/master1.yaml'), 'a: 1\n');
  // The folders and files above were written just before, as a checkout or a generator does; the server never
  // read them in an older state. (The wait puts them beyond the kernel clock's margin.)
  await new Promise((r) => setTimeout(r, 200));
  const { w, seen, until } = collect(root);
  writeFileSync(join(root, 'data/d299/late.yaml'), 'b: 2\n');
  await w.ready;
  await until((s) => s.includes(join(root, 'data/d299/late.yaml')), 'the file written after the start');
  assert.deepEqual([...new Set(seen)], [join(root, 'data/d299/late.yaml')]);
  w.close();
});
