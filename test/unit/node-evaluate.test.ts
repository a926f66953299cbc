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

test('EPP templates render as `puppet epp render` does: parameters, tags, trimming, loops, literals', () => {
  // The expected text is what `puppet epp render --values "{comment => 'hi', options => {...}}"` printed (7.23).
  const template = [
    "<%- | String $comment, Hash $options, Array $hosts = ['a', 'b'], $port = 2181 | -%>",
    '# <%= $comment %>',
    '<%# a comment -%>',
    '<%- if !$options.empty() { -%>',
    'opts [<%= $options.map |$k, $v| { "${k}=${v}" }.join(\' \') %>]',
    '<%- } -%>',
    '<% $hosts.each |$i, $h| { -%>',
    '  server.<%= $i + 1 %>=<%= $h %>:<%= $port %>',
    '<% } -%>',
    "literal <%% and %%> and \\n 'q' <%= $facts['os']['family'] %>",
    '    <%- $x = 3 -%>',
    'x=<%= $x %> list=<%= $hosts %>',
  ].join('\n'); // the fixture adds the file's last line break
  const r = preview(`#- /work/modules/mini/manifests/init.pp
class mini {
  file { '/etc/zookeeper/conf/t': content => epp('mini/t.epp', { comment => 'hi', options => { 'arch' => 'amd64', 'trusted' => 'yes' } }) }
  file { '/etc/zookeeper/conf/i': content => inline_epp('<%= $x %>-<%= $facts["os"]["family"] %>', { x => [1, undef, 'z'] }) }
  file { '/etc/zookeeper/conf/w': content => inline_epp("deb <% if false { -%>[x] <% } -%> <%= 'loc' %>\na <%- notice('x') -%>   \nb\n") }
}
#- /work/modules/mini/templates/t.epp
${template}
#- /work/data/nodes/m1.example.com.yaml
classes: [mini]
`);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(files(r), {
    '/etc/zookeeper/conf/i': '[1, , z]-Debian',
    '/etc/zookeeper/conf/w': 'deb loc\nab\n',
    '/etc/zookeeper/conf/t': [
      '# hi',
      'opts [arch=amd64 trusted=yes]',
      '  server.1=a:2181',
      '  server.2=b:2181',
      "literal <% and %> and \\n 'q' Debian",
      'x=3 list=[a, b]',
      '',
    ].join('\n'),
  });
});

test('interpolation writes arrays and hashes without quotes, String() with them', () => {
  // As `puppet apply` printed them (7.23).
  const r = preview(`#- /work/modules/mini/manifests/init.pp
class mini {
  $h = ['a', 'b', 1, undef, true]
  $k = { 'k' => 'v', 'n' => [1] }
  file { '/etc/mesos/x': content => "\${h}|\${k}|\${String($h)}\\n" }
}
#- /work/data/nodes/m1.example.com.yaml
classes: [mini]
`);
  assert.deepEqual(files(r), { '/etc/mesos/x': "[a, b, 1, , true]|{k => v, n => [1]}|['a', 'b', 1, undef, true]\n" });
});

test('Puppet 3 code that Puppet 7 refuses stops the preview too: a bare word naming no type, empty(Boolean)', () => {
  const r = preview(`#- /work/modules/mini/manifests/init.pp
class mini {
  case $facts['os']['family'] {
    Debian: { file { '/etc/zookeeper/conf/myid': content => "1\\n" } }
    default: {}
  }
}
#- /work/data/nodes/m1.example.com.yaml
classes: [mini]
`);
  assert.equal(r.complete, false);
  assert.deepEqual(
    r.findings.map((f) => [f.kind, f.message, f.line]),
    [['error', 'Resource type not found: Debian', 3]],
  );
  const withEmpty = preview(
    `#- /work/modules/other/manifests/init.pp
class other (Boolean $checkpoint = false) {
  if !empty($checkpoint) { file { '/etc/mesos-slave/checkpoint': content => "\${checkpoint}\\n" } }
}
#- /work/data/nodes/m1.example.com.yaml
classes: [other]
`,
  );
  assert.deepEqual(
    withEmpty.findings.map((f) => [f.kind, f.message, f.line]),
    [
      [
        'error',
        "The function 'empty' was called with arguments it does not accept: it expects a Collection, String, Numeric or Undef value, got Boolean",
        2,
      ],
    ],
  );
});

test('variables named with a leading underscore interpolate; Sensitive(), delete_at() and fact() as apt 9 uses them', () => {
  const r = preview(`#- /work/modules/mini/manifests/init.pp
class mini {
  $config_files = { 'list' => { 'path' => '/etc/mesos/sources.list.d', 'ext' => '.list' } }
  $title_array = split('list-mesos', '-')
  $_path = $config_files[$title_array[0]]['path']
  $base_name = join(delete_at($title_array, 0), '-')
  file { "\${_path}/\${base_name}\${config_files['list']['ext']}":
    content => Sensitive("# \${fact('os.distro.codename')} \${fact('os.nothing.here')}\\n"),
  }
}
#- /work/data/nodes/m1.example.com.yaml
classes: [mini]
`);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(files(r), { '/etc/mesos/sources.list.d/mesos.list': '# bookworm \n' });
});

test('a Float prints as Puppet 7 prints it, in a template and in interpolation, whole (1.0) or not', () => {
  // The expected text is what `puppet apply` (7.23) wrote for this module and data. In YAML a Float needs a dot
  // and a signed exponent (Psych): `1e3` and `1.0e3` stay Strings. Float arithmetic gives a Float.
  const r = preview(`#- /work/modules/mini/manifests/init.pp
class mini (Hash $resources = {}, Float $f = 0.0) {
  $m = 1.0
  $sum = $f + 1
  $mul = 2 * 1.5
  file { '/etc/mesos-slave/a': content => template('mini/t.erb') }
  file { '/etc/mesos-slave/b': content => "f=\${f} m=\${m} sum=\${sum} mul=\${mul} r=\${resources} arr=\${[1.0, 2]} e=\${(1e3)} e2=\${(1.0e20)} d=\${10/4.0} i=\${10/4} cpus=\${resources['cpus']}\\n" }
}
#- /work/modules/mini/templates/t.erb
cpus=<%= @resources['cpus'] %> half=<%= @resources['half'] %> exp=<%= @resources['exp'] %> expf=<%= @resources['expf'] %> big=<%= @resources['big'] %> neg=<%= @resources['neg'] %> f=<%= @f %> m=<%= @m %> sum=<%= @sum %> mul=<%= @mul %> h=<%= @resources %>
#- /work/data/nodes/m1.example.com.yaml
classes: [mini]
mini::resources:
  cpus: 1.0
  half: 1.5
  exp: 1e3
  expf: 1.0e3
  big: 1.0e20
  neg: -2.0
  plain: 4
mini::f: 1.0
`);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(files(r), {
    '/etc/mesos-slave/a':
      'cpus=1.0 half=1.5 exp=1e3 expf=1.0e3 big=1.0e20 neg=-2.0 f=1.0 m=1.0 sum=2.0 mul=3.0 ' +
      'h={"cpus"=>1.0, "half"=>1.5, "exp"=>"1e3", "expf"=>"1.0e3", "big"=>"1.0e20", "neg"=>-2.0, "plain"=>4}\n',
    '/etc/mesos-slave/b':
      'f=1.0 m=1.0 sum=2.0 mul=3.0 ' +
      'r={cpus => 1.0, half => 1.5, exp => 1e3, expf => 1.0e3, big => 1.0e20, neg => -2.0, plain => 4} ' +
      'arr=[1.0, 2] e=1000.0 e2=1.0e+20 d=2.5 i=2 cpus=1.0\n',
  });
});

test('a whole Float reached through a YAML alias or merge key prints as Puppet prints it', () => {
  // The expected text is what `puppet apply` (7.23) noticed for this module and data (template and interpolation).
  const r = preview(`#- /work/modules/mini/manifests/init.pp
class mini (Hash $resources = {}, Array $list = []) {
  file { '/etc/mesos-slave/a': content => template('mini/t.erb') }
  file { '/etc/mesos-slave/b': content => "r=\${resources} l=\${list}\\n" }
}
#- /work/modules/mini/templates/t.erb
cpus=<%= @resources['cpus'] %> mem=<%= @resources['mem'] %> h=<%= @resources %> l=<%= @list %>
#- /work/data/nodes/m1.example.com.yaml
classes: [mini]
defaults: &d
  cpus: 1.0
  mem: 2
one: &one 4.0
mini::resources:
  <<: *d
  disk: 3.0
mini::list: [*one, 5]
`);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(files(r), {
    '/etc/mesos-slave/a': 'cpus=1.0 mem=2 h={"cpus"=>1.0, "mem"=>2, "disk"=>3.0} l=[4.0, 5]\n',
    '/etc/mesos-slave/b': 'r={cpus => 1.0, mem => 2, disk => 3.0} l=[4.0, 5]\n',
  });
});

test('the assumed facts hold what the releases read; without puppetversion versioncmp stops, as in Puppet 7', () => {
  // zookeeper v0.7.x: `if versioncmp($::puppetversion, '4.0.0') < 0`; v0.4.0: `$client_ip = $::ipaddress`.
  const module = `#- /work/modules/mini/manifests/init.pp
class mini {
  $old = versioncmp($::puppetversion, '4.0.0') < 0
  file { '/etc/zookeeper/conf/facts': content => "old=\${old} ip=\${::ipaddress} \${facts['networking']['ip']} arch=\${::hardwaremodel} minor=\${facts['os']['release']['minor']}\\n" }
}
#- /work/data/nodes/m1.example.com.yaml
classes: [mini]
`;
  const r = preview(module);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(files(r), {
    '/etc/zookeeper/conf/facts': 'old=false ip=192.0.2.253 192.0.2.253 arch=x86_64 minor=0\n',
  });
  const { project } = fixtureProject(NODES_HIERA + SITE + module);
  const without = nodePreview(project, { root: '/work', node: 'm1.example.com', facts: { osfamily: 'Debian' } });
  assert.equal(without.kind, 'ok');
  if (without.kind !== 'ok') return;
  assert.equal(without.complete, false);
  assert.deepEqual(
    without.findings.map((f) => `${f.kind}: ${f.message}`),
    ["error: 'versioncmp' parameter 'a' expects a String value, got Undef"],
  );
});
