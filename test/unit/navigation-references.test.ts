// Find references: a class everywhere it is named (manifests and Hiera classes arrays); a class parameter in
// every data file that sets `<class>::<param>`, every resource-like declaration that passes it, its `$param`
// uses and lookups; a plain Hiera key wherever it is set, interpolated or looked up.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findReferences } from '../../server/src/ide/references.js';
import { fixtureProject } from '../support/project.js';
import { cursorAt, render } from '../support/navigation.js';
import { BOOK_REPO } from '../fixtures/navigation/bookRepo.js';

function referencesOf(fixture: string, includeDeclaration = true): string[] {
  const { project, cursor, fixture: f } = fixtureProject(fixture);
  return render(f.files, findReferences(project, cursor.path, cursor.offset, includeDeclaration));
}

test('a class: its definition, includes, Class references and Hiera classes entries', () => {
  assert.deepEqual(referencesOf(cursorAt(BOOK_REPO, 'class role::mesos::master', 8)), [
    '/work/site-modules/role/manifests/mesos/master.pp:1:7 "role::mesos::master"',
    '/work/data/nodes/master1.yaml:2:5 "role::mesos::master"',
  ]);
  assert.deepEqual(referencesOf(cursorAt(BOOK_REPO, "Class['profile::mesos::master']", 8), false), [
    '/work/site-modules/profile/manifests/zookeeper.pp:3:23 "profile::mesos::master"',
    '/work/site-modules/role/manifests/mesos/master.pp:3:11 "profile::mesos::master"',
  ]);
});

const OPTIONS_REFS = [
  '/work/data/nodes/master1.yaml:3:16 "options"',
  '/work/modules/mesos/manifests/master.pp:5:9 "options"',
  '/work/modules/mesos/manifests/master.pp:10:19 "options"',
  '/work/modules/mesos/manifests/master.pp:12:24 "options"',
  '/work/site-modules/profile/manifests/mesos/master.pp:4:5 "options"',
];

test('a class parameter, from its declaration, an attribute, a Hiera key and $param: the same places', () => {
  assert.deepEqual(referencesOf(cursorAt(BOOK_REPO, '$options = {}', 3)), OPTIONS_REFS);
  assert.deepEqual(referencesOf(cursorAt(BOOK_REPO, "options => { 'quorum'", 1)), OPTIONS_REFS);
  assert.deepEqual(referencesOf(cursorAt(BOOK_REPO, 'mesos::master::options:', 17)), OPTIONS_REFS);
  assert.deepEqual(referencesOf(cursorAt(BOOK_REPO, '"${options}"', 4)), OPTIONS_REFS);
  assert.deepEqual(
    referencesOf(cursorAt(BOOK_REPO, '$options = {}', 3), false),
    OPTIONS_REFS.filter((r) => !r.includes(':5:9')),
  );
});

test('a parameter key also counts its interpolations and lookups', () => {
  const fixture = `${BOOK_REPO}#- /work/site-modules/profile/manifests/x.pp\nclass profile::x { $z = lookup('mesos::zookeeper') }\n`;
  assert.deepEqual(referencesOf(cursorAt(fixture, 'mesos::zookeeper:', 9)), [
    '/work/data/common.yaml:1:8 "zookeeper"',
    '/work/data/common.yaml:2:27 "zookeeper"',
    '/work/modules/mesos/manifests/init.pp:4:11 "zookeeper"',
    '/work/site-modules/profile/manifests/x.pp:1:40 "zookeeper"',
  ]);
});

test('a plain Hiera key: where it is set, interpolated and looked up', () => {
  const fixture = `${BOOK_REPO}#- /work/data/nodes/master2.yaml\nzk_url: 'zk://m2:2181/mesos'\nother: '%{alias("zk_url")}'\n#- /work/site-modules/profile/manifests/x.pp\nclass profile::x { $u = lookup('zk_url') }\n`;
  assert.deepEqual(referencesOf(cursorAt(fixture, 'zk_url:', 2)), [
    '/work/data/common.yaml:2:1 "zk_url"',
    '/work/data/nodes/master2.yaml:1:1 "zk_url"',
    '/work/data/nodes/master2.yaml:2:18 "zk_url"',
    '/work/site-modules/profile/manifests/x.pp:1:33 "zk_url"',
  ]);
});
