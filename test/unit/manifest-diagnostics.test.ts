// Diagnostics of manifests, one test per code that triggers it and one that does not: puppet/syntax,
// unknown-class, unknown-parameter and unknown-attribute (with did-you-mean fixes), unacceptable-location, role-declares-resources,
// profile-includes-role, hiera-include (with its fix); and the book repo is clean.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { fixtureProject } from '../support/project.js';
import { applyEdits } from '../support/navigation.js';
import { checkDiagnostics } from '../support/check.js';
import { BOOK_REPO, SITE } from '../fixtures/navigation/bookRepo.js';

const X = '/work/site-modules/profile/manifests/x.pp';

function check(fixture: string, path = X) {
  const { project, fixture: f } = fixtureProject(fixture);
  const diags = fileDiagnostics(project, path);
  return {
    diags,
    fixed: (code: string) => {
      const d = diags.find((x) => x.code === code)!;
      return applyEdits(f.files, d.fixes![0].edits)[path];
    },
  };
}

test('every manifest of the book repo is clean', () => {
  const { project, fixture } = fixtureProject(BOOK_REPO);
  for (const path of Object.keys(fixture.files).filter((p) => p.endsWith('.pp')))
    assert.deepEqual(fileDiagnostics(project, path), [], path);
});

test('puppet/syntax', () => {
  const { diags } = check(`${SITE}#- ${X}\nclass profile::x {\n  include\n`);
  assert.ok(
    diags.some((d) => d.code === 'puppet/syntax'),
    JSON.stringify(diags),
  );
  assert.deepEqual(check(`${SITE}#- ${X}\nclass profile::x {}\n`).diags, []);
});

test('puppet/unknown-class: neither indexed nor bundled, with did-you-mean', () => {
  checkDiagnostics(`${BOOK_REPO}#- ${X}
class profile::x {
  include profile::zookeper
#          ^^^^^^^^^^^^^^^^^ warning puppet/unknown-class: Unknown class 'profile::zookeper': module 'profile' has no such class. Did you mean 'profile::zookeeper'?
  include nothing::here
#          ^^^^^^^^^^^^^ warning puppet/unknown-class: Unknown class 'nothing::here': no module 'nothing' is on the modulepath, pinned by the Puppetfile or in the bundled catalogs.
  class { 'mesos::masterr': }
#           ^^^^^^^^^^^^^^ warning puppet/unknown-class: Unknown class 'mesos::masterr': module 'mesos' has no such class. Did you mean 'mesos::master' or 'mesos'?
}
`);
  const { fixed } = check(
    `${BOOK_REPO}#- ${X}\nclass profile::x {\n  include profile::zookeper\n  include nothing::here\n  class { 'mesos::masterr': }\n}\n`,
  );
  assert.equal(
    fixed('puppet/unknown-class'),
    "class profile::x {\n  include profile::zookeeper\n  include nothing::here\n  class { 'mesos::masterr': }\n}\n",
  );
});

test('puppet/unknown-class: a bare name Puppet 3 resolved relative to the enclosing class', () => {
  // Puppet 3 found profile::x::install and profile::helper here; Puppet 4+ looks only for top-level classes.
  const files = `${BOOK_REPO}#- /work/site-modules/profile/manifests/x/install.pp
class profile::x::install {}
#- /work/site-modules/profile/manifests/helper.pp
class profile::helper {}
#- ${X}
`;
  checkDiagnostics(`${files}class profile::x {
  class { 'install': }
#           ^^^^^^^ warning puppet/unknown-class: Unknown class 'install': Puppet 4 and later look only for a top-level class 'install', and there is none. Puppet 3 also tried the name relative to the enclosing class and found 'profile::x::install'. Write 'profile::x::install'.
  include helper
#          ^^^^^^ warning puppet/unknown-class: Unknown class 'helper': Puppet 4 and later look only for a top-level class 'helper', and there is none. Puppet 3 also tried the name relative to the enclosing class and found 'profile::helper'. Write 'profile::helper'.
  include zookeeper
  include nowhere
#          ^^^^^^^ warning puppet/unknown-class: Unknown class 'nowhere': no module 'nowhere' is on the modulepath, pinned by the Puppetfile or in the bundled catalogs.
}
`);
  const { fixed } = check(`${files}class profile::x {\n  class { 'install': }\n}\n`);
  assert.equal(fixed('puppet/unknown-class'), "class profile::x {\n  class { 'profile::x::install': }\n}\n");
});

test('puppet/unknown-class: not for bundled classes, Puppetfile-pinned modules, own classes or settings', () => {
  const { diags } = check(
    `${SITE}#- /work/Puppetfile\nmod 'java', :git => 'https://github.com/puppetlabs/puppetlabs-java', :ref => '1.2.0'\n#- ${X}\nclass profile::x {\n  include java\n  include zookeeper\n  include profile::x::inner\n  include settings\n  class inner {}\n}\nclass profile::x::inner {}\n`,
  );
  assert.deepEqual(
    diags.filter((d) => d.code === 'puppet/unknown-class'),
    [],
  );
});

test('puppet/unknown-parameter: from the index and from the bundled catalog, with a fix', () => {
  // The release named in the second message is whichever the catalog holds as newest; the rest is fixed.
  checkDiagnostics(`${BOOK_REPO}#- ${X}
class profile::x {
  class { 'mesos::master': optons => {}, require => Class['mesos'] }
#                           ^^^^^^ error puppet/unknown-parameter: Class 'mesos::master' has no parameter 'optons'. Did you mean 'options'?
  class { 'zookeeper': idd => '1' }
#                       ^^^ error puppet/unknown-parameter: Class 'zookeeper' (deric-zookeeper v…
}
`);
  const { fixed } = check(
    `${BOOK_REPO}#- ${X}\nclass profile::x {\n  class { 'mesos::master': optons => {}, require => Class['mesos'] }\n  class { 'zookeeper': idd => '1' }\n}\n`,
  );
  assert.equal(
    fixed('puppet/unknown-parameter'),
    "class profile::x {\n  class { 'mesos::master': options => {}, require => Class['mesos'] }\n  class { 'zookeeper': idd => '1' }\n}\n",
  );
});

test("puppet/unknown-attribute: an attribute Puppet's own type lacks, with a fix; splats, metaparameters and core-module types pass", () => {
  checkDiagnostics(`#- ${X}
class profile::x {
  package { 'mesos':
    ensure => installed,
    enable => true,
#    ^^^^^^ error puppet/unknown-attribute: Puppet's 'package' type has no attribute 'enable'. Did you mean 'enable_only'?
  }
  service { 'mesos-master':
    ensur   => running,
#    ^^^^^ error puppet/unknown-attribute: Puppet's 'service' type has no attribute 'ensur'. Did you mean 'ensure'?
    require => Package['mesos'],
    *       => $extra,
  }
  cron { 'x': command => '/bin/true', newer_attribute => 1 }
}
`);
  const { fixed } = check(`#- ${X}\nservice { 'mesos-master':\n  ensur => running,\n}\n`);
  assert.equal(fixed('puppet/unknown-attribute'), "service { 'mesos-master':\n  ensure => running,\n}\n");
  // The file alone says so: it is among what is published before the module index is ready.
  const { project } = fixtureProject(`#- ${X}\nservice { 'mesos-master':\n  ensur => running,\n}\n`);
  assert.deepEqual(
    fileDiagnostics(project, X, { scope: 'file' }).map((d) => d.code),
    ['puppet/unknown-attribute'],
  );
});

test('puppet/unacceptable-location: the file path decides the name', () => {
  checkDiagnostics(`${SITE}#- /work/site-modules/profile/manifests/mesos/agent.pp
class profile::mesos::slave {}
#      ^^^^^^^^^^^^^^^^^^^^^ warning puppet/unacceptable-location: Unacceptable location: the class 'profile::mesos::slave' is in 'profile/manifests/mesos/agent.pp', where Puppet's autoloader only finds 'profile::mesos::agent'. Rename it to 'profile::mesos::agent' or move it to the file its name gives.
`);
  const wrong = check(
    `${SITE}#- /work/site-modules/profile/manifests/mesos/agent.pp\nclass profile::mesos::slave {}\n`,
    '/work/site-modules/profile/manifests/mesos/agent.pp',
  );
  assert.equal(wrong.fixed('puppet/unacceptable-location'), 'class profile::mesos::agent {}\n');
  assert.deepEqual(
    check(
      `${SITE}#- /work/site-modules/profile/manifests/init.pp\nclass profile {}\n`,
      '/work/site-modules/profile/manifests/init.pp',
    ).diags,
    [],
  );
  assert.deepEqual(
    check(
      `${SITE}#- /work/site-modules/profile/types/port.pp\ntype Profile::Port = Integer\n`,
      '/work/site-modules/profile/types/port.pp',
    ).diags,
    [],
  );
  // The root's manifests/ (site.pp) and nested definitions are not autoloaded by path.
  assert.deepEqual(
    check(`${SITE}#- /work/manifests/extra.pp\nclass anything {}\n`, '/work/manifests/extra.pp').diags,
    [],
  );
  assert.equal(
    check(
      `${SITE}#- /work/site-modules/profile/manifests/db.pp\nclass profile::db { class helper {} }\n`,
      '/work/site-modules/profile/manifests/db.pp',
    ).diags.length,
    0,
  );
});

test('puppet/unacceptable-location: a file name Puppet cannot take as a name gets no rename to it', () => {
  // axier/learning: class profile::plugins::scm_api in scm-api.pp. Renaming the class to 'scm-api' is refused.
  checkDiagnostics(`${SITE}#- /work/site-modules/profile/manifests/plugins/scm-api.pp
class profile::plugins::scm_api {}
#      ^^^^^^^^^^^^^^^^^^^^^^^^^ warning puppet/unacceptable-location: Unacceptable location: the class 'profile::plugins::scm_api' is in 'profile/manifests/plugins/scm-api.pp', where Puppet's autoloader only finds 'profile::plugins::scm-api'. Puppet refuses that name: move it to 'profile/manifests/plugins/scm_api.pp', the file its name gives.
`);
  const d = check(
    `${SITE}#- /work/site-modules/profile/manifests/plugins/scm-api.pp\nclass profile::plugins::scm_api {}\n`,
    '/work/site-modules/profile/manifests/plugins/scm-api.pp',
  ).diags;
  assert.deepEqual(
    d.map((x) => x.fixes ?? []),
    [[]],
  );
});

test('puppet/role-declares-resources and puppet/profile-includes-role', () => {
  checkDiagnostics(`${SITE}#- /work/site-modules/role/manifests/db.pp
class role::db {
  include profile::zookeeper
  package { 'postgresql': ensure => present }
#  ^^^^^^^ warning puppet/role-declares-resources: Role 'role::db' declares a 'package' resource. A role should only include profiles; move the resource into a profile.
}
`);
  checkDiagnostics(`${SITE}#- /work/site-modules/profile/manifests/db.pp
class profile::db {
  include role::mesos::slave
#          ^^^^^^^^^^^^^^^^^^ warning puppet/profile-includes-role: Profile 'profile::db' declares the role 'role::mesos::slave'. Roles include profiles, never the other way round; a node gets exactly one role.
  include profile::zookeeper
}
`);
});

test('puppet/hiera-include: deprecated, replaced by lookup().include', () => {
  checkDiagnostics(`${SITE}#- /work/manifests/site.pp
node default {
  hiera_include('classes')
#  ^^^^^^^^^^^^^^^^^^^^^^^^ warning puppet/hiera-include: hiera_include is deprecated (Puppet 7 warns, later versions remove it). Use lookup('classes', Array[String], 'unique', []).include.
}
`);
  const { fixed } = check(
    `${SITE}#- /work/manifests/site.pp\nnode default {\n  hiera_include('classes')\n}\n`,
    '/work/manifests/site.pp',
  );
  assert.equal(
    fixed('puppet/hiera-include'),
    "node default {\n  lookup('classes', Array[String], 'unique', []).include\n}\n",
  );
  assert.deepEqual(check(SITE, '/work/manifests/site.pp').diags, []);
});
