// Reads a `hiera.yaml` into a typed model with the offset range of every key and value, plus the problems Puppet
// would reject (or silently mishandle). Version 5 is read fully (defaults, hierarchy, default_hierarchy,
// plan_hierarchy, every location kind and backend key); version 3 (`:backends:`, `:hierarchy:`, per-backend
// `:datadir:`) is read far enough for lookups in the global layer and flagged for migration. Parsing never
// fails: a broken file gives a model of kind `invalid` and problems. The check that datadirs exist asks the file
// system (through a one-method interface, as syntax does not depend on the workspace layer) and lives in a
// separate function so that parsing stays pure.

import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { Code } from '../../base/diagnosticCodes.js';
import type { TextRange } from '../../base/textRange.js';
import { scanInterpolations } from './interpolation.js';
import { MAX_YAML_NESTING, yamlTooDeepAt } from './yamlDepth.js';

export interface Located<T> {
  readonly value: T;
  readonly range: TextRange;
}

/** A key of a mapping in hiera.yaml, with the ranges of the key and of its value. */
export interface ConfigKey {
  readonly key: string;
  readonly keyRange: TextRange;
  readonly valueRange: TextRange;
}

export type BackendKind = 'data_hash' | 'lookup_key' | 'data_dig' | 'hiera3_backend' | 'v4_data_hash';

export interface BackendRef {
  readonly kind: BackendKind;
  readonly keyRange: TextRange;
  readonly function: Located<string>;
}

export type LocationKind = 'path' | 'paths' | 'glob' | 'globs' | 'uri' | 'uris' | 'mapped_paths';

export interface HierarchyLocation {
  readonly kind: LocationKind;
  readonly keyRange: TextRange;
  /** The declared strings (one for path, glob and uri; three for mapped_paths: variable, key, template). */
  readonly values: readonly Located<string>[];
}

export interface HierarchyEntry {
  readonly range: TextRange;
  readonly name?: Located<string>;
  /** The entry's own backend (the first one if it names several). */
  readonly backend?: BackendRef;
  /** The entry's location (the first kind if it names several). */
  readonly location?: HierarchyLocation;
  readonly datadir?: Located<string>;
  readonly options?: Located<Readonly<Record<string, unknown>>>;
  readonly keys: readonly ConfigKey[];
}

export interface HieraDefaults {
  readonly range: TextRange;
  readonly datadir?: Located<string>;
  readonly backend?: BackendRef;
  readonly options?: Located<Readonly<Record<string, unknown>>>;
  readonly keys: readonly ConfigKey[];
}

export interface HieraConfigV5 {
  readonly kind: 'v5';
  readonly version: Located<number>;
  readonly defaults?: HieraDefaults;
  /** Undefined when the file has no (or an empty) `hierarchy`; Puppet then uses its default Common entry. */
  readonly hierarchy?: readonly HierarchyEntry[];
  readonly defaultHierarchy?: readonly HierarchyEntry[];
  readonly planHierarchy?: readonly HierarchyEntry[];
  readonly keys: readonly ConfigKey[];
}

export interface HieraV3Backend {
  readonly name: Located<string>;
  readonly datadir?: Located<string>;
  readonly extension?: Located<string>;
}

export interface HieraConfigV3 {
  readonly kind: 'v3';
  readonly version?: Located<number>;
  readonly backends: readonly HieraV3Backend[];
  readonly hierarchy: readonly Located<string>[];
  readonly mergeBehavior?: Located<string>;
  readonly keys: readonly ConfigKey[];
}

/** One entry of a Hiera 4 hierarchy: its name is its path when it has no `path`; the backend adds the extension. */
export interface HieraV4Entry {
  readonly range: TextRange;
  readonly name?: Located<string>;
  readonly backend?: Located<string>;
  readonly path?: Located<string>;
  readonly datadir?: Located<string>;
}

/**
 * A Hiera 4 configuration, which Puppet 7 reads only in environments and modules (deprecated, reported): where
 * its data is, for the repo's folder matching, and its hierarchy, for lookups in those layers.
 */
export interface HieraConfigV4 {
  readonly kind: 'v4';
  readonly version: Located<number>;
  /** The top-level `datadir` (Puppet's default is `data`). */
  readonly datadir?: Located<string>;
  /** The `datadir` of each hierarchy entry that has one. */
  readonly hierarchyDatadirs: readonly Located<string>[];
  /** Undefined when the file has no `hierarchy`: Puppet then reads `common` with the yaml backend. */
  readonly hierarchy?: readonly HieraV4Entry[];
}

export interface HieraConfigInvalid {
  readonly kind: 'invalid';
  readonly reason: 'yaml-syntax' | 'not-a-mapping' | 'unsupported-version';
}

export type HieraConfigModel = HieraConfigV5 | HieraConfigV4 | HieraConfigV3 | HieraConfigInvalid;

export interface HieraConfigProblem {
  readonly range: TextRange;
  readonly message: string;
  readonly code: Code;
  /** The edit the message proposes, in this file. */
  readonly fix?: {
    readonly title: string;
    readonly edits: ReadonlyArray<{ readonly range: TextRange; readonly newText: string }>;
  };
}

export interface HieraConfigParse {
  readonly config: HieraConfigModel;
  readonly problems: readonly HieraConfigProblem[];
}

/** Which layer the file configures; some rules depend on it. Unknown when omitted. */
export type HieraLayer = 'global' | 'environment' | 'module';

export interface ParseHieraConfigOptions {
  readonly layer?: HieraLayer;
}

/** The configuration Puppet uses where a layer has no hiera.yaml (and for `version: 5` with no hierarchy). */
export const DEFAULT_V5_DATADIR = 'data';
export const DEFAULT_V5_HIERARCHY_NAME = 'Common';
export const DEFAULT_V5_PATH = 'common.yaml';

const DEFAULT_BACKEND: BackendRef = {
  kind: 'data_hash',
  keyRange: { start: 0, end: 0 },
  function: { value: 'yaml_data', range: { start: 0, end: 0 } },
};
const BACKEND_KEYS: readonly BackendKind[] = ['data_hash', 'lookup_key', 'data_dig', 'hiera3_backend', 'v4_data_hash'];
const DEFAULT_BACKEND_KEYS: readonly BackendKind[] = ['data_hash', 'lookup_key', 'data_dig'];
const LOCATION_KEYS: readonly LocationKind[] = ['path', 'paths', 'glob', 'globs', 'uri', 'uris', 'mapped_paths'];
const TOP_KEYS = ['version', 'defaults', 'hierarchy', 'plan_hierarchy', 'default_hierarchy'];
const DEFAULTS_KEYS = ['data_hash', 'lookup_key', 'data_dig', 'datadir', 'options'];
const ENTRY_KEYS = ['name', 'options', 'datadir', ...BACKEND_KEYS, ...LOCATION_KEYS];
const V3_KEYS = ['version', 'backends', 'logger', 'merge_behavior', 'deep_merge_options', 'hierarchy'];
const OPTION_NAME = /^[A-Za-z](:?[0-9A-Za-z_-]*[0-9A-Za-z])?$/;
const RESERVED_OPTIONS = ['path', 'uri'];
/** Built-in backend functions and the key each belongs under. */
const BUILTIN_BACKENDS: ReadonlyMap<string, BackendKind> = new Map([
  ['yaml_data', 'data_hash'],
  ['json_data', 'data_hash'],
  ['hocon_data', 'data_hash'],
  ['eyaml_lookup_key', 'lookup_key'],
]);

/**
 * Parses hiera.yaml text. Never throws. A project's hiera.yaml files are parsed once per text by the query
 * `hieraConfigOf` (workspace/hieraConfigs.ts), which every lookup session and feature reads.
 */
export function parseHieraConfig(text: string, options: ParseHieraConfigOptions = {}): HieraConfigParse {
  return parseHieraConfigText(text, options);
}

function parseHieraConfigText(text: string, options: ParseHieraConfigOptions): HieraConfigParse {
  const problems: HieraConfigProblem[] = [];
  const report = (range: TextRange, code: Code, message: string, fix?: HieraConfigProblem['fix']): void => {
    // Block collections end after their last line break; a diagnostic should end at the last character.
    let end = range.end;
    while (end > range.start + 1 && /\s/.test(text[end - 1] ?? '')) end--;
    problems.push({ range: { start: range.start, end }, code, message, ...(fix ? { fix } : {}) });
  };
  const deep = yamlTooDeepAt(text);
  if (deep >= 0) {
    report(
      { start: deep, end: Math.min(deep + 1, text.length) },
      'limits/nesting',
      `hiera.yaml nests deeper than ${MAX_YAML_NESTING} levels here; it is not read.`,
    );
    return { config: { kind: 'invalid', reason: 'yaml-syntax' }, problems };
  }
  let doc;
  try {
    doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: false, prettyErrors: false });
  } catch (e) {
    report({ start: 0, end: text.length }, 'hiera-config/yaml-syntax', `hiera.yaml is not valid YAML: ${String(e)}`);
    return { config: { kind: 'invalid', reason: 'yaml-syntax' }, problems };
  }
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      report(
        { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]) },
        'hiera-config/yaml-syntax',
        `hiera.yaml is not valid YAML: ${e.message.split('\n')[0]}`,
      );
    }
    return { config: { kind: 'invalid', reason: 'yaml-syntax' }, problems };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    report(
      root ? nodeRange(root) : { start: 0, end: text.length },
      'hiera-config/not-a-mapping',
      'hiera.yaml must hold a mapping with `version: 5`; Puppet ignores this file and falls back to a Hiera 3 default.',
    );
    return { config: { kind: 'invalid', reason: 'not-a-mapping' }, problems };
  }
  const ctx: Ctx = { report, layer: options.layer, text };
  const versionPair = findPair(root, (k) => k === 'version' || k === ':version');
  const versionNumber = versionPair ? toInteger(scalarValue(versionPair.value)) : undefined;
  const version = versionNumber ?? 3;
  if (version === 5) return { config: readV5(root, ctx), problems };
  if (version === 3) return { config: readV3(root, ctx), problems };
  const range = versionPair ? nodeRange(versionPair.value as YamlNode) : nodeRange(root);
  // Puppet 7 still reads version 4 in an environment or a module, with a deprecation warning; never globally.
  if (version === 4 && options.layer !== 'global')
    report(
      range,
      'hiera-config/version-4',
      'hiera.yaml version 4 is deprecated (Puppet reads it in environments and modules only); convert it to version 5.',
    );
  else
    report(
      range,
      'hiera-config/unsupported-version',
      version === 4
        ? 'hiera.yaml version 4 is not read as the global configuration: Puppet fails every lookup; convert it to version 5.'
        : `Hiera configuration version ${version} is not supported; use version 5.`,
    );
  if (version === 4) return { config: readV4(root, range), problems };
  return { config: { kind: 'invalid', reason: 'unsupported-version' }, problems };
}

/** A string scalar as located text, else undefined (a v4 file is reported as a whole, not key by key). */
function locatedString(node: unknown): Located<string> | undefined {
  return isScalar(node) && typeof node.value === 'string' ? { value: node.value, range: nodeRange(node) } : undefined;
}

function readV4(root: YAMLMap, versionRange: TextRange): HieraConfigV4 {
  const datadir = locatedString(findPair(root, (k) => k === 'datadir')?.value);
  const hierarchy = findPair(root, (k) => k === 'hierarchy')?.value;
  const hierarchyDatadirs: Located<string>[] = [];
  const entries: HieraV4Entry[] = [];
  if (isSeq(hierarchy))
    for (const entry of hierarchy.items) {
      if (!isMap(entry)) continue;
      const field = (key: string) => locatedString(findPair(entry, (k) => k === key)?.value);
      const [name, backend, path, d] = [field('name'), field('backend'), field('path'), field('datadir')];
      if (d) hierarchyDatadirs.push(d);
      entries.push({
        range: nodeRange(entry),
        ...(name ? { name } : {}),
        ...(backend ? { backend } : {}),
        ...(path ? { path } : {}),
        ...(d ? { datadir: d } : {}),
      });
    }
  return {
    kind: 'v4',
    version: { value: 4, range: versionRange },
    ...(datadir ? { datadir } : {}),
    hierarchyDatadirs,
    ...(isSeq(hierarchy) ? { hierarchy: entries } : {}),
  };
}

interface Ctx {
  readonly report: (range: TextRange, code: Code, message: string, fix?: HieraConfigProblem['fix']) => void;
  readonly layer?: HieraLayer;
  readonly text: string;
}

function readV5(root: YAMLMap, ctx: Ctx): HieraConfigV5 {
  const keys = configKeys(root);
  let version: Located<number> = { value: 5, range: nodeRange(root) };
  let defaults: HieraDefaults | undefined;
  let hierarchy: HierarchyEntry[] | undefined;
  let defaultHierarchy: HierarchyEntry[] | undefined;
  let planHierarchy: HierarchyEntry[] | undefined;
  for (const pair of root.items) {
    const key = keyText(pair);
    const keyRange = pairKeyRange(pair);
    const value = pair.value as YamlNode | null;
    switch (key) {
      case 'version':
        version = { value: 5, range: value ? nodeRange(value) : keyRange };
        break;
      case 'defaults':
        defaults = readDefaults(value, keyRange, ctx);
        break;
      case 'hierarchy':
        hierarchy = readHierarchy(value, keyRange, ctx, 'hierarchy');
        break;
      case 'plan_hierarchy':
        planHierarchy = readHierarchy(value, keyRange, ctx, 'plan_hierarchy');
        break;
      case 'default_hierarchy':
        if (ctx.layer !== undefined && ctx.layer !== 'module') {
          ctx.report(
            keyRange,
            'hiera-config/default-hierarchy-not-in-module',
            "'default_hierarchy' is only allowed in a module's hiera.yaml; move these entries into 'hierarchy'.",
          );
        }
        defaultHierarchy = readHierarchy(value, keyRange, ctx, 'default_hierarchy');
        break;
      default:
        ctx.report(
          keyRange,
          'hiera-config/unknown-key',
          `Unknown key '${key}' in hiera.yaml version 5; expected one of ${TOP_KEYS.join(', ')}.`,
        );
    }
  }
  checkEntries(hierarchy ?? [], defaults, ctx);
  if (defaultHierarchy) checkEntries(defaultHierarchy, defaults, ctx);
  if (planHierarchy) checkEntries(planHierarchy, defaults, ctx);
  return { kind: 'v5', version, defaults, hierarchy, defaultHierarchy, planHierarchy, keys };
}

function readDefaults(node: YamlNode | null, keyRange: TextRange, ctx: Ctx): HieraDefaults | undefined {
  if (!isMap(node)) {
    ctx.report(node ? nodeRange(node) : keyRange, 'hiera-config/wrong-type', "'defaults' must be a mapping.");
    return undefined;
  }
  let datadir: Located<string> | undefined;
  let options: Located<Readonly<Record<string, unknown>>> | undefined;
  const backends: BackendRef[] = [];
  for (const pair of node.items) {
    const key = keyText(pair);
    const kr = pairKeyRange(pair);
    const value = pair.value as YamlNode | null;
    if ((DEFAULT_BACKEND_KEYS as readonly string[]).includes(key)) {
      const fn = readString(value, kr, key, ctx);
      if (fn) backends.push({ kind: key as BackendKind, keyRange: kr, function: fn });
    } else if (key === 'datadir') {
      datadir = readPathString(value, kr, key, ctx);
    } else if (key === 'options') {
      options = readOptions(value, kr, ctx, 'defaults');
    } else {
      ctx.report(
        kr,
        'hiera-config/unknown-key',
        `Unknown key '${key}' in 'defaults'; expected one of ${DEFAULTS_KEYS.join(', ')}.`,
      );
    }
  }
  if (backends.length > 1) {
    for (const b of backends.slice(1)) {
      ctx.report(
        b.keyRange,
        'hiera-config/multiple-backends',
        `'defaults' names more than one backend (${backends.map((x) => x.kind).join(', ')}); keep one.`,
      );
    }
  }
  for (const b of backends) checkBackendKind(b, ctx);
  return { range: nodeRange(node), datadir, backend: backends[0], options, keys: configKeys(node) };
}

/**
 * Hierarchy levels the analysis reads per list. Puppet reads every level; real hierarchies have a handful to a few
 * dozen, and each level costs every lookup of every node a file probe or a glob: 10,000 levels held the server
 * for 25 s (issue 17). The rest of the list is left out, with a `limits/hierarchy` note on the first one.
 */
export const MAX_HIERARCHY_LEVELS = 100;

/** The first MAX_HIERARCHY_LEVELS items of a hierarchy list; a note on the first one left out. */
function levelsWithin<T>(items: readonly T[], what: string, ctx: Ctx, rangeOf?: (item: T) => TextRange): readonly T[] {
  if (items.length <= MAX_HIERARCHY_LEVELS) return items;
  const first = items[MAX_HIERARCHY_LEVELS];
  const range = rangeOf ? rangeOf(first) : first ? nodeRange(first as unknown as YamlNode) : { start: 0, end: 0 };
  ctx.report(
    range,
    'limits/hierarchy',
    `'${what}' has ${items.length.toLocaleString('en-US')} levels; the editor and mesos-puppet check read the first ${MAX_HIERARCHY_LEVELS} (Puppet reads them all), so lookups and checks leave out the ${(items.length - MAX_HIERARCHY_LEVELS).toLocaleString('en-US')} from here on.`,
  );
  return items.slice(0, MAX_HIERARCHY_LEVELS);
}

function readHierarchy(
  node: YamlNode | null,
  keyRange: TextRange,
  ctx: Ctx,
  what: string,
): HierarchyEntry[] | undefined {
  if (node === null || (isScalar(node) && node.value === null)) return undefined;
  if (!isSeq(node)) {
    ctx.report(nodeRange(node), 'hiera-config/wrong-type', `'${what}' must be a list of entries.`);
    return [];
  }
  const entries: HierarchyEntry[] = [];
  for (const item of levelsWithin(node.items, what, ctx)) {
    const itemNode = item as YamlNode | null;
    if (!isMap(itemNode)) {
      ctx.report(
        itemNode ? nodeRange(itemNode) : keyRange,
        'hiera-config/wrong-type',
        `Each entry of '${what}' must be a mapping with a name and a location.`,
      );
      continue;
    }
    entries.push(readEntry(itemNode, ctx));
  }
  return entries;
}

function readEntry(node: YAMLMap, ctx: Ctx): HierarchyEntry {
  let name: Located<string> | undefined;
  let datadir: Located<string> | undefined;
  let options: Located<Readonly<Record<string, unknown>>> | undefined;
  const backends: BackendRef[] = [];
  const locations: HierarchyLocation[] = [];
  for (const pair of node.items) {
    const key = keyText(pair);
    const kr = pairKeyRange(pair);
    const value = pair.value as YamlNode | null;
    if (key === 'name') {
      name = readString(value, kr, key, ctx);
    } else if ((BACKEND_KEYS as readonly string[]).includes(key)) {
      const fn = readString(value, kr, key, ctx);
      if (fn) backends.push({ kind: key as BackendKind, keyRange: kr, function: fn });
    } else if ((LOCATION_KEYS as readonly string[]).includes(key)) {
      const loc = readLocation(key as LocationKind, value, kr, ctx);
      if (loc) locations.push(loc);
    } else if (key === 'datadir') {
      datadir = readPathString(value, kr, key, ctx);
    } else if (key === 'options') {
      options = readOptions(value, kr, ctx, name?.value ?? 'entry');
    } else {
      ctx.report(
        kr,
        'hiera-config/unknown-key',
        `Unknown key '${key}' in a hierarchy entry; expected one of ${ENTRY_KEYS.join(', ')}.`,
      );
    }
  }
  const range = nodeRange(node);
  const label = name ? `'${name.value}'` : 'This entry';
  if (!name && !node.items.some((p) => keyText(p) === 'name')) {
    ctx.report(firstLineRange(node), 'hiera-config/missing-name', 'A hierarchy entry needs a `name`.');
  }
  if (backends.length > 1) {
    for (const b of backends.slice(1)) {
      ctx.report(
        b.keyRange,
        'hiera-config/multiple-backends',
        `${label} names more than one backend (${backends.map((x) => x.kind).join(', ')}); keep one.`,
      );
    }
  }
  for (const b of backends) {
    checkBackendKind(b, ctx);
    if (b.kind === 'hiera3_backend' && ctx.layer !== undefined && ctx.layer !== 'global') {
      ctx.report(
        b.keyRange,
        'hiera-config/hiera3-backend-not-global',
        "'hiera3_backend' is only allowed in the global hiera.yaml.",
      );
    }
  }
  if (locations.length > 1) {
    for (const l of locations.slice(1)) {
      ctx.report(
        l.keyRange,
        'hiera-config/multiple-locations',
        `${label} has more than one kind of location (${locations.map((x) => x.kind).join(', ')}); keep one.`,
      );
    }
  }
  return { range, name, backend: backends[0], location: locations[0], datadir, options, keys: configKeys(node) };
}

/** Checks that need the defaults: a backend for each entry, locations for file backends, unique names. */
function checkEntries(entries: readonly HierarchyEntry[], defaults: HieraDefaults | undefined, ctx: Ctx): void {
  const seen = new Map<string, HierarchyEntry>();
  for (const entry of entries) {
    // Without a `defaults` section Puppet's own defaults apply (`data_hash: yaml_data`, `datadir: data`).
    const backend = entry.backend ?? (defaults ? defaults.backend : DEFAULT_BACKEND);
    const nameKey = entry.keys.find((k) => k.key === 'name');
    const anchor = nameKey ? nameKey.keyRange : firstLineRangeOf(entry);
    if (!backend) {
      ctx.report(
        anchor,
        'hiera-config/missing-backend',
        `${entry.name ? `'${entry.name.value}'` : 'This entry'} names no backend and 'defaults' names none; add e.g. \`data_hash: yaml_data\`.`,
        addKeyFix(ctx.text, anchor, 'data_hash: yaml_data'),
      );
    }
    const fn = backend?.function.value;
    if (!entry.location && fn !== undefined && BUILTIN_BACKENDS.has(fn)) {
      ctx.report(
        anchor,
        'hiera-config/missing-location',
        `${entry.name ? `'${entry.name.value}'` : 'This entry'} uses ${fn} but has no location; add \`path\`, \`paths\`, \`glob\`, \`globs\` or \`mapped_paths\`.`,
      );
    }
    if (entry.name) {
      const earlier = seen.get(entry.name.value);
      if (earlier) {
        ctx.report(
          entry.name.range,
          'hiera-config/duplicate-name',
          `Another hierarchy entry is already named '${entry.name.value}'; Puppet rejects the file. Rename one.`,
        );
      } else seen.set(entry.name.value, entry);
    }
  }
}

/** A fix that adds `line` to the mapping whose key at `anchor` is on one line: after that line, at that key's column. */
function addKeyFix(text: string, anchor: TextRange, line: string): HieraConfigProblem['fix'] {
  const lineStart = text.lastIndexOf('\n', anchor.start - 1) + 1;
  const indent = text.slice(lineStart, anchor.start).replace(/[^\t]/g, ' ');
  const nl = text.indexOf('\n', anchor.end);
  const at = nl < 0 ? text.length : nl + 1;
  return {
    title: `Add ${line}`,
    edits: [{ range: { start: at, end: at }, newText: `${nl < 0 ? '\n' : ''}${indent}${line}\n` }],
  };
}

function checkBackendKind(b: BackendRef, ctx: Ctx): void {
  const expected = BUILTIN_BACKENDS.get(b.function.value);
  if (expected !== undefined && expected !== b.kind) {
    ctx.report(
      b.function.range,
      'hiera-config/backend-kind',
      `'${b.function.value}' is a ${expected} function; write \`${expected}: ${b.function.value}\`.`,
      { title: `Change to ${expected}: ${b.function.value}`, edits: [{ range: b.keyRange, newText: expected }] },
    );
  }
}

function readLocation(
  kind: LocationKind,
  value: YamlNode | null,
  kr: TextRange,
  ctx: Ctx,
): HierarchyLocation | undefined {
  if (kind === 'path' || kind === 'glob' || kind === 'uri') {
    const s = kind === 'uri' ? readString(value, kr, kind, ctx) : readPathString(value, kr, kind, ctx);
    return s ? { kind, keyRange: kr, values: [s] } : { kind, keyRange: kr, values: [] };
  }
  if (!isSeq(value)) {
    ctx.report(
      value ? nodeRange(value) : kr,
      'hiera-config/wrong-type',
      kind === 'mapped_paths'
        ? "'mapped_paths' must be a list of three strings: the variable holding a list, a key name, and a path template."
        : `'${kind}' must be a list of one or more strings.`,
    );
    return { kind, keyRange: kr, values: [] };
  }
  const values: Located<string>[] = [];
  value.items.forEach((item, index) => {
    const node = item as YamlNode | null;
    const checkInterpolation = kind !== 'uris' && !(kind === 'mapped_paths' && index < 2);
    const s = checkInterpolation ? readPathString(node, kr, kind, ctx) : readString(node, kr, kind, ctx);
    if (s) values.push(s);
  });
  if (kind === 'mapped_paths' && value.items.length !== 3) {
    ctx.report(
      nodeRange(value),
      'hiera-config/wrong-type',
      `'mapped_paths' needs exactly three strings (variable, key, template), not ${value.items.length}.`,
    );
  } else if (value.items.length === 0) {
    ctx.report(nodeRange(value), 'hiera-config/wrong-type', `'${kind}' must list at least one entry.`);
  }
  return { kind, keyRange: kr, values };
}

function readOptions(
  node: YamlNode | null,
  kr: TextRange,
  ctx: Ctx,
  owner: string,
): Located<Readonly<Record<string, unknown>>> | undefined {
  if (!isMap(node)) {
    ctx.report(node ? nodeRange(node) : kr, 'hiera-config/wrong-type', "'options' must be a mapping.");
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const pair of node.items) {
    const key = keyText(pair);
    const range = pairKeyRange(pair);
    if (RESERVED_OPTIONS.includes(key)) {
      ctx.report(
        range,
        'hiera-config/reserved-option',
        `The option '${key}' is reserved by Puppet (in ${owner}); rename it.`,
      );
    } else if (!OPTION_NAME.test(key)) {
      ctx.report(
        range,
        'hiera-config/wrong-type',
        `'${key}' is not a valid option name (letters, digits, '_' and '-', starting with a letter).`,
      );
    }
    const v = pair.value as YamlNode | null;
    out[key] =
      v && typeof (v as { toJSON?: unknown }).toJSON === 'function'
        ? (v as unknown as { toJSON(): unknown }).toJSON()
        : null;
  }
  return { value: out, range: nodeRange(node) };
}

function readString(node: YamlNode | null, kr: TextRange, key: string, ctx: Ctx): Located<string> | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') {
    ctx.report(node ? nodeRange(node) : kr, 'hiera-config/wrong-type', `'${key}' must be a non-empty string.`);
    return undefined;
  }
  return { value: node.value, range: nodeRange(node) };
}

/** A string that Puppet interpolates with variables only (paths, globs, datadirs, templates). */
function readPathString(node: YamlNode | null, kr: TextRange, key: string, ctx: Ctx): Located<string> | undefined {
  const s = readString(node, kr, key, ctx);
  if (!s || !isScalar(node)) return s;
  // Offsets into the value are exact only for plain and single-line quoted scalars without escapes.
  const exact = node.source === s.value || (node.type !== 'PLAIN' && !s.value.includes('\\') && !s.value.includes("'"));
  const base = node.type === 'PLAIN' ? s.range.start : s.range.start + 1;
  const scan = scanInterpolations(s.value, exact ? base : 0);
  const at = (r: TextRange): TextRange => (exact ? r : s.range);
  for (const p of scan.problems) {
    if (p.kind === 'empty') continue;
    ctx.report(at(p.range), 'hiera-config/interpolation', `${p.message} (in '${key}')`);
  }
  for (const part of scan.parts) {
    if (part.kind === 'function') {
      ctx.report(
        at(part.range),
        'hiera-config/function-in-path',
        `Interpolation with ${part.name}() is not allowed in '${key}'; use a variable such as %{facts.x} or %{trusted.certname}.`,
      );
    }
  }
  return s;
}

function readV3(root: YAMLMap, ctx: Ctx): HieraConfigV3 {
  const keys = configKeys(root).map((k) => ({ ...k, key: stripColon(k.key) }));
  let version: Located<number> | undefined;
  let backendNames: Located<string>[] = [{ value: 'yaml', range: nodeRange(root) }];
  let hierarchy: Located<string>[] = [
    { value: 'nodes/%{::trusted.certname}', range: nodeRange(root) },
    { value: 'common', range: nodeRange(root) },
  ];
  let mergeBehavior: Located<string> | undefined;
  const backendSettings = new Map<string, YAMLMap>();
  for (const pair of root.items) {
    const key = stripColon(keyText(pair));
    const value = pair.value as YamlNode | null;
    const kr = pairKeyRange(pair);
    if (key === 'version') version = { value: 3, range: value ? nodeRange(value) : kr };
    else if (key === 'backends') backendNames = readStringOrList(value, kr, key, ctx);
    else if (key === 'hierarchy')
      hierarchy = [...levelsWithin(readStringOrList(value, kr, key, ctx), key, ctx, (h) => h.range)];
    else if (key === 'merge_behavior') mergeBehavior = readString(value, kr, key, ctx);
    else if (isMap(value)) backendSettings.set(key, value);
    else if (!V3_KEYS.includes(key)) {
      ctx.report(kr, 'hiera-config/unknown-key', `Unknown key '${key}' in a Hiera 3 configuration.`);
    }
  }
  const first = root.items[0];
  const anchor = version?.range ?? (first ? pairKeyRange(first) : nodeRange(root));
  ctx.report(
    anchor,
    'hiera-config/version-3',
    ctx.layer === 'environment' || ctx.layer === 'module'
      ? 'This is a Hiera 3 configuration, which Puppet ignores in environments and modules; convert it to version 5.'
      : 'This is a Hiera 3 configuration; convert it to version 5 (`version: 5`, `defaults`, `hierarchy` entries with `name` and `path`).',
  );
  const backends = backendNames.map((name): HieraV3Backend => {
    const settings = backendSettings.get(name.value) ?? backendSettings.get(`:${name.value}`);
    let datadir: Located<string> | undefined;
    let extension: Located<string> | undefined;
    if (settings) {
      for (const pair of settings.items) {
        const k = stripColon(keyText(pair));
        const v = pair.value as YamlNode | null;
        if (k === 'datadir') datadir = readPathString(v, pairKeyRange(pair), k, ctx);
        if (k === 'extension') extension = readString(v, pairKeyRange(pair), k, ctx);
      }
    }
    return { name, datadir, extension };
  });
  for (const h of hierarchy) {
    const scan = scanInterpolations(h.value);
    for (const p of scan.problems) if (p.kind !== 'empty') ctx.report(h.range, 'hiera-config/interpolation', p.message);
  }
  return { kind: 'v3', version, backends, hierarchy, mergeBehavior, keys };
}

function readStringOrList(node: YamlNode | null, kr: TextRange, key: string, ctx: Ctx): Located<string>[] {
  if (isSeq(node)) {
    const out: Located<string>[] = [];
    for (const item of node.items) {
      const s = readString(item as YamlNode | null, kr, key, ctx);
      if (s) out.push(s);
    }
    return out;
  }
  const s = readString(node, kr, key, ctx);
  return s ? [s] : [];
}

/** The one file-system question the datadir check asks; the workspace FileSystem answers it. */
export interface DirectoryProbe {
  isDirectory(path: string): boolean;
}

/**
 * Checks that every datadir a v5 configuration uses exists (relative to the directory holding hiera.yaml).
 * Datadirs with interpolation are skipped: they depend on the node.
 */
export function checkHieraConfigDirectories(
  config: HieraConfigModel,
  configDir: string,
  fs: DirectoryProbe,
): HieraConfigProblem[] {
  const problems: HieraConfigProblem[] = [];
  if (config.kind !== 'v5') return problems;
  const check = (dir: Located<string> | undefined, fallbackRange: TextRange | undefined): void => {
    const declared = dir?.value ?? DEFAULT_V5_DATADIR;
    if (declared.includes('%{')) return;
    const full = declared.startsWith('/') ? declared : `${configDir.replace(/\/+$/, '')}/${declared}`;
    const range = dir?.range ?? fallbackRange;
    if (!isBelow(configDir, full)) {
      if (range) {
        problems.push({
          range,
          code: 'limits/outside',
          message: `The datadir '${declared}' lies outside the folder of this hiera.yaml; the editor does not read it (lookups and checks leave its data out).`,
        });
      }
      return;
    }
    if (fs.isDirectory(full)) return;
    if (!range) return;
    problems.push({
      range,
      code: 'hiera-config/missing-datadir',
      message: `The datadir '${declared}' does not exist (looked for ${full}); create it or fix the path.`,
    });
  };
  const entries = [...(config.hierarchy ?? []), ...(config.defaultHierarchy ?? []), ...(config.planHierarchy ?? [])];
  const seen = new Set<string>();
  for (const e of entries) {
    const dir = e.datadir ?? config.defaults?.datadir;
    const key = dir ? `${dir.range.start}` : 'default';
    if (seen.has(key)) continue;
    seen.add(key);
    check(dir, e.name?.range ?? e.range);
  }
  return problems;
}

/** True when `path` (`.` and `..` resolved) is `dir` or below it. */
function isBelow(dir: string, path: string): boolean {
  const norm = (p: string): string => {
    const parts: string[] = [];
    for (const seg of p.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') parts.pop();
      else parts.push(seg);
    }
    return `/${parts.join('/')}`;
  };
  const d = norm(dir);
  const p = norm(path);
  return p === d || p.startsWith(d === '/' ? '/' : `${d}/`);
}

// --- small helpers over the yaml package's nodes ---

function nodeRange(node: YamlNode): TextRange {
  const r = node.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

function keyText(pair: Pair): string {
  const k = pair.key as YamlNode | null;
  if (isScalar(k)) return String(k.value);
  return '';
}

function pairKeyRange(pair: Pair): TextRange {
  const k = pair.key as YamlNode | null;
  return k ? nodeRange(k) : { start: 0, end: 0 };
}

function configKeys(map: YAMLMap): ConfigKey[] {
  return map.items.map((pair) => {
    const keyRange = pairKeyRange(pair);
    const v = pair.value as YamlNode | null;
    return { key: keyText(pair), keyRange, valueRange: v ? nodeRange(v) : { start: keyRange.end, end: keyRange.end } };
  });
}

function findPair(map: YAMLMap, test: (key: string) => boolean): Pair | undefined {
  return map.items.find((p) => test(keyText(p)));
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** Ruby's `to_i` as Puppet applies it to the version. */
function toInteger(v: unknown): number | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return Math.trunc(v);
  const m = /^\s*[-+]?\d+/.exec(String(v));
  return m ? Number.parseInt(m[0], 10) : 0;
}

function stripColon(key: string): string {
  return key.startsWith(':') ? key.slice(1) : key;
}

function firstLineRange(node: YAMLMap): TextRange {
  const first = node.items[0];
  return first ? pairKeyRange(first) : nodeRange(node);
}

function firstLineRangeOf(entry: HierarchyEntry): TextRange {
  const first = entry.keys[0];
  return first ? first.keyRange : entry.range;
}
