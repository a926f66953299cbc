// Diagnostics of Hiera data files: YAML problems, duplicate keys and unknown keys with did-you-mean.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { fixtureProject, applyEdit } from '../support/project.js';
import { checkDiagnostics } from '../support/check.js';

const PINS = `#- /work/Puppetfile
mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'
mod 'zookeeper', :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v0.3.5'
`;

function check(data: string, withPins = true) {
  const { project } = fixtureProject(`${withPins ? PINS : ''}#- /work/data/common.yaml\n${data}`);
  const path = '/work/data/common.yaml';
  const text = project.readText(path)!;
  return fileDiagnostics(project, path).map((d) => ({ ...d, text: text.slice(d.range.start, d.range.end) }));
}

test('a misspelt parameter of a known class is an unknown key with a did-you-mean fix', () => {
  const [d, ...rest] = check("mesos::zookeepr: 'zk://a:2181/mesos'\n");
  assert.equal(rest.length, 0);
  assert.equal(d.code, 'hiera/unknown-key');
  assert.equal(d.severity, 'warning');
  assert.equal(d.text, 'mesos::zookeepr');
  assert.match(d.message, /Did you mean 'mesos::zookeeper'\?/);
  const fix = d.fixes![0];
  assert.equal(fix.title, "Change to 'mesos::zookeeper'");
  const text = "mesos::zookeepr: 'zk://a:2181/mesos'\n";
  assert.equal(applyEdit(text, fix.edits[0].range, fix.edits[0].newText), "mesos::zookeeper: 'zk://a:2181/mesos'\n");
});

/** The text after applying every edit of a fix (edits never overlap; applied from the end). */
function applyFix(
  text: string,
  fix: { edits: ReadonlyArray<{ range: { start: number; end: number }; newText: string }> },
): string {
  return [...fix.edits]
    .sort((a, b) => b.range.start - a.range.start)
    .reduce((t, e) => applyEdit(t, e.range, e.newText), text);
}

test('mesos::master::quorom points at the quorum flag inside options, and the fix moves it there', () => {
  const alone = "mesos::master::quorom: '2'\n";
  const [d] = check(alone);
  assert.equal(d.code, 'hiera/unknown-key');
  assert.match(d.message, /Did you mean the Mesos flag 'quorum'\?.*mesos::master::options/);
  assert.equal(d.fixes?.[0].title, "Move into mesos::master::options as 'quorum'");
  const fixed = applyFix(alone, d.fixes![0]);
  assert.equal(fixed, "mesos::master::options:\n  quorum: '2'\n");
  assert.deepEqual(check(fixed), [], 'the finding goes away and no other appears');

  const block = "mesos::master::options:\n    hostname: m1\nmesos::master::quorom: '2'\n";
  assert.equal(
    applyFix(block, check(block)[0].fixes![0]),
    "mesos::master::options:\n    quorum: '2'\n    hostname: m1\n",
  );
  const flow = "mesos::master::options: {}\nmesos::master::quorom: '2'\n";
  assert.equal(applyFix(flow, check(flow)[0].fixes![0]), "mesos::master::options: {quorum: '2'}\n");
  const flowSet = "mesos::master::options: {hostname: m1}\nmesos::master::quorum: '2'\n";
  assert.equal(applyFix(flowSet, check(flowSet)[0].fixes![0]), "mesos::master::options: {hostname: m1, quorum: '2'}\n");
  const already = "mesos::master::options:\n  quorum: '2'\nmesos::master::quorum: '2'\n";
  const [dup] = check(already);
  assert.equal(dup.fixes?.[0].title, "Remove mesos::master::quorum (mesos::master::options already sets 'quorum')");
  assert.equal(applyFix(already, dup.fixes![0]), "mesos::master::options:\n  quorum: '2'\n");
});

test('a real parameter beats a flag, and no fix proposes a flag the options hash must not set', () => {
  // mesos::master::work_dir is a parameter (v1.1.0); the work_dir flag inside options is mesos/options-reserved.
  const [d] = check("mesos::master::work_dri: '/var/lib/mesos'\n", false);
  assert.match(d.message, /Did you mean 'mesos::master::work_dir'\?/);
  assert.doesNotMatch(d.message, /options/);
  assert.equal(d.fixes?.[0].title, "Change to 'mesos::master::work_dir'");
});

test('a key that exists only in another version says which, and what the Puppetfile pins', () => {
  const [d] = check('mesos::zk_path: mesos\n');
  assert.match(d.message, /exists in mesos v0\.8\.0 to v1\.1\.0; the Puppetfile pins v0\.5\.2/);
  assert.deepEqual(check('mesos::zk_path: mesos\n', false), [], 'the newest version has it');
});

test('an unknown class of a known module is reported; site keys and unknown modules are not', () => {
  const [d] = check('mesos::mastr::options: {}\n');
  assert.match(d.message, /has no class 'mesos::mastr'/);
  assert.match(d.message, /mesos::master::options/);
  assert.deepEqual(check('cluster::masters: [a, b, c]\nclasses: [role::mesos::master]\nprofile::x::y: 1\n'), []);
});

test('the scenario data has no unknown keys', () => {
  assert.deepEqual(
    check(`classes:
  - role::mesos::master
mesos::master::options:
  quorum: '2'
mesos::zookeeper: 'zk://master1:2181,master2:2181,master3:2181/mesos'
zookeeper::id: 1
zookeeper::servers: ['master1:2888:3888', 'master2:2888:3888', 'master3:2888:3888']
mesos::slave::checkpoint: true
`).filter((d) => d.code === 'hiera/unknown-key'),
    [],
  );
});

test('duplicate keys point at the first occurrence', () => {
  const ds = check('mesos::master::cluster: a\nmesos::master::cluster: b\n');
  const d = ds.find((x) => x.code === 'hiera/duplicate-key')!;
  assert.equal(d.severity, 'error');
  assert.equal(d.range.start, 'mesos::master::cluster: a\n'.length);
  assert.equal(d.related![0].range.start, 0);
  assert.equal(ds.length, 1);
});

test('broken YAML is reported with its position and does not hide the other keys', () => {
  const ds = check('mesos::zookeepr: x\nfoo: [unclosed\n');
  assert.ok(ds.some((d) => d.code === 'hiera/yaml-syntax' && d.severity === 'error'));
  assert.ok(ds.some((d) => d.code === 'hiera/unknown-key'));
});

test('a data file that is a list is reported; an empty one is fine', () => {
  assert.equal(check('- a\n- b\n')[0].code, 'hiera/not-a-hash');
  assert.deepEqual(check(''), []);
  assert.deepEqual(check('---\n'), []);
});

test('a YAML alias bomb does not hang or throw', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++)
    bomb.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`,
    );
  // The check returns at once, and the first value that expands too far says so (its keys belong to no class,
  // so nothing else is reported).
  assert.deepEqual(
    check(`${bomb.join('\n')}\n`).map((d) => `${d.code} ${d.text}: ${d.message}`),
    [
      "limits/aliases e: The value of 'e' expands YAML aliases more than 1000 times (an alias of aliases multiplies); the editor does not expand it. Every lookup that reads this file fails; the other files are still checked. Write the value out, or alias fewer levels deep.",
    ],
  );
});

test('type mismatch against a declared type, with a quick fix that quotes an Integer', () => {
  const { project } = fixtureProject(`#- /work/Puppetfile
mod 'zookeeper', :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v1.6.0'
#- /work/data/common.yaml
zookeeper::id: 1
zookeeper::client_port: '2181'
zookeeper::servers: ['a', 'b', 'c']
`);
  const path = '/work/data/common.yaml';
  const text = project.readText(path)!;
  const ds = fileDiagnostics(project, path).filter((d) => d.code === 'hiera/type-mismatch');
  assert.equal(ds.length, 2);
  assert.equal(ds[0].severity, 'error');
  assert.match(ds[0].message, /^'zookeeper::id' expects a String value, got Integer \(zookeeper v1\.6\.0\)\.$/);
  const fix = ds[0].fixes![0];
  assert.equal(applyEdit(text, fix.edits[0].range, fix.edits[0].newText).split('\n')[0], "zookeeper::id: '1'");
  assert.match(ds[1].message, /'zookeeper::client_port' expects an Integer value, got String/);
});

test('an untyped (v0.3.5) parameter takes any scalar; a list where a single value is expected is a warning', () => {
  const ds = check("zookeeper::id: 1\nmesos::zookeeper: ['a:2181', 'b:2181']\n");
  assert.deepEqual(
    ds.filter((d) => d.code === 'hiera/type-mismatch'),
    [],
  );
  const shape = ds.filter((d) => d.code === 'hiera/shape-mismatch');
  assert.equal(shape.length, 1);
  assert.equal(shape[0].text, "['a:2181', 'b:2181']");
  assert.match(
    shape[0].message,
    /is given a list \(Array\), but mesos v0\.5\.2 expects a single value: its default is ''/,
  );
});

test('a validate_hash parameter given a list is an error', () => {
  const [d] = check('mesos::master::options: [quorum]\n');
  assert.equal(d.code, 'hiera/type-mismatch');
  assert.match(d.message, /expects a Hash value, got Array \(mesos v0\.5\.2, checked by validate_hash\)/);
});

test('a parameter the module passes itself has no effect from Hiera', () => {
  const [d] = check('mesos::config::log_dir: /var/log/x\n');
  assert.equal(d.code, 'hiera/no-effect');
  assert.equal(d.unnecessary, true);
  assert.match(d.message, /mesos v0\.5\.2 passes this parameter itself when it declares 'mesos::config'/);
});

test('a key the repo looks up by name (hiera_hash, lookup) is not reported unknown', () => {
  const data = 'mesos::environment:\n  JAVA_HOME: /usr/lib/jvm\nmesos::enviroment: {}\n';
  const manifest =
    "#- /work/site-modules/profile/manifests/mesos.pp\nclass profile::mesos {\n  $env = hiera_hash('mesos::environment', {})\n  $o = lookup('::mesos::master_options', Hash, 'deep', {})\n}\n";
  const { project } = fixtureProject(`${PINS}${manifest}#- /work/data/common.yaml\n${data}mesos::master_options: {}\n`);
  const text = project.readText('/work/data/common.yaml')!;
  const ds = fileDiagnostics(project, '/work/data/common.yaml').filter((d) => d.code === 'hiera/unknown-key');
  // Only the key nothing reads is reported.
  assert.deepEqual(
    ds.map((d) => text.slice(d.range.start, d.range.end)),
    ['mesos::enviroment'],
  );
});

test('corpus C5: a key looked up with a bare word, inside a string too, is not reported unknown', () => {
  // `lookup(app::secret)`: a bare word is a string in Puppet, so this reads the key 'app::secret'.
  const manifest =
    '#- /work/modules/app/manifests/init.pp\nclass app($port = 80) {\n  file { \'/etc/app.htpasswd\': content => "bot:${lookup(app::secret)}\\n" }\n}\n';
  const { project } = fixtureProject(`${manifest}#- /work/data/common.yaml\napp::secret: x\napp::secrte: y\n`);
  const text = project.readText('/work/data/common.yaml')!;
  const ds = fileDiagnostics(project, '/work/data/common.yaml').filter((d) => d.code === 'hiera/unknown-key');
  assert.deepEqual(
    ds.map((d) => text.slice(d.range.start, d.range.end)),
    ['app::secrte'],
  );
});

test("a key with a single ':' whose '::' form is a class parameter is a warning with a fix", () => {
  const data = 'mesos:slave::env_var:\n  JAVA_HOME: /usr\nmesos::slave:work_dir: /var/lib/mesos\n';
  const ds = check(data);
  assert.deepEqual(
    ds.map((d) => [d.code, d.severity, d.text]),
    [
      ['hiera/single-colon-key', 'warning', 'mesos:slave::env_var'],
      ['hiera/single-colon-key', 'warning', 'mesos::slave:work_dir'],
    ],
  );
  assert.match(
    ds[0].message,
    /no lookup ever asks for it, so parameter 'env_var' of class 'mesos::slave' keeps its default\. Did you mean 'mesos::slave::env_var'\?/,
  );
  assert.equal(
    applyEdit(data, ds[0].fixes![0].edits[0].range, ds[0].fixes![0].edits[0].newText),
    data.replace('mesos:slave::env_var', 'mesos::slave::env_var'),
  );
  // A ':' in a key whose '::' form names nothing known is the user's own key: nothing is said.
  assert.deepEqual(check("site:proxy: 'http://proxy:3128'\nmesos:slave::no_such_param: 1\n"), []);
});

test('a value written 1.0 is a Float, as Psych reads it: no mismatch against Float, one against Integer', () => {
  const module =
    '#- /work/modules/c/manifests/init.pp\nclass c(Float[1.0, 3.0] $scale = 1.0, Integer $count = 1) {}\n#- /work/site-modules/profile/manifests/c.pp\nclass profile::c {\n  include c\n}\n';
  const run = (data: string) => {
    const { project } = fixtureProject(`${module}#- /work/data/common.yaml\n${data}`);
    const text = project.readText('/work/data/common.yaml')!;
    return fileDiagnostics(project, '/work/data/common.yaml').map((d) => [
      d.code,
      text.slice(d.range.start, d.range.end),
      d.message,
    ]);
  };
  assert.deepEqual(run('c::scale: 1.0\n'), []);
  assert.deepEqual(run('c::scale: 2.\n'), []);
  // 1 is an Integer in Puppet, and an Integer is not a Float: that error is right.
  assert.deepEqual(
    run('c::scale: 1\n').map((d) => d[0]),
    ['hiera/type-mismatch'],
  );
  const count = run('c::count: 1.0\n');
  assert.deepEqual(
    count.map((d) => [d[0], d[1]]),
    [['hiera/type-mismatch', '1.0']],
  );
  assert.match(String(count[0][2]), /expects an Integer value, got Float \(c\)\.$/);
});

test('a key looked up by a manifest outside the modulepath (a librarian :path module) is not unknown', () => {
  const manifest =
    "#- /work/profiles/manifests/confs/mesos.pp\nclass profiles::confs::mesos {\n  $java = hiera('mesos::java_version')\n}\n";
  const { project } = fixtureProject(
    `${PINS}${manifest}#- /work/data/common.yaml\nmesos::java_version: '8'\nmesos::java_verison: '8'\n`,
  );
  const text = project.readText('/work/data/common.yaml')!;
  const ds = fileDiagnostics(project, '/work/data/common.yaml').filter((d) => d.code === 'hiera/unknown-key');
  assert.deepEqual(
    ds.map((d) => text.slice(d.range.start, d.range.end)),
    ['mesos::java_verison'],
  );
  // Editing the manifest so it no longer looks the key up brings the finding back.
  project.setOpenText('/work/profiles/manifests/confs/mesos.pp', 'class profiles::confs::mesos {\n}\n');
  assert.equal(
    fileDiagnostics(project, '/work/data/common.yaml').filter((d) => d.code === 'hiera/unknown-key').length,
    2,
  );
});

/** zookeeper pinned at `release`, and `data` as the repo's common.yaml. */
function zookeeperAt(release: string, data: string): string {
  return `#- /work/Puppetfile
mod 'zookeeper', :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v${release}'
#- /work/data/common.yaml
${data}`;
}

const SERVERS_HASH = `zookeeper::servers:
  '1': zk1.example.com
  '2': zk2.example.com
  '3': zk3.example.com
`;

test('the Hash form of zookeeper::servers is no shape mismatch from v0.6.0, where the module takes it untyped', () => {
  // v0.6.0 to v0.7.7 declare no type and default to a list, but zoo.cfg.erb reads the Hash form; v0.8.0 types it.
  for (const release of ['0.6.0', '0.6.1', '0.7.0', '0.7.7', '0.8.0', '1.6.0']) {
    checkDiagnostics(zookeeperAt(release, SERVERS_HASH));
  }
  // Before v0.6.0 the Hash form is wrong, and said once, by the rule that knows when the Hash form arrived.
  checkDiagnostics(
    zookeeperAt(
      '0.5.5',
      `zookeeper::servers:
  '1': zk1.example.com
#  ^^^^^^^^^^^^^^^^^^^^ error zookeeper/servers-format: zookeeper v0.5.5 takes zookeeper::servers as a list; the Hash form {id => host} arrived in v0.6.0.
`,
    ),
  );
  // A list where v0.7.7 takes a list or a Hash is still fine, and a single value is still a mismatch.
  checkDiagnostics(zookeeperAt('0.7.7', "zookeeper::servers: ['zk1.example.com']\n"));
  checkDiagnostics(
    zookeeperAt(
      '0.7.7',
      `zookeeper::servers: zk1.example.com
#                    ^^^^^^^^^^^^^^^ warning hiera/shape-mismatch: 'zookeeper::servers' is given a single value (String), but zookeeper v0.7.7 expects a list: its default is $::zookeeper::params::servers. The module declares no type, so this compiles and then misbehaves.
`,
    ),
  );
});

test('a whole Float inside a list or a hash, or reached through an alias or merge key, is a Float', () => {
  const module = `#- /work/modules/c/manifests/init.pp
class c(
  Array[Float] $weights = [],
  Hash[String, Integer] $counts = {},
  Hash[String, Float] $shares = {},
  Integer $port = 1,
) {}
#- /work/site-modules/profile/manifests/c.pp
class profile::c {
  include c
}
#- /work/data/common.yaml
`;
  checkDiagnostics(`${module}base: &one 1.0
defaults: &d {cpus: 2.0}
c::weights: [1.0, *one, 2.5]
c::shares:
  <<: *d
  mem: 3.0
c::counts: {cpus: 2.0}
#           ^^^^^^^^^^^ error hiera/type-mismatch: 'c::counts' entry ['cpus'] expects an Integer value, got Float (c).
c::port: *one
#         ^^^^ error hiera/type-mismatch: 'c::port' expects an Integer value, got Float (c).
`);
  // Integers where Floats are expected are wrong, nested as at the top.
  checkDiagnostics(`${module}c::weights: [1.0, 2]
#            ^^^^^^^^ error hiera/type-mismatch: 'c::weights' entry [1] expects a Float value, got Integer (c).
c::shares:
  cpus: 2
#  ^^^^^^^ error hiera/type-mismatch: 'c::shares' entry ['cpus'] expects a Float value, got Integer (c).
`);
});
