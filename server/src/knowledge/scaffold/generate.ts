// The files of a scaffolded Mesos control repo: Puppetfile, environment.conf, hiera.yaml, site.pp, the roles
// exactly as the scenario gives them, profiles that take their data from Hiera, the Hiera data for every node,
// and a README. Pure: options in, file list out. The output passes `mesos-puppet check`, puppet parser
// validate, puppet-lint and r10k, and puppet lookup gives every node its ZooKeeper id, quorum and URL
// (test/oracle/scaffold.test.ts).

import { certname, type ScaffoldOptions } from './options.js';
import { majority } from '../cluster/ensemble.js';

export interface GeneratedFile {
  /** Path relative to the target folder, with forward slashes. */
  readonly path: string;
  readonly content: string;
}

interface PuppetfileModule {
  readonly name: string;
  readonly line: string;
}

/** The book's pins (2015), with the dead git:// source fixed. */
const BOOK_MODULES: readonly PuppetfileModule[] = [
  { name: 'apt', line: "mod 'apt',\n  :git => 'https://github.com/puppetlabs/puppetlabs-apt', :ref => '1.7.0'" },
  { name: 'datacat', line: "mod 'datacat',\n  :git => 'https://github.com/richardc/puppet-datacat', :ref => '0.6.1'" },
  { name: 'java', line: "mod 'java',\n  :git => 'https://github.com/puppetlabs/puppetlabs-java', :ref => '1.2.0'" },
  { name: 'mesos', line: "mod 'mesos',\n  :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'" },
  {
    name: 'stdlib',
    line: "mod 'stdlib',\n  :git => 'https://github.com/puppetlabs/puppetlabs-stdlib', :ref => '4.5.1'",
  },
  {
    name: 'zookeeper',
    line: "mod 'zookeeper',\n  :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v0.3.5'",
  },
];

/**
 * The newest set that compiles together on Puppet 7 (checked by compiling every node's catalog): mesos v1.1.0
 * fails with stdlib 9 (is_string is gone) but works with stdlib 8, although its metadata asks for stdlib < 7
 * and apt < 8; apt 8.5.0 is the newest apt that accepts stdlib 8; java 7.3.0 needs archive < 7.
 */
const NEWEST_MODULES: readonly PuppetfileModule[] = [
  { name: 'apt', line: "mod 'puppetlabs/apt', '8.5.0'" },
  { name: 'archive', line: "mod 'puppet/archive', '6.1.2'" },
  { name: 'cron', line: "mod 'puppet/cron', '4.1.0'" },
  { name: 'java', line: "mod 'puppetlabs/java', '7.3.0'" },
  { name: 'mesos', line: "mod 'mesos',\n  :git => 'https://github.com/deric/puppet-mesos', :ref => 'v1.1.0'" },
  { name: 'stdlib', line: "mod 'puppetlabs/stdlib', '8.6.0'" },
  { name: 'yumrepo_core', line: "mod 'puppetlabs/yumrepo_core', '2.0.0'" },
  {
    name: 'zookeeper',
    line: "mod 'zookeeper',\n  :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v1.6.0'",
  },
];

/** A module set the scaffold offers, as the wizard shows it: the versions come from the pins written above. */
export interface ModuleSetChoice {
  readonly value: ScaffoldOptions['modules'];
  readonly label: string;
  readonly description: string;
}

/** `mesos v1.1.0, zookeeper v1.6.0, ...`: the named modules of a set with the release each line pins. */
function pinSummary(modules: readonly PuppetfileModule[], names: readonly string[]): string {
  return names
    .map((name) => {
      const line = modules.find((m) => m.name === name)?.line ?? '';
      const version = /:ref => '([^']+)'/.exec(line)?.[1] ?? /, '([^']+)'$/.exec(line)?.[1];
      return `${name} ${version ?? '?'}`;
    })
    .join(', ');
}

/** The module sets, newest first (the wizard's default). */
export function moduleSetChoices(): ModuleSetChoice[] {
  return [
    {
      value: 'newest',
      label: 'Newest that works',
      description: pinSummary(NEWEST_MODULES, ['mesos', 'zookeeper', 'stdlib', 'apt']),
    },
    {
      value: 'book',
      label: 'As the book pins them (2015)',
      description: `${pinSummary(BOOK_MODULES, ['mesos', 'zookeeper', 'stdlib'])}; the dead git:// source fixed`,
    },
  ];
}

function puppetfile(o: ScaffoldOptions): string {
  if (o.modules === 'book') {
    return `# Modules of the Mesos cluster, pinned as the book pins them (2015). Install them with
#   r10k puppetfile install --verbose
# The book fetched apt over git://, which GitHub turned off on 2022-03-15: it is fetched over https:// here.
# The book also pins concat 1.1.2, which no module here needs and no manifest uses: it is left out.

${BOOK_MODULES.map((m) => m.line).join('\n\n')}
`;
  }
  return `# Modules of the Mesos cluster: the newest versions that work together on Puppet 7. mesos v1.1.0 (its last
# release) fails with stdlib 9, so stdlib stays on 8.x and apt on 8.5.0, the last apt that accepts stdlib 8.
# zookeeper v1.6.0 needs archive, cron and yumrepo_core; java 7.3.0 needs archive below 7.
# Install them with
#   r10k puppetfile install --verbose
forge 'https://forgeapi.puppet.com'

${NEWEST_MODULES.map((m) => m.line).join('\n\n')}
`;
}

const ENVIRONMENT_CONF = `# Roles and profiles live in site-modules; r10k installs the Puppetfile's modules into modules.
modulepath = site-modules:modules:$basemodulepath
`;

const HIERA_YAML = `---
version: 5
defaults:
  datadir: data
  data_hash: yaml_data
hierarchy:
  - name: 'Per node'
    path: 'nodes/%{trusted.certname}.yaml'
  - name: 'Per role'
    path: 'roles/%{facts.role}.yaml'
  - name: 'Common'
    path: 'common.yaml'
`;

const SITE_PP = `# Classification: every node includes the classes that Hiera gives it (data/nodes/<certname>.yaml).
node default {
  lookup('classes', Array[String], 'unique', []).include
}
`;

function roleMaster(o: ScaffoldOptions): string {
  const frameworks = [
    ...(o.chronos.enabled ? ['  include profile::mesos::master::chronos'] : []),
    ...(o.marathon.enabled ? ['  include profile::mesos::master::marathon'] : []),
  ];
  return `# @summary A Mesos master: ZooKeeper, the Mesos master and the frameworks that run beside it.
class role::mesos::master {
  include profile::zookeeper
  include profile::mesos::master
${frameworks.length > 0 ? `\n  # Mesos frameworks\n${frameworks.join('\n')}\n` : ''}}
`;
}

const ROLE_SLAVE = `# @summary A Mesos agent (slave): runs the tasks the frameworks launch.
class role::mesos::slave {
  include profile::mesos::slave
}
`;

const PROFILE_ZOOKEEPER = `# @summary A member of the ZooKeeper ensemble, with the Java it runs on.
#
# Its id and the ensemble come from Hiera: zookeeper::id per node, zookeeper::servers in common.yaml.
class profile::zookeeper {
  include java
  include zookeeper

  Class['java'] -> Class['zookeeper']
}
`;

/**
 * The Mesos packages start both mesos-master and mesos-slave. From mesos v0.8.0 the module stops the daemon a node
 * does not run (single_role, on by default); before, the profile must, or every agent also runs a master.
 */
function stopOther(o: ScaffoldOptions, other: 'master' | 'slave'): string {
  if (o.modules !== 'book') return '';
  return `
  # The package starts mesos-${other} too, and mesos v0.5.2 leaves it running (single_role came in v0.8.0).
  service { 'mesos-${other}':
    ensure  => stopped,
    enable  => false,
    require => Class['mesos::install'],
  }
`;
}

function profileMesosMaster(o: ScaffoldOptions): string {
  return `# @summary A Mesos master, started once the local ZooKeeper server is set up.
#
# Every setting comes from Hiera (mesos::* and mesos::master::* keys), so no parameter is passed here.
class profile::mesos::master {
  include mesos
  include mesos::master

  Class['profile::zookeeper'] -> Class['mesos::master']
${stopOther(o, 'slave')}}
`;
}

function profileMesosSlave(o: ScaffoldOptions): string {
  return `# @summary A Mesos agent (slave).
#
# Every setting comes from Hiera (mesos::* and mesos::slave::* keys), so no parameter is passed here.
class profile::mesos::slave {
  include mesos
  include mesos::slave
${stopOther(o, 'master')}}
`;
}

function frameworkProfile(name: 'marathon' | 'chronos', port: number): string {
  const title = name === 'marathon' ? 'Marathon' : 'Chronos';
  const zk =
    name === 'marathon'
      ? `
# @param zookeeper
#   ZooKeeper URL where Marathon keeps its state, e.g. zk://master1:2181,master2:2181,master3:2181/marathon.`
      : '';
  const zkParam = name === 'marathon' ? `\n  String[1] $zookeeper = 'zk://localhost:2181/marathon',` : '';
  const zkFile =
    name === 'marathon'
      ? `
  file { '/etc/marathon/conf/zk':
    ensure  => file,
    content => "\${zookeeper}\\n",
    require => Package['marathon'],
    notify  => Service['marathon'],
  }
`
      : '';
  return `# @summary ${title} on a Mesos master: the package (from the package source you provide), its flag files, its service.
#
# ${title} finds the Mesos masters through /etc/mesos/zk, which the mesos module writes. Each file under
# /etc/${name}/conf/ becomes a command-line flag of the packaged launcher.
#
# @param port
#   HTTP port of ${title}'s API and web UI. Set it explicitly: Marathon and Chronos both default to 8080 upstream.${zk}
# @param version
#   Package version to install; 'installed' keeps whatever version is there.
class profile::mesos::master::${name} (
  Integer[1, 65535] $port = ${port},${zkParam}
  String[1] $version = 'installed',
) {
  package { '${name}':
    ensure  => $version,
    require => Class['mesos::install'],
  }

  file { ['/etc/${name}', '/etc/${name}/conf']:
    ensure => directory,
  }

  file { '/etc/${name}/conf/http_port':
    ensure  => file,
    content => "\${port}\\n",
    require => Package['${name}'],
    notify  => Service['${name}'],
  }
${zkFile}
  service { '${name}':
    ensure  => running,
    enable  => true,
    require => Package['${name}'],
  }
}
`;
}

function yamlList(items: readonly string[], indent = ''): string {
  return items.map((i) => `${indent}  - '${i}'`).join('\n');
}

function commonYaml(o: ScaffoldOptions): string {
  const masters = o.masters.map((h) => certname(o, h));
  const quorum = majority(masters.length);
  const zkHosts = masters.map((h) => `${h}:2181`).join(',');
  const lines: string[] = [
    '---',
    `# Cluster-wide data of the Mesos cluster '${o.clusterName}': ${o.masters.length} masters, ${o.slaves.length} agents.`,
    '# A class parameter set here only takes effect on the nodes that declare the class.',
    '',
    '# Mesos, on masters and agents alike. The Mesosphere repository is gone: the packages come from a source',
    '# you provide (see README.md).',
  ];
  if (o.modules === 'newest') lines.push('mesos::manage_repo: false');
  if (o.modules === 'book') {
    lines.push(`mesos::zookeeper: 'zk://${zkHosts}/mesos'`);
  } else {
    lines.push('mesos::zookeeper:', yamlList(masters.map((h) => `${h}:2181`)), 'mesos::zk_path: mesos');
  }
  lines.push(
    '',
    '# Masters: the quorum is a majority of the masters.',
    `mesos::master::cluster: '${o.clusterName}'`,
    'mesos::master::work_dir: /var/lib/mesos',
    'mesos::master::options:',
    `  quorum: '${quorum}'`,
    '',
    '# Agents: /tmp would be cleaned. (No checkpoint flag: Mesos 0.22 and later always checkpoint and refuse it.)',
    'mesos::slave::work_dir: /var/lib/mesos',
    '',
    '# ZooKeeper ensemble on the masters; each node sets its own zookeeper::id.',
    'zookeeper::servers:',
    yamlList(o.modules === 'book' ? masters.map((h) => `${h}:2888:3888`) : masters),
  );
  if (o.marathon.enabled && o.modules === 'book') {
    lines.push(
      '',
      '# Marathon needs Java 8; java 1.2.0 would install OpenJDK 7. Only the masters include java.',
      'java::package: openjdk-8-jre-headless',
    );
  }
  if (o.marathon.enabled || o.chronos.enabled) lines.push('', '# Frameworks on the masters, on ports of their own.');
  if (o.marathon.enabled) {
    lines.push(
      `profile::mesos::master::marathon::port: ${o.marathon.port}`,
      `profile::mesos::master::marathon::zookeeper: 'zk://${zkHosts}/marathon'`,
    );
  }
  if (o.chronos.enabled) lines.push(`profile::mesos::master::chronos::port: ${o.chronos.port}`);
  return `${lines.join('\n')}\n`;
}

function roleYaml(role: 'master' | 'slave'): string {
  const text =
    role === 'master'
      ? `---
# Data for every Mesos master: nodes whose 'role' fact is mesos_master (see README.md).
# Cluster-wide master settings are in common.yaml; put what differs per role here.
mesos::master::env_var:
  MESOS_LOG_DIR: /var/log/mesos
`
      : `---
# Data for every Mesos agent: nodes whose 'role' fact is mesos_slave (see README.md).
# Cluster-wide agent settings are in common.yaml; put what differs per role here.
mesos::slave::env_var:
  MESOS_LOG_DIR: /var/log/mesos
`;
  return text;
}

/** The node's own address as Facter reports it, for hosts whose address the user did not give. */
export const FACTS_IP = '%{facts.networking.ip}';

function nodeYaml(o: ScaffoldOptions, host: string, role: 'master' | 'slave', id: number): string {
  const lines = [
    '---',
    `# ${certname(o, host)}: a Mesos ${role === 'master' ? 'master and ZooKeeper server' : 'agent'}.`,
    'classes:',
    `  - 'role::mesos::${role}'`,
  ];
  if (role === 'master') lines.push(`zookeeper::id: '${id}'`);
  const ip = o.ips[host];
  if (ip) {
    lines.push(`mesos::listen_address: '${ip}'`);
    if (role === 'master') lines.push(`zookeeper::client_ip: '${ip}'`);
  } else {
    // Without it Mesos announces what the host name resolves to: 127.0.1.1 on a default Debian or Ubuntu host.
    lines.push(
      '# The address Mesos listens on and announces: the one Facter reports for the primary interface.',
      `mesos::listen_address: '${FACTS_IP}'`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The systems each module set targets: the releases every module of the set lists in its metadata.json
 * (operatingsystem_support, read at the pinned tags), and what the user must provide on them.
 */
const TARGETS: Record<ScaffoldOptions['modules'], string> = {
  book: `Ubuntu 14.04 (trusty) is the newest release that mesos v0.5.2, zookeeper v0.3.5 and java 1.2.0 all list in
their metadata.json (with Ubuntu 10.04 and 12.04, Debian 6 and 7, RHEL and CentOS 6 and 7; the apt module
here makes it Debian and Ubuntu only).`,
  newest: `No release is listed by every module of this set: mesos v1.1.0 lists Debian 6 to 10, Ubuntu 10.04 to 18.04
and RHEL/CentOS 6 and 7; zookeeper v1.6.0 lists Debian 11 and 12, Ubuntu 20.04 to 24.04 and RHEL 7 to 9; java
7.3.0 lists Debian 9 to 11, Ubuntu 14.04 to 20.04 and RHEL 6 to 8. RHEL 7 is the one release in all three lists;
the set compiles with Puppet 7 for Debian and Ubuntu too.`,
};

function packagesSection(o: ScaffoldOptions): string {
  const frameworks = [o.marathon.enabled ? 'marathon' : '', o.chronos.enabled ? 'chronos' : ''].filter(Boolean);
  const pkgs = [
    'mesos',
    ...frameworks,
    ...(o.marathon.enabled && o.modules === 'book' ? ['openjdk-8-jre-headless'] : []),
  ];
  return `## Before you run Puppet: packages and systems

The Mesosphere package repository (repos.mesosphere.io) no longer serves packages, so this repo does not point
the package manager at it (${o.modules === 'book' ? '`mesos::repo` is left unset' : '`mesos::manage_repo: false`'}). Provide these packages from a repository
of your own (a mirror or packages you build) on every node that needs them: ${pkgs.map((p) => `\`${p}\``).join(', ')}.
${
  o.marathon.enabled
    ? `Marathon 0.11 and later needs Java 8: ${o.modules === 'book' ? 'the masters install `openjdk-8-jre-headless` (`java::package`), which Ubuntu 14.04 only has from an extra source such as the openjdk-r PPA.' : 'java 7.3.0 installs the Java of the system (8 or later on every release it lists).'}
`
    : ''
}
${TARGETS[o.modules]}

Mesos ${o.modules === 'book' ? 'v0.5.2 leaves the other daemon of the package running, so the profiles stop it (`mesos-slave` on masters, `mesos-master` on agents).' : 'v1.1.0 stops the daemon a node does not run (`single_role`).'}

${addressNote(o)}
`;
}

function addressNote(o: ScaffoldOptions): string {
  const hosts = [...o.masters, ...o.slaves];
  const without = hosts.filter((h) => !o.ips[h]);
  if (without.length === 0)
    return 'Every node listens on the address given for it (`mesos::listen_address` in its node file).';
  return `${without.length === hosts.length ? 'Every node' : `Each of ${without.map((h) => certname(o, h)).join(', ')}`} listens on the address Facter reports for its primary interface
(\`mesos::listen_address: '${FACTS_IP}'\` in the node file): without an address Mesos announces what the host name
resolves to, which is 127.0.1.1 on a default Debian or Ubuntu host. Write the address there to choose another.`;
}

function readme(o: ScaffoldOptions): string {
  const masters = o.masters.map((h) => certname(o, h));
  const quorum = majority(masters.length);
  return `# Mesos cluster '${o.clusterName}'

A Puppet control repo for a highly available Apache Mesos cluster: ${masters.length} masters (${masters.join(', ')}),
each running ZooKeeper${o.marathon.enabled ? ', Marathon' : ''}${o.chronos.enabled ? ', Chronos' : ''} beside the Mesos master, and ${o.slaves.length} agents. Written by
"Mesos Puppet: Scaffold Mesos cluster" with the ${o.modules === 'book' ? "book's module pins (2015)" : 'newest modules that work together'}.

## Layout

- \`Puppetfile\`: the modules; install them with \`r10k puppetfile install --verbose\`.
- \`manifests/site.pp\`: every node includes the classes Hiera gives it.
- \`site-modules/role\`: one role per node (\`role::mesos::master\`, \`role::mesos::slave\`).
- \`site-modules/profile\`: the profiles the roles include; they take their settings from Hiera.
- \`hiera.yaml\` and \`data/\`: per node (\`data/nodes/<certname>.yaml\`: classes, ZooKeeper id), per role
  (\`data/roles/<role fact>.yaml\`), common (\`data/common.yaml\`).

## The rules this data keeps

- The masters' quorum is a majority of the masters: ${quorum} of ${masters.length}.
- \`zookeeper::id\` of each master equals its position in \`zookeeper::servers\`.
- The ZooKeeper URL names exactly the ZooKeeper ensemble.
${o.marathon.enabled && o.chronos.enabled ? `- Marathon (${o.marathon.port}) and Chronos (${o.chronos.port}) listen on different ports.\n` : ''}- No Mesos flag that Mesos refuses (the agents' old \`checkpoint\` flag is gone since Mesos 0.22), no two services
  on one port, every daemon told its address, one daemon per node.

\`mesos-puppet check\` checks all of them; run it in CI.

${packagesSection(o)}
## Role data

The per-role level reads the \`role\` fact: give masters \`role=mesos_master\` and agents \`role=mesos_slave\`, e.g.
in \`/etc/puppetlabs/facter/facts.d/role.txt\`. Nothing required lives there: without the fact a node
still gets everything it needs from its node file and common.yaml.

## Try it

\`\`\`sh
r10k puppetfile install --verbose
puppet lookup zookeeper::id --node ${masters[0]} --environmentpath .. --environment $(basename "$PWD")
mesos-puppet check
\`\`\`
`;
}

export function scaffoldFiles(o: ScaffoldOptions): GeneratedFile[] {
  const files: GeneratedFile[] = [
    { path: 'Puppetfile', content: puppetfile(o) },
    { path: 'environment.conf', content: ENVIRONMENT_CONF },
    { path: 'hiera.yaml', content: HIERA_YAML },
    { path: 'manifests/site.pp', content: SITE_PP },
    { path: 'site-modules/role/manifests/mesos/master.pp', content: roleMaster(o) },
    { path: 'site-modules/role/manifests/mesos/slave.pp', content: ROLE_SLAVE },
    { path: 'site-modules/profile/manifests/zookeeper.pp', content: PROFILE_ZOOKEEPER },
    { path: 'site-modules/profile/manifests/mesos/master.pp', content: profileMesosMaster(o) },
    { path: 'site-modules/profile/manifests/mesos/slave.pp', content: profileMesosSlave(o) },
  ];
  if (o.marathon.enabled)
    files.push({
      path: 'site-modules/profile/manifests/mesos/master/marathon.pp',
      content: frameworkProfile('marathon', o.marathon.port),
    });
  if (o.chronos.enabled)
    files.push({
      path: 'site-modules/profile/manifests/mesos/master/chronos.pp',
      content: frameworkProfile('chronos', o.chronos.port),
    });
  files.push(
    { path: 'data/common.yaml', content: commonYaml(o) },
    { path: 'data/roles/mesos_master.yaml', content: roleYaml('master') },
    { path: 'data/roles/mesos_slave.yaml', content: roleYaml('slave') },
  );
  o.masters.forEach((h, i) =>
    files.push({ path: `data/nodes/${certname(o, h)}.yaml`, content: nodeYaml(o, h, 'master', i + 1) }),
  );
  for (const h of o.slaves)
    files.push({ path: `data/nodes/${certname(o, h)}.yaml`, content: nodeYaml(o, h, 'slave', 0) });
  files.push({ path: 'README.md', content: readme(o) });
  return files;
}
