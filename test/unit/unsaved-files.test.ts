// Files opened in the editor before they exist on disk (a new manifest or node file not saved yet) are part of
// the repo at once: the module index lists them, node discovery finds them, and closing them unsaved takes them
// away again. Clients without file watching (Neovim 0.7) learn of nothing else until a save.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureProject } from '../support/project.js';
import { BOOK_REPO } from '../fixtures/navigation/bookRepo.js';
import { moduleIndex } from '../../server/src/workspace/moduleIndex.js';
import { discoverNodes } from '../../server/src/knowledge/cluster/nodes.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { walkFiles } from '../../server/src/workspace/files.js';

const ROLE = '/work/site-modules/role/manifests/mesos/master.pp';

function unknownClasses(project: ReturnType<typeof fixtureProject>['project']): string[] {
  return fileDiagnostics(project, ROLE)
    .filter((d) => d.code === 'puppet/unknown-class')
    .map((d) => d.message.match(/'([^']+)'/)?.[1] ?? d.message);
}

test('a new profile opened before it is saved is known at once, and unknown again when closed unsaved', () => {
  const { project } = fixtureProject(
    BOOK_REPO.replace(
      '  include profile::mesos::master\n',
      '  include profile::mesos::master\n  include profile::marathon\n',
    ),
  );
  assert.deepEqual(unknownClasses(project), ['profile::marathon']);
  moduleIndex(project, '/work');

  const path = '/work/site-modules/profile/manifests/marathon.pp';
  project.setOpenText(path, 'class profile::marathon (Integer $port = 8080) {\n}\n');
  assert.deepEqual(unknownClasses(project), []);
  assert.equal(moduleIndex(project, '/work').findClass('profile::marathon')?.path, path);

  // Keystrokes in it are followed like in any other file.
  project.setOpenText(path, 'class profile::marathonx (Integer $port = 8080) {\n}\n');
  assert.deepEqual(unknownClasses(project), ['profile::marathon']);
  project.setOpenText(path, 'class profile::marathon (Integer $port = 8080) {\n}\n');
  assert.deepEqual(unknownClasses(project), []);

  project.setOpenText(path, undefined);
  assert.deepEqual(unknownClasses(project), ['profile::marathon']);
  assert.equal(moduleIndex(project, '/work').findClass('profile::marathon'), undefined);
});

test('a new module folder that exists only in the editor: its init.pp is indexed', () => {
  const { project } = fixtureProject(BOOK_REPO);
  moduleIndex(project, '/work');
  project.setOpenText('/work/site-modules/chronos/manifests/init.pp', 'class chronos {}\n');
  const index = moduleIndex(project, '/work');
  assert.ok(index.modules().some((m) => m.name === 'chronos'));
  assert.equal(index.findClass('chronos')?.path, '/work/site-modules/chronos/manifests/init.pp');
  // The view lists the folders leading to it, once, next to what the disk has.
  assert.deepEqual(
    walkFiles(project.view, '/work/site-modules').filter((p) => p.includes('chronos')),
    ['/work/site-modules/chronos/manifests/init.pp'],
  );
  assert.equal(project.view.isDirectory('/work/site-modules/chronos'), true);
  assert.equal(project.disk.isDirectory('/work/site-modules/chronos'), false, 'the disk is untouched');
  project.setOpenText('/work/site-modules/chronos/manifests/init.pp', undefined);
  assert.ok(
    !moduleIndex(project, '/work')
      .modules()
      .some((m) => m.name === 'chronos'),
  );
  assert.equal(project.view.isDirectory('/work/site-modules/chronos'), false);
});

test('a new node file opened before it is saved is a node of the cluster; closed unsaved, it is gone', () => {
  const { project } = fixtureProject(BOOK_REPO);
  assert.deepEqual(
    discoverNodes(project, '/work').map((n) => n.certname),
    ['master1', 'slave1'],
  );
  const path = '/work/data/nodes/master2.yaml';
  project.setOpenText(path, 'classes:\n  - role::mesos::master\n');
  assert.deepEqual(
    discoverNodes(project, '/work').map((n) => n.certname),
    ['master1', 'master2', 'slave1'],
  );
  // It is Hiera data like the others: its classes count as uses of the role.
  assert.ok(moduleIndex(project, '/work').dataFiles().includes(path));
  project.setOpenText(path, undefined);
  assert.deepEqual(
    discoverNodes(project, '/work').map((n) => n.certname),
    ['master1', 'slave1'],
  );
});
