// Useful at once: while the first module index of a big repo is being prepared, opening a file publishes what
// the file says on its own (its syntax and parse problems) straight away, and the full set — key meanings,
// cluster rules, which need the index — follows when the index is ready. Checked by the order and content of
// the publishes, not by time: the repo is big enough that its warm-up outlasts the open.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, startSession } from '../support/lspSession.js';

let repo: string;

before(() => {
  ensureBuilt();
  repo = mkdtempSync(join(tmpdir(), 'mp-first-diags-'));
  mkdirSync(join(repo, 'data/nodes'), { recursive: true });
  mkdirSync(join(repo, 'site-modules/profile/manifests'), { recursive: true });
  writeFileSync(
    join(repo, 'hiera.yaml'),
    "---\nversion: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n  - name: 'Per node'\n    path: 'nodes/%{trusted.certname}.yaml'\n  - name: 'Common'\n    path: 'common.yaml'\n",
  );
  writeFileSync(
    join(repo, 'Puppetfile'),
    "mod 'deric-mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'\n",
  );
  writeFileSync(join(repo, 'data/common.yaml'), "---\nmesos::zookeeper: 'zk://master1:2181/mesos'\n");
  for (let p = 0; p < 1500; p++)
    writeFileSync(
      join(repo, `site-modules/profile/manifests/p${p}.pp`),
      `class profile::p${p} (String $ensure = 'present') {\n  include mesos\n}\n`,
    );
  for (let n = 0; n < 3000; n++)
    writeFileSync(
      join(repo, `data/nodes/node${n}.example.com.yaml`),
      `---\nclasses:\n  - profile::p${n % 1500}\nprofile::p${n % 1500}::ensure: 'present'\n`,
    );
});

after(() => rmSync(repo, { recursive: true, force: true }));

test(
  'a file opened during the warm-up gets its own problems at once, then the full set',
  { timeout: 240_000 },
  async () => {
    const s = await startSession({ root: repo, settings: { modulePath: [] }, waitForIndex: false });
    try {
      const path = join(repo, 'data/nodes/node7.example.com.yaml');
      // A duplicate key on line 4 (the file alone says so) and a misspelt mesos parameter (the key space says so).
      const text = "---\nclasses:\n  - profile::p7\nsite::port: 1\nsite::port: 2\nmesos::master::quorom: '2'\n";
      const uri = s.open(path, text);
      const first = await s.waitForDiagnostics(uri, () => true, 120_000);
      const warmUpEnded = (): boolean => s.logs.some((l) => l.includes('module index prepared'));
      assert.equal(warmUpEnded(), false, 'the first diagnostics came before the index was ready');
      assert.deepEqual(
        first.diagnostics.map((d) => [d.code, d.range.start.line]),
        [['hiera/duplicate-key', 4]],
      );
      const full = await s.waitForDiagnostics(uri, (p) => p.diagnostics.length > first.diagnostics.length, 200_000);
      assert.ok(warmUpEnded(), 'the full set followed the index');
      const codes = full.diagnostics.map((d) => [d.code, d.range.start.line]);
      assert.deepEqual(
        codes.filter(([c]) => c === 'hiera/duplicate-key'),
        [['hiera/duplicate-key', 4]],
      );
      assert.deepEqual(
        codes.filter(([c]) => c === 'hiera/unknown-key'),
        [['hiera/unknown-key', 5]],
        'the misspelt key is reported once the key space is known',
      );
      const forUri = s.diagnostics.filter((p) => p.uri === uri);
      assert.deepEqual(
        forUri.slice(0, 1).map((p) => p.diagnostics.length),
        [1],
        'the file-scope set was published first',
      );
    } finally {
      await s.shutdown();
    }
  },
);
