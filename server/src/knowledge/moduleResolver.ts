// Which module, which version, from where: the one answer for every module name of a control repo, with the
// reason as data. The sources (workspace/moduleSources.ts) in precedence order — the repo's installed copy >
// the Puppetfile's pin > Puppetfile.lock > a metadata.json dependency > a git submodule > the repo's install
// scripts (`puppet module install`) > the extra module path
// (which adds modules and never replaces one the repo pins) — and what needs knowledge of the modules: a git
// source that is not the upstream repository is a fork (facts only from its installed copy), a module by another
// author than the bundled one is another module (gini/archive is not puppet/archive), and bundled facts count as
// known only for the exact version in use.

import type { Project } from '../workspace/project.js';
import { defineQuery } from '../base/queries.js';
import { repoModules, type ModuleSource, type RepoKind, type SourceKind } from '../workspace/moduleSources.js';
import { versionOf, winningSource, type ModuleVersion } from '../workspace/moduleVersions.js';
import { resolveModulePath } from '../workspace/moduleIndex.js';
import { bundledFullNames, bundledVersions, catalogFor, compareVersions, type VersionChoice } from './catalog.js';
import type { CatalogModule } from './catalogTypes.js';
import { releaseAtCommit, releasesOf, satisfies } from './puppetfile/releases.js';

/** A git URL reduced to host/owner/name, for comparing (`git@github.com:deric/puppet-mesos.git` → `github.com/deric/puppet-mesos`). */
export function normalizeGitUrl(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/^[a-z+]+:\/\//, '')
    .replace(/^[^@/]+@/, '')
    .replace(/^([^/:]+):/, '$1/')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
}

/** The upstream repository and author of a module we have facts about, when we have any. */
function upstreamOf(name: string): { source: string; author: string } | undefined {
  const rel = releasesOf(name);
  if (rel) return { source: rel.source, author: rel.fullName.split(/[-/]/)[0].toLowerCase() };
  const bundled = bundledVersions(name)[0];
  return bundled ? { source: bundled.repository, author: bundled.fullName.split(/[-/]/)[0].toLowerCase() } : undefined;
}

/**
 * True when a git URL is not the module's upstream repository (forks of GitHub repos; other hosts), unless the
 * pinned commit is the commit of an upstream release tag: then it is a mirror of upstream, at that release.
 */
export function isFork(name: string, gitUrl: string | undefined, commit?: string): boolean {
  if (!gitUrl) return false;
  if (commit !== undefined && releaseAtCommit(name, commit) !== undefined) return false;
  const up = upstreamOf(name);
  if (!up || !up.source) return false;
  const url = normalizeGitUrl(gitUrl);
  // Text that names no repository (a placeholder, a variable's name) says nothing about whose code it is.
  if (url.split('/').filter(Boolean).length < 2) return false;
  return url !== normalizeGitUrl(up.source);
}

/** True when the repo's module of that name is by another author than the module we have facts about. */
export function isOtherAuthor(name: string, author: string | undefined): boolean {
  if (!author) return false;
  const up = upstreamOf(name);
  return !!up && up.author !== author.toLowerCase();
}

export interface BundledFacts {
  readonly choice: VersionChoice;
  /** True when the bundled facts describe exactly the version in use (or the repo says nothing about the module). */
  readonly exact: boolean;
}

/**
 * The bundled facts that describe a module as the repo uses it, or undefined when none may be used: a fork, a
 * module by another author, a version no bundled release describes. `exact` false: the facts are near the
 * version in use (a branch, a commit, a version between bundled ones) — good for completion and hover, never
 * for saying a name is wrong.
 */
export function bundledFactsFor(name: string, v: ModuleVersion | undefined): BundledFacts | undefined {
  if (!v) {
    const module = catalogFor(name, undefined);
    return module ? { choice: { module, reason: 'newest' }, exact: true } : undefined;
  }
  if (isFork(name, v.gitUrl, v.commit)) return undefined;
  const requested = v.installed ?? v.pinned;
  // Another author's module of that name (gini/archive beside puppet/archive): its own bundled facts, if any.
  const other = isOtherAuthor(name, v.author);
  if (other && !bundledFullNames().includes(`${v.author!.toLowerCase()}-${name}`)) return undefined;
  const full = other ? `${v.author!.toLowerCase()}-${name}` : name;
  // A range the repo allows: the facts of the newest release within it, and only its releases count.
  const window = requested
    ? releasesAround(full, requested)
    : v.requirement
      ? releasesWithin(full, v.requirement)
      : undefined;
  const module = window && !requested ? window[window.length - 1] : catalogFor(full, requested);
  if (!module) return undefined;
  const reason = v.installed ? 'installed' : v.pinned ? 'pinned' : 'newest';
  const choice: VersionChoice = {
    module,
    reason,
    ...(requested ? { requested: requested.replace(/^v/, '') } : {}),
    ...(window ? { window: window.map((m) => m.version) } : {}),
    ...(reason === 'pinned' && v.from === 'lock' ? { locked: true } : {}),
  };
  return { choice, exact: requested !== undefined && compareVersions(module.version, requested) === 0 };
}

/**
 * A version between two bundled releases (no release of its own): those two, the window it lies in; undefined
 * for a known release, or a version before the first or after the last one (any release may be like it).
 */
function releasesAround(moduleName: string, version: string): CatalogModule[] | undefined {
  const all = bundledVersions(moduleName);
  if (all.some((m) => compareVersions(m.version, version) === 0)) return undefined;
  const older = all.filter((m) => compareVersions(m.version, version) < 0);
  const newer = all.filter((m) => compareVersions(m.version, version) > 0);
  return older.length > 0 && newer.length > 0 ? [older[older.length - 1]!, newer[0]!] : undefined;
}

/**
 * The bundled releases a version range allows, oldest first; undefined when none does or the range is written
 * in a form we do not read exactly (`~>`, `^`), so that any release may be the one in use.
 */
function releasesWithin(moduleName: string, requirement: string): CatalogModule[] | undefined {
  if (/[~^]/.test(requirement)) return undefined;
  const within = bundledVersions(moduleName).filter((m) => satisfies(m.version, requirement));
  return within.length > 0 ? within : undefined;
}

export type FactsKind = 'installed' | 'bundled' | 'approximate' | 'none';

export interface ResolvedModule {
  readonly name: string;
  /** `author-name` when a source names the author. */
  readonly fullName?: string;
  readonly from: SourceKind;
  /** The exact version in use, when known. */
  readonly version?: string;
  /** The version as a user reads it: `0.7.1`, or `unknown (branch 'master')`. */
  readonly versionText: string;
  readonly fork: boolean;
  readonly otherAuthor: boolean;
  /** Where the facts about its classes and parameters come from. */
  readonly facts: FactsKind;
  /** The bundled catalog used, for `bundled` and `approximate`. */
  readonly catalog?: CatalogModule;
  /** The source that decided, and the others that were overruled, in precedence order. */
  readonly sources: readonly ModuleSource[];
  /** One sentence: which version and why. */
  readonly why: string;
}

export interface ResolvedRepo {
  readonly root: string;
  readonly kind: RepoKind;
  readonly modules: ReadonlyMap<string, ResolvedModule>;
}

const KIND_WORDS: Record<SourceKind, string> = {
  installed: 'the copy installed in the repo',
  puppetfile: 'the Puppetfile',
  lock: 'Puppetfile.lock',
  metadata: 'a metadata.json dependency',
  submodule: 'a git submodule',
  script: "the repo's install script",
  'module-path': 'the extra module path',
};

function rel(root: string, path: string): string {
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

function describeSource(root: string, s: ModuleSource): string {
  const where = rel(root, s.dir ?? s.file);
  switch (s.kind) {
    case 'installed':
    case 'module-path':
      return `${KIND_WORDS[s.kind]} (${where}${s.version ? `, metadata.json version ${s.version}` : ', no metadata.json version'})`;
    case 'puppetfile':
    case 'lock':
      return `${KIND_WORDS[s.kind]} (${s.gitUrl ? `git ${s.gitUrl}` : 'Forge'}${s.written ? ` ${s.form === 'branch' ? 'branch' : s.form === 'commit' ? 'commit' : s.form === 'range' ? 'range' : ''} '${s.written}'`.replace(/  /g, ' ') : ''})`;
    case 'metadata':
      return `${KIND_WORDS[s.kind]} (${s.requiredBy ? `of ${s.requiredBy}, ` : ''}${where}: ${s.written || 'any version'})`;
    case 'submodule':
      return `${KIND_WORDS[s.kind]} (${s.gitUrl ?? where}, not checked out)`;
    case 'script':
      return `${KIND_WORDS[s.kind]} (${where}: puppet module install${s.version ? ` --version ${s.version}` : ', the newest at install time'})`;
  }
}

function versionText(w: ModuleSource): string {
  if (w.version) return w.version;
  if (w.kind === 'installed' || w.kind === 'module-path') return 'unversioned (no metadata.json version)';
  switch (w.form) {
    case 'branch':
      return `unknown (branch${w.written ? ` '${w.written}'` : ''})`;
    case 'commit':
      return `unknown (${w.written ? `commit ${w.written}` : 'a commit'})`;
    case 'range':
      return `unknown (range '${w.written || '*'}')`;
    case 'latest':
      return 'unknown (the newest at deployment)';
    default:
      return 'unknown';
  }
}

function resolveOne(root: string, name: string, sources: readonly ModuleSource[], v: ModuleVersion): ResolvedModule {
  const w = winningSource(sources)!;
  const author = v.author;
  const fork = isFork(name, v.gitUrl, v.commit);
  const otherAuthor = isOtherAuthor(name, author);
  // A librarian `:path` module is a folder of the repo: read like an installed copy.
  const installedCopy = w.kind === 'installed' || w.kind === 'module-path' || w.dir !== undefined;
  const bundled = bundledFactsFor(name, v);
  const facts: FactsKind = installedCopy ? 'installed' : bundled ? (bundled.exact ? 'bundled' : 'approximate') : 'none';
  const overruled = sources.filter((s) => s !== w && s.kind !== 'metadata');
  const mirrorTag =
    !fork && v.gitUrl && v.commit && isFork(name, v.gitUrl) ? releaseAtCommit(name, v.commit) : undefined;
  const because = mirrorTag
    ? ` ${v.gitUrl} is not ${upstreamOf(name)?.source}, but commit ${v.commit!.slice(0, 12)} is its tag ${mirrorTag}: a mirror of the upstream release.`
    : fork
      ? ` It comes from a fork (${v.gitUrl}), not ${upstreamOf(name)?.source}: ${installedCopy ? 'its installed copy is read' : 'nothing is assumed about its classes'}.`
      : otherAuthor
        ? ` It is by ${author}, not ${upstreamOf(name)?.author}: another module of the same name.`
        : '';
  const factsText =
    facts === 'installed'
      ? ' Its classes are read from the installed copy.'
      : facts === 'bundled'
        ? ` Checked against the bundled facts of ${bundled!.choice.module.fullName} ${bundled!.choice.module.version}.`
        : facts === 'approximate'
          ? ` The bundled facts of ${bundled!.choice.module.version} help completion and hover, but names missing from them are not reported.`
          : fork
            ? ''
            : ' No facts about its classes are bundled: names from it are not checked.';
  const why =
    `${author ? `${author}-${name}` : name} ${versionText(w)}, from ${describeSource(root, w)}.${because}${factsText}` +
    (overruled.length > 0 ? ` Overrules ${overruled.map((s) => describeSource(root, s)).join('; ')}.` : '');
  return {
    name,
    ...(author ? { fullName: `${author}-${name}` } : {}),
    from: w.kind,
    ...(w.version ? { version: w.version } : {}),
    versionText: versionText(w),
    fork,
    otherAuthor,
    facts,
    ...(bundled ? { catalog: bundled.choice.module } : {}),
    sources,
    why,
  };
}

/** Every module of the control repo at root, resolved: a query, kept while the module sources are. */
export function resolveModules(project: Project, root: string): ResolvedRepo {
  return project.query(resolveModulesQuery, root);
}

const resolveModulesQuery = defineQuery('resolveModules', (project: Project, root: string): ResolvedRepo => {
  const repo = repoModules(project, root, resolveModulePath(project, root));
  const modules = new Map<string, ResolvedModule>();
  for (const [name, sources] of repo.modules) {
    const v = versionOf(sources);
    if (!v) continue;
    modules.set(name, resolveOne(root, name, sources, v));
  }
  return { root, kind: repo.kind, modules };
});
