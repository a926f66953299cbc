// The built `mesos-puppet` CLI as a CI pipeline runs it: exit codes, text and JSON output, and the same
// diagnostics the server publishes.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let repo: string;

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  repo = mkdtempSync(join(tmpdir(), 'mp-cli-'));
  mkdirSync(join(repo, 'data'));
  writeFileSync(
    join(repo, 'Puppetfile'),
    "mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'\nmod 'stdlib', :git => 'https://github.com/puppetlabs/puppetlabs-stdlib', :ref => '4.5.1'\nmod 'apt', :git => 'https://github.com/puppetlabs/puppetlabs-apt', :ref => '1.7.0'\n",
  );
  writeFileSync(join(repo, 'data/common.yaml'), "mesos::master::quorom: '2'\nmesos::zookeeper: 'zk://a:2181/mesos'\n");
});

test('check --format json prints one object with LSP-style ranges and stable codes', () => {
  const r = run(['check', '--format', 'json'], repo);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.files, 2);
  assert.deepEqual(
    out.diagnostics.map((d: any) => [d.file, d.code, d.severity, d.range]),
    [
      [
        'data/common.yaml',
        'hiera/unknown-key',
        'warning',
        { start: { line: 0, character: 0 }, end: { line: 0, character: 21 } },
      ],
    ],
  );
  assert.match(out.diagnostics[0].message, /Did you mean the Mesos flag 'quorum'/);
});

test('check in text form names file, line and column, and sums up', () => {
  const r = run(['check', 'data'], repo);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^data\/common\.yaml:1:1: warning \[hiera\/unknown-key\] /m);
  assert.match(r.stdout, /^1 file checked: 0 errors, 1 warning, 0 notes\.$/m);
});

test('errors make the exit code 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-cli-err-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data/common.yaml'), 'a: [unclosed\n');
  const r = run(['check', '--format=json'], dir);
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).diagnostics[0].code, 'hiera/yaml-syntax');
});

test('usage and I/O problems exit 2 with a message on stderr', () => {
  assert.equal(run(['check', '--format', 'xml'], repo).code, 2);
  const missing = run(['check', 'no/such/dir'], repo);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no\/such\/dir: no such file or directory/);
  assert.equal(run(['frobnicate'], repo).code, 2);
  assert.equal(run([], repo).code, 2);
  assert.equal(run(['--help'], repo).code, 0);
});

test('the book control repo: every file is read, the dead checkpoint key is not an unknown key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-cli-book-'));
  cpSync(join(ROOT, 'test/fixtures/workspaces/book'), dir, { recursive: true });
  const out = JSON.parse(run(['check', '--format', 'json'], dir).stdout);
  assert.equal(out.files, 17, 'Puppetfile, hiera.yaml, 7 data files, 8 manifests');
  assert.deepEqual(
    out.diagnostics.filter((d: any) => d.code === 'hiera/unknown-key'),
    [],
  );
});

test('check --list-rules prints every code with its severity and meaning, as text or JSON', () => {
  const text = run(['check', '--list-rules'], repo);
  assert.equal(text.code, 0);
  assert.match(
    text.stdout,
    /^mesos\/quorum-majority +error +The masters' quorum must be more than half the masters of their cluster/m,
  );
  assert.match(text.stdout, /^editor\/problems-not-shown +information +/m);
  const json = run(['check', '--list-rules', '--format', 'json'], repo);
  const rules = JSON.parse(json.stdout) as Array<{ code: string; severity: string; summary: string }>;
  assert.equal(text.stdout.trim().split('\n').length, rules.length);
  assert.ok(rules.length >= 60);
  assert.deepEqual(
    rules.find((r) => r.code === 'hiera/unknown-key'),
    {
      code: 'hiera/unknown-key',
      severity: 'warning',
      summary: 'The key names a parameter that the class does not have.',
      fixable: false,
    },
  );
  assert.equal(
    (rules.find((r) => r.code === 'puppetfile/git-protocol') as { fixable?: boolean }).fixable,
    true,
    '--fix applies it',
  );
  assert.match(text.stdout, /^puppetfile\/git-protocol +warning +.* \(--fix\)$/m);
  assert.equal(run(['check', '--list-rules', 'data'], repo).code, 2);
});

test('check reports every problem of a file, past the editor limit of 1,000', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-cli-many-'));
  cpSync(repo, dir, { recursive: true });
  writeFileSync(
    join(dir, 'data/common.yaml'),
    Array.from({ length: 1200 }, (_, i) => `mesos::master::nope${i}: 1`).join('\n') + '\n',
  );
  const out = JSON.parse(run(['check', '--format', 'json', 'data'], dir).stdout) as {
    diagnostics: Array<{ code: string }>;
  };
  assert.equal(out.diagnostics.length, 1200);
  assert.ok(out.diagnostics.every((d) => d.code === 'hiera/unknown-key'));
});

test('check --explain-modules says which version of each module is in use and why (text and JSON)', () => {
  const text = run(['check', '--explain-modules'], repo);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^\.: r10k control repo, 3 modules$/m);
  assert.match(
    text.stdout,
    /^ {2}mesos 0\.5\.2 — puppetfile, facts: bundled\n {4}mesos 0\.5\.2, from the Puppetfile \(git https:\/\/github\.com\/deric\/puppet-mesos 'v0\.5\.2'\)\. Checked against the bundled facts of deric-mesos 0\.5\.2\.$/m,
  );
  // Every release of apt and stdlib is indexed too: all three are checked against their own facts.
  const json = JSON.parse(run(['check', '--explain-modules', '--format', 'json'], repo).stdout);
  assert.deepEqual(
    json[0].modules.map((m: any) => `${m.name} ${m.version} ${m.from} ${m.facts}`),
    ['apt 1.7.0 puppetfile bundled', 'mesos 0.5.2 puppetfile bundled', 'stdlib 4.5.1 puppetfile bundled'],
  );
});

test('check --include-vendored reports inside a vendored module; without it only its syntax errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-cli-vendored-'));
  writeFileSync(join(dir, 'Puppetfile'), "mod 'puppetlabs/ntp', '9.0.0'\n");
  mkdirSync(join(dir, 'modules/ntp/manifests'), { recursive: true });
  writeFileSync(join(dir, 'modules/ntp/metadata.json'), '{"name": "puppetlabs-ntp", "version": "9.0.0"}');
  writeFileSync(join(dir, 'modules/ntp/manifests/init.pp'), "class ntp {\n  hiera_include('classes')\n}\n");
  const codes = (args: string[]) =>
    JSON.parse(run(['check', '--format', 'json', ...args], dir).stdout)
      .diagnostics.filter((d: any) => d.file.startsWith('modules/'))
      .map((d: any) => `${d.file} ${d.code}`);
  assert.deepEqual(codes([]), []);
  assert.deepEqual(codes(['--include-vendored']), ['modules/ntp/manifests/init.pp puppet/hiera-include']);
});

test('--help for every command prints its options and exits 0; top-level help lists the commands', () => {
  for (const command of ['check', 'lookup', 'scaffold']) {
    for (const flag of ['--help', '-h']) {
      const r = run([command, flag], repo);
      assert.equal(r.code, 0, `${command} ${flag}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^usage: mesos-puppet ${command} `));
      assert.match(r.stdout, /^options:$/m);
      assert.match(r.stdout, /^ {2}--help, -h +Show this help\.$/m);
    }
  }
  assert.match(
    run(['check', '--help'], repo).stdout,
    /^ {2}--format text\|json\|sarif\|github +text \(default\), json, SARIF 2\.1\.0/m,
  );
  assert.match(run(['lookup', '--help'], repo).stdout, /^ {2}--node NAME +The node to look up for/m);
  assert.match(run(['scaffold', '--help'], repo).stdout, /^ {2}--masters HOST,\.\.\. +The master hosts/m);
  assert.equal(run(['help', 'lookup'], repo).stdout, run(['lookup', '--help'], repo).stdout);
  const top = run(['--help'], repo);
  assert.equal(top.code, 0);
  assert.match(top.stdout, /^ {2}check +Report the problems/m);
  assert.match(top.stdout, /^ {2}lookup +What `puppet lookup` answers/m);
  assert.match(top.stdout, /^ {2}scaffold +Write the control repo/m);
  const unknown = run(['check', '--bogus'], repo);
  assert.equal(unknown.code, 2);
  assert.equal(
    unknown.stderr,
    "mesos-puppet: unknown option '--bogus'\nRun 'mesos-puppet check --help' for its options.\n",
  );
  assert.match(run(['check', '--format'], repo).stderr, /--format needs a value/);
  assert.match(run(['check', '--list-rules=yes'], repo).stderr, /--list-rules takes no value/);
});

test('check --facts DIR: a node on an OS release the mesos module does not list is warned about', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-cli-facts-'));
  execFileSync(
    process.execPath,
    [
      CLI,
      'scaffold',
      join(dir, 'repo'),
      '--masters',
      'm1,m2,m3',
      '--slaves',
      'a1',
      '--domain',
      'example.com',
      '--modules',
      'newest',
    ],
    { stdio: 'pipe' },
  );
  mkdirSync(join(dir, 'facts'));
  // Facter's output for m1 (Debian 12), a Puppet server's cache for a1 (Debian 10, which mesos v1.1.0 lists).
  writeFileSync(
    join(dir, 'facts/m1.example.com.yaml'),
    "os:\n  name: Debian\n  release:\n    major: '12'\n    full: '12.8'\n",
  );
  writeFileSync(
    join(dir, 'facts/a1.example.com.yaml'),
    "--- !ruby/object:Puppet::Node::Facts\nname: a1.example.com\nvalues:\n  os:\n    name: Debian\n    release: {major: '10', full: '10.13'}\n",
  );
  const checked = (args: string[]) =>
    JSON.parse(run(['check', '--format', 'json', ...args, 'repo'], dir).stdout).diagnostics.map(
      (d: any) => `${d.file} ${d.code} ${d.severity}`,
    );
  assert.deepEqual(checked([]), [], 'without facts the scaffold passes every rule');
  assert.deepEqual(checked(['--facts', 'facts']), ['repo/data/nodes/m1.example.com.yaml mesos/os-unsupported warning']);
  const text = run(['check', '--facts', 'facts', 'repo'], dir);
  assert.equal(text.code, 0, 'a warning does not fail the check');
  assert.match(
    text.stdout,
    /m1\.example\.com runs Debian 12\.8 \(facts from .*facts\/m1\.example\.com\.yaml\), which mesos v1\.1\.0 does not support/,
  );
  // The same folder named in the repo's .mesos-puppet.yaml.
  writeFileSync(join(dir, 'repo/.mesos-puppet.yaml'), `facts: ${join(dir, 'facts')}\n`);
  assert.deepEqual(checked([]), ['repo/data/nodes/m1.example.com.yaml mesos/os-unsupported warning']);
  const missing = run(['check', '--facts', 'nowhere', 'repo'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--facts nowhere: no such folder/);
});
