// What a keystroke reads from disk: the text of a closed manifest, data file or Puppetfile is read once and kept
// until its file event (or a settings change), so the analyses a keystroke re-runs — the cluster model over every
// node file, the module index — cost no disk reads. Files of other kinds are read each time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Project } from '../../server/src/workspace/project.js';
import { memoryFileSystem } from '../support/memoryFileSystem.js';
import { parseFixture } from '../support/fixture.js';
import { BOOK_REPO } from '../fixtures/navigation/bookRepo.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { repoModules } from '../../server/src/workspace/moduleSources.js';
import { resolveModulePath } from '../../server/src/workspace/moduleIndex.js';
import { vendoredReason } from '../../server/src/workspace/vendored.js';

function countingProject(text: string): {
  project: Project;
  fs: ReturnType<typeof memoryFileSystem>;
  reads: Map<string, number>;
} {
  const fs = memoryFileSystem(parseFixture(text).files);
  const reads = new Map<string, number>();
  const counted = {
    ...fs,
    readFile: (path: string) => (reads.set(path, (reads.get(path) ?? 0) + 1), fs.readFile(path)),
  };
  return { project: new Project(counted, ['/work']), fs, reads };
}

const NODE = '/work/data/nodes/slave1.yaml';

test('a closed data file is read once, and again after its file event', () => {
  const { project, fs, reads } = countingProject(BOOK_REPO);
  const before = project.readText(NODE);
  assert.equal(project.readText(NODE), before);
  assert.equal(reads.get(NODE), 1);
  fs.files.set(NODE, 'mesos::slave::port: 5052\n');
  project.invalidate(NODE);
  assert.equal(project.readText(NODE), 'mesos::slave::port: 5052\n');
  assert.equal(reads.get(NODE), 2);
});

test('a file that was missing is found after its file event, and a deleted folder takes its files along', () => {
  const { project, fs } = countingProject(BOOK_REPO);
  const added = '/work/data/nodes/slave2.yaml';
  assert.equal(project.readText(added), undefined);
  fs.files.set(added, 'classes: [role::mesos::slave]\n');
  project.invalidate(added);
  assert.equal(project.readText(added), 'classes: [role::mesos::slave]\n');
  assert.equal(project.view.exists(added), true);
  assert.equal(project.view.isDirectory(added), false);
  fs.files.delete(added);
  fs.files.delete(NODE);
  project.invalidate('/work/data/nodes');
  assert.equal(project.readText(added), undefined);
  assert.equal(project.readText(NODE), undefined);
});

test('a settings change reads the disk again; files of other kinds are read each time', () => {
  const { project, fs, reads } = countingProject(`${BOOK_REPO}#- /work/Vagrantfile\nVagrant.configure('2') {}\n`);
  project.readText(NODE);
  fs.files.set(NODE, 'mesos::slave::port: 5052\n');
  project.updateSettings({ modulePath: ['/opt/modules'] });
  assert.equal(project.readText(NODE), 'mesos::slave::port: 5052\n');
  project.readText('/work/Vagrantfile');
  project.readText('/work/Vagrantfile');
  assert.equal(reads.get('/work/Vagrantfile'), 2);
});

test('keystrokes in one file read no other file from disk again', () => {
  const { project, reads } = countingProject(BOOK_REPO);
  const master = '/work/data/nodes/master1.yaml';
  const text = project.readText(master)!;
  project.setOpenText(master, text);
  const first = fileDiagnostics(project, master);
  const afterFirst = new Map(reads);
  for (let i = 0; i < 3; i++) {
    project.setOpenText(master, `${text}site::note${i}: 'x'\n`);
    fileDiagnostics(project, master);
  }
  assert.deepEqual(new Map(reads), afterFirst);
  project.setOpenText(master, text);
  assert.deepEqual(fileDiagnostics(project, master), first);
});

test("a keystroke in a manifest keeps the repo's module sources; one in the Puppetfile or a file event does not", () => {
  const { project, fs } = countingProject(`${BOOK_REPO}#- /work/Puppetfile\nmod 'deric-mesos', '0.9.0'\n`);
  const modulePath = resolveModulePath(project, '/work');
  const role = '/work/site-modules/role/manifests/mesos/slave.pp';
  project.setOpenText(role, project.readText(role)!);
  const first = repoModules(project, '/work', modulePath);
  project.setOpenText(role, `${project.readText(role)}# more\n`);
  assert.equal(repoModules(project, '/work', modulePath), first, 'kept across a keystroke');
  assert.equal(vendoredReason(project, role), undefined);
  project.setOpenText('/work/Puppetfile', "mod 'deric-mesos', '0.9.0'\nmod 'puppetlabs-stdlib', '9.4.1'\n");
  const second = repoModules(project, '/work', modulePath);
  assert.notEqual(second, first);
  assert.ok(second.modules.has('stdlib'), 'the new pin is seen');
  fs.files.set('/work/modules/java/metadata.json', '{"name": "puppetlabs-java", "version": "7.0.0"}');
  fs.files.set('/work/modules/java/manifests/init.pp', 'class java {}\n');
  project.invalidate('/work/modules/java');
  assert.equal(
    repoModules(project, '/work', modulePath).modules.get('java')?.[0]?.version,
    '7.0.0',
    'a module folder that came is seen',
  );
});
