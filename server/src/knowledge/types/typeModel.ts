// The Puppet type system as data: a parsed type expression (`Integer[1,255]`, `Hash[String, Array[String]]`,
// `Struct[{a => Integer, Optional[b] => String}]`, `Stdlib::Port`, ...). Parsed from the type text that
// catalogs and manifests carry; checked against Hiera values in typeCheck.ts.

import { rubyFloatToS } from '../../base/wholeFloat.js';

export type PType =
  | { readonly kind: 'any' }
  | { readonly kind: 'simple'; readonly name: SimpleName }
  | { readonly kind: 'string'; readonly min: number; readonly max: number }
  | { readonly kind: 'integer' | 'float' | 'numeric'; readonly min: number; readonly max: number }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly caseInsensitive: boolean }
  | { readonly kind: 'pattern'; readonly patterns: readonly string[] }
  | { readonly kind: 'array'; readonly element: PType; readonly min: number; readonly max: number }
  | { readonly kind: 'hash'; readonly key: PType; readonly value: PType; readonly min: number; readonly max: number }
  | {
      readonly kind: 'struct';
      readonly entries: ReadonlyArray<{ readonly key: string; readonly optional: boolean; readonly type: PType }>;
    }
  | { readonly kind: 'tuple'; readonly types: readonly PType[]; readonly min: number; readonly max: number }
  | { readonly kind: 'variant'; readonly types: readonly PType[] }
  | { readonly kind: 'optional'; readonly type: PType }
  | { readonly kind: 'notundef'; readonly type: PType }
  | { readonly kind: 'alias'; readonly name: string }
  /** A type we do not model (Sensitive, Resource types, ...): never a mismatch. */
  | { readonly kind: 'opaque'; readonly text: string };

export type SimpleName =
  'Boolean' | 'Undef' | 'Scalar' | 'ScalarData' | 'Data' | 'Collection' | 'Regexp' | 'Default' | 'RichData';

const SIMPLE: readonly string[] = [
  'Boolean',
  'Undef',
  'Scalar',
  'ScalarData',
  'Data',
  'Collection',
  'Regexp',
  'Default',
  'RichData',
];

type Arg =
  | { kind: 'bool'; value: boolean }
  | { kind: 'type'; type: PType }
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'regex'; value: string }
  | { kind: 'default' }
  | { kind: 'hash'; entries: Array<{ key: Arg; value: Arg }> };

/**
 * A recorded type as Puppet code writes it: the facts note how an untyped parameter's type was read ("Any (default
 * undef)", "String (fact)"), which is no type Puppet knows and must not show in a signature.
 */
export function typeAsWritten(text: string): string {
  return text.replace(/\s*\((default undef|fact)\)\s*$/, '').trim();
}

/** Parses type text; anything it cannot read becomes `opaque` (never a false mismatch). */
export function parseType(text: string): PType {
  const clean = typeAsWritten(text);
  const p = new TypeParser(clean);
  try {
    const t = p.type();
    p.skipSpace();
    return p.atEnd() ? t : { kind: 'opaque', text };
  } catch {
    return { kind: 'opaque', text };
  }
}

class TypeParser {
  private i = 0;
  constructor(private readonly s: string) {}

  atEnd(): boolean {
    return this.i >= this.s.length;
  }

  skipSpace(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  private peek(): string {
    this.skipSpace();
    return this.s[this.i] ?? '';
  }

  private expect(c: string): void {
    if (this.peek() !== c) throw new Error(`expected ${c}`);
    this.i++;
  }

  private name(): string {
    this.skipSpace();
    const m = /^(::)?[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*/.exec(this.s.slice(this.i));
    if (!m) throw new Error('expected a name');
    this.i += m[0].length;
    return m[0].replace(/^::/, '');
  }

  type(): PType {
    const name = this.name();
    const args = this.peek() === '[' ? this.args() : [];
    return build(name, args);
  }

  private args(): Arg[] {
    this.expect('[');
    const out: Arg[] = [];
    while (this.peek() !== ']') {
      out.push(this.arg());
      if (this.peek() === ',') this.i++;
      else break;
    }
    this.expect(']');
    return out;
  }

  private arg(): Arg {
    const c = this.peek();
    if (c === "'" || c === '"') return { kind: 'string', value: this.string() };
    if (c === '/') return { kind: 'regex', value: this.regex() };
    if (c === '{') return this.hash();
    if (/[-0-9]/.test(c)) {
      const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(this.s.slice(this.i))!;
      this.i += m[0].length;
      return { kind: 'number', value: Number(m[0]) };
    }
    const save = this.i;
    const word = this.name();
    if (word === 'default') return { kind: 'default' };
    if (word === 'true' || word === 'false') return { kind: 'bool', value: word === 'true' };
    if (/^[a-z]/.test(word)) return { kind: 'string', value: word };
    this.i = save;
    return { kind: 'type', type: this.type() };
  }

  private hash(): Arg {
    this.expect('{');
    const entries: Array<{ key: Arg; value: Arg }> = [];
    while (this.peek() !== '}') {
      const key = this.arg();
      this.skipSpace();
      if (!this.s.startsWith('=>', this.i)) throw new Error('expected =>');
      this.i += 2;
      const value = this.arg();
      entries.push({ key, value });
      if (this.peek() === ',') this.i++;
      else break;
    }
    this.expect('}');
    return { kind: 'hash', entries };
  }

  private string(): string {
    const q = this.s[this.i++];
    let out = '';
    while (this.i < this.s.length && this.s[this.i] !== q) {
      if (this.s[this.i] === '\\' && this.i + 1 < this.s.length) this.i++;
      out += this.s[this.i++];
    }
    this.i++;
    return out;
  }

  private regex(): string {
    this.i++;
    let out = '';
    while (this.i < this.s.length && this.s[this.i] !== '/') {
      if (this.s[this.i] === '\\' && this.s[this.i + 1] === '/') {
        out += '/';
        this.i += 2;
        continue;
      }
      out += this.s[this.i++];
    }
    this.i++;
    return out;
  }
}

function num(a: Arg | undefined, dflt: number): number {
  return a && a.kind === 'number' ? a.value : dflt;
}

function typeArg(a: Arg | undefined): PType {
  return a && a.kind === 'type' ? a.type : { kind: 'any' };
}

function build(name: string, args: Arg[]): PType {
  switch (name) {
    case 'Any':
      return { kind: 'any' };
    case 'String':
      return { kind: 'string', min: num(args[0], 0), max: num(args[1], Infinity) };
    case 'Integer':
    case 'Float':
    case 'Numeric':
      return {
        kind: name === 'Integer' ? 'integer' : name === 'Float' ? 'float' : 'numeric',
        min: num(args[0], -Infinity),
        max: num(args[1], Infinity),
      };
    case 'Enum': {
      const values = args
        .filter((a): a is { kind: 'string'; value: string } => a.kind === 'string')
        .map((a) => a.value);
      const last = args[args.length - 1];
      return { kind: 'enum', values, caseInsensitive: last?.kind === 'bool' && last.value };
    }
    case 'Pattern':
      return {
        kind: 'pattern',
        patterns: args.flatMap((a) => (a.kind === 'regex' || a.kind === 'string' ? [a.value] : [])),
      };
    case 'Array':
      return { kind: 'array', element: typeArg(args[0]), min: num(args[1], 0), max: num(args[2], Infinity) };
    case 'Hash':
      if (args.length === 0)
        return { kind: 'hash', key: { kind: 'any' }, value: { kind: 'any' }, min: 0, max: Infinity };
      return {
        kind: 'hash',
        key: typeArg(args[0]),
        value: typeArg(args[1]),
        min: num(args[2], 0),
        max: num(args[3], Infinity),
      };
    case 'Struct': {
      const h = args[0];
      if (!h || h.kind !== 'hash') return { kind: 'opaque', text: 'Struct' };
      const entries = h.entries.map(({ key, value }) => {
        let optional = false;
        let k = '';
        if (key.kind === 'string') k = key.value;
        else if (key.kind === 'type' && key.type.kind === 'optional' && key.type.type.kind === 'enum') {
          optional = true;
          k = key.type.type.values[0] ?? '';
        } else if (key.kind === 'type' && key.type.kind === 'enum') k = key.type.values[0] ?? '';
        const type = typeArg(value);
        if (type.kind === 'optional') optional = true;
        return { key: k, optional, type };
      });
      return { kind: 'struct', entries };
    }
    case 'Tuple': {
      const types = args.filter((a) => a.kind === 'type').map(typeArg);
      const nums = args.filter((a) => a.kind === 'number' || a.kind === 'default');
      return {
        kind: 'tuple',
        types,
        min: num(nums[0], types.length),
        max: nums[1] ? num(nums[1], Infinity) : nums[0] ? Infinity : types.length,
      };
    }
    case 'Variant':
      return { kind: 'variant', types: args.map(typeArg) };
    case 'Optional': {
      const a = args[0];
      if (a?.kind === 'string')
        return { kind: 'optional', type: { kind: 'enum', values: [a.value], caseInsensitive: false } };
      return { kind: 'optional', type: typeArg(a) };
    }
    case 'NotUndef':
      return { kind: 'notundef', type: typeArg(args[0]) };
    default:
      if (SIMPLE.includes(name)) return { kind: 'simple', name: name as SimpleName };
      if (name.includes('::')) return { kind: 'alias', name };
      return { kind: 'opaque', text: name };
  }
}

/** Puppet's way of writing a type back as text (for messages). */
export function typeToString(t: PType): string {
  // Puppet leaves out a maximum that is the default (`Integer[1]`), writes `default` for a default minimum
  // before a maximum (`Integer[default, 5]`), and writes a Float's bounds as Floats (`Float[1.0, 3.0]`).
  const range = (min: number, max: number, dmin: number, dmax: number, float = false): string => {
    const bound = (n: number): string => (float ? rubyFloatToS(n) : String(n));
    if (min === dmin && max === dmax) return '';
    const low = min === -Infinity ? 'default' : bound(min);
    return max === dmax ? `[${low}]` : `[${low}, ${bound(max)}]`;
  };
  switch (t.kind) {
    case 'any':
      return 'Any';
    case 'simple':
      return t.name;
    case 'string':
      return `String${range(t.min, t.max, 0, Infinity)}`;
    case 'integer':
      return `Integer${range(t.min, t.max, -Infinity, Infinity)}`;
    case 'float':
      return `Float${range(t.min, t.max, -Infinity, Infinity, true)}`;
    case 'numeric':
      return 'Numeric';
    case 'enum':
      return `Enum[${t.values.map((v) => `'${v}'`).join(', ')}]`;
    case 'pattern':
      return `Pattern[${t.patterns.map((p) => `/${p}/`).join(', ')}]`;
    case 'array':
      return t.element.kind === 'any' && t.min === 0 && t.max === Infinity
        ? 'Array'
        : `Array[${typeToString(t.element)}${t.min !== 0 || t.max !== Infinity ? `, ${t.min}${t.max !== Infinity ? `, ${t.max}` : ''}` : ''}]`;
    case 'hash':
      return t.key.kind === 'any' && t.value.kind === 'any'
        ? 'Hash'
        : `Hash[${typeToString(t.key)}, ${typeToString(t.value)}]`;
    case 'struct':
      return `Struct[{${t.entries.map((e) => `${e.optional ? `Optional['${e.key}']` : `'${e.key}'`} => ${typeToString(e.type)}`).join(', ')}}]`;
    case 'tuple':
      return `Tuple[${t.types.map(typeToString).join(', ')}]`;
    case 'variant':
      return `Variant[${t.types.map(typeToString).join(', ')}]`;
    case 'optional':
      return `Optional[${typeToString(t.type)}]`;
    case 'notundef':
      return `NotUndef[${typeToString(t.type)}]`;
    case 'alias':
      return t.name;
    case 'opaque':
      return t.text;
  }
}
