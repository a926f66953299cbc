// The bench's workloads, generated into a temporary folder: (a) the scenario's control repo with a module
// corpus on its modulepath, (b) a large generated control repo (profiles, node data files, Hiera keys), and
// (c) a repo whose common.yaml is one 50,000-line data file. Deterministic (seeded), so runs compare.

import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from '../test/support/random.js';

export const BOOK = join(__dirname, '../test/fixtures/workspaces/book');

export const HIERA_YAML = `---
version: 5
defaults:
  datadir: data
  data_hash: yaml_data
hierarchy:
  - name: 'Per node'
    path: 'nodes/%{trusted.certname}.yaml'
  - name: 'Common'
    path: 'common.yaml'
`;

/** (a): a copy of the scenario's cluster repo; the corpus comes in through the modulePath setting. */
export function scenarioRepo(dir: string): string {
  cpSync(BOOK, dir, { recursive: true });
  return dir;
}

export interface LargeRepoSize {
  readonly profiles: number;
  readonly nodes: number;
  readonly keys: number;
}

export const FULL: LargeRepoSize = { profiles: 500, nodes: 2000, keys: 50_000 };
export const HALF: LargeRepoSize = { profiles: 250, nodes: 1000, keys: 25_000 };

const PARAMS = ['ensure', 'version', 'port', 'enable', 'options', 'servers', 'config_dir', 'user'];
const TYPES = [
  "String $ensure = 'present'",
  "String $version = '1.0.0'",
  'Integer $port = 8080',
  'Boolean $enable = true',
  'Hash $options = {}',
  'Array[String] $servers = []',
  "String $config_dir = '/etc/x'",
  "String $user = 'root'",
];

/**
 * (b): `profiles` profile classes with eight typed parameters each, a role per ten profiles, `nodes` node data
 * files and a common.yaml, with `keys` Hiera keys in all (module keys, profile parameters, site keys).
 */
export function largeRepo(dir: string, size: LargeRepoSize): { root: string; nodeFiles: string[]; commonKeys: number } {
  const r = rng(size.nodes);
  mkdirSync(join(dir, 'data/nodes'), { recursive: true });
  mkdirSync(join(dir, 'site-modules/profile/manifests'), { recursive: true });
  mkdirSync(join(dir, 'site-modules/role/manifests'), { recursive: true });
  mkdirSync(join(dir, 'manifests'), { recursive: true });
  writeFileSync(join(dir, 'hiera.yaml'), HIERA_YAML);
  writeFileSync(
    join(dir, 'Puppetfile'),
    "forge 'https://forge.puppet.com'\n\nmod 'deric-mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'\nmod 'deric-zookeeper', '1.0.0'\nmod 'puppetlabs-stdlib', '9.4.1'\n",
  );
  writeFileSync(join(dir, 'environment.conf'), 'modulepath = site-modules:modules:$basemodulepath\n');
  writeFileSync(
    join(dir, 'manifests/site.pp'),
    "node default {\n  lookup('classes', Array[String], 'unique', []).include\n}\n",
  );
  for (let p = 0; p < size.profiles; p++) {
    writeFileSync(
      join(dir, `site-modules/profile/manifests/p${p}.pp`),
      `# @summary Profile ${p}.\n# @param ensure Whether it is there.\nclass profile::p${p} (\n${TYPES.map((t) => `  ${t},`).join('\n')}\n) {\n  include mesos\n  package { "p${p}-\${version}": ensure => $ensure }\n  service { 'p${p}': ensure => running, enable => $enable }\n}\n`,
    );
  }
  for (let g = 0; g < size.profiles / 10; g++) {
    writeFileSync(
      join(dir, `site-modules/role/manifests/r${g}.pp`),
      `class role::r${g} {\n${Array.from({ length: 10 }, (_, i) => `  include profile::p${g * 10 + i}`).join('\n')}\n}\n`,
    );
  }
  const perNode = Math.floor((size.keys * 0.96) / size.nodes);
  const commonKeys = size.keys - perNode * size.nodes;
  const common: string[] = [
    '---',
    "mesos::zookeeper: 'zk://master1:2181,master2:2181,master3:2181/mesos'",
    'mesos::master::options:',
    "  quorum: '2'",
  ];
  for (let k = 3; k < commonKeys; k++) {
    const p = k % size.profiles;
    const param = PARAMS[Math.floor(k / size.profiles) % PARAMS.length];
    common.push(
      Math.floor(k / size.profiles) < PARAMS.length
        ? `profile::p${p}::${param}: ${valueFor(param, k)}`
        : `site::setting${k}: 'value ${k}'`,
    );
  }
  writeFileSync(join(dir, 'data/common.yaml'), common.join('\n') + '\n');
  const nodeFiles: string[] = [];
  for (let n = 0; n < size.nodes; n++) {
    const master = n < 3;
    const lines = ['---', 'classes:', `  - role::${master ? 'mesos::master' : `r${n % (size.profiles / 10)}`}`];
    if (master) lines.push(`zookeeper::id: ${n + 1}`);
    while (lines.length - 1 < perNode) {
      const p = r.int(size.profiles);
      const param = r.pick(PARAMS);
      lines.push(`profile::p${p}::${param}: ${valueFor(param, n)}`);
    }
    const file = join(dir, `data/nodes/node${n}.example.com.yaml`);
    writeFileSync(file, lines.join('\n') + '\n');
    nodeFiles.push(file);
  }
  return { root: dir, nodeFiles, commonKeys };
}

function valueFor(param: string, k: number): string {
  switch (param) {
    case 'port':
      return String(1024 + (k % 60000));
    case 'enable':
      return k % 2 ? 'true' : 'false';
    case 'options':
      return `{ key${k % 7}: 'v' }`;
    case 'servers':
      return `['s${k % 5}.example.com', 's${(k + 1) % 5}.example.com']`;
    default:
      return `'v${k}'`;
  }
}

/** (c): a control repo whose common.yaml is one `lines`-line Hiera data file (nested values included). */
export function bigFileRepo(dir: string, lines = 50_000): { root: string; file: string; text: string } {
  cpSync(BOOK, dir, { recursive: true });
  const out: string[] = [
    '---',
    "mesos::zookeeper: 'zk://master1:2181,master2:2181,master3:2181/mesos'",
    'mesos::master::options:',
    "  quorum: '2'",
  ];
  let i = 0;
  while (out.length < lines) {
    switch (i % 5) {
      case 0:
        out.push(`site::block${i}:`, `  name: 'item ${i}'`, `  enabled: true`, `  tags: ['a', 'b']`);
        break;
      case 1:
        out.push(`profile::p${i}::servers:`, `  - 'host${i}.example.com'`, `  - 'host${i + 1}.example.com'`);
        break;
      default:
        out.push(`site::key${i}: 'value ${i} %{facts.hostname}'`);
    }
    i++;
  }
  const text = out.slice(0, lines).join('\n') + '\n';
  const file = join(dir, 'data/common.yaml');
  writeFileSync(file, text);
  return { root: dir, file, text };
}

/** A Puppetfile of `n` module entries in every spelling, for the parse-throughput figure. */
export function bigPuppetfile(n: number): string {
  const lines = ["forge 'https://forge.puppet.com'", ''];
  for (let i = 0; i < n; i++) {
    switch (i % 4) {
      case 0:
        lines.push(`mod 'author${i}-module${i}', '${i % 9}.${i % 7}.${i % 5}'`);
        break;
      case 1:
        lines.push(
          `mod 'module${i}',`,
          `  :git => 'https://github.com/author/puppet-module${i}.git',`,
          `  :ref  => 'v${i % 9}.0.0'`,
        );
        break;
      case 2:
        lines.push(`mod 'author-m${i}', git: 'https://example.com/m${i}.git', branch: 'main' # comment ${i}`);
        break;
      default:
        lines.push(`mod 'author/m${i}', :latest`);
    }
  }
  return lines.join('\n') + '\n';
}
