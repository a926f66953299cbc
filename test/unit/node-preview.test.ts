// The node preview (ide/preview/node.ts) over the evaluator (knowledge/evaluate): a control repo with a small
// module written the way deric/mesos is (parameters from Hiera, an inherited params class, a defined type fed by
// create_resources, boolean flags as `?no-` files, resource defaults), and what each node gets from it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureProject } from '../support/project.js';
import { NODES_HIERA } from '../fixtures/hieraNodes.js';
import { nodePreview, type NodePreviewResult } from '../../server/src/ide/preview/node.js';

const MODULE = `#- /work/modules/mini/manifests/params.pp
class mini::params {
  case $facts['os']['family'] {
    'Debian': { $conf_dir = '/etc/mesos-master' }
    default:  { fail("mini: unsupported OS family \${facts['os']['family']}") }
  }
}
#- /work/modules/mini/manifests/init.pp
class mini (
  Array[String] $zookeeper = [],
  String $zk_path = 'mesos',
  Hash $options = {},
  Boolean $syslog = true,
  String $version = 'present',
) inherits mini::params {
  $url = empty($zookeeper) ? {
    true    => undef,
    default => zookeeper_servers_url($zookeeper, $zk_path, 2181),
  }
  package { 'mesos': ensure => $version }
  File { mode => '0644' }
  file { "\${conf_dir}/zk":
    ensure  => present,
    content => "\${url}\\n",
  }
  create_resources(mini::property, mesos_hash_parser(merge({'port' => 5050}, $options), 'master'), { dir => $conf_dir })
  mini::property { 'logger': value => false, dir => $conf_dir, ensure => $syslog ? { true => absent, false => present } }
  service { 'mesos-master':
    ensure => running,
    enable => true,
  }
  if !defined(Class['mini::agent']) {
    service { 'mesos-slave': ensure => stopped, enable => false }
  }
}
#- /work/modules/mini/manifests/property.pp
define mini::property (
  $dir,
  $value,
  Enum['present', 'absent'] $ensure = 'present',
  Optional[String] $file = undef,
) {
  $name_on_disk = pick($file, $name)
  if $value =~ Boolean {
    $path = $value ? { true => "\${dir}/?\${name_on_disk}", false => "\${dir}/?no-\${name_on_disk}" }
    $content = ''
  } else {
    $path = "\${dir}/\${name_on_disk}"
    $content = "\${value}\\n"
  }
  file { $path: ensure => $ensure, content => $content }
}
`;

const SITE = `#- /work/manifests/site.pp
node default {
  lookup('classes', Array[String], 'unique', []).include
}
`;

function preview(files: string, node: string, facts?: Record<string, unknown>, maxSteps?: number): NodePreviewResult {
  const { project } = fixtureProject(files);
  return nodePreview(project, {
    root: '/work',
    node,
    ...(facts ? { facts } : {}),
    ...(maxSteps !== undefined ? { maxSteps } : {}),
  });
}

function ok(r: NodePreviewResult): Extract<NodePreviewResult, { kind: 'ok' }> {
  assert.equal(r.kind, 'ok', JSON.stringify(r));
  return r as Extract<NodePreviewResult, { kind: 'ok' }>;
}

const DATA = `#- /work/data/common.yaml
classes: [mini]
mini::zookeeper: ['zk1', 'zk2:2182']
mini::options:
  quorum: 2
  hostname: m1.example.com
#- /work/data/nodes/m1.example.com.yaml
mini::syslog: false
mini::version: '1.4.0'
#- /work/data/nodes/m2.example.com.yaml
mini::options:
  quorum: 3
`;

test('a node gets the files, packages and services the module declares from its Hiera data', () => {
  const r = ok(preview(NODES_HIERA + MODULE + SITE + DATA, 'm1.example.com'));
  assert.deepEqual(r.findings, []);
  assert.equal(r.complete, true);
  assert.deepEqual(r.classes, ['settings', 'mini::params', 'mini']);
  assert.deepEqual(
    r.files.map((f) => [f.path, f.content]),
    [
      ['/etc/mesos-master/?no-logger', ''],
      ['/etc/mesos-master/hostname', 'm1.example.com\n'],
      ['/etc/mesos-master/port', '5050\n'],
      ['/etc/mesos-master/quorum', '2\n'],
      ['/etc/mesos-master/zk', 'zk://zk1:2181,zk2:2182/mesos\n'],
    ],
  );
  assert.deepEqual(r.packages, [{ name: 'mesos', ensure: '1.4.0' }]);
  assert.deepEqual(r.services, [
    { name: 'mesos-master', ensure: 'running', enable: true },
    { name: 'mesos-slave', ensure: 'stopped', enable: false },
  ]);
  const quorum = r.files.find((f) => f.path.endsWith('/quorum'))!;
  assert.deepEqual(quorum.origin.via, ['Class[Mini]', 'Mini::Property[master_quorum]']);
  assert.equal(quorum.origin.path, '/work/modules/mini/manifests/property.pp');
  assert.equal(quorum.origin.line, 15);
});

test('the node-level data wins, and a flag file is absent when syslog stays on', () => {
  const r = ok(preview(NODES_HIERA + MODULE + SITE + DATA, 'm2.example.com'));
  const byPath = new Map(r.files.map((f) => [f.path, f.content]));
  assert.equal(byPath.get('/etc/mesos-master/quorum'), '3\n');
  assert.equal(
    byPath.has('/etc/mesos-master/hostname'),
    false,
    'mesos::options is first-found: the node file replaces the hash',
  );
  assert.equal(byPath.has('/etc/mesos-master/?no-logger'), false);
  assert.deepEqual(r.packages, [{ name: 'mesos', ensure: 'present' }]);
});

test('fail() stops the evaluation and is reported where it was called', () => {
  const r = ok(preview(NODES_HIERA + MODULE + SITE + DATA, 'm1.example.com', { os: { family: 'RedHat' } }));
  assert.equal(r.complete, false);
  assert.deepEqual(r.findings, [
    {
      kind: 'fail',
      message: 'mini: unsupported OS family RedHat',
      path: '/work/modules/mini/manifests/params.pp',
      line: 4,
    },
  ]);
  assert.deepEqual(r.files, []);
});

test('a node the repo does not have is an error naming the nodes it has', () => {
  const r = preview(NODES_HIERA + MODULE + SITE + DATA, 'nope.example.com');
  assert.equal(r.kind, 'error');
  assert.match(
    (r as { message: string }).message,
    /no node 'nope\.example\.com' \(its nodes: m1\.example\.com, m2\.example\.com\)/,
  );
});

test('node definitions choose the classes; a parameter type Puppet refuses is reported', () => {
  const site = `#- /work/manifests/site.pp
node 'm1.example.com' {
  class { 'mini': zookeeper => 'zk1' }
}
node default {}
`;
  const r = ok(preview(NODES_HIERA + MODULE + site + DATA, 'm1.example.com'));
  assert.equal(r.complete, false);
  assert.equal(r.findings.length, 1);
  assert.match(
    r.findings[0].message,
    /^Class\[Mini\]: parameter 'zookeeper' expects a value of type Array\[String\], got 'zk1'$/,
  );
  const other = ok(preview(NODES_HIERA + MODULE + site + DATA, 'm2.example.com'));
  assert.deepEqual(other.classes, ['settings']);
  assert.equal(other.complete, true);
});

test('a function the preview does not model is named, and the budget stops runaway code', () => {
  const site = `#- /work/manifests/site.pp
node default {
  $x = fqdn_rand(30)
}
`;
  const r = ok(preview(NODES_HIERA + site + DATA, 'm1.example.com'));
  assert.deepEqual(
    r.findings.map((f) => [f.kind, f.message, f.line]),
    [['unsupported', 'The node preview does not know the function fqdn_rand()', 2]],
  );
  const loop = `#- /work/manifests/site.pp
define spin($n) { spin { "s\${n}": n => $n + 1 } }
node default { spin { 's': n => 0 } }
`;
  const l = ok(preview(NODES_HIERA + loop + DATA, 'm1.example.com', undefined, 5000));
  assert.equal(l.complete, false);
  assert.equal(l.findings[0].kind, 'limit');
});

test('a class no module defines is skipped and named (Puppet stops there); the rest of the node is shown', () => {
  const site = `#- /work/manifests/site.pp
node default {
  include java
  include mini
}
`;
  const r = ok(preview(NODES_HIERA + MODULE + site + DATA, 'm1.example.com'));
  assert.equal(r.complete, false);
  assert.deepEqual(
    r.findings.map((f) => [f.kind, f.message, f.line]),
    [['error', 'Could not find class ::java: Puppet stops here; skipped, so what it declares is not shown', 2]],
  );
  assert.deepEqual(r.classes, ['settings', 'mini::params', 'mini']);
  assert.ok(r.files.some((f) => f.path === '/etc/mesos-master/quorum' && f.content === '2\n'));
});

test("the node's file in the repo's facts folder gives its facts; a node without one gets the assumed facts", () => {
  const files = `${NODES_HIERA}${SITE}#- /work/data/nodes/m1.example.com.yaml
{}
#- /work/data/nodes/m2.example.com.yaml
{}
#- /work/.mesos-puppet.yaml
facts: facts
#- /work/facts/m1.example.com.yaml
os: {family: RedHat}
#- /work/modules/os/manifests/init.pp
class os { file { '/etc/mesos/os': content => "\${facts['os']['family']}\\n" } }
#- /work/data/common.yaml
classes: [os]
`;
  // m1 has a facts file: its OS family is RedHat, as the file says. m2 has none: the assumed Debian 12 host.
  const m1 = ok(preview(files, 'm1.example.com'));
  assert.deepEqual(
    [m1.factsDerived, m1.factsFrom, m1.files.map((f) => [f.path, f.content])],
    [false, 'facts/m1.example.com.yaml', [['/etc/mesos/os', 'RedHat\n']]],
  );
  const m2 = ok(preview(files, 'm2.example.com'));
  assert.deepEqual(
    [m2.factsDerived, m2.factsFrom, m2.files.map((f) => [f.path, f.content])],
    [true, undefined, [['/etc/mesos/os', 'Debian\n']]],
  );
  // Facts given with the request win over the file.
  const given = ok(preview(files, 'm1.example.com', { os: { family: 'Suse' } }));
  assert.deepEqual(
    [given.factsDerived, given.factsFrom, given.files.map((f) => f.content)],
    [false, undefined, ['Suse\n']],
  );
});
