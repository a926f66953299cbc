// The first module index is prepared in steps (warmUpIndex) so the server can answer right after start-up:
// while it is under way, completion and hover answer from what is known without it (the bundled modules' keys,
// the data files); afterwards they know the repo's own classes too, and the index built from the prepared steps
// equals one built at once, without listing the folders or summarising a manifest a second time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Project } from '../../server/src/workspace/project.js';
import { nodeFileSystem } from '../../server/src/workspace/nodeFileSystem.js';
import {
  hasModuleIndex,
  LARGE_MANIFEST_CHARS,
  moduleIndex,
  moduleIndexIfReady,
  warmUpIndex,
} from '../../server/src/workspace/moduleIndex.js';
import { complete } from '../../server/src/ide/completion.js';
import { hover } from '../../server/src/ide/hover.js';
import type { FileSystem } from '../../server/src/workspace/fileSystem.js';
import { memoryFileSystem } from '../support/memoryFileSystem.js';

const ROOT = join(__dirname, '../fixtures/workspaces/book');
const COMMON = `${ROOT}/data/common.yaml`;

function labels(project: Project, text: string): string[] {
  project.setOpenText(COMMON, text);
  return complete(project, COMMON, text.length).map((i) => i.label);
}

test('during the warm-up completion answers from the bundled modules; after it, from the repo too', () => {
  const project = new Project(nodeFileSystem, [ROOT], { modulePath: [] });
  const steps = warmUpIndex(project, ROOT);
  steps.next();
  assert.equal(moduleIndexIfReady(project, ROOT), undefined, 'the index is not ready during the warm-up');
  const during = labels(project, '---\nclasses:\n  - ');
  assert.ok(during.includes('mesos::master') && during.includes('zookeeper'), during.join(' '));
  assert.ok(!during.includes('role::mesos::master'), 'the repo’s own classes are not known yet');
  assert.ok(labels(project, '---\nmesos::').includes('mesos::zookeeper'));
  assert.equal(hasModuleIndex(project, ROOT), false, 'completion did not build the index');
  let n = 1;
  while (!steps.next().done) n++;
  assert.ok(n > 5, `${n} steps`);
  const after = labels(project, '---\nclasses:\n  - ');
  assert.ok(
    after.includes('role::mesos::master') && after.includes('profile::zookeeper'),
    'the repo’s roles and profiles once the index is there',
  );
});

test('the index built after a warm-up equals the one built at once', () => {
  const warmed = new Project(nodeFileSystem, [ROOT], { modulePath: [] });
  for (const _ of warmUpIndex(warmed, ROOT));
  const cold = new Project(nodeFileSystem, [ROOT], { modulePath: [] });
  const shape = (p: Project) =>
    moduleIndex(p, ROOT)
      .classes()
      .map((c) => [c.name, c.path, c.definition.parameters.map((x) => x.name)]);
  assert.deepEqual(shape(warmed), shape(cold));
  assert.deepEqual([...moduleIndex(warmed, ROOT).dataFiles()].sort(), [...moduleIndex(cold, ROOT).dataFiles()].sort());
});

test('a request that needs the whole index builds it at once and ends the warm-up', () => {
  const project = new Project(nodeFileSystem, [ROOT], { modulePath: [] });
  const steps = warmUpIndex(project, ROOT);
  steps.next();
  steps.next();
  assert.ok(moduleIndex(project, ROOT).findClass('role::mesos::master'));
  assert.ok(moduleIndexIfReady(project, ROOT));
  assert.equal(steps.next().done, true, 'the warm-up stops once the index exists');
});

test('the listing is prepared one module per step, so no step walks the whole modulepath', () => {
  const files: Record<string, string> = { '/work/hiera.yaml': 'version: 5\n', '/work/data/common.yaml': 'a: 1\n' };
  for (let m = 0; m < 40; m++) files[`/work/modules/m${m}/manifests/init.pp`] = `class m${m} {}\n`;
  const project = new Project(memoryFileSystem(files), ['/work'], { modulePath: [] });
  let steps = 0;
  for (const _ of warmUpIndex(project, '/work')) steps++;
  // 40 module steps and 40 manifest steps, besides the few of the root and the data file.
  assert.ok(steps >= 80, `${steps} steps`);
  assert.equal(moduleIndex(project, '/work').classes().length, 40);
});

test('during the warm-up hover on a key answers from the bundled modules, without building the index', () => {
  const project = new Project(nodeFileSystem, [ROOT], { modulePath: [] });
  const steps = warmUpIndex(project, ROOT);
  steps.next();
  const node = `${ROOT}/data/nodes/master1.yaml`;
  const text = project.readText(node)!;
  const at = text.indexOf('mesos::zookeeper') + 2;
  const during = hover(project, node, at)?.markdown ?? '';
  assert.equal(hasModuleIndex(project, ROOT), false, 'hover did not build the index');
  assert.match(during, /^```puppet\nString \$zookeeper = ''\n```\nParameter of class `mesos` — deric-mesos v0\.5\.2/);
  assert.match(during, /1\. `data\/nodes\/master1\.yaml` \(Per node\) — `'zk:\/\/master1:2181/);
  // In a file several nodes read (common.yaml), where the key is set comes from the data file list alone.
  project.setOpenText(COMMON, '---\nmesos::zookeeper: zk://zk1:2181/mesos\n');
  const shared = hover(project, COMMON, 'x---\nmesos::z'.length)?.markdown ?? '';
  assert.match(shared, /\*\*Set in\*\*, by hierarchy level:\n- `data\/nodes\/master1\.yaml` \(Per node\)/);
  assert.match(shared, /\n- `data\/common\.yaml` \(Common\) — `'zk:\/\/zk1:2181\/mesos'` ← this file\n/);
  assert.equal(hasModuleIndex(project, ROOT), false, 'nor did the hover on common.yaml');
  project.setOpenText(COMMON, undefined);
  while (!steps.next().done);
  assert.equal(hover(project, node, at)?.markdown, during, 'the same hover once the index is there');
});

test('during the warm-up a key no bundled module has is not called unknown: it may be a profile’s', () => {
  const project = new Project(nodeFileSystem, [ROOT], { modulePath: [] });
  const steps = warmUpIndex(project, ROOT);
  steps.next();
  project.setOpenText(COMMON, '---\nprofile::zookeeper::nope: 1\n');
  const during = hover(project, COMMON, 'x---\nprofile'.length)?.markdown ?? '';
  assert.doesNotMatch(during, /nope/, during);
  while (!steps.next().done);
  const after = hover(project, COMMON, 'x---\nprofile'.length)?.markdown ?? '';
  assert.match(after, /nope/, 'once the repo’s classes are known the hover says what is wrong');
});

test('the warm-up lists the folders once and summarises each manifest once, its last step building the index', () => {
  const files: Record<string, string> = { '/work/hiera.yaml': 'version: 5\n', '/work/data/common.yaml': 'a: 1\n' };
  for (let m = 0; m < 20; m++) files[`/work/modules/m${m}/manifests/init.pp`] = `class m${m} {}\n`;
  const counted = (): { fs: FileSystem; listings: () => number } => {
    const fs = memoryFileSystem(files);
    let n = 0;
    return {
      fs: {
        ...fs,
        readDirectory: (p) => {
          n++;
          return fs.readDirectory(p);
        },
      },
      listings: () => n,
    };
  };
  const cold = counted();
  moduleIndex(new Project(cold.fs, ['/work'], { modulePath: [] }), '/work');
  const warm = counted();
  const project = new Project(warm.fs, ['/work'], { modulePath: [] });
  project.queries.trace = [];
  for (const _ of warmUpIndex(project, '/work'));
  assert.equal(hasModuleIndex(project, '/work'), true, 'the warm-up’s last step built the index');
  assert.equal(warm.listings(), cold.listings(), 'as many folder reads as one build at once');
  const summaries = project.queries.trace.filter((l) => l.startsWith('manifestFacts('));
  assert.equal(summaries.length, 20, summaries.join('\n'));
  assert.equal(moduleIndex(project, '/work').classes().length, 20);
  assert.equal(
    project.queries.trace.filter((l) => l.startsWith('manifestFacts(')).length,
    20,
    'asking for the index afterwards summarises nothing again',
  );
});

test('a module that comes during the warm-up is listed again in steps, not by the step that builds the index', () => {
  const files: Record<string, string> = { '/work/hiera.yaml': 'version: 5\n', '/work/data/common.yaml': 'a: 1\n' };
  for (let m = 0; m < 20; m++) files[`/work/modules/m${m}/manifests/init.pp`] = `class m${m} {}\n`;
  const disk = memoryFileSystem(files);
  let reads = 0;
  const fs: FileSystem = {
    ...disk,
    readDirectory: (p) => {
      reads++;
      return disk.readDirectory(p);
    },
  };
  const project = new Project(fs, ['/work'], { modulePath: [] });
  const steps = warmUpIndex(project, '/work');
  // Past the listing: the manifests are being summarised.
  for (let n = 0; n < 30; n++) steps.next();
  disk.files.set('/work/modules/late/manifests/init.pp', 'class late {}\n');
  project.invalidate('/work/modules/late/manifests/init.pp');
  project.invalidate('/work/modules/late');
  for (;;) {
    reads = 0;
    if (steps.next().done) break;
  }
  assert.equal(reads, 0, 'the step that builds the index reads no folder');
  assert.equal(hasModuleIndex(project, '/work'), true);
  assert.ok(moduleIndex(project, '/work').findClass('late'), 'the module that came is indexed');
  assert.equal(moduleIndex(project, '/work').classes().length, 21);
});

test('the warm-up says so before the step that summarises a very large manifest, and only then', () => {
  const files: Record<string, string> = { '/work/hiera.yaml': 'version: 5\n', '/work/data/common.yaml': 'a: 1\n' };
  for (const m of ['a', 'b', 'c']) files[`/work/modules/${m}/manifests/init.pp`] = `class ${m} {}\n`;
  // 'big' is over LARGE_MANIFEST_CHARS: one class with many resources, as a generated controller manifest is.
  const body = Array.from({ length: 3000 }, (_, i) => `  file { '/etc/big/${i}': ensure => file }\n`).join('');
  files['/work/modules/big/manifests/init.pp'] = `class big {\n${body}}\n`;
  assert.ok(files['/work/modules/big/manifests/init.pp'].length > LARGE_MANIFEST_CHARS);
  const project = new Project(memoryFileSystem(files), ['/work'], { modulePath: [] });
  project.queries.trace = [];
  const events: string[] = [];
  for (const hint of warmUpIndex(project, '/work')) {
    for (const line of project.queries.trace.splice(0))
      if (line.startsWith('manifestFacts(')) events.push(`summarised ${line.match(/modules\/(\w+)\//)?.[1]}`);
    if (hint) events.push(hint);
  }
  assert.deepEqual(events, ['summarised a', 'summarised b', 'large', 'summarised big', 'summarised c']);
  assert.deepEqual(
    moduleIndex(project, '/work')
      .classes()
      .map((c) => c.name)
      .sort(),
    ['a', 'b', 'big', 'c'],
  );
});
