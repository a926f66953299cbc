// Rename of a class parameter or a Hiera key: the declaration, `$param` uses, every data file key, every
// resource-like declaration's attribute, interpolations and lookups follow, as one set of edits. The tests
// assert the files as the user sees them after the edit.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareRename, rename } from '../../server/src/ide/rename.js';
import { fixtureProject } from '../support/project.js';
import { applyEdits, cursorAt } from '../support/navigation.js';
import { BOOK_REPO } from '../fixtures/navigation/bookRepo.js';

function renamed(fixture: string, newName: string): Record<string, string> | string {
  const { project, cursor, fixture: f } = fixtureProject(fixture);
  const r = rename(project, cursor.path, cursor.offset, newName);
  if (!r) return 'nothing to rename';
  if ('error' in r) return r.error;
  return applyEdits(f.files, r.edits);
}

function prepared(fixture: string) {
  const { project, cursor, fixture: f } = fixtureProject(fixture);
  const r = prepareRename(project, cursor.path, cursor.offset);
  if (!r || 'error' in r) return r;
  return { text: f.files[cursor.path].slice(r.range.start, r.range.end), placeholder: r.placeholder };
}

const AFTER_OPTIONS_RENAME = {
  '/work/data/nodes/master1.yaml':
    "classes:\n  - role::mesos::master\nmesos::master::flags:\n  quorum: '2'\n  hostname: master1\n",
  '/work/modules/mesos/manifests/master.pp':
    '# A Mesos master.\n#\n# @param flags Extra flags for mesos-master.\nclass mesos::master(\n  Hash $flags = {},\n  Hash $env_var = {},\n  Boolean $enable = true,\n) inherits mesos {\n  file { \'/etc/mesos-master/options\':\n    content => "${flags}",\n  }\n  $x = $mesos::master::flags\n}\n',
  '/work/site-modules/profile/manifests/mesos/master.pp':
    "class profile::mesos::master {\n  class { 'mesos': repo => 'mesosphere' }\n  class { 'mesos::master':\n    flags => { 'quorum' => '2' },\n  }\n}\n",
};

test('renaming a parameter from its declaration, a data key or an attribute gives the same edit', () => {
  assert.deepEqual(renamed(cursorAt(BOOK_REPO, '$options = {}', 3), 'flags'), AFTER_OPTIONS_RENAME);
  assert.deepEqual(renamed(cursorAt(BOOK_REPO, 'mesos::master::options:', 18), 'flags'), AFTER_OPTIONS_RENAME);
  assert.deepEqual(renamed(cursorAt(BOOK_REPO, "options => { 'quorum'", 3), 'flags'), AFTER_OPTIONS_RENAME);
});

test('prepareRename selects the parameter part of a key, and refuses classes and bundled parameters', () => {
  assert.deepEqual(prepared(cursorAt(BOOK_REPO, 'mesos::master::options:', 2)), {
    text: 'options',
    placeholder: 'options',
  });
  assert.deepEqual(prepared(cursorAt(BOOK_REPO, '$options = {}', 3)), { text: 'options', placeholder: 'options' });
  assert.match(
    (prepared(cursorAt(BOOK_REPO, 'include profile::zookeeper', 10)) as { error: string }).error,
    /Renaming a class/,
  );
  const bundled = `${BOOK_REPO}#- /work/data/nodes/zk.yaml\nzookeeper::i$0d: '1'\n`;
  assert.match((prepared(bundled) as { error: string }).error, /zookeeper::id|parameter of zookeeper/);
  assert.equal(prepared(cursorAt(BOOK_REPO, "quorum: '2'", 9)), undefined);
});

test('renaming a plain Hiera key renames it in every data file, interpolation and lookup', () => {
  const fixture = `${BOOK_REPO}#- /work/data/nodes/master2.yaml\n'zk_url': 'zk://m2:2181/mesos'\nother: '%{alias("zk_url")}'\n#- /work/site-modules/profile/manifests/x.pp\nclass profile::x { $u = lookup('zk_url') }\n`;
  assert.deepEqual(prepared(cursorAt(fixture, 'zk_url:', 3)), { text: 'zk_url', placeholder: 'zk_url' });
  assert.deepEqual(renamed(cursorAt(fixture, 'zk_url:', 3), 'zookeeper_url'), {
    '/work/data/common.yaml':
      "mesos::zookeeper: 'zk://master1:2181/mesos'\nzookeeper_url: \"%{lookup('mesos::zookeeper')}\"\n",
    '/work/data/nodes/master2.yaml': "'zookeeper_url': 'zk://m2:2181/mesos'\nother: '%{alias(\"zookeeper_url\")}'\n",
    '/work/site-modules/profile/manifests/x.pp': "class profile::x { $u = lookup('zookeeper_url') }\n",
  });
});

test('invalid new names are refused', () => {
  assert.match(renamed(cursorAt(BOOK_REPO, '$options = {}', 3), 'Not Valid') as string, /not a valid parameter name/);
  assert.match(renamed(cursorAt(BOOK_REPO, 'zk_url:', 3), 'a b') as string, /not a valid Hiera key/);
});
