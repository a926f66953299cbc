// Measures renderErb against Ruby's ERB on every template of every release of deric/puppet-mesos and
// deric/puppet-zookeeper: `npm run erb-oracle -- /work/.mirror` (a folder holding the two repositories' git
// directories, e.g. from `fetch`: <dir>/deric+puppet-mesos/repo[/.git]). Each template of each release tag is
// rendered with the oracle's variable sets (test/oracle/erb-oracle-support.ts) in both; identical template
// versions are rendered once and counted per release. Writes bench/results/erb-oracle.json.
// Reads the given folder only; nothing from it is committed but the figures and the commits measured.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareTemplates, type TemplateResult } from '../test/oracle/erb-oracle-support.js';

const REPOS = ['deric/puppet-mesos', 'deric/puppet-zookeeper'];

function gitDir(root: string, repo: string): string | undefined {
  const base = join(root, repo.replace('/', '+'));
  for (const d of [join(base, 'repo/.git'), join(base, 'repo'), join(base, '.git'), base]) {
    if (existsSync(join(d, 'HEAD')) && existsSync(join(d, 'objects'))) return d;
  }
  return undefined;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

const root = process.argv[2];
if (!root) {
  console.error('usage: npm run erb-oracle -- <folder with deric+puppet-mesos and deric+puppet-zookeeper>');
  process.exit(2);
}

const summary: Record<string, unknown> = {};
const details: Record<string, unknown> = {};
let differences = 0;
for (const repo of REPOS) {
  const dir = gitDir(root, repo);
  if (!dir) {
    console.error(`erb-oracle: ${repo} not found under ${root}`);
    process.exit(2);
  }
  const tags = git(dir, 'tag')
    .split('\n')
    .filter((t) => t !== '');
  const head = git(dir, 'rev-parse', 'HEAD').trim();
  const blobs = new Map<string, string>();
  const uses: { release: string; path: string; blob: string }[] = [];
  for (const tag of tags) {
    for (const line of git(dir, 'ls-tree', '-r', tag).split('\n')) {
      const m = /^\d+ blob ([0-9a-f]+)\t(.*\.erb)$/.exec(line);
      if (!m) continue;
      uses.push({ release: tag, path: m[2], blob: m[1] });
      if (!blobs.has(m[1])) blobs.set(m[1], git(dir, 'cat-file', 'blob', m[1]));
    }
  }
  const results = new Map<string, TemplateResult>();
  for (const r of compareTemplates(
    [...blobs].map(([blob, source]) => ({ name: blob, source })),
    8,
  ))
    results.set(r.name, r);
  const count = { equal: 0, differ: 0, 'both-fail': 0 };
  for (const u of uses) count[results.get(u.blob)!.verdict]++;
  const versions = { equal: 0, differ: 0, 'both-fail': 0 };
  for (const r of results.values()) versions[r.verdict]++;
  const renders = [...results.values()].reduce((n, r) => n + r.sets.length, 0);
  const setVerdicts = { equal: 0, differ: 0, 'both-fail': 0 };
  for (const r of results.values()) for (const s of r.sets) setVerdicts[s.verdict]++;
  differences += count.differ;
  summary[repo] = {
    head,
    releases: tags.length,
    templates: uses.length,
    equal: count.equal,
    differ: count.differ,
    unsupportedInBoth: count['both-fail'],
    distinctTemplateVersions: { total: results.size, ...versions },
    renders: { total: renders, ...setVerdicts },
  };
  details[repo] = uses
    .filter((u) => results.get(u.blob)!.verdict !== 'equal')
    .map((u) => {
      const r = results.get(u.blob)!;
      const bad = r.sets.find((s) => s.verdict === 'differ') ?? r.sets[0];
      return {
        release: u.release,
        path: u.path,
        verdict: r.verdict,
        set: bad.set,
        ruby: bad.ruby.ok ? 'ok' : bad.ruby.message,
        ours: bad.ours.ok ? 'ok' : bad.ours.message,
      };
    });
  const s = summary[repo] as { templates: number; equal: number; differ: number; unsupportedInBoth: number };
  console.log(
    `${repo}: ${s.templates} templates in ${tags.length} releases: ${s.equal} equal, ${s.differ} differ, ${s.unsupportedInBoth} fail in both (${renders} renders)`,
  );
}

mkdirSync(join(__dirname, '../bench/results'), { recursive: true });
const out = join(__dirname, '../bench/results/erb-oracle.json');
writeFileSync(
  out,
  JSON.stringify(
    { ruby: execFileSync('ruby', ['-e', 'print RUBY_VERSION'], { encoding: 'utf8' }), summary, notEqual: details },
    null,
    2,
  ) + '\n',
);
console.log(`wrote ${out}`);
process.exit(differences === 0 ? 0 : 1);
