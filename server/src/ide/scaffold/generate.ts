// The files of a scaffolded Mesos control repo: Puppetfile, environment.conf, hiera.yaml, site.pp, the roles
// exactly as the scenario gives them, profiles that take their data from Hiera, the Hiera data for every node,
// and a README. Pure: options in, file list out. The output passes `mesos-puppet check`, puppet parser
// validate, puppet-lint and r10k, and puppet lookup gives every node its ZooKeeper id, quorum and URL
// (test/oracle/scaffold.test.ts).

import { certname, type ScaffoldOptions } from './options.js';

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
  { name: 'stdlib', line: "mod 'stdlib',\n  :git => 'https://github.com/puppetlabs/puppetlabs-stdlib', :ref => '4.5.1'" },
  { name: 'zookeeper', line: "mod 'zookeeper',\n  :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v0.3.5'" },
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
  { name: 'zookeeper', line: "mod 'zookeeper',\n  :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v1.6.0'" },
];

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

const PROFILE_MESOS_MASTER = `# @summary A Mesos master, started once the local ZooKeeper server is set up.
#
# Every setting comes from Hiera (mesos::* and mesos::master::* keys), so no parameter is passed here.
class profile::mesos::master {
  include mesos
  include mesos::master

  Class['profile::zookeeper'] -> Class['mesos::master']
}
`;

const PROFILE_MESOS_SLAVE = `# @summary A Mesos agent (slave).
#
# Every setting comes from Hiera (mesos::* and mesos::slave::* keys), so no parameter is passed here.
class profile::mesos::slave {
  include mesos
  include mesos::slave
}
`;

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
  return `# @summary ${title} on a Mesos master: the package from the Mesosphere repository, its flag files, its service.
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
  const quorum = Math.floor(masters.length / 2) + 1;
  const zkHosts = masters.map((h) => `${h}:2181`).join(',');
  const lines: string[] = [
    '---',
    `# Cluster-wide data of the Mesos cluster '${o.clusterName}': ${o.masters.length} masters, ${o.slaves.length} agents.`,
    '# A class parameter set here only takes effect on the nodes that declare the class.',
    '',
    '# Mesos, on masters and agents alike.',
    'mesos::repo: mesosphere',
  ];
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
    '# Agents: checkpointing lets tasks survive an agent restart; /tmp would be cleaned.',
    'mesos::slave::work_dir: /var/lib/mesos',
    'mesos::slave::options:',
    '  checkpoint: true',
    '',
    '# ZooKeeper ensemble on the masters; each node sets its own zookeeper::id.',
    'zookeeper::servers:',
    yamlList(o.modules === 'book' ? masters.map((h) => `${h}:2888:3888`) : masters),
  );
  if (o.marathon.enabled || o.chronos.enabled) lines.push('', '# Frameworks on the masters, on ports of their own.');
  if (o.marathon.enabled) {
    lines.push(`profile::mesos::master::marathon::port: ${o.marathon.port}`, `profile::mesos::master::marathon::zookeeper: 'zk://${zkHosts}/marathon'`);
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

function nodeYaml(o: ScaffoldOptions, host: string, role: 'master' | 'slave', id: number): string {
  const lines = ['---', `# ${certname(o, host)}: a Mesos ${role === 'master' ? 'master and ZooKeeper server' : 'agent'}.`, 'classes:', `  - 'role::mesos::${role}'`];
  if (role === 'master') lines.push(`zookeeper::id: '${id}'`);
  const ip = o.ips[host];
  if (ip) {
    lines.push(`mesos::listen_address: '${ip}'`);
    if (role === 'master') lines.push(`zookeeper::client_ip: '${ip}'`);
  }
  return `${lines.join('\n')}\n`;
}

function readme(o: ScaffoldOptions): string {
  const masters = o.masters.map((h) => certname(o, h));
  const quorum = Math.floor(masters.length / 2) + 1;
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
${o.marathon.enabled && o.chronos.enabled ? `- Marathon (${o.marathon.port}) and Chronos (${o.chronos.port}) listen on different ports.\n` : ''}
\`mesos-puppet check\` checks all of them; run it in CI.

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
    { path: 'site-modules/profile/manifests/mesos/master.pp', content: PROFILE_MESOS_MASTER },
    { path: 'site-modules/profile/manifests/mesos/slave.pp', content: PROFILE_MESOS_SLAVE },
  ];
  if (o.marathon.enabled) files.push({ path: 'site-modules/profile/manifests/mesos/master/marathon.pp', content: frameworkProfile('marathon', o.marathon.port) });
  if (o.chronos.enabled) files.push({ path: 'site-modules/profile/manifests/mesos/master/chronos.pp', content: frameworkProfile('chronos', o.chronos.port) });
  files.push(
    { path: 'data/common.yaml', content: commonYaml(o) },
    { path: 'data/roles/mesos_master.yaml', content: roleYaml('master') },
    { path: 'data/roles/mesos_slave.yaml', content: roleYaml('slave') },
  );
  o.masters.forEach((h, i) => files.push({ path: `data/nodes/${certname(o, h)}.yaml`, content: nodeYaml(o, h, 'master', i + 1) }));
  for (const h of o.slaves) files.push({ path: `data/nodes/${certname(o, h)}.yaml`, content: nodeYaml(o, h, 'slave', 0) });
  files.push({ path: 'README.md', content: readme(o) });
  return files;
}
