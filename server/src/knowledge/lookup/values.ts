// The values a Hiera lookup handles, as Puppet sees them: strings, numbers, booleans, undef (null), arrays and
// hashes. Hashes are Maps so that key order (which Puppet keeps and which merges depend on) and non-string keys
// (YAML integer keys) survive. This file also holds the value helpers the engine needs: Ruby-style equality and
// de-duplication, Ruby's `to_s` for values spliced into strings, and conversion to plain JSON for callers.

import { stringify, type ScalarTag } from 'yaml';
import { numberOf, rubyFloatToS, rubyNumberToS, WholeFloat } from '../../base/wholeFloat.js';

/** A number is an Integer when whole, a Float when not; a whole Float (`1.0` in YAML) is a WholeFloat. */
export type HieraScalar = string | number | boolean | null | WholeFloat;
export type HieraValue = HieraScalar | readonly HieraValue[] | HieraHash;
export type HieraHash = ReadonlyMap<HieraValue, HieraValue>;

export function isHash(v: HieraValue | undefined): v is HieraHash {
  return v instanceof Map;
}

export function isArray(v: HieraValue | undefined): v is readonly HieraValue[] {
  return Array.isArray(v);
}

/** Structural equality (Ruby's `==` on data): hashes compare as sets of pairs, arrays in order. */
export function valueEquals(a: HieraValue, b: HieraValue): boolean {
  if (a === b) return true;
  if (a instanceof WholeFloat || b instanceof WholeFloat) {
    const x = numberOf(a);
    return x !== undefined && x === numberOf(b);
  }
  if (isArray(a)) {
    if (!isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => valueEquals(x, b[i]));
  }
  if (isHash(a)) {
    if (!isHash(b) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      const other = hashGet(b, k);
      if (other === undefined || !valueEquals(v, other)) return false;
    }
    return true;
  }
  return false;
}

/** Looks up a key in a hash by value equality (Maps compare object keys by identity). */
export function hashGet(h: HieraHash, key: HieraValue): HieraValue | undefined {
  const direct = h.get(key);
  if (direct !== undefined || h.has(key) || key === null || typeof key !== 'object') return direct;
  for (const [k, v] of h) if (valueEquals(k, key)) return v;
  return undefined;
}

export function hashHas(h: HieraHash, key: HieraValue): boolean {
  if (h.has(key)) return true;
  if (key === null || typeof key !== 'object') return false;
  for (const k of h.keys()) if (valueEquals(k, key)) return true;
  return false;
}

/** Ruby's `Array#uniq` (and the de-duplication in `Array#|`): first occurrence wins, order kept. */
export function uniqueValues(values: readonly HieraValue[]): HieraValue[] {
  const out: HieraValue[] = [];
  for (const v of values) if (!out.some((o) => valueEquals(o, v))) out.push(v);
  return out;
}

/** Ruby's `Array#flatten`: nested arrays spliced in, recursively. */
export function flattenValues(values: readonly HieraValue[]): HieraValue[] {
  const out: HieraValue[] = [];
  for (const v of values) {
    if (isArray(v)) out.push(...flattenValues(v));
    else out.push(v);
  }
  return out;
}

/** Ruby's `to_s`, which Puppet uses when a non-string value is spliced into a string by interpolation. */
export function rubyToS(v: HieraValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || v instanceof WholeFloat) return rubyNumberToS(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return rubyInspect(v);
}

/** Ruby 3.1's `inspect`, as seen in `Array#to_s` and `Hash#to_s`. */
export function rubyInspect(v: HieraValue): string {
  if (v === null) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof WholeFloat) return rubyToS(v);
  if (isArray(v)) return `[${v.map(rubyInspect).join(', ')}]`;
  const pairs = [...v].map(([k, x]) => `${rubyInspect(k)}=>${rubyInspect(x)}`);
  return `{${pairs.join(', ')}}`;
}

/**
 * Plain JSON (objects for hashes, keys as strings), for callers and for comparing with `puppet lookup
 * --render-as json`. With `keepWholeFloats`, a whole Float stays a WholeFloat, which JSON.stringify still writes
 * as its number, for renderings that print it as Puppet does (`jsonText`, `wholeFloatsInYaml`).
 */
export function toJson(v: HieraValue, keepWholeFloats = false): unknown {
  if (v instanceof WholeFloat) return keepWholeFloats ? v : v.value;
  if (isArray(v)) return v.map((x) => toJson(x, keepWholeFloats));
  if (isHash(v)) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[typeof k === 'string' ? k : JSON.stringify(toJson(k))] = toJson(x, keepWholeFloats);
    return o;
  }
  return v;
}

/** A Float on its way into YAML text, written by RUBY_FLOAT. */
class YamlFloat {
  constructor(readonly value: number) {}
}

/** Floats written as Psych writes them: Ruby's Float#to_s (`1.0`, `1.0e+16`, `-0.0`), `.inf`, `-.inf`, `.nan`. */
const RUBY_FLOAT: ScalarTag = {
  identify: (v) => v instanceof YamlFloat,
  default: true,
  tag: 'tag:yaml.org,2002:float',
  // Only for writing: reading never meets a YamlFloat.
  test: /^(?!)/,
  resolve: (text) => Number(text),
  stringify: ({ value }) => {
    const f = (value as YamlFloat).value;
    if (Number.isNaN(f)) return '.nan';
    if (!Number.isFinite(f)) return f > 0 ? '.inf' : '-.inf';
    return rubyFloatToS(f);
  },
};

function floatsAsRuby(_key: unknown, value: unknown): unknown {
  if (value instanceof WholeFloat) return new YamlFloat(value.value);
  if (typeof value === 'number' && !Number.isInteger(value)) return new YamlFloat(value);
  return value;
}

/**
 * YAML text of a value (as toJson gives it, whole Floats kept) with its Floats written as Puppet's YAML rendering
 * writes them (`1.0`, `1.0e+16`, `1.0e-05`), which the `yaml` package alone would write `1`, `10000000000000000`
 * and `0.00001`.
 */
export function yamlText(value: unknown, options: { lineWidth?: number } = {}): string {
  return stringify(value, floatsAsRuby, { ...options, customTags: [RUBY_FLOAT] });
}

/** The reverse of toJson: plain objects become Maps. Used for facts given as plain maps. */
export function fromPlain(v: unknown): HieraValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof WholeFloat) return v;
  if (Array.isArray(v)) return v.map(fromPlain);
  if (v instanceof Map) {
    const m = new Map<HieraValue, HieraValue>();
    for (const [k, x] of v) m.set(fromPlain(k), fromPlain(x));
    return m;
  }
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    const m = new Map<HieraValue, HieraValue>();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, fromPlain(x));
    return m;
  }
  return String(v);
}

/** A short, one-line rendering for explanations: JSON-like, with `undef` for null. */
export function renderValue(v: HieraValue): string {
  if (v === null) return 'undef';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || v instanceof WholeFloat) return rubyNumberToS(v);
  if (typeof v === 'boolean') return String(v);
  if (isArray(v)) return `[${v.map(renderValue).join(', ')}]`;
  return `{${[...v].map(([k, x]) => `${renderValue(k)} => ${renderValue(x)}`).join(', ')}}`;
}
