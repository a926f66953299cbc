// Completion of Hiera keys in data files, from the bundled catalogs at the version the repo uses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete, resolveCompletion } from '../../server/src/ide/completion.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { fixtureProject, applyEdit } from '../support/project.js';
import { checkCompletion, checkCompletionResult } from '../support/check.js';

const BOOK_PUPPETFILE = `#- /work/Puppetfile
mod 'mesos',
  :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'
mod 'zookeeper',
  :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v0.3.5'
`;

function labels(fixture: string): string[] {
  const { project, cursor } = fixtureProject(fixture);
  return complete(project, cursor.path, cursor.offset).map((i) => i.label);
}

test('after mesos:: at v0.5.2: every parameter of that release, main class first, and no zk_path (v0.8.0)', () => {
  checkCompletion(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::$0\n`, [
    'mesos::ensure',
    'mesos::version',
    'mesos::log_dir',
    'mesos::conf_dir',
    'mesos::zookeeper',
    'mesos::master',
    'mesos::master_port',
    'mesos::owner',
    'mesos::group',
    'mesos::listen_address',
    'mesos::repo',
    'mesos::env_var',
    'mesos::ulimit',
    'mesos::config::log_dir',
    'mesos::config::ulimit',
    'mesos::config::conf_dir',
    'mesos::config::owner',
    'mesos::config::group',
    'mesos::config::zookeeper',
    'mesos::config::env_var',
    'mesos::install::ensure',
    'mesos::install::repo_source',
    'mesos::master::enable',
    'mesos::master::whitelist',
    'mesos::master::cluster',
    'mesos::master::conf_dir',
    'mesos::master::work_dir',
    'mesos::master::conf_file',
    'mesos::master::master_port',
    'mesos::master::zookeeper',
    'mesos::master::owner',
    'mesos::master::group',
    'mesos::master::listen_address',
    'mesos::master::env_var',
    'mesos::master::options',
    'mesos::master::force_provider',
    'mesos::repo::source',
    'mesos::slave::enable',
    'mesos::slave::port',
    'mesos::slave::work_dir',
    'mesos::slave::checkpoint',
    'mesos::slave::isolation',
    'mesos::slave::conf_dir',
    'mesos::slave::conf_file',
    'mesos::slave::use_syslog',
    'mesos::slave::master',
    'mesos::slave::master_port',
    'mesos::slave::zookeeper',
    'mesos::slave::owner',
    'mesos::slave::group',
    'mesos::slave::listen_address',
    'mesos::slave::env_var',
    'mesos::slave::cgroups',
    'mesos::slave::options',
    'mesos::slave::resources',
    'mesos::slave::attributes',
    'mesos::slave::force_provider',
  ]);
});

test('at the top of a data file: the namespaces of the pinned modules and their dependencies, then the snippets', () => {
  checkCompletion(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\n$0\n`, [
    'apt::',
    'archive::',
    'java::',
    'mesos::',
    'stdlib::',
    'zookeeper::',
    'hiera-mesos-master',
    'hiera-mesos-slave',
    'hiera-mesos-common',
  ]);
});

test('offers the mesos and zookeeper keys of the pinned versions', () => {
  const got = [
    ...labels(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::$0\n`),
    ...labels(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nzookeeper::$0\n`),
  ];
  for (const k of [
    'mesos::zookeeper',
    'mesos::master::options',
    'mesos::slave::checkpoint',
    'zookeeper::id',
    'zookeeper::servers',
  ]) {
    assert.ok(got.includes(k), `missing ${k}`);
  }
  // v0.5.2 has no zk_path (it came with v0.8.0); zookeeper v0.3.5 has no tick_time on the main class.
  assert.ok(!got.includes('mesos::zk_path'));
  assert.ok(!got.includes('zookeeper::tick_time'));
});

test('without a Puppetfile the newest bundled versions apply', () => {
  assert.ok(labels('mesos::$0\n').includes('mesos::zk_path'));
  assert.ok(labels('zookeeper::$0\n').includes('zookeeper::tick_time'));
});

test('keys are listed by namespace: first the namespaces, then the keys of the one being typed', () => {
  const { project, cursor } = fixtureProject(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\n$0\n`);
  const spaces = complete(project, cursor.path, cursor.offset);
  assert.ok(spaces.some((i) => i.label === 'mesos::' && i.retrigger === true));
  assert.ok(spaces.some((i) => i.label === 'zookeeper::'));
  // Besides the namespaces, only the Hiera snippets (completion-snippets.test.ts).
  assert.ok(spaces.every((i) => i.label.endsWith('::') || i.kind === 'snippet'));
  assert.deepEqual(labels(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nzoo$0\n`), ['zookeeper::']);
  assert.ok(labels(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::$0\n`).every((l) => l.startsWith('mesos::')));
});

test('documentation is resolved for the item shown, not computed for every item', () => {
  const { project, cursor } = fixtureProject(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::$0\n`);
  const zk = complete(project, cursor.path, cursor.offset).find((i) => i.label === 'mesos::zookeeper')!;
  assert.equal(zk.documentation, undefined);
  assert.deepEqual(zk.resolve, { kind: 'hiera-key', path: '/work/data/common.yaml', key: 'mesos::zookeeper' });
  assert.match(resolveCompletion(project, zk.resolve!)!, /ZooKeeper URL/);
});

test('inserts the key with a value placeholder that fits the type', () => {
  const { project, cursor } = fixtureProject(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::zoo$0\n`);
  const items = complete(project, cursor.path, cursor.offset);
  const zk = items.find((i) => i.label === 'mesos::zookeeper')!;
  checkCompletionResult(
    `${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::zoo$0\n`,
    'mesos::zookeeper',
    "mesos::zookeeper: ''\n",
  );
  assert.equal(zk.snippet, "mesos::zookeeper: '${1}'");
  const enable = items.find((i) => i.label === 'mesos::master::enable')!;
  assert.equal(enable.snippet, 'mesos::master::enable: ${1|true,false|}');
  const options = items.find((i) => i.label === 'mesos::master::options')!;
  assert.equal(options.snippet, 'mesos::master::options:\n  ${1:key}: ${2:value}');
  const port = items.find((i) => i.label === 'mesos::slave::port')!;
  assert.equal(port.insertText, 'mesos::slave::port: 5051');
});

test('replaces the whole key under the cursor and keeps an existing colon', () => {
  const { project, cursor, fixture } = fixtureProject(
    `${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::zoo$0keeper: 'zk://a:2181/mesos'\n`,
  );
  const zk = complete(project, cursor.path, cursor.offset).find((i) => i.label === 'mesos::zookeeper')!;
  assert.equal(
    applyEdit(fixture.files[cursor.path], zk.range, zk.insertText),
    "mesos::zookeeper: 'zk://a:2181/mesos'\n",
  );
});

test('leaves out keys the file already sets, but not the one being edited', () => {
  const got = labels(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::zookeeper: 'zk://a:2181/mesos'\nmesos::$0\n`);
  assert.ok(!got.includes('mesos::zookeeper'));
  assert.ok(got.includes('mesos::master::options'));
});

test('public classes sort before internal ones, and keys Hiera cannot change come last, marked', () => {
  const { project, cursor } = fixtureProject(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::$0\n`);
  const items = complete(project, cursor.path, cursor.offset);
  const pub = items.find((i) => i.label === 'mesos::zookeeper')!;
  const internal = items.find((i) => i.label === 'mesos::config::zookeeper')!;
  assert.ok(pub.sortText! < internal.sortText!);
  assert.equal(internal.deprecated, true);
  assert.match(internal.detail!, /no effect from Hiera/);
});

test('offers nothing inside values, nested keys (other than Mesos flags in options) or comments', () => {
  assert.deepEqual(labels(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::zookeeper: zk$0\n`), []);
  assert.deepEqual(labels(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::master::env_var:\n  quo$0\n`), []);
  assert.deepEqual(labels(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nsite::settings:\n  quo$0\n`), []);
  assert.ok(
    labels(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::master::options:\n  quo$0\n`).includes('quorum'),
  );
  assert.deepEqual(labels(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\n# mesos::$0\n`), []);
});

test('works while the rest of the file is broken YAML', () => {
  const got = labels(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nfoo: [unclosed\nmesos::$0\n`);
  assert.ok(got.includes('mesos::zookeeper'));
});

test('offers nothing in YAML files that are not Hiera data', () => {
  const { project } = fixtureProject('#- /work/ci/config.yaml\nmesos::\n');
  assert.deepEqual(complete(project, '/work/ci/config.yaml', 7), []);
});

test('a datadir declared by hiera.yaml makes its YAML files Hiera data', () => {
  const got = labels(`#- /work/hiera.yaml
version: 5
defaults:
  datadir: hiera
  data_hash: yaml_data
hierarchy:
  - name: common
    path: common.yaml
#- /work/hiera/common.yaml
mesos::$0
`);
  assert.ok(got.includes('mesos::zookeeper'));
});

test('a classes key written as a single string (not a list) breaks neither completion nor diagnostics', () => {
  // Found by the soak test: completion under such a key used to throw.
  const { project, cursor } = fixtureProject(
    `${BOOK_PUPPETFILE}#- /work/hiera.yaml\nversion: 5\nhierarchy:\n  - name: nodes\n    path: 'nodes/%{trusted.certname}.yaml'\n#- /work/data/nodes/a.yaml\nclasses: role::mesos::slave\n  - $0\n`,
  );
  assert.doesNotThrow(() => complete(project, cursor.path, cursor.offset));
  assert.doesNotThrow(() => fileDiagnostics(project, cursor.path));
});

/** A repo whose profile module has 60 classes of 8 parameters each: 480 keys under `profile::`. */
function bigProfiles(): string {
  const files: string[] = [];
  for (let i = 0; i < 60; i++) {
    const params = Array.from({ length: 8 }, (_, j) => `  String $opt${j} = 'x',`).join('\n');
    files.push(`#- /work/site-modules/profile/manifests/p${i}.pp\nclass profile::p${i} (\n${params}\n) {}\n`);
  }
  return files.join('');
}

test("after ns::class:: only that class's parameters; a big namespace is listed by class", () => {
  const repo = bigProfiles();
  assert.deepEqual(
    labels(`${repo}#- /work/data/common.yaml\nprofile::p7::$0\n`).sort(),
    [0, 1, 2, 3, 4, 5, 6, 7].map((j) => `profile::p7::opt${j}`),
  );
  const byClass = labels(`${repo}#- /work/data/common.yaml\nprofile::$0\n`);
  assert.equal(byClass.length, 60);
  assert.ok(
    byClass.includes('profile::p7::') && byClass.every((l) => /^profile::p\d+::$/.test(l)),
    byClass.slice(0, 5).join(),
  );
  // A small namespace is still offered whole, so a flag-like word finds the key of a sub-class.
  const mesos = labels(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::$0\n`);
  assert.ok(mesos.includes('mesos::master::options') && mesos.includes('mesos::zookeeper'));
  assert.deepEqual(
    labels(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::master::$0\n`).filter(
      (l) => !l.startsWith('mesos::master::'),
    ),
    [],
  );
});

test("an agent's data file offers mesos::slave keys before mesos::master keys; a master's the reverse", () => {
  const order = (classes: string) => {
    const { project, cursor } = fixtureProject(
      `${BOOK_PUPPETFILE}#- /work/data/nodes/n1.yaml\nclasses: [${classes}]\nmesos::$0\n`,
    );
    return complete(project, cursor.path, cursor.offset)
      .filter((i) => /^mesos::(master|slave)::/.test(i.label))
      .sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label))
      .map((i) => i.label.split('::')[1]);
  };
  const agent = order('role::mesos::slave');
  assert.equal(agent[0], 'slave');
  assert.equal(
    agent.lastIndexOf('slave') < agent.indexOf('master'),
    true,
    'every agent key before the first master key',
  );
  const master = order('role::mesos::master');
  assert.equal(
    master.lastIndexOf('master') < master.indexOf('slave'),
    true,
    'every master key before the first agent key',
  );
  // A shared file (no classes) keeps the alphabetical order: master keys first.
  const { project, cursor } = fixtureProject(`${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::$0\n`);
  const shared = complete(project, cursor.path, cursor.offset)
    .filter((i) => /^mesos::(master|slave)::/.test(i.label))
    .sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
  assert.match(shared[0].label, /^mesos::master::/);
});

test("a string parameter is inserted with the module's default, not '', so the rules still judge it", () => {
  // mesos v0.5.2's agent works in /tmp/mesos by default: accepting the key writes that, and the /tmp warning shows.
  checkCompletionResult(
    `${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::slave::work_d$0\n`,
    'mesos::slave::work_dir',
    "mesos::slave::work_dir: '/tmp/mesos'\n",
  );
  const { project } = fixtureProject(
    `${BOOK_PUPPETFILE}#- /work/data/common.yaml\nmesos::slave::work_dir: '/tmp/mesos'\n`,
  );
  assert.ok(fileDiagnostics(project, '/work/data/common.yaml').some((d) => d.code === 'mesos/tmp-work-dir'));
});
