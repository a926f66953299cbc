// Every place a control repo says something about a module, without any knowledge of the modules themselves:
// the installed copies on its own modulepath (metadata.json name and version), the Puppetfile's entries (r10k),
// Puppetfile.lock (librarian-puppet), the dependencies the repo's and the installed modules' metadata.json
// declare, git submodules (.gitmodules), the repo's own install scripts (workspace/scriptInstalls.ts), and the extra module path (the mesosPuppet.modulePath setting,
// `--module-path`). Also which kind of repository the root is. knowledge/moduleResolver.ts turns these into one
// answer per module ("which module, which version, from where"); workspace code that only needs the winner's
// raw facts (moduleVersions, the module index) reads `moduleVersions` and `pinnedNames`.

import type { Project } from './project.js';
import { defineQuery } from '../base/queries.js';
import type { TextRange } from '../base/textRange.js';
import { parsePuppetfile, parsePuppetfileLock } from '../syntax/puppetfile/index.js';
import type { ModuleEntry, PuppetfileValue } from '../syntax/puppetfile/model.js';
import { scriptInstalls } from './scriptInstalls.js';

/** In order of precedence: an installed copy in the repo wins, the extra module path comes last. */
export const SOURCE_KINDS = [
  'installed',
  'puppetfile',
  'lock',
  'metadata',
  'submodule',
  'script',
  'module-path',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** How a source names the version: exact, a git ref that names no release we can tell, a range, or nothing. */
export type VersionForm = 'exact' | 'tag' | 'commit' | 'branch' | 'range' | 'latest' | 'none';

export interface ModuleSource {
  readonly kind: SourceKind;
  readonly shortName: string;
  /** The author when the source names one (`puppetlabs` of `puppetlabs-apt`). */
  readonly author?: string;
  /** The version or ref as written (`v0.7.1`, `1.2.3`, `master`, `>= 4.0.0`), without change. */
  readonly written?: string;
  readonly form: VersionForm;
  /** The exact version (without a leading v) when the source gives one: exact, or a tag shaped like a version. */
  readonly version?: string;
  readonly gitUrl?: string;
  /** The commit a git source is pinned at, when it names one (Puppetfile `:commit` or a hash `:ref`, the lock's sha). */
  readonly commit?: string;
  /** The installed copy's folder (installed, module-path). */
  readonly dir?: string;
  /** The file that says so, and where (for a Puppetfile entry: its name). */
  readonly file: string;
  readonly range?: TextRange;
  /** For a metadata dependency or a lock file edge: the module that requires it. */
  readonly requiredBy?: string;
}

export type RepoKind = 'r10k' | 'librarian' | 'module' | 'vagrant' | 'plain';

export interface RepoModules {
  readonly root: string;
  readonly kind: RepoKind;
  /** Short name → every source that mentions it, in precedence order. */
  readonly modules: ReadonlyMap<string, readonly ModuleSource[]>;
}

const VERSION_TAG = /^v?\d+(\.\d+)+(-[0-9A-Za-z.-]+)?$/;
const EXACT = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const COMMIT = /^[0-9a-f]{7,40}$/;
const MODULE_NAME = /^[a-z][a-z0-9_]*$/;

function join(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** dir + a relative path (`./site`, `../x`), or the path itself when absolute. */
function joinRelative(dir: string, rel: string): string {
  if (rel.startsWith('/')) return rel;
  const parts = dir.split('/');
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/') || '/';
}

/** The outermost workspace folder holding root (the repository's top, where its setup scripts are), or root. */
function outermostRoot(project: Project, root: string): string {
  let best: string | undefined;
  for (const r of project.roots)
    if ((root === r || root.startsWith(`${r}/`)) && (best === undefined || r.length < best.length)) best = r;
  return best ?? root;
}

/** Modules a librarian Puppetfile installs from a folder of the repo (`:path => 'profiles'`): name → folder. */
export function localModuleDirs(modules: RepoModules): Array<{ name: string; dir: string }> {
  const out: Array<{ name: string; dir: string }> = [];
  for (const [name, sources] of modules.modules)
    for (const s of sources) if (s.kind === 'puppetfile' && s.dir) out.push({ name, dir: s.dir });
  return out;
}

function splitName(fullName: string): { author?: string; shortName: string } {
  const m = /^([^/-]+)[-/](.+)$/.exec(fullName.trim());
  return m
    ? { author: m[1].toLowerCase(), shortName: m[2].toLowerCase() }
    : { shortName: fullName.trim().toLowerCase() };
}

function str(v: PuppetfileValue | undefined): string | undefined {
  return v && v.kind === 'string' && !v.interpolated ? v.value : v?.kind === 'symbol' ? `:${v.value}` : undefined;
}

/** What a Puppetfile entry says about its module. */
export function puppetfileSource(entry: ModuleEntry, file: string): ModuleSource | undefined {
  if (!entry.shortName) return undefined;
  const shortName = entry.shortName.toLowerCase();
  const base = {
    kind: 'puppetfile' as const,
    shortName,
    ...(entry.author ? { author: entry.author.toLowerCase() } : {}),
    file,
    ...(entry.name ? { range: entry.name.range } : {}),
  };
  const opt = (name: string): PuppetfileValue | undefined => entry.options.find((o) => o.key.name === name)?.value;
  const git = str(opt('git'));
  if (git !== undefined) {
    const tag = str(opt('tag'));
    const commit = str(opt('commit'));
    const ref = str(opt('ref'));
    const branch = str(opt('branch'));
    if (tag !== undefined)
      return {
        ...base,
        gitUrl: git,
        written: tag,
        form: 'tag',
        ...(VERSION_TAG.test(tag) ? { version: tag.replace(/^v/, '') } : {}),
      };
    if (commit !== undefined) return { ...base, gitUrl: git, written: commit, form: 'commit', commit };
    if (ref !== undefined) {
      if (VERSION_TAG.test(ref))
        return { ...base, gitUrl: git, written: ref, form: 'tag', version: ref.replace(/^v/, '') };
      return COMMIT.test(ref)
        ? { ...base, gitUrl: git, written: ref, form: 'commit', commit: ref }
        : { ...base, gitUrl: git, written: ref, form: 'branch' };
    }
    return { ...base, gitUrl: git, ...(branch !== undefined ? { written: branch } : {}), form: 'branch' };
  }
  const local = str(opt('path'));
  if (local !== undefined)
    return { ...base, form: 'none', dir: joinRelative(file.slice(0, file.lastIndexOf('/')), local) };
  if (opt('local') !== undefined || opt('install_path') !== undefined) return { ...base, form: 'none' };
  const v = str(entry.version);
  if (v === undefined) return { ...base, form: entry.options.length > 0 ? 'none' : 'latest' };
  if (v === ':latest') return { ...base, written: v, form: 'latest' };
  if (EXACT.test(v)) return { ...base, written: v, form: 'exact', version: v };
  return { ...base, written: v, form: 'range' };
}

/** The repo's own folders of installed modules (its modulepath without the extra module path). */
function installDirs(project: Project, root: string, modulePath: readonly string[]): string[] {
  const extra = new Set(project.currentSettings.modulePath.map((d) => d.replace(/\/$/, '')));
  return modulePath.filter((d) => !extra.has(d.replace(/\/$/, '')) && (d === root || d.startsWith(`${root}/`)));
}

interface Metadata {
  readonly author?: string;
  readonly shortName?: string;
  readonly version?: string;
  readonly dependencies: ReadonlyArray<{ readonly fullName: string; readonly requirement: string }>;
}

export function readMetadata(text: string | undefined): Metadata | undefined {
  if (text === undefined) return undefined;
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    if (!j || typeof j !== 'object') return undefined;
    const name = typeof j.name === 'string' ? splitName(j.name) : undefined;
    const deps = Array.isArray(j.dependencies)
      ? j.dependencies
          .filter(
            (d): d is { name: string; version_requirement?: unknown } =>
              !!d && typeof d === 'object' && typeof (d as { name?: unknown }).name === 'string',
          )
          .map((d) => ({
            fullName: d.name,
            requirement: typeof d.version_requirement === 'string' ? d.version_requirement : '',
          }))
      : [];
    return {
      ...(name?.author ? { author: name.author } : {}),
      ...(name ? { shortName: name.shortName } : {}),
      ...(typeof j.version === 'string' ? { version: j.version } : {}),
      dependencies: deps,
    };
  } catch {
    return undefined;
  }
}

/**
 * The Modulefile of a module released before metadata.json (Puppet 2.7 and 3): `name 'author-name'`,
 * `version '1.2.3'`, `dependency 'author/name', '>= 1.0.0'`. A Ruby file; only those literal lines are read.
 */
export function readModulefile(text: string | undefined): Metadata | undefined {
  if (text === undefined) return undefined;
  const literal = (key: string): string | undefined =>
    new RegExp(`^\\s*${key}\\s*\\(?\\s*['"]([^'"]+)['"]`, 'm').exec(text)?.[1];
  const rawName = literal('name');
  if (!rawName) return undefined;
  const name = splitName(rawName);
  const dependencies: Array<{ fullName: string; requirement: string }> = [];
  for (const m of text.matchAll(/^\s*dependency\s*\(?\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]*)['"])?/gm))
    dependencies.push({ fullName: m[1], requirement: m[2] ?? '' });
  const version = literal('version');
  return {
    ...(name.author ? { author: name.author } : {}),
    shortName: name.shortName,
    ...(version ? { version } : {}),
    dependencies,
  };
}

/** `[submodule "x"] path = modules/apt url = ...` → path and url of each submodule. */
export function parseGitmodules(text: string): Array<{ path: string; url?: string }> {
  const out: Array<{ path?: string; url?: string }> = [];
  for (const line of text.split('\n')) {
    if (/^\s*\[submodule\b/.test(line)) out.push({});
    const kv = /^\s*(path|url)\s*=\s*(.+?)\s*$/.exec(line);
    if (kv && out.length > 0) out[out.length - 1][kv[1] as 'path' | 'url'] = kv[2];
  }
  return out.filter((s): s is { path: string; url?: string } => typeof s.path === 'string');
}

/**
 * A Gemfile or Vagrantfile at or above the root that brings librarian-puppet: within the workspace, and at most
 * two folders above the control repo otherwise (a Vagrant project keeps its Vagrantfile beside `puppet/`, and the
 * CLI's root is the folder of the Puppetfile).
 */
function librarianTooling(project: Project, root: string): boolean {
  const top = project.rootOf(root);
  let above = 0;
  for (let dir = root; ; dir = dir.slice(0, dir.lastIndexOf('/')) || '/') {
    for (const name of ['Gemfile', 'Vagrantfile'])
      if (/librarian[-_]puppet/.test(project.view.readFile(join(dir, name)) ?? '')) return true;
    const inside = top !== undefined && dir !== top && dir.startsWith(`${top}/`);
    if (dir === '/' || (!inside && ++above > 2)) return false;
  }
}

/**
 * The folder whose Puppetfile (and Puppetfile.lock) deploys the modules of the control repo at root: root itself,
 * or, for a directory environment kept in the repo (`X/environments/<env>`) with no Puppetfile of its own, X when
 * X has one (librarian-puppet installs X's Puppetfile into the environment's modules: `--path
 * environments/<env>/modules`).
 */
export function puppetfileFolder(project: Project, root: string): string {
  const fs = project.view;
  if (fs.exists(join(root, 'Puppetfile')) || fs.exists(join(root, 'Puppetfile.lock'))) return root;
  const env = /^(.*)\/environments\/[^/]+$/.exec(root);
  const above = env ? env[1] || '/' : undefined;
  return above !== undefined && fs.exists(join(above, 'Puppetfile')) ? above : root;
}

/**
 * The nearest folder at or above root that holds a .gitmodules file: within the workspace, and at most two
 * folders above the control repo otherwise (the CLI's root is the folder of the hiera.yaml, puppet/).
 */
function gitmodulesFolder(project: Project, root: string): string | undefined {
  const top = project.rootOf(root);
  let above = 0;
  for (let dir = root; ; dir = dir.slice(0, dir.lastIndexOf('/')) || '/') {
    if (project.view.exists(join(dir, '.gitmodules'))) return dir;
    const inside = top !== undefined && dir !== top && dir.startsWith(`${top}/`);
    if (dir === '/' || (!inside && ++above > 2)) return undefined;
  }
}

/** The root's own module metadata: its metadata.json, else the Modulefile of an older module. */
export function ownMetadata(project: Project, root: string): Metadata | undefined {
  const json = project.view.readFile(join(root, 'metadata.json'));
  return json !== undefined ? readMetadata(json) : readModulefile(project.view.readFile(join(root, 'Modulefile')));
}

export function repoKind(project: Project, root: string): RepoKind {
  const fs = project.view;
  const deploying = puppetfileFolder(project, root);
  if (deploying !== root) return repoKind(project, deploying);
  // A committed Puppetfile.lock means the repo is deployed with librarian-puppet (modules do not commit one).
  if (fs.exists(join(root, 'Puppetfile.lock'))) return 'librarian';
  if (ownMetadata(project, root)?.shortName) return 'module';
  const puppetfile = fs.readFile(join(root, 'Puppetfile'));
  if (puppetfile !== undefined)
    return parsePuppetfile(puppetfile).statements.some((s) => s.kind === 'metadata') || librarianTooling(project, root)
      ? 'librarian'
      : 'r10k';
  if (fs.isDirectory(join(root, 'puppet/manifests')) || fs.isDirectory(join(root, 'puppet/modules'))) return 'vagrant';
  return 'plain';
}

/**
 * Every source of every module of the control repo at root. `modulePath` is the root's resolved modulepath
 * (workspace/moduleIndex.ts#resolveModulePath), passed in to keep this file free of the index. A query: read
 * again only when a file or listing it read changed.
 */
export function repoModules(project: Project, root: string, modulePath: readonly string[]): RepoModules {
  return project.query(repoModulesQuery, [root, ...modulePath].join('\n'));
}

const repoModulesQuery = defineQuery('repoModules', (project: Project, key: string): RepoModules => {
  const [root = '', ...modulePath] = key.split('\n');
  const fs = project.view;
  const all: ModuleSource[] = [];
  const installed = installDirs(project, root, modulePath);
  const readInstalled = (dirs: readonly string[], kind: 'installed' | 'module-path'): void => {
    for (const dir of dirs) {
      for (const e of fs.readDirectory(dir)) {
        if (!e.isDirectory || !MODULE_NAME.test(e.name)) continue;
        // An empty folder (a git submodule not checked out) holds nothing: its content is unknown.
        if (fs.readDirectory(join(dir, e.name)).length === 0) continue;
        const file = join(join(dir, e.name), 'metadata.json');
        const meta = readMetadata(fs.readFile(file));
        // A folder without metadata.json is the repo's own code (roles, profiles) or a module of unknown version.
        all.push({
          kind,
          shortName: e.name,
          ...(meta?.author ? { author: meta.author } : {}),
          ...(meta?.version ? { written: meta.version, version: meta.version.replace(/^v/, '') } : {}),
          form: meta?.version ? 'exact' : 'none',
          dir: join(dir, e.name),
          file,
        });
        // The extra module path's copies are not the repo's: their dependencies are not its edges.
        if (kind === 'installed')
          for (const d of meta?.dependencies ?? []) {
            const n = splitName(d.fullName);
            all.push({
              kind: 'metadata',
              shortName: n.shortName,
              ...(n.author ? { author: n.author } : {}),
              written: d.requirement,
              form: 'range',
              file,
              requiredBy: e.name,
            });
          }
      }
    }
  };
  readInstalled(installed, 'installed');
  const deploying = puppetfileFolder(project, root);
  const puppetfilePath = join(deploying, 'Puppetfile');
  const puppetfile = fs.readFile(puppetfilePath);
  if (puppetfile !== undefined) {
    for (const entry of parsePuppetfile(puppetfile).modules) {
      const s = puppetfileSource(entry, puppetfilePath);
      if (s) all.push(s);
    }
  }
  const lockPath = join(deploying, 'Puppetfile.lock');
  const lock = fs.readFile(lockPath);
  if (lock !== undefined) {
    for (const spec of parsePuppetfileLock(lock).specs) {
      const exact = EXACT.test(spec.version.replace(/^v/, ''));
      all.push({
        kind: 'lock',
        shortName: spec.shortName.toLowerCase(),
        ...(spec.author ? { author: spec.author.toLowerCase() } : {}),
        written: spec.version,
        form: exact ? 'exact' : 'none',
        ...(exact ? { version: spec.version.replace(/^v/, '') } : {}),
        ...(spec.source.kind === 'git' && spec.source.remote ? { gitUrl: spec.source.remote } : {}),
        ...(spec.source.kind === 'git' && spec.source.sha ? { commit: spec.source.sha } : {}),
        file: lockPath,
        range: spec.range,
      });
      for (const d of spec.dependencies) {
        const n = splitName(d.fullName);
        all.push({
          kind: 'metadata',
          shortName: n.shortName,
          ...(n.author ? { author: n.author } : {}),
          written: d.requirement,
          form: 'range',
          file: lockPath,
          requiredBy: spec.shortName.toLowerCase(),
        });
      }
    }
  }
  const ownMeta = fs.exists(join(root, 'metadata.json')) ? join(root, 'metadata.json') : join(root, 'Modulefile');
  for (const d of ownMetadata(project, root)?.dependencies ?? []) {
    const n = splitName(d.fullName);
    all.push({
      kind: 'metadata',
      shortName: n.shortName,
      ...(n.author ? { author: n.author } : {}),
      written: d.requirement,
      form: 'range',
      file: ownMeta,
    });
  }
  // The git repository's .gitmodules: at the root, or above it when the control repo is a folder of the git
  // repository (a Vagrant project's puppet/, with its hiera.yaml); submodule paths are relative to that folder.
  const gitTop = gitmodulesFolder(project, root);
  const gitmodules = gitTop === undefined ? undefined : fs.readFile(join(gitTop, '.gitmodules'));
  if (gitTop !== undefined && gitmodules !== undefined) {
    for (const sub of parseGitmodules(gitmodules)) {
      const abs = join(gitTop, sub.path.replace(/^\.\//, '').replace(/\/$/, ''));
      const parent = abs.slice(0, abs.lastIndexOf('/'));
      const name = abs
        .slice(abs.lastIndexOf('/') + 1)
        .replace(/^puppet[-_]/, '')
        .toLowerCase();
      if (!installed.includes(parent) || !MODULE_NAME.test(name)) continue;
      all.push({
        kind: 'submodule',
        shortName: name,
        ...(sub.url ? { gitUrl: sub.url } : {}),
        form: 'commit',
        file: join(gitTop, '.gitmodules'),
      });
    }
  }
  // `puppet module install` in the repository's own scripts (a Dockerfile, a setup script and the list it reads).
  for (const i of scriptInstalls(project, outermostRoot(project, root)))
    all.push({
      kind: 'script',
      shortName: i.shortName,
      author: i.author,
      ...(i.version ? { written: i.version, version: i.version, form: 'exact' as const } : { form: 'latest' as const }),
      file: i.file,
    });
  readInstalled(project.currentSettings.modulePath, 'module-path');
  const modules = new Map<string, ModuleSource[]>();
  for (const s of all) (modules.get(s.shortName) ?? modules.set(s.shortName, []).get(s.shortName)!).push(s);
  for (const list of modules.values()) list.sort((a, b) => SOURCE_KINDS.indexOf(a.kind) - SOURCE_KINDS.indexOf(b.kind));
  return { root, kind: repoKind(project, root), modules };
});

/**
 * The modules the repo itself provides for (pins, locks, installs, declares): an extra module path never
 * replaces one of these.
 */
export function ownedModuleNames(modules: RepoModules): Set<string> {
  const out = new Set<string>();
  for (const [name, sources] of modules.modules)
    if (sources.some((s) => s.kind !== 'module-path' && s.kind !== 'metadata')) out.add(name);
  return out;
}
