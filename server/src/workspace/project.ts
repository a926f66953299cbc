// The project: the workspace roots, the files the editor has open (which win over the disk), the settings, and
// what can be derived from them without domain knowledge: which kind of file a path is, which directories hold
// Hiera data, and which module versions the Puppetfile pins. The server and the CLI each hold one Project; tests
// build one over an in-memory FileSystem. Parsed files are cached by (path, text) so a keystroke re-parses only
// the edited file.
//
// The Project is the analysis host: it owns the `QueryDb` that holds every derived whole-repo value. Everything
// read through `fs` (the disk) or `view` (the disk under the open files) is recorded as an input of the running
// query: a file's text as `text:<path>`, any listing or existence check as `tree`. A keystroke changes only that
// file's text; opening or closing a file the disk does not have and disk events change the tree too; settings
// change everything.

import type { DirEntry, FileSystem } from './fileSystem.js';
import { parseHieraData, type HieraDataFile } from '../syntax/hiera/dataFile.js';
import { findControlRepoRoot } from './files.js';
import { declaredDatadirsOf, hieraConfigOf, matchDatadir } from './hieraConfigs.js';
import type { TextChange } from '../base/textDiff.js';
import { lineIndexAfter, type LineIndex } from '../base/lineIndex.js';
import { defineQuery, QueryDb, sameElements, type Query } from '../base/queries.js';

/**
 * Files whose text on disk is kept once read, until a file event (`invalidate`) or a settings change: the kinds
 * the language server asks the editor to watch (and watches itself otherwise), which every keystroke's analyses
 * read again — the node files of a cluster, the manifests of the modulepath. Other files are read each time.
 */
export const KEPT_TEXT = /(\.(pp|ya?ml|json)|\/(Puppetfile|[^/]*\.Puppetfile|environment\.conf))$/;

export type FileKind = 'puppet' | 'puppetfile' | 'hiera-config' | 'hiera-data' | 'other';

export interface ProjectSettings {
  /** Extra module directories, after the control repo's own modulepath. */
  readonly modulePath: readonly string[];
  /** Directory names that hold Hiera data wherever they appear, besides every datadir a hiera.yaml declares. */
  readonly hieraDataDirs: readonly string[];
  /**
   * The language server sends an editor at most this many diagnostics per file, a note about the rest included
   * (0: all of them); the CLI always reports all. Read only by the server.
   */
  readonly maxDiagnosticsPerFile: number;
  /**
   * The Mesos release the cluster runs where the Hiera data pins none (`mesos::version`, `mesos::ensure`): the
   * runtime rules check flags against it. The default is the last release, 1.11.0.
   */
  readonly mesosVersion: string;
  /** Report findings inside installed and vendored third-party modules too (by default only what breaks the catalog). */
  readonly includeVendored: boolean;
  /** A folder of node facts files given on the command line (`check --facts DIR`): wins over `.mesos-puppet.yaml` facts. */
  readonly factsDir?: string;
}

export const DEFAULT_SETTINGS: ProjectSettings = {
  modulePath: [],
  hieraDataDirs: ['data', 'hieradata'],
  maxDiagnosticsPerFile: 1000,
  mesosVersion: '1.11.0',
  includeVendored: false,
};

export class Project {
  private readonly overlay = new Map<string, string>();
  private readonly dataCache = new Map<string, { text: string; parsed: HieraDataFile }>();
  /** The last change of each open file, as the editor reported it. */
  private readonly editorChanges = new Map<string, { before: string; change: TextChange; after: string }>();
  /** The disk's text of the files read (KEPT_TEXT; null: none), until their file event. */
  private readonly diskText = new Map<string, string | null>();
  private settings: ProjectSettings;
  private gen = 0;
  /** The paths changed at each generation (null: anything may have changed), newest last, bounded. */
  private changes: Array<{ gen: number; path: string | null; openedOrClosed: boolean }> = [];
  /** The file system as features see it: the editor's unsaved text wins over the disk. */
  readonly view: FileSystem;
  /** The disk, its reads recorded as inputs of the running query. */
  readonly fs: FileSystem;
  /** Every derived value of the workspace, as memoised queries (base/queries.ts). */
  readonly queries = new QueryDb<Project>(this);

  constructor(
    /** The disk as given, unrecorded: for tests that change it behind the project's back. */
    readonly disk: FileSystem,
    readonly roots: readonly string[],
    settings: Partial<ProjectSettings> = {},
  ) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    const tree = (): void => this.queries.read('tree');
    this.fs = {
      readFile: (path) => {
        this.queries.read(`text:${path}`);
        return disk.readFile(path);
      },
      readDirectory: (path) => (tree(), disk.readDirectory(path)),
      exists: (path) => (tree(), disk.exists(path)),
      isDirectory: (path) => (tree(), disk.isDirectory(path)),
      realPath: (path) => (tree(), disk.realPath(path)),
    };
    const fs = this.fs;
    const queries = this.queries;
    this.view = {
      readFile: (path) => this.readText(path),
      readDirectory: (path) => this.withOpenFiles(path, fs.readDirectory(path)),
      // A file whose text is kept exists and is no folder, without asking the disk again (lookups ask per node).
      exists: (path) => (
        queries.read('tree'),
        this.overlay.has(path) ||
          typeof this.diskText.get(path) === 'string' ||
          fs.exists(path) ||
          this.openFolders().has(path)
      ),
      isDirectory: (path) => (
        queries.read('tree'),
        typeof this.diskText.get(path) !== 'string' && (fs.isDirectory(path) || this.openFolders().has(path))
      ),
      realPath: (path) => (queries.read('tree'), this.overlay.has(path) ? path : fs.realPath(path)),
    };
  }

  /** The value of a query over this project (memoised in `queries`). */
  query<K, V>(q: Query<Project, K, V>, key: K): V {
    return this.queries.get(q, key);
  }

  /**
   * Changes whenever a file's text or the settings may have changed: the key of the caches not yet folded into
   * queries. A query that reads it depends on every change.
   */
  get generation(): number {
    this.queries.read('generation');
    return this.gen;
  }

  get currentSettings(): ProjectSettings {
    return this.settings;
  }

  updateSettings(settings: Partial<ProjectSettings>): void {
    this.bump(null, true);
    this.settings = { ...this.settings, ...settings };
    // The settings decide which folders may be read (the module path), so what was read is read again.
    this.diskText.clear();
  }

  /**
   * The editor's text for an open file; undefined closes it (the disk is read again). `from` is the change that
   * made it from the text before, when the editor said, so parses can update only what it touched.
   */
  setOpenText(
    path: string,
    text: string | undefined,
    from?: { readonly before: string; readonly change: TextChange },
  ): void {
    if (this.overlay.get(path) === text) return;
    const openedOrClosed = text === undefined || !this.overlay.has(path);
    if (openedOrClosed) this.folders = undefined;
    // The view lists an open file the disk does not have, so opening or closing one changes its folders; a file
    // the disk has is listed, exists and is no folder either way, and what was read of the tree stays true (with
    // a workspace of thousands of modules, re-reading their folders after every file opened cost each time).
    this.bump(path, openedOrClosed, openedOrClosed && !this.savedFile(path));
    if (from && text !== undefined) this.editorChanges.set(path, { ...from, after: text });
    else this.editorChanges.delete(path);
    if (text === undefined) {
      this.overlay.delete(path);
      // A closed file is read from disk again when asked about; its parse of the editor's text must not stay.
      this.dataCache.delete(path);
    } else this.overlay.set(path, text);
  }

  /** True when the disk has a file (not a folder) at path. */
  private savedFile(path: string): boolean {
    return this.disk.exists(path) && !this.disk.isDirectory(path);
  }

  /** Forget what was read from disk for this path (a file event). */
  invalidate(path: string): void {
    // A file event does not say whether the file came or went: the listings may have changed too.
    this.bump(path, false, true);
    this.diskText.delete(path);
    // A folder that came or went: whatever was read below it.
    const below = `${path}/`;
    for (const p of this.diskText.keys()) {
      if (p.startsWith(below)) {
        this.diskText.delete(p);
        this.queries.changed(`text:${p}`);
      }
    }
    this.dataCache.delete(path);
  }

  /**
   * The paths whose text may have changed since generation `since`, for caches that update per file (the module
   * index); undefined when that is not known (the settings changed, or too much happened), so rebuild it all.
   */
  changedSince(since: number): readonly string[] | undefined {
    this.queries.read('generation');
    if (since === this.gen) return [];
    const first = this.changes[0];
    if (since > this.gen || !first || first.gen > since + 1) return undefined;
    const out = new Set<string>();
    for (const c of this.changes) {
      if (c.gen <= since) continue;
      if (c.path === null) return undefined;
      out.add(c.path);
    }
    return [...out];
  }

  /**
   * The paths opened or closed in the editor since generation `since`: an open file that is not on disk yet is
   * listed in `view`'s folders, so opening or closing one may add or remove a file there. Keystrokes never do.
   */
  openedOrClosedSince(since: number): ReadonlySet<string> {
    this.queries.read('generation');
    const out = new Set<string>();
    for (const c of this.changes) if (c.gen > since && c.openedOrClosed && c.path !== null) out.add(c.path);
    return out;
  }

  private bump(path: string | null, openedOrClosed = false, tree = false): void {
    if (path === null) this.queries.changedAll();
    else if (tree) this.queries.changed('generation', `text:${path}`, 'tree');
    else this.queries.changed('generation', `text:${path}`);
    this.gen++;
    this.changes.push({ gen: this.gen, path, openedOrClosed });
    if (this.changes.length > 512) this.changes.splice(0, this.changes.length - 256);
  }

  /** Folder → the names below it that lead to open files (true: a folder), so that `view` lists unsaved files. */
  private folders: Map<string, Map<string, boolean>> | undefined;

  private openFolders(): Map<string, Map<string, boolean>> {
    if (this.folders) return this.folders;
    const folders = new Map<string, Map<string, boolean>>();
    for (const path of this.overlay.keys()) {
      let child = path;
      let isDirectory = false;
      for (let cut = child.lastIndexOf('/'); cut >= 0 && child !== '/'; cut = child.lastIndexOf('/')) {
        const dir = child.slice(0, cut) || '/';
        const name = child.slice(cut + 1);
        let names = folders.get(dir);
        if (!names) folders.set(dir, (names = new Map()));
        // The folders above were recorded with an earlier open file.
        if (names.has(name)) break;
        names.set(name, isDirectory);
        child = dir;
        isDirectory = true;
      }
    }
    return (this.folders = folders);
  }

  /** A folder's entries on disk, plus the open files (and folders leading to them) the disk does not have yet. */
  private withOpenFiles(dir: string, onDisk: readonly DirEntry[]): readonly DirEntry[] {
    const open = this.openFolders().get(dir);
    if (!open) return onDisk;
    let out: DirEntry[] | undefined;
    for (const [name, isDirectory] of open) {
      if (onDisk.some((e) => e.name === name)) continue;
      (out ??= [...onDisk]).push({ name, isDirectory, isFile: !isDirectory });
    }
    return out ?? onDisk;
  }

  readText(path: string): string | undefined {
    const open = this.overlay.get(path);
    if (open !== undefined || !KEPT_TEXT.test(path)) {
      if (open === undefined) return this.fs.readFile(path);
      this.queries.read(`text:${path}`);
      return open;
    }
    const kept = this.diskText.get(path);
    if (kept === undefined) {
      const text = this.fs.readFile(path);
      this.diskText.set(path, text ?? null);
      return text;
    }
    this.queries.read(`text:${path}`);
    return kept ?? undefined;
  }

  isOpen(path: string): boolean {
    this.queries.read(`text:${path}`);
    return this.overlay.has(path);
  }

  /**
   * The control repo a file belongs to: the nearest folder at or above it with a Puppetfile, environment.conf or
   * hiera.yaml (a module's own hiera.yaml does not count), else the workspace folder that holds it.
   */
  repoRoot(path: string): string | undefined {
    const dir = this.fs.isDirectory(path) ? path : path.slice(0, path.lastIndexOf('/')) || '/';
    return this.query(repoRootQuery, dir);
  }

  /** Every control repo in the workspace: each workspace folder, and folders up to two levels below it with a hiera.yaml. */
  controlRepos(): string[] {
    return [...this.query(controlReposQuery, '')];
  }

  /** @internal the computation behind `controlRepos`. */
  findControlRepos(): string[] {
    const out = new Set<string>();
    const visit = (dir: string, depth: number): void => {
      if (this.fs.exists(`${dir}/hiera.yaml`) || depth === 0) out.add(dir);
      if (depth >= 2) return;
      for (const e of this.fs.readDirectory(dir)) {
        if (
          !e.isDirectory ||
          e.name.startsWith('.') ||
          ['modules', 'site-modules', 'site', 'node_modules', 'data', 'hieradata', 'manifests'].includes(e.name)
        )
          continue;
        visit(`${dir}/${e.name}`, depth + 1);
      }
    };
    for (const r of this.roots) visit(r, 0);
    return [...out].filter((d) => this.fs.exists(`${d}/hiera.yaml`) || this.roots.includes(d));
  }

  /** The root that contains the path (the longest), or undefined. */
  rootOf(path: string): string | undefined {
    let best: string | undefined;
    for (const r of this.roots)
      if ((path === r || path.startsWith(`${r}/`)) && (!best || r.length > best.length)) best = r;
    return best;
  }

  classify(path: string): FileKind {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (name.endsWith('.pp')) return 'puppet';
    if (name === 'Puppetfile' || name.endsWith('.Puppetfile')) return 'puppetfile';
    if (name === 'hiera.yaml' || name === 'hiera.yml') return 'hiera-config';
    if (/\.(ya?ml|json)$/.test(name) && this.isHieraData(path)) return 'hiera-data';
    return 'other';
  }

  private isHieraData(path: string): boolean {
    const segments = path.split('/');
    const dirs = segments.slice(0, -1);
    if (dirs.some((s) => this.settings.hieraDataDirs.includes(s))) return true;
    // Walk up: a hiera.yaml in any ancestor that declares a datadir containing this file.
    for (let i = dirs.length; i > 0; i--) {
      const dir = dirs.slice(0, i).join('/') || '/';
      for (const datadir of this.declaredDatadirs(dir) ?? []) {
        const abs = datadir.startsWith('/') ? datadir : `${dir === '/' ? '' : dir}/${datadir}`;
        if (path.startsWith(`${abs.replace(/\/$/, '')}/`)) return true;
      }
    }
    return false;
  }

  /**
   * The datadirs that `<dir>/hiera.yaml` declares (defaults and per entry; v3, v4 and v5), or null when there is
   * none. A datadir written for the machine Puppet runs on (absolute or interpolated) is given as the repo folder
   * it was matched to (hieraConfigs.ts), or left out when none matches.
   */
  declaredDatadirs(dir: string): readonly string[] | null {
    return this.query(declaredDatadirsQuery, dir);
  }

  /** @internal the computation behind `declaredDatadirs`. */
  readDeclaredDatadirs(dir: string): readonly string[] | null {
    let result: string[] | null = null;
    const parse = hieraConfigOf(this, `${dir}/hiera.yaml`);
    if (parse !== undefined) {
      result = [];
      const root = this.rootOf(dir) ?? dir;
      for (const d of declaredDatadirsOf(parse).datadirs) {
        // A relative datadir that climbs out of the hiera.yaml's folder (`../../..`) is not read: hiera.yaml's
        // diagnostics say so. An absolute or interpolated one counts only when matched to a folder of the repo.
        if (!d.startsWith('/') && !d.includes('%{')) {
          if (!climbsOut(d)) result.push(d);
        } else {
          const matched = matchDatadir(this.view, dir, this.repoRoot(`${dir}/hiera.yaml`) ?? root, d, root).dir;
          if (matched) result.push(matched);
        }
      }
    }
    return result;
  }

  /**
   * The line index of a file's text (open or on disk), or undefined when it cannot be read: one per file and
   * text, derived from the previous one when the editor said what changed.
   */
  lineIndex(path: string): LineIndex | undefined {
    return this.query(lineIndexQuery, path);
  }

  /** @internal the computation behind `lineIndex`. */
  nextLineIndex(path: string, previous: LineIndex | undefined): LineIndex | undefined {
    const text = this.readText(path);
    if (text === undefined) return undefined;
    const known = this.editorChanges.get(path);
    const from = known && known.after === text ? { text: known.before, change: known.change } : undefined;
    return lineIndexAfter(previous, text, from);
  }

  /**
   * The parsed Hiera data file at path (cached by text), or undefined when it cannot be read. After an edit only
   * the part of the file it touched is parsed again; the previous parse of the file is stale from then on.
   */
  hieraData(path: string): HieraDataFile | undefined {
    const text = this.readText(path);
    if (text === undefined) return undefined;
    const cached = this.dataCache.get(path);
    if (cached && cached.text === text) return cached.parsed;
    const known = this.editorChanges.get(path);
    const change = cached && known && known.before === cached.text && known.after === text ? known.change : undefined;
    const parsed = parseHieraData(text, cached ? { text: cached.text, file: cached.parsed, change } : undefined);
    this.dataCache.set(path, { text, parsed });
    return parsed;
  }
}

const lineIndexQuery = defineQuery<Project, string, LineIndex | undefined>(
  'lineIndex',
  (p: Project, path: string, previous: LineIndex | undefined) => p.nextLineIndex(path, previous),
);
const repoRootQuery = defineQuery(
  'repoRoot',
  (p: Project, dir: string) => findControlRepoRoot(p.view, dir) ?? p.rootOf(dir),
);
const controlReposQuery = defineQuery('controlRepos', (p: Project, _: string) => p.findControlRepos(), {
  equals: sameElements,
});
const declaredDatadirsQuery = defineQuery(
  'declaredDatadirs',
  (p: Project, dir: string) => p.readDeclaredDatadirs(dir),
  {
    equals: (a, b) => (a === null || b === null ? a === b : sameElements(a, b)),
  },
);

/** True when a relative path goes above its starting folder (`..`, `a/../..`). */
function climbsOut(relative: string): boolean {
  let depth = 0;
  for (const seg of relative.split('/')) {
    if (seg === '..') depth--;
    else if (seg !== '' && seg !== '.') depth++;
    if (depth < 0) return true;
  }
  return false;
}
