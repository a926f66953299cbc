// The node preview against real Puppet: a control repo using Debian's packaged deric-zookeeper module (with
// puppetlabs-stdlib and puppet-archive from /usr/share/puppet/modules) and a small Mesos-style profile, compiled
// by `puppet catalog compile` with YAML facts for each node of a 3-node ensemble; every file the catalog puts
// under the previewed folders must be in our preview with exactly the same content, and no other; the packages
// and services likewise.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileSystem } from '../../server/src/workspace/nodeFileSystem.js';
import { Project } from '../../server/src/workspace/project.js';
import { nodePreview, assumedFacts } from '../../server/src/ide/preview/node.js';

const CORPUS = '/usr/share/puppet/modules';
const NODES = ['zk1.example.com', 'zk2.example.com', 'zk3.example.com'];
const SHOWN = /^\/etc\/(mesos|default\/mesos|zookeeper|marathon|chronos)|\/zoo\.cfg$|\/myid$/;

let base: string;
let env: string;

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

before(() => {
  for (const m of ['zookeeper', 'stdlib', 'archive'])
    assert.ok(
      existsSync(join(CORPUS, m)),
      `${CORPUS}/${m} is missing: .ci/run installs Debian's puppet-module-* packages`,
    );
  base = mkdtempSync(join(tmpdir(), 'mp-node-oracle-'));
  env = join(base, 'code/environments/production');
  mkdirSync(join(env, 'modules'), { recursive: true });
  for (const m of ['zookeeper', 'stdlib', 'archive']) symlinkSync(join(CORPUS, m), join(env, 'modules', m));
  write(env, {
    'hiera.yaml':
      "version: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n  - name: nodes\n    path: 'nodes/%{trusted.certname}.yaml'\n  - name: common\n    path: common.yaml\n",
    'manifests/site.pp': "node default {\n  lookup('classes', Array[String], 'unique', []).include\n}\n",
    'modules/profile/manifests/mesos_master.pp': [
      'class profile::mesos_master (',
      '  Hash $options = {},',
      '  Array[String] $zookeeper = [],',
      "  String $zk_path = 'mesos',",
      ') {',
      "  $url = join(prefix($zookeeper, ''), ',')",
      '  file { \'/etc/mesos/zk\': content => "zk://${url}/${zk_path}\\n" }',
      '  $options.each |$flag, $value| {',
      '    $path = $value ? {',
      '      true    => "/etc/mesos-master/?${flag}",',
      '      false   => "/etc/mesos-master/?no-${flag}",',
      '      default => "/etc/mesos-master/${flag}",',
      '    }',
      '    file { $path: content => $value =~ Boolean ? { true => \'\', false => "${value}\\n" } }',
      '  }',
      "  file { '/etc/default/mesos-master': content => inline_template(\"export MESOS_PORT=<%= @options['port'] || 5050 %>\\n\") }",
      "  service { 'mesos-master': ensure => running, enable => true }",
      '}',
      '',
    ].join('\n'),
    'data/common.yaml': [
      'classes: [zookeeper, profile::mesos_master]',
      "zookeeper::servers: {'1': zk1.example.com, '2': zk2.example.com, '3': zk3.example.com}",
      "profile::mesos_master::zookeeper: ['zk1.example.com:2181', 'zk2.example.com:2181', 'zk3.example.com:2181']",
      'profile::mesos_master::options:',
      '  quorum: 2',
      '  hostname_lookup: false',
      '  cluster: prod',
      '',
    ].join('\n'),
    'data/nodes/zk1.example.com.yaml': "zookeeper::id: '1'\n",
    'data/nodes/zk2.example.com.yaml': "zookeeper::id: '2'\nzookeeper::client_port: 2182\n",
    'data/nodes/zk3.example.com.yaml':
      "zookeeper::id: '3'\nprofile::mesos_master::options:\n  quorum: 3\n  log_auto_initialize: true\n",
  });
  mkdirSync(join(base, 'var/yaml/facts'), { recursive: true });
  for (const n of NODES) {
    const facts = assumedFacts(n);
    writeFileSync(
      join(base, `var/yaml/facts/${n}.yaml`),
      `--- !ruby/object:Puppet::Node::Facts\nname: ${n}\nvalues: ${JSON.stringify(facts)}\n`,
    );
  }
});

interface Compiled {
  files: Map<string, string | null>;
  packages: Map<string, string>;
  services: Map<string, string>;
}

function compile(node: string): Compiled {
  const r = spawnSync(
    'puppet',
    [
      'catalog',
      'compile',
      node,
      '--codedir',
      join(base, 'code'),
      '--vardir',
      join(base, 'var'),
      '--confdir',
      join(base, 'conf'),
      '--facts_terminus',
      'yaml',
      '--render-as',
      'json',
      '--color',
      'false',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(r.status, 0, r.stderr);
  const catalog = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as {
    resources: Array<{ type: string; title: string; parameters?: Record<string, unknown> }>;
  };
  const out: Compiled = { files: new Map(), packages: new Map(), services: new Map() };
  for (const res of catalog.resources) {
    const p = res.parameters ?? {};
    if (res.type === 'File') {
      const path = typeof p.path === 'string' ? p.path : res.title;
      if (!SHOWN.test(path) || ['absent', 'directory', 'link'].includes(String(p.ensure))) continue;
      out.files.set(path, typeof p.content === 'string' ? p.content : null);
    } else if (res.type === 'Package') out.packages.set(String(p.name ?? res.title), String(p.ensure ?? 'present'));
    else if (res.type === 'Service')
      out.services.set(String(p.name ?? res.title), `${String(p.ensure ?? '')}/${String(p.enable ?? '')}`);
  }
  return out;
}

for (const node of NODES) {
  test(`${node}: every previewed file, package and service equals Puppet's catalog`, () => {
    const puppet = compile(node);
    const project = new Project(nodeFileSystem, [env], { modulePath: [] });
    const r = nodePreview(project, { root: env, node, facts: assumedFacts(node) });
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.deepEqual(r.findings, []);
    assert.equal(r.complete, true);
    const ours = new Map(r.files.map((f) => [f.path, f.content]));
    assert.deepEqual([...ours.keys()].sort(), [...puppet.files.keys()].sort());
    for (const [path, content] of puppet.files) assert.equal(ours.get(path), content, path);
    assert.ok(puppet.files.size >= 8, `the catalog has the ensemble's files (${[...puppet.files.keys()].join(', ')})`);
    assert.deepEqual(new Map(r.packages.map((p) => [p.name, p.ensure ?? 'present'])), puppet.packages);
    assert.deepEqual(new Map(r.services.map((s) => [s.name, `${s.ensure ?? ''}/${s.enable ?? ''}`])), puppet.services);
  });
}
