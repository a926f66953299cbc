// Ruby values as the ERB interpreter holds them, and the conversions Ruby applies to them: `to_s`, `inspect`,
// `==`, `<=>`, truthiness. Integers are JS numbers, floats are `RFloat`, strings are JS strings (the interpreter
// writes string mutations back to the variable), hashes keep Ruby's insertion order and key types.

import { rubyFloatToS } from '../../base/wholeFloat.js';

export class RSym {
  constructor(readonly name: string) {}
}

export class RFloat {
  constructor(readonly v: number) {}
}

export class RRange {
  constructor(
    readonly lo: RV,
    readonly hi: RV,
    readonly excl: boolean,
  ) {}
}

export class RHash {
  private readonly map = new Map<string, [RV, RV]>();
  default: RV = null;
  get size(): number {
    return this.map.size;
  }
  get(k: RV): RV | undefined {
    return this.map.get(hashKey(k))?.[1];
  }
  has(k: RV): boolean {
    return this.map.has(hashKey(k));
  }
  set(k: RV, v: RV): void {
    const key = hashKey(k);
    const old = this.map.get(key);
    if (old) old[1] = v;
    // Ruby dups and freezes a String key; ours are immutable already.
    else this.map.set(key, [k, v]);
  }
  delete(k: RV): RV | undefined {
    const key = hashKey(k);
    const old = this.map.get(key);
    this.map.delete(key);
    return old?.[1];
  }
  entries(): [RV, RV][] {
    return [...this.map.values()].map(([k, v]) => [k, v]);
  }
}

/** A Ruby Regexp and the JS RegExp that matches as it does (see `rubyRegexp`). */
export class RRegexp {
  constructor(
    readonly source: string,
    readonly flags: string,
    readonly js: RegExp,
  ) {}
}

/** A MatchData: the JS match and the Regexp that made it. */
export class RMatch {
  constructor(
    readonly m: RegExpExecArray,
    readonly input: string,
  ) {}
}

/**
 * Ruby's pattern as a JS RegExp, or a message saying which Ruby construct has no JS equivalent here. Ruby's `^`
 * and `$` are line anchors and `\A`, `\z`, `\Z` the string's ends; `/m` lets `.` match a line break.
 */
export function rubyRegexp(source: string, flags: string): RegExp | string {
  if (flags.includes('x')) return 'a regular expression with the x flag';
  let out = '';
  let inClass = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      i++;
      if (inClass === 0 && n === 'A') out += '(?<![\\s\\S])';
      else if (inClass === 0 && n === 'z') out += '(?![\\s\\S])';
      else if (inClass === 0 && n === 'Z') out += '(?=\\n?(?![\\s\\S]))';
      else if (n === 'h') out += inClass ? '0-9a-fA-F' : '[0-9a-fA-F]';
      else if (n === 'H') out += inClass ? '' : '[^0-9a-fA-F]';
      else if (n === 'G' || n === 'R' || n === 'X' || n === 'K' || n === 'p' || n === 'P' || n === 'g')
        return `\\${n} in a regular expression`;
      else out += '\\' + n;
      continue;
    }
    if (c === '[') {
      if (source.startsWith('[:', i) || source.startsWith('[[:', i))
        return 'a POSIX bracket class in a regular expression';
      if (inClass && source[i - 1] !== '\\') return 'a nested character class in a regular expression';
      inClass++;
      out += c;
      if (source[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (source[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === ']' && inClass) {
      inClass--;
      out += c;
      continue;
    }
    if (inClass) {
      out += c;
      continue;
    }
    if (c === '^') out += '(?<![^\\n])';
    else if (c === '$') out += '(?![^\\n])';
    else if (
      c === '(' &&
      source[i + 1] === '?' &&
      (source[i + 2] === '>' || source[i + 2] === '#' || /[imx-]/.test(source[i + 2] ?? ''))
    )
      return 'this group kind in a regular expression';
    else if ((c === '+' || c === '?' || c === '*' || c === '}') && source[i + 1] === '+')
      return 'a possessive quantifier in a regular expression';
    else out += c;
  }
  try {
    return new RegExp(out, 'g' + (flags.includes('i') ? 'i' : '') + (flags.includes('m') ? 's' : ''));
  } catch (e) {
    return `a regular expression JS cannot read (${String((e as Error).message)})`;
  }
}

/** Special objects: the Puppet scope, a class (Hash, File, ...), an enumerator, a template wrapper. */
export class RObject {
  constructor(
    readonly kind: 'scope' | 'class' | 'enumerator' | 'exception',
    readonly name: string,
    /** For an enumerator: the receiver and the method it enumerates (`map`, `each`, `each_with_index`, ...). */
    readonly recv?: RV,
    readonly args: RV[] = [],
  ) {}
}

export type RV = null | boolean | number | string | RSym | RFloat | RRange | RHash | RObject | RRegexp | RMatch | RV[];

function hashKey(k: RV): string {
  if (k === null) return 'n';
  if (typeof k === 'boolean') return k ? 't' : 'f';
  if (typeof k === 'number') return 'i' + k;
  if (typeof k === 'string') return 's' + k;
  if (k instanceof RSym) return 'y' + k.name;
  if (k instanceof RFloat) return 'd' + k.v;
  if (Array.isArray(k)) return 'a[' + k.map(hashKey).join(',') + ']';
  if (k instanceof RHash)
    return (
      'h{' +
      k
        .entries()
        .map(([a, b]) => hashKey(a) + ':' + hashKey(b))
        .join(',') +
      '}'
    );
  if (k instanceof RRange) return 'r' + hashKey(k.lo) + (k.excl ? '...' : '..') + hashKey(k.hi);
  if (k instanceof RRegexp) return 'x/' + k.source + '/' + k.flags;
  if (k instanceof RMatch) return 'm' + k.m.index + k.m[0];
  return 'o' + k.kind + k.name;
}

export function truthy(v: RV): boolean {
  return v !== null && v !== false;
}

export function className(v: RV): string {
  if (v === null) return 'NilClass';
  if (v === true) return 'TrueClass';
  if (v === false) return 'FalseClass';
  if (typeof v === 'number') return 'Integer';
  if (typeof v === 'string') return 'String';
  if (v instanceof RSym) return 'Symbol';
  if (v instanceof RFloat) return 'Float';
  if (v instanceof RRange) return 'Range';
  if (v instanceof RHash) return 'Hash';
  if (v instanceof RRegexp) return 'Regexp';
  if (v instanceof RMatch) return 'MatchData';
  if (Array.isArray(v)) return 'Array';
  if (v.kind === 'scope') return 'Puppet::Parser::Scope';
  if (v.kind === 'class') return 'Class';
  if (v.kind === 'exception') return v.name;
  return 'Enumerator';
}

export const floatToS = rubyFloatToS;

export function toS(v: RV): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof RSym) return v.name;
  if (v instanceof RFloat) return floatToS(v.v);
  if (v instanceof RRange) return `${toS(v.lo)}${v.excl ? '...' : '..'}${toS(v.hi)}`;
  if (v instanceof RRegexp) {
    const on = ['m', 'i', 'x'].filter((f) => v.flags.includes(f)).join('');
    const off = ['m', 'i', 'x'].filter((f) => !v.flags.includes(f)).join('');
    return `(?${on}${off ? '-' + off : ''}:${v.source})`;
  }
  if (v instanceof RMatch) return v.m[0];
  return inspect(v);
}

const ESC: Record<string, string> = {
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\x1b': '\\e',
  '\f': '\\f',
  '\v': '\\v',
  '\b': '\\b',
  '\x07': '\\a',
  '"': '\\"',
  '\\': '\\\\',
};

export function inspectString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c in ESC) out += ESC[c];
    else if (c === '#' && (s[i + 1] === '{' || s[i + 1] === '$' || s[i + 1] === '@')) out += '\\#';
    else {
      const code = c.charCodeAt(0);
      if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).toUpperCase().padStart(2, '0');
      else out += c;
    }
  }
  return out + '"';
}

export function inspect(v: RV, depth = 0): string {
  if (depth > 100) return '...';
  if (v === null) return 'nil';
  if (typeof v === 'string') return inspectString(v);
  if (v instanceof RSym)
    return /^(?:[A-Za-z_][A-Za-z0-9_]*[?!=]?|\[\]=?|[+\-*/%<>]|<=>|==|===|<=|>=)$/.test(v.name)
      ? ':' + v.name
      : ':' + inspectString(v.name);
  if (Array.isArray(v)) return '[' + v.map((x) => inspect(x, depth + 1)).join(', ') + ']';
  if (v instanceof RHash)
    return (
      '{' +
      v
        .entries()
        .map(([k, x]) => inspect(k, depth + 1) + '=>' + inspect(x, depth + 1))
        .join(', ') +
      '}'
    );
  if (v instanceof RRange) return `${inspect(v.lo)}${v.excl ? '...' : '..'}${inspect(v.hi)}`;
  if (v instanceof RObject && v.kind === 'exception') return `#<${v.name}: ${toS(v.args[0] ?? v.name)}>`;
  if (v instanceof RObject) return v.kind === 'class' ? v.name : `#<${className(v)}>`;
  if (v instanceof RRegexp) return `/${v.source}/${['m', 'i', 'x'].filter((f) => v.flags.includes(f)).join('')}`;
  if (v instanceof RMatch)
    return `#<MatchData ${inspectString(v.m[0])}${v.m
      .slice(1)
      .map((g, i) => ` ${i + 1}:${g === undefined ? 'nil' : inspectString(g)}`)
      .join('')}>`;
  return toS(v);
}

function num(v: RV): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof RFloat) return v.v;
  return undefined;
}

export function equal(a: RV, b: RV): boolean {
  if (a === b) return true;
  const na = num(a);
  const nb = num(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && na === nb;
  if (a instanceof RSym && b instanceof RSym) return a.name === b.name;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (a instanceof RHash && b instanceof RHash)
    return a.size === b.size && a.entries().every(([k, v]) => b.has(k) && equal(v, b.get(k)!));
  if (a instanceof RRange && b instanceof RRange) return a.excl === b.excl && equal(a.lo, b.lo) && equal(a.hi, b.hi);
  if (a instanceof RRegexp && b instanceof RRegexp) return a.source === b.source && a.flags === b.flags;
  return false;
}

/** Ruby's `<=>`: undefined when the two do not compare. */
export function compare(a: RV, b: RV): number | undefined {
  const na = num(a);
  const nb = num(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (a instanceof RSym && b instanceof RSym) return compareStrings(a.name, b.name);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
  }
  if (equal(a, b)) return 0;
  return undefined;
}

/** Byte order of the UTF-8 encodings, as Ruby compares strings. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ea = Buffer.from(a, 'utf8');
  const eb = Buffer.from(b, 'utf8');
  const c = Buffer.compare(ea, eb);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}
