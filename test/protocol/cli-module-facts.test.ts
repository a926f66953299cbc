// The built CLI reads each module's facts from dist/facts, beside the bundle, on first use: copied away from the
// sources, it checks a repo against the exact mesos release its Puppetfile pins (v0.7.1 has mesos::cli, v0.6.5
// does not; v0.8.0 added single_role).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
let dist: string;

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  // Only the bundles and their facts: nothing of server/src is reachable from here.
  dist = mkdtempSync(join(tmpdir(), 'mp-dist-'));
  cpSync(join(ROOT, 'dist/cli'), join(dist, 'cli'), { recursive: true });
  cpSync(join(ROOT, 'dist/facts'), join(dist, 'facts'), { recursive: true });
});

after(() => rmSync(dist, { recursive: true, force: true }));

function checkRepo(ref: string): Array<[string, string]> {
  const repo = mkdtempSync(join(tmpdir(), 'mp-facts-'));
  try {
    mkdirSync(join(repo, 'data'));
    writeFileSync(
      join(repo, 'Puppetfile'),
      `mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => '${ref}'\n`,
    );
    writeFileSync(join(repo, 'data/common.yaml'), 'mesos::cli::owner: root\nmesos::single_role: true\n');
    const r = spawnSync(process.execPath, [join(dist, 'cli/main.js'), 'check', '--format', 'json', 'data'], {
      cwd: repo,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout).diagnostics.map((d: { code: string; message: string }) => [
      d.code,
      d.message.split(/[.:] /)[0],
    ]);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

test('the facts are shipped beside the bundles, one file per module', () => {
  assert.deepEqual(readdirSync(join(ROOT, 'dist/facts')).sort(), [
    'deric-mesos.json',
    'deric-zookeeper.json',
    'gini-archive.json',
    'puppet-archive.json',
    'puppetlabs-apt.json',
    'puppetlabs-concat.json',
    'puppetlabs-java.json',
    'puppetlabs-stdlib.json',
    'richardc-datacat.json',
  ]);
});

test('a repo is checked against the exact release it pins', () => {
  assert.deepEqual(checkRepo('v0.8.0'), [], 'v0.8.0 has both');
  const v071 = checkRepo('v0.7.1');
  assert.deepEqual(
    v071.map(([code]) => code),
    ['hiera/unknown-key'],
    'v0.7.1 has mesos::cli but not single_role',
  );
  assert.match(v071[0][1], /single_role/);
  const v065 = checkRepo('v0.6.5');
  assert.deepEqual(
    v065.map(([code]) => code),
    ['hiera/unknown-key', 'hiera/unknown-key'],
    'v0.6.5 has neither',
  );
});
