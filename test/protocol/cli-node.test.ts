// The built `mesos-puppet node` on a small control repo in a temporary folder: the node's files, packages and
// services as text and JSON, facts from a file, and the exit codes (0 complete, 1 node not found or the
// evaluation stopped, 2 usage).

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

let repo: string;

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  repo = mkdtempSync(join(tmpdir(), 'mp-cli-node-'));
  write(repo, {
    'hiera.yaml':
      "version: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n  - name: nodes\n    path: 'nodes/%{trusted.certname}.yaml'\n  - name: common\n    path: common.yaml\n",
    'manifests/site.pp': "node default {\n  lookup('classes', Array[String], 'unique', []).include\n}\n",
    'modules/zk/manifests/init.pp': [
      'class zk (Integer $id = 1, Array[String] $servers = []) {',
      "  if $facts['os']['family'] != 'Debian' { fail(\"zk: no packages for ${facts['os']['family']}\") }",
      "  package { 'zookeeperd': ensure => present }",
      "  file { '/etc/zookeeper/conf/myid': content => template('zk/myid.erb') }",
      '  file { \'/etc/zookeeper/conf/zoo.cfg\': content => "# managed by Puppet\\nserver.1=${servers[0]}:2888\\n" }',
      "  service { 'zookeeper': ensure => running, enable => true }",
      '}',
      '',
    ].join('\n'),
    'modules/zk/templates/myid.erb':
      '<%= @id %>\n<% @servers.each_with_index do |s, i| -%>\nserver.<%= i + 1 %>=<%= s %>\n<% end -%>\n',
    'data/common.yaml': 'classes: [zk]\nzk::servers: [a, b]\n',
    'data/nodes/m1.yaml': 'zk::id: 2\n',
    'facts-redhat.yaml': 'os:\n  family: RedHat\n',
  });
});

test('node prints the files with their content and origin, the packages and the services', () => {
  const r = run(['node', 'm1'], repo);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /^node m1 \(facts derived from the name: Debian 12 amd64, Puppet 7\.23\.0, stand-in address 192\.0\.2\.48; --facts to give them\)\nclasses: zk\n/,
  );
  assert.match(
    r.stdout,
    /\n== \/etc\/zookeeper\/conf\/myid {2}\(File\[\/etc\/zookeeper\/conf\/myid\], template zk\/myid\.erb, modules\/zk\/manifests\/init\.pp:4\)\n {3}2\n {3}server\.1=a\n {3}server\.2=b\n/,
  );
  assert.match(
    r.stdout,
    /\npackages:\n {2}zookeeperd: present\n\nservices:\n {2}zookeeper: ensure running, enable true\n$/,
  );
});

test('node --format json has the shape the issue names', () => {
  const r = run(['node', 'm1', '--format', 'json'], repo);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  // The keys the issue names, and the evaluation's own state beside them.
  assert.deepEqual(Object.keys(j), [
    'node',
    'factsDerived',
    'complete',
    'classes',
    'files',
    'packages',
    'services',
    'findings',
    'unclearKeys',
  ]);
  assert.equal(j.node, 'm1');
  assert.deepEqual(j.classes, ['zk']);
  assert.deepEqual(j.files, [
    {
      path: '/etc/zookeeper/conf/myid',
      content: '2\nserver.1=a\nserver.2=b\n',
      ensure: null,
      origin: {
        resource: 'File[/etc/zookeeper/conf/myid]',
        path: 'modules/zk/manifests/init.pp',
        line: 4,
        via: ['Class[Zk]'],
        templates: ['zk/myid.erb'],
      },
      // Each line's origin, as the hover gives it: the keys whose value it shows, and where each was found.
      lines: [
        { line: 1, text: '2', keys: [{ key: 'zk::id', source: 'data/nodes/m1.yaml' }] },
        { line: 2, text: 'server.1=a', keys: [{ key: 'zk::servers', source: 'data/common.yaml' }] },
        { line: 3, text: 'server.2=b', keys: [{ key: 'zk::servers', source: 'data/common.yaml' }] },
      ],
    },
    {
      path: '/etc/zookeeper/conf/zoo.cfg',
      content: '# managed by Puppet\nserver.1=a:2888\n',
      ensure: null,
      origin: {
        resource: 'File[/etc/zookeeper/conf/zoo.cfg]',
        path: 'modules/zk/manifests/init.pp',
        line: 5,
        via: ['Class[Zk]'],
      },
      // A line no key reaches is the resource's own text (origin above).
      lines: [
        { line: 1, text: '# managed by Puppet', keys: [] },
        { line: 2, text: 'server.1=a:2888', keys: [{ key: 'zk::servers', source: 'data/common.yaml' }] },
      ],
    },
  ]);
  assert.deepEqual(j.packages, [{ name: 'zookeeperd', ensure: 'present' }]);
  assert.deepEqual(j.services, [{ name: 'zookeeper', ensure: 'running', enable: true }]);
  // `classes` changes what is declared, not a line: it is named, with why.
  assert.deepEqual(j.unclearKeys, [{ key: 'classes', reason: 'it decides which classes the node declares' }]);
});

test('node exits 1 for a node the repo does not have, and when a module fails for the given facts', () => {
  const missing = run(['node', 'm9'], repo);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, "mesos-puppet: The control repo has no node 'm9' (its nodes: m1).\n");
  const missingJson = run(['node', 'm9', '--format', 'json'], repo);
  assert.equal(missingJson.code, 1);
  assert.deepEqual(JSON.parse(missingJson.stdout), {
    node: 'm9',
    error: "The control repo has no node 'm9' (its nodes: m1).",
    nodes: ['m1'],
  });
  const failed = run(['node', 'm1', '--facts', 'facts-redhat.yaml'], repo);
  assert.equal(failed.code, 1);
  assert.match(
    failed.stdout,
    /\nincomplete:\n {2}modules\/zk\/manifests\/init\.pp:2: fail: zk: no packages for RedHat\n$/,
  );
});

test('node without a NAME is a usage error; --help describes it', () => {
  assert.equal(run(['node'], repo).code, 2);
  const help = run(['node', '--help'], repo);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /node NAME \[--facts FILE\] \[--format text\|json\] \[PATH\]/);
});
