// `mesos-puppet scaffold` as a user runs it: writes the repo, is idempotent, refuses to overwrite what the user
// changed (exit 1, listing the conflicts, writing nothing) unless --force, and rejects bad input with exit 2.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const HOSTS = ['--masters', 'master1,master2,master3', '--slaves', 'slave1,slave2,slave3'];

function run(args: string[], cwd = tmpdir()) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
});

test('writes the control repo, then leaves it unchanged on a second run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-scaffold-'));
  const first = run(['scaffold', dir, ...HOSTS]);
  assert.equal(first.code, 0, first.stderr);
  for (const f of ['Puppetfile', 'environment.conf', 'hiera.yaml', 'manifests/site.pp', 'site-modules/role/manifests/mesos/master.pp', 'data/common.yaml', 'data/nodes/master2.yaml', 'data/roles/mesos_slave.yaml', 'README.md']) {
    assert.ok(existsSync(join(dir, f)), f);
  }
  assert.match(first.stdout, /Mesos cluster scaffolded: 3 masters, 3 agents, the newest modules\./, 'the newest set unless --modules book');
  assert.match(readFileSync(join(dir, 'Puppetfile'), 'utf8'), /:ref => 'v1\.1\.0'/);
  assert.match(first.stdout, /No --ip for master1, master2, master3, slave1, slave2, slave3: they listen on the address Facter reports/);
  assert.match(first.stdout, /Provide the Mesos packages .* the Mesosphere repository is gone/);
  const second = run(['scaffold', dir, ...HOSTS]);
  assert.equal(second.code, 0);
  assert.doesNotMatch(second.stdout, /created|overwritten/);
});

test('--ip gives a host its address; the others are listed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-scaffold-'));
  const r = run(['scaffold', dir, ...HOSTS, '--ip', 'master1=10.0.0.1', '--ip', 'slave1=10.0.0.11']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(readFileSync(join(dir, 'data/nodes/master1.yaml'), 'utf8'), /^mesos::listen_address: '10\.0\.0\.1'$/m);
  assert.match(readFileSync(join(dir, 'data/nodes/master2.yaml'), 'utf8'), /^mesos::listen_address: '%\{facts\.networking\.ip\}'$/m);
  assert.match(r.stdout, /No --ip for master2, master3, slave2, slave3: they listen/);
});

test('a file the user changed is a conflict: exit 1, nothing written; --force overwrites', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-scaffold-'));
  writeFileSync(join(dir, 'hiera.yaml'), 'version: 5 # mine\n');
  const r = run(['scaffold', dir, ...HOSTS]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /exist with other content; nothing was written/);
  assert.match(r.stderr, /hiera\.yaml/);
  assert.ok(!existsSync(join(dir, 'Puppetfile')), 'nothing else written either');
  assert.equal(readFileSync(join(dir, 'hiera.yaml'), 'utf8'), 'version: 5 # mine\n');
  const forced = run(['scaffold', dir, ...HOSTS, '--force']);
  assert.equal(forced.code, 0);
  assert.match(forced.stdout, /overwritten .*hiera\.yaml/);
});

test('bad input is a usage error that says what is wrong', () => {
  const even = run(['scaffold', mkdtempSync(join(tmpdir(), 'mp-')), '--masters', 'a,b', '--slaves', 'c']);
  assert.equal(even.code, 2);
  assert.match(even.stderr, /2 masters: use an odd number/);
  assert.equal(run(['scaffold', '--masters', 'a']).code, 2);
  assert.match(run(['scaffold', '--masters', 'a', '--slaves', 'b', '--modules', 'old']).stderr, /--modules takes book or newest/);
  assert.match(run(['scaffold', '--masters', 'bad_name', '--slaves', 'b']).stderr, /RFC 1123/);
});
