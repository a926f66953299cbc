// The module index of a control repo: its modulepath, and every class, defined type, type alias, Puppet
// function and node definition found there (autoload layout: `<module>/manifests/**.pp`, `types/**.pp`,
// `functions/**.pp`, plus the root's own `manifests/**.pp` such as site.pp), with where each class is used:
// `include`/`contain`/`require`, `class { 'x': }`, `Class['x']`, `inherits` and the `classes` arrays of the
// root's Hiera data. Navigation, completion, diagnostics and the cluster rules all read it.
//
// Cost: each file is summarised once per text (parsePuppet + summarizeManifest, tree dropped) by the query
// `manifestFacts` (one per path, in the project's QueryDb); a new project generation asks each path's query, and
// only those whose text changed are computed again (a keystroke in one manifest re-summarises that file). The
// index re-lists directories only when a path it did not know changed or the settings did. Its state per root
// is held by the QueryDb too (an object memo of the project). The snapshot a caller gets is immutable and
// memoised per generation. What each file adds to a snapshot (definitions, class uses, declarations) is derived
// once per file record, so a new snapshot after a keystroke derives the edited file's entries and gathers the
// others' (a pass over the records, no re-derivation; the uses are sorted by path, not one by one).

import { joinPath } from '../base/paths.js';
import { defineObjectMemo, defineQuery, sameElements } from '../base/queries.js';
import type { TextRange } from '../base/textRange.js';
import type { Project } from './project.js';
import type { FileSystem } from './fileSystem.js';
import { walkFiles } from './files.js';
import { localModuleDirs, ownedModuleNames, repoModules } from './moduleSources.js';
import { isScalar, isSeq } from 'yaml';
import type { HieraDataFile, HieraEntry } from '../syntax/hiera/dataFile.js';
import { defineChunkMemo, entryGroups, memoByChunk, moveRange } from '../syntax/hiera/chunkMemo.js';
import {
  parsePuppet,
  summarizeManifest,
  type DefinitionSummary,
  type FunctionSummary,
  type ManifestSummary,
  type NodeSummary,
  type PuppetParse,
  type ResourceLikeClass,
  type TypeAliasSummary,
} from '../syntax/puppet/index.js';

/** Where a file sits in the autoload layout; 'site' is the root's own manifests/ (site.pp and friends). */
export type FileArea = 'manifests' | 'types' | 'functions' | 'site';

export interface IndexedFile {
  readonly path: string;
  /** The module that holds the file; undefined for the root's manifests/. */
  readonly module: string | undefined;
  readonly area: FileArea;
  /** The path below the area directory (`a/b.pp`), or below the root's manifests/. */
  readonly relative: string;
  /** The text the summary was made from. */
  readonly text: string;
  readonly summary: ManifestSummary;
  /** The number of syntax errors (the summary holds what parsed). */
  readonly errorCount: number;
}

export interface ModuleInfo {
  readonly name: string;
  readonly dir: string;
  /** The modulepath entry the module was found in. */
  readonly pathEntry: string;
}

export interface IndexedDefinition {
  readonly kind: 'class' | 'define';
  /** The name as written (without a leading '::'). */
  readonly name: string;
  readonly path: string;
  readonly module: string | undefined;
  readonly definition: DefinitionSummary;
}

export interface IndexedTypeAlias {
  readonly name: string;
  readonly path: string;
  readonly module: string | undefined;
  readonly alias: TypeAliasSummary;
}

export interface IndexedFunction {
  readonly name: string;
  readonly path: string;
  readonly module: string | undefined;
  readonly fn: FunctionSummary;
}

export interface IndexedNode {
  readonly path: string;
  readonly node: NodeSummary;
}

export type ClassUseKind =
  | 'include'
  | 'contain'
  | 'require'
  | 'resource-like'
  | 'class-reference'
  | 'inherits'
  | 'hiera-classes'
  | 'resource-type';

/** One place that names a class (or a defined type, used as a resource type: kind 'resource-type'). */
export interface ClassUse {
  readonly kind: ClassUseKind;
  /** The class named, normalised (lower case, no leading '::'). */
  readonly className: string;
  readonly path: string;
  /** The range of the name as written (inside quotes). */
  readonly range: TextRange;
  /** The class or define whose body holds the use (manifests only), normalised. */
  readonly inside?: string;
  /** For 'resource-like': the declaration with its attributes. */
  readonly declaration?: ResourceLikeClass;
}

export interface ModuleIndex {
  readonly root: string;
  /** The project generation this snapshot reflects. */
  readonly generation: number;
  /** The module directories searched, in order (environment.conf's modulepath, then the setting). */
  readonly modulePath: readonly string[];
  modules(): readonly ModuleInfo[];
  findModule(name: string): ModuleInfo | undefined;
  files(): readonly IndexedFile[];
  file(path: string): IndexedFile | undefined;
  /** The Hiera data files of the root that were read for `classes` arrays. */
  dataFiles(): readonly string[];
  /** Every class and defined type, the first definition of each name (modulepath order). */
  classes(): readonly IndexedDefinition[];
  /** A class or defined type by name (case-insensitive, leading '::' ignored). */
  findClass(name: string): IndexedDefinition | undefined;
  /** Every definition with this name (more than one is an error Puppet reports at compile time). */
  definitionsNamed(name: string): readonly IndexedDefinition[];
  typeAliases(): readonly IndexedTypeAlias[];
  typeAlias(name: string): IndexedTypeAlias | undefined;
  functions(): readonly IndexedFunction[];
  findFunction(name: string): IndexedFunction | undefined;
  nodes(): readonly IndexedNode[];
  /** Every use of the class, in manifests and in Hiera `classes` arrays, in path order. */
  references(className: string): readonly ClassUse[];
  allReferences(): readonly ClassUse[];
  /**
   * The classes the class declares in its body (include, contain, require, resource-like) and the class it
   * inherits from, normalised; [] for an unknown class. A bound function, fit to pass as a callback.
   */
  readonly expandIncludes: (className: string) => readonly string[];
}

/** A class name as the index keys it: lower case, no leading '::'. */
export function normalizeClassName(name: string): string {
  return name.replace(/^::/, '').toLowerCase();
}

// --- parse cache shared with the features that need the tree ----------------------------------------------------

export interface ParsedManifest {
  readonly text: string;
  readonly parse: PuppetParse;
  readonly summary: ManifestSummary;
}

const PARSE_CACHE_SIZE = 32;

/**
 * What the module index keeps of a project between generations, held by the project's QueryDb (an object memo
 * of the project, so dropped with its memos): the trees of the manifests last asked for, the index state per
 * root, and the roots whose first index a warm-up is preparing. What one manifest adds (its summary) is the
 * query `manifestFacts` below, shared by the warm-up and every build.
 */
interface IndexStore {
  readonly parsed: Map<string, ParsedManifest>;
  readonly states: Map<string, State>;
  readonly warming: Set<string>;
  /** What a warm-up has prepared of a root's first index (its listing, records and entries), until it is built. */
  readonly prepared: Map<string, Prepared>;
}

const indexStore = defineObjectMemo<Project, IndexStore>('moduleIndexStore', () => ({
  parsed: new Map(),
  states: new Map(),
  warming: new Set(),
  prepared: new Map(),
}));

function storeOf(project: Project): IndexStore {
  return project.queries.memo(indexStore, project);
}

/** The parse and summary of a manifest as the editor sees it, cached by text for the files last asked for. */
export function parsedManifest(project: Project, path: string): ParsedManifest | undefined {
  const text = project.readText(path);
  return text === undefined ? undefined : parsedText(project, path, text);
}

function parsedText(project: Project, path: string, text: string): ParsedManifest {
  const cache = storeOf(project).parsed;
  const hit = cache.get(path);
  if (hit && hit.text === text) {
    cache.delete(path);
    cache.set(path, hit);
    return hit;
  }
  const parse = parsePuppet(text);
  const result: ParsedManifest = { text, parse, summary: summarizeManifest(parse, text) };
  cache.delete(path);
  cache.set(path, result);
  if (cache.size > PARSE_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return result;
}

// --- modulepath ----------------------------------------------------------------------------------------------------

const DEFAULT_MODULEPATH = ['site-modules', 'site', 'modules'];

/** The `modulepath` setting of an environment.conf text, or undefined when it sets none. */
export function environmentModulePath(text: string): string | undefined {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^modulepath\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[1].replace(/\s+[#;].*$/, '').trim();
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    return value;
  }
  return undefined;
}

/**
 * The module directories of a control repo root, in search order: environment.conf's modulepath (with
 * `$basemodulepath` standing for the modulePath setting, relative entries relative to the root), else
 * site-modules, site and modules; then the modulePath setting's entries not already there.
 */
export function resolveModulePath(project: Project, root: string): string[] {
  const base = project.currentSettings.modulePath;
  const conf = project.readText(joinPath(root, 'environment.conf'));
  const setting = conf === undefined ? undefined : environmentModulePath(conf);
  const out: string[] = [];
  const add = (p: string): void => {
    const abs = joinPath(root, p);
    if (!out.includes(abs)) out.push(abs);
  };
  if (setting === undefined || setting === '') {
    for (const d of DEFAULT_MODULEPATH) add(d);
    // A Vagrant layout keeps its modules in puppet/modules.
    if (project.view.isDirectory(joinPath(root, 'puppet/modules'))) add('puppet/modules');
    // Directory environments kept in the repo: each one's default modulepath is <env>/modules.
    for (const env of environmentDirs(project, root))
      if (project.view.isDirectory(`${env}/modules`)) add(`${env}/modules`);
  } else {
    for (const entry of setting.split(':')) {
      const e = entry.trim();
      if (e === '') continue;
      if (e === '$basemodulepath' || e === '${basemodulepath}') base.forEach(add);
      else if (!e.includes('$')) add(e);
    }
  }
  base.forEach(add);
  return out;
}

/** Directory environments kept in the repo (`environments/<env>`, also below `puppet/` or `etc/puppet/`). */
export function environmentDirs(project: Project, root: string): string[] {
  const out: string[] = [];
  for (const base of ['environments', 'puppet/environments', 'etc/puppet/environments']) {
    const dir = joinPath(root, base);
    for (const e of project.view.readDirectory(dir))
      if (e.isDirectory && !e.name.startsWith('.')) out.push(`${dir}/${e.name}`);
  }
  return out;
}

/** The definition name the autoloader expects in a file of a module: `<module>/manifests/a/b.pp` → `module::a::b`. */
export function autoloadName(module: string, area: FileArea, relative: string): string | undefined {
  if (area === 'site' || !relative.endsWith('.pp')) return undefined;
  const segments = relative.slice(0, -3).split('/');
  if (area === 'manifests' && segments.length === 1 && segments[0] === 'init') return module;
  if (area === 'types') return [module, ...segments].map((s) => (s ? s[0].toUpperCase() + s.slice(1) : s)).join('::');
  return [module, ...segments].join('::');
}

// --- the index -----------------------------------------------------------------------------------------------------

type FileFacts = IndexedFile;

interface Listing {
  readonly modulePath: readonly string[];
  readonly modules: readonly ModuleInfo[];
  readonly manifests: ReadonlyArray<{ path: string; module: string | undefined; area: FileArea; relative: string }>;
  readonly dataFiles: readonly string[];
}

/** The records an index is built from: a built index's, or what a warm-up prepared (no snapshot yet). */
interface Prepared {
  /** The project generation the listing and records reflect (a warm-up's: when its listing began). */
  generation: number;
  listing: Listing;
  files: Map<string, FileFacts>;
  data: Map<string, { file: HieraDataFile; uses: ClassUse[] }>;
  /** What each file adds to the snapshot, made once per file record (see derive). */
  derived: Map<string, FileEntries>;
}

interface State extends Prepared {
  snapshot: ModuleIndex;
}

/** The size of manifest whose summary is a long step of its own (a few tens of milliseconds even when quiet). */
export const LARGE_MANIFEST_CHARS = 16 * 1024;

/** What warmUpIndex says of its next step, when it is not an ordinary one. */
export type WarmUpHint = 'large';

/** Listings a warm-up makes at most (the first, and again for files that came or went meanwhile). */
const MAX_WARM_UP_LISTINGS = 3;
const CONFIG_FILE = /(^|\/)(environment\.conf|hiera\.ya?ml|Puppetfile|Puppetfile\.lock|\.gitmodules)$/;
/** Paths whose creation or deletion can change the listing: manifests, data files, and folders (no extension). */
const MAY_BE_INDEXED = /(\.(pp|ya?ml|json)|\/[^/.]+)$/;

/** What one manifest's text gives the index: its summary (the tree dropped) and its number of syntax errors. */
export interface ManifestFacts {
  readonly text: string;
  readonly summary: ManifestSummary;
  readonly errorCount: number;
}

/**
 * A manifest summarised (undefined when it cannot be read): a query per path, so after a keystroke only the
 * edited file's is computed again (its input `text:<path>` changed), and a recomputation over the same text
 * (after a settings change) keeps the previous value. The warm-up fills these ahead of the first build.
 */
export const manifestFacts = defineQuery<Project, string, ManifestFacts | undefined>(
  'manifestFacts',
  (project, path, previous) => {
    const text = project.readText(path);
    if (text === undefined) return undefined;
    if (previous && previous.text === text) return previous;
    if (project.isOpen(path)) {
      const p = parsedText(project, path, text);
      return { text, summary: p.summary, errorCount: p.parse.errors.length };
    }
    const parse = parsePuppet(text);
    return { text, summary: summarizeManifest(parse, text), errorCount: parse.errors.length };
  },
);

/** True when the root's index has been built (later builds update it per file, which is cheap). */
export function hasModuleIndex(project: Project, root: string): boolean {
  return storeOf(project).states.has(root);
}

/**
 * Prepares the first index of a root in small steps: the listing, then one manifest (read, summarised and its
 * entries derived) or data file (parsed, its `classes` read) per step, and last the index built from those
 * records and that listing, so no step lists the folders again or parses more than one file. A server runs the
 * steps between requests and answers what it can meanwhile. Stops early when the index gets built anyway.
 * Before the step of a manifest larger than `LARGE_MANIFEST_CHARS` it yields `'large'`: that one step parses
 * for long (a 292 KB manifest, most of a second on a busy machine), so the server may hold it back while the
 * editor is busy sending requests.
 */
export function* warmUpIndex(project: Project, root: string): Generator<WarmUpHint | undefined, void> {
  if (hasModuleIndex(project, root)) return;
  const store = storeOf(project);
  store.warming.add(root);
  try {
    let prepared: Prepared | undefined;
    // A file that came or went while the warm-up ran (or a changed Puppetfile, hiera.yaml) makes its listing
    // stale: the folders are listed again, in steps too, and the records made so far are kept where unchanged.
    for (let round = 0; round < MAX_WARM_UP_LISTINGS; round++) {
      if (prepared && !sinceRecords(project, prepared, false).relist) break;
      const generation = project.generation;
      // The listing too is made in steps: one module per step.
      const listingSteps = listSteps(project, root);
      let listing: Listing;
      for (let step = listingSteps.next(); ; step = listingSteps.next()) {
        if (step.done) {
          listing = step.value;
          break;
        }
        if (hasModuleIndex(project, root)) return;
        yield;
      }
      prepared = {
        generation,
        listing,
        files: prepared?.files ?? new Map(),
        data: prepared?.data ?? new Map(),
        derived: prepared?.derived ?? new Map(),
      };
      store.prepared.set(root, prepared);
      yield;
      for (const m of listing.manifests) {
        if (hasModuleIndex(project, root)) return;
        if ((project.readText(m.path)?.length ?? 0) > LARGE_MANIFEST_CHARS && !prepared.files.has(m.path)) {
          yield 'large';
          if (hasModuleIndex(project, root)) return;
        }
        const facts = project.query(manifestFacts, m.path);
        const old = prepared.files.get(m.path);
        if (facts && !(old && old.summary === facts.summary && old.module === m.module && old.area === m.area)) {
          const record: FileFacts = { path: m.path, module: m.module, area: m.area, relative: m.relative, ...facts };
          prepared.files.set(m.path, record);
          prepared.derived.set(m.path, derive(record));
        }
        yield;
      }
      for (const path of listing.dataFiles) {
        if (hasModuleIndex(project, root)) return;
        const file = project.hieraData(path);
        if (file && prepared.data.get(path)?.file !== file)
          prepared.data.set(path, { file, uses: hieraClassUses(project, path, file) });
        yield;
      }
    }
    if (!hasModuleIndex(project, root)) moduleIndex(project, root);
  } finally {
    store.warming.delete(root);
    store.prepared.delete(root);
  }
}

/**
 * The root's index when it can be had without a long wait: built before, or no warm-up of it is under way
 * (then it is built now). Undefined while warmUpIndex is still preparing it.
 */
export function moduleIndexIfReady(project: Project, root: string): ModuleIndex | undefined {
  if (!hasModuleIndex(project, root) && storeOf(project).warming.has(root)) return undefined;
  return moduleIndex(project, root);
}

/**
 * The modules of the root's index that were found on the extra module path (the mesosPuppet.modulePath setting,
 * `--module-path`) and not in the repo: another machine's copies, not the repo's code nor its uses.
 */
export function extraPathModules(project: Project, root: string): Set<string> {
  const extra = new Set(project.currentSettings.modulePath.map((d) => joinPath(root, d)));
  const out = new Set<string>();
  if (extra.size === 0) return out;
  for (const m of moduleIndex(project, root).modules()) if (extra.has(m.pathEntry)) out.add(m.name);
  return out;
}

/**
 * The module index of a control repo root, memoised per project generation and updated per file: from the
 * previous index's records, or, for the first, from what a warm-up prepared (its listing is reused when no
 * file came or went since).
 */
export function moduleIndex(project: Project, root: string): ModuleIndex {
  const store = storeOf(project);
  const perProject = store.states;
  const state = perProject.get(root);
  if (state && state.generation === project.generation) return state.snapshot;
  const base: Prepared | undefined = state ?? store.prepared.get(root);

  const { changed, relist } = sinceRecords(project, base, !!state);
  // A keystroke: only the changed files can differ; when each keeps its record (same summary, same class
  // uses), so does the index.
  if (state && !relist && changed && changed.every((p) => unchangedRecord(project, state, p))) {
    const snapshot = { ...state.snapshot, generation: project.generation };
    perProject.set(root, { ...state, generation: project.generation, snapshot });
    return snapshot;
  }
  const listing = relist ? list(project, root) : base!.listing;
  const reread = changed === undefined ? undefined : new Set(changed);

  const files = new Map<string, FileFacts>();
  for (const m of listing.manifests) {
    const old = base?.files.get(m.path);
    const facts = project.query(manifestFacts, m.path);
    if (!facts) continue;
    if (old && old.summary === facts.summary && old.module === m.module && old.area === m.area) {
      files.set(m.path, old);
      continue;
    }
    files.set(m.path, { path: m.path, module: m.module, area: m.area, relative: m.relative, ...facts });
  }
  const data = new Map<string, { file: HieraDataFile; uses: ClassUse[] }>();
  for (const path of listing.dataFiles) {
    const old = base?.data.get(path);
    if (old && reread && !reread.has(path)) {
      data.set(path, old);
      continue;
    }
    const file = project.hieraData(path);
    if (!file) continue;
    if (old && old.file === file) {
      data.set(path, old);
      continue;
    }
    // A keystroke elsewhere in the file leaves its classes as they were: keep the record, and so the snapshot.
    const uses = hieraClassUses(project, path, file);
    data.set(path, old && sameUses(old.uses, uses) ? old : { file, uses });
  }

  const unchanged =
    state &&
    !relist &&
    files.size === state.files.size &&
    [...files].every(([p, f]) => state.files.get(p) === f) &&
    data.size === state.data.size &&
    [...data].every(([p, d]) => state.data.get(p) === d);
  const derived = base?.derived ?? new Map<string, FileEntries>();
  const snapshot = unchanged
    ? { ...state.snapshot, generation: project.generation }
    : buildSnapshot(root, project.generation, listing, files, data, derived);
  perProject.set(root, { generation: project.generation, listing, files, data, derived, snapshot });
  store.prepared.delete(root);
  return snapshot;
}

/**
 * The paths changed since records were made (undefined when that is not known), and whether the folders must be
 * listed again for them: when a file may have come or gone (a file event for a path the records do not hold; an
 * open document's keystrokes cannot create files) or the modulepath or datadirs may have changed. Opening a file
 * the disk does not have yet lists it (see Project.view), and closing it unlists it. `built`: the records are a
 * built index's, which holds the readable files of its listing; a warm-up's are checked against its listing.
 */
function sinceRecords(
  project: Project,
  base: Prepared | undefined,
  built: boolean,
): { changed: readonly string[] | undefined; relist: boolean } {
  if (!base) return { changed: undefined, relist: true };
  const changed = project.changedSince(base.generation);
  if (changed === undefined) return { changed, relist: true };
  if (changed.length === 0) return { changed, relist: false };
  const known = (p: string): boolean =>
    built
      ? base.files.has(p) || base.data.has(p)
      : base.listing.manifests.some((m) => m.path === p) || base.listing.dataFiles.includes(p);
  const openedOrClosed = project.openedOrClosedSince(base.generation);
  const comesOrGoes = (p: string): boolean => !project.fs.exists(p) || (!known(p) && !project.isOpen(p));
  const relist = changed.some(
    (p) =>
      CONFIG_FILE.test(p) ||
      (MAY_BE_INDEXED.test(p) && (openedOrClosed.has(p) ? comesOrGoes(p) : !known(p) && !project.isOpen(p))),
  );
  return { changed, relist };
}

/** True when the index's record of a path is still right: not indexed, or the same text, or the same class uses. */
function unchangedRecord(project: Project, state: State, path: string): boolean {
  const facts = state.files.get(path);
  if (facts) return project.readText(path) === facts.text;
  const data = state.data.get(path);
  if (!data) return !state.listing.manifests.some((m) => m.path === path) && !state.listing.dataFiles.includes(path);
  const file = project.hieraData(path);
  if (!file) return false;
  if (file === data.file) return true;
  const uses = hieraClassUses(project, path, file);
  if (!sameUses(data.uses, uses)) return false;
  // Keep the record's uses, remember the newer parse.
  state.data.set(path, { file, uses: data.uses });
  return true;
}

/** Puppet's rule for module directory names; it skips (with a warning) directories such as `saz-rsyslog`. */
const MODULE_NAME = /^[a-z][a-z0-9_]*$/;
const AREAS: ReadonlyArray<Exclude<FileArea, 'site'>> = ['manifests', 'types', 'functions'];

function ppFiles(fs: FileSystem, dir: string): string[] {
  if (!fs.isDirectory(dir)) return [];
  return walkFiles(fs, dir).filter((p) => p.endsWith('.pp'));
}

/** The listing of a root at once (see listSteps). */
function list(project: Project, root: string): Listing {
  const steps = listSteps(project, root);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * The listing of a root, in steps: the root's own manifests, the module sources, then one module (its
 * manifests walked) per step, and the data files last; warmUpIndex runs one step per slice.
 */
function* listSteps(project: Project, root: string): Generator<void, Listing> {
  // The view: open files that are not saved yet are listed too.
  const fs = project.view;
  const modulePath = resolveModulePath(project, root);
  const modules: ModuleInfo[] = [];
  const seen = new Set<string>();
  const manifests: Array<{ path: string; module: string | undefined; area: FileArea; relative: string }> = [];
  // The root's own manifests (site.pp and friends), and a Vagrant layout's puppet/manifests.
  const envManifests = resolveModulePath(project, root)
    .filter((d) => /\/environments\/[^/]+\/modules$/.test(d))
    .map((d) => `${d.slice(0, -'/modules'.length)}/manifests`);
  for (const site of ['manifests', 'puppet/manifests', ...envManifests]) {
    for (const p of ppFiles(fs, joinPath(root, site)))
      manifests.push({ path: p, module: undefined, area: 'site', relative: p.slice(joinPath(root, site).length + 1) });
  }
  yield;
  // The extra module path adds modules; it never replaces one the repo pins, locks or installs.
  const extra = new Set(project.currentSettings.modulePath.map((d) => joinPath(root, d)));
  const owned = extra.size > 0 ? ownedModuleNames(repoModules(project, root, modulePath)) : new Set<string>();
  const local = localModuleDirs(repoModules(project, root, modulePath));
  yield;
  const addModule = (name: string, dir: string, entry: string): void => {
    seen.add(name);
    modules.push({ name, dir, pathEntry: entry });
    for (const area of AREAS) {
      const areaDir = `${dir}/${area}`;
      for (const p of ppFiles(fs, areaDir))
        manifests.push({ path: p, module: name, area, relative: p.slice(areaDir.length + 1) });
    }
  };
  // librarian-puppet's `:path` modules: installed from a folder of the repo, under the entry's name.
  for (const l of local) {
    if (!seen.has(l.name) && MODULE_NAME.test(l.name) && fs.isDirectory(l.dir)) {
      addModule(l.name, l.dir, l.dir.slice(0, l.dir.lastIndexOf('/')));
      yield;
    }
  }
  for (const entry of modulePath) {
    const names = [...fs.readDirectory(entry)]
      // An empty folder (a git submodule not checked out) is no module: its content is unknown.
      .filter(
        (e) =>
          e.isDirectory &&
          MODULE_NAME.test(e.name) &&
          !(extra.has(entry) && owned.has(e.name)) &&
          fs.readDirectory(`${entry === '/' ? '' : entry}/${e.name}`).length > 0,
      )
      .map((e) => e.name);
    names.sort();
    yield;
    for (const name of names) {
      // Puppet takes the first module of a name on the modulepath and ignores the rest.
      if (seen.has(name)) continue;
      addModule(name, `${entry === '/' ? '' : entry}/${name}`, entry);
      yield;
    }
  }
  return { modulePath, modules, manifests, dataFiles: indexedDataFiles(project, root) };
}

/**
 * The Hiera data files of a root the index reads for `classes` arrays, and what the repo's data features read:
 * below each datadir its hiera.yaml declares (or `data`) and the data-dir setting. A query of its own, so hover
 * and completion can have the list while the index is still being prepared, and a keystroke reads no folder.
 */
const dataFileList = defineQuery(
  'indexedDataFiles',
  (project: Project, root: string): readonly string[] => dataFilesOf(project, root),
  { equals: sameElements },
);

export function indexedDataFiles(project: Project, root: string): readonly string[] {
  return project.query(dataFileList, root);
}

function dataFilesOf(project: Project, root: string): string[] {
  const dirs = new Set<string>();
  for (const d of project.declaredDatadirs(root) ?? ['data']) dirs.add(joinPath(root, d));
  // Setting values that climb out of the folder (`../..`, `/`) are not read: the folder's own data only.
  for (const d of project.currentSettings.hieraDataDirs)
    if (!d.startsWith('/') && !d.split('/').includes('..')) dirs.add(joinPath(root, d));
  const out = new Set<string>();
  for (const dir of dirs) {
    if (!project.view.isDirectory(dir)) continue;
    for (const p of walkFiles(project.view, dir)) if (/\.(ya?ml|json)$/.test(p)) out.add(p);
  }
  return [...out];
}

function sameUses(a: readonly ClassUse[], b: readonly ClassUse[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (u, i) =>
        u.className === b[i].className &&
        u.range.start === b[i].range.start &&
        u.range.end === b[i].range.end &&
        u.path === b[i].path,
    )
  );
}

const usesMemo = defineChunkMemo<ClassUse>('hieraClassUses');

/** The entries of every `classes` array (top-level key `classes` or `<anything>::classes`) of a data file. */
function hieraClassUses(project: Project, path: string, file: HieraDataFile): ClassUse[] {
  const out: ClassUse[] = [];
  for (const group of entryGroups(file)) {
    const found = memoByChunk(
      project.queries,
      usesMemo,
      group,
      [path],
      () => group.entries.flatMap((e) => entryClassUses(path, e)),
      (u, delta) => ({ ...u, range: moveRange(u.range, delta) }),
    );
    for (const u of found) out.push(u);
  }
  return out;
}

function entryClassUses(path: string, e: HieraEntry): ClassUse[] {
  if (e.key !== 'classes' && !e.key.endsWith('::classes')) return [];
  const out: ClassUse[] = [];
  const node = e.valueNode;
  const items = isSeq(node) ? node.items : node ? [node] : [];
  for (const item of items) {
    if (!isScalar(item) || typeof item.value !== 'string' || !item.range) continue;
    const raw = item.value;
    if (raw === '' || raw.includes('%{')) continue;
    let { 0: start, 1: end } = item.range;
    // Skip the quotes of a quoted scalar and a leading '::', so the range covers the name itself.
    if (item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE') {
      start += 1;
      end -= 1;
    }
    if (raw.startsWith('::')) start += 2;
    out.push({ kind: 'hiera-classes', className: normalizeClassName(raw), path, range: { start, end } });
  }
  return out;
}

/**
 * What one manifest adds to the index, derived from its record alone: definitions, aliases, functions, nodes,
 * class uses (in offset order), what each of its classes declares, and the resource types it declares (uses of
 * a defined type once the snapshot knows which names are defines). Kept per record, so a snapshot after a
 * keystroke derives only the edited file's entries and gathers the others' as they were.
 */
interface FileEntries {
  readonly facts: FileFacts;
  readonly definitions: readonly IndexedDefinition[];
  readonly aliases: readonly IndexedTypeAlias[];
  readonly functions: readonly IndexedFunction[];
  readonly nodes: readonly IndexedNode[];
  readonly uses: readonly ClassUse[];
  readonly declared: ReadonlyArray<readonly [string, string]>;
  readonly resourceTypes: readonly ClassUse[];
}

function derive(f: FileFacts): FileEntries {
  const s = f.summary;
  const defs = s.definitions;
  const enclosing = (offset: number): string | undefined => enclosingIn(defs, offset);
  const definitions: IndexedDefinition[] = [];
  const uses: ClassUse[] = [];
  const declared: Array<readonly [string, string]> = [];
  for (const d of defs) {
    const key = normalizeClassName(d.name);
    definitions.push({ kind: d.kind, name: d.name, path: f.path, module: f.module, definition: d });
    if (d.inherits) {
      const parent = normalizeClassName(d.inherits);
      const keyword = f.text.slice(d.range.start, d.range.end).search(/\binherits\b/);
      const nameAt = keyword < 0 ? -1 : f.text.indexOf(d.inherits, d.range.start + keyword + 'inherits'.length);
      if (nameAt >= 0)
        uses.push({
          kind: 'inherits',
          className: parent,
          path: f.path,
          range: { start: nameAt, end: nameAt + d.inherits.length },
          inside: key,
        });
      declared.push([key, parent]);
    }
  }
  for (const i of s.includes) {
    const inside = enclosing(i.range.start);
    const name = normalizeClassName(i.name);
    uses.push({ kind: i.function, className: name, path: f.path, range: i.range, ...(inside ? { inside } : {}) });
    if (inside) declared.push([inside, name]);
  }
  for (const r of s.resourceLikeClasses) {
    const inside = enclosing(r.titleRange.start);
    const name = normalizeClassName(r.name);
    uses.push({
      kind: 'resource-like',
      className: name,
      path: f.path,
      range: r.titleRange,
      declaration: r,
      ...(inside ? { inside } : {}),
    });
    if (inside) declared.push([inside, name]);
  }
  for (const c of s.classReferences) {
    const inside = enclosing(c.range.start);
    uses.push({
      kind: 'class-reference',
      className: normalizeClassName(c.name),
      path: f.path,
      range: c.range,
      ...(inside ? { inside } : {}),
    });
  }
  const resourceTypes: ClassUse[] = [];
  for (const r of s.resources) {
    if (r.type === 'class') continue;
    const inside = enclosingIn(defs, r.typeRange.start);
    resourceTypes.push({
      kind: 'resource-type',
      className: normalizeClassName(r.type),
      path: f.path,
      range: r.typeRange,
      ...(inside ? { inside } : {}),
    });
  }
  // In offset order (a stable sort: uses at one offset keep the order above).
  uses.sort((a, b) => a.range.start - b.range.start);
  return {
    facts: f,
    definitions,
    aliases: s.typeAliases.map((t) => ({ name: t.name, path: f.path, module: f.module, alias: t })),
    functions: s.functions.map((fn) => ({ name: fn.name, path: f.path, module: f.module, fn })),
    nodes: s.nodes.map((n) => ({ path: f.path, node: n })),
    uses,
    declared,
    resourceTypes,
  };
}

function buildSnapshot(
  root: string,
  generation: number,
  listing: Listing,
  files: ReadonlyMap<string, FileFacts>,
  data: ReadonlyMap<string, { file: HieraDataFile; uses: ClassUse[] }>,
  derived: Map<string, FileEntries>,
): ModuleIndex {
  const fileList = [...files.values()];
  const byName = new Map<string, IndexedDefinition[]>();
  const aliases = new Map<string, IndexedTypeAlias>();
  const fns = new Map<string, IndexedFunction>();
  const nodes: IndexedNode[] = [];
  const declared = new Map<string, string[]>();
  const entries: FileEntries[] = [];
  for (const f of fileList) {
    let e = derived.get(f.path);
    if (!e || e.facts !== f) derived.set(f.path, (e = derive(f)));
    entries.push(e);
    for (const d of e.definitions) {
      const key = normalizeClassName(d.name);
      const list = byName.get(key);
      if (list) list.push(d);
      else byName.set(key, [d]);
    }
    for (const t of e.aliases) {
      const key = normalizeClassName(t.name);
      if (!aliases.has(key)) aliases.set(key, t);
    }
    for (const fn of e.functions) {
      const key = normalizeClassName(fn.name);
      if (!fns.has(key)) fns.set(key, fn);
    }
    for (const n of e.nodes) nodes.push(n);
    for (const [owner, cls] of e.declared) addDeclared(declared, owner, cls);
  }
  // Records of files that left the listing go too.
  if (derived.size > files.size) for (const path of derived.keys()) if (!files.has(path)) derived.delete(path);
  // Every use in path order, then offset order: each file's uses are in offset order already (a manifest's
  // resource types are merged in), so only the paths are sorted.
  const perPath = new Map<string, readonly ClassUse[]>();
  for (const e of entries) {
    // Declarations of defined types (`mesos::repo { 'x': }`): a resource type that names an indexed define.
    const types = e.resourceTypes.filter((u) => byName.get(u.className)?.some((d) => d.kind === 'define'));
    perPath.set(
      e.facts.path,
      types.length === 0 ? e.uses : [...e.uses, ...types].sort((a, b) => a.range.start - b.range.start),
    );
  }
  for (const [path, d] of data)
    if (d.uses.length > 0)
      perPath.set(
        path,
        perPath.has(path) ? [...perPath.get(path)!, ...d.uses].sort((a, b) => a.range.start - b.range.start) : d.uses,
      );
  const uses: ClassUse[] = [];
  for (const path of [...perPath.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    for (const u of perPath.get(path)!) uses.push(u);
  const usesByName = new Map<string, ClassUse[]>();
  for (const u of uses) {
    const list = usesByName.get(u.className);
    if (list) list.push(u);
    else usesByName.set(u.className, [u]);
  }
  const firsts = [...byName.values()].map((l) => l[0]);
  const modulesByName = new Map(listing.modules.map((m) => [m.name.toLowerCase(), m]));
  return {
    root,
    generation,
    modulePath: listing.modulePath,
    modules: () => listing.modules,
    findModule: (name) => modulesByName.get(name.toLowerCase()),
    files: () => fileList,
    file: (path) => files.get(path),
    dataFiles: () => [...data.keys()],
    classes: () => firsts,
    findClass: (name) => byName.get(normalizeClassName(name))?.[0],
    definitionsNamed: (name) => byName.get(normalizeClassName(name)) ?? [],
    typeAliases: () => [...aliases.values()],
    typeAlias: (name) => aliases.get(normalizeClassName(name)),
    functions: () => [...fns.values()],
    findFunction: (name) => fns.get(normalizeClassName(name)),
    nodes: () => nodes,
    references: (name) => usesByName.get(normalizeClassName(name)) ?? [],
    allReferences: () => uses,
    expandIncludes: (name) => declared.get(normalizeClassName(name)) ?? [],
  };
}

/** The normalised name of the innermost definition whose range holds the offset. */
function enclosingIn(defs: readonly DefinitionSummary[], offset: number): string | undefined {
  let best: DefinitionSummary | undefined;
  for (const d of defs)
    if (d.range.start <= offset && offset < d.range.end && (!best || d.range.start >= best.range.start)) best = d;
  return best ? normalizeClassName(best.name) : undefined;
}

function addDeclared(map: Map<string, string[]>, owner: string, cls: string): void {
  const list = map.get(owner);
  if (!list) map.set(owner, [cls]);
  else if (!list.includes(cls)) list.push(cls);
}
