// Measures the node preview against real Puppet: `npm run node-oracle -- /work/.mirror [FILTER]` (a folder
// holding git directories fetched with `fetch`, <dir>/<owner>+<name>/repo[/.git]).
//
// Cases (FILTER, a substring of the case id, runs some of them):
// - every release of deric/puppet-mesos and of deric/puppet-zookeeper, each with a standard 3-master/3-agent
//   Hiera set (below), the other modules from Debian's /usr/share/puppet/modules;
// - the scaffold's output (`mesos-puppet scaffold`) with both module sets, modules placed at its Puppetfile's pins
//   from the mirrors;
// - the book's control repo (test/fixtures/workspaces/book, what `npm run demo` writes to .demo/book-cluster),
//   modules at its Puppetfile's pins.
// Each node is previewed as a user's `mesos-puppet node NAME` previews it (no facts given: the node's file in
// the repo's facts folder, else the preview's assumed facts) and compiled by Puppet (scripts/node-oracle.rb:
// Puppet's compiler, as `puppet catalog compile` with YAML facts) with the facts the preview used; the files
// under the previewed folders (path and exact content), the packages and the services are compared. A case
// whose modules need another OS than the assumed Debian 12 says so the way a user does: a facts folder named by
// `.mesos-puppet.yaml`, one file per node.
// Writes bench/results/node-oracle.json. Reads the given folder and Debian's modules; commits only the figures
// and the commits measured.

import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { nodeFileSystem } from '../server/src/workspace/nodeFileSystem.js';
import { Project } from '../server/src/workspace/project.js';
import { nodePreview, assumedFacts, previewFacts } from '../server/src/ide/preview/node.js';

const ROOT = resolve(__dirname, '..');
const DEBIAN = '/usr/share/puppet/modules';
/** The files compared: what the preview shows (ide/preview/node.ts). */
const SHOWN =
  /^\/etc\/(mesos|default\/mesos|zookeeper|marathon|chronos)|^\/etc\/default\/(marathon|chronos|zookeeper)|\/zoo\.cfg$|\/myid$/;

/** Where each module's repository is mirrored (owner+name). */
const MIRRORS: Record<string, string> = {
  mesos: 'deric+puppet-mesos',
  zookeeper: 'deric+puppet-zookeeper',
  apt: 'puppetlabs+puppetlabs-apt',
  stdlib: 'puppetlabs+puppetlabs-stdlib',
  concat: 'puppetlabs+puppetlabs-concat',
  java: 'puppetlabs+puppetlabs-java',
  datacat: 'richardc+puppet-datacat',
  archive: 'voxpupuli+puppet-archive',
  cron: 'voxpupuli+puppet-cron',
  yumrepo_core: 'puppetlabs+puppetlabs-yumrepo_core',
};

const mirrorRoot = process.argv[2];
const filter = process.argv[3] ?? '';
if (!mirrorRoot) {
  console.error('usage: npm run node-oracle -- <folder with the mirrors> [case filter]');
  process.exit(2);
}

function gitDir(module: string): string {
  const base = join(mirrorRoot, MIRRORS[module] ?? `?${module}`);
  for (const d of [join(base, 'repo/.git'), join(base, 'repo'), join(base, '.git'), base])
    if (existsSync(join(d, 'HEAD')) && existsSync(join(d, 'objects'))) return d;
  throw new Error(`node-oracle: no mirror of ${module} under ${mirrorRoot} (fetch github:${MIRRORS[module]})`);
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

function versionKey(tag: string): number[] {
  return tag
    .replace(/^v/, '')
    .split('.')
    .map((n) => Number.parseInt(n, 10) || 0);
}

function cmpVersion(a: string, b: string): number {
  const x = versionKey(a);
  const y = versionKey(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

function tags(module: string): string[] {
  return git(gitDir(module), 'tag')
    .split('\n')
    .filter((t) => /^v?\d+\.\d+\.\d+$/.test(t))
    .sort(cmpVersion);
}

/** The module's tree at a release, written to dir/name; returns the commit. */
function placeRelease(modulesDir: string, module: string, release: string): string {
  const dir = gitDir(module);
  const tag = tags(module).find((t) => t === release || t === `v${release}` || `v${t}` === release);
  if (!tag) throw new Error(`node-oracle: ${module} has no release ${release}`);
  const target = join(modulesDir, module);
  mkdirSync(target, { recursive: true });
  const tar = execFileSync('git', ['--git-dir', dir, 'archive', tag], { maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', target], { input: tar });
  return git(dir, 'rev-list', '-n', '1', tag).trim();
}

function placeDebian(modulesDir: string, module: string): string {
  cpSync(join(DEBIAN, module), join(modulesDir, module), { recursive: true, dereference: true });
  const meta = JSON.parse(readFileSync(join(DEBIAN, module, 'metadata.json'), 'utf8')) as { version?: string };
  return `debian ${meta.version ?? '?'}`;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

/** The OS a case's nodes run: one the case's modules support; Debian 12 is the preview's assumed OS. */
type Os = 'debian12' | 'debian11' | 'ubuntu1404';

const OS_FACTS: Record<Exclude<Os, 'debian12'>, Record<string, unknown>> = {
  debian11: {
    operatingsystemmajrelease: '11',
    operatingsystemrelease: '11.0',
    lsbdistcodename: 'bullseye',
    os: { family: 'Debian', name: 'Debian', release: { major: '11', full: '11.0' }, distro: { codename: 'bullseye' } },
  },
  ubuntu1404: {
    operatingsystem: 'Ubuntu',
    operatingsystemmajrelease: '14.04',
    operatingsystemrelease: '14.04',
    lsbdistcodename: 'trusty',
    lsbdistid: 'Ubuntu',
    lsbdistrelease: '14.04',
    os: {
      family: 'Debian',
      name: 'Ubuntu',
      release: { major: '14.04', full: '14.04' },
      distro: { codename: 'trusty' },
    },
  },
};

/**
 * Gives the nodes of a repo another OS than the assumed one as a user does: `.mesos-puppet.yaml` names a facts
 * folder (added to the repo's own settings) holding each node's facts, the assumed ones with the OS's.
 */
function writeFactsFolder(dir: string, nodes: readonly string[], os: Os): void {
  if (os === 'debian12') return;
  const config = join(dir, '.mesos-puppet.yaml');
  const before = existsSync(config) ? readFileSync(config, 'utf8') : '';
  if (/^facts:/m.test(before)) throw new Error(`node-oracle: ${config} already names a facts folder`);
  writeFileSync(config, `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}facts: facts\n`);
  mkdirSync(join(dir, 'facts'), { recursive: true });
  for (const node of nodes)
    writeFileSync(
      join(dir, `facts/${node}.json`),
      `${JSON.stringify({ ...assumedFacts(node), ...OS_FACTS[os] }, null, 2)}\n`,
    );
}

interface Case {
  readonly os: Os;
  readonly id: string;
  readonly kind: 'mesos-release' | 'zookeeper-release' | 'scaffold' | 'book';
  /** The Puppet environment's name and folder. */
  readonly env: string;
  readonly nodes: readonly string[];
  /** module → release or `debian X`. */
  readonly modules: Record<string, string>;
}

const MASTERS = ['master1.example.com', 'master2.example.com', 'master3.example.com'];
const AGENTS = ['slave1.example.com', 'slave2.example.com', 'slave3.example.com'];

const HIERA_YAML = `version: 5
defaults:
  datadir: data
  data_hash: yaml_data
hierarchy:
  - name: nodes
    path: 'nodes/%{trusted.certname}.yaml'
  - name: common
    path: common.yaml
`;

/**
 * The standard 3-master/3-agent Hiera set for the mesos module at a release: the ZooKeeper URL in the form the
 * release takes (a zk:// string before v0.8.0, host:port entries from v0.8.0), options with strings, integers,
 * floats and booleans, and each node's address.
 */
function mesosData(release: string): Record<string, string> {
  const zk =
    cmpVersion(release, 'v0.8.0') < 0
      ? "mesos::zookeeper: 'zk://master1.example.com:2181,master2.example.com:2181,master3.example.com:2181/mesos'"
      : 'mesos::zookeeper: [master1.example.com:2181, master2.example.com:2181, master3.example.com:2181]';
  const files: Record<string, string> = {
    'data/common.yaml': [
      zk,
      'mesos::master::cluster: prod',
      'mesos::master::options:',
      '  quorum: 2',
      '  hostname_lookup: false',
      "  max_executors_per_agent: '10'",
      'mesos::master::work_dir: /var/lib/mesos',
      'mesos::slave::resources:',
      '  cpus: 3.5',
      '  mem: 4096',
      'mesos::slave::attributes:',
      '  rack: r1',
      'mesos::slave::options:',
      "  containerizers: 'docker,mesos'",
      '  executor_registration_timeout: 5mins',
      '  strict: false',
      'mesos::env_var:',
      '  MESOS_LOG_DIR: /var/log/mesos',
      '',
    ].join('\n'),
  };
  MASTERS.forEach((n, i) => {
    files[`data/nodes/${n}.yaml`] = `classes: [mesos::master]\nmesos::listen_address: 10.0.0.${i + 1}\n`;
  });
  AGENTS.forEach((n, i) => {
    files[`data/nodes/${n}.yaml`] = `classes: [mesos::slave]\nmesos::listen_address: 10.0.1.${i + 1}\n`;
  });
  return files;
}

/** The standard Hiera set for the zookeeper module: the masters form the ensemble, the agents have none. */
function zookeeperData(): Record<string, string> {
  const files: Record<string, string> = {
    'data/common.yaml': [
      'zookeeper::servers: [master1.example.com, master2.example.com, master3.example.com]',
      'zookeeper::client_port: 2181',
      'zookeeper::snap_count: 10000',
      'zookeeper::max_allowed_connections: 60',
      '',
    ].join('\n'),
  };
  MASTERS.forEach((n, i) => {
    files[`data/nodes/${n}.yaml`] = `classes: [zookeeper]\nzookeeper::id: '${i + 1}'\n`;
  });
  AGENTS.forEach((n) => {
    files[`data/nodes/${n}.yaml`] = 'classes: []\n';
  });
  return files;
}

const SITE_PP = "node default {\n  lookup('classes', Array[String], 'unique', []).include\n}\n";

/** `mod` lines of a Puppetfile: module name → release (the :ref or the version). */
function puppetfilePins(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(
    /^mod\s+'(?:[\w-]+[/-])?(\w+)'\s*,\s*(?:'([^']+)'|\n?\s*:git\s*=>\s*'[^']*'\s*,\s*:ref\s*=>\s*'([^']+)')/gm,
  ))
    out[m[1]] = m[2] ?? m[3];
  return out;
}

const base = mkdtempSync(join(tmpdir(), 'mp-node-oracle-'));
const envs = join(base, 'code/environments');
mkdirSync(envs, { recursive: true });
mkdirSync(join(base, 'conf'), { recursive: true });
mkdirSync(join(base, 'var'), { recursive: true });
writeFileSync(join(base, 'conf/hiera.yaml'), 'version: 5\nhierarchy: []\n');

const cases: Case[] = [];
const envName = (id: string): string => id.toLowerCase().replace(/[^a-z0-9]+/g, '_');

for (const release of tags('mesos')) {
  const id = `mesos@${release}`;
  if (!id.includes(filter)) continue;
  const env = envName(id);
  const dir = join(envs, env);
  const modules: Record<string, string> = {};
  modules.mesos = `${release} ${placeRelease(join(dir, 'modules'), 'mesos', release)}`;
  for (const m of ['stdlib', 'apt']) modules[m] = placeDebian(join(dir, 'modules'), m);
  write(dir, { 'hiera.yaml': HIERA_YAML, 'manifests/site.pp': SITE_PP, ...mesosData(release) });
  cases.push({ id, kind: 'mesos-release', os: 'debian12', env, nodes: [...MASTERS, ...AGENTS], modules });
}

for (const release of tags('zookeeper')) {
  const id = `zookeeper@${release}`;
  if (!id.includes(filter)) continue;
  const env = envName(id);
  const dir = join(envs, env);
  const modules: Record<string, string> = {};
  modules.zookeeper = `${release} ${placeRelease(join(dir, 'modules'), 'zookeeper', release)}`;
  for (const m of ['stdlib', 'datacat', 'archive']) modules[m] = placeDebian(join(dir, 'modules'), m);
  if (cmpVersion(release, 'v1.0.0') >= 0) {
    modules.cron = `v4.1.0 ${placeRelease(join(dir, 'modules'), 'cron', 'v4.1.0')}`;
    modules.yumrepo_core = `v2.0.0 ${placeRelease(join(dir, 'modules'), 'yumrepo_core', 'v2.0.0')}`;
  }
  write(dir, { 'hiera.yaml': HIERA_YAML, 'manifests/site.pp': SITE_PP, ...zookeeperData() });
  cases.push({ id, kind: 'zookeeper-release', os: 'debian12', env, nodes: [...MASTERS, ...AGENTS], modules });
}

/** A control repo with a Puppetfile: its modules placed at the pins, from the mirrors. */
function controlRepo(id: string, kind: Case['kind'], os: Os, source: string, nodes: readonly string[]): void {
  if (!id.includes(filter)) return;
  const env = envName(id);
  const dir = join(envs, env);
  cpSync(source, dir, { recursive: true });
  writeFactsFolder(dir, nodes, os);
  const modules: Record<string, string> = {};
  for (const [m, release] of Object.entries(puppetfilePins(readFileSync(join(dir, 'Puppetfile'), 'utf8'))))
    modules[m] = `${release} ${placeRelease(join(dir, 'modules'), m, release)}`;
  cases.push({ id, kind, os, env, nodes, modules });
}

execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' });
for (const set of ['newest', 'book']) {
  const out = join(base, `scaffold-${set}`);
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'dist/cli/main.js'),
      'scaffold',
      out,
      '--masters',
      'master1,master2,master3',
      '--slaves',
      'slave1,slave2,slave3',
      '--domain',
      'example.com',
      '--modules',
      set,
    ],
    { stdio: 'ignore' },
  );
  // The OS releases the scaffold's README targets for each module set.
  controlRepo(`scaffold-${set}`, 'scaffold', set === 'book' ? 'ubuntu1404' : 'debian11', out, [...MASTERS, ...AGENTS]);
}
controlRepo('book', 'book', 'ubuntu1404', join(ROOT, 'test/fixtures/workspaces/book'), [
  'master1',
  'master2',
  'master3',
  'slave1',
  'slave2',
  'slave3',
]);

interface PuppetAnswer {
  node: string;
  env: string;
  ok: boolean;
  error?: string;
  resources?: { type: string; title: string; parameters: Record<string, unknown> }[];
}

/** Compiles every (case, node) with its facts, with `workers` Puppet processes. */
async function compileAll(
  requests: { env: string; node: string; facts: Readonly<Record<string, unknown>> }[],
  workers: number,
): Promise<Map<string, PuppetAnswer>> {
  const answers = new Map<string, PuppetAnswer>();
  const per = Math.ceil(requests.length / workers);
  await Promise.all(
    Array.from({ length: workers }, (_, w) => requests.slice(w * per, (w + 1) * per))
      .filter((c) => c.length > 0)
      .map(
        (chunk) =>
          new Promise<void>((done, fail) => {
            const child = spawn(
              'ruby',
              [join(ROOT, 'scripts/node-oracle.rb'), join(base, 'code'), join(base, 'var'), join(base, 'conf')],
              { stdio: ['pipe', 'pipe', 'pipe'] },
            );
            let out = '';
            let err = '';
            child.stdout.on('data', (d: Buffer) => {
              out += d.toString();
              let nl;
              while ((nl = out.indexOf('\n')) >= 0) {
                const line = out.slice(0, nl);
                out = out.slice(nl + 1);
                if (!line.startsWith('{')) continue;
                const a = JSON.parse(line) as PuppetAnswer;
                answers.set(`${a.env} ${a.node}`, a);
                process.stderr.write(a.ok ? '.' : 'x');
              }
            });
            child.stderr.on('data', (d: Buffer) => (err += d.toString()));
            child.on('error', fail);
            child.on('close', (code) =>
              code === 0 ? done() : fail(new Error(`puppet compile process failed (${code}): ${err.slice(-800)}`)),
            );
            child.stdin.end(
              chunk.map((r) => JSON.stringify({ env: r.env, node: r.node, facts: r.facts })).join('\n') + '\n',
            );
          }),
      ),
  );
  process.stderr.write('\n');
  return answers;
}

interface Side {
  files: Map<string, string | null>;
  packages: Map<string, string>;
  services: Map<string, string>;
}

function puppetSide(a: PuppetAnswer): Side {
  const out: Side = { files: new Map(), packages: new Map(), services: new Map() };
  for (const res of a.resources ?? []) {
    const p = res.parameters;
    if (res.type === 'File') {
      const path = typeof p.path === 'string' ? p.path : res.title;
      if (!SHOWN.test(path) || ['absent', 'directory', 'link'].includes(String(p.ensure))) continue;
      out.files.set(path, typeof p.content === 'string' ? p.content : null);
    } else if (res.type === 'Package') out.packages.set(String(p.name ?? res.title), String(p.ensure ?? 'present'));
    else if (res.type === 'Service')
      out.services.set(String(p.name ?? res.title), `${String(p.ensure ?? '')}/${String(p.enable ?? '')}`);
  }
  return out;
}

function mapsEqual(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

function firstDifference(a: string | null, b: string | null): string {
  if (a === null || b === null)
    return `puppet ${a === null ? 'no content' : 'content'}, ours ${b === null ? 'no content' : 'content'}`;
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++)
    if (la[i] !== lb[i])
      return `line ${i + 1}: puppet ${JSON.stringify(la[i] ?? null)}, ours ${JSON.stringify(lb[i] ?? null)}`;
  return 'same lines';
}

async function main(): Promise<void> {
  // The facts the product uses for each node, read as the preview reads them.
  const projects = new Map(
    cases.map((c) => [c.env, new Project(nodeFileSystem, [join(envs, c.env)], { modulePath: [] })]),
  );
  const requests = cases.flatMap((c) =>
    c.nodes.map((node) => ({
      env: c.env,
      node,
      facts: previewFacts(projects.get(c.env)!, join(envs, c.env), node).facts,
    })),
  );
  console.log(`node-oracle: ${cases.length} cases, ${requests.length} nodes to compile (work folder ${base})`);
  const answers = await compileAll(requests, Number(process.env.NODE_ORACLE_WORKERS ?? 2));
  const summary: Record<string, unknown> = {};
  const differences: unknown[] = [];
  /** Nodes Puppet refuses to compile and the preview stops on too (the messages side by side). */
  const failures: unknown[] = [];
  let totalFiles = 0;
  let equalFiles = 0;
  for (const c of cases) {
    const dir = join(envs, c.env);
    const project = projects.get(c.env)!;
    const row = {
      kind: c.kind,
      os: c.os,
      modules: c.modules,
      nodes: c.nodes.length,
      puppetFailed: 0,
      bothFailed: 0,
      filesEqual: 0,
      filesDiffer: 0,
      packagesEqual: 0,
      servicesEqual: 0,
      previewIncomplete: 0,
    };
    for (const node of c.nodes) {
      const a = answers.get(`${c.env} ${node}`);
      const r = nodePreview(project, { root: dir, node });
      if (!a || !a.ok) {
        // Puppet refuses the catalog: the preview must stop too, at an error or fail() of its own.
        const stop = r.kind === 'ok' ? r.findings.find((f) => f.kind === 'error' || f.kind === 'fail') : undefined;
        if (r.kind === 'ok' && !r.complete && stop) {
          row.bothFailed++;
          failures.push({ case: c.id, node, puppet: a?.error ?? 'no answer', ours: stop.message });
        } else {
          row.puppetFailed++;
          differences.push({
            case: c.id,
            node,
            puppet: a?.error ?? 'no answer',
            ours: r.kind === 'ok' ? r.findings.map((f) => f.message).join('; ') || 'complete' : r.message,
          });
        }
        continue;
      }
      const puppet = puppetSide(a);
      if (r.kind !== 'ok') {
        row.filesDiffer += puppet.files.size;
        differences.push({ case: c.id, node, preview: r.message });
        continue;
      }
      if (!r.complete) {
        row.previewIncomplete++;
        differences.push({ case: c.id, node, incomplete: r.findings.map((f) => f.message).slice(0, 3) });
      }
      const ours = new Map(r.files.map((f) => [f.path, f.content]));
      for (const path of new Set([...puppet.files.keys(), ...ours.keys()])) {
        totalFiles++;
        const p = puppet.files.has(path) ? puppet.files.get(path)! : undefined;
        const o = ours.has(path) ? ours.get(path)! : undefined;
        if (p !== undefined && o !== undefined && p === o) {
          row.filesEqual++;
          equalFiles++;
          continue;
        }
        row.filesDiffer++;
        differences.push({
          case: c.id,
          node,
          path,
          difference:
            p === undefined ? 'only in the preview' : o === undefined ? 'only in Puppet' : firstDifference(p, o),
        });
      }
      const ourPackages = new Map(r.packages.map((p) => [p.name, p.ensure ?? 'present']));
      const ourServices = new Map(r.services.map((s) => [s.name, `${s.ensure ?? ''}/${String(s.enable ?? '')}`]));
      if (mapsEqual(puppet.packages, ourPackages)) row.packagesEqual++;
      else
        differences.push({
          case: c.id,
          node,
          packages: { puppet: Object.fromEntries(puppet.packages), ours: Object.fromEntries(ourPackages) },
        });
      if (mapsEqual(puppet.services, ourServices)) row.servicesEqual++;
      else
        differences.push({
          case: c.id,
          node,
          services: { puppet: Object.fromEntries(puppet.services), ours: Object.fromEntries(ourServices) },
        });
    }
    summary[c.id] = row;
    console.log(
      `${c.id}: ${row.filesEqual} files equal, ${row.filesDiffer} differ; packages ${row.packagesEqual}/${c.nodes.length}, services ${row.servicesEqual}/${c.nodes.length}${row.bothFailed ? `; both refuse ${row.bothFailed}` : ''}${row.puppetFailed ? `; only Puppet fails on ${row.puppetFailed}` : ''}${row.previewIncomplete ? `; preview incomplete on ${row.previewIncomplete}` : ''}`,
    );
  }
  const out = join(ROOT, 'bench/results/node-oracle.json');
  if (filter === '') {
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(
      out,
      JSON.stringify(
        {
          puppet: execFileSync('puppet', ['--version'], { encoding: 'utf8' }).trim(),
          facts:
            "the product's own, as `mesos-puppet node NAME` takes them: the preview's assumed facts (Debian 12) for the releases; a facts folder named by .mesos-puppet.yaml for Debian 11 (the newest scaffold) and Ubuntu 14.04 (the book and its scaffold)",
          files: { total: totalFiles, equal: equalFiles },
          summary,
          differences,
          bothFailed: failures,
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`wrote ${out}`);
  } else console.log(JSON.stringify(differences, null, 2));
  console.log(`files: ${equalFiles}/${totalFiles} equal; ${differences.length} differences`);
  rmSync(base, { recursive: true, force: true });
  process.exit(differences.length === 0 ? 0 : 1);
}

void main();
