// Hiera found wherever it is: a hiera.yaml (v3 or v5) below the repo root, datadirs written for the machine
// Puppet runs on (absolute, interpolated) matched to the repo's folders, and the real data then checked.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { fixtureProject } from '../support/project.js';
import { declaredDatadirsOf, matchDatadir } from '../../server/src/workspace/hieraConfigs.js';
import { discoverNodes } from '../../server/src/knowledge/cluster/nodes.js';
import { memoryFileSystem } from '../support/memoryFileSystem.js';

const datadirsOfText = (text: string) => declaredDatadirsOf(parseHieraConfig(text));
import { hover } from '../../server/src/ide/hover.js';
import { parseHieraConfig } from '../../server/src/syntax/hiera/hieraConfig.js';

const CLUSTER = (dir: string, quorum: string) => `#- ${dir}/common.yaml
mesos::zookeeper: 'zk://m1:2181,m2:2181,m3:2181/mesos'
zookeeper::servers: ['m1:2888:3888', 'm2:2888:3888', 'm3:2888:3888']
mesos::master::options:
  quorum: '${quorum}'
mesos::slave::work_dir: /var/lib/mesos
#- ${dir}/nodes/m1.yaml
classes: [role::mesos::master]
zookeeper::id: '1'
#- ${dir}/nodes/m2.yaml
classes: [role::mesos::master]
zookeeper::id: '2'
#- ${dir}/nodes/m3.yaml
classes: [role::mesos::master]
zookeeper::id: '3'
`;

// A Vagrant layout: Hiera 3 at puppet/hiera.yaml, the data where Vagrant mounts the repo (/vagrant).
const VAGRANT = `#- /work/Vagrantfile
Vagrant.configure('2') { |c| c.vm.provision :puppet }
#- /work/puppet/hiera.yaml
---
:backends:
  - yaml
:yaml:
  :datadir: /vagrant/puppet/hiera-data
:hierarchy:
  - "nodes/%{::fqdn}"
  - common
`;

function codesIn(fixture: string, path: string): string[] {
  const { project } = fixtureProject(fixture);
  return fileDiagnostics(project, path).map((d) => d.code);
}

test('a Hiera 3 file in a subfolder with an absolute datadir: its data gets the key and cluster checks', () => {
  const good = `${VAGRANT}${CLUSTER('/work/puppet/hiera-data', '2')}`;
  const { project } = fixtureProject(good);
  assert.equal(project.classify('/work/puppet/hiera-data/common.yaml'), 'hiera-data');
  assert.deepEqual(
    discoverNodes(project, '/work/puppet').map((n) => [n.certname, n.path]),
    [
      ['m1', '/work/puppet/hiera-data/nodes/m1.yaml'],
      ['m2', '/work/puppet/hiera-data/nodes/m2.yaml'],
      ['m3', '/work/puppet/hiera-data/nodes/m3.yaml'],
    ],
  );
  assert.deepEqual(codesIn(good, '/work/puppet/hiera-data/common.yaml'), []);
  // The cluster rules read the values through the Hiera 3 hierarchy: a minority quorum is found.
  assert.deepEqual(
    codesIn(`${VAGRANT}${CLUSTER('/work/puppet/hiera-data', '1')}`, '/work/puppet/hiera-data/common.yaml'),
    ['mesos/quorum-majority'],
  );
  // And the key checks: a misspelt parameter.
  assert.deepEqual(
    codesIn(`${good}#- /work/puppet/hiera-data/extra.yaml\nmesos::zookeepr: x\n`, '/work/puppet/hiera-data/extra.yaml'),
    ['hiera/unknown-key'],
  );
});

test("a Hiera 3 datadir under the environment path is the repo's own folder", () => {
  const repo = `#- /work/Puppetfile
mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v1.1.0'
#- /work/hiera.yaml
---
:backends: [yaml]
:yaml:
  :datadir: '/etc/puppetlabs/code/environments/%{environment}/hieradata'
:hierarchy: ['nodes/%{::fqdn}', common]
${CLUSTER('/work/hieradata', '1')}`;
  const { project } = fixtureProject(repo);
  assert.equal(discoverNodes(project, '/work').length, 3);
  assert.deepEqual(codesIn(repo, '/work/hieradata/common.yaml'), ['mesos/quorum-majority']);
});

test('datadirs are matched by the longest tail that exists, and say how', () => {
  const fs = memoryFileSystem({
    '/r/puppet/hieradata/production/common.yaml': 'a: 1\n',
    '/r/puppet/hiera.yaml': '',
    '/r/data/x.yaml': 'a: 1\n',
  });
  const m = (configDir: string, declared: string) => matchDatadir(fs, configDir, '/r', declared);
  assert.deepEqual(m('/r/puppet', '/etc/puppet/hieradata/%{::environment}'), {
    declared: '/etc/puppet/hieradata/%{::environment}',
    dir: '/r/puppet/hieradata/production',
    how: "'/etc/puppet/hieradata/%{::environment}' matched by its tail 'puppet/hieradata/%{environment}' to puppet/hieradata/production/ (the environment 'production')",
  });
  assert.equal(m('/r', '/etc/puppetlabs/code/environments/%{environment}/data').dir, '/r/data');
  assert.match(
    m('/r', '/etc/puppetlabs/code/environments/%{environment}/data').how,
    /environment path '\/etc\/puppetlabs\/code\/environments\/%\{environment\}\/' taken away: data\/ of the environment, data\/ here/,
  );
  assert.equal(m('/r/puppet', 'hieradata').dir, '/r/puppet/hieradata');
  assert.deepEqual(m('/r/puppet', '/srv/nothing/here'), {
    declared: '/srv/nothing/here',
    dir: undefined,
    how: "'/srv/nothing/here' names no folder of the repo (no tail of it exists here)",
  });
});

test('hover on a matched datadir and on a data file says how the datadir was matched', () => {
  const { project } = fixtureProject(`${VAGRANT}${CLUSTER('/work/puppet/hiera-data', '2')}`);
  const config = project.readText('/work/puppet/hiera.yaml')!;
  const onDatadir = hover(project, '/work/puppet/hiera.yaml', config.indexOf('/vagrant/') + 3);
  assert.equal(
    onDatadir?.markdown,
    "**datadir** — '/vagrant/puppet/hiera-data' matched by its tail 'puppet/hiera-data' to puppet/hiera-data/ in the repo.",
  );
  const data = project.readText('/work/puppet/hiera-data/common.yaml')!;
  const onKey = hover(project, '/work/puppet/hiera-data/common.yaml', data.indexOf('mesos::zookeeper') + 2);
  assert.match(
    onKey!.markdown,
    /Hiera data of `puppet\/hiera\.yaml` \(version 3\): its datadir '\/vagrant\/puppet\/hiera-data' matched by its tail 'puppet\/hiera-data' to puppet\/hiera-data\/ in the repo\.$/,
  );
  // A datadir that names nothing here says so.
  const { project: p2 } = fixtureProject(
    '#- /work/hiera.yaml\n---\n:yaml:\n  :datadir: /srv/hiera\n:hierarchy: [common]\n',
  );
  const t2 = p2.readText('/work/hiera.yaml')!;
  assert.equal(
    hover(p2, '/work/hiera.yaml', t2.indexOf('/srv') + 2)?.markdown,
    "**datadir** — '/srv/hiera' names no folder of the repo (no tail of it exists here): no data of the repo is read through it.",
  );
});

test('the datadirs each hiera.yaml version declares, read by the one hiera.yaml parser', () => {
  // v5: defaults and per-entry datadirs; without defaults Puppet's `data`.
  assert.deepEqual(
    datadirsOfText(`version: 5
defaults: {datadir: hieradata}
hierarchy:
  - {name: nodes, path: 'nodes/%{trusted.certname}.yaml'}
  - {name: secrets, path: secrets.yaml, datadir: secure}
`),
    { version: 5, datadirs: ['hieradata', 'secure'] },
  );
  assert.deepEqual(datadirsOfText('version: 5\n'), { version: 5, datadirs: ['data'] });
  // v4 (deprecated, still read for where data is): top datadir and per-entry ones.
  assert.deepEqual(
    datadirsOfText(`version: 4
datadir: hiera
hierarchy:
  - {name: common, backend: yaml}
  - {name: other, backend: json, datadir: jsondata}
`),
    { version: 4, datadirs: ['hiera', 'jsondata'] },
  );
  assert.deepEqual(datadirsOfText('version: 4\nhierarchy: []\n'), { version: 4, datadirs: ['data'] });
  // v3: the yaml and json backends' :datadir:, else Puppet's default.
  assert.deepEqual(
    datadirsOfText(`---
:backends:
  - yaml
  - json
:yaml:
  :datadir: /etc/puppet/hieradata
:json:
  :datadir: /etc/puppet/jsondata
:hierarchy:
  - common
`),
    { version: 3, datadirs: ['/etc/puppet/hieradata', '/etc/puppet/jsondata'] },
  );
  assert.deepEqual(datadirsOfText(':hierarchy:\n  - common\n'), {
    version: 3,
    datadirs: ['/etc/puppetlabs/code/environments/%{::environment}/hieradata'],
  });
  // Not a configuration: no version, nothing declared.
  assert.deepEqual(datadirsOfText('[1, 2'), { version: undefined, datadirs: [] });
  assert.deepEqual(datadirsOfText('- a\n- b\n'), { version: undefined, datadirs: [] });
});
