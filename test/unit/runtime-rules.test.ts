// The runtime rules (knowledge/cluster/runtimeRules.ts): each with a control repo that triggers it and one that
// does not, on both module sets. The repos have roles and profiles, so the rules know what each node runs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { NODES_HIERA } from '../fixtures/hieraNodes.js';
import { fixtureProject, applyEdit } from '../support/project.js';
import type { Project } from '../../server/src/workspace/project.js';
import type { Diagnostic } from '../../server/src/ide/types.js';

type Set = 'book' | 'newest';

const PUPPETFILE: Record<Set, string> = {
  book: `mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'
mod 'zookeeper', :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v0.3.5'
mod 'java', :git => 'https://github.com/puppetlabs/puppetlabs-java', :ref => '1.2.0'
`,
  newest: `mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v1.1.0'
mod 'zookeeper', :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v1.6.0'
mod 'puppetlabs/java', '7.3.0'
`,
};

const STOP = (svc: string) => `  service { '${svc}':\n    ensure => stopped,\n    enable => false,\n  }\n`;

function repo(set: Set, o: { stop?: boolean; common?: string; nodes?: Record<string, string> } = {}): string {
  const stop = o.stop ?? set === 'book';
  const common =
    o.common ??
    `mesos::zookeeper: 'zk://m1:2181,m2:2181,m3:2181/mesos'
zookeeper::servers: ['m1:2888:3888', 'm2:2888:3888', 'm3:2888:3888']
mesos::master::options:
  quorum: '2'
mesos::slave::work_dir: /var/lib/mesos
mesos::listen_address: '%{facts.networking.ip}'
java::package: openjdk-8-jre-headless
${set === 'newest' ? 'mesos::manage_repo: false\n' : ''}`;
  const master = (id: string) => `classes: [role::mesos::master]\nzookeeper::id: '${id}'\n`;
  const nodes: Record<string, string> = {
    m1: master('1'),
    m2: master('2'),
    m3: master('3'),
    a1: 'classes: [role::mesos::slave]\n',
    a2: 'classes: [role::mesos::slave]\n',
    ...o.nodes,
  };
  return `${NODES_HIERA}#- /work/environment.conf
modulepath = site-modules:modules:$basemodulepath
#- /work/Puppetfile
${PUPPETFILE[set]}#- /work/site-modules/role/manifests/mesos/master.pp
class role::mesos::master {
  include profile::zookeeper
  include profile::mesos::master
  include profile::marathon
}
#- /work/site-modules/role/manifests/mesos/slave.pp
class role::mesos::slave {
  include profile::mesos::slave
}
#- /work/site-modules/profile/manifests/zookeeper.pp
class profile::zookeeper {
  include java
  include zookeeper
}
#- /work/site-modules/profile/manifests/marathon.pp
class profile::marathon (
  Integer $port = 8080,
  String $version = 'installed',
) {
  package { 'marathon': ensure => $version }
}
#- /work/site-modules/profile/manifests/mesos/master.pp
class profile::mesos::master {
  include mesos
  include mesos::master
${stop ? STOP('mesos-slave') : ''}}
#- /work/site-modules/profile/manifests/mesos/slave.pp
class profile::mesos::slave {
  include mesos
  include mesos::slave
${stop ? STOP('mesos-master') : ''}}
#- /work/data/common.yaml
${common}${Object.entries(nodes)
    .map(([n, body]) => `#- /work/data/nodes/${n}.yaml\n${body}`)
    .join('')}`;
}

type Found = Diagnostic & { path: string; text: string };

function run(fixture: string, settings: { mesosVersion?: string } = {}): { found: Found[]; project: Project } {
  const { project, fixture: fx } = fixtureProject(fixture);
  if (settings.mesosVersion) project.updateSettings({ mesosVersion: settings.mesosVersion });
  const found: Found[] = [];
  for (const path of Object.keys(fx.files)
    .filter((p) => p.includes('/data/'))
    .sort()) {
    const text = project.readText(path)!;
    for (const d of fileDiagnostics(project, path))
      found.push({ ...d, path, text: text.slice(d.range.start, d.range.end) });
  }
  return { found, project };
}

const found = (fixture: string, settings?: { mesosVersion?: string }) => run(fixture, settings).found;
const codes = (ds: readonly Found[]) => ds.map((d) => d.code);
const where = (ds: readonly Found[]) => ds.map((d) => [d.code, d.path.replace('/work/data/', ''), d.text]);

/** Applies a fix's edits to the texts of the project's files, returning the changed files. */
function applyFix(project: Project, d: Diagnostic, i = 0): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of [...d.fixes![i].edits].sort((a, b) => b.range.start - a.range.start)) {
    out[e.path] = applyEdit(out[e.path] ?? project.readText(e.path)!, e.range, e.newText);
  }
  return out;
}

const COMMON_BOOK = repo('book').split('#- /work/data/common.yaml\n')[1].split('#- ')[0];
const COMMON_NEWEST = repo('newest').split('#- /work/data/common.yaml\n')[1].split('#- ')[0];

test('a cluster that starts reports nothing, on both module sets', () => {
  assert.deepEqual(where(found(repo('book'))), []);
  assert.deepEqual(where(found(repo('newest'))), []);
});

test('a flag the Mesos release refuses: checkpoint from 0.22, with a fix that removes it', () => {
  const common = `${COMMON_NEWEST}mesos::slave::options:\n  checkpoint: true\n`;
  const { found: ds, project } = run(repo('newest', { common }));
  assert.deepEqual(
    where(ds),
    [['mesos/flag-refused', 'common.yaml', 'checkpoint']],
    'one finding for the one place, not one per agent',
  );
  assert.equal(ds[0].severity, 'error');
  assert.match(
    ds[0].message,
    /^Mesos removed --checkpoint in 0\.22 \(agents always checkpoint since\), and this node installs Mesos 1\.11\.0 \(from the setting mesosPuppet\.mesosVersion/,
  );
  assert.match(ds[0].message, /the mesos-slave refuses a flag it does not know and does not start/);
  // Its only flag: the whole options key goes (the class default is {}).
  assert.equal(applyFix(project, ds[0])['/work/data/common.yaml'], COMMON_NEWEST);
  // Beside another flag, only its line goes.
  const two = `${COMMON_NEWEST}mesos::slave::options:\n  isolation: 'cgroups/cpu,cgroups/mem'\n  checkpoint: true\n`;
  const r2 = run(repo('newest', { common: two }));
  assert.equal(
    applyFix(r2.project, r2.found[0])['/work/data/common.yaml'],
    `${COMMON_NEWEST}mesos::slave::options:\n  isolation: 'cgroups/cpu,cgroups/mem'\n`,
  );
  // A Mesos before 0.22, pinned in the data or set as the setting, still has the flag.
  assert.deepEqual(found(repo('newest', { common: `${common}mesos::version: '0.21.1-1.1.ubuntu1404'\n` })), []);
  assert.deepEqual(found(repo('newest', { common }), { mesosVersion: '0.21.1' }), []);
  assert.deepEqual(codes(found(repo('newest', { common }), { mesosVersion: '0.22.0' })), ['mesos/flag-refused']);
  assert.match(
    found(repo('newest', { common: `${common}mesos::ensure: '0.28.2-2.0.27.ubuntu1404'\n` }))[0].message,
    /installs Mesos 0\.28\.2 \(from mesos::ensure '0\.28\.2-2\.0\.27\.ubuntu1404'\)/,
  );
});

test("the Mesos release: a pin in Hiera, else .mesos-puppet.yaml's mesosVersion, else the setting", () => {
  const common = `${COMMON_NEWEST}mesos::slave::options:\n  checkpoint: true\n`;
  const withConfig = (fixture: string, version: string) =>
    `${fixture}#- /work/.mesos-puppet.yaml\nmesosVersion: '${version}'\n`;
  // The repo says 0.21.1: the agents still have --checkpoint, whatever the setting.
  assert.deepEqual(found(withConfig(repo('newest', { common }), '0.21.1')), []);
  assert.deepEqual(found(withConfig(repo('newest', { common }), '0.21.1'), { mesosVersion: '1.0.0' }), []);
  // The repo says 1.0.0 and the setting 0.21.1: the repo wins, and the message says where the version comes from.
  const ds = found(withConfig(repo('newest', { common }), '1.0.0'), { mesosVersion: '0.21.1' });
  assert.deepEqual(where(ds), [['mesos/flag-refused', 'common.yaml', 'checkpoint']]);
  assert.match(
    ds[0].message,
    /this node installs Mesos 1\.0\.0 \(from mesosVersion '1\.0\.0' in \.mesos-puppet\.yaml; nothing in the data pins mesos::version\)/,
  );
  // A pin in Hiera wins over the repo's file.
  assert.deepEqual(found(withConfig(repo('newest', { common: `${common}mesos::version: '0.21.1'\n` }), '1.0.0')), []);
  const pinned = found(withConfig(repo('newest', { common: `${common}mesos::version: '1.4.0'\n` }), '0.21.1'));
  assert.match(pinned[0].message, /installs Mesos 1\.4\.0 \(from mesos::version '1\.4\.0'\)/);
  // An invalid mesosVersion is reported in the file (suppressions-config.test.ts) and ignored here: the setting counts.
  assert.deepEqual(
    found(`${repo('newest', { common })}#- /work/.mesos-puppet.yaml\nmesosVersion: 0.21\n`, { mesosVersion: '0.21.1' }),
    [],
  );
});

test('hover on a flag and --explain-modules say which Mesos release is assumed, and from where', async () => {
  const { hover } = await import('../../server/src/ide/hover.js');
  const { explainModules, formatExplanation } = await import('../../server/src/ide/shared/explainModules.js');
  const common = `${COMMON_NEWEST}mesos::slave::options:\n  isolation: 'cgroups/cpu'\n`;
  const at = (fixture: string, settings?: { mesosVersion?: string }) => {
    const { project } = run(fixture, settings);
    const text = project.readText('/work/data/common.yaml')!;
    return {
      md: hover(project, '/work/data/common.yaml', text.indexOf('isolation') + 2)?.markdown ?? '',
      e: explainModules(project, '/work'),
    };
  };
  const bySetting = at(repo('newest', { common }), { mesosVersion: '1.4.0' });
  assert.match(
    bySetting.md,
    /Checked against Mesos 1\.4\.0, from the setting mesosPuppet\.mesosVersion \(1\.4\.0\), for nodes whose data pins no `mesos::version`/,
  );
  assert.deepEqual(bySetting.e.mesosRelease, {
    version: '1.4.0',
    from: 'the setting mesosPuppet.mesosVersion (1.4.0)',
    source: 'setting',
  });
  const byRepo = at(`${repo('newest', { common })}#- /work/.mesos-puppet.yaml\nmesosVersion: '1.0.0'\n`, {
    mesosVersion: '1.4.0',
  });
  assert.match(byRepo.md, /Checked against Mesos 1\.0\.0, from mesosVersion '1\.0\.0' in \.mesos-puppet\.yaml/);
  assert.match(
    formatExplanation(byRepo.e, (p) => p),
    /\n  Mesos 1\.0\.0 where a node's data pins no mesos::version — from mesosVersion '1\.0\.0' in \.mesos-puppet\.yaml$/,
  );
  const byPin = at(repo('newest', { common: `${common}mesos::version: '0.28.2'\n` }));
  assert.match(byPin.md, /Checked against Mesos 0\.28\.2, from `mesos::version` in this file\./);
});

test('a flag the Mesos release does not have yet', () => {
  const common = `${COMMON_NEWEST.replace("  quorum: '2'\n", "  quorum: '2'\n  agent_ping_timeout: '30secs'\n")}`;
  const old = found(repo('newest', { common: `${common}mesos::version: '0.28.2'\n` }));
  assert.deepEqual(where(old), [['mesos/flag-refused', 'common.yaml', 'agent_ping_timeout']]);
  assert.match(old[0].message, /^--agent_ping_timeout came in Mesos 1\.0, and this node installs Mesos 0\.28\.2/);
  assert.deepEqual(found(repo('newest', { common: `${common}mesos::version: '1.0.0'\n` })), []);
});

test('both daemons on one node: mesos before v0.8.0 leaves the other one running unless a profile stops it', () => {
  const ds = found(repo('book', { stop: false }));
  // Each on the role of the daemon the node should run alone.
  assert.deepEqual(
    ds.map((d) => [d.code, d.path.replace('/work/data/nodes/', ''), d.text]),
    ['a1', 'a2', 'm1', 'm2', 'm3'].map((n) => [
      'mesos/both-daemons',
      `${n}.yaml`,
      n.startsWith('a') ? 'role::mesos::slave' : 'role::mesos::master',
    ]),
  );
  assert.match(
    ds[0].message,
    /^a1 should run only the Mesos agent, but mesos v0\.5\.2 does not stop the mesos-master service that the package starts \(single_role came in v0\.8\.0\): the node also runs a Mesos master/,
  );
  assert.match(ds[2].message, /the node also runs a Mesos agent/);
  assert.match(ds[2].message, /service \{ 'mesos-slave': ensure => stopped, enable => false \}/);
  // From v0.8.0 the module stops it, unless single_role is turned off.
  assert.deepEqual(found(repo('newest', { stop: false })), []);
  const off = found(repo('newest', { common: `${COMMON_NEWEST}mesos::single_role: false\n` }));
  assert.deepEqual([...new Set(where(off).map((x) => x.join(' ')))], ['mesos/both-daemons common.yaml false']);
  assert.match(off[0].message, /^mesos::single_role is false/);
});

test('corpus: a profile that stops the other daemon in an array of titles keeps both-daemons quiet', () => {
  // garethr/puppet-mesos-example: service { ['zookeeper', 'mesos-master']: ensure => stopped } on the agents.
  const fixture = repo('book', { stop: false }).replace(
    '  include mesos::slave\n',
    "  include mesos::slave\n  service { ['zookeeper', 'mesos-master']:\n    ensure => stopped,\n    enable => false,\n  }\n",
  );
  assert.deepEqual(
    found(fixture).map((d) => [d.code, d.path.replace('/work/data/nodes/', '')]),
    ['m1', 'm2', 'm3'].map((n) => ['mesos/both-daemons', `${n}.yaml`]),
  );
});

test('a daemon not told its address: a warning that says why, with a fix', () => {
  const common = COMMON_NEWEST.replace("mesos::listen_address: '%{facts.networking.ip}'\n", '');
  const { found: ds, project } = run(repo('newest', { common }));
  assert.deepEqual(
    ds.map((d) => [d.code, d.path.replace('/work/data/nodes/', ''), d.text]),
    // On the role that makes the node run the daemon (classes: [role::mesos::slave]), not on `classes:`.
    ['a1', 'a2', 'm1', 'm2', 'm3'].map((n) => [
      'mesos/no-address',
      `${n}.yaml`,
      n.startsWith('a') ? 'role::mesos::slave' : 'role::mesos::master',
    ]),
  );
  assert.equal(ds[0].severity, 'warning');
  assert.match(
    ds[2].message,
    /^The Mesos master on m1 is not told its address .* on a default Debian or Ubuntu host that is 127\.0\.1\.1, so masters and agents cannot reach each other/,
  );
  assert.equal(
    applyFix(project, ds[0])['/work/data/nodes/a1.yaml'],
    "classes: [role::mesos::slave]\nmesos::listen_address: '%{facts.networking.ip}'\n",
  );
  // An ip option (or the daemon's own listen_address) tells it; hostname does not.
  const told =
    `${common}mesos::master::options:\n  quorum: '2'\n  ip: '%{facts.networking.ip}'\nmesos::slave::listen_address: '%{facts.networking.ip}'\n`.replace(
      "mesos::master::options:\n  quorum: '2'\n",
      '',
    );
  assert.deepEqual(found(repo('newest', { common: told })), []);
  const named = found(
    repo('newest', { common: common.replace("  quorum: '2'\n", "  quorum: '2'\n  hostname: '%{facts.fqdn}'\n") }),
  );
  assert.ok(named.some((d) => d.code === 'mesos/no-address' && d.path.endsWith('m1.yaml')));
});

test('Java older than Marathon needs: java before 1.4.0 installs Java 7 at most', () => {
  const common = COMMON_BOOK.replace('java::package: openjdk-8-jre-headless\n', '');
  const { found: ds, project } = run(repo('book', { common }));
  assert.deepEqual(
    ds.map((d) => [d.code, d.path.replace('/work/data/nodes/', '')]),
    ['m1', 'm2', 'm3'].map((n) => ['mesos/java-too-old', `${n}.yaml`]),
    'the masters, which run Marathon and include java; not the agents',
  );
  assert.match(
    ds[0].message,
    /^m1 runs Marathon, which needs Java 8 from Marathon 0\.11, but java v1\.2\.0 installs OpenJDK 7 or older on every system it supports/,
  );
  assert.equal(
    applyFix(project, ds[0])['/work/data/nodes/m1.yaml'],
    "classes: [role::mesos::master]\nzookeeper::id: '1'\njava::package: openjdk-8-jre-headless\n",
  );
  const seven = found(repo('book', { common: `${common}java::package: openjdk-7-jre-headless\n` }));
  assert.deepEqual(
    [...new Set(where(seven).map((x) => x.join(' ')))],
    ['mesos/java-too-old common.yaml openjdk-7-jre-headless'],
  );
  // A Marathon older than 0.11 runs on Java 7; java 7.3.0 installs the system's Java.
  assert.deepEqual(found(repo('book', { common: `${common}profile::marathon::version: '0.10.1'\n` })), []);
  assert.deepEqual(
    found(repo('newest', { common: COMMON_NEWEST.replace('java::package: openjdk-8-jre-headless\n', '') })),
    [],
  );
});

test('the ZooKeeper URL each daemon really uses, Array forms and per-class keys included', () => {
  const arrays = COMMON_NEWEST.replace(
    "mesos::zookeeper: 'zk://m1:2181,m2:2181,m3:2181/mesos'\n",
    'mesos::zookeeper: [m1, m2, m3]\n',
  );
  assert.deepEqual(found(repo('newest', { common: arrays })), []);
  const ds = found(
    repo('newest', { common: arrays, nodes: { a2: 'classes: [role::mesos::slave]\nmesos::slave::zk_path: other\n' } }),
  );
  // The cluster rules see the same agent on a path no master uses (mesos/zk-url-differs, at the same place).
  assert.deepEqual(where(ds), [
    ['mesos/zk-url-differs', 'common.yaml', '[m1, m2, m3]'],
    ['mesos/zk-daemon-url', 'common.yaml', '[m1, m2, m3]'],
  ]);
  assert.match(
    ds.find((d) => d.code === 'mesos/zk-daemon-url')!.message,
    /^The Mesos agent on a2 uses the ZooKeeper URL zk:\/\/m1:2181,m2:2181,m3:2181\/other, the other Mesos daemons zk:\/\/m1:2181,m2:2181,m3:2181\/mesos/,
  );
  const own = found(
    repo('newest', {
      common: arrays,
      nodes: { a1: "classes: [role::mesos::slave]\nmesos::slave::zookeeper: 'zk://m1:2181/mesos'\n" },
    }),
  );
  // Naming only m1 of the ensemble is also the cluster rules' warning (mesos/zk-ensemble-partial).
  assert.deepEqual(where(own), [
    ['mesos/zk-ensemble-partial', 'nodes/a1.yaml', "'zk://m1:2181/mesos'"],
    ['mesos/zk-daemon-url', 'nodes/a1.yaml', "'zk://m1:2181/mesos'"],
  ]);
});

test('ports on one node, defaults included', () => {
  const ds = found(repo('newest', { common: `${COMMON_NEWEST}profile::marathon::port: 5050\n` }));
  assert.deepEqual([...new Set(where(ds).map((x) => x.join(' ')))], ['mesos/port-clash common.yaml 5050']);
  assert.match(ds[0].message, /^Marathon and the Mesos master both listen on port 5050 on m1/);
  // The ZooKeeper URL then names the wrong port too (mesos/zk-ensemble); the clash is found beside it.
  const zk = found(repo('newest', { common: `${COMMON_NEWEST}zookeeper::client_port: 8080\n` }));
  assert.deepEqual([...new Set(codes(zk))], ['mesos/zk-ensemble', 'mesos/port-clash']);
  assert.match(
    zk.find((d) => d.code === 'mesos/port-clash')!.message,
    /^ZooKeeper \(clients\) and Marathon both listen on port 8080 on m1/,
  );
  assert.deepEqual(found(repo('newest', { common: `${COMMON_NEWEST}profile::marathon::port: 8081\n` })), []);
});

test('zookeeper::servers as a Hash needs String keys from zookeeper v0.8.0, with a quote fix', () => {
  const hash = COMMON_NEWEST.replace(
    "zookeeper::servers: ['m1:2888:3888', 'm2:2888:3888', 'm3:2888:3888']\n",
    'zookeeper::servers:\n  1: m1\n  2: m2\n  3: m3\n',
  );
  const { found: ds, project } = run(repo('newest', { common: hash }));
  const keys = ds.filter((d) => d.code === 'zookeeper/servers-integer-keys');
  assert.deepEqual(
    keys.map((d) => d.text),
    ['1', '2', '3'],
  );
  assert.equal(applyFix(project, keys[0])['/work/data/common.yaml'], hash.replace('  1: m1', "  '1': m1"));
  assert.deepEqual(found(repo('newest', { common: hash.replace(/ (\d): /g, " '$1': ") })), []);
  const older = found(repo('newest', { common: hash }).replace(":ref => 'v1.6.0'", ":ref => 'v0.7.7'"));
  assert.ok(!codes(older).includes('zookeeper/servers-integer-keys'), 'zookeeper v0.7.7 takes the servers untyped');
});

test('the retired Mesosphere repository: set on v0.5.2, the default of v1.1.0', () => {
  const { found: book, project } = run(repo('book', { common: `${COMMON_BOOK}mesos::repo: mesosphere\n` }));
  assert.deepEqual([...new Set(where(book).map((x) => x.join(' ')))], ['mesos/repo-retired common.yaml mesosphere']);
  assert.match(book[0].message, /repos\.mesosphere\.io, which no longer serves packages/);
  assert.equal(applyFix(project, book[0])['/work/data/common.yaml'], COMMON_BOOK);
  const { found: dflt, project: p2 } = run(
    repo('newest', { common: COMMON_NEWEST.replace('mesos::manage_repo: false\n', '') }),
  );
  assert.deepEqual(
    dflt.map((d) => [d.code, d.path.replace('/work/data/nodes/', '')]),
    ['a1', 'a2', 'm1', 'm2', 'm3'].map((n) => ['mesos/repo-retired', `${n}.yaml`]),
  );
  assert.match(dflt[0].message, /^mesos v1\.1\.0's default repo, 'mesosphere',/);
  assert.equal(
    applyFix(p2, dflt[0])['/work/data/nodes/a1.yaml'],
    'classes: [role::mesos::slave]\nmesos::manage_repo: false\n',
  );
  assert.deepEqual(found(repo('book')), [], 'v0.5.2 manages no repository by default');
  // A profile's resource-like declaration wins over Hiera, as in the scenario's profiles.
  const declared = found(
    repo('book').replace(
      'class profile::mesos::slave {\n  include mesos\n',
      "class profile::mesos::slave {\n  class { 'mesos': repo => 'mesosphere' }\n",
    ),
  );
  assert.deepEqual(
    declared.map((d) => [d.code, d.path.replace('/work/data/nodes/', '')]),
    [
      ['mesos/repo-retired', 'a1.yaml'],
      ['mesos/repo-retired', 'a2.yaml'],
    ],
  );
  assert.match(declared[0].message, /^profile::mesos::slave declares class \{ 'mesos': repo => 'mesosphere' \}/);
  const mirror = COMMON_NEWEST.replace(
    'mesos::manage_repo: false\n',
    "mesos::repo:\n  location: 'https://mirror.example.com/mesos'\n",
  );
  assert.deepEqual(found(repo('newest', { common: mirror })), []);
});

test('the OS releases the mesos module supports, from the node facts the repo gives', () => {
  const facts = (files: Record<string, string>, dir = 'facts') =>
    `#- /work/.mesos-puppet.yaml\nfacts: ${dir}\n${Object.entries(files)
      .map(([n, t]) => `#- /work/${dir}/${n}\n${t}`)
      .join('')}`;
  const debian = (major: string, full = `${major}.1`) =>
    `os:\n  name: Debian\n  family: Debian\n  release:\n    major: '${major}'\n    full: '${full}'\n`;
  // mesos v1.1.0 lists Debian 6-10 and Ubuntu 10.04-18.04 (its metadata.json).
  const ds = found(
    repo('newest') +
      facts({
        'm1.yaml': debian('12', '12.8'),
        'm2.yaml': debian('10'),
        'a1.json': '{"os": {"name": "Ubuntu", "release": {"major": "22.04", "full": "22.04"}}}',
      }),
  );
  assert.deepEqual(where(ds), [
    ['mesos/os-unsupported', 'nodes/a1.yaml', 'classes'],
    ['mesos/os-unsupported', 'nodes/m1.yaml', 'classes'],
  ]);
  assert.equal(ds[0].severity, 'warning');
  assert.match(
    ds[1].message,
    /^m1 runs Debian 12\.8 \(facts from facts\/m1\.yaml\), which mesos v1\.1\.0 does not support: its metadata\.json lists RedHat 6, 7; CentOS 6, 7; Debian 6, 7, 8, 9, 10; Ubuntu 10\.04, 12\.04, 14\.04, 16\.04, 18\.04\./,
  );
  assert.match(ds[0].message, /^a1 runs Ubuntu 22\.04 \(facts from facts\/a1\.json\)/);
  // Supported releases, legacy facts and a Puppet server's facts cache.
  const cache = (name: string, values: string) =>
    `--- !ruby/object:Puppet::Node::Facts\nname: ${name}\nvalues:\n${values.replace(/^/gm, '  ')}`;
  assert.deepEqual(
    found(
      repo('newest') +
        facts({
          'm1.yaml': debian('9'),
          'a1.yaml': 'operatingsystem: Ubuntu\noperatingsystemmajrelease: "18.04"\noperatingsystemrelease: "18.04"\n',
          'm2.yaml': cache('m2', debian('10')),
        }),
    ),
    [],
  );
  assert.deepEqual(
    where(
      found(
        repo('newest') +
          facts({ 'm2.yaml': cache('m2', 'operatingsystem: Debian\noperatingsystemmajrelease: "11"\n') }),
      ),
    ),
    [['mesos/os-unsupported', 'nodes/m2.yaml', 'classes']],
  );
  // An OS the module does not know at all.
  assert.match(
    found(repo('newest') + facts({ 'm3.yaml': 'os: {name: Archlinux, release: {major: "6"}}\n' }))[0].message,
    /^m3 runs Archlinux 6 /,
  );
  // The book's mesos v0.5.2 stops at Debian 7: Debian 8 is flagged there, supported from v0.7.1.
  assert.deepEqual(where(found(repo('book') + facts({ 'm1.yaml': debian('8') }))), [
    ['mesos/os-unsupported', 'nodes/m1.yaml', 'classes'],
  ]);
  assert.deepEqual(found(repo('book') + facts({ 'm1.yaml': debian('7') })), []);
  // No facts file for a node, or no facts folder: nothing is said (a name implies no OS).
  assert.deepEqual(found(repo('newest') + facts({ 'other.yaml': debian('12') })), []);
  assert.deepEqual(found(`${repo('newest')}#- /work/facts/m1.yaml\n${debian('12')}`), []);
  // A node that runs no Mesos daemon is not judged.
  const z1 = found(
    repo('newest', { nodes: { z1: 'classes: [profile::zookeeper]\n' } }) + facts({ 'z1.yaml': debian('12') }),
  );
  assert.deepEqual(
    codes(z1).filter((c) => c === 'mesos/os-unsupported'),
    [],
  );
});

test('without manifests, what a node runs is a guess: the rules that depend on it say nothing', () => {
  const bare = repo('book', {
    stop: false,
    common: COMMON_BOOK.replace("mesos::listen_address: '%{facts.networking.ip}'\n", '').replace(
      'java::package: openjdk-8-jre-headless\n',
      '',
    ),
  })
    .split('#- ')
    .filter((f) => !f.startsWith('/work/site-modules/'))
    .join('#- ');
  assert.deepEqual(found(bare), []);
});
