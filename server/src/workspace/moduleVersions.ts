// Which version of each module the control repo uses, as raw facts: the winning source of
// workspace/moduleSources.ts (an installed copy in the repo > the Puppetfile's pin > Puppetfile.lock > a
// metadata.json dependency > a git submodule > the extra module path, which never replaces what the repo pins).
// knowledge/moduleResolver.ts adds what needs knowledge of the modules (forks, releases, bundled facts).

import type { Project } from './project.js';
import { repoModules, type ModuleSource, type SourceKind, type VersionForm } from './moduleSources.js';
import { resolveModulePath } from './moduleIndex.js';

export interface ModuleVersion {
  /** The version of the copy in use (the repo's own, or the extra module path's when the repo does not pin it). */
  readonly installed?: string;
  /** The exact version the Puppetfile or Puppetfile.lock pins (a tag shaped like a version counts). */
  readonly pinned?: string;
  /** Where the answer comes from. */
  readonly from?: SourceKind;
  /** How that source names the version; anything but `exact`/`tag` with a version leaves the version unknown. */
  readonly form?: VersionForm;
  readonly author?: string;
  readonly gitUrl?: string;
  /** The commit the repo pins it at, from the winning source or the lock entry of the same git URL. */
  readonly commit?: string;
  /** The version range the winning source allows (a metadata.json dependency, a librarian range), as written. */
  readonly requirement?: string;
}

/**
 * The source that decides a module: the first in precedence, except that a Puppetfile entry without an exact
 * version (a range, :latest) yields to the version Puppetfile.lock resolved it to, and a bare dependency
 * declaration yields to a copy on the extra module path.
 */
export function winningSource(sources: readonly ModuleSource[]): ModuleSource | undefined {
  const first = sources[0];
  if (first?.kind === 'puppetfile' && !first.version && (first.form === 'range' || first.form === 'latest')) {
    const locked = sources.find((s) => s.kind === 'lock' && s.version);
    if (locked) return locked;
  }
  if (first?.kind === 'metadata') return sources.find((s) => s.kind === 'module-path') ?? first;
  return first;
}

export function moduleVersions(project: Project, root: string | undefined): Map<string, ModuleVersion> {
  const result = new Map<string, ModuleVersion>();
  if (!root) {
    // A file outside any control repo: only the extra module path's copies.
    for (const dir of project.currentSettings.modulePath) {
      for (const entry of project.fs.readDirectory(dir)) {
        if (!entry.isDirectory) continue;
        try {
          const version = JSON.parse(project.fs.readFile(`${dir}/${entry.name}/metadata.json`) ?? 'null')?.version;
          if (typeof version === 'string' && !result.has(entry.name))
            result.set(entry.name, { installed: version, from: 'module-path', form: 'exact' });
        } catch {
          // A broken metadata.json says nothing about the version.
        }
      }
    }
    return result;
  }
  for (const [name, sources] of repoModules(project, root, resolveModulePath(project, root)).modules) {
    const v = versionOf(sources);
    if (v) result.set(name, v);
  }
  return result;
}

/** The raw answer for one module: the winning source's version, where it comes from, its author and git URL. */
export function versionOf(sources: readonly ModuleSource[]): ModuleVersion | undefined {
  const w = winningSource(sources);
  if (!w) return undefined;
  const copy = w.kind === 'installed' || w.kind === 'module-path';
  const author = w.author ?? sources.find((s) => s.author)?.author;
  // librarian-puppet records the commit it installed beside the Puppetfile's URL and ref.
  const commit =
    w.commit ??
    (w.gitUrl ? sources.find((s) => s.kind === 'lock' && s.commit && s.gitUrl === w.gitUrl)?.commit : undefined);
  return {
    ...(copy && w.version ? { installed: w.version } : {}),
    ...(!copy && w.version ? { pinned: w.version } : {}),
    from: w.kind,
    form: w.form,
    ...(author ? { author } : {}),
    ...(w.gitUrl ? { gitUrl: w.gitUrl } : {}),
    ...(commit ? { commit } : {}),
    ...(w.form === 'range' && w.written ? { requirement: w.written } : {}),
  };
}
