// The gates on what "Scaffold Mesos cluster" writes, with the real toolchain, for both module sets and two
// cluster sizes: mesos-puppet check reports nothing, puppet parser validate and puppet-lint pass, r10k accepts
// the Puppetfile, and puppet lookup gives every node its ZooKeeper id, the quorum and the ZooKeeper URL.
// Needs puppet, puppet-lint and r10k (installed by .ci/run); fails, never skips, without them.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runLookupDriver } from '../support/puppetLookup.js';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');

interface Cluster {
  readonly name: string;
  readonly modules: 'book' | 'newest';
  readonly masters: string[];
  readonly slaves: string[];
}

const CLUSTERS: Cluster[] = [
  {
    name: 'book-3x3',
    modules: 'book',
    masters: ['master1', 'master2', 'master3'],
    slaves: ['slave1', 'slave2', 'slave3'],
  },
  { name: 'book-5x2', modules: 'book', masters: ['m1', 'm2', 'm3', 'm4', 'm5'], slaves: ['a1', 'a2'] },
  {
    name: 'newest-3x3',
    modules: 'newest',
    masters: ['master1', 'master2', 'master3'],
    slaves: ['slave1', 'slave2', 'slave3'],
  },
  { name: 'newest-5x2', modules: 'newest', masters: ['m1', 'm2', 'm3', 'm4', 'm5'], slaves: ['a1', 'a2'] },
];
const DOMAIN = 'example.com';

let work: string;

function need(tool: string): void {
  const r = spawnSync(tool, tool === 'r10k' ? ['version'] : ['--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `'${tool}' is not installed: run .ci/run, which installs the Puppet toolchain`);
}

function manifests(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? manifests(p) : n.endsWith('.pp') ? [p] : [];
  });
}

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  work = mkdtempSync(join(tmpdir(), 'mp-scaffold-oracle-'));
  mkdirSync(join(work, 'envs'));
  for (const c of CLUSTERS) {
    execFileSync(
      process.execPath,
      [
        CLI,
        'scaffold',
        join(work, 'envs', c.name.replace(/-/g, '_')),
        '--masters',
        c.masters.join(','),
        '--slaves',
        c.slaves.join(','),
        '--domain',
        DOMAIN,
        '--modules',
        c.modules,
      ],
      { stdio: 'pipe' },
    );
  }
});

function dirOf(c: Cluster): string {
  return join(work, 'envs', c.name.replace(/-/g, '_'));
}

test('mesos-puppet check reports nothing on any scaffolded cluster', () => {
  for (const c of CLUSTERS) {
    const out = JSON.parse(
      execFileSync(process.execPath, [CLI, 'check', '--format', 'json', dirOf(c)], { encoding: 'utf8' }),
    );
    assert.deepEqual(out.diagnostics, [], c.name);
    assert.ok(out.files >= 17, `${c.name}: ${out.files} files checked`);
  }
});

test('puppet parser validate, puppet-lint and r10k accept every scaffolded cluster', () => {
  need('puppet');
  need('puppet-lint');
  need('r10k');
  const empty = mkdtempSync(join(tmpdir(), 'mp-empty-'));
  for (const c of CLUSTERS) {
    const files = manifests(dirOf(c));
    const v = spawnSync('puppet', ['parser', 'validate', '--color=false', '--modulepath', empty, ...files], {
      encoding: 'utf8',
    });
    assert.equal(v.status, 0, `${c.name}: puppet parser validate: ${v.stderr}`);
    const l = spawnSync('puppet-lint', ['--fail-on-warnings', ...files], { encoding: 'utf8' });
    assert.equal(l.status, 0, `${c.name}: puppet-lint: ${l.stdout}${l.stderr}`);
    const r = spawnSync('r10k', ['puppetfile', 'check', '--puppetfile', join(dirOf(c), 'Puppetfile')], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `${c.name}: r10k: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout + r.stderr, /Syntax OK/);
  }
  console.log(
    `validated ${CLUSTERS.length} clusters with puppet parser validate, puppet-lint --fail-on-warnings and r10k puppetfile check`,
  );
});

test('puppet lookup gives every node its ZooKeeper id, the quorum and the ZooKeeper URL', async () => {
  need('puppet');
  mkdirSync(join(work, 'facts'), { recursive: true });
  mkdirSync(join(work, 'conf'), { recursive: true });
  mkdirSync(join(work, 'var'), { recursive: true });
  const started = Date.now();
  let equal = 0;
  let total = 0;
  for (const c of CLUSTERS) {
    const argvs: string[][] = [];
    const expected: Array<{ what: string; value: unknown }> = [];
    const env = c.name.replace(/-/g, '_');
    const quorum = String(Math.floor(c.masters.length / 2) + 1);
    const zkHosts = c.masters.map((m) => `${m}.${DOMAIN}:2181`);
    const zk = c.modules === 'book' ? `zk://${zkHosts.join(',')}/mesos` : zkHosts;
    const nodes = [
      ...c.masters.map((h, i) => ({ h, id: String(i + 1) })),
      ...c.slaves.map((h) => ({ h, id: undefined })),
    ];
    for (const { h, id } of nodes) {
      const node = `${h}.${DOMAIN}`;
      const facts = join(work, 'facts', `${node}.json`);
      writeFileSync(facts, JSON.stringify({ hostname: h, domain: DOMAIN, fqdn: node, clientcert: node }));
      const base = ['--node', node, '--facts', facts, '--render-as', 'json'];
      argvs.push(['mesos::zookeeper', ...base]);
      expected.push({ what: `${c.name} ${node} mesos::zookeeper`, value: zk });
      if (id) {
        argvs.push(['zookeeper::id', ...base]);
        expected.push({ what: `${c.name} ${node} zookeeper::id`, value: id });
        argvs.push(['mesos::master::options', ...base]);
        expected.push({ what: `${c.name} ${node} mesos::master::options`, value: { quorum } });
        argvs.push(['classes', '--merge', 'unique', ...base]);
        expected.push({ what: `${c.name} ${node} classes`, value: ['role::mesos::master'] });
      } else {
        argvs.push(['classes', '--merge', 'unique', ...base]);
        expected.push({ what: `${c.name} ${node} classes`, value: ['role::mesos::slave'] });
      }
    }
    const runs = await runLookupDriver(work, argvs, [
      '--confdir',
      join(work, 'conf'),
      '--vardir',
      join(work, 'var'),
      '--environmentpath',
      join(work, 'envs'),
      '--environment',
      env,
    ]);
    runs.forEach((r, i) => {
      assert.equal(r.status, 0, `${expected[i].what}: ${r.stderr}`);
      assert.deepEqual(JSON.parse(r.stdout), expected[i].value, expected[i].what);
      equal++;
    });
    total += runs.length;
  }
  console.log(
    `puppet lookup: ${equal}/${total} values as expected over ${CLUSTERS.length} clusters (${Date.now() - started} ms)`,
  );
});
