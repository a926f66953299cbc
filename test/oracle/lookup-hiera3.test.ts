// Oracle test: a Hiera 3 configuration in a subfolder of the repo (a Vagrant layout's puppet/hiera.yaml) with an
// interpolated absolute datadir resolves, through our engine (the repo's layers: the v3 file read as the global
// layer, the datadir matched to the repo's hieradata/), as the real `puppet lookup --hiera_config` (Puppet 7.23)
// resolves it where the datadir really is that folder. Needs `puppet`; `.ci/run` installs it.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { Project } from '../../server/src/workspace/project.js';
import { nodeFileSystem } from '../../server/src/workspace/nodeFileSystem.js';
import { createLookupSession } from '../../server/src/knowledge/lookup/engine.js';
import { nodeLookupContext } from '../../server/src/knowledge/lookup/nodeContext.js';
import { discoverNodes } from '../../server/src/knowledge/cluster/nodes.js';
import { toJson } from '../../server/src/knowledge/lookup/values.js';
import { NOT_FOUND, scratchLookupArgs } from '../support/puppetLookup.js';

const SENTINEL = NOT_FOUND;

test('a Hiera 3 file in puppet/ with an interpolated datadir resolves as puppet lookup resolves it', () => {
  assert.equal(spawnSync('puppet', ['--version']).status, 0, "the real 'puppet' is not installed: run .ci/run");
  const tmp = mkdtempSync(join(tmpdir(), 'hiera3-oracle-'));
  try {
    const env = join(tmp, 'envs', 'production');
    const files: Record<string, string> = {
      // The datadir names the environment folder through %{::environment}: Puppet reads <env>/hieradata.
      'puppet/hiera.yaml': `---\n:backends:\n  - yaml\n:yaml:\n  :datadir: '${join(tmp, 'envs')}/%{::environment}/hieradata'\n:hierarchy:\n  - "nodes/%{::fqdn}"\n  - "os/%{::osfamily}"\n  - common\n`,
      'hieradata/common.yaml':
        "mesos::zookeeper: 'zk://m1:2181/mesos'\nmesos::master::options:\n  quorum: '1'\nprofile::base::motd: 'common %{::hostname}'\n",
      'hieradata/os/Debian.yaml': 'profile::base::packages: [curl, vim]\n',
      'hieradata/nodes/m1.example.com.yaml': "mesos::master::options:\n  quorum: '2'\n  hostname: m1.example.com\n",
      'hieradata/nodes/a1.example.com.yaml': 'mesos::slave::attributes:\n  rack: r1\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(env, rel)), { recursive: true });
      writeFileSync(join(env, rel), text);
    }
    const facts = (name: string) => ({
      fqdn: `${name}.example.com`,
      hostname: name,
      domain: 'example.com',
      clientcert: `${name}.example.com`,
      osfamily: 'Debian',
    });
    for (const name of ['m1', 'a1']) writeFileSync(join(tmp, `${name}.json`), JSON.stringify(facts(name)));
    const project = new Project(nodeFileSystem, [env]);
    // Node discovery reads the same files.
    assert.deepEqual(
      discoverNodes(project, env).map((n) => n.certname),
      ['a1.example.com', 'm1.example.com'],
    );
    const cases: Array<[string, string]> = [
      ['mesos::master::options', 'm1'],
      ['mesos::master::options', 'a1'],
      ['profile::base::motd', 'a1'],
      ['profile::base::packages', 'm1'],
      ['mesos::slave::attributes', 'm1'],
    ];
    const disagreements: string[] = [];
    for (const [key, name] of cases) {
      const run = spawnSync(
        'puppet',
        scratchLookupArgs(tmp, key, name, ['--hiera_config', join(env, 'puppet/hiera.yaml')]),
        { encoding: 'utf8' },
      );
      assert.equal(run.status, 0, run.stderr);
      const theirs: unknown = JSON.parse(run.stdout.trim().split('\n').pop()!);
      const session = createLookupSession({ ...nodeLookupContext(project, env, `${name}.example.com`, facts(name)) });
      const r = session.lookup(key);
      const ours = r.outcome.kind === 'found' ? toJson(r.outcome.value) : SENTINEL;
      if (JSON.stringify(ours) !== JSON.stringify(theirs))
        disagreements.push(`${key} on ${name}: puppet ${JSON.stringify(theirs)}, ours ${JSON.stringify(ours)}`);
    }
    assert.deepEqual(disagreements, []);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
