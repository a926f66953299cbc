// What the node preview's evaluator gets right where the modules' releases differ from each other, found by the
// node oracle (scripts/node-oracle.ts against `puppet catalog compile`): each case is a small module written the
// way a release of deric/mesos or deric/zookeeper is, with the file content Puppet gives it beside the input.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureProject } from '../support/project.js';
import { NODES_HIERA } from '../fixtures/hieraNodes.js';
import { nodePreview, type NodePreviewResult } from '../../server/src/ide/preview/node.js';

const SITE = `#- /work/manifests/site.pp
node default {
  lookup('classes', Array[String], 'unique', []).include
}
`;

function preview(files: string, node = 'm1.example.com'): Extract<NodePreviewResult, { kind: 'ok' }> {
  const { project } = fixtureProject(NODES_HIERA + SITE + files);
  const r = nodePreview(project, { root: '/work', node });
  assert.equal(r.kind, 'ok', JSON.stringify(r));
  return r as Extract<NodePreviewResult, { kind: 'ok' }>;
}

function files(r: Extract<NodePreviewResult, { kind: 'ok' }>): Record<string, string | null> {
  return Object.fromEntries(r.files.map((f) => [f.path, f.content]));
}

test('a template calls Puppet functions through scope.function_x and scope.call_function', () => {
  const r = preview(`#- /work/modules/mini/manifests/init.pp
class mini (Array $servers = []) {
  file { '/etc/zookeeper/conf/zoo.cfg': content => template('mini/zoo.cfg.erb') }
}
#- /work/modules/mini/templates/zoo.cfg.erb
servers=<%= scope.function_join([@servers, ',']) %>
newer=<%= scope.call_function('versioncmp', ['3.5.1', '3.4.14']) %>
#- /work/data/common.yaml
classes: [mini]
mini::servers: [zk1, zk2]
#- /work/data/nodes/m1.example.com.yaml
{}
`);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(files(r), { '/etc/zookeeper/conf/zoo.cfg': 'servers=zk1,zk2\nnewer=1\n' });
});

test("assert_private() lets the module declare its own class and stops another module's declaration", () => {
  const module = `#- /work/modules/mini/manifests/init.pp
class mini { include mini::config }
#- /work/modules/mini/manifests/config.pp
class mini::config {
  assert_private()
  file { '/etc/mesos/zk': content => "zk://zk1:2181/mesos\\n" }
}
#- /work/modules/profile/manifests/direct.pp
class profile::direct { include mini::config }
#- /work/data/nodes/m1.example.com.yaml
classes: [mini]
#- /work/data/nodes/m2.example.com.yaml
classes: [profile::direct]
`;
  const r = preview(module);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(files(r), { '/etc/mesos/zk': 'zk://zk1:2181/mesos\n' });
  const other = preview(module, 'm2.example.com');
  assert.equal(other.complete, false);
  assert.deepEqual(
    other.findings.map((f) => [f.kind, f.message, f.line]),
    [['error', 'Class mini::config is private', 2]],
  );
});

test('a regex match sets $0, $1, ... for the code it guards, in if, case and selectors', () => {
  const r = preview(`#- /work/modules/mini/manifests/init.pp
class mini (String $version = '1.4.2-2.0.1') {
  if $version =~ /^(\\d+)\\.(\\d+)/ {
    file { '/etc/mesos/major': content => "\${1}.$2\\n" }
  }
  case $facts['os']['release']['full'] {
    /^(\\d+)\\./: { file { '/etc/mesos/os': content => "debian \${1}\\n" } }
    default: {}
  }
  $pkg = $version ? { /-(\\d+)\\.(\\d+)\\.(\\d+)$/ => "build \${0}", default => 'none' }
  file { '/etc/mesos/build': content => "\${pkg}\\n" }
}
#- /work/data/nodes/m1.example.com.yaml
classes: [mini]
`);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(files(r), {
    '/etc/mesos/build': 'build -2.0.1\n',
    '/etc/mesos/major': '1.4\n',
    '/etc/mesos/os': 'debian 12\n',
  });
});

test('an attribute given as undef takes the default, and a parameter without one is undef', () => {
  const r = preview(`#- /work/modules/mini/manifests/init.pp
class mini {
  class { 'mini::config': log4j_prop => $not_set, java_opts => undef }
}
#- /work/modules/mini/manifests/config.pp
class mini::config ($log4j_prop = 'INFO,ROLLINGFILE', $java_opts) {
  file { '/etc/zookeeper/conf/environment': content => "ZOO_LOG4J_PROP=\\"\${log4j_prop}\\"\\nJAVA_OPTS=\\"\${java_opts}\\"\\n" }
}
#- /work/data/nodes/m1.example.com.yaml
classes: [mini]
`);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(files(r), {
    '/etc/zookeeper/conf/environment': 'ZOO_LOG4J_PROP="INFO,ROLLINGFILE"\nJAVA_OPTS=""\n',
  });
});

test('content that is not a String is shown without content and a warning: the agent refuses it', () => {
  const r = preview(`#- /work/modules/mini/manifests/init.pp
class mini (Hash $options = {}) {
  $options.each |$k, $v| { file { "/etc/mesos-master/\${k}": content => $v } }
}
#- /work/data/nodes/m1.example.com.yaml
classes: [mini]
mini::options:
  quorum: 2
  cluster: prod
`);
  assert.equal(r.complete, true);
  assert.deepEqual(files(r), { '/etc/mesos-master/cluster': 'prod', '/etc/mesos-master/quorum': null });
  assert.deepEqual(
    r.findings.map((f) => [f.kind, f.message, f.line]),
    [
      [
        'warning',
        'File[/etc/mesos-master/quorum]: content is 2, not a String: Puppet compiles it, but the agent refuses the file (no implicit conversion of Integer into String) and never writes it',
        2,
      ],
    ],
  );
});

test("ensure_packages gives the ensure of the stdlib in use: 'present' before 8.0, 'installed' from 8.0", () => {
  const code = (stdlib: string) => `#- /work/modules/mini/manifests/init.pp
class mini { ensure_packages(['python']) ensure_packages(['curl'], { ensure => 'installed' }) }
#- /work/modules/stdlib/lib/puppet/parser/functions/ensure_packages.rb
${stdlib}
#- /work/data/nodes/m1.example.com.yaml
classes: [mini]
`;
  const old = preview(code("      defaults = { 'ensure' => 'present' }.merge(arguments[1])"));
  assert.deepEqual(old.packages, [
    { name: 'python', ensure: 'present' },
    { name: 'curl', ensure: 'installed' },
  ]);
  const mid = preview(
    code(
      "      defaults = { 'ensure' => 'present' }.merge(arguments[1])\n      if defaults['ensure'] == 'installed'\n        defaults['ensure'] = 'present'",
    ),
  );
  assert.deepEqual(mid.packages, [
    { name: 'python', ensure: 'present' },
    { name: 'curl', ensure: 'present' },
  ]);
  const none = preview(code('# no stdlib function here'));
  assert.deepEqual(none.packages, [
    { name: 'python', ensure: 'installed' },
    { name: 'curl', ensure: 'installed' },
  ]);
});

test('a resource whose title is undef stops the run as Puppet does', () => {
  const r = preview(`#- /work/modules/mini/manifests/init.pp
class mini {
  file { $facts['no_such_fact']: content => 'x' }
}
#- /work/data/nodes/m1.example.com.yaml
classes: [mini]
`);
  assert.equal(r.complete, false);
  assert.deepEqual(
    r.findings.map((f) => [f.kind, f.message, f.line]),
    [['error', 'Missing title. The title expression resulted in undef', 2]],
  );
});
