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

function countingProject(text: string): { project: Project; fs: ReturnType<typeof memoryFileSystem>; reads: Map<string, number> } {
  const fs = memoryFileSystem(parseFixture(text).files);
  const reads = new Map<string, number>();
  const counted = { ...fs, readFile: (path: string) => (reads.set(path, (reads.get(path) ?? 0) + 1), fs.readFile(path)) };
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
