// The values of the Puppet evaluator: what an expression evaluates to, and the conversions Puppet applies to
// them — truthiness, equality (strings compare without case), the string form used by interpolation, and the
// match of a value against the types the modules test with `=~` and declare on parameters.
// `null` is undef. A number is an Integer when whole and a Float when not; a whole Float (`1.0`) is a WholeFloat,
// so that it prints as Puppet prints it. Hashes are Maps in insertion order (keys are strings or numbers, as Hiera gives them).

import { RE2JS } from 're2js';
import { compileLinear, type LinearRegex } from '../../base/linearRegex.js';
import { isFloatValue, numberOf, rubyNumberToS, WholeFloat } from '../../base/wholeFloat.js';

export { WholeFloat };

export interface PRef {
  readonly kind: 'ref';
  /** The type in its capitalised form: `File`, `Class`, `Mesos::Property`. */
  readonly type: string;
  readonly title: string;
}

export interface PType {
  readonly kind: 'type';
  /** `String`, `Optional`, `Stdlib::Absolutepath`, ... */
  readonly name: string;
  readonly params: readonly PValue[];
}

export interface PDefault {
  readonly kind: 'default';
}

export interface PRegex {
  readonly kind: 'regex';
  readonly source: string;
}

export type PHash = Map<PValue, PValue>;
export type PValue =
  string | number | WholeFloat | boolean | null | PValue[] | PHash | PRef | PType | PDefault | PRegex;

export const DEFAULT: PDefault = { kind: 'default' };

export function isHash(v: PValue | undefined): v is PHash {
  return v instanceof Map;
}

export function isSpecial(v: PValue | undefined): v is PRef | PType | PDefault | PRegex {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof WholeFloat);
}

export function isRef(v: PValue | undefined): v is PRef {
  return isSpecial(v) && v.kind === 'ref';
}

export function isType(v: PValue | undefined): v is PType {
  return isSpecial(v) && v.kind === 'type';
}

export function truthy(v: PValue | undefined): boolean {
  return v !== null && v !== undefined && v !== false;
}

/** Capitalises each segment of a type name: `mesos::property` → `Mesos::Property`. */
export function capitalizeType(name: string): string {
  return name
    .replace(/^::/, '')
    .split('::')
    .map((s) => (s.length > 0 ? s[0].toUpperCase() + s.slice(1) : s))
    .join('::');
}

/** The string form Puppet gives a value in interpolation and `String(x)`. */
export function toStr(v: PValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || v instanceof WholeFloat) return rubyNumberToS(v);
  if (typeof v === 'boolean') return String(v);
  return inspect(v);
}

/**
 * The string form interpolation gives (`"${x}"`, EPP's `<%= %>`): as toStr, but inside arrays and hashes strings
 * are not quoted and undef is empty (`[a, , 1]`, `{k => v}`), unlike `String(x)`.
 */
export function interpolated(v: PValue | undefined): string {
  if (Array.isArray(v)) return `[${v.map(interpolated).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${interpolated(k)} => ${interpolated(x)}`).join(', ')}}`;
  return toStr(v);
}

/** The string form of a value inside an array or hash: strings quoted. */
export function inspect(v: PValue | undefined): string {
  if (v === null || v === undefined) return 'undef';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof v === 'number' || v instanceof WholeFloat) return rubyNumberToS(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(inspect).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${inspect(k)} => ${inspect(x)}`).join(', ')}}`;
  switch (v.kind) {
    case 'ref':
      return `${v.type}['${v.title}']`;
    case 'type':
      return v.params.length === 0 ? v.name : `${v.name}[${v.params.map(inspect).join(', ')}]`;
    case 'default':
      return 'default';
    case 'regex':
      return `/${v.source}/`;
  }
}

/** Puppet's `==`: strings without case, numbers by value, arrays and hashes deeply. */
export function equals(a: PValue | undefined, b: PValue | undefined): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (a === b) return true;
  if (a instanceof WholeFloat || b instanceof WholeFloat) {
    const x = numberOf(a);
    return x !== undefined && x === numberOf(b);
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equals(x, b[i]));
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, x] of a) if (!b.has(k) || !equals(x, b.get(k)!)) return false;
    return true;
  }
  if (isSpecial(a) && isSpecial(b)) return inspect(a).toLowerCase() === inspect(b).toLowerCase();
  return false;
}

export function hashGet(h: PHash, key: PValue): PValue | undefined {
  if (h.has(key)) return h.get(key);
  for (const [k, v] of h) if (equals(k, key) && typeof k === typeof key) return v;
  return undefined;
}

/** Copies a value given by the lookup engine (the same shapes) into an evaluator value. */
export function fromData(v: unknown): PValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof WholeFloat) return v;
  if (Array.isArray(v)) return v.map(fromData);
  if (v instanceof Map) {
    const out: PHash = new Map();
    for (const [k, x] of v) out.set(fromData(k), fromData(x));
    return out;
  }
  if (typeof v === 'object') {
    const out: PHash = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out.set(k, fromData(x));
    return out;
  }
  return String(v);
}

/** A plain JSON form (hash keys as strings, references and types as their Puppet text). */
export function toPlain(v: PValue | undefined): unknown {
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof WholeFloat) return v.value;
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) out[toStr(k)] = toPlain(x);
    return out;
  }
  return inspect(v);
}

const TYPE_NAMES = new Set([
  'Any',
  'Undef',
  'String',
  'Integer',
  'Float',
  'Numeric',
  'Boolean',
  'Array',
  'Hash',
  'Optional',
  'Variant',
  'Enum',
  'Pattern',
  'Scalar',
  'Data',
  'NotUndef',
  'Tuple',
  'Struct',
  'Collection',
  'Default',
  'Regexp',
  'ScalarData',
]);

/**
 * Whether a value matches a type, or undefined when the type is not one we know (an alias of a module we do
 * not model): callers then say nothing rather than guess.
 */
export function matchesType(v: PValue, t: PType): boolean | undefined {
  const p = t.params;
  switch (t.name) {
    case 'Any':
      return true;
    case 'Undef':
      return v === null;
    case 'NotUndef':
      return v !== null && (p.length === 0 || !isType(p[0]) || matchesType(v, p[0]) !== false);
    case 'Default':
      return isSpecial(v) && v.kind === 'default';
    case 'String':
      return typeof v === 'string' && lengthWithin(v.length, p);
    case 'Integer':
      return typeof v === 'number' && Number.isInteger(v) && rangeWithin(v, p);
    case 'Float':
      return isFloatValue(v) && rangeWithin(numberOf(v)!, p);
    case 'Numeric':
      return numberOf(v) !== undefined;
    case 'Boolean':
      return typeof v === 'boolean';
    case 'Scalar':
    case 'ScalarData':
      return typeof v === 'string' || typeof v === 'boolean' || numberOf(v) !== undefined;
    case 'Data':
      return !isSpecial(v);
    case 'Regexp':
      return isSpecial(v) && v.kind === 'regex';
    case 'Array':
    case 'Tuple':
    case 'Collection':
      if (t.name === 'Collection') return Array.isArray(v) || v instanceof Map;
      if (!Array.isArray(v)) return false;
      if (t.name === 'Array' && p.length > 0 && isType(p[0])) {
        for (const x of v) {
          const m = matchesType(x, p[0]);
          if (m !== true) return m;
        }
      }
      return true;
    case 'Hash':
    case 'Struct':
      return v instanceof Map;
    case 'Optional':
      if (v === null) return true;
      if (p.length === 0) return true;
      if (typeof p[0] === 'string') return v === p[0];
      return isType(p[0]) ? matchesType(v, p[0]) : undefined;
    case 'Variant': {
      let unknown = false;
      for (const x of p) {
        if (!isType(x)) continue;
        const m = matchesType(v, x);
        if (m === true) return true;
        if (m === undefined) unknown = true;
      }
      return unknown ? undefined : false;
    }
    case 'Enum':
      return typeof v === 'string' && p.some((x) => x === v);
    case 'Pattern':
      return typeof v === 'string' && p.some((x) => isSpecial(x) && x.kind === 'regex' && safeRegex(x.source)?.test(v));
    case 'Stdlib::Absolutepath':
    case 'Stdlib::Unixpath':
      return typeof v === 'string' && v.startsWith('/');
    case 'Stdlib::Port':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535;
    case 'Stdlib::Host':
    case 'Stdlib::Fqdn':
    case 'Stdlib::Filemode':
    case 'Stdlib::HTTPUrl':
    case 'Stdlib::Httpurl':
      return typeof v === 'string';
  }
  return TYPE_NAMES.has(t.name) ? true : undefined;
}

function lengthWithin(n: number, p: readonly PValue[]): boolean {
  const min = typeof p[0] === 'number' ? p[0] : 0;
  const max = typeof p[1] === 'number' ? p[1] : Infinity;
  return n >= min && n <= max;
}

function rangeWithin(n: number, p: readonly PValue[]): boolean {
  const min = typeof p[0] === 'number' ? p[0] : -Infinity;
  const max = typeof p[1] === 'number' ? p[1] : Infinity;
  return n >= min && n <= max;
}

/** A linear-time regex for a Puppet (Ruby) one from the repository, or undefined when it does not compile. */
/**
 * The first match of a Ruby regex in `input` with its groups (`$0`, `$1`, ... as Puppet sets them; an unmatched
 * group is undef), or undefined when it does not match or the pattern does not compile.
 */
export function regexMatch(source: string, input: string): (string | null)[] | undefined {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source.replace(/\\A/g, '^').replace(/\\[zZ]/g, '$'), RE2JS.MULTILINE);
  } catch {
    return undefined;
  }
  const m = re.matcher(input);
  if (!m.find()) return undefined;
  const out: (string | null)[] = [];
  for (let i = 0; i <= m.groupCount(); i++) out.push(m.group(i) ?? null);
  return out;
}

export function safeRegex(source: string): LinearRegex | undefined {
  const c = compileLinear(source.replace(/\\A/g, '^').replace(/\\[zZ]/g, '$'), { multiline: true });
  return c.ok ? c.regex : undefined;
}
