// The Hiera key space of a control repo: every class parameter that a Hiera key can set (`<class>::<param>`),
// from the bundled catalog of each module at the version the repo uses. Resolving a key tells a feature what
// the key means — a parameter, a key the class does not have (with suggestions), or one of the site's own keys.

import type { CatalogClass, CatalogModule, CatalogParam } from './catalogTypes.js';
import { defineObjectMemo, type ObjectMemos } from '../base/queries.js';
import { bundledModuleNames, bundledVersions, type VersionChoice } from './catalog.js';
import { bundledFactsFor } from './moduleResolver.js';
import { suggest } from './suggest.js';
import { AGENT_FLAGS, MASTER_FLAGS } from './mesosFlags.js';
import type { ModuleVersion } from '../workspace/moduleVersions.js';

export interface KnownClass {
  readonly name: string;
  readonly cls: CatalogClass;
  readonly choice: VersionChoice;
}

export interface KeySpace {
  readonly classes: ReadonlyMap<string, KnownClass>;
  readonly modules: ReadonlyMap<string, VersionChoice>;
  /**
   * Modules whose facts here are not those of the version in use (a branch, a commit, a version between bundled
   * releases): their keys complete and hover, but a key missing from them is not reported, nor a value's type.
   */
  readonly unsure: ReadonlySet<string>;
}

/** Classes of the control repo's own modulepath, grouped by module, as catalogs (see workspaceCatalogs). */
export function buildKeySpace(
  versions: ReadonlyMap<string, ModuleVersion>,
  workspace: readonly CatalogModule[] = [],
  options: {
    /**
     * A module repository: a module its metadata does not declare is whatever its users install, so bundled
     * facts describe it only approximately (never the newest release as if it were the one in use).
     */
    readonly undeclaredUnknown?: boolean;
    /** Modules of `workspace` found on the extra module path (named so in messages, never "the repo's"). */
    readonly extraPath?: ReadonlySet<string>;
  } = {},
): KeySpace {
  const classes = new Map<string, KnownClass>();
  const modules = new Map<string, VersionChoice>();
  const unsure = new Set<string>();
  const bundled = new Set(bundledModuleNames());
  const facts = new Map(bundledModuleNames().map((name) => [name, bundledFactsFor(name, versions.get(name))] as const));
  for (const module of workspace) {
    // The bundled catalog of the exact version is richer (descriptions, hiera_effective); the installed copy is
    // the truth when nothing bundled is exactly its version.
    if (bundled.has(module.name) && facts.get(module.name)?.exact) continue;
    facts.delete(module.name);
    const choice: VersionChoice = {
      module,
      reason: 'workspace',
      ...(options.extraPath?.has(module.name) ? { fromExtraPath: true } : {}),
    };
    modules.set(module.name, choice);
    for (const cls of module.classes) if (cls.kind === 'class') classes.set(cls.name, { name: cls.name, cls, choice });
  }
  for (const [name, found] of facts) {
    if (!found) continue;
    const { choice } = found;
    if (!found.exact || (options.undeclaredUnknown && !versions.has(name))) unsure.add(name);
    modules.set(name, choice);
    for (const cls of choice.module.classes) {
      if (cls.kind === 'class') classes.set(cls.name, { name: cls.name, cls, choice });
    }
  }
  return { classes, modules, unsure };
}

export type KeyMeaning =
  | { readonly kind: 'param'; readonly cls: KnownClass; readonly param: CatalogParam }
  | {
      readonly kind: 'unknown-param' | 'unknown-class';
      readonly module: VersionChoice;
      readonly className: string;
      readonly param: string;
      /** Full keys that are close to the one written. */
      readonly suggestions: readonly string[];
      /** The key is a Mesos flag that belongs in this `options` key. */
      readonly optionsKey?: { readonly key: string; readonly flag: string };
      /** Other bundled versions of the module that do have the key. */
      readonly inOtherVersions: readonly CatalogModule[];
      /**
       * The version in use is not known exactly (a branch, `puppet module install` without a version): the key is
       * reported because no release of the module has it; these are the first and last releases.
       */
      readonly inNoRelease?: { readonly first: string; readonly last: string };
    }
  | { readonly kind: 'site' };

function keysOf(cls: CatalogClass): string[] {
  return cls.params.map((p) => `${cls.name}::${p.name}`);
}

/** Flags the mesos module writes from its own parameters: setting them in options breaks the catalog. */
const MODULE_MANAGED_FLAGS: readonly string[] = ['work_dir', 'logger'];

export function resolveKey(space: KeySpace, rawKey: string): KeyMeaning {
  const key = rawKey.replace(/^::/, '');
  const parts = key.split('::');
  if (parts.length < 2 || parts.some((p) => p === '')) return { kind: 'site' };
  const param = parts[parts.length - 1];
  const className = parts.slice(0, -1).join('::');
  const known = space.classes.get(className);
  if (known) {
    const p = known.cls.params.find((x) => x.name === param);
    if (p) return { kind: 'param', cls: known, param: p };
  }
  const module = space.modules.get(parts[0]);
  if (!module) return { kind: 'site' };
  // Say only what is known: a key the facts of a nearby version lack may exist in the version in use, unless no
  // release of the module has it.
  let inNoRelease: { first: string; last: string } | undefined;
  if (space.unsure.has(parts[0])) {
    // Within the range the repo allows, when it says one: the version in use is one of those releases.
    const window = module.window;
    const releases = bundledVersions(module.module.fullName).filter((m) => !window || window.includes(m.version));
    const has = (m: CatalogModule) =>
      m.classes.some((c) => c.name === className && (!known || c.params.some((p) => p.name === param)));
    if (releases.length === 0 || releases.some(has)) return { kind: 'site' };
    inNoRelease = { first: releases[0]!.tag, last: releases[releases.length - 1]!.tag };
  }
  const extra = inNoRelease ? { inNoRelease } : {};
  const inOtherVersions = bundledVersions(parts[0]).filter(
    (m) => m !== module.module && m.classes.some((c) => c.name === className && c.params.some((p) => p.name === param)),
  );
  if (known) {
    const flags = className === 'mesos::master' ? MASTER_FLAGS : className === 'mesos::slave' ? AGENT_FLAGS : [];
    const suggestions = suggest(
      param,
      known.cls.params.map((p) => p.name),
    ).map((p) => `${className}::${p}`);
    // A flag is suggested when the key names one exactly, or is near one and near no parameter (a real parameter
    // beats a flag: `work_dri` is the `work_dir` parameter), and never one the module writes itself, which the
    // options hash must not set (mesos/options-reserved).
    const exact = flags.includes(param) ? param : undefined;
    const flag = exact ?? (suggestions.length === 0 ? suggest(param, flags, 1)[0] : undefined);
    const allowed = flag !== undefined && !MODULE_MANAGED_FLAGS.includes(flag);
    const optionsKey =
      allowed && known.cls.params.some((p) => p.name === 'options')
        ? { key: `${className}::options`, flag }
        : undefined;
    return {
      kind: 'unknown-param',
      module,
      className,
      param,
      suggestions,
      ...(optionsKey ? { optionsKey } : {}),
      inOtherVersions,
      ...extra,
    };
  }
  const all = module.module.classes.filter((c) => c.kind === 'class').flatMap(keysOf);
  return { kind: 'unknown-class', module, className, param, suggestions: suggest(key, all), inOtherVersions, ...extra };
}

export interface SpaceKey {
  readonly key: string;
  readonly cls: KnownClass;
  readonly param: CatalogParam;
}

/** The keys of a space, listed once per space (held by the host's memos: a space lives across keystrokes). */
const spaceKeys = defineObjectMemo(
  'spaceKeys',
  (space: KeySpace): { all: readonly SpaceKey[]; byNamespace: ReadonlyMap<string, readonly SpaceKey[]> } => {
    const all: SpaceKey[] = [];
    const byNamespace = new Map<string, SpaceKey[]>();
    for (const cls of space.classes.values()) {
      for (const param of cls.cls.params) {
        const k = { key: `${cls.name}::${param.name}`, cls, param };
        all.push(k);
        const ns = k.key.slice(0, k.key.indexOf('::'));
        (byNamespace.get(ns) ?? byNamespace.set(ns, []).get(ns)!).push(k);
      }
    }
    return { all, byNamespace };
  },
);

/** Every settable key of the space, public classes first. */
export function allKeys(memos: ObjectMemos, space: KeySpace): readonly SpaceKey[] {
  return memos.memo(spaceKeys, space).all;
}

/** The settable keys of one namespace (`mesos` for `mesos::...`), and every namespace with its keys. */
export function keysByNamespace(memos: ObjectMemos, space: KeySpace): ReadonlyMap<string, readonly SpaceKey[]> {
  return memos.memo(spaceKeys, space).byNamespace;
}
