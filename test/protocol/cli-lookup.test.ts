// The built `mesos-puppet lookup` on a small control repo in a temporary folder: values and their sources,
// merges, --all, facts files (YAML, JSON, Puppet's wrapped form), the node left out when there is one, and the
// exit codes Puppet uses (0 found, 1 not found) plus 2 for usage and I/O problems.

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

const HIERA = `version: 5
defaults:
  datadir: data
  data_hash: yaml_data
hierarchy:
  - name: 'Per node'
    path: 'nodes/%{trusted.certname}.yaml'
  - name: 'Per OS'
    path: 'os/%{facts.os.family}.yaml'
  - name: 'Common'
    path: 'common.yaml'
`;

let repo: string;
let single: string;

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  repo = mkdtempSync(join(tmpdir(), 'mp-cli-lookup-'));
  write(repo, {
    'hiera.yaml': HIERA,
    'data/common.yaml':
      "lookup_options:\n  profile::ports:\n    merge: unique\nntp::servers: ['0.pool']\nprofile::ports: [80]\ngreeting: 'hello %{facts.hostname}'\n",
    'data/os/Debian.yaml': "ntp::servers: ['deb.pool']\n",
    'data/nodes/master1.yaml': "classes: ['role::master']\nprofile::ports: [5050]\nzookeeper::id: 1\n",
    'data/nodes/slave1.yaml': "classes: ['role::slave']\n",
    'facts/debian.json': JSON.stringify({ hostname: 'master1', os: { family: 'Debian' } }),
    'facts/wrapped.yaml': '--- !ruby/object:Puppet::Node::Facts\nname: master1\nvalues:\n  hostname: wrapped\n',
    'facts/broken.yaml': 'a: [unclosed\n',
  });
  single = mkdtempSync(join(tmpdir(), 'mp-cli-lookup-single-'));
  write(single, { 'hiera.yaml': HIERA, 'data/nodes/only.example.com.yaml': 'zookeeper::id: 3\n' });
});

test('a found key prints its value and the file that sets it; exit 0', () => {
  const r = run(['lookup', 'zookeeper::id', '--node', 'master1'], repo);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^zookeeper::id = 1$/m);
  assert.match(r.stdout, /set in data\/nodes\/master1\.yaml:3 \(Per node\): 1/);
});

test('--format json gives the value, the merge and every source in priority order', () => {
  const r = run(['lookup', 'profile::ports', '--node', 'master1', '--format', 'json'], repo);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.node, 'master1');
  assert.equal(out.factsDerived, true);
  assert.deepEqual(out.value, [5050, 80]);
  assert.equal(out.merge, 'unique');
  assert.equal(out.mergeSource, 'lookup_options');
  assert.deepEqual(
    out.sources.map((s: any) => [s.file, s.entry, s.value]),
    [
      ['data/nodes/master1.yaml', 'Per node', [5050]],
      ['data/common.yaml', 'Common', [80]],
    ],
  );
});

test('--merge overrides; yaml output looks like puppet lookup', () => {
  const r = run(['lookup', 'profile::ports', '--node', 'master1', '--merge', 'first', '--format', 'yaml'], repo);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '---\n- 5050\n');
  assert.equal(run(['lookup', 'zookeeper::id', '--node', 'master1', '--format', 'yaml'], repo).stdout, '--- 1\n');
});

test('a whole Float, also through an alias or a merge key, prints 1.0 in every format, as puppet lookup does', () => {
  const floats = mkdtempSync(join(tmpdir(), 'mp-cli-lookup-floats-'));
  write(floats, {
    'hiera.yaml': HIERA,
    'data/nodes/only.example.com.yaml': 'defaults: &d {cpus: 1.0, mem: 2}\nres:\n  <<: *d\n  disk: 3.0\nlist: [*d]\n',
  });
  // `puppet lookup res --render-as json` printed {"cpus":1.0,"mem":2,"disk":3.0}; `--render-as yaml` the YAML.
  const json = run(['lookup', 'res', '--format', 'json'], floats);
  assert.equal(json.code, 0, json.stderr);
  assert.match(json.stdout, /\n {2}"value": \{\n {4}"cpus": 1\.0,\n {4}"mem": 2,\n {4}"disk": 3\.0\n {2}\},\n/);
  assert.deepEqual(JSON.parse(json.stdout).value, { cpus: 1, mem: 2, disk: 3 });
  assert.equal(run(['lookup', 'res', '--format', 'yaml'], floats).stdout, '---\ncpus: 1.0\nmem: 2\ndisk: 3.0\n');
  assert.equal(run(['lookup', 'list', '--format', 'yaml'], floats).stdout, '---\n- cpus: 1.0\n  mem: 2\n');
  assert.match(run(['lookup', 'res'], floats).stdout, /^res = \{"cpus":1\.0,"mem":2,"disk":3\.0\}$/m);
});

test('facts from a JSON file choose the hierarchy; without them the OS level finds nothing', () => {
  const withFacts = run(
    ['lookup', 'ntp::servers', '--node', 'master1', '--facts', 'facts/debian.json', '--format', 'json'],
    repo,
  );
  assert.equal(withFacts.code, 0, withFacts.stderr);
  assert.deepEqual(JSON.parse(withFacts.stdout).value, ['deb.pool']);
  assert.equal(JSON.parse(withFacts.stdout).factsDerived, false);
  const derived = run(['lookup', 'ntp::servers', '--node', 'master1', '--format', 'json'], repo);
  assert.deepEqual(JSON.parse(derived.stdout).value, ['0.pool']);
  const interpolated = run(['lookup', 'greeting', '--node', 'slave1', '--format', 'json'], repo);
  assert.equal(JSON.parse(interpolated.stdout).value, 'hello slave1');
});

test("Puppet's wrapped facts form is read", () => {
  const r = run(['lookup', 'greeting', '--node', 'master1', '--facts', 'facts/wrapped.yaml', '--format', 'json'], repo);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).value, 'hello wrapped');
});

test('a missing key exits 1 with nothing on stdout, like puppet lookup, and says why on stderr', () => {
  const r = run(['lookup', 'no::such::key', '--node', 'master1'], repo);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    "mesos-puppet: 'no::such::key' is set nowhere in the hierarchy for node 'master1': no data file of the repo or of its modules sets it. Check the key's spelling.\n",
  );
  const json = run(['lookup', 'no::such::key', '--node', 'master1', '--format', 'json'], repo);
  assert.equal(json.code, 1);
  assert.equal(JSON.parse(json.stdout).found, false);
  assert.match(JSON.parse(json.stdout).reason, /^'no::such::key' is set nowhere in the hierarchy for node 'master1'/);
  const elsewhere = run(['lookup', 'zookeeper::id', '--node', 'slave1'], repo);
  assert.equal(elsewhere.code, 1);
  assert.equal(
    elsewhere.stderr,
    "mesos-puppet: 'zookeeper::id' is set nowhere in the hierarchy for node 'slave1': only data/nodes/master1.yaml sets it, which the node's hierarchy does not read.\n",
  );
});

test("a node that is not one of the repo's: the lookup says so and lists the nodes", () => {
  const r = run(['lookup', 'zookeeper::id', '--node', 'mastr1'], repo);
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    "mesos-puppet: 'zookeeper::id' was not found for node 'mastr1', which is not one of the repo's nodes (master1, slave1). Name one of them, or give the node's facts with --facts.\n",
  );
});

test('--explain prints the search step by step', () => {
  const r = run(['lookup', 'zookeeper::id', '--node', 'master1', '--explain'], repo);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Hierarchy entry "Per node"/);
  assert.match(r.stdout, /Found key: "zookeeper::id" value: 1/);
});

test('--all lists every key the node sees with its value and source', () => {
  const r = run(['lookup', '--all', '--node', 'master1', '--format', 'json'], repo);
  assert.equal(r.code, 0, r.stderr);
  const keys = JSON.parse(r.stdout).keys;
  assert.deepEqual(
    keys.map((k: any) => k.key),
    ['classes', 'greeting', 'ntp::servers', 'profile::ports', 'zookeeper::id'],
  );
  assert.deepEqual(keys.find((k: any) => k.key === 'profile::ports').value, [5050, 80]);
  assert.equal(keys.find((k: any) => k.key === 'zookeeper::id').sources[0].file, 'data/nodes/master1.yaml');
  const text = run(['lookup', '--all', '--node', 'slave1'], repo);
  assert.match(text.stdout, /^classes = \["role::slave"\]  # data\/nodes\/slave1\.yaml$/m);
});

test('the node may be left out when the repo has exactly one; PATH names the repo', () => {
  const r = run(['lookup', 'zookeeper::id', '--format', 'json', single], repo);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).node, 'only.example.com');
  assert.equal(JSON.parse(r.stdout).value, 3);
  const many = run(['lookup', 'zookeeper::id'], repo);
  assert.equal(many.code, 2);
  assert.match(many.stderr, /2 nodes; name one \(master1, slave1\)/);
});

test('usage and I/O problems exit 2', () => {
  assert.equal(run(['lookup'], repo).code, 2);
  assert.equal(run(['lookup', 'k', '--node', 'master1', '--merge', 'sideways'], repo).code, 2);
  assert.equal(run(['lookup', 'k', '--node', 'master1', '--format', 'xml'], repo).code, 2);
  assert.equal(run(['lookup', '--all', '--explain', '--node', 'master1'], repo).code, 2);
  const missingFacts = run(['lookup', 'k', '--node', 'master1', '--facts', 'facts/none.yaml'], repo);
  assert.equal(missingFacts.code, 2);
  assert.match(missingFacts.stderr, /facts\/none\.yaml: cannot read/);
  const brokenFacts = run(['lookup', 'k', '--node', 'master1', '--facts', 'facts/broken.yaml'], repo);
  assert.equal(brokenFacts.code, 2);
  assert.match(brokenFacts.stderr, /not valid YAML or JSON/);
  assert.equal(run(['lookup', 'k', '--node', 'master1', 'no/such/dir'], repo).code, 2);
});
