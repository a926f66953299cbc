// Checks a Hiera value (plain data from YAML/JSON, a whole Float boxed as a WholeFloat wherever it sits) against
// a Puppet type, the way Puppet does when it binds the value to a class parameter. Ruby regexes in Pattern types are translated to JavaScript; one that cannot
// be translated matches everything (no false alarms). Strings with `%{...}` interpolation are checked only
// for what interpolation cannot change: they stay Strings, unless the whole value is `%{alias('k')}`.

import { compileLinear, type LinearRegex } from '../../base/linearRegex.js';
import { isFloatValue, numberOf, rubyFloatToS, WholeFloat } from '../../base/wholeFloat.js';
import { parseType, typeToString, type PType } from './typeModel.js';
import { defineQuery } from '../../base/queries.js';
import type { Project } from '../../workspace/project.js';
import { CATALOG_INDEX } from '../catalog.js';

/** Looks up a type alias (e.g. `Stdlib::Port`) and returns its definition's text, or undefined when unknown. */
export type AliasResolver = (name: string) => string | undefined;

export interface TypeMismatch {
  readonly expected: string;
  readonly actual: string;
  /** Where in the value the mismatch is, e.g. `[1]` or `['quorum']`; empty at the top. */
  readonly path: string;
}

const MAX_DEPTH = 64;

/** The Puppet type of a plain value, as Puppet prints it in "got ..." messages. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'Undef';
  if (typeof v === 'boolean') return 'Boolean';
  if (numberOf(v) !== undefined) return isFloatValue(v) ? 'Float' : 'Integer';
  if (typeof v === 'string') return 'String';
  if (Array.isArray(v)) return 'Array';
  if (v instanceof Map || typeof v === 'object') return 'Hash';
  return 'Any';
}

/** Ruby's POSIX bracket classes, as the ranges they stand for inside a JavaScript character class. */
const POSIX_CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  digit: '0-9',
  xdigit: '0-9a-fA-F',
  lower: 'a-z',
  upper: 'A-Z',
  space: '\\s',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
};

/**
 * Whether a pattern is one of the type aliases we bundle (stdlib's `Stdlib::Compat::Ipv4` uses lookahead, which
 * RE2 lacks): known text, safe to run on JavaScript's engine. Patterns from the repository never are (see
 * base/linearRegex.ts). Asked only for the few patterns the linear engine refuses, so the texts are searched.
 */
function isBundledPattern(source: string): boolean {
  for (const text of Object.values(CATALOG_INDEX.typeAliases)) {
    if (!text.includes('/')) continue;
    for (const m of text.matchAll(/\/((?:\\.|[^/\\])*)\//g))
      if (m[1] === source || m[1].replace(/\\\//g, '/') === source) return true;
  }
  return false;
}

/**
 * A `Pattern` type's Ruby regex on the linear-time engine (a bundled pattern RE2 cannot run: on JavaScript's);
 * null when it cannot run (then nothing is said). Compiled on each call: a project keeps them as the query
 * `rubyRegexQuery`.
 */
export function rubyRegex(source: string): LinearRegex | null {
  let flags = '';
  let s = source;
  if (/\(\?i:/.test(s)) {
    flags += 'i';
    s = s.replace(/\(\?i:/g, '(?:');
  }
  s = s
    .replace(/\\A/g, '^')
    .replace(/\\[zZ]/g, '$')
    .replace(/\\h/g, '[0-9a-fA-F]');
  s = s.replace(/\[:(\w+):\]/g, (m, name: string) => POSIX_CLASSES[name] ?? m);
  let re: LinearRegex | null = null;
  if (!/\(\?[a-z-]+[:)]|\\[GpP]|\(\?<[!=]?[^>]*>|\(\?#/.test(s)) {
    const c = compileLinear(s, { ignoreCase: flags.includes('i') });
    re = c.ok ? c.regex : null;
    if (!re && isBundledPattern(source)) {
      try {
        const js = new RegExp(s, flags);
        re = { test: (input) => js.test(input), find: () => undefined };
      } catch {
        re = null;
      }
    }
  }
  return re;
}

/** The compiled Pattern regexes of a project: a query per source text, which reads no input. */
export const rubyRegexQuery = defineQuery('rubyRegex', (_project: Project, source: string) => rubyRegex(source));

/** What a check needs besides the value and the type: the aliases, and how a Pattern's regex is compiled. */
interface CheckEnv {
  readonly resolve: AliasResolver;
  readonly regex: (source: string) => LinearRegex | null;
}

function isInterpolated(v: unknown): v is string {
  return typeof v === 'string' && v.includes('%{');
}

function isWholeAlias(v: unknown): boolean {
  return typeof v === 'string' && /^%\{\s*alias\(/.test(v.trim()) && v.trim().endsWith('}');
}

/**
 * Checks a value against a Puppet type. A whole Float (`1.0`, which JavaScript cannot tell from 1) is a
 * WholeFloat in the value; `writtenAsFloat` says a top-level number is one.
 */
export function checkValue(
  value: unknown,
  typeText: string,
  resolve: AliasResolver = () => undefined,
  options: { writtenAsFloat?: boolean; regex?: (source: string) => LinearRegex | null } = {},
): TypeMismatch | undefined {
  const t = parseType(typeText);
  const v =
    options.writtenAsFloat && typeof value === 'number' && Number.isInteger(value) ? new WholeFloat(value) : value;
  return check(v, t, { resolve, regex: options.regex ?? rubyRegex }, '', 0);
}

/** A Hash of the value: an object that is no Array and no boxed Float. */
function isHashValue(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof WholeFloat);
}

function matches(value: unknown, t: PType, env: CheckEnv, depth: number): boolean {
  return check(value, t, env, '', depth) === undefined;
}

function fail(t: PType, value: unknown, path: string): TypeMismatch {
  return { expected: typeToString(t), actual: describeValue(value), path };
}

function check(value: unknown, t: PType, env: CheckEnv, path: string, depth: number): TypeMismatch | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (isWholeAlias(value)) return undefined;
  const interpolated = isInterpolated(value);
  switch (t.kind) {
    case 'any':
    case 'opaque':
      return undefined;
    case 'alias': {
      const text = env.resolve(t.name);
      if (text === undefined) return undefined;
      const inner = check(value, parseType(text), env, path, depth + 1);
      return inner ? { ...inner, expected: inner.path === path ? t.name : inner.expected } : undefined;
    }
    case 'simple':
      switch (t.name) {
        case 'Boolean':
          return typeof value === 'boolean' ? undefined : fail(t, value, path);
        case 'Undef':
          return value === null || value === undefined ? undefined : fail(t, value, path);
        case 'Scalar':
        case 'ScalarData':
          return ['string', 'number', 'boolean'].includes(typeof value) || value instanceof WholeFloat
            ? undefined
            : fail(t, value, path);
        case 'Collection':
          return Array.isArray(value) || isHashValue(value) ? undefined : fail(t, value, path);
        default:
          return undefined;
      }
    case 'string': {
      if (typeof value !== 'string') return fail(t, value, path);
      if (interpolated) return undefined;
      const n = [...value].length;
      // Puppet names a String of the wrong length just `String`.
      return n >= t.min && n <= t.max ? undefined : { expected: typeToString(t), actual: 'String', path };
    }
    case 'integer':
    case 'float':
    case 'numeric': {
      const n = numberOf(value);
      if (n === undefined) return fail(t, value, path);
      if (t.kind === 'integer' && isFloatValue(value)) return fail(t, value, path);
      if (t.kind === 'float' && !isFloatValue(value)) return fail(t, value, path);
      return n >= t.min && n <= t.max
        ? undefined
        : {
            expected: typeToString(t),
            actual: isFloatValue(value)
              ? `Float[${rubyFloatToS(n)}, ${rubyFloatToS(n)}]`
              : `${describeValue(value)}[${n}, ${n}]`,
            path,
          };
    }
    case 'enum':
      if (typeof value !== 'string') return fail(t, value, path);
      if (interpolated) return undefined;
      {
        const s = value as string;
        return t.values.some((v) => (t.caseInsensitive ? v.toLowerCase() === s.toLowerCase() : v === s))
          ? undefined
          : { expected: typeToString(t), actual: `'${s}'`, path };
      }
    case 'pattern': {
      if (typeof value !== 'string') return fail(t, value, path);
      if (interpolated || t.patterns.length === 0) return undefined;
      for (const p of t.patterns) {
        const re = env.regex(p);
        if (!re || re.test(value)) return undefined;
      }
      return { expected: typeToString(t), actual: `'${value}'`, path };
    }
    case 'array': {
      if (!Array.isArray(value)) return fail(t, value, path);
      if (value.length < t.min || value.length > t.max)
        return {
          expected: typeToString(t),
          actual: `Array with ${value.length} element${value.length === 1 ? '' : 's'}`,
          path,
        };
      for (let i = 0; i < value.length; i++) {
        const m = check(value[i], t.element, env, `${path}[${i}]`, depth + 1);
        if (m) return m;
      }
      return undefined;
    }
    case 'hash': {
      if (!isHashValue(value)) return fail(t, value, path);
      const entries = Object.entries(value);
      if (entries.length < t.min || entries.length > t.max)
        return { expected: typeToString(t), actual: `Hash with ${entries.length} entries`, path };
      for (const [k, v] of entries) {
        const km = check(k, t.key, env, `${path}{'${k}'}`, depth + 1);
        if (km) return km;
        const vm = check(v, t.value, env, `${path}['${k}']`, depth + 1);
        if (vm) return vm;
      }
      return undefined;
    }
    case 'struct': {
      if (!isHashValue(value)) return fail(t, value, path);
      const obj = value;
      for (const e of t.entries) {
        if (!(e.key in obj)) {
          if (!e.optional) return { expected: typeToString(t), actual: `Hash without key '${e.key}'`, path };
          continue;
        }
        const m = check(obj[e.key], e.type, env, `${path}['${e.key}']`, depth + 1);
        if (m) return m;
      }
      const extra = Object.keys(obj).find((k) => !t.entries.some((e) => e.key === k));
      return extra === undefined
        ? undefined
        : { expected: typeToString(t), actual: `Hash with unexpected key '${extra}'`, path };
    }
    case 'tuple': {
      if (!Array.isArray(value)) return fail(t, value, path);
      if (value.length < t.min || value.length > t.max)
        return { expected: typeToString(t), actual: `Array with ${value.length} elements`, path };
      for (let i = 0; i < value.length; i++) {
        const et = t.types[Math.min(i, t.types.length - 1)];
        if (!et) break;
        const m = check(value[i], et, env, `${path}[${i}]`, depth + 1);
        if (m) return m;
      }
      return undefined;
    }
    case 'variant':
      return t.types.some((x) => matches(value, x, env, depth + 1)) ? undefined : fail(t, value, path);
    case 'optional':
      return value === null || value === undefined
        ? undefined
        : check(value, t.type, env, path, depth + 1) && fail(t, value, path);
    case 'notundef':
      return value === null || value === undefined ? fail(t, value, path) : check(value, t.type, env, path, depth + 1);
  }
}

/** Puppet-like wording: "expects an Integer[1, 255] value, got String". */
export function mismatchMessage(m: TypeMismatch): string {
  const article = /^[AEIOU]/.test(m.expected) ? 'an' : 'a';
  return `${m.path ? `entry ${m.path} ` : ''}expects ${article} ${m.expected} value, got ${m.actual}`;
}
