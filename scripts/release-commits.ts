// Records the commit of each release tag in server/src/knowledge/sources/module-releases.json, read from git
// mirrors of the modules' public repositories, so that a module installed from another URL (an internal
// mirror) at the commit of an upstream release is known to be that release, not a fork. Facts only (tag → commit).
//   node --import tsx scripts/release-commits.ts <git dir>...
// Each git dir is matched to a module by its repository: a folder named OWNER+NAME (as `fetch` lays mirrors
// out, the git dir at OWNER+NAME/repo[/.git]) or a git remote URL naming OWNER/NAME.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const FILE = resolve(__dirname, '../server/src/knowledge/sources/module-releases.json');

function git(gitDir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** `owner/name` of a mirror, from its folder name or its origin remote. */
function repositoryOf(gitDir: string): string | undefined {
  const folder = /([^/]+)\+([^/]+)(?:\/repo)?(?:\/\.git)?\/?$/.exec(resolve(gitDir));
  if (folder) return `${folder[1]}/${folder[2]}`.toLowerCase();
  try {
    const url = git(gitDir, 'config', '--get', 'remote.origin.url').trim();
    return /[/:]([^/:]+\/[^/]+?)(?:\.git)?$/.exec(url)?.[1]?.toLowerCase();
  } catch {
    return undefined;
  }
}

function main(): number {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    console.error('usage: node --import tsx scripts/release-commits.ts <git dir>...');
    return 2;
  }
  const data = JSON.parse(readFileSync(FILE, 'utf8')) as {
    modules: Record<string, { source: string; tags: string[]; commits?: Record<string, string> }>;
  };
  for (const dir of dirs) {
    const repo = repositoryOf(dir);
    const entry = Object.entries(data.modules).find(
      ([, m]) => m.source.toLowerCase().replace(/^https:\/\/github\.com\//, '') === repo,
    );
    if (!entry) {
      console.error(`${dir}: no module of module-releases.json comes from ${repo ?? 'an unknown repository'}`);
      continue;
    }
    const [name, m] = entry;
    const commits: Record<string, string> = {};
    for (const tag of m.tags) {
      try {
        commits[tag] = git(dir, 'rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`).trim();
      } catch {
        console.error(`${name}: tag ${tag} is not in ${dir}`);
      }
    }
    m.commits = commits;
    console.log(`${name}: ${Object.keys(commits).length} of ${m.tags.length} tags`);
  }
  writeFileSync(FILE, JSON.stringify(data));
  return 0;
}

process.exitCode = main();
