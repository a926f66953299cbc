// The Hiera lookup engine: given a control repo (through the FileSystem), a node and a key, it finds the value
// `puppet lookup` would find, with the same semantics step by step:
//  - three layers, searched in order: global (`$confdir/hiera.yaml`; a default config when the file is absent),
//    environment (`<env>/hiera.yaml`; no layer when the file is absent or is version 3), module
//    (`<module>/hiera.yaml`, only for keys in the module's namespace; other keys in its data are dropped);
//  - per layer, its hierarchy entries in order; per entry, its locations (path, paths, glob, globs, mapped_paths);
//  - the merge (from the caller, else from `lookup_options`, else first) folds values at each of these three
//    levels, see mergeStrategy.ts; `lookup_options` are themselves found with a hash merge, global and
//    environment options winning over module ones, and matched by exact key first, then by regex keys in order;
//  - values are interpolated where they are found (keys of hashes too); `lookup`/`hiera`/`alias` look keys up
//    again with their own lookup_options, `alias` keeps the value's type, a missing key gives an empty string;
//    recursion is detected on the chain of keys being looked up;
//  - dotted keys (`a.b.0`) look up the root key and then dig; a module's `default_hierarchy` is searched last.
// Every step is recorded as explanation nodes (explain.ts). Public functions never throw: errors become results.

import { isFloatValue, numberOf, numberValue, WholeFloat } from '../../base/wholeFloat.js';
import { compileLinear, type LinearRegex } from '../../base/linearRegex.js';
import {
  DEFAULT_V5_DATADIR,
  DEFAULT_V5_HIERARCHY_NAME,
  DEFAULT_V5_PATH,
  parseHieraConfig,
  type BackendKind,
  type HieraConfigModel,
  type HierarchyEntry,
  type HieraDefaults,
  type HieraConfigParse,
  type HieraLayer,
  type LocationKind,
} from '../../syntax/hiera/hieraConfig.js';
import type { ObjectMemos } from '../../base/queries.js';
import { scanInterpolations, splitDottedKey, type KeySegment } from '../../syntax/hiera/interpolation.js';
import type { FileSystem } from '../../workspace/fileSystem.js';
import { dirName, GlobLimitError, globFiles, isInside, joinPath } from './dataPaths.js';
import { dataFormatOf, readDataFile, type DataFileResult, type DataFormat } from './dataReader.js';
import type { HieraDataFile } from '../../syntax/hiera/dataFile.js';
import type { ExplainNode, LayerName } from './explain.js';
import {
  convertFirst,
  describeMerge,
  FIRST,
  mergeSingle,
  mergeValues,
  parseMergeSpec,
  type MergeSpec,
  type MergeStrategyName,
} from './mergeStrategy.js';
import { nodeScope, type LookupNode, type NodeScope } from './nodeScope.js';
import { hashGet, hashHas, isArray, isHash, rubyToS, type HieraHash, type HieraValue } from './values.js';

export interface LookupContext {
  readonly fs: FileSystem;
  /** The environment directory (holding hiera.yaml, data/, modules/). */
  readonly environmentDir: string;
  /** The global hiera.yaml (`$confdir/hiera.yaml`). When omitted there is no global layer. */
  readonly globalConfigPath?: string;
  /** Directories holding modules, searched in order; defaults to `<environmentDir>/modules`. */
  readonly modulePath?: readonly string[];
  readonly node: LookupNode;
  /**
   * The host's reading of a data file, memoised per file and text (a project's: knowledge/lookup/projectData.ts),
   * shared by every session (one per node of a cluster): each file is read once per change, not once per node.
   * Without it a session reads each file once for itself.
   */
  readonly readData?: (path: string, format: DataFormat) => DataFileResult;
  /** The host's parse of a hiera.yaml, memoised per text; without it the session parses the text itself. */
  readonly hieraConfig?: (path: string, layer: HieraLayer) => HieraConfigParse | undefined;
  /** The host's object memos (its QueryDb): a data file's values are converted once per chunk there. */
  readonly memos?: ObjectMemos;
  /** The parse of a YAML data file, when the caller holds one (the project's): the file is then not parsed again. */
  readonly parsedYaml?: (path: string) => HieraDataFile | undefined;
  /**
   * Told of every read of a data file: the top-level key looked at, or undefined when the answer depended on
   * the whole file (a broken file, a module's data filtered to its namespace). Lets a caller keep results while
   * what they read is unchanged.
   */
  readonly recordRead?: (path: string, key: string | undefined) => void;
  /**
   * The folder a datadir written for another machine stands for (`/etc/puppet/hieradata/%{::environment}` →
   * the repo's `hieradata/`), or undefined to read it as Puppet would on this one. Asked for absolute and
   * interpolated datadirs only; see workspace/hieraConfigs.ts.
   */
  readonly mapDatadir?: (configPath: string, declared: string) => string | undefined;
}

export type MergeRequest = MergeSpec | MergeStrategyName;

export type LookupOutcome =
  | { readonly kind: 'found'; readonly value: HieraValue }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'error'; readonly message: string };

export interface LookupResult {
  readonly key: string;
  readonly outcome: LookupOutcome;
  /** The merge used for the key: from the caller, from lookup_options, or the default (first). */
  readonly merge: MergeSpec;
  readonly mergeSource: 'caller' | 'lookup_options' | 'default';
  readonly explanation: readonly ExplainNode[];
}

/** A lookup session: one node, one snapshot of the files. Reuse it for many keys (files are read once). */
export interface LookupSession {
  readonly context: LookupContext;
  readonly lookup: (key: string, merge?: MergeRequest) => LookupResult;
  /** The layers with their resolved hierarchy for this node (used by the where-is-it-set and list queries). */
  readonly layers: () => readonly ResolvedLayer[];
  /** Reads a data file (memoized for the session). */
  readonly readData: (path: string, format: DataFormat) => DataFileResult;
}

export interface ResolvedLocation {
  readonly original: string;
  readonly path: string;
  readonly exists: boolean;
}

export interface ResolvedEntry {
  readonly name: string;
  readonly backendKind: BackendKind;
  readonly functionName: string;
  /** Undefined when the entry declares no location. */
  readonly locations: readonly ResolvedLocation[] | undefined;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface ResolvedLayer {
  readonly layer: LayerName;
  readonly module?: string;
  /** Undefined for a default configuration (no hiera.yaml). */
  readonly configPath?: string;
  readonly version: number;
  readonly entries: readonly ResolvedEntry[];
  readonly defaultEntries?: readonly ResolvedEntry[];
  /** A problem that makes the layer unusable (for example an invalid hiera.yaml). */
  readonly error?: string;
}

/** Looks one key up for a node. */
export function lookupKey(context: LookupContext, key: string, merge?: MergeRequest): LookupResult {
  return createLookupSession(context).lookup(key, merge);
}

const NOT_FOUND: unique symbol = Symbol('not found');
type Maybe = HieraValue | typeof NOT_FOUND;

/** The engine's own failure, turned into an `error` outcome at the public boundary. */
class LookupFailure extends Error {}

/**
 * Work limits of one lookup, far above any real repo's needs: data can ask for exponential work (each value
 * interpolating the previous one twice doubles it) or a huge allocation (`convert_to: Array` on 4000000000).
 * Past a limit the lookup fails with a message that names it, before the work or the allocation.
 */
export const LOOKUP_LIMITS = {
  /** Interpolated strings evaluated in one lookup. */
  interpolations: 20_000,
  /** Characters of one interpolated string. */
  stringChars: 1_000_000,
  /** Elements `convert_to` may create. */
  convertedElements: 100_000,
} as const;

interface CompiledOptions {
  readonly exact: HieraHash;
  readonly patterns: readonly { readonly regex: LinearRegex; readonly value: HieraValue }[];
}

interface Run {
  readonly ctx: LookupContext;
  readonly files: Map<string, DataFileResult>;
  readonly layerCache: Map<string, ResolvedLayer | undefined>;
  readonly optionsCache: Map<string, CompiledOptions | undefined>;
  readonly nameStack: string[];
  /** Interpolated strings evaluated in the current top-level lookup (see LOOKUP_LIMITS). */
  interpolations: number;
  scope: NodeScope;
  /** The children list explanation nodes are appended to. */
  sink: ExplainNode[];
}

export function createLookupSession(context: LookupContext): LookupSession {
  const run: Run = {
    ctx: context,
    files: new Map(),
    layerCache: new Map(),
    optionsCache: new Map(),
    nameStack: [],
    interpolations: 0,
    scope: nodeScope(context.node),
    sink: [],
  };
  return {
    context,
    lookup: (key, merge) => topLookup(run, key, merge),
    layers: () => allLayers(run),
    readData: (path, format) => readData(run, path, format),
  };
}

function topLookup(run: Run, key: string, merge: MergeRequest | undefined): LookupResult {
  const explanation: ExplainNode[] = [];
  run.sink = explanation;
  run.nameStack.length = 0;
  run.interpolations = 0;
  run.optionsCache.clear();
  let spec: MergeSpec = FIRST;
  let mergeSource: LookupResult['mergeSource'] = 'default';
  try {
    const callerSpec = merge === undefined ? undefined : typeof merge === 'string' ? parseMerge(merge) : merge;
    const r = lookupWithOptions(run, key, callerSpec);
    spec = r.spec;
    mergeSource = r.source;
    const outcome: LookupOutcome = r.value === NOT_FOUND ? { kind: 'not-found' } : { kind: 'found', value: r.value };
    return { key, outcome, merge: spec, mergeSource, explanation };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    emit(run, { kind: 'error', message });
    return { key, outcome: { kind: 'error', message }, merge: spec, mergeSource, explanation };
  }
}

function parseMerge(value: HieraValue): MergeSpec {
  const r = parseMergeSpec(value);
  if (r.kind === 'error') throw new LookupFailure(r.message);
  return r.spec;
}

// --- explanation helpers ---

function emit(run: Run, node: ExplainNode): void {
  run.sink.push(node);
}

/** Appends a container node and runs `fn` with its children as the sink. */
function within<T>(run: Run, make: (children: ExplainNode[]) => ExplainNode, fn: () => T): T {
  const children: ExplainNode[] = [];
  run.sink.push(make(children));
  const saved = run.sink;
  run.sink = children;
  try {
    return fn();
  } finally {
    run.sink = saved;
  }
}

// --- the lookup adapter: lookup_options, merge choice, layers, dig, default hierarchy, convert_to ---

interface ParsedKey {
  readonly text: string;
  readonly root: string;
  readonly segments: readonly KeySegment[];
  readonly moduleName: string | undefined;
}

function parseKey(key: string): ParsedKey {
  const split = splitDottedKey(key);
  if (split.kind === 'error') throw new LookupFailure(`Syntax error in key: '${key}'`);
  const [first, ...rest] = split.segments;
  const root = String(first);
  const q = root.indexOf('::');
  return { text: key, root, segments: rest, moduleName: q < 0 ? undefined : root.slice(0, q) };
}

function lookupWithOptions(
  run: Run,
  key: string,
  callerSpec: MergeSpec | undefined,
): { value: Maybe; spec: MergeSpec; source: LookupResult['mergeSource'] } {
  if (key === 'lookup_options' || key.startsWith('lookup_options.')) {
    emit(run, { kind: 'note', text: 'Invalid key "lookup_options"' });
    return { value: NOT_FOUND, spec: callerSpec ?? FIRST, source: callerSpec ? 'caller' : 'default' };
  }
  const pk = parseKey(key);
  const options = lookupOptionsFor(run, pk);
  let spec = callerSpec;
  let source: LookupResult['mergeSource'] = callerSpec ? 'caller' : 'default';
  const optMerge = isHash(options) ? hashGet(options, 'merge') : undefined;
  if (spec === undefined && optMerge !== undefined && optMerge !== null) {
    spec = parseMerge(optMerge);
    source = 'lookup_options';
  }
  const effective = spec ?? FIRST;
  let value = within(
    run,
    (children) => ({ kind: 'search', key, purpose: 'data', children }),
    () => {
      if (source === 'lookup_options') emit(run, { kind: 'merge-source', source: 'lookup_options' });
      const merged = fold(run, effective, LAYERS, (layer) => layerLookup(run, layer, pk, effective));
      const dug = dig(run, pk, merged);
      if (dug !== NOT_FOUND) return dug;
      return lookupDefaultInModule(run, pk);
    },
  );
  const convertTo = isHash(options) ? hashGet(options, 'convert_to') : undefined;
  if (value !== NOT_FOUND && convertTo !== undefined && convertTo !== null)
    value = applyConvertTo(run, key, value, convertTo);
  return { value, spec: effective, source };
}

const LAYERS: readonly LayerName[] = ['global', 'environment', 'module'];

/** Puppet's MergeStrategy#lookup: the three-way behaviour (first found / single / fold) at one level. */
function fold<T>(run: Run, spec: MergeSpec, variants: readonly T[], get: (v: T) => Maybe): Maybe {
  if (spec.strategy === 'first') {
    for (const v of variants) {
      const r = get(v);
      if (r !== NOT_FOUND) return r;
    }
    return NOT_FOUND;
  }
  if (variants.length === 0) return NOT_FOUND;
  if (variants.length === 1) {
    const r = get(variants[0]);
    return r === NOT_FOUND ? r : mergeSingle(spec, r);
  }
  return within(
    run,
    (children) => ({ kind: 'merge', strategy: describeMerge(spec), children }),
    () => {
      let memo: Maybe = NOT_FOUND;
      for (const v of variants) {
        const r = get(v);
        if (r === NOT_FOUND) continue;
        if (memo === NOT_FOUND) memo = convertFirst(spec, r);
        else {
          const m = mergeValues(spec, memo, r);
          if (m.kind === 'error') throw new LookupFailure(m.message);
          memo = m.value;
        }
      }
      if (memo !== NOT_FOUND) emit(run, { kind: 'merged', value: memo });
      return memo;
    },
  );
}

function dig(run: Run, pk: ParsedKey, value: Maybe): Maybe {
  if (value === NOT_FOUND || pk.segments.length === 0) return value;
  return digSegments(run, pk.text, pk.segments, value);
}

function rubyClass(v: HieraValue): string {
  if (v === null) return 'NilClass';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number' || v instanceof WholeFloat) return isFloatValue(v) ? 'Float' : 'Integer';
  if (typeof v === 'boolean') return v ? 'TrueClass' : 'FalseClass';
  return isArray(v) ? 'Array' : 'Hash';
}

/** Puppet's sub_lookup: digs into a value with the segments of a dotted key. */
function digSegments(run: Run, key: string, segments: readonly KeySegment[], start: HieraValue): Maybe {
  return within(
    run,
    (children) => ({ kind: 'sub-lookup', segments, children }),
    () => {
      let value: HieraValue = start;
      for (const seg of segments) {
        if (value === null) {
          emit(run, { kind: 'not-found', key: String(seg) });
          return NOT_FOUND;
        }
        if (typeof seg === 'number' && isArray(value)) {
          if (seg < 0 || seg >= value.length) {
            emit(run, { kind: 'not-found', key: String(seg) });
            return NOT_FOUND;
          }
          value = value[seg];
        } else {
          if (!isHash(value)) {
            throw new LookupFailure(
              `Data Provider type mismatch: Got ${rubyClass(value)} when a hash-like object was expected to access value using '${seg}' from key '${key}'`,
            );
          }
          if (!hashHas(value, seg)) {
            emit(run, { kind: 'not-found', key: String(seg) });
            return NOT_FOUND;
          }
          value = hashGet(value, seg) as HieraValue;
        }
        emit(run, { kind: 'found', key: String(seg), value });
      }
      return value;
    },
  );
}

/** Guards the chain of keys being looked up against recursion (Puppet's Invocation#check). */
function checked<T>(run: Run, name: string, fn: () => T): T {
  if (run.nameStack.includes(name)) {
    throw new LookupFailure(`Recursive lookup detected in [${run.nameStack.join(', ')}]`);
  }
  run.nameStack.push(name);
  try {
    return fn();
  } finally {
    run.nameStack.pop();
  }
}

// --- lookup_options ---

function lookupOptionsFor(run: Run, pk: ParsedKey): HieraValue | undefined {
  const cacheKey = pk.moduleName ?? '';
  let compiled: CompiledOptions | undefined;
  if (run.optionsCache.has(cacheKey)) compiled = run.optionsCache.get(cacheKey);
  else {
    compiled = retrieveLookupOptions(run, pk.moduleName);
    run.optionsCache.set(cacheKey, compiled);
  }
  return extractOptions(compiled, pk.root);
}

function extractOptions(compiled: CompiledOptions | undefined, root: string): HieraValue | undefined {
  if (!compiled) return undefined;
  const exact = hashGet(compiled.exact, root);
  if (exact !== undefined && exact !== null) return exact;
  for (const p of compiled.patterns) if (p.regex.test(root)) return p.value;
  return undefined;
}

const HASH: MergeSpec = { strategy: 'hash' };
const OPTIONS_KEY: ParsedKey = { text: 'lookup_options', root: 'lookup_options', segments: [], moduleName: undefined };

function retrieveLookupOptions(run: Run, moduleName: string | undefined): CompiledOptions | undefined {
  return within(
    run,
    (children) => ({ kind: 'search', key: 'lookup_options', purpose: 'lookup_options', children }),
    () => {
      const optionsKey: ParsedKey = { ...OPTIONS_KEY, moduleName };
      const global = validateOptions(layerLookup(run, 'global', optionsKey, HASH), undefined);
      const env = validateOptions(layerLookup(run, 'environment', optionsKey, HASH), undefined);
      let opts: HieraHash | undefined;
      if (global === undefined) opts = env;
      else if (env === undefined) opts = global;
      else {
        const m = mergeValues(HASH, global, env);
        if (m.kind === 'error') throw new LookupFailure(m.message);
        opts = m.value as HieraHash;
      }
      if (moduleName !== undefined) {
        const mod = validateOptions(layerLookup(run, 'module', optionsKey, HASH), moduleName);
        if (opts === undefined) opts = mod;
        else if (mod !== undefined) {
          const m = mergeValues(HASH, opts, mod);
          if (m.kind === 'error') throw new LookupFailure(m.message);
          opts = m.value as HieraHash;
        }
      }
      return compileOptions(run, opts);
    },
  );
}

function validateOptions(value: Maybe, moduleName: string | undefined): HieraHash | undefined {
  if (value === NOT_FOUND || value === null) return undefined;
  if (!isHash(value)) throw new LookupFailure('value of lookup_options must be a hash');
  if (moduleName === undefined) return value;
  const prefix = `${moduleName}::`;
  for (const k of value.keys()) {
    const key = String(k);
    if (key.startsWith('^')) {
      if (key.slice(1, 1 + prefix.length) !== prefix) {
        throw new LookupFailure(
          `all lookup_options patterns must match a key starting with module name '${moduleName}'`,
        );
      }
    } else if (!key.startsWith(prefix)) {
      throw new LookupFailure(`all lookup_options keys must start with module name '${moduleName}'`);
    }
  }
  return value;
}

/**
 * A lookup_options key as a regex on the linear-time engine (Ruby's `^`/`$` match at lines). Undefined for a valid
 * pattern the engine cannot run (lookaround, backreferences): the caller skips it with a note.
 */
function rubyRegex(source: string): LinearRegex | undefined {
  const re2 = source.replace(/\\Z/g, '\\n?\\z');
  const c = compileLinear(re2, { multiline: true });
  if (c.ok) return c.regex;
  try {
    // Only parsed, never run: tells a pattern Ruby accepts from a broken one.
    new RegExp(source.replace(/\\A/g, '^').replace(/\\[zZ]/g, '$'), 'm');
  } catch (e) {
    throw new LookupFailure(
      `Invalid regular expression in lookup_options: '${source}': ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return undefined;
}

function compileOptions(run: Run, opts: HieraHash | undefined): CompiledOptions | undefined {
  if (!opts) return undefined;
  const exact = new Map<HieraValue, HieraValue>();
  const patterns: { regex: LinearRegex; value: HieraValue }[] = [];
  for (const [k, v] of opts) {
    if (typeof k === 'string' && k.startsWith('^')) {
      const regex = rubyRegex(k);
      if (regex) patterns.push({ regex, value: v });
      else
        emit(run, {
          kind: 'note',
          text: `lookup_options pattern '${k}' uses lookaround or a backreference, which this engine does not run; it is skipped`,
        });
    } else exact.set(k, v);
  }
  return { exact, patterns };
}

// --- layers ---

function allLayers(run: Run): ResolvedLayer[] {
  const out: ResolvedLayer[] = [];
  const g = resolveLayer(run, 'global', undefined);
  if (g) out.push(g);
  const e = resolveLayer(run, 'environment', undefined);
  if (e) out.push(e);
  for (const name of moduleNames(run)) {
    const m = resolveLayer(run, 'module', name);
    if (m) out.push(m);
  }
  return out;
}

function modulePath(run: Run): readonly string[] {
  return run.ctx.modulePath ?? [joinPath(run.ctx.environmentDir, 'modules')];
}

function moduleNames(run: Run): string[] {
  const seen = new Set<string>();
  for (const dir of modulePath(run)) {
    if (!run.ctx.fs.isDirectory(dir)) continue;
    for (const e of run.ctx.fs.readDirectory(dir)) {
      if (e.isDirectory && /^[a-z][a-z0-9_]*$/.test(e.name) && run.ctx.fs.exists(`${dir}/${e.name}/hiera.yaml`))
        seen.add(e.name);
    }
  }
  return [...seen].sort();
}

function findModuleDir(run: Run, name: string): string | undefined {
  for (const dir of modulePath(run)) {
    const candidate = joinPath(dir, name);
    if (run.ctx.fs.isDirectory(candidate)) return candidate;
  }
  return undefined;
}

/** A layer's configuration resolved for this node; undefined when the layer has no data provider. */
function resolveLayer(run: Run, layer: LayerName, moduleName: string | undefined): ResolvedLayer | undefined {
  const cacheKey = `${layer}:${moduleName ?? ''}`;
  if (run.layerCache.has(cacheKey)) return run.layerCache.get(cacheKey);
  const saved = run.sink;
  run.sink = [];
  let resolved: ResolvedLayer | undefined;
  try {
    resolved = computeLayer(run, layer, moduleName);
  } finally {
    run.sink = saved;
  }
  run.layerCache.set(cacheKey, resolved);
  return resolved;
}

function computeLayer(run: Run, layer: LayerName, moduleName: string | undefined): ResolvedLayer | undefined {
  const fs = run.ctx.fs;
  let configPath: string;
  if (layer === 'global') {
    if (!run.ctx.globalConfigPath) return undefined;
    configPath = run.ctx.globalConfigPath;
  } else if (layer === 'environment') {
    configPath = joinPath(run.ctx.environmentDir, 'hiera.yaml');
  } else {
    const dir = moduleName ? findModuleDir(run, moduleName) : undefined;
    if (!dir) return undefined;
    configPath = joinPath(dir, 'hiera.yaml');
  }
  const root = dirName(configPath);
  const text = fs.readFile(configPath);
  if (text === undefined) {
    if (layer !== 'global') return undefined;
    return resolveV5(run, layer, moduleName, undefined, root, undefined);
  }
  const parsed = run.ctx.hieraConfig?.(configPath, layer) ?? parseHieraConfig(text, { layer });
  const config: HieraConfigModel = parsed.config;
  // Puppet 7 still reads a Hiera 4 file in an environment or a module (with a deprecation warning); the global
  // layer refuses it.
  if (config.kind === 'v4' && layer !== 'global') return resolveV4(run, layer, moduleName, configPath, root, config);
  const fatal = parsed.problems.find((p) => isFatal(p.code));
  if (config.kind === 'invalid' || config.kind === 'v4' || fatal) {
    const message = fatal ? `${configPath}: ${fatal.message}` : `${configPath}: invalid configuration`;
    return {
      layer,
      module: moduleName,
      configPath,
      version: config.kind === 'v3' ? 3 : 5,
      entries: [],
      error: message,
    };
  }
  if (config.kind === 'v3') {
    // Only the global layer reads Hiera 3 configurations; environments and modules ignore them.
    if (layer !== 'global') return undefined;
    return resolveV3(run, configPath, config);
  }
  return resolveV5(run, layer, moduleName, configPath, root, config);
}

function isFatal(code: string): boolean {
  return (
    code === 'hiera-config/unknown-key' ||
    code === 'hiera-config/wrong-type' ||
    code === 'hiera-config/missing-name' ||
    code === 'hiera-config/duplicate-name' ||
    code === 'hiera-config/missing-backend' ||
    code === 'hiera-config/multiple-backends' ||
    code === 'hiera-config/multiple-locations' ||
    code === 'hiera-config/reserved-option' ||
    code === 'hiera-config/default-hierarchy-not-in-module' ||
    code === 'hiera-config/hiera3-backend-not-global' ||
    code === 'hiera-config/unsupported-version'
  );
}

interface EntryDecl {
  readonly name: string;
  readonly backendKind: BackendKind;
  readonly functionName: string;
  readonly datadir: string;
  readonly location: { readonly kind: LocationKind; readonly values: readonly string[] } | undefined;
  readonly options: Readonly<Record<string, unknown>>;
}

function declaredEntries(entries: readonly HierarchyEntry[], defaults: HieraDefaults | undefined): EntryDecl[] {
  return entries.map((e) => {
    const backend = e.backend ?? defaults?.backend;
    return {
      name: e.name?.value ?? '',
      backendKind: backend?.kind ?? 'data_hash',
      functionName: backend?.function.value ?? 'yaml_data',
      datadir: e.datadir?.value ?? defaults?.datadir?.value ?? DEFAULT_V5_DATADIR,
      location: e.location ? { kind: e.location.kind, values: e.location.values.map((v) => v.value) } : undefined,
      options: e.options?.value ?? defaults?.options?.value ?? {},
    };
  });
}

const DEFAULT_ENTRY: EntryDecl = {
  name: DEFAULT_V5_HIERARCHY_NAME,
  backendKind: 'data_hash',
  functionName: 'yaml_data',
  datadir: DEFAULT_V5_DATADIR,
  location: { kind: 'path', values: [DEFAULT_V5_PATH] },
  options: {},
};

function resolveV5(
  run: Run,
  layer: LayerName,
  moduleName: string | undefined,
  configPath: string | undefined,
  root: string,
  config: Extract<HieraConfigModel, { kind: 'v5' }> | undefined,
): ResolvedLayer {
  const isDefault = configPath === undefined;
  let decls: EntryDecl[];
  if (!config) decls = [DEFAULT_ENTRY];
  else if (config.hierarchy === undefined)
    decls = [config.defaults ? { ...DEFAULT_ENTRY, ...pickDefaults(config.defaults) } : DEFAULT_ENTRY];
  else decls = declaredEntries(config.hierarchy, config.defaults);
  try {
    const entries = resolveEntries(run, root, decls, isDefault, layer === 'global' ? undefined : root, configPath);
    const defaultEntries =
      config?.defaultHierarchy && layer === 'module'
        ? resolveEntries(run, root, declaredEntries(config.defaultHierarchy, config.defaults), isDefault, root)
        : undefined;
    return { layer, module: moduleName, configPath, version: 5, entries, defaultEntries };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { layer, module: moduleName, configPath, version: 5, entries: [], error: message };
  }
}

/** The file extension Hiera 4 gives each backend's data files. */
function v4Extension(backend: string): string {
  return backend === 'hocon' ? '.conf' : `.${backend}`;
}

/**
 * A Hiera 4 hierarchy, as Puppet 7 reads it in an environment or module: each entry names a backend (yaml, json,
 * ...) and a path (its `path`, else its `name`) below its datadir (the entry's, the file's, else `data`), the
 * backend's extension added when the path lacks it. No hierarchy: `common` with yaml.
 */
function resolveV4(
  run: Run,
  layer: LayerName,
  moduleName: string | undefined,
  configPath: string,
  root: string,
  config: Extract<HieraConfigModel, { kind: 'v4' }>,
): ResolvedLayer {
  const base = { layer, module: moduleName, configPath, version: 4 } as const;
  const datadir = config.datadir?.value ?? DEFAULT_V5_DATADIR;
  const decls: EntryDecl[] = [];
  const hierarchy =
    config.hierarchy ??
    [{ name: 'common', backend: 'yaml' }].map((e) => ({
      name: { value: e.name },
      backend: { value: e.backend },
    }));
  for (const [i, e] of hierarchy.entries()) {
    const missing = !e.name ? 'name' : !e.backend ? 'backend' : undefined;
    if (missing || !e.name || !e.backend)
      return {
        ...base,
        entries: [],
        error: `${configPath}: hierarchy entry ${i} has no '${missing}', which Hiera 4 requires`,
      };
    const backend = e.backend.value;
    const ext = v4Extension(backend);
    const path = 'path' in e && e.path ? e.path.value : e.name.value;
    decls.push({
      name: e.name.value,
      backendKind: 'data_hash',
      functionName: backend === 'yaml' ? 'yaml_data' : backend === 'json' ? 'json_data' : `${backend}_data`,
      datadir: ('datadir' in e && e.datadir?.value) || datadir,
      location: { kind: 'path', values: [path.endsWith(ext) ? path : `${path}${ext}`] },
      options: {},
    });
  }
  try {
    return { ...base, entries: resolveEntries(run, root, decls, false, root, configPath) };
  } catch (e) {
    return { ...base, entries: [], error: e instanceof Error ? e.message : String(e) };
  }
}

function pickDefaults(defaults: HieraDefaults): Partial<EntryDecl> {
  return {
    ...(defaults.backend ? { backendKind: defaults.backend.kind, functionName: defaults.backend.function.value } : {}),
    ...(defaults.datadir ? { datadir: defaults.datadir.value } : {}),
  };
}

/**
 * Data outside the directory of its hiera.yaml is not read: a `datadir: /`, `../../..` or a path that climbs out
 * would make the editor walk and show the machine's files. hiera.yaml's diagnostics say so (limits/outside).
 */
function confined(root: string | undefined, path: string): boolean {
  return root === undefined || isInside(root, path);
}

function boundedGlob(run: Run, confine: string | undefined, pattern: string): string[] {
  if (!confined(confine, pattern)) return [];
  try {
    // Braces may still hold `..` segments: a match outside is dropped too.
    return globFiles(run.ctx.fs, pattern).filter((path) => confined(confine, joinPath('/', path)));
  } catch (e) {
    if (e instanceof GlobLimitError) throw new LookupFailure(`Hiera: ${e.message}; this engine stops there`);
    throw e;
  }
}

/**
 * `within`: the directory data must lie in (undefined for the global layer, the machine's own configuration). A
 * datadir written as a path of the machine Puppet runs on and matched into the repo (`mapDatadir`) is confined to
 * the repo instead of the hiera.yaml's folder.
 */
function resolveEntries(
  run: Run,
  root: string,
  decls: readonly EntryDecl[],
  isDefault: boolean,
  within: string | undefined,
  configPath?: string,
): ResolvedEntry[] {
  const out: ResolvedEntry[] = [];
  for (const d of decls) {
    const elsewhere = configPath !== undefined && (d.datadir.startsWith('/') || d.datadir.includes('%{'));
    const mapped = elsewhere ? run.ctx.mapDatadir?.(configPath, d.datadir) : undefined;
    const datadir = mapped ?? interpolatePath(run, joinPath(root, d.datadir));
    const confine = mapped !== undefined && within !== undefined ? run.ctx.environmentDir : within;
    let locations: ResolvedLocation[] | undefined;
    const loc = d.location;
    if (loc) {
      switch (loc.kind) {
        case 'path':
        case 'paths':
          locations = loc.values.map((original) => {
            const path = joinPath(datadir, interpolatePath(run, original));
            return {
              original,
              path,
              exists: confined(confine, path) && run.ctx.fs.exists(path) && !run.ctx.fs.isDirectory(path),
            };
          });
          if (isDefault) locations = locations.filter((l) => l.exists);
          break;
        case 'glob':
        case 'globs':
          locations = loc.values.flatMap((original) => {
            const pattern = joinPath(datadir, interpolatePath(run, original));
            return boundedGlob(run, confine, pattern).map((path) => ({ original: pattern, path, exists: true }));
          });
          break;
        case 'uri':
        case 'uris':
          locations = loc.values.map((original) => ({ original, path: interpolatePath(run, original), exists: true }));
          break;
        case 'mapped_paths':
          locations = expandMappedPaths(run, confine, datadir, loc.values);
          break;
      }
    }
    if (isDefault && locations !== undefined && locations.length === 0) continue;
    out.push({ name: d.name, backendKind: d.backendKind, functionName: d.functionName, locations, options: d.options });
  }
  return out;
}

function expandMappedPaths(
  run: Run,
  confine: string | undefined,
  datadir: string,
  triplet: readonly string[],
): ResolvedLocation[] {
  if (triplet.length !== 3) return [];
  const [variable, localName, template] = triplet;
  let mapped = scopeLookup(run, variable, 'mapped_path[0]');
  if (
    mapped === null ||
    mapped === '' ||
    (isArray(mapped) && mapped.length === 0) ||
    (isHash(mapped) && mapped.size === 0)
  )
    return [];
  if (typeof mapped === 'string') mapped = [mapped];
  const items: readonly HieraValue[] = isArray(mapped)
    ? mapped
    : isHash(mapped)
      ? [...mapped].map(([k, v]) => [k, v])
      : [mapped];
  const saved = run.scope;
  try {
    return items.map((item) => {
      run.scope = saved.withLocal(localName, item);
      const path = joinPath(datadir, interpolatePath(run, template));
      return {
        original: template,
        path,
        exists: confined(confine, path) && run.ctx.fs.exists(path) && !run.ctx.fs.isDirectory(path),
      };
    });
  } finally {
    run.scope = saved;
  }
}

function resolveV3(run: Run, configPath: string, config: Extract<HieraConfigModel, { kind: 'v3' }>): ResolvedLayer {
  const entries: ResolvedEntry[] = [];
  try {
    for (const b of config.backends) {
      const backend = b.name.value;
      if (backend !== 'yaml' && backend !== 'json') {
        entries.push({
          name: backend,
          backendKind: 'hiera3_backend',
          functionName: backend,
          locations: [],
          options: {},
        });
        continue;
      }
      const datadirRaw = b.datadir?.value ?? '/etc/puppetlabs/code/environments/%{::environment}/hieradata';
      const datadir = run.ctx.mapDatadir?.(configPath, datadirRaw) ?? interpolatePath(run, datadirRaw);
      const ext = b.extension ? `.${b.extension.value}` : `.${backend}`;
      const locations = config.hierarchy.map((h) => {
        let p = interpolatePath(run, h.value);
        if (!p.endsWith(ext)) p += ext;
        const path = joinPath(datadir, p);
        return { original: h.value, path, exists: run.ctx.fs.exists(path) };
      });
      entries.push({
        name: backend,
        backendKind: 'data_hash',
        functionName: `${backend}_data`,
        locations,
        options: {},
      });
    }
    return { layer: 'global', configPath, version: 3, entries };
  } catch (e) {
    return { layer: 'global', configPath, version: 3, entries: [], error: e instanceof Error ? e.message : String(e) };
  }
}

// --- searching a layer, an entry, a location ---

function layerLookup(run: Run, layer: LayerName, pk: ParsedKey, spec: MergeSpec): Maybe {
  const moduleName = layer === 'module' ? pk.moduleName : undefined;
  if (layer === 'module') {
    if (moduleName === undefined) return NOT_FOUND;
    if (!findModuleDir(run, moduleName)) {
      emit(run, { kind: 'note', text: `Module "${moduleName}" not found` });
      return NOT_FOUND;
    }
  }
  const resolved = resolveLayer(run, layer, moduleName);
  if (!resolved) {
    if (layer === 'module')
      emit(run, { kind: 'note', text: `Module data provider for module "${moduleName}" not found` });
    return NOT_FOUND;
  }
  return checked(run, pk.text, () =>
    within(
      run,
      (children) => ({
        kind: 'layer',
        layer,
        module: moduleName,
        configPath: resolved.configPath,
        version: resolved.version,
        children,
      }),
      () => {
        if (resolved.error) throw new LookupFailure(resolved.error);
        if (resolved.entries.length === 0) {
          emit(run, { kind: 'not-found', key: pk.root });
          return NOT_FOUND;
        }
        return fold(run, spec, resolved.entries, (entry) => entryLookup(run, resolved, entry, pk, spec));
      },
    ),
  );
}

function entryLookup(run: Run, layer: ResolvedLayer, entry: ResolvedEntry, pk: ParsedKey, spec: MergeSpec): Maybe {
  return within(
    run,
    (children) => ({ kind: 'entry', name: entry.name, backend: entry.functionName, children }),
    () => {
      const format = dataFormatOf(entry.functionName);
      if (format === undefined) {
        emit(run, {
          kind: 'note',
          text: `The backend function '${entry.functionName}' cannot be evaluated here; the entry is skipped`,
        });
        return NOT_FOUND;
      }
      if (entry.locations === undefined) {
        throw new LookupFailure(
          `one of 'path', 'paths' 'glob', 'globs' or 'mapped_paths' must be declared in hiera.yaml when using this ${entry.backendKind} function`,
        );
      }
      return fold(run, spec, entry.locations, (loc) => locationLookup(run, layer, loc, pk, format));
    },
  );
}

function readData(run: Run, path: string, format: DataFormat): DataFileResult {
  const cacheKey = `${format}:${path}`;
  let r = run.files.get(cacheKey);
  if (!r) {
    r = run.ctx.readData
      ? run.ctx.readData(path, format)
      : readDataFile(run.ctx.fs, path, format, run.ctx.parsedYaml, run.ctx.memos);
    run.files.set(cacheKey, r);
  }
  return r;
}

function locationLookup(
  run: Run,
  layer: ResolvedLayer,
  loc: ResolvedLocation,
  pk: ParsedKey,
  format: DataFormat,
): Maybe {
  return within(
    run,
    (children) => ({ kind: 'location', path: loc.path, original: loc.original, exists: loc.exists, children }),
    () => {
      if (!loc.exists) return NOT_FOUND;
      const data = readData(run, loc.path, format);
      const module = layer.layer === 'module' && layer.module;
      run.ctx.recordRead?.(loc.path, data.kind === 'ok' && !module ? pk.root : undefined);
      if (data.kind === 'missing') return NOT_FOUND;
      if (data.kind === 'error') {
        emit(run, { kind: 'error', message: data.message, path: loc.path, offset: data.offset });
        throw new LookupFailure(`Unable to parse (${loc.path}): ${data.message}`);
      }
      const hash = layer.layer === 'module' && layer.module ? moduleFilter(data.data, layer.module) : data.data;
      if (!hashHas(hash, pk.root)) {
        emit(run, { kind: 'not-found', key: pk.root });
        return NOT_FOUND;
      }
      const raw = hashGet(hash, pk.root) as HieraValue;
      const value = interpolate(run, raw, true);
      emit(run, { kind: 'found', key: pk.root, value });
      return value;
    },
  );
}

/** A module's data may only hold keys in the module's namespace (and lookup_options); Puppet drops the others. */
function moduleFilter(data: HieraHash, moduleName: string): HieraHash {
  const prefix = `${moduleName}::`;
  let out: Map<HieraValue, HieraValue> | undefined;
  for (const k of data.keys()) {
    if (k === 'lookup_options' || (typeof k === 'string' && k.startsWith(prefix))) continue;
    out ??= new Map(data);
    out.delete(k);
  }
  return out ?? data;
}

/** Searches a module's default_hierarchy, with lookup_options from that hierarchy only. */
function lookupDefaultInModule(run: Run, pk: ParsedKey): Maybe {
  if (pk.moduleName === undefined) return NOT_FOUND;
  if (!findModuleDir(run, pk.moduleName)) return NOT_FOUND;
  const layer = resolveLayer(run, 'module', pk.moduleName);
  if (!layer || !layer.defaultEntries) return NOT_FOUND;
  const entries = layer.defaultEntries;
  return within(
    run,
    (children) => ({ kind: 'search', key: pk.text, purpose: 'default_hierarchy', children }),
    () => {
      const optionsKey: ParsedKey = { ...OPTIONS_KEY, moduleName: pk.moduleName };
      const optValue =
        entries.length === 0
          ? NOT_FOUND
          : fold(run, HASH, entries, (e) => entryLookup(run, layer, e, optionsKey, HASH));
      const compiled = compileOptions(run, validateOptions(optValue, pk.moduleName));
      const opts = extractOptions(compiled, pk.root);
      const m = isHash(opts) ? hashGet(opts, 'merge') : undefined;
      const spec = m !== undefined && m !== null ? parseMerge(m) : FIRST;
      if (entries.length === 0) return NOT_FOUND;
      const value = checked(run, pk.text, () => fold(run, spec, entries, (e) => entryLookup(run, layer, e, pk, spec)));
      return dig(run, pk, value);
    },
  );
}

// --- interpolation ---

function interpolatePath(run: Run, text: string): string {
  const v = interpolate(run, text, false);
  return typeof v === 'string' ? v : rubyToS(v);
}

/** Puppet's Interpolation#interpolate: strings, and recursively array elements and hash keys and values. */
function interpolate(run: Run, value: HieraValue, allowMethods: boolean): HieraValue {
  if (typeof value === 'string') return value.includes('%{') ? interpolateString(run, value, allowMethods) : value;
  if (isArray(value)) return value.map((v) => interpolate(run, v, allowMethods));
  if (isHash(value)) {
    const out = new Map<HieraValue, HieraValue>();
    for (const [k, v] of value) out.set(interpolate(run, k, allowMethods), interpolate(run, v, allowMethods));
    return out;
  }
  return value;
}

function interpolateString(run: Run, subject: string, allowMethods: boolean): HieraValue {
  if (++run.interpolations > LOOKUP_LIMITS.interpolations) {
    throw new LookupFailure(
      `The lookup interpolates more than ${LOOKUP_LIMITS.interpolations} strings (values that interpolate each other many times over); this engine stops there.`,
    );
  }
  return within(
    run,
    (children) => ({ kind: 'interpolation', subject, children }),
    () => {
      // The one reading of `%{...}` (syntax/hiera/interpolation.ts), evaluated as Puppet's Interpolation module does.
      let out = '';
      for (const part of scanInterpolations(subject).parts) {
        let method: string;
        let arg: string;
        switch (part.kind) {
          case 'text':
            out += part.text;
            continue;
          case 'empty':
            continue;
          case 'variable':
            [method, arg] = ['scope', part.name];
            break;
          case 'function':
            [method, arg] = [part.name, part.argument];
            break;
          case 'malformed':
            [method, arg] = [part.unknownFunction ?? 'scope', part.text];
            break;
        }
        const methodSyntax =
          part.kind === 'function' || (part.kind === 'malformed' && part.unknownFunction !== undefined);
        if (methodSyntax && !allowMethods)
          throw new LookupFailure('Interpolation using method syntax is not allowed in this context');
        let value: HieraValue;
        switch (method) {
          case 'alias': {
            if (part.range.start !== 0 || part.range.end !== subject.length)
              throw new LookupFailure(
                "'alias' interpolation is only permitted if the expression is equal to the entire string",
              );
            // The alias's value is the whole result and keeps its type.
            return globalLookup(run, arg);
          }
          case 'lookup':
          case 'hiera':
            value = globalLookup(run, arg);
            break;
          case 'scope':
            value = scopeLookup(run, arg, subject);
            break;
          case 'literal':
            value = arg;
            break;
          default:
            throw new LookupFailure(`Unknown interpolation method '${method}'`);
        }
        const again = checked(run, method === 'scope' ? `scope:${arg}` : arg, () =>
          interpolate(run, value, allowMethods),
        );
        out += again === null ? '' : rubyToS(again);
        if (out.length > LOOKUP_LIMITS.stringChars) {
          throw new LookupFailure(
            `Interpolating '${subject.slice(0, 80)}' makes a string of more than ${LOOKUP_LIMITS.stringChars} characters; this engine stops there.`,
          );
        }
      }
      return out;
    },
  ) as HieraValue;
}

/** `lookup('k')`, `hiera('k')` and `alias('k')`: a full lookup with the key's own merge, '' when not found. */
function globalLookup(run: Run, key: string): HieraValue {
  const r = lookupWithOptions(run, key, undefined);
  return r.value === NOT_FOUND ? '' : r.value;
}

/** A variable (`facts.x`, `::fqdn`, `trusted.certname`, `scope('x')`): nil (empty) when it does not exist. */
function scopeLookup(run: Run, key: string, subject: string): HieraValue {
  const split = splitDottedKey(key);
  if (split.kind === 'error') throw new LookupFailure(`Syntax error in string: ${subject}`);
  const [root, ...segments] = split.segments;
  return within(
    run,
    (children) => ({ kind: 'scope', children }),
    () => {
      const value = run.scope.get(String(root));
      if (value === undefined || value === null) return null;
      emit(run, { kind: 'found', key: String(root), value });
      if (segments.length === 0) return value;
      const dug = digSegments(run, key, segments, value);
      return dug === NOT_FOUND ? null : dug;
    },
  );
}

// --- convert_to ---

function applyConvertTo(run: Run, key: string, value: HieraValue, convertTo: HieraValue): HieraValue {
  const args = isArray(convertTo) ? convertTo : [convertTo];
  const type = args[0];
  if (typeof type !== 'string') throw new LookupFailure(`Invalid data type in lookup_options for key '${key}'`);
  emit(run, { kind: 'note', text: `Applying convert_to lookup_option with arguments ${JSON.stringify(args)}` });
  const fail = (msg: string): never => {
    throw new LookupFailure(`The convert_to lookup_option for key '${key}' raised error: ${msg}`);
  };
  switch (type) {
    case 'Array':
    case 'Tuple':
      if (isArray(value)) return value;
      if (isHash(value)) return [...value].map(([k, v]) => [k, v]);
      if (args[1] === true) return [value];
      if (typeof value === 'string') return [...value];
      if (typeof value === 'number' && Number.isInteger(value) && value > LOOKUP_LIMITS.convertedElements) {
        return fail(
          `Converting ${value} to an Array makes ${value} elements; this engine builds at most ${LOOKUP_LIMITS.convertedElements}`,
        );
      }
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0)
        return Array.from({ length: value }, (_, i) => i);
      return fail(`Converted value from ${rubyClass(value)} to Array is not supported`);
    case 'String':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean' || value instanceof WholeFloat) return rubyToS(value);
      return fail(`Converting ${rubyClass(value)} to String is not supported by this engine`);
    case 'Integer':
    case 'Float':
    case 'Numeric': {
      if (typeof value === 'number' || value instanceof WholeFloat) {
        const n = numberOf(value)!;
        return type === 'Integer' ? Math.trunc(n) : type === 'Float' ? numberValue(n, true) : value;
      }
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'string') {
        const n = parseRubyNumber(value.trim(), type);
        if (n === undefined) return fail(`The string '${value}' cannot be converted to ${type}`);
        return numberValue(n, type === 'Float' || (type === 'Numeric' && /[.eE]/.test(value)));
      }
      return fail(`Converting ${rubyClass(value)} to ${type} is not supported`);
    }
    case 'Boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number' || value instanceof WholeFloat) return numberOf(value) !== 0;
      if (typeof value === 'string') {
        if (/^(?:true|yes|y)$/i.test(value)) return true;
        if (/^(?:false|no|n)$/i.test(value)) return false;
      }
      return fail(`The string '${String(value)}' cannot be converted to Boolean`);
    default:
      return fail(`convert_to '${type}' is not supported by this engine`);
  }
}

function parseRubyNumber(s: string, type: string): number | undefined {
  const sign = s.startsWith('-') ? -1 : 1;
  const body = s.replace(/^[-+]/, '');
  if (type !== 'Float') {
    if (/^0[xX][0-9a-fA-F]+$/.test(body)) return sign * Number.parseInt(body.slice(2), 16);
    if (/^0[bB][01]+$/.test(body)) return sign * Number.parseInt(body.slice(2), 2);
    if (/^0[0-7]+$/.test(body)) return sign * Number.parseInt(body.slice(1), 8);
    if (/^\d+$/.test(body)) return sign * Number.parseInt(body, 10);
  }
  if (type !== 'Integer' && /^\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(body)) return sign * Number.parseFloat(body);
  return undefined;
}
