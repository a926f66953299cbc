// The compact form of a module's facts across its releases, as committed (sources/modules/<full-name>.json) and
// bundled (dist/facts): what releases have in common is stored once. Each distinct parameter, class signature (its parameters as indexes), resource type, type alias, function name and metadata value (dependency
// list, OS support, requirements, and each index list) sits in a pool; a release refers to pool entries by index.
// `encodeModule` and `decodeRelease` are inverses (tested); decoding one release touches only what it refers to.
// Our descriptions are not stored here: the catalog applies them to every release as it decodes one.

import type { CatalogClass, CatalogModule, CatalogParam, ResourceTypeFacts, UnparsedFile } from './catalogTypes.js';

/** A class or defined type without its line (lines move between releases; signatures rarely do), its parameters as indexes into `params`. */
export type ClassSignature = Omit<CatalogClass, 'line' | 'params'> & { readonly params: readonly number[] };

export interface ReleaseEntry {
  readonly version: string;
  readonly tag: string;
  readonly releaseDate: string;
  readonly metadataName?: string;
  readonly metadataVersion?: string;
  /** Index into `values` of the dependency list. */
  readonly dependencies: number;
  readonly operatingsystemSupport?: number;
  readonly requirements?: number;
  /** Index into `values` of a list [signature, line, signature, line, ...]. */
  readonly classes: number;
  /** Indexes into `values` of index lists into `typeAliases`, `resourceTypes` and `functions`. */
  readonly typeAliases: number;
  readonly resourceTypes: number;
  readonly functions: number;
  readonly unparsed?: readonly UnparsedFile[];
}

export interface ModuleFacts {
  /** Short name (`mesos`) and Forge full name (`deric-mesos`). */
  readonly name: string;
  readonly fullName: string;
  readonly repository: string;
  readonly params: readonly StoredParam[];
  readonly classes: readonly ClassSignature[];
  readonly resourceTypes: readonly ResourceTypeFacts[];
  readonly typeAliases: ReadonlyArray<readonly [string, string]>;
  readonly functions: readonly string[];
  readonly values: readonly unknown[];
  /** Oldest first. */
  readonly releases: readonly ReleaseEntry[];
}

/**
 * A parameter as a tuple: name, type, where the type comes from, default source text (null: none, so the
 * parameter is required), the default followed through a params class (null: the same), whether Hiera can set it.
 */
export type StoredParam = readonly [string, string, string, string | null, string | null, 0 | 1];

function storeParam(p: CatalogParam): StoredParam {
  return [p.name, p.type, p.typeSource, p.default ?? null, p.resolvedDefault ?? null, p.hieraEffective ? 1 : 0];
}

function loadParam(p: StoredParam): CatalogParam {
  const [name, type, typeSource, def, resolved, hiera] = p;
  return {
    name,
    type,
    typeSource,
    ...(def !== null ? { default: def } : {}),
    ...(resolved !== null ? { resolvedDefault: resolved } : {}),
    required: def === null,
    hieraEffective: hiera === 1,
  };
}

class Pool<T> {
  readonly items: T[] = [];
  private readonly seen = new Map<string, number>();
  add(item: T): number {
    const key = JSON.stringify(item);
    let i = this.seen.get(key);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(item);
      this.seen.set(key, i);
    }
    return i;
  }
}

/** Releases of one module (oldest first) in the compact form. */
export function encodeModule(
  identity: { name: string; fullName: string; repository: string },
  releases: readonly CatalogModule[],
): ModuleFacts {
  const params = new Pool<StoredParam>();
  const classes = new Pool<ClassSignature>();
  const resourceTypes = new Pool<ResourceTypeFacts>();
  const typeAliases = new Pool<readonly [string, string]>();
  const functions = new Pool<string>();
  const values = new Pool<unknown>();
  const entries: ReleaseEntry[] = releases.map((m) => {
    const classRefs: number[] = [];
    for (const { line, params: ps, ...sig } of m.classes)
      classRefs.push(classes.add({ ...sig, params: ps.map((p) => params.add(storeParam(p))) }), line);
    return {
      version: m.version,
      tag: m.tag,
      releaseDate: m.releaseDate,
      ...(m.metadataName ? { metadataName: m.metadataName } : {}),
      ...(m.metadataVersion ? { metadataVersion: m.metadataVersion } : {}),
      dependencies: values.add(m.dependencies),
      ...(m.operatingsystemSupport ? { operatingsystemSupport: values.add(m.operatingsystemSupport) } : {}),
      ...(m.requirements ? { requirements: values.add(m.requirements) } : {}),
      classes: values.add(classRefs),
      typeAliases: values.add(Object.entries(m.typeAliases ?? {}).map((e) => typeAliases.add(e))),
      resourceTypes: values.add((m.resourceTypes ?? []).map((t) => resourceTypes.add(t))),
      functions: values.add((m.functions ?? []).map((f) => functions.add(f))),
      ...(m.unparsed && m.unparsed.length > 0 ? { unparsed: m.unparsed } : {}),
    };
  });
  return {
    ...identity,
    params: params.items,
    classes: classes.items,
    resourceTypes: resourceTypes.items,
    typeAliases: typeAliases.items,
    functions: functions.items,
    values: values.items,
    releases: entries,
  };
}

/** Our description of a parameter of a class, if we wrote one. */
export type Describe = (className: string, param: string) => string | undefined;

/** One release as a catalog, with our descriptions when `describe` is given. */
export function decodeRelease(facts: ModuleFacts, release: ReleaseEntry, describe?: Describe): CatalogModule {
  const refs = facts.values[release.classes] as readonly number[];
  const classes: CatalogClass[] = [];
  for (let i = 0; i < refs.length; i += 2) {
    const sig = facts.classes[refs[i]];
    const params = sig.params.map((p) => {
      const param = loadParam(facts.params[p]);
      const description = describe?.(sig.name, param.name);
      return description ? { ...param, description } : param;
    });
    classes.push({ ...sig, line: refs[i + 1], params });
  }
  const aliases = (facts.values[release.typeAliases] as readonly number[]).map((i) => facts.typeAliases[i]);
  const types = (facts.values[release.resourceTypes] as readonly number[]).map((i) => facts.resourceTypes[i]);
  const functions = (facts.values[release.functions] as readonly number[]).map((i) => facts.functions[i]);
  return {
    name: facts.name,
    fullName: facts.fullName,
    repository: facts.repository,
    version: release.version,
    tag: release.tag,
    releaseDate: release.releaseDate,
    ...(release.metadataName ? { metadataName: release.metadataName } : {}),
    ...(release.metadataVersion ? { metadataVersion: release.metadataVersion } : {}),
    dependencies: facts.values[release.dependencies] as CatalogModule['dependencies'],
    classes,
    ...(aliases.length > 0 ? { typeAliases: Object.fromEntries(aliases) } : {}),
    ...(types.length > 0 ? { resourceTypes: types } : {}),
    ...(functions.length > 0 ? { functions } : {}),
    ...(release.operatingsystemSupport !== undefined
      ? {
          operatingsystemSupport: facts.values[
            release.operatingsystemSupport
          ] as CatalogModule['operatingsystemSupport'],
        }
      : {}),
    ...(release.requirements !== undefined
      ? { requirements: facts.values[release.requirements] as CatalogModule['requirements'] }
      : {}),
    ...(release.unparsed ? { unparsed: release.unparsed } : {}),
  };
}

/** The compact form as text: one pool entry or release per line, so a refresh shows as a readable diff. */
export function formatModuleFacts(facts: ModuleFacts): string {
  const list = (items: readonly unknown[]) =>
    items.length === 0 ? '[]' : `[\n${items.map((x) => JSON.stringify(x)).join(',\n')}\n]`;
  const head = { name: facts.name, fullName: facts.fullName, repository: facts.repository };
  const body = (['params', 'classes', 'resourceTypes', 'typeAliases', 'functions', 'values', 'releases'] as const).map(
    (k) => `${JSON.stringify(k)}: ${list(facts[k])}`,
  );
  return `${JSON.stringify(head).slice(0, -1)},\n${body.join(',\n')}\n}\n`;
}
