// Completion in manifests: class names after include/contain/require, as resource-like titles and in
// Class['...'] (roles and profiles first, then modules, then bundled classes), and parameters inside a
// resource-like class declaration with type and default (index first, else the bundled catalog).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete, resolveCompletion } from '../../server/src/ide/completion.js';
import { fixtureProject, applyEdit } from '../support/project.js';
import { BOOK_REPO, SITE } from '../fixtures/navigation/bookRepo.js';
import { checkCompletion } from '../support/check.js';

const FILE = '#- /work/site-modules/profile/manifests/x.pp\n';

function items(fixture: string) {
  const { project, cursor, fixture: f } = fixtureProject(fixture);
  const list = complete(project, cursor.path, cursor.offset);
  return {
    list,
    labels: list.map((i) => i.label),
    apply: (label: string) => {
      const item = list.find((i) => i.label === label);
      assert.ok(item, `no item ${label}`);
      return applyEdit(f.files[cursor.path], item.range, item.insertText);
    },
  };
}

const sorted = (list: ReturnType<typeof items>['list']) =>
  [...list].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).map((i) => i.label);

test('class names after include: roles and profiles, then modules, then bundled classes', () => {
  const { list, labels, apply } = items(`${BOOK_REPO}${FILE}class profile::x {\n  include $0\n}\n`);
  const order = sorted(list);
  assert.ok(order.indexOf('profile::mesos::master') < order.indexOf('mesos::master'));
  assert.ok(labels.includes('zookeeper'), 'bundled zookeeper (not installed) is offered');
  assert.ok(order.indexOf('mesos::master') < order.indexOf('zookeeper'));
  assert.equal(apply('profile::zookeeper'), 'class profile::x {\n  include profile::zookeeper\n}\n');
  assert.match(list.find((i) => i.label === 'mesos::master')!.detail!, /modules\/mesos\/manifests\/master\.pp/);
});

test('a class body is not offered its own class to include or declare; other classes and references are', () => {
  const site = (body: string) => `#- /work/environment.conf
modulepath = site-modules:modules
#- /work/site-modules/profile/manifests/base.pp
class profile::base {}
#- /work/site-modules/profile/manifests/zookeeper.pp
${body}`;
  // The repo's classes come first, then the bundled ones (apt is the first of those).
  checkCompletion(site('class profile::zookeeper {\n  include $0\n}\n'), ['profile::base', 'apt'], { limit: 2 });
  checkCompletion(site('class profile::zookeeper {\n  contain $0\n}\n'), ['profile::base', 'apt'], { limit: 2 });
  checkCompletion(site("class profile::zookeeper {\n  class { '$0': }\n}\n"), ['profile::base', 'apt'], {
    limit: 2,
  });
  // A reference to the class itself is fine (ordering against it), and outside its body it is a class like any.
  checkCompletion(
    site("class profile::zookeeper {\n  Class['$0'] -> Class['profile::base']\n}\n"),
    ['profile::base', 'profile::zookeeper', 'apt'],
    { limit: 3 },
  );
  checkCompletion(
    site('class profile::zookeeper {\n}\nclass profile::other {\n  include $0\n}\n'),
    ['profile::base', 'profile::zookeeper', 'apt'],
    { limit: 3 },
  );
});

test('class items are described when the editor shows one (completionItem/resolve), not all at once', () => {
  const { project, cursor } = fixtureProject(`${BOOK_REPO}${FILE}class profile::x {\n  include $0\n}\n`);
  const list = complete(project, cursor.path, cursor.offset);
  assert.ok(list.every((i) => i.documentation === undefined && i.resolve?.kind === 'puppet-class'));
  const master = list.find((i) => i.label === 'mesos::master')!;
  assert.match(resolveCompletion(project, master.resolve!)!, /A Mesos master/);
  const bundled = list.find((i) => i.label === 'zookeeper')!;
  assert.match(resolveCompletion(project, bundled.resolve!)!, /zookeeper/i);
});

test('replaces the whole name being typed, also after contain, require and in lists', () => {
  assert.equal(
    items(`${BOOK_REPO}${FILE}contain profile::mes$0os::x\n`).apply('profile::mesos::slave'),
    'contain profile::mesos::slave\n',
  );
  assert.equal(items(`${BOOK_REPO}${FILE}require('mesos::sl$0')\n`).apply('mesos::slave'), "require('mesos::slave')\n");
  assert.equal(
    items(`${BOOK_REPO}${FILE}include mesos, mesos::ma$0\n`).apply('mesos::master'),
    'include mesos, mesos::master\n',
  );
});

test('resource-like titles and Class references', () => {
  assert.equal(
    items(`${BOOK_REPO}${FILE}class { 'mesos::ma$0': }\n`).apply('mesos::master'),
    "class { 'mesos::master': }\n",
  );
  assert.equal(
    items(`${BOOK_REPO}${FILE}file { '/x': require => Class['prof$0'] }\n`).apply('profile::zookeeper'),
    "file { '/x': require => Class['profile::zookeeper'] }\n",
  );
});

test('only classes after include, not defined types', () => {
  const { labels } = items(
    `${BOOK_REPO}#- /work/modules/mesos/manifests/repo.pp\ndefine mesos::repo() {}\n${FILE}include $0\n`,
  );
  assert.ok(!labels.includes('mesos::repo'));
  assert.ok(labels.includes('mesos::install'));
});

test('parameters of an indexed class, with type and default; already-set ones left out', () => {
  const { list, labels, apply } = items(`${BOOK_REPO}${FILE}class { 'mesos::master':\n  env_var => {},\n  $0\n}\n`);
  assert.deepEqual(
    labels.filter(
      (l) =>
        ![
          'alias',
          'audit',
          'before',
          'loglevel',
          'noop',
          'notify',
          'require',
          'schedule',
          'stage',
          'subscribe',
          'tag',
        ].includes(l),
    ),
    ['options', 'enable'],
  );
  const options = list.find((i) => i.label === 'options')!;
  assert.equal(options.detail, 'Hash = {}');
  assert.equal(options.snippet, 'options => {${1}},');
  assert.match(options.documentation!, /Extra flags for mesos-master/);
  assert.equal(list.find((i) => i.label === 'enable')!.snippet, 'enable => ${1|true,false|},');
  assert.equal(apply('enable'), "class { 'mesos::master':\n  env_var => {},\n  enable => \n}\n");
  assert.ok(list.find((i) => i.label === 'require')!.sortText! > options.sortText!, 'metaparameters last');
});

test('parameters of a bundled class when the module is not installed, while typing a name', () => {
  const { list, apply } = items(`${SITE}${FILE}class { 'zookeeper':\n  id => '1',\n  serv$0\n}\n`);
  const servers = list.find((i) => i.label === 'servers');
  assert.ok(servers, 'zookeeper::servers from the bundled catalog');
  assert.ok(!list.some((i) => i.label === 'id'));
  assert.equal(apply('servers'), "class { 'zookeeper':\n  id => '1',\n  servers => \n}\n");
});

test('nothing in class values, comments, defined-type bodies or outside declarations (built-in types: manifest-builtins)', () => {
  assert.deepEqual(items(`${BOOK_REPO}${FILE}class { 'mesos::master':\n  options => $0\n}\n`).labels, []);
  assert.deepEqual(items(`${BOOK_REPO}${FILE}# include mesos$0\n`).labels, []);
  assert.deepEqual(items(`${BOOK_REPO}${FILE}datacat { '/x':\n  $0\n}\n`).labels, []);
  assert.deepEqual(items(`${BOOK_REPO}${FILE}$x = 1\n$0\n`).labels, []);
  assert.deepEqual(items(`${BOOK_REPO}${FILE}$x = 'include mes$0'\n`).labels, []);
  assert.deepEqual(items(`${BOOK_REPO}${FILE}$x = @(E)\n  include mes$0\n  | E\n`).labels, []);
});

test('a list of more than 300 classes keeps 300, those matching what is typed first', () => {
  const repo = Array.from(
    { length: 450 },
    (_, i) => `#- /work/site-modules/profile/manifests/c${i}.pp\nclass profile::c${i} {}\n`,
  ).join('');
  const all = items(`${repo}${FILE}class profile::x {\n  include $0\n}\n`).labels;
  assert.equal(all.length, 300);
  // The user types on: the editor asks again (every list is incomplete) and gets what matches.
  const typed = items(`${repo}${FILE}class profile::x {\n  include profile::c44$0\n}\n`).labels;
  assert.deepEqual(
    typed.filter((l) => l.startsWith('profile::c44')).sort(),
    ['profile::c44', ...Array.from({ length: 10 }, (_, j) => `profile::c44${j}`)].sort(),
  );
  assert.ok(typed.length <= 300);
  // A subsequence matches too, after the prefixes, as the editors match it.
  const fuzzy = items(`${repo}${FILE}class profile::x {\n  include pc449$0\n}\n`).labels;
  assert.ok(fuzzy.includes('profile::c449'), fuzzy.slice(0, 5).join());
});
