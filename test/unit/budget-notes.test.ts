// A budget the analysis hits is told where it is hit, never silent (issue 17): an alias bomb in a data file, a
// data file nested too deeply and a glob of too many {a,b} groups in hiera.yaml each carry a note at the place
// (what limit, what is left out, what still works), and every node whose lookups stop because of it says so in
// its own file, once, instead of losing its cluster findings without a word.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { NODES_HIERA } from '../fixtures/hieraNodes.js';
import { fixtureProject } from '../support/project.js';
import { aliasBomb, braceBomb, deepFlow } from '../support/attacks.js';

const NODES = `#- /work/data/nodes/master1.yaml
classes: ['role::mesos::master']
mesos::master::options:
  quorum: '1'
#- /work/data/nodes/master2.yaml
classes: ['role::mesos::master']
`;
const COMMON = `mesos::zookeeper: 'zk://master1:2181/mesos'\nzookeeper::servers: ['master1']\n`;
const RULES =
  'mesos/quorum-majority, mesos/zk-ensemble, mesos/zk-url-differs, mesos/tmp-work-dir, mesos/framework-port-clash, zookeeper/id-position, zookeeper/id-unique, zookeeper/not-in-ensemble';

function shown(path: string, project: ReturnType<typeof fixtureProject>['project']): string[] {
  return fileDiagnostics(project, path).map((d) => `${d.code} [${d.range.start},${d.range.end}] ${d.message}`);
}

test('an alias bomb in common.yaml: a note on the value that expands too far, one on each node file', () => {
  // l0 is nine strings, l1 nine aliases of l0, l2 nine of l1, and so on (9^n leaves): l4 is the first value whose
  // expansion passes the bound on aliases followed.
  const common = `${COMMON}${aliasBomb(5)}`;
  const { project } = fixtureProject(`${NODES_HIERA}#- /work/data/common.yaml\n${common}${NODES}`);
  const at = common.indexOf('l4:');
  assert.deepEqual(shown('/work/data/common.yaml', project), [
    `limits/aliases [${at},${at + 2}] The value of 'l4' expands YAML aliases more than 1000 times (an alias of aliases multiplies); the editor does not expand it. Every lookup that reads this file fails; the other files are still checked. Write the value out, or alias fewer levels deep.`,
    `hiera/rules-stopped [${at},${at + 2}] Puppet cannot look up anything for 2 nodes (master1, master2) while the editor refuses this file, so the cluster rules are not checked for them: ${RULES}. Alias fewer levels deep to check them.`,
  ]);
  assert.deepEqual(shown('/work/data/nodes/master2.yaml', project), [
    `hiera/rules-stopped [0,0] The cluster rules are not checked for node master2, because its lookups fail (Unable to parse (/work/data/common.yaml): Excessive alias count indicates a resource exhaustion attack): ${RULES}. This file's own keys are still checked.`,
  ]);
});

test('a data file nested too deeply: its nodes say their cluster rules stopped', () => {
  const { project } = fixtureProject(`${NODES_HIERA}#- /work/data/common.yaml\n${COMMON}${deepFlow(300)}\n${NODES}`);
  assert.deepEqual(
    fileDiagnostics(project, '/work/data/common.yaml').map((d) => d.code),
    ['limits/nesting', 'hiera/rules-stopped'],
  );
  assert.match(
    fileDiagnostics(project, '/work/data/common.yaml')[1].message,
    /^Puppet cannot look up anything for 2 nodes \(master1, master2\) while the editor refuses this file, so the cluster rules are not checked for them: [^]*\. Nest the data less deeply to check them\.$/,
  );
  assert.deepEqual(shown('/work/data/nodes/master2.yaml', project), [
    `hiera/rules-stopped [0,0] The cluster rules are not checked for node master2, because its lookups fail (Unable to parse (/work/data/common.yaml): The data nests deeper than 256 levels here; the file is not read (Hiera data never needs this depth).): ${RULES}. This file's own keys are still checked.`,
  ]);
});

test('a glob of 26 {a,b} groups in hiera.yaml: a note on the glob, one on each node file', () => {
  const glob = `${braceBomb(26)}.yaml`;
  const hiera = NODES_HIERA.replace('hierarchy:\n', `hierarchy:\n  - name: bomb\n    glob: '${glob}'\n`);
  const { project } = fixtureProject(`${hiera}#- /work/data/common.yaml\n${COMMON}${NODES}`);
  const hieraText = hiera.slice(hiera.indexOf('\n') + 1);
  const at = hieraText.indexOf(`'${glob}'`);
  assert.deepEqual(shown('/work/hiera.yaml', project), [
    `limits/glob [${at},${at + glob.length + 2}] This glob expands to more than 1024 patterns (its {…} groups multiply); the editor does not expand it. Every lookup through this hierarchy fails at this level; the files themselves are still checked. Use fewer {…} groups, or split the level.`,
  ]);
  const node = shown('/work/data/nodes/master1.yaml', project);
  assert.equal(node.length, 1);
  assert.match(
    node[0],
    /^hiera\/rules-stopped \[0,0\] The cluster rules are not checked for node master1, because its lookups fail \(Hiera: the glob '[^']*' expands to more than 1024 patterns; this engine stops there\): mesos\/quorum-majority, [^]*\. This file's own keys are still checked\.$/,
  );
});

test('a YAML error in common.yaml: each node file says its rules stopped, and the broken file names them', () => {
  const { project } = fixtureProject(`${NODES_HIERA}#- /work/data/common.yaml\n${COMMON}broken: [x\n${NODES}`);
  assert.deepEqual(
    fileDiagnostics(project, '/work/data/nodes/master1.yaml').map((d) => d.code),
    ['hiera/rules-stopped'],
  );
});

test('a working repo: no note about stopped rules anywhere', () => {
  const { project } = fixtureProject(`${NODES_HIERA}#- /work/data/common.yaml\n${COMMON}${NODES}`);
  for (const path of ['/work/hiera.yaml', '/work/data/common.yaml', '/work/data/nodes/master2.yaml'])
    assert.deepEqual(
      fileDiagnostics(project, path).filter((d) => d.code.startsWith('limits/') || d.code === 'hiera/rules-stopped'),
      [],
    );
});
