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
  assert.deepEqual(out.diagnostics.map((d: any) => [d.file, d.code, d.severity, d.range]), [
    ['data/common.yaml', 'hiera/unknown-key', 'warning', { start: { line: 0, character: 0 }, end: { line: 0, character: 21 } }],
  ]);
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
  assert.deepEqual(out.diagnostics.filter((d: any) => d.code === 'hiera/unknown-key'), []);
});
