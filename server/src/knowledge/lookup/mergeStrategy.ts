// Hiera's merge strategies with Puppet's exact semantics. A lookup merges at three nested levels (layers, then
// hierarchy entries, then the locations of one entry), and at each level a strategy either takes one found value
// as is (`single`: `unique` only de-duplicates it) or folds several: the first found value is converted
// (`unique` flattens it, or wraps a scalar in an array) and each later, lower-priority value is merged into it.
//  - first: the first found value wins; nothing is merged.
//  - unique: arrays flattened and united, higher priority first.
//  - hash: a shallow merge of hashes; on a shared key the higher priority wins; key order is the lower one's.
//  - deep: a recursive merge (the semantics of the deep_merge gem that Puppet uses): hashes merge key by key,
//    arrays are united (lower priority elements first), scalars from higher priority win, `undef` never
//    overrides; `knockout_prefix` removes values, `sort_merged_arrays` sorts united arrays and `merge_hash_arrays`
//    merges arrays of hashes element-wise.

import { isFloatValue, numberOf, WholeFloat } from '../../base/wholeFloat.js';
import { compileLinear, type LinearRegex } from '../../base/linearRegex.js';
import {
  flattenValues,
  hashGet,
  isArray,
  isHash,
  uniqueValues,
  valueEquals,
  type HieraHash,
  type HieraValue,
} from './values.js';

export type MergeStrategyName = 'first' | 'unique' | 'hash' | 'deep';

export interface MergeSpec {
  readonly strategy: MergeStrategyName;
  readonly knockoutPrefix?: string;
  readonly sortMergedArrays?: boolean;
  readonly mergeHashArrays?: boolean;
}

export const FIRST: MergeSpec = { strategy: 'first' };

export type MergeSpecResult =
  { readonly kind: 'ok'; readonly spec: MergeSpec } | { readonly kind: 'error'; readonly message: string };

const STRATEGIES: readonly string[] = ['first', 'unique', 'hash', 'deep'];
const DEEP_OPTIONS = new Set(['strategy', 'knockout_prefix', 'merge_debug', 'merge_hash_arrays', 'sort_merged_arrays']);

/** Reads a merge given as a strategy name or as a hash with `strategy` and options (from lookup_options or a caller). */
export function parseMergeSpec(value: HieraValue): MergeSpecResult {
  if (typeof value === 'string') {
    if (value === 'default') return { kind: 'ok', spec: FIRST };
    if (STRATEGIES.includes(value)) return { kind: 'ok', spec: { strategy: value as MergeStrategyName } };
    return { kind: 'error', message: `Unknown merge strategy: '${value}'` };
  }
  if (isHash(value)) {
    const strategy = hashGet(value, 'strategy');
    if (typeof strategy !== 'string') {
      return {
        kind: 'error',
        message: "The hash given as 'merge' must contain the name of a strategy in string form for the key 'strategy'",
      };
    }
    const base = parseMergeSpec(strategy);
    if (base.kind === 'error') return base;
    const s = base.spec.strategy;
    if (s !== 'deep') {
      for (const k of value.keys()) {
        if (k !== 'strategy')
          return { kind: 'error', message: `The merge strategy '${s}' takes no options (got '${String(k)}')` };
      }
      return base;
    }
    let knockoutPrefix: string | undefined;
    let sortMergedArrays: boolean | undefined;
    let mergeHashArrays: boolean | undefined;
    for (const [k, v] of value) {
      if (typeof k !== 'string' || !DEEP_OPTIONS.has(k))
        return { kind: 'error', message: `Unknown option '${String(k)}' for the deep merge strategy` };
      if (k === 'knockout_prefix') {
        if (v !== null && typeof v !== 'string') return { kind: 'error', message: 'knockout_prefix must be a string' };
        if (v === '') return { kind: 'error', message: 'knockout_prefix cannot be an empty string' };
        knockoutPrefix = v ?? undefined;
      } else if (k === 'sort_merged_arrays' || k === 'merge_hash_arrays' || k === 'merge_debug') {
        if (v !== null && typeof v !== 'boolean') return { kind: 'error', message: `${k} must be a boolean` };
        if (k === 'sort_merged_arrays') sortMergedArrays = v ?? undefined;
        if (k === 'merge_hash_arrays') mergeHashArrays = v ?? undefined;
      }
    }
    return { kind: 'ok', spec: { strategy: 'deep', knockoutPrefix, sortMergedArrays, mergeHashArrays } };
  }
  return { kind: 'error', message: 'A merge must be a strategy name or a hash with a strategy' };
}

/** How a merge spec reads in explanations and in lookup_options. */
export function describeMerge(spec: MergeSpec): string {
  const opts: string[] = [];
  if (spec.knockoutPrefix !== undefined) opts.push(`knockout_prefix => ${JSON.stringify(spec.knockoutPrefix)}`);
  if (spec.sortMergedArrays !== undefined) opts.push(`sort_merged_arrays => ${spec.sortMergedArrays}`);
  if (spec.mergeHashArrays !== undefined) opts.push(`merge_hash_arrays => ${spec.mergeHashArrays}`);
  return opts.length === 0 ? spec.strategy : `${spec.strategy} {${opts.join(', ')}}`;
}

export type MergeResult =
  { readonly kind: 'ok'; readonly value: HieraValue } | { readonly kind: 'error'; readonly message: string };

/** The value of a level where exactly one candidate exists (found or not): Puppet's `merge_single`. */
export function mergeSingle(spec: MergeSpec, value: HieraValue): HieraValue {
  if (spec.strategy === 'unique' && isArray(value)) return uniqueValues(value);
  return value;
}

/** The first found value of a fold over several candidates: Puppet's `convert_value`. */
export function convertFirst(spec: MergeSpec, value: HieraValue): HieraValue {
  if (spec.strategy === 'unique') return isArray(value) ? flattenValues(value) : [value];
  return value;
}

/** Merges a lower-priority value into the accumulated higher-priority one. */
export function mergeValues(spec: MergeSpec, higher: HieraValue, lower: HieraValue): MergeResult {
  switch (spec.strategy) {
    case 'first':
      return { kind: 'ok', value: higher };
    case 'unique': {
      for (const [which, v] of [
        ['first', higher],
        ['second', lower],
      ] as const) {
        if (isHash(v) || v === null) return typeError(which, 'Variant[Scalar, Array[Data]]', v);
      }
      const a = isArray(higher) ? flattenValues(higher) : [higher];
      const b = isArray(lower) ? flattenValues(lower) : [lower];
      return { kind: 'ok', value: uniqueValues([...a, ...b]) };
    }
    case 'hash': {
      if (!isStringKeyedHash(higher)) return typeError('first', 'Hash[String, Data]', higher);
      if (!isStringKeyedHash(lower)) return typeError('second', 'Hash[String, Data]', lower);
      const out = new Map(lower);
      for (const [k, v] of higher) out.set(k, v);
      return { kind: 'ok', value: out };
    }
    case 'deep':
      try {
        return { kind: 'ok', value: deepMerge(higher, lower, spec, 'none') };
      } catch (e) {
        return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
      }
  }
}

function typeError(which: 'first' | 'second', type: string, v: HieraValue): MergeResult {
  return {
    kind: 'error',
    message: `The ${which} element of the merge has wrong type, expects a value of type ${type}, got ${typeName(v)}`,
  };
}

function typeName(v: HieraValue): string {
  if (v === null) return 'Undef';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number' || v instanceof WholeFloat) return isFloatValue(v) ? 'Float' : 'Integer';
  if (typeof v === 'boolean') return 'Boolean';
  return isArray(v) ? 'Array' : 'Hash';
}

function isStringKeyedHash(v: HieraValue): v is HieraHash {
  if (!isHash(v)) return false;
  for (const k of v.keys()) if (typeof k !== 'string') return false;
  return true;
}

/** Ruby truthiness: everything but nil and false. */
function truthy(v: HieraValue | undefined): boolean {
  return v !== undefined && v !== null && v !== false;
}

/** The knockout prefix as a regex at line starts, on the linear-time engine (the prefix is the user's). */
function knockoutRegex(prefix: string): LinearRegex | undefined {
  const c = compileLinear(`^(?:${prefix})`, { multiline: true });
  return c.ok ? c.regex : undefined;
}

function stripKnockout(s: string, prefix: string): string {
  const re = knockoutRegex(prefix);
  if (!re) return s;
  let out = '';
  let last = 0;
  for (let from = 0; from <= s.length;) {
    const m = re.find(s, from);
    if (!m) break;
    out += s.slice(last, m.start);
    last = m.end;
    from = m.end > m.start ? m.end : m.end + 1;
  }
  return out + s.slice(last);
}

/**
 * How a value relates to the one it is merged with: the gem merges a key that only the higher value has into a
 * shallow copy of itself (`dup`), so below that level both sides are the very same objects (`same`).
 */
type Aliasing = 'none' | 'dup' | 'same';

/**
 * The deep_merge gem's `deep_merge!(source, dest)`, where source is the higher-priority value and dest the lower
 * one, written without mutation. Aliasing matters only where the gem's in-place edits show through.
 */
function deepMerge(source: HieraValue, dest: HieraValue, spec: MergeSpec, aliasing: Aliasing): HieraValue {
  const ko = spec.knockoutPrefix;
  if (source === null) return dest;
  if (!truthy(dest)) return source;
  if (isHash(source)) {
    if (isHash(dest)) {
      const out = new Map(dest);
      const below: Aliasing = aliasing === 'none' ? 'none' : 'same';
      for (const [k, v] of source) {
        const existing = hashGet(out, k);
        const key = findKey(out, k);
        if (truthy(existing)) out.set(key, deepMerge(v, existing as HieraValue, spec, below));
        else out.set(key, deepMerge(v, v, spec, 'dup'));
      }
      return out;
    }
    // A non-empty hash replaces a non-hash; an empty one leaves it alone (the gem loops over the keys).
    return source.size === 0 ? dest : overwriteUnmergeable(source, spec);
  }
  if (isArray(source)) {
    let src = [...source];
    let dst: HieraValue = dest;
    if (ko !== undefined && src.some((x) => x === ko)) {
      // When both sides are one array, clearing the destination clears the source too.
      if (aliasing === 'same') return [];
      dst = clearOrNil(dst);
      src = src.filter((x) => x !== ko);
    }
    if (!isArray(dst)) return overwriteUnmergeable(src, spec);
    let d: HieraValue[] = [...dst];
    if (ko !== undefined) {
      const kept: HieraValue[] = [];
      for (const item of src) {
        const stripped = typeof item === 'string' ? stripKnockout(item, ko) : item;
        if (stripped !== item) d = d.filter((x) => !valueEquals(x, stripped) && !valueEquals(x, item));
        else kept.push(item);
      }
      src = kept;
    }
    let merged: HieraValue[];
    if (spec.mergeHashArrays && src.every(isHash) && d.every(isHash)) {
      const below: Aliasing = aliasing === 'none' ? 'none' : 'same';
      merged = d.map((x, i) => deepMerge(src[i] ?? new Map(), x, spec, below));
      if (src.length > d.length) merged.push(...src.slice(d.length));
    } else {
      merged = uniqueValues([...d, ...src]);
    }
    if (spec.sortMergedArrays) merged = rubySort(merged);
    return merged;
  }
  return overwriteUnmergeable(source, spec);
}

function findKey(h: HieraHash, k: HieraValue): HieraValue {
  if (h.has(k) || k === null || typeof k !== 'object') return k;
  for (const existing of h.keys()) if (valueEquals(existing, k)) return existing;
  return k;
}

function clearOrNil(v: HieraValue): HieraValue {
  if (isArray(v)) return [];
  if (isHash(v)) return new Map();
  if (typeof v === 'string') return '';
  return null;
}

function overwriteUnmergeable(source: HieraValue, spec: MergeSpec): HieraValue {
  const ko = spec.knockoutPrefix;
  if (ko === undefined) return source;
  if (typeof source === 'string') {
    const stripped = stripKnockout(source, ko);
    return stripped === source ? source : '';
  }
  if (isArray(source)) {
    const re = knockoutRegex(ko);
    return source.filter((x) => !(typeof x === 'string' && re !== undefined && re.test(x)));
  }
  return source;
}

/** Ruby's `Array#sort!`: numbers and strings sort among their own kind; mixing kinds is an error. */
function rubySort(values: HieraValue[]): HieraValue[] {
  if (values.every((v) => numberOf(v) !== undefined)) return [...values].sort((a, b) => numberOf(a)! - numberOf(b)!);
  if (values.every((v) => typeof v === 'string')) {
    return [...values].sort((a, b) => compareBytes(a as string, b as string));
  }
  if (values.every((v) => isArray(v))) {
    return [...values].sort((a, b) => compareArrays(a as readonly HieraValue[], b as readonly HieraValue[]));
  }
  if (values.length <= 1) return values;
  throw new Error(`comparison of ${typeName(values[0])} with ${typeName(values[1])} failed`);
}

function compareBytes(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return Buffer.compare(x, y);
}

function compareArrays(a: readonly HieraValue[], b: readonly HieraValue[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const [nx, ny] = [numberOf(x), numberOf(y)];
    if (nx !== undefined && ny !== undefined) {
      if (nx !== ny) return nx - ny;
      continue;
    }
    if (typeof x === 'string' && typeof y === 'string' && x !== y) return compareBytes(x, y);
    if (typeof x !== typeof y) throw new Error('comparison of Array with Array failed');
  }
  return a.length - b.length;
}
