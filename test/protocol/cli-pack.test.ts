// The npm package as a user installs it: `npm pack`, then `npm install -g` of the tarball into a fresh prefix,
// then the installed `mesos-puppet` checks a repo. The tarball holds only what runs (the two bundled commands)
// and the docs, and needs no dependency from the registry.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, cpSync, readdirSync, existsSync } from 'node:fs';
import { factsFiles } from '../support/factsFiles.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

let tarball: string;
let files: string[];

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const dest = mkdtempSync(join(tmpdir(), 'mp-pack-'));
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const info = JSON.parse(out)[0] as { filename: string; files: Array<{ path: string }> };
  files = info.files.map((f) => f.path).sort();
  tarball = join(dest, info.filename);
});

test('the tarball ships the two bundled commands and the docs, nothing else', () => {
  // dist/facts: the module facts the CLI and the server read on first use (scripts/build.mjs copies them).
  assert.deepEqual(
    files,
    [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/cli/main.js',
      'dist/server/main.js',
      'dist/server/server.js',
      ...factsFiles().map((f) => `dist/facts/${f}`),
      'package.json',
    ].sort(),
  );
  assert.match(tarball, /mesos-puppet-\d+\.\d+\.\d+\.tgz$/);
});

test('npm install -g of the tarball gives a working mesos-puppet command', () => {
  const prefix = mkdtempSync(join(tmpdir(), 'mp-prefix-'));
  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], {
    encoding: 'utf8',
    stdio: 'pipe',
  });
  const bin = join(prefix, 'bin');
  assert.deepEqual(readdirSync(bin).sort(), ['mesos-puppet', 'mesos-puppet-language-server']);
  assert.ok(!existsSync(join(prefix, 'lib/node_modules/mesos-puppet/node_modules')), 'no dependencies installed');
  const repo = mkdtempSync(join(tmpdir(), 'mp-pack-book-'));
  cpSync(join(ROOT, 'test/fixtures/workspaces/book'), repo, { recursive: true });
  // As a user runs it: by name, from PATH, in the repo.
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
  const r = spawnSync('mesos-puppet', ['check', '--format', 'json'], { cwd: repo, env, encoding: 'utf8' });
  const out = JSON.parse(r.stdout) as { files: number; diagnostics: Array<{ severity: string; code: string }> };
  assert.equal(out.files, 17);
  assert.ok(
    out.diagnostics.some((d) => d.code === 'mesos/checkpoint-no-effect'),
    "the book repo's known findings",
  );
  assert.equal(r.status, out.diagnostics.some((d) => d.severity === 'error') ? 1 : 0, r.stderr);
  const help = spawnSync('mesos-puppet', ['check', '--help'], { cwd: repo, env, encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: mesos-puppet check /);
  const version = spawnSync('mesos-puppet', ['--version'], { env, encoding: 'utf8' });
  assert.equal(
    version.stdout,
    `mesos-puppet ${JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json").version)'], { cwd: ROOT, encoding: 'utf8' }))}\n`,
  );
});
