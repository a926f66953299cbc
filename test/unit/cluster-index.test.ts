// The cluster rules see roles through the module index: a node's classes are expanded role → profiles →
// modules, so a master is recognised by what its role declares, not by its name, and only nodes whose role
// really declares ZooKeeper count as ensemble members.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { NODES_HIERA } from '../fixtures/hieraNodes.js';
import { fixtureProject } from '../support/project.js';

const BASE = `${NODES_HIERA}#- /work/data/common.yaml
mesos::zookeeper: 'zk://zk1:2181/mesos'
zookeeper::servers: ['zk1:2888:3888']
#- /work/site-modules/profile/manifests/mesos/master.pp
class profile::mesos::master {
  class { 'mesos::master': }
}
#- /work/site-modules/profile/manifests/zookeeper.pp
class profile::zookeeper {
  include zookeeper
}
#- /work/site-modules/role/manifests/zk.pp
class role::zk {
  include profile::zookeeper
}
#- /work/data/nodes/zk1.yaml
classes: [role::zk]
zookeeper::id: '1'
`;

function codesIn(fixture: string, path: string): string[] {
  const { project } = fixtureProject(fixture);
  return fileDiagnostics(project, path).map((d) => d.code);
}

test('a master whose role does not declare ZooKeeper is not taken for an ensemble member', () => {
  const fixture = `${BASE}#- /work/site-modules/role/manifests/control.pp
class role::control {
  include profile::mesos::master
}
#- /work/data/nodes/c1.yaml
classes: [role::control]
mesos::master::options:
  quorum: '2'
`;
  // Through the index: c1 is a master (role::control → profile::mesos::master → mesos::master) and the only
  // one, so a quorum of 2 is wrong; it runs no ZooKeeper, so it need not be in zookeeper::servers.
  const codes = codesIn(fixture, '/work/data/nodes/c1.yaml');
  assert.ok(codes.includes('mesos/quorum-majority'), codes.join(', '));
  assert.ok(!codes.includes('zookeeper/not-in-ensemble'), codes.join(', '));
});

test('a role that declares ZooKeeper through a profile makes its node an ensemble member', () => {
  const fixture = `${BASE}#- /work/site-modules/role/manifests/control.pp
class role::control {
  include profile::mesos::master
  include profile::zookeeper
}
#- /work/data/nodes/c1.yaml
classes: [role::control]
zookeeper::id: '2'
`;
  // Reported where the ensemble is listed.
  assert.ok(codesIn(fixture, '/work/data/common.yaml').includes('zookeeper/not-in-ensemble'));
  assert.ok(
    !codesIn(
      fixture.replace('  include profile::zookeeper\n}\n#- /work/data/nodes/c1', '}\n#- /work/data/nodes/c1'),
      '/work/data/common.yaml',
    ).includes('zookeeper/not-in-ensemble'),
  );
});
