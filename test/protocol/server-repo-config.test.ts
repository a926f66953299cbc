// The language server honours the control repo's .mesos-puppet.yaml and the suppression comments exactly as
// `mesos-puppet check` does (both go through ide/diagnostics.ts): rule levels, rules off, module folders, and
// a change to the config on disk re-checks the open files.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, killAllServers, startSession } from '../support/lspSession.js';

before(() => ensureBuilt());
after(() => killAllServers());

test('rule levels, rules off, suppressions and module folders from .mesos-puppet.yaml reach the editor', async () => {
  const repo = mkdtempSync(join(tmpdir(), 'mp-protocol-config-'));
  cpSync(join(__dirname, '../fixtures/workspaces/book'), repo, { recursive: true });
  // The editor cannot watch files (as Neovim 0.7): the server's own watcher sees the config change.
  const s = await startSession({ root: repo });
  try {
    const site = join(repo, 'manifests/site.pp');
    const text = readFileSync(site, 'utf8').replace(
      "hiera_include('classes')\n",
      "hiera_include('classes')\n  include extra\n",
    );
    const uri = s.open(site, text);
    const codes = (p: { diagnostics: Array<{ code?: string | number; severity?: number }> }) =>
      p.diagnostics.map((d) => `${d.code}:${d.severity}`).sort();
    assert.deepEqual(codes(await s.waitForDiagnostics(uri, (p) => p.version === 1, 60_000)), [
      'puppet/hiera-include:2',
      'puppet/unknown-class:2',
    ]);

    const extra = mkdtempSync(join(tmpdir(), 'mp-protocol-config-modules-'));
    mkdirSync(join(extra, 'extra/manifests'), { recursive: true });
    writeFileSync(join(extra, 'extra/manifests/init.pp'), 'class extra {}\n');
    writeFileSync(
      join(repo, '.mesos-puppet.yaml'),
      `rules:\n  puppet/hiera-include: error\nmodulePath:\n  - ${extra}\n`,
    );
    await s.waitForDiagnostics(uri, (p) => codes(p).join() === 'puppet/hiera-include:1', 30_000);

    writeFileSync(join(repo, '.mesos-puppet.yaml'), `rules:\n  puppet/hiera-include: off\nmodulePath:\n  - ${extra}\n`);
    await s.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0, 30_000);

    rmSync(join(repo, '.mesos-puppet.yaml'));
    await s.waitForDiagnostics(uri, (p) => codes(p).join() === 'puppet/hiera-include:2,puppet/unknown-class:2', 30_000);
    s.change(uri, 0, 0, '# mesos-puppet: disable-file puppet/hiera-include, puppet/unknown-class\n');
    const quiet = await s.waitForDiagnostics(uri, (p) => p.version === 2, 30_000);
    assert.deepEqual(quiet.diagnostics, []);
    rmSync(extra, { recursive: true, force: true });
  } finally {
    await s.shutdown();
    rmSync(repo, { recursive: true, force: true });
  }
});
