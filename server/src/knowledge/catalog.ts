// The bundled module catalogs and the choice of which release of each module applies.
// What exists is known at start-up from a small index (generated/index.json: modules, their releases, the type
// aliases, our descriptions); a module's facts (sources/modules/<full-name>.json, every release in the compact
// form of moduleFacts.ts; dist/facts in the bundles) are read on the module's first use and decoded one release
// at a time, with our descriptions, and kept.
// Version rule: the installed module's metadata.json version, else the Puppetfile's pin, else the newest
// release. `catalogFor` answers a known release exactly; for a version that is not a known release (a fork's tag,
// a branch, a future version) it falls back to the nearest older release (the oldest only within the same major
// version), and `isKnownRelease` / `VersionChoice.exact` tell that apart, so a caller can say nothing rather than
// check against a neighbour.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import bundledIndex from './generated/index.json';
import type { CatalogModule, Catalogs } from './catalogTypes.js';
import { decodeRelease, type ModuleFacts } from './moduleFacts.js';
import { compareVersions } from './versions.js';

export { compareVersions };

export interface CatalogIndex {
  readonly modules: ReadonlyArray<{
    readonly name: string;
    readonly fullName: string;
    /** Another module with the same short name is the one a short name means (`archive` is puppet-archive, not gini-archive). */
    readonly secondary?: boolean;
    /** Oldest first. */
    readonly versions: readonly string[];
    readonly tags: readonly string[];
  }>;
  /** Every bundled type alias (the newest release that defines it), name → type text. */
  readonly typeAliases: Readonly<Record<string, string>>;
  /** Our descriptions by short module name: `keys` by full Hiera key win over `params` by parameter name. */
  readonly descriptions: Readonly<
    Record<
      string,
      { readonly keys: Readonly<Record<string, string>>; readonly params: Readonly<Record<string, string>> }
    >
  >;
}

export const CATALOG_INDEX: CatalogIndex = bundledIndex as CatalogIndex;

type IndexEntry = CatalogIndex['modules'][number];

/** The module a name means: a full name (`gini-archive`, `gini/archive`) exactly, a short name (`archive`) its primary module. */
function entryFor(name: string): IndexEntry | undefined {
  const n = name.toLowerCase().replace('/', '-');
  if (n.includes('-')) return CATALOG_INDEX.modules.find((m) => m.fullName === n);
  return CATALOG_INDEX.modules.find((m) => m.name === n && !m.secondary);
}

/** Where the bundled module facts are: beside this file in the sources, `dist/facts` beside the bundles. */
function factsDir(): string {
  const candidates = [join(__dirname, 'sources', 'modules'), join(__dirname, '..', 'facts')];
  return candidates.find((d) => existsSync(join(d, `${CATALOG_INDEX.modules[0]?.fullName}.json`))) ?? candidates[0];
}

interface Loaded {
  readonly facts: ModuleFacts;
  readonly releases: Map<string, CatalogModule>;
}

const loaded = new Map<string, Loaded | null>();
let dir: string | undefined;

/** A module's facts, read on first use; null when the file is missing or unreadable (the module is then unknown). */
function load(entry: IndexEntry): Loaded | null {
  let l = loaded.get(entry.fullName);
  if (l !== undefined) return l;
  dir ??= factsDir();
  try {
    const facts = JSON.parse(readFileSync(join(dir, `${entry.fullName}.json`), 'utf8')) as ModuleFacts;
    l = { facts, releases: new Map() };
  } catch {
    l = null;
  }
  loaded.set(entry.fullName, l);
  return l;
}

/** The catalog of one known release (decoded once), or undefined. */
function release(entry: IndexEntry, version: string): CatalogModule | undefined {
  const l = load(entry);
  if (!l) return undefined;
  let m = l.releases.get(version);
  if (!m) {
    const r = l.facts.releases.find((x) => x.version === version);
    if (!r) return undefined;
    const desc = CATALOG_INDEX.descriptions[entry.name];
    m = decodeRelease(
      l.facts,
      r,
      desc ? (cls, param) => desc.keys[`${cls}::${param}`] ?? desc.params[param] : undefined,
    );
    l.releases.set(version, m);
  }
  return m;
}

/** The known releases of a module, oldest first (versions without a leading `v`); [] for a module we know nothing of. */
export function knownReleases(moduleName: string): readonly string[] {
  return entryFor(moduleName)?.versions ?? [];
}

/** Whether `version` (`0.7.1`, `v0.7.1`) is a known release of the module. */
export function isKnownRelease(moduleName: string, version: string): boolean {
  return exactVersion(moduleName, version) !== undefined;
}

function exactVersion(moduleName: string, version: string): string | undefined {
  return knownReleases(moduleName).find((v) => compareVersions(v, version) === 0);
}

/** Every known release of a module, oldest first (reads the module's facts). */
export function bundledVersions(moduleName: string): CatalogModule[] {
  const entry = entryFor(moduleName);
  return entry ? entry.versions.flatMap((v) => release(entry, v) ?? []) : [];
}

/** Short names of the bundled modules (a short name two modules share once), sorted. */
export function bundledModuleNames(): string[] {
  return [...new Set(CATALOG_INDEX.modules.map((m) => m.name))].sort();
}

/** Full names (`deric-mesos`) of every bundled module, sorted. */
export function bundledFullNames(): string[] {
  return CATALOG_INDEX.modules.map((m) => m.fullName).sort();
}

/**
 * Every release of every bundled module. Reads all the facts: for tests and tools, never on a request path
 * (use catalogFor, bundledVersions or the index).
 */
export const CATALOGS: Catalogs = {
  get modules(): readonly CatalogModule[] {
    return CATALOG_INDEX.modules.flatMap((e) => e.versions.flatMap((v) => release(e, v) ?? []));
  },
};

export interface VersionChoice {
  readonly module: CatalogModule;
  /** Why this version: what the user's repo says, or that nothing pins it. */
  /** `workspace`: a module of the control repo's modulepath that no bundled catalog describes (roles, profiles, ...). */
  readonly reason: 'installed' | 'pinned' | 'newest' | 'workspace';
  /** The version the repo asks for (may differ from module.version when no exact catalog exists). */
  readonly requested?: string;
  /**
   * False when the requested version is not a known release and `module` is only its nearest neighbour, or when
   * the release has manifests our parser could not read (`module.unparsed`, Puppet 3 syntax): good for completion
   * and hover, never for saying that a name is wrong. Absent for `workspace`.
   */
  readonly exact?: boolean;
  /**
   * The releases the version in use lies within, oldest first: those a range the repo allows (`>= 3.2.0 < 5.0.0`),
   * or the two around a version between bundled releases; absent when it can be any release. Only with `exact`
   * false.
   */
  readonly window?: readonly string[];
  /** `workspace` only: the module was found on the extra module path, not in the repo. */
  readonly fromExtraPath?: boolean;
  /** `pinned` only: the version is the one Puppetfile.lock resolved (librarian-puppet), not the Puppetfile's. */
  readonly locked?: boolean;
}

function major(version: string): string {
  return version.replace(/^v/, '').split(/[.-]/)[0];
}

/**
 * The bundled catalog that describes `requested`: the exact release when it is known; otherwise the nearest older
 * release, else the oldest when it has the same major version (check `isKnownRelease` before trusting that one);
 * undefined when nothing bundled is close. No `requested`: the newest release.
 */
export function catalogFor(moduleName: string, requested: string | undefined): CatalogModule | undefined {
  const entry = entryFor(moduleName);
  if (!entry || entry.versions.length === 0) return undefined;
  const versions = entry.versions;
  if (!requested) return release(entry, versions[versions.length - 1]);
  const exact = exactVersion(moduleName, requested);
  if (exact) return release(entry, exact);
  const older = versions.filter((v) => compareVersions(v, requested) < 0);
  if (older.length > 0) return release(entry, older[older.length - 1]);
  return major(versions[0]) === major(requested) ? release(entry, versions[0]) : undefined;
}

/** The catalog of exactly `version` when it is a known release, else undefined ("unknown version"). */
export function releaseCatalog(moduleName: string, version: string): CatalogModule | undefined {
  const entry = entryFor(moduleName);
  const exact = exactVersion(moduleName, version);
  return entry && exact ? release(entry, exact) : undefined;
}

export function chooseVersion(
  moduleName: string,
  installed: string | undefined,
  pinned: string | undefined,
): VersionChoice | undefined {
  const requested = installed ?? pinned;
  const module = catalogFor(moduleName, requested);
  if (!module) return undefined;
  const reason = installed ? 'installed' : pinned ? 'pinned' : 'newest';
  const exact = (requested === undefined || isKnownRelease(moduleName, requested)) && !module.unparsed;
  return { module, reason, ...(requested ? { requested: requested.replace(/^v/, '') } : {}), exact };
}

/**
 * Some releases of a module as a reader takes them in: runs of consecutive known releases joined,
 * `v0.8.0 to v1.1.0` or `v0.3.7, v0.4.0 to v0.4.2` (tags as the module writes them).
 */
export function releaseRanges(moduleName: string, versions: readonly string[]): string {
  const entry = entryFor(moduleName);
  if (!entry) return versions.join(', ');
  const wanted = new Set(versions.map((v) => exactVersion(moduleName, v)).filter((v): v is string => v !== undefined));
  const runs: string[] = [];
  let start = -1;
  for (let i = 0; i <= entry.versions.length; i++) {
    const inRun = i < entry.versions.length && wanted.has(entry.versions[i]);
    if (inRun && start < 0) start = i;
    if (!inRun && start >= 0) {
      runs.push(start === i - 1 ? entry.tags[start] : `${entry.tags[start]} to ${entry.tags[i - 1]}`);
      start = -1;
    }
  }
  return runs.join(', ');
}
