// Walks every code of the diagnostic catalogue (server/src/base/diagnosticCodes.ts). For each: a minimal
// control repo that raises it, and either
//  - `fix`: the message proposes an edit, so a quick fix must exist; applying it must make that finding go
//    away without creating another (no code is reported more often afterwards, over every file of the repo), or
//  - an entry in ADVICE_ONLY: the advice has no safe single edit, with the reason.
// A code added to the catalogue without a case here fails the first test.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CODES, type Code } from '../../server/src/base/diagnosticCodes.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { applyEdits } from '../../server/src/ide/fixes.js';
import type { Diagnostic, Fix } from '../../server/src/ide/types.js';
import { Project } from '../../server/src/workspace/project.js';
import { memoryFileSystem } from '../support/memoryFileSystem.js';
import { parseFixture } from '../support/fixture.js';
import { NODES_HIERA } from '../fixtures/hieraNodes.js';
import { SITE } from '../fixtures/navigation/bookRepo.js';
import { limitDiagnostics } from '../../server/src/ide/diagnostics.js';

interface Case {
  /** The repo, in fixture form (`#- /path` headers). */
  readonly repo: string;
  /** The file the finding is in. */
  readonly file: string;
  /** The fix to apply, by title (a fix must exist); absent for advice-only codes. */
  readonly fix?: RegExp;
  /** The text of the whole file after the fix, where it is worth spelling out. */
  readonly fixed?: string;
  /** Findings of `file` go through the editor's per-file limit (mesosPuppet.maxDiagnosticsPerFile). */
  readonly limit?: number;
}

const PINS_OLD = `#- /work/Puppetfile
mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'
mod 'zookeeper', :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v0.3.5'
`;
const PINS_NEW = `#- /work/Puppetfile
mod 'deric/mesos', '1.1.0'
mod 'deric/zookeeper', '1.6.0'
`;
const COMMON = '/work/data/common.yaml';
const data = (text: string, pins = PINS_OLD) => `${pins}#- ${COMMON}\n${text}`;

/** A control repo with roles and profiles, so the runtime rules know what each node runs. */
function cluster(
  o: { set?: 'book' | 'newest'; common?: string; nodes?: Record<string, string>; extra?: string } = {},
): string {
  const set = o.set ?? 'newest';
  const pins =
    set === 'book'
      ? "mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'\nmod 'zookeeper', :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v0.3.5'\nmod 'java', :git => 'https://github.com/puppetlabs/puppetlabs-java', :ref => '1.2.0'\n"
      : "mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v1.1.0'\nmod 'zookeeper', :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v1.6.0'\nmod 'puppetlabs/java', '7.3.0'\n";
  const stop = (svc: string) =>
    set === 'book' ? `  service { '${svc}':\n    ensure => stopped,\n    enable => false,\n  }\n` : '';
  const master = (id: string) => `classes: [role::mesos::master]\nzookeeper::id: '${id}'\n`;
  const nodes: Record<string, string> = {
    m1: master('1'),
    m2: master('2'),
    m3: master('3'),
    a1: 'classes: [role::mesos::slave]\n',
    ...o.nodes,
  };
  return `${NODES_HIERA}#- /work/environment.conf
modulepath = site-modules:modules:$basemodulepath
#- /work/Puppetfile
${pins}#- /work/site-modules/role/manifests/mesos/master.pp
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
${stop('mesos-slave')}}
#- /work/site-modules/profile/manifests/mesos/slave.pp
class profile::mesos::slave {
  include mesos
  include mesos::slave
${stop('mesos-master')}}
#- ${COMMON}
${o.common ?? commonOf(set)}${Object.entries(nodes)
    .map(([n, body]) => `#- /work/data/nodes/${n}.yaml\n${body}`)
    .join('')}${o.extra ?? ''}`;
}

function commonOf(set: 'book' | 'newest'): string {
  return `mesos::zookeeper: 'zk://m1:2181,m2:2181,m3:2181/mesos'
zookeeper::servers: ['m1:2888:3888', 'm2:2888:3888', 'm3:2888:3888']
mesos::master::options:
  quorum: '2'
mesos::slave::work_dir: /var/lib/mesos
mesos::listen_address: '%{facts.networking.ip}'
java::package: openjdk-8-jre-headless
${set === 'newest' ? 'mesos::manage_repo: false\n' : ''}`;
}
const NEWEST = commonOf('newest');
const BOOK = commonOf('book');
const NODE = (n: string) => `/work/data/nodes/${n}.yaml`;

const HIERA5 = `#- /work/hiera.yaml
version: 5
defaults:
  datadir: data
  data_hash: yaml_data
hierarchy:
  - name: common
    path: common.yaml
`;
const hieraConfig = (text: string) => `#- /work/hiera.yaml\n${text}#- ${COMMON}\na: 1\n`;
const HC = '/work/hiera.yaml';
const PF = '/work/Puppetfile';
const MANIFEST = '/work/site-modules/profile/manifests/x.pp';
const USES = `#- ${MANIFEST}\nclass profile::x {\n  include mesos\n  include zookeeper\n  include stdlib\n}\n`;
const puppetfile = (text: string, uses = USES) => `#- ${PF}\n${text}${uses}`;
const manifest = (text: string, path = MANIFEST) => `${SITE}#- ${path}\n${text}`;

const CASES: Partial<Record<Code, Case>> = {
  // --- hiera data files ---
  'hiera/yaml-syntax': { repo: data('a: [1\nb: 2\n'), file: COMMON },
  'hiera/duplicate-key': {
    repo: data("mesos::zookeeper: 'zk://a:2181/mesos'\nmesos::zookeeper: 'zk://b:2181/mesos'\n"),
    file: COMMON,
    fix: /^Remove the first/,
    fixed: "mesos::zookeeper: 'zk://b:2181/mesos'\n",
  },
  'hiera/not-a-hash': { repo: data('- a\n- b\n'), file: COMMON },
  'hiera/unknown-key': {
    repo: data("mesos::zookeepr: 'zk://a:2181/mesos'\n"),
    file: COMMON,
    fix: /^Change to 'mesos::zookeeper'/,
    fixed: "mesos::zookeeper: 'zk://a:2181/mesos'\n",
  },
  'hiera/type-mismatch': { repo: data('mesos::master::options: [a]\n'), file: COMMON },
  'hiera/shape-mismatch': { repo: data('mesos::master::work_dir: [a, b]\n'), file: COMMON },
  'hiera/no-effect': { repo: data('mesos::config::log_dir: /var/log/x\n'), file: COMMON },
  'hiera/interpolation-syntax': {
    repo: data('a: \'x %{alias("b")}\'\nb: y\n'),
    file: COMMON,
    fix: /lookup/,
    fixed: 'a: \'x %{lookup("b")}\'\nb: y\n',
  },
  'hiera/interpolation-unclosed': { repo: data("a: 'x %{b'\nb: y\n"), file: COMMON },
  'hiera/unknown-interpolation-function': { repo: data('a: \'%{lookpu("b")}\'\nb: y\n'), file: COMMON },
  'hiera/lookup-cycle': { repo: data('a: \'%{lookup("a")}\'\n'), file: COMMON },
  'hiera/single-colon-key': {
    repo: data("mesos:zookeeper: 'zk://a:2181/mesos'\nzookeeper::client_port: 2181\n"),
    file: COMMON,
    fix: /^Change to 'mesos::zookeeper'/,
  },
  'hiera/leading-colons': {
    repo: data("::mesos::zookeeper: 'zk://a:2181/mesos'\n"),
    file: COMMON,
    fix: /^Change to 'mesos::zookeeper'/,
  },
  'hiera/rules-stopped': {
    repo: cluster({ nodes: { m2: "classes: [role::mesos::master]\nzookeeper::id: '2'\nx: [1\n" } }),
    file: NODE('m2'),
  },
  'hiera/lookup-options-interpolation': { repo: data("lookup_options:\n  a:\n    merge: '%{foo}'\n"), file: COMMON },

  // --- work limits ---
  'limits/outside': {
    repo: `#- ${HC}\nversion: 5\ndefaults:\n  datadir: /\n  data_hash: yaml_data\nhierarchy:\n  - name: c\n    path: common.yaml\n`,
    file: HC,
  },
  'limits/nesting': { repo: `${HIERA5}#- ${COMMON}\na:\n${'- '.repeat(300)}x\n`, file: COMMON },
  'limits/aliases': {
    repo: `${HIERA5}#- ${COMMON}\na: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
    file: COMMON,
  },
  'limits/glob': {
    repo: `#- ${HC}\nversion: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n  - name: g\n    glob: '${'{a,b}'.repeat(11)}.yaml'\n`,
    file: HC,
  },
  'limits/hierarchy': {
    repo: `#- ${HC}\nversion: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n${Array.from({ length: 101 }, (_, i) => `  - name: l${i}\n    path: l${i}.yaml\n`).join('')}`,
    file: HC,
  },
  'editor/problems-not-shown': {
    repo: data(Array.from({ length: 5 }, (_, i) => `mesos::nope${i}: 1\n`).join('')),
    file: COMMON,
    limit: 3,
  },

  // --- the repo's own configuration and inline suppressions ---
  'config/invalid': {
    repo: `${HIERA5}#- /work/.mesos-puppet.yaml\nrules:\n  hiera/unknown-key: loud\n`,
    file: '/work/.mesos-puppet.yaml',
  },
  'suppression/unused': {
    repo: data('# mesos-puppet: disable-next-line hiera/duplicate-key -- old\na: 1\n'),
    file: COMMON,
    fix: /^Remove/,
    fixed: 'a: 1\n',
  },
  'suppression/unknown-code': {
    repo: data('# mesos-puppet: disable-next-line hiera/unknown-key, hiera/no-such-rule\nmesos::nope: 1\n'),
    file: COMMON,
    fix: /^Remove/,
    fixed: '# mesos-puppet: disable-next-line hiera/unknown-key\nmesos::nope: 1\n',
  },
  'suppression/malformed': { repo: data('# mesos-puppet: disable-everything\na: 1\n'), file: COMMON },

  // --- Mesos cluster rules ---
  'mesos/quorum-majority': {
    repo: cluster({ common: NEWEST.replace("quorum: '2'", "quorum: '1'") }),
    file: COMMON,
    fix: /2/,
  },
  'mesos/option-unquoted': {
    repo: cluster({ set: 'book', common: BOOK.replace("quorum: '2'", 'quorum: 2') }),
    file: COMMON,
    fix: /^Quote/,
  },
  'mesos/options-reserved': {
    repo: cluster({
      common: `${NEWEST.replace('mesos::slave::work_dir: /var/lib/mesos\n', '')}mesos::slave::options:\n  work_dir: /srv/mesos\n`,
    }),
    file: COMMON,
    fix: /work_dir/,
  },
  'mesos/unknown-flag': {
    repo: cluster({ common: NEWEST.replace("  quorum: '2'\n", "  quorum: '2'\n  resources: 'cpus:2'\n") }),
    file: COMMON,
    fix: /mesos::slave::options/,
  },
  'mesos/checkpoint-no-effect': {
    repo: cluster({ set: 'book', common: `${BOOK}mesos::slave::checkpoint: true\n` }),
    file: COMMON,
    fix: /^Remove/,
    fixed: BOOK,
  },
  'mesos/tmp-work-dir': {
    repo: cluster({ common: NEWEST.replace('/var/lib/mesos', '/tmp/mesos') }),
    file: COMMON,
    fix: /\/var\/lib\/mesos/,
  },
  'mesos/zk-url': {
    repo: cluster({
      common: NEWEST.replace("'zk://m1:2181,m2:2181,m3:2181/mesos'", "'http://m1:2181,m2:2181,m3:2181/mesos'"),
    }),
    file: COMMON,
    fix: /zk:\/\//,
  },
  'mesos/zk-ensemble': {
    repo: cluster({
      common: NEWEST.replace('zk://m1:2181,m2:2181,m3:2181/mesos', 'zk://m1:2888,m2:2888,m3:2888/mesos'),
    }),
    file: COMMON,
    fix: /2181/,
  },
  'mesos/zk-ensemble-partial': {
    repo: cluster({ common: NEWEST.replace('zk://m1:2181,m2:2181,m3:2181/mesos', 'zk://m1:2181/mesos') }),
    file: COMMON,
    fix: /m2:2181/,
  },
  'mesos/zk-url-differs': {
    repo: cluster({
      nodes: { a1: "classes: [role::mesos::slave]\nmesos::zookeeper: 'zk://m1:2181,m2:2181,m3:2181/other'\n" },
    }),
    file: NODE('a1'),
    fix: /\/mesos/,
  },
  'mesos/framework-port-clash': {
    repo: cluster({
      common: `${NEWEST}profile::mesos::master::marathon::port: 8080\nprofile::mesos::master::chronos::port: 8080\n`,
    }),
    file: COMMON,
  },
  'zookeeper/ensemble-odd': {
    repo: cluster({ common: NEWEST.replace("'m3:2888:3888']", "'m3:2888:3888', 'm4:2888:3888']") }),
    file: COMMON,
  },
  'zookeeper/servers-format': {
    repo: cluster({
      set: 'book',
      common: BOOK.replace("['m1:2888:3888', 'm2:2888:3888', 'm3:2888:3888']", '[m1, m2, m3]'),
    }),
    file: COMMON,
    fix: /m1:2888:3888/,
  },
  'zookeeper/id-range': {
    repo: cluster({ extra: `#- /work/data/zk.yaml\nzookeeper::id: '300'\n` }),
    file: '/work/data/zk.yaml',
  },
  'zookeeper/id-position': {
    repo: cluster({
      nodes: {
        m1: "classes: [role::mesos::master]\nzookeeper::id: '2'\n",
        m2: "classes: [role::mesos::master]\nzookeeper::id: '1'\n",
      },
    }),
    file: NODE('m1'),
    fix: /1/,
  },
  'zookeeper/id-unique': {
    repo: cluster({
      common: NEWEST.replace(
        "['m1:2888:3888', 'm2:2888:3888', 'm3:2888:3888']",
        "['10.0.0.1', '10.0.0.2', '10.0.0.3']",
      ).replace('zk://m1:2181,m2:2181,m3:2181/mesos', 'zk://10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181/mesos'),
      nodes: { m2: "classes: [role::mesos::master]\nzookeeper::id: '1'\n" },
    }),
    file: NODE('m1'),
  },
  // Without manifests a master's role is read from its classes: x9 runs ZooKeeper, outside the servers.
  'zookeeper/not-in-ensemble': {
    repo: `${NODES_HIERA}${PINS_NEW}#- ${COMMON}
mesos::zookeeper: 'zk://m1:2181,m2:2181,m3:2181/mesos'
zookeeper::servers: ['m1:2888:3888', 'm2:2888:3888', 'm3:2888:3888']
mesos::master::options:
  quorum: '3'
${['m1', 'm2', 'm3', 'x9'].map((n, i) => `#- ${NODE(n)}\nclasses: [role::mesos::master]\nzookeeper::id: '${i + 1}'\n`).join('')}`,
    file: COMMON,
  },

  // --- runtime rules ---
  'mesos/flag-refused': {
    repo: cluster({ common: `${NEWEST}mesos::slave::options:\n  checkpoint: true\n` }),
    file: COMMON,
    fix: /^Remove/,
    fixed: NEWEST,
  },
  'mesos/both-daemons': {
    repo: cluster({ common: `${NEWEST}mesos::single_role: false\n` }),
    file: COMMON,
    fix: /single_role|Remove/,
  },
  'mesos/no-address': {
    repo: cluster({ common: NEWEST.replace("mesos::listen_address: '%{facts.networking.ip}'\n", '') }),
    file: NODE('a1'),
    fix: /listen_address/,
  },
  'mesos/java-too-old': {
    repo: cluster({ set: 'book', common: BOOK.replace('java::package: openjdk-8-jre-headless\n', '') }),
    file: NODE('m1'),
    fix: /openjdk-8/,
  },
  'mesos/zk-daemon-url': {
    repo: cluster({
      common: NEWEST.replace(
        "mesos::zookeeper: 'zk://m1:2181,m2:2181,m3:2181/mesos'\n",
        'mesos::zookeeper: [m1, m2, m3]\n',
      ),
      nodes: { a2: 'classes: [role::mesos::slave]\nmesos::slave::zk_path: other\n' },
    }),
    file: COMMON,
  },
  'mesos/port-clash': { repo: cluster({ common: `${NEWEST}profile::marathon::port: 5050\n` }), file: COMMON },
  'zookeeper/servers-integer-keys': {
    repo: cluster({
      common: NEWEST.replace(
        "zookeeper::servers: ['m1:2888:3888', 'm2:2888:3888', 'm3:2888:3888']\n",
        'zookeeper::servers:\n  1: m1\n  2: m2\n  3: m3\n',
      ),
    }),
    file: COMMON,
    fix: /^Quote/,
  },
  'mesos/repo-retired': {
    repo: cluster({ set: 'book', common: `${BOOK}mesos::repo: mesosphere\n` }),
    file: COMMON,
    fix: /./,
    fixed: BOOK,
  },
  'mesos/os-unsupported': {
    repo: `${cluster()}#- /work/.mesos-puppet.yaml\nfacts: facts\n#- /work/facts/m1.yaml\nos: {name: Debian, release: {major: '12', full: '12.8'}}\n`,
    file: NODE('m1'),
  },

  // --- puppet manifests ---
  'puppet/syntax': { repo: manifest('class profile::x {\n  include\n'), file: MANIFEST },
  'puppet/unknown-class': {
    repo: manifest('class profile::x {\n  include profile::zookeper\n}\n'),
    file: MANIFEST,
    fix: /profile::zookeeper/,
  },
  'puppet/unknown-parameter': {
    repo: manifest("class profile::x {\n  class { 'zookeeper': idd => '1' }\n}\n"),
    file: MANIFEST,
    fix: /'id'/,
  },
  'puppet/unknown-attribute': {
    repo: manifest("class profile::x {\n  service { 'mesos-master': ensur => running }\n}\n"),
    file: MANIFEST,
    fix: /'ensure'/,
    fixed: "class profile::x {\n  service { 'mesos-master': ensure => running }\n}\n",
  },
  'puppet/unacceptable-location': {
    repo: manifest('class profile::mesos::slave {}\n', '/work/site-modules/profile/manifests/mesos/agent.pp'),
    file: '/work/site-modules/profile/manifests/mesos/agent.pp',
    fix: /profile::mesos::agent/,
  },
  'puppet/role-declares-resources': {
    repo: manifest(
      "class role::db {\n  include profile::zookeeper\n  package { 'postgresql': ensure => present }\n}\n",
      '/work/site-modules/role/manifests/db.pp',
    ),
    file: '/work/site-modules/role/manifests/db.pp',
  },
  'puppet/profile-includes-role': {
    repo: manifest(
      'class profile::db {\n  include role::mesos::slave\n  include profile::zookeeper\n}\n',
      '/work/site-modules/profile/manifests/db.pp',
    ),
    file: '/work/site-modules/profile/manifests/db.pp',
  },
  'puppet/hiera-include': {
    repo: `${SITE.replace("lookup('classes', Array[String], 'unique', []).include", "hiera_include('classes')")}`,
    file: '/work/manifests/site.pp',
    fix: /lookup/,
  },

  // --- Puppetfile ---
  'puppetfile/syntax': { repo: puppetfile("mod 'deric/mesos', '1.1.0\n"), file: PF },
  'puppetfile/duplicate-module': {
    repo: puppetfile("mod 'puppetlabs/stdlib', '8.6.0'\nmod 'puppetlabs/stdlib', '8.5.0'\n"),
    file: PF,
    fix: /^Remove/,
  },
  'puppetfile/version-range': { repo: puppetfile("mod 'puppetlabs/stdlib', '>= 8.0.0'\n"), file: PF, fix: /./ },
  'puppetfile/module-name': {
    repo: puppetfile("mod 'puppetlabs/stdlib', '8.6.0'\nmod 'mesos', '1.1.0'\n"),
    file: PF,
    fix: /'deric\/mesos'/,
  },
  'puppetfile/no-source': { repo: puppetfile("mod 'stdlib', :ref => '8.6.0'\n"), file: PF },
  'puppetfile/git-protocol': {
    repo: puppetfile("mod 'stdlib', :git => 'git://github.com/puppetlabs/puppetlabs-stdlib', :ref => '8.6.0'\n"),
    file: PF,
    fix: /https/,
  },
  'puppetfile/http-forge': {
    repo: puppetfile("forge 'http://forge.puppetlabs.com'\nmod 'puppetlabs/stdlib', '8.6.0'\n"),
    file: PF,
    fix: /https/,
  },
  'puppetfile/conflicting-refs': {
    repo: puppetfile(
      "mod 'stdlib', :git => 'https://github.com/puppetlabs/puppetlabs-stdlib', :ref => '8.6.0', :tag => '8.6.0'\n",
    ),
    file: PF,
  },
  'puppetfile/unknown-option': {
    repo: puppetfile("mod 'stdlib', :git => 'https://github.com/puppetlabs/puppetlabs-stdlib', 'ref' => '8.6.0'\n"),
    file: PF,
    fix: /^Write :ref/,
  },
  'puppetfile/unknown-tag': {
    repo: puppetfile("mod 'stdlib', :git => 'https://github.com/puppetlabs/puppetlabs-stdlib', :ref => '8.6.9'\n"),
    file: PF,
    fix: /./,
  },
  'puppetfile/missing-dependency': {
    repo: puppetfile(
      "mod 'zookeeper',\n  :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v0.3.5'\nmod 'stdlib', :git => 'https://github.com/puppetlabs/puppetlabs-stdlib', :ref => '4.5.1'\n",
    ),
    file: PF,
    fix: /^Add mod 'datacat'/,
  },
  'puppetfile/dependency-conflict': {
    repo: puppetfile(
      "mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v1.1.0'\nmod 'puppetlabs/stdlib', '9.0.0'\nmod 'puppetlabs/apt', '8.5.0'\nmod 'puppetlabs/zookeeper', '1.6.0'\n",
    ),
    file: PF,
  },
  'puppetfile/unused-module': {
    repo: puppetfile("mod 'puppetlabs/stdlib', '8.6.0'\nmod 'puppetlabs/concat', '7.4.0'\n"),
    file: PF,
    fix: /^Remove/,
  },
  'puppetfile/module-not-checked': {
    repo: puppetfile(
      "mod 'puppetlabs/haproxy', '8.0.0'\n",
      `#- ${MANIFEST}\nclass profile::x {\n  include haproxy\n}\n`,
    ),
    file: PF,
  },

  // --- hiera.yaml ---
  'hiera-config/yaml-syntax': { repo: hieraConfig('version: 5\nhierarchy: [\n'), file: HC },
  'hiera-config/not-a-mapping': { repo: hieraConfig('- a\n'), file: HC },
  'hiera-config/unknown-key': {
    repo: hieraConfig(
      'version: 5\nhierarchy:\n  - name: c\n    path: common.yaml\n    data_hash: yaml_data\n    datadri: data\n',
    ),
    file: HC,
  },
  'hiera-config/wrong-type': {
    repo: hieraConfig('version: 5\nhierarchy:\n  - name: c\n    path: [common.yaml]\n    data_hash: yaml_data\n'),
    file: HC,
  },
  'hiera-config/unsupported-version': { repo: hieraConfig('version: 6\nhierarchy: []\n'), file: HC },
  'hiera-config/version-4': { repo: hieraConfig('version: 4\nhierarchy: []\n'), file: HC },
  'hiera-config/version-3': {
    repo: hieraConfig(':backends:\n  - yaml\n:yaml:\n  :datadir: /work/data\n:hierarchy:\n  - common\n'),
    file: HC,
  },
  'hiera-config/missing-name': {
    repo: hieraConfig('version: 5\nhierarchy:\n  - path: common.yaml\n    data_hash: yaml_data\n'),
    file: HC,
  },
  'hiera-config/duplicate-name': {
    repo: hieraConfig(
      'version: 5\nhierarchy:\n  - name: c\n    path: common.yaml\n    data_hash: yaml_data\n  - name: c\n    path: other.yaml\n    data_hash: yaml_data\n',
    ),
    file: HC,
  },
  'hiera-config/missing-backend': {
    repo: hieraConfig('version: 5\ndefaults:\n  datadir: data\nhierarchy:\n  - name: c\n    path: common.yaml\n'),
    file: HC,
    fix: /yaml_data/,
    fixed:
      'version: 5\ndefaults:\n  datadir: data\nhierarchy:\n  - name: c\n    data_hash: yaml_data\n    path: common.yaml\n',
  },
  'hiera-config/multiple-backends': {
    repo: hieraConfig(
      'version: 5\nhierarchy:\n  - name: c\n    path: common.yaml\n    data_hash: yaml_data\n    lookup_key: eyaml_lookup_key\n',
    ),
    file: HC,
  },
  'hiera-config/backend-kind': {
    repo: hieraConfig('version: 5\nhierarchy:\n  - name: c\n    path: common.yaml\n    lookup_key: yaml_data\n'),
    file: HC,
    fix: /data_hash/,
    fixed: 'version: 5\nhierarchy:\n  - name: c\n    path: common.yaml\n    data_hash: yaml_data\n',
  },
  'hiera-config/missing-location': {
    repo: hieraConfig('version: 5\nhierarchy:\n  - name: c\n    data_hash: yaml_data\n'),
    file: HC,
  },
  'hiera-config/multiple-locations': {
    repo: hieraConfig(
      'version: 5\nhierarchy:\n  - name: c\n    path: common.yaml\n    glob: "*.yaml"\n    data_hash: yaml_data\n',
    ),
    file: HC,
  },
  'hiera-config/interpolation': {
    repo: hieraConfig(
      "version: 5\nhierarchy:\n  - name: c\n    path: 'nodes/%{trusted.certname.yaml'\n    data_hash: yaml_data\n",
    ),
    file: HC,
  },
  'hiera-config/function-in-path': {
    repo: hieraConfig(
      'version: 5\nhierarchy:\n  - name: c\n    path: \'%{lookup("x")}.yaml\'\n    data_hash: yaml_data\n',
    ),
    file: HC,
  },
  'hiera-config/reserved-option': {
    repo: hieraConfig(
      'version: 5\nhierarchy:\n  - name: c\n    path: common.yaml\n    data_hash: yaml_data\n    options:\n      path: x\n',
    ),
    file: HC,
  },
  'hiera-config/default-hierarchy-not-in-module': {
    repo: hieraConfig(
      'version: 5\nhierarchy:\n  - name: c\n    path: common.yaml\n    data_hash: yaml_data\ndefault_hierarchy:\n  - name: d\n    path: d.yaml\n    data_hash: yaml_data\n',
    ),
    file: HC,
  },
  'hiera-config/hiera3-backend-not-global': {
    repo: `#- /work/modules/m/hiera.yaml\nversion: 5\nhierarchy:\n  - name: c\n    path: common.yaml\n    hiera3_backend: yaml\n#- /work/modules/m/data/common.yaml\na: 1\n${HIERA5}#- ${COMMON}\na: 1\n`,
    file: '/work/modules/m/hiera.yaml',
  },
  'hiera-config/missing-datadir': {
    repo: `#- ${HC}\nversion: 5\ndefaults:\n  datadir: hieradata\n  data_hash: yaml_data\nhierarchy:\n  - name: c\n    path: common.yaml\n#- ${COMMON}\na: 1\n`,
    file: HC,
  },
};

/** Codes whose advice has no safe single edit, and why. */
const ADVICE_ONLY: Partial<Record<Code, string>> = {
  'hiera/yaml-syntax': 'where the broken text was meant to go is not known',
  'mesos/os-unsupported': "the fix is another OS release or checking the module there, not an edit of the repo's data",
  'hiera/not-a-hash': "turning a list or scalar into keys is the user's design",
  'hiera/type-mismatch':
    'an Array where a Hash is wanted has no one right conversion (an Integer for a String gets a quote fix, tested in hiera-diagnostics)',
  'hiera/shape-mismatch': 'which single value of a list was meant is not known',
  'hiera/no-effect':
    'the message proposes no edit: the module passes the parameter itself (the key is shown faded as unnecessary)',
  'hiera/interpolation-unclosed': 'where the interpolation was meant to end is not known',
  'hiera/unknown-interpolation-function': 'the message lists the five functions; which one was meant is a choice',
  'hiera/lookup-cycle': 'which key of the cycle should hold a plain value, and which value, is not known',
  'hiera/rules-stopped': "a note about another file's YAML error, fixed there",
  'hiera/lookup-options-interpolation': 'the literal value the interpolation should become is not known',
  'limits/outside': "a note: moving the datadir is the repo's layout",
  'limits/nesting': 'a note: the file is not analysed',
  'limits/aliases': 'a note: writing the value out is a choice of how to shape the data',
  'limits/glob': "a note: which patterns the level should keep is the repo's design",
  'limits/hierarchy': "a note: which levels to merge or drop is the repo's design",
  'editor/problems-not-shown': 'a note about the other findings',
  'config/invalid': 'which valid setting was meant is not known (the message lists them)',
  'suppression/malformed': 'which directive and codes were meant is not known',
  'mesos/framework-port-clash': 'which framework moves, and to which free port, is a choice',
  'zookeeper/ensemble-odd': 'adding or removing a ZooKeeper server is a deployment decision',
  'zookeeper/id-range':
    "the id to use is the node's position in zookeeper::servers, unknown when the node is not listed",
  'zookeeper/id-unique': 'which of the two servers keeps the id is not known',
  'zookeeper/not-in-ensemble':
    'adding a server changes the ensemble every node reads; stopping ZooKeeper is a manifest change',
  'mesos/zk-daemon-url': 'which of the differing URLs is right is a choice',
  'mesos/port-clash': 'which service moves, and to which free port, is a choice',
  'puppet/syntax': 'what the broken code was meant to say is not known',
  'puppet/role-declares-resources': 'moving a resource into a profile spans files and names a new class',
  'puppet/profile-includes-role': 'what the profile should include instead is a design choice',
  'puppetfile/syntax': 'what the broken line was meant to say is not known',
  'puppetfile/no-source': 'the URL of the source is not known',
  'puppetfile/conflicting-refs': 'which of the refs is the one meant is a choice (r10k warns and uses the last)',
  'puppetfile/dependency-conflict': 'which pin moves (this one or the module that needs it) is a choice',
  'puppetfile/module-not-checked': 'a note: nothing to change in the Puppetfile',
  'hiera-config/yaml-syntax': 'where the broken text was meant to go is not known',
  'hiera-config/not-a-mapping': 'the whole configuration is to be written',
  'hiera-config/unknown-key': 'the message lists the keys allowed there; which one was meant is a choice',
  'hiera-config/wrong-type': 'turning a list into a string (or path into paths) changes what is looked up',
  'hiera-config/unsupported-version': 'the formats differ between versions: changing the number is no migration',
  'hiera-config/version-3': 'migrating to version 5 rewrites the file',
  'hiera-config/version-4': 'migrating to version 5 rewrites the file',
  'hiera-config/missing-name': "the name is the user's",
  'hiera-config/duplicate-name': "the new name is the user's",
  'hiera-config/multiple-backends': 'which backend is meant is a choice',
  'hiera-config/missing-location': 'the path is not known',
  'hiera-config/multiple-locations': 'which location is meant is a choice',
  'hiera-config/interpolation': 'what the interpolation was meant to say is not known',
  'hiera-config/function-in-path': 'the fact or variable to use instead is not known',
  'hiera-config/reserved-option': "the option's new name is the user's",
  'hiera-config/default-hierarchy-not-in-module': 'moving it to the module, or renaming it to hierarchy, is a choice',
  'hiera-config/hiera3-backend-not-global': 'replacing a Hiera 3 backend is a migration',
  'hiera-config/missing-datadir': 'creating a folder is no text edit, and which existing folder was meant is not known',
};

// ---------------------------------------------------------------------------------------------------------

function projectOf(files: Record<string, string>): Project {
  return new Project(memoryFileSystem(files), ['/work']);
}

function allFindings(
  project: Project,
  files: Record<string, string>,
  limit?: { file: string; n: number },
): Array<Diagnostic & { path: string }> {
  const out: Array<Diagnostic & { path: string }> = [];
  for (const path of Object.keys(files).sort()) {
    const ds = fileDiagnostics(project, path);
    for (const d of limit && path === limit.file ? limitDiagnostics(ds, limit.n) : ds) out.push({ ...d, path });
  }
  return out;
}

function counts(ds: ReadonlyArray<{ code: string }>): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of ds) m.set(d.code, (m.get(d.code) ?? 0) + 1);
  return m;
}

function applyFix(files: Record<string, string>, fix: Fix): Record<string, string> {
  const out = { ...files };
  for (const path of new Set(fix.edits.map((e) => e.path))) {
    const { text, applied } = applyEdits(
      out[path] ?? '',
      fix.edits.filter((e) => e.path === path),
    );
    assert.equal(applied.length, fix.edits.filter((e) => e.path === path).length, `the fix's edits overlap in ${path}`);
    out[path] = text;
  }
  return out;
}

function describeRepo(repo: string): string {
  const { files } = parseFixture(repo);
  const project = projectOf(files);
  return allFindings(project, files)
    .map(
      (d) =>
        `${d.path} ${d.code} [${d.range.start},${d.range.end}] ${d.message}${(d.fixes ?? []).map((f) => `\n    fix: ${f.title}`).join('')}`,
    )
    .join('\n');
}

test('every code of the catalogue has a case or an advice-only reason', () => {
  const missing = Object.keys(CODES).filter((c) => !CASES[c as Code]);
  assert.deepEqual(missing, []);
  for (const code of Object.keys(ADVICE_ONLY))
    assert.equal(CASES[code as Code]?.fix, undefined, `${code} is advice-only but has a fix case`);
  for (const [code, c] of Object.entries(CASES))
    assert.ok(c!.fix || ADVICE_ONLY[code as Code], `${code}: neither a fix nor an advice-only reason`);
});

for (const [code, c] of Object.entries(CASES) as Array<[Code, Case]>) {
  test(`${code}: raised${c.fix ? ', and its quick fix removes it' : ` (advice only: ${ADVICE_ONLY[code]})`}`, () => {
    const { files } = parseFixture(c.repo);
    const limit = c.limit ? { file: c.file, n: c.limit } : undefined;
    const before = allFindings(projectOf(files), files, limit);
    const found = before.filter((d) => d.code === code && d.path === c.file);
    assert.ok(found.length > 0, `${code} is not raised in ${c.file}; found:\n${describeRepo(c.repo)}`);
    if (!c.fix) return;
    const d = found[0];
    const fix = (d.fixes ?? []).find((f) => c.fix!.test(f.title));
    assert.ok(
      fix,
      `no fix matching ${c.fix} for: ${d.message}; fixes: ${(d.fixes ?? []).map((f) => f.title).join(' | ')}`,
    );
    const after = applyFix(files, fix);
    if (c.fixed !== undefined) assert.equal(after[c.file], c.fixed);
    const findings = allFindings(projectOf(after), after, limit);
    const was = counts(before);
    const now = counts(findings);
    assert.ok(
      (now.get(code) ?? 0) < (was.get(code) ?? 0),
      `${code} is still reported after "${fix.title}":\n${findings.map((f) => `${f.code} ${f.message}`).join('\n')}`,
    );
    for (const [other, n] of now)
      assert.ok(
        n <= (was.get(other) ?? 0),
        `"${fix.title}" creates ${other}: ${findings
          .filter((f) => f.code === other)
          .map((f) => f.message)
          .join(' | ')}`,
      );
  });
}
