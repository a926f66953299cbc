// Refreshes the committed module facts (server/src/knowledge/sources/modules/<full-name>.json) from git
// mirrors of the modules' public repositories: every release tag is checked out into a temporary folder and
// indexed with our indexer (scripts/module-indexer.ts); the releases of one module are stored in the compact
// form of server/src/knowledge/moduleFacts.ts. Only facts are written, never the modules' prose.
//   node --import tsx scripts/refresh-module-facts.ts <git dir of a module mirror>...
// Run `npm run catalog` afterwards to bundle them. The mirrors used are listed in sources/modules/README.md.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compareVersions } from '../server/src/knowledge/versions.js';
import type { CatalogModule } from '../server/src/knowledge/catalogTypes.js';
import { encodeModule, formatModuleFacts } from '../server/src/knowledge/moduleFacts.js';
import { indexModule, readModuleMetadata, repositoryOf } from './module-indexer.js';

export const SOURCES_DIR = resolve(__dirname, '../server/src/knowledge/sources/modules');

/** `v0.5.2`, `0.5.2`, `gini-archive-0.2.0` → `0.5.2`, `0.2.0`; undefined for tags that name no release. */
export function versionOfTag(tag: string): string | undefined {
  return /^(?:[A-Za-z][\w]*(?:-[A-Za-z][\w]*)*-)?v?(\d+\.\d+(?:\.\d+)?(?:-[\w.]+)?)$/.exec(tag)?.[1];
}

function git(gitDir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** One tag per release version (a `v` tag preferred when both spellings exist), oldest first. */
export function releaseTags(tags: readonly string[]): Array<{ tag: string; version: string }> {
  const byVersion = new Map<string, string>();
  for (const tag of tags) {
    const version = versionOfTag(tag);
    if (!version) continue;
    const prev = byVersion.get(version);
    if (!prev || (!prev.startsWith('v') && tag.startsWith('v'))) byVersion.set(version, tag);
  }
  return [...byVersion]
    .map(([version, tag]) => ({ tag, version }))
    .sort((a, b) => compareVersions(a.version, b.version));
}

/** What the indexer reads; the rest of a release (specs, docs, templates) is not checked out. */
const INDEXED = new Set(['metadata.json', 'Modulefile', 'manifests', 'types', 'functions', 'lib']);

function checkout(gitDir: string, tag: string, dest: string): void {
  const paths = git(gitDir, 'ls-tree', '--name-only', tag)
    .split('\n')
    .filter((p) => INDEXED.has(p));
  if (paths.length === 0) return;
  execFileSync('bash', [
    '-c',
    'git --git-dir "$1" archive "$2" -- "${@:4}" | tar -x -C "$3"',
    'bash',
    gitDir,
    tag,
    dest,
    ...paths,
  ]);
}

export function indexMirror(gitDir: string): CatalogModule[] {
  const tags = releaseTags(git(gitDir, 'tag', '--list').split('\n').filter(Boolean));
  if (tags.length === 0) throw new Error(`refresh-module-facts: ${gitDir} has no release tags`);
  // The module is the one the newest release names.
  const work = mkdtempSync(join(tmpdir(), 'mp-facts-'));
  try {
    const newest = tags[tags.length - 1];
    const newestDir = join(work, 'newest');
    execFileSync('mkdir', ['-p', newestDir]);
    checkout(gitDir, newest.tag, newestDir);
    const identity = readModuleMetadata(newestDir);
    if (!identity?.name)
      throw new Error(`refresh-module-facts: the newest release ${newest.tag} of ${gitDir} names no module`);
    const releases: CatalogModule[] = [];
    for (const { tag, version } of tags) {
      const dir = join(work, tag);
      execFileSync('mkdir', ['-p', dir]);
      checkout(gitDir, tag, dir);
      const releaseDate = git(gitDir, 'log', '-1', '--format=%cs', `${tag}^{commit}`).trim();
      const m = indexModule(dir, {
        scope: 'all',
        fallbackName: identity.name,
        fallbackVersion: version,
        tag,
        releaseDate,
      });
      releases.push({ ...m, repository: repositoryOf(identity.source) });
      rmSync(dir, { recursive: true, force: true });
    }
    return releases;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main(): void {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    console.error('usage: refresh-module-facts.ts <git dir of a module mirror>...');
    process.exit(2);
  }
  for (const dir of dirs) {
    const releases = indexMirror(resolve(dir));
    const first = releases[releases.length - 1];
    const facts = encodeModule({ name: first.name, fullName: first.fullName, repository: first.repository }, releases);
    const out = join(SOURCES_DIR, `${first.fullName}.json`);
    writeFileSync(out, formatModuleFacts(facts));
    const unparsed = releases.filter((r) => r.unparsed);
    console.log(
      `refresh-module-facts: ${first.fullName}: ${releases.length} releases (${releases[0].tag} … ${first.tag}), ` +
        `${facts.classes.length} distinct signatures, ${unparsed.length} releases with unparsed files → ${out}`,
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) main();
