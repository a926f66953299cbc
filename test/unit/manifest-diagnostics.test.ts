// Diagnostics of manifests, one test per code that triggers it and one that does not: puppet/syntax,
// unknown-class, unknown-parameter (with did-you-mean fix), unacceptable-location, role-declares-resources,
// profile-includes-role, hiera-include (with its fix); and the book repo is clean.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { fixtureProject } from '../support/project.js';
import { applyEdits, render } from '../support/navigation.js';
import { BOOK_REPO, SITE } from '../fixtures/navigation/bookRepo.js';

const X = '/work/site-modules/profile/manifests/x.pp';

function check(fixture: string, path = X) {
  const { project, fixture: f } = fixtureProject(fixture);
  const diags = fileDiagnostics(project, path);
  return {
    diags,
    shown: diags.map((d) => `${d.code} ${render(f.files, [{ path, range: d.range }])[0].slice(path.length + 1)} ${d.message}`),
    fixed: (code: string) => {
      const d = diags.find((x) => x.code === code)!;
      return applyEdits(f.files, d.fixes![0].edits)[path];
    },
  };
}

test('every manifest of the book repo is clean', () => {
  const { project, fixture } = fixtureProject(BOOK_REPO);
  for (const path of Object.keys(fixture.files).filter((p) => p.endsWith('.pp'))) assert.deepEqual(fileDiagnostics(project, path), [], path);
});

test('puppet/syntax', () => {
  const { shown } = check(`${SITE}#- ${X}\nclass profile::x {\n  include\n`);
  assert.ok(shown.some((s) => s.startsWith('puppet/syntax')), shown.join('\n'));
  assert.deepEqual(check(`${SITE}#- ${X}\nclass profile::x {}\n`).diags, []);
});

test('puppet/unknown-class: neither indexed nor bundled, with did-you-mean', () => {
  const { shown, fixed } = check(`${BOOK_REPO}#- ${X}\nclass profile::x {\n  include profile::zookeper\n  include nothing::here\n  class { 'mesos::masterr': }\n}\n`);
  assert.deepEqual(shown, [
    "puppet/unknown-class 2:11 \"profile::zookeper\" Unknown class 'profile::zookeper': module 'profile' has no such class. Did you mean 'profile::zookeeper'?",
    "puppet/unknown-class 3:11 \"nothing::here\" Unknown class 'nothing::here': no module 'nothing' is on the modulepath, pinned by the Puppetfile or in the bundled catalogs.",
    "puppet/unknown-class 4:12 \"mesos::masterr\" Unknown class 'mesos::masterr': module 'mesos' has no such class. Did you mean 'mesos::master' or 'mesos'?",
  ]);
  assert.equal(fixed('puppet/unknown-class'), "class profile::x {\n  include profile::zookeeper\n  include nothing::here\n  class { 'mesos::masterr': }\n}\n");
});

test('puppet/unknown-class: not for bundled classes, Puppetfile-pinned modules, own classes or settings', () => {
  const { diags } = check(`${SITE}#- /work/Puppetfile\nmod 'java', :git => 'https://github.com/puppetlabs/puppetlabs-java', :ref => '1.2.0'\n#- ${X}\nclass profile::x {\n  include java\n  include zookeeper\n  include profile::x::inner\n  include settings\n  class inner {}\n}\nclass profile::x::inner {}\n`);
  assert.deepEqual(diags.filter((d) => d.code === 'puppet/unknown-class'), []);
});

test('puppet/unknown-parameter: from the index and from the bundled catalog, with a fix', () => {
  const { shown, fixed } = check(`${BOOK_REPO}#- ${X}\nclass profile::x {\n  class { 'mesos::master': optons => {}, require => Class['mesos'] }\n  class { 'zookeeper': idd => '1' }\n}\n`);
  assert.deepEqual(shown.map((s) => s.replace(/ \(deric-zookeeper v[\d.]+\)/, ' (deric-zookeeper)')), [
    "puppet/unknown-parameter 2:28 \"optons\" Class 'mesos::master' has no parameter 'optons'. Did you mean 'options'?",
    "puppet/unknown-parameter 3:24 \"idd\" Class 'zookeeper' (deric-zookeeper) has no parameter 'idd'. Did you mean 'id'?",
  ]);
  assert.equal(fixed('puppet/unknown-parameter'), "class profile::x {\n  class { 'mesos::master': options => {}, require => Class['mesos'] }\n  class { 'zookeeper': idd => '1' }\n}\n");
});

test('puppet/unacceptable-location: the file path decides the name', () => {
  const wrong = check(`${SITE}#- /work/site-modules/profile/manifests/mesos/agent.pp\nclass profile::mesos::slave {}\n`, '/work/site-modules/profile/manifests/mesos/agent.pp');
  assert.deepEqual(wrong.shown, [
    "puppet/unacceptable-location 1:7 \"profile::mesos::slave\" Unacceptable location: the class 'profile::mesos::slave' is in 'profile/manifests/mesos/agent.pp', where Puppet's autoloader only finds 'profile::mesos::agent'. Rename it to 'profile::mesos::agent' or move it to the file its name gives.",
  ]);
  assert.equal(wrong.fixed('puppet/unacceptable-location'), 'class profile::mesos::agent {}\n');
  assert.deepEqual(check(`${SITE}#- /work/site-modules/profile/manifests/init.pp\nclass profile {}\n`, '/work/site-modules/profile/manifests/init.pp').diags, []);
  assert.deepEqual(check(`${SITE}#- /work/site-modules/profile/types/port.pp\ntype Profile::Port = Integer\n`, '/work/site-modules/profile/types/port.pp').diags, []);
  // The root's manifests/ (site.pp) and nested definitions are not autoloaded by path.
  assert.deepEqual(check(`${SITE}#- /work/manifests/extra.pp\nclass anything {}\n`, '/work/manifests/extra.pp').diags, []);
  assert.equal(check(`${SITE}#- /work/site-modules/profile/manifests/db.pp\nclass profile::db { class helper {} }\n`, '/work/site-modules/profile/manifests/db.pp').diags.length, 0);
});

test('puppet/role-declares-resources and puppet/profile-includes-role', () => {
  const role = check(`${SITE}#- /work/site-modules/role/manifests/db.pp\nclass role::db {\n  include profile::zookeeper\n  package { 'postgresql': ensure => present }\n}\n`, '/work/site-modules/role/manifests/db.pp');
  assert.deepEqual(role.shown, [
    "puppet/role-declares-resources 3:3 \"package\" Role 'role::db' declares a 'package' resource. A role should only include profiles; move the resource into a profile.",
  ]);
  const profile = check(`${SITE}#- /work/site-modules/profile/manifests/db.pp\nclass profile::db {\n  include role::mesos::slave\n  include profile::zookeeper\n}\n`, '/work/site-modules/profile/manifests/db.pp');
  assert.deepEqual(profile.shown, [
    "puppet/profile-includes-role 2:11 \"role::mesos::slave\" Profile 'profile::db' declares the role 'role::mesos::slave'. Roles include profiles, never the other way round; a node gets exactly one role.",
  ]);
});

test('puppet/hiera-include: deprecated, replaced by lookup().include', () => {
  const { shown, fixed } = check(`${SITE}#- /work/manifests/site.pp\nnode default {\n  hiera_include('classes')\n}\n`, '/work/manifests/site.pp');
  assert.deepEqual(shown, [
    "puppet/hiera-include 2:3 \"hiera_include('classes')\" hiera_include is deprecated (Puppet 7 warns, later versions remove it). Use lookup('classes', Array[String], 'unique', []).include.",
  ]);
  assert.equal(fixed('puppet/hiera-include'), "node default {\n  lookup('classes', Array[String], 'unique', []).include\n}\n");
  assert.deepEqual(check(SITE, '/work/manifests/site.pp').diags, []);
});
