// A data file that does not parse stops every lookup that reads it (as Puppet stops), which used to hide every
// cluster rule without a word. The YAML error now comes with a note naming the rules left unchecked and the
// nodes they are unchecked for; a broken file no node reads stops nothing and gets no note.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { NODES_HIERA } from '../fixtures/hieraNodes.js';
import { fixtureProject } from '../support/project.js';

const REPO = `${NODES_HIERA}#- /work/data/common.yaml
mesos::zookeeper: 'zk://master1:2181,master2:2181,master3:2181/mesos'
zookeeper::servers: ['master1', 'master2', 'master3']
#- /work/data/nodes/master1.yaml
classes: ['role::mesos::master']
mesos::master::options:
  quorum: '1'
#- /work/data/nodes/master2.yaml
classes: ['role::mesos::master']
zookeeper::id: 2
#- /work/data/nodes/master3.yaml
classes: ['role::mesos::master']
zookeeper::id: 3
`;

test('a working repo: the quorum rule finds the wrong quorum', () => {
  const { project } = fixtureProject(REPO);
  assert.ok(fileDiagnostics(project, '/work/data/nodes/master1.yaml').some((d) => d.code === 'mesos/quorum-majority'));
});

test('a YAML error in common.yaml: the rule is stopped, and the error says which rules, for which nodes', () => {
  const { project } = fixtureProject(
    REPO.replace(
      "zookeeper::servers: ['master1', 'master2', 'master3']\n",
      "zookeeper::servers: ['master1', 'master2', 'master3']\nbroken: [x\n",
    ),
  );
  assert.deepEqual(
    fileDiagnostics(project, '/work/data/nodes/master1.yaml').filter((d) => d.code === 'mesos/quorum-majority'),
    [],
  );
  const diags = fileDiagnostics(project, '/work/data/common.yaml');
  assert.deepEqual(
    diags.map((d) => d.code),
    ['hiera/yaml-syntax', 'hiera/rules-stopped'],
  );
  assert.equal(diags[1].severity, 'information');
  assert.deepEqual(diags[1].range, diags[0].range);
  assert.equal(
    diags[1].message,
    'Puppet cannot look up anything for 3 nodes (master1, master2, master3) while this file does not parse, so the cluster rules are not checked for them: mesos/quorum-majority, mesos/zk-ensemble, mesos/zk-url-differs, mesos/tmp-work-dir, mesos/framework-port-clash, zookeeper/id-position, zookeeper/id-unique, zookeeper/not-in-ensemble. Fix the YAML error to check them.',
  );
});

test('a broken node file stops only that node', () => {
  const { project } = fixtureProject(REPO.replace('zookeeper::id: 3\n', 'zookeeper::id: [3\n'));
  const note = fileDiagnostics(project, '/work/data/nodes/master3.yaml').find((d) => d.code === 'hiera/rules-stopped');
  assert.match(
    note?.message ?? '',
    /^Puppet cannot look up anything for node \(master3\) while this file does not parse, so the cluster rules are not checked for it: /,
  );
});

test('a broken data file that no hierarchy reads stops nothing and gets no note', () => {
  const { project } = fixtureProject(`${REPO}#- /work/data/unused.yaml\na: [x\n`);
  assert.deepEqual(
    fileDiagnostics(project, '/work/data/unused.yaml').map((d) => d.code),
    ['hiera/yaml-syntax'],
  );
});
