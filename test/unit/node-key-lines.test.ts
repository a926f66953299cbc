// The lines a Hiera key becomes on a node (ide/preview/keyLines.ts): the node evaluated as it is and with the key's
// value varied; the lines that differ are the key's. Shown in the hover on the key (a node's own file: that node;
// a shared file: each node whose value comes from it, nodes with the same lines together) and, per line, in the
// node preview.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureProject } from '../support/project.js';
import { checkHover } from '../support/check.js';
import { NODES_HIERA } from '../fixtures/hieraNodes.js';
import { keyLines, lineOrigins, unmatched, varyValue } from '../../server/src/ide/preview/keyLines.js';

const REPO = `${NODES_HIERA}#- /work/manifests/site.pp
node default {
  lookup('classes', Array[String], 'unique', []).include
}
#- /work/modules/zk/manifests/init.pp
class zk (
  Integer $id = 1,
  Array[String] $servers = [],
  Enum['present', 'absent'] $ensure = 'present',
  Integer $port = 2181,
  Boolean $purge = false,
) {
  package { 'zookeeperd': ensure => $ensure }
  file { '/etc/zookeeper/conf/myid': content => "\${id}\\n" }
  file { '/etc/zookeeper/conf/zoo.cfg': content => template('zk/zoo.cfg.erb') }
  if $purge { file { '/etc/zookeeper/conf/purge': content => '' } }
  service { 'zookeeper': ensure => running, enable => true }
}
#- /work/modules/zk/templates/zoo.cfg.erb
# written by Puppet
clientPort=<%= @port %>
<% @servers.each_with_index do |s, i| -%>
server.<%= i + 1 %>=<%= s %>:2888:3888
<% end -%>
#- /work/data/common.yaml
classes: [zk]
zk::servers: [zk1.example.com, zk2.example.com, zk3.example.com]
zk::ensure: present
#- /work/data/nodes/zk1.example.com.yaml
zk::id: 1
zk::purge: true
#- /work/data/nodes/zk2.example.com.yaml
zk::id: 2
zk::servers: [zk1.example.com, zk2.example.com]
#- /work/data/nodes/zk3.example.com.yaml
zk::id: 3
`;

/** The fixture with the cursor put at `$0` inside the given file's text `before` → `before$0`. */
function at(file: string, line: string, cursorAfter: string): string {
  const header = `#- ${file}\n`;
  const start = REPO.indexOf(header) + header.length;
  const lineAt = REPO.indexOf(line, start);
  assert.ok(lineAt >= 0, `${line} not in ${file}`);
  const offset = lineAt + line.indexOf(cursorAfter) + cursorAfter.length;
  return `${REPO.slice(0, offset)}$0${REPO.slice(offset)}`;
}

test('a value is varied in every scalar, its shape kept', () => {
  assert.deepEqual(varyValue(['a', '2', 3, true, null]), ['a-x', '3', 4, false, null]);
  assert.deepEqual(varyValue(new Map([['quorum', '2']])), new Map([['quorum', '3']]));
});

test('the lines of one text that a longest common subsequence with another leaves out', () => {
  assert.deepEqual(unmatched(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd']), [1]);
  assert.deepEqual(unmatched(['a', 'b'], ['a', 'b']), []);
  assert.deepEqual(unmatched(['a', 'b', 'c'], ['c']), [0, 1]);
  assert.deepEqual(unmatched(['p', 'q'], []), [0, 1]);
});

test('hover on a key in a node’s own file: the lines it becomes on that node', () => {
  checkHover(at('/work/data/nodes/zk2.example.com.yaml', 'zk::id: 2', 'zk::i'), 'node-key-lines-own-file');
});

test('hover on a key in common.yaml: per node whose value comes from it, nodes with the same lines together', () => {
  // zk2 has its own zk::servers: common.yaml's does not reach it, so zk2 is not listed.
  checkHover(at('/work/data/common.yaml', 'zk::servers:', 'zk::ser'), 'node-key-lines-common');
});

test('hover on a boolean that adds a file, and on keys whose lines cannot be told apart', () => {
  checkHover(at('/work/data/nodes/zk1.example.com.yaml', 'zk::purge: true', 'zk::pu'), 'node-key-lines-boolean');
  // Another classes list changes the node's classes; another ensure is no Enum value Puppet takes.
  checkHover(at('/work/data/common.yaml', 'classes: [zk]', 'clas'), 'node-key-lines-classes');
  checkHover(at('/work/data/common.yaml', 'zk::ensure: present', 'zk::ens'), 'node-key-lines-enum');
});

test('the node preview’s line origins: each line with the keys it shows, and where each key was found', () => {
  const { project } = fixtureProject(REPO);
  const o = lineOrigins(project, { root: '/work', node: 'zk1.example.com' });
  assert.deepEqual(
    [...o.lineKeys].map(([path, lines]) => [path, [...lines]]),
    [
      ['/etc/zookeeper/conf/myid', [[0, ['zk::id']]]],
      ['/etc/zookeeper/conf/purge', []],
      [
        '/etc/zookeeper/conf/zoo.cfg',
        [
          [2, ['zk::servers']],
          [3, ['zk::servers']],
          [4, ['zk::servers']],
        ],
      ],
    ].filter(([, lines]) => (lines as unknown[]).length > 0),
  );
  assert.equal(o.sources.get('zk::id'), '/work/data/nodes/zk1.example.com.yaml');
  assert.equal(o.sources.get('zk::servers'), '/work/data/common.yaml');
  assert.deepEqual([...o.unclear.keys()], ['classes', 'zk::ensure']);
  // A key no class of the node reads.
  assert.deepEqual(keyLines(project, { root: '/work', node: 'zk1.example.com' }, 'zk::nothing'), { kind: 'unused' });
});
