// Oracle test: a Hiera 4 hiera.yaml (deprecated, still read by Puppet 7 in an environment and in a module) resolves
// through our engine as the real `puppet lookup` (Puppet 7.23) resolves it: an entry's `name` is its path when it
// has no `path`, the backend (yaml, json) gives the extension, `datadir` per entry or for the file; a module's v4
// file is read too; the global layer refuses v4 (the lookup fails). Needs `puppet`; `.ci/run` installs it.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { nodeFileSystem } from '../../server/src/workspace/nodeFileSystem.js';
import { createLookupSession } from '../../server/src/knowledge/lookup/engine.js';
import { toJson } from '../../server/src/knowledge/lookup/values.js';
import { NOT_FOUND, scratchLookupArgs } from '../support/puppetLookup.js';

const SENTINEL = NOT_FOUND;

const ENV_HIERA = `---
version: 4
datadir: data
hierarchy:
  - name: "nodes/%{trusted.certname}"
    backend: yaml
  - name: "by-path"
    backend: yaml
    path: "shared"
    datadir: hieradata
  - name: "with-extension"
    backend: yaml
    path: "extra.yaml"
  - name: "json/%{facts.hostname}"
    backend: json
  - name: "common"
    backend: yaml
`;

const FILES: Record<string, string> = {
  'envs/production/hiera.yaml': ENV_HIERA,
  'envs/production/data/nodes/m1.example.com.yaml': "mesos::master::options:\n  quorum: '2'\n",
  // Read through the entry's path, not its name: by-path.yaml must stay unread.
  'envs/production/hieradata/shared.yaml': "mesos::zookeeper: 'zk://m1:2181/mesos'\nprofile::x::level: shared\n",
  'envs/production/hieradata/by-path.yaml': 'profile::x::level: never-read\nprofile::x::only_by_name: never-read\n',
  'envs/production/data/extra.yaml': 'profile::x::extra: yes-extra\n',
  'envs/production/data/json/m1.json': '{"profile::x::json": "from json", "profile::x::level": "json"}\n',
  'envs/production/data/common.yaml': "profile::x::level: common\nmesos::master::options:\n  quorum: '1'\n",
  // A module with its own v4 file: its keys are looked up in it.
  'envs/production/modules/stack/hiera.yaml': '---\nversion: 4\nhierarchy:\n  - name: common\n    backend: yaml\n',
  'envs/production/modules/stack/data/common.yaml': 'stack::port: 8080\n',
  // The global layer's v4 file, used by one case only (--hiera_config).
  'global-v4/hiera.yaml': '---\nversion: 4\ndatadir: /nonexistent\nhierarchy:\n  - name: common\n    backend: yaml\n',
};

function facts(name: string) {
  return {
    fqdn: `${name}.example.com`,
    hostname: name,
    domain: 'example.com',
    clientcert: `${name}.example.com`,
  };
}

test('a Hiera 4 environment and module hiera.yaml resolve as puppet lookup resolves them', () => {
  assert.equal(spawnSync('puppet', ['--version']).status, 0, "the real 'puppet' is not installed: run .ci/run");
  const tmp = mkdtempSync(join(tmpdir(), 'hiera4-oracle-'));
  try {
    for (const [rel, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(tmp, rel)), { recursive: true });
      writeFileSync(join(tmp, rel), text);
    }
    for (const name of ['m1', 'a1']) writeFileSync(join(tmp, `${name}.json`), JSON.stringify(facts(name)));
    const env = join(tmp, 'envs/production');
    const puppet = (key: string, name: string, extra: string[] = []) =>
      spawnSync('puppet', scratchLookupArgs(tmp, key, name, extra), { encoding: 'utf8' });
    const ours = (key: string, name: string, globalConfigPath?: string) => {
      const session = createLookupSession({
        fs: nodeFileSystem,
        environmentDir: env,
        ...(globalConfigPath ? { globalConfigPath } : {}),
        node: { certname: `${name}.example.com`, facts: facts(name) },
      });
      const r = session.lookup(key);
      return r.outcome.kind === 'found'
        ? JSON.stringify(toJson(r.outcome.value))
        : r.outcome.kind === 'not-found'
          ? JSON.stringify(SENTINEL)
          : 'error';
    };
    const cases: Array<[string, string]> = [
      ['mesos::master::options', 'm1'],
      ['mesos::master::options', 'a1'],
      ['mesos::zookeeper', 'a1'],
      ['profile::x::level', 'm1'],
      ['profile::x::level', 'a1'],
      ['profile::x::only_by_name', 'a1'],
      ['profile::x::extra', 'a1'],
      ['profile::x::json', 'm1'],
      ['stack::port', 'a1'],
    ];
    const disagreements: string[] = [];
    for (const [key, name] of cases) {
      const run = puppet(key, name);
      assert.equal(run.status, 0, run.stderr);
      const theirs = JSON.stringify(JSON.parse(run.stdout.trim().split('\n').pop()!));
      const mine = ours(key, name);
      if (mine !== theirs) disagreements.push(`${key} on ${name}: puppet ${theirs}, ours ${mine}`);
    }
    // The global layer refuses a v4 file: the lookup fails, in Puppet and in ours.
    const global = puppet('profile::x::level', 'a1', ['--hiera_config', join(tmp, 'global-v4/hiera.yaml')]);
    const globalOurs = ours('profile::x::level', 'a1', join(tmp, 'global-v4/hiera.yaml'));
    if ((global.status !== 0) !== (globalOurs === 'error'))
      disagreements.push(`global v4: puppet exit ${global.status}, ours ${globalOurs}`);
    assert.deepEqual(disagreements, []);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
