// Go to definition from every file kind: class names in manifests and in Hiera `classes` arrays, parameters
// (attributes, $param, $class::param), Hiera keys (`mesos::master::options` → the parameter in the installed
// module; bundled-only → nothing), and lookup()/%{lookup()}/%{alias()}/%{hiera()} keys → the data files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDefinition } from '../../server/src/ide/definition.js';
import { fixtureProject } from '../support/project.js';
import { cursorAt, render } from '../support/navigation.js';
import { BOOK_REPO, SITE } from '../fixtures/navigation/bookRepo.js';

function definitionOf(fixture: string): string[] {
  const { project, cursor, fixture: f } = fixtureProject(fixture);
  return render(f.files, findDefinition(project, cursor.path, cursor.offset));
}

const CASES: Array<[string, string, number, string[], number?]> = [
  [
    'include of a profile',
    'include profile::zookeeper',
    10,
    ['/work/site-modules/profile/manifests/zookeeper.pp:1:7 "profile::zookeeper"'],
  ],
  [
    'resource-like title',
    "class { 'mesos::master'",
    12,
    ['/work/modules/mesos/manifests/master.pp:4:7 "mesos::master"'],
  ],
  [
    'Class reference',
    "Class['profile::mesos::master']",
    9,
    ['/work/site-modules/profile/manifests/mesos/master.pp:1:7 "profile::mesos::master"'],
  ],
  ['inherits', 'inherits mesos', 10, ['/work/modules/mesos/manifests/init.pp:2:7 "mesos"']],
  [
    'attribute of a resource-like declaration',
    'options => {',
    2,
    ['/work/modules/mesos/manifests/master.pp:5:8 "$options"'],
  ],
  ['$param in the class body', '"${options}"', 5, ['/work/modules/mesos/manifests/master.pp:5:8 "$options"']],
  ['$class::param', '$mesos::master::options', 19, ['/work/modules/mesos/manifests/master.pp:5:8 "$options"']],
  [
    'Hiera key of an installed class parameter',
    'mesos::master::options:',
    3,
    ['/work/modules/mesos/manifests/master.pp:5:8 "$options"'],
  ],
  [
    'Hiera classes entry',
    '  - role::mesos::master',
    6,
    ['/work/site-modules/role/manifests/mesos/master.pp:1:7 "role::mesos::master"'],
  ],
  [
    'quoted Hiera classes entry',
    "  - 'role::mesos::slave'",
    8,
    ['/work/site-modules/role/manifests/mesos/slave.pp:1:7 "role::mesos::slave"'],
  ],
  [
    '%{lookup()} in a data value',
    "%{lookup('mesos::zookeeper')}",
    12,
    ['/work/data/common.yaml:1:1 "mesos::zookeeper"'],
  ],
];

for (const [name, needle, after, expected] of CASES) {
  test(`definition: ${name}`, () => assert.deepEqual(definitionOf(cursorAt(BOOK_REPO, needle, after)), expected));
}

test('%{alias()} and %{hiera()} go to every data file that sets the key', () => {
  const fixture = `${SITE}#- /work/data/nodes/master2.yaml\nmesos::zookeeper: 'zk://m2:2181/mesos'\nzk_alias: "%{alias('mesos::zoo$0keeper')}"\nzk_hiera: "%{hiera('zk_url')}"\n`;
  assert.deepEqual(definitionOf(fixture), [
    '/work/data/common.yaml:1:1 "mesos::zookeeper"',
    '/work/data/nodes/master2.yaml:1:1 "mesos::zookeeper"',
  ]);
  assert.deepEqual(definitionOf(fixture.replace('$0', '').replace("hiera('zk", "hiera('z$0k")), [
    '/work/data/common.yaml:2:1 "zk_url"',
  ]);
});

test('lookup() in a manifest goes to the data files', () => {
  assert.deepEqual(
    definitionOf(
      `${BOOK_REPO}#- /work/site-modules/profile/manifests/x.pp\nclass profile::x { $u = lookup('zk_u$0rl') }\n`,
    ),
    ['/work/data/common.yaml:2:1 "zk_url"'],
  );
});

test('a bundled-only class or parameter has no file here: nothing', () => {
  assert.deepEqual(definitionOf(cursorAt(BOOK_REPO, "class { 'zookeeper'", 11)), []);
  assert.deepEqual(definitionOf(`${SITE}#- /work/data/nodes/x.yaml\nzookeeper::i$0d: '1'\n`), []);
});

test('nothing on plain text, values and unknown names', () => {
  assert.deepEqual(definitionOf(cursorAt(BOOK_REPO, "quorum: '2'", 9)), []);
  assert.deepEqual(definitionOf(`${BOOK_REPO}#- /work/site-modules/profile/manifests/x.pp\ninclude nowh$0ere\n`), []);
});

test('a defined type used as a resource type goes to the define', () => {
  const fixture = `${BOOK_REPO}#- /work/modules/mesos/manifests/repo.pp\ndefine mesos::repo($source = 'x') {}\n#- /work/site-modules/profile/manifests/repo.pp\nclass profile::repo {\n  mesos::re$0po { 'a': source => 'b' }\n}\n`;
  assert.deepEqual(definitionOf(fixture), ['/work/modules/mesos/manifests/repo.pp:1:8 "mesos::repo"']);
});
