// Hover in manifests: classes (signature, summary, defining file), parameters (type, default, description,
// owner) from the index or the bundled catalog, and lookup() keys (where the data sets them).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../server/src/ide/hover.js';
import { fixtureProject } from '../support/project.js';
import { cursorAt } from '../support/navigation.js';
import { BOOK_REPO } from '../fixtures/navigation/bookRepo.js';

function hoverAt(fixture: string) {
  const { project, cursor, fixture: f } = fixtureProject(fixture);
  const h = hover(project, cursor.path, cursor.offset);
  return h ? { text: f.files[cursor.path].slice(h.range.start, h.range.end), markdown: h.markdown } : undefined;
}

test('a class: signature with parameters, summary and defining file', () => {
  const h = hoverAt(cursorAt(BOOK_REPO, "class { 'mesos::master'", 12));
  assert.equal(h?.text, 'mesos::master');
  assert.equal(
    h?.markdown,
    '```puppet\nclass mesos::master(\n  Hash $options = {},\n  Hash $env_var = {},\n  Boolean $enable = true,\n)\n```\nA Mesos master.\n\nDefined in `modules/mesos/manifests/master.pp` (module `mesos`).\n\n' +
      'Module: deric-mesos 0.5.2, from the copy installed in the repo (modules/mesos, metadata.json version 0.5.2). Its classes are read from the installed copy.',
  );
});

test('an include of a role, and the name of a class definition', () => {
  assert.match(
    hoverAt(cursorAt(BOOK_REPO, 'include profile::zookeeper', 12))!.markdown,
    /^```puppet\nclass profile::zookeeper\n```\nDefined in `site-modules\/profile\/manifests\/zookeeper.pp` \(module `profile`\)\.$/,
  );
  assert.equal(hoverAt(cursorAt(BOOK_REPO, 'class mesos::slave(', 8))?.text, 'mesos::slave');
});

test('a class that is only bundled says so', () => {
  const h = hoverAt(cursorAt(BOOK_REPO, "class { 'zookeeper'", 11));
  assert.match(h!.markdown, /^```puppet\nclass zookeeper\(\n/);
  assert.match(h!.markdown, /bundled catalog; not installed in this repo/);
});

test('a parameter: attribute of a resource-like declaration, declaration, and $param in the body', () => {
  const attr = hoverAt(cursorAt(BOOK_REPO, 'options => {', 2));
  assert.equal(attr?.text, 'options');
  assert.equal(
    attr?.markdown,
    '```puppet\nHash $options = {}\n```\nParameter of class `mesos::master` — `modules/mesos/manifests/master.pp`.\n\nExtra flags for mesos-master.',
  );
  assert.equal(hoverAt(cursorAt(BOOK_REPO, '$enable = true', 3))?.text, 'enable');
  assert.equal(hoverAt(cursorAt(BOOK_REPO, '"${options}"', 5))?.text, 'options');
  assert.equal(hoverAt(cursorAt(BOOK_REPO, '$mesos::master::options', 18))?.text, 'options');
});

test('a lookup key lists the data files that set it', () => {
  const h = hoverAt(
    `${BOOK_REPO}#- /work/site-modules/profile/manifests/x.pp\nclass profile::x { $zk = lookup('mesos::zoo$0keeper') }\n`,
  );
  assert.equal(h?.markdown, 'Hiera key `mesos::zookeeper`. Set in `data/common.yaml`.');
});

test('unknown classes and plain code', () => {
  assert.match(
    hoverAt(`${BOOK_REPO}#- /work/site-modules/profile/manifests/x.pp\ninclude nothere$0\n`)!.markdown,
    /^Unknown class `nothere`/,
  );
  assert.equal(hoverAt(`${BOOK_REPO}#- /work/site-modules/profile/manifests/x.pp\n$x = 1$0\n`), undefined);
});

test('a parameter of a bundled class is explained with its module version', () => {
  const h = hoverAt(
    `${BOOK_REPO}#- /work/site-modules/profile/manifests/x.pp\nclass profile::x { class { 'zookeeper': serv$0ers => [] } }\n`,
  );
  assert.equal(h?.text, 'servers');
  assert.match(h!.markdown, /^```puppet\n.*\$servers/);
  assert.match(h!.markdown, /Parameter of class `zookeeper` — deric-zookeeper v[\d.]+/);
});
