// The Project as analysis host: which queries an edit makes run again. The cluster rules run once per repo and
// revision, shared by every node file's diagnostics and the topology; a keystroke in a data file does not
// re-read the repo's module sources, resolver, layers or configuration.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { topology } from '../../server/src/ide/topology.js';
import { keySpaceFor } from '../../server/src/knowledge/context.js';
import { resolveModules } from '../../server/src/knowledge/moduleResolver.js';
import { repoLayers } from '../../server/src/knowledge/lookup/repoLayers.js';
import { NODES_HIERA } from '../fixtures/hieraNodes.js';
import { fixtureProject } from '../support/project.js';

const REPO = `${NODES_HIERA}#- /work/Puppetfile
mod 'deric/mesos', '1.1.0'
mod 'deric/zookeeper', '1.2.1'
#- /work/data/common.yaml
mesos::zookeeper: 'zk://zk1:2181/mesos'
zookeeper::servers: ['zk1:2888:3888']
mesos::master::options:
  quorum: '2'
#- /work/site-modules/profile/manifests/mesos/master.pp
class profile::mesos::master {
  class { 'mesos::master': }
}
#- /work/site-modules/role/manifests/control.pp
class role::control {
  include profile::mesos::master
}
#- /work/data/nodes/c1.yaml
classes: [role::control]
#- /work/data/nodes/c2.yaml
classes: [role::control]
#- /work/data/nodes/c3.yaml
classes: [role::control]
`;

const NODE_FILES = ['/work/data/nodes/c1.yaml', '/work/data/nodes/c2.yaml', '/work/data/nodes/c3.yaml'];

function traced(): { project: ReturnType<typeof fixtureProject>['project']; ran: () => string[] } {
  const { project } = fixtureProject(REPO);
  project.queries.trace = [];
  return { project, ran: () => project.queries.trace!.splice(0) };
}

test('the cluster rules run once per repo: every node file and the topology read the same findings', () => {
  const { project, ran } = traced();
  const perFile = NODE_FILES.map((p) => fileDiagnostics(project, p).map((d) => d.code));
  const view = topology(project, '/work');
  const first = ran();
  assert.deepEqual(
    first.filter((q) => q.startsWith('clusterFindings')),
    ['clusterFindings(/work)'],
  );
  // One model of the repo (with its clusters), built once for the rules and the topology alike.
  assert.deepEqual(
    first.filter((q) => q.startsWith('clusterModel')),
    ['clusterModel(/work)'],
  );
  // Three masters with a quorum of 2: right. The findings are still each file's own.
  assert.ok(!perFile[0]!.includes('mesos/quorum-majority'), perFile[0]!.join(', '));
  assert.deepEqual(
    view.problems.filter((p) => p.code === 'mesos/quorum-majority'),
    [],
  );
  // An edit makes the quorum wrong: the rules run once more, and both readers see the finding.
  project.setOpenText('/work/data/nodes/c1.yaml', "classes: [role::control]\nmesos::master::options:\n  quorum: '1'\n");
  const codes = fileDiagnostics(project, '/work/data/nodes/c1.yaml').map((d) => d.code);
  for (const p of NODE_FILES.slice(1)) fileDiagnostics(project, p);
  const after = topology(project, '/work');
  const second = ran();
  assert.deepEqual(
    second.filter((q) => q.startsWith('clusterFindings')),
    ['clusterFindings(/work)'],
  );
  assert.deepEqual(
    second.filter((q) => q.startsWith('clusterModel')),
    ['clusterModel(/work)'],
  );
  assert.ok(codes.includes('mesos/quorum-majority'), codes.join(', '));
  assert.deepEqual(
    after.problems.filter((p) => p.code === 'mesos/quorum-majority').map((p) => p.at.path),
    ['/work/data/nodes/c1.yaml'],
  );
});

test('a keystroke in a data file recomputes only what read that file', () => {
  const { project, ran } = traced();
  // Opening a file may change the listings (it need not be saved yet); keystrokes after that never do.
  project.setOpenText('/work/data/common.yaml', project.readText('/work/data/common.yaml'));
  project.setOpenText('/work/Puppetfile', project.readText('/work/Puppetfile'));
  const before = {
    resolved: resolveModules(project, '/work'),
    layers: repoLayers(project, '/work'),
    space: keySpaceFor(project, '/work/data/common.yaml'),
  };
  for (const p of NODE_FILES) fileDiagnostics(project, p);
  ran();
  project.setOpenText(
    '/work/data/common.yaml',
    "mesos::zookeeper: 'zk://zk1:2181/mesos'\nzookeeper::servers: ['zk1:2888:3888']\n# a note\n",
  );
  const resolved = resolveModules(project, '/work');
  const layers = repoLayers(project, '/work');
  const recomputed = ran();
  assert.equal(resolved, before.resolved, `the resolved modules are the same object; ran: ${recomputed.join(', ')}`);
  assert.equal(layers, before.layers);
  for (const q of [
    'repoModules',
    'resolveModules',
    'repoLayers',
    'repoConfig',
    'moduleVersions',
    'repoRoot',
    'declaredDatadirs',
  ]) {
    assert.ok(!recomputed.some((r) => r.startsWith(`${q}(`)), `${q} ran again: ${recomputed.join(', ')}`);
  }
  // The Puppetfile is what the versions read: editing it re-reads them (and only then is the key space rebuilt).
  project.setOpenText('/work/Puppetfile', "mod 'deric/mesos', '1.1.0'\nmod 'deric/zookeeper', '1.2.1'\n# pinned\n");
  assert.equal(
    keySpaceFor(project, '/work/data/common.yaml'),
    before.space,
    'equal versions: the same space (early cut-off)',
  );
  const afterPuppetfile = ran();
  assert.ok(
    afterPuppetfile.some((r) => r.startsWith('repoModules(')),
    afterPuppetfile.join(', '),
  );
  assert.ok(afterPuppetfile.includes('moduleVersions(/work)'), afterPuppetfile.join(', '));
  assert.ok(!afterPuppetfile.includes('keySpace(/work)'), afterPuppetfile.join(', '));
  project.setOpenText('/work/Puppetfile', "mod 'deric/mesos', '0.9.1'\nmod 'deric/zookeeper', '1.2.1'\n");
  assert.notEqual(keySpaceFor(project, '/work/data/common.yaml'), before.space, 'another version: another space');
});

test('lookups read each data file and hiera.yaml once per change of that file, for every node', () => {
  const { project, ran } = traced();
  project.setOpenText('/work/data/nodes/c1.yaml', project.readText('/work/data/nodes/c1.yaml'));
  for (const p of NODE_FILES) fileDiagnostics(project, p);
  const first = ran();
  // Three nodes read common.yaml; it is read once, as is the hiera.yaml they share.
  assert.deepEqual(
    first.filter((q) => q.startsWith('lookupData(') && q.includes('common.yaml')),
    ['lookupData(yaml:/work/data/common.yaml)'],
  );
  // Once for each way it is read: plainly for its datadirs (node discovery, the repo's layers; that parse used to
  // run outside the query db, once per caller, unseen here), and as the environment layer for lookups.
  assert.deepEqual(
    first.filter((q) => q.startsWith('hieraConfig(')),
    ['hieraConfig(\u0000/work/hiera.yaml)', 'hieraConfig(environment\u0000/work/hiera.yaml)'],
    first.join(', '),
  );
  project.setOpenText('/work/data/nodes/c1.yaml', 'classes: [role::control]\n# a note\n');
  for (const p of NODE_FILES) fileDiagnostics(project, p);
  const after = ran();
  assert.deepEqual(
    after.filter((q) => (q.startsWith('lookupData(') || q.startsWith('hieraConfig(')) && !q.includes('c1.yaml')),
    [],
    `only the edited file may be read again; ran: ${after.join(', ')}`,
  );
});

test('opening and closing a saved file re-reads no folder; a new unsaved file is listed and unlisted', () => {
  const { project, ran } = traced();
  keySpaceFor(project, '/work/data/common.yaml');
  ran();
  const text = project.readText('/work/data/nodes/c2.yaml');
  project.setOpenText('/work/data/nodes/c2.yaml', text);
  keySpaceFor(project, '/work/data/common.yaml');
  project.setOpenText('/work/data/nodes/c2.yaml', undefined);
  keySpaceFor(project, '/work/data/common.yaml');
  const saved = ran();
  assert.ok(!saved.some((q) => q.startsWith('repoModules(')), `the module folders are not read again: ${saved}`);
  // A file the disk does not have is listed while it is open, so the folders' readers run again.
  project.setOpenText('/work/site-modules/profile/manifests/new.pp', 'class profile::new {}\n');
  keySpaceFor(project, '/work/data/common.yaml');
  const unsaved = ran();
  assert.ok(
    unsaved.some((q) => q.startsWith('repoModules(')),
    unsaved.join(', '),
  );
  assert.ok(project.view.readDirectory('/work/site-modules/profile/manifests').some((e) => e.name === 'new.pp'));
  project.setOpenText('/work/site-modules/profile/manifests/new.pp', undefined);
  assert.ok(!project.view.readDirectory('/work/site-modules/profile/manifests').some((e) => e.name === 'new.pp'));
});
