// Renders an ERB template the way Puppet's `template()` does (Ruby's ERB, trim mode '-'), for the Ruby subset
// the templates of deric/puppet-mesos and deric/puppet-zookeeper (every release) use, and more: conditionals,
// loops and blocks over arrays, hashes and ranges, string interpolation and `%` formatting, the common methods
// of String, Array, Hash, Integer, `scope.lookupvar` / `scope['x']`, `@name` instance variables.
// Anything outside the subset — or a Ruby error (a method nil does not have) — is `{ ok: false }` with a message
// and the template line; it never throws and never loops forever (a step budget). The oracle is Ruby's own ERB:
// test/oracle/erb.test.ts and `npm run erb-oracle`.

import { numberValue, WholeFloat } from '../../base/wholeFloat.js';
import { formatExponent, formatFixed, formatGeneral } from '../../base/rubyFloatDigits.js';
import { parseTemplate, type RNode, type RBlock, type BlockParam } from '../../syntax/erb/rubyParser.js';
import {
  RSym,
  RFloat,
  RRange,
  RHash,
  RObject,
  RRegexp,
  RMatch,
  rubyRegexp,
  type RV,
  truthy,
  className,
  toS,
  inspect,
  equal,
  compare,
  floatToS,
} from './rubyValues.js';

/**
 * A value as Puppet hands it to a template. null = Puppet undef seen as Ruby nil; undefined = a variable never set.
 * A `ReadonlyMap` is a Hash whose keys are not all strings (Puppet's `{1 => 'a'}`) or whose order a JS object
 * would not keep (integer-like keys); a plain object is a Hash with String keys in its property order.
 */
export type ErbValue =
  | string
  | number
  | WholeFloat
  | boolean
  | null
  | undefined
  | ErbValue[]
  | { [k: string]: ErbValue }
  | ReadonlyMap<ErbValue, ErbValue>;

/**
 * `@name` instance variables, and what `scope['x']` / `scope.lookupvar('x')` answer (qualified names as keys:
 * `mesos::master::port`; `::x` for a top-scope variable, which falls back to `x`).
 */
export interface ErbScope {
  vars: Record<string, ErbValue>;
  /**
   * The Puppet functions a template calls through its scope (`scope.function_versioncmp([a, b])`,
   * `scope.call_function('versioncmp', [a, b])`): the value, or why the call fails. Without it such a call is
   * reported as unsupported.
   */
  callFunction?: (name: string, args: ErbValue[]) => { ok: true; value: ErbValue } | { ok: false; message: string };
}

export type ErbResult = { ok: true; text: string } | { ok: false; message: string; line: number };

export interface ErbOptions {
  /** Evaluation steps before the render gives up (default 2,000,000). */
  readonly steps?: number;
  /** Longest output, in characters (default 16 MiB). */
  readonly maxOutput?: number;
}

/** Ruby's exception classes we raise, each with its superclass. */
const EXCEPTIONS: Record<string, string> = {
  StandardError: 'Exception',
  RuntimeError: 'StandardError',
  NameError: 'StandardError',
  NoMethodError: 'NameError',
  TypeError: 'StandardError',
  ArgumentError: 'StandardError',
  ZeroDivisionError: 'StandardError',
  IndexError: 'StandardError',
  KeyError: 'IndexError',
  RangeError: 'StandardError',
  FloatDomainError: 'RangeError',
};

function exceptionClass(message: string): string | undefined {
  if (
    message.startsWith('unsupported Ruby') ||
    message.startsWith('the template') ||
    message === 'the string is too long' ||
    message === 'value nests too deeply'
  )
    return undefined;
  if (message.startsWith('undefined method')) return 'NoMethodError';
  if (
    message.startsWith('undefined local variable') ||
    message.startsWith('uninitialized constant') ||
    message.startsWith('undefined group name')
  )
    return 'NameError';
  if (
    /^(no implicit conversion|wrong argument type|can't convert|class or module required|.* can't be coerced)/.test(
      message,
    )
  )
    return 'TypeError';
  if (message === 'divided by 0') return 'ZeroDivisionError';
  if (message.startsWith('key not found')) return 'KeyError';
  if (message.startsWith('index ')) return 'IndexError';
  if (
    /^(comparison of|invalid value for|wrong number of arguments|odd number|invalid slice|argument must be|too few arguments|wrong element type|no receiver)/.test(
      message,
    )
  )
    return 'ArgumentError';
  return 'RuntimeError';
}

class RubyError {
  /** Ruby's exception class; undefined for our own limits and unsupported Ruby, which no `rescue` catches. */
  readonly cls: string | undefined;
  constructor(
    readonly message: string,
    readonly at: number,
    cls?: string,
  ) {
    this.cls = cls ?? exceptionClass(message);
  }
}
class ReturnSignal {
  constructor(readonly value: RV) {}
}
class NextSignal {
  constructor(readonly value: RV) {}
}
class BreakSignal {
  constructor(readonly value: RV) {}
}

function fromErb(v: ErbValue, depth = 0): RV {
  if (depth > 200) throw new RubyError('value nests too deeply', 0);
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isInteger(v) ? v : new RFloat(v);
  if (v instanceof WholeFloat) return new RFloat(v.value);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x) => fromErb(x, depth + 1));
  const h = new RHash();
  if (v instanceof Map) for (const [k, x] of v) h.set(fromErb(k, depth + 1), fromErb(x, depth + 1));
  else for (const [k, x] of Object.entries(v as { [k: string]: ErbValue })) h.set(k, fromErb(x, depth + 1));
  return h;
}

const SCOPE = new RObject('scope', 'scope');
const CLASSES = new Set([
  'Exception',
  'StandardError',
  'RuntimeError',
  'ArgumentError',
  'TypeError',
  'NameError',
  'NoMethodError',
  'KeyError',
  'IndexError',
  'ZeroDivisionError',
  'Regexp',
  'MatchData',
  'Hash',
  'Array',
  'String',
  'Integer',
  'Float',
  'File',
  'NilClass',
  'Symbol',
  'TrueClass',
  'FalseClass',
  'Numeric',
  'Object',
  'Enumerable',
  'Range',
]);

type Env = { vars: Map<string, RV>; parent: Env | undefined };

function lookupEnv(env: Env, name: string): Env | undefined {
  for (let e: Env | undefined = env; e; e = e.parent) if (e.vars.has(name)) return e;
  return undefined;
}

function isA(v: RV, cls: string): boolean {
  if (v instanceof RObject && v.kind === 'exception') {
    for (let k: string | undefined = v.name; k; k = EXCEPTIONS[k]) if (k === cls) return true;
    return cls === 'Object' || cls === 'BasicObject' || cls === 'Kernel';
  }
  const c = className(v);
  if (c === cls || cls === 'Object' || cls === 'BasicObject' || cls === 'Kernel') return true;
  if (cls === 'Numeric' || cls === 'Comparable')
    return c === 'Integer' || c === 'Float' || (cls === 'Comparable' && c === 'String');
  if (cls === 'Enumerable') return c === 'Array' || c === 'Hash' || c === 'Range';
  return false;
}

class Interp {
  private steps: number;
  private out = '';
  private readonly ivars = new Map<string, RV>();
  /** Methods the template defines with `def`. */
  private readonly methods = new Map<string, Extract<RNode, { t: 'def' }>>();
  private callDepth = 0;
  /** `$~`: the last successful match (Ruby keeps it per method; a template is one method). */
  private lastMatch: RMatch | null = null;

  constructor(
    private readonly scope: ErbScope,
    private readonly opts: Required<ErbOptions>,
  ) {
    this.steps = opts.steps;
  }

  private tick(at: number): void {
    if (--this.steps < 0) throw new RubyError(`the template runs too long (more than ${this.opts.steps} steps)`, at);
  }

  private lookupvar(name: string, at: number): RV {
    // `::x` is the top scope's x: the key `::x` when the caller gives top-scope variables apart, else `x`.
    const vars = this.scope.vars;
    const has = (k: string) => Object.prototype.hasOwnProperty.call(vars, k);
    const key = has(name) ? name : name.startsWith('::') && has(name.slice(2)) ? name.slice(2) : undefined;
    return fromErbAt(key === undefined ? undefined : vars[key], at);
  }

  private ivar(name: string, at: number): RV {
    if (this.ivars.has(name)) return this.ivars.get(name)!;
    const vars = this.scope.vars;
    const v = Object.prototype.hasOwnProperty.call(vars, name) ? fromErbAt(vars[name], at) : null;
    this.ivars.set(name, v);
    return v;
  }

  /** The text so far (a top-level `return` ends the template there). */
  output(): string {
    return this.out;
  }

  run(body: readonly RNode[]): string {
    const env: Env = { vars: new Map(), parent: undefined };
    this.seq(body, env);
    return this.out;
  }

  private seq(body: readonly RNode[], env: Env): RV {
    let v: RV = null;
    for (const n of body) v = this.eval(n, env);
    return v;
  }

  private emit(s: string, at: number): void {
    this.out += s;
    if (this.out.length > this.opts.maxOutput)
      throw new RubyError(`the template's output is longer than ${this.opts.maxOutput} characters`, at);
  }

  eval(n: RNode, env: Env): RV {
    this.tick(n.at);
    switch (n.t) {
      case 'nil':
        return null;
      case 'true':
        return true;
      case 'false':
        return false;
      case 'self':
        return new RObject('class', 'main');
      case 'int':
        return n.v;
      case 'float':
        return new RFloat(n.v);
      case 'str': {
        let s = '';
        for (const p of n.parts) s += typeof p === 'string' ? p : toS(this.eval(p, env));
        return s;
      }
      case 'words':
        return [...n.words];
      case 'sym':
        return new RSym(n.v);
      case 'array':
        return this.evalList(n.items, env);
      case 'hash': {
        const h = new RHash();
        for (const [k, v] of n.pairs) h.set(this.eval(k, env), this.eval(v, env));
        return h;
      }
      case 'splat':
        throw new RubyError('unsupported Ruby in template: splat here', n.at);
      case 'lvar': {
        const e = lookupEnv(env, n.name);
        return e ? e.vars.get(n.name)! : null;
      }
      case 'ivar':
        return this.ivar(n.name, n.at);
      case 'regex':
        return this.regexp(n.source, n.flags, n.at);
      case 'gvar': {
        const g = /^\$([1-9])$/.exec(n.name);
        if (g) return this.lastMatch ? (this.lastMatch.m[Number(g[1])] ?? null) : null;
        if (n.name === '$~') return this.lastMatch;
        if (n.name === '$&') return this.lastMatch ? this.lastMatch.m[0] : null;
        throw new RubyError(`unsupported Ruby in template: global variable ${n.name}`, n.at);
      }
      case 'const': {
        if (n.scope) throw new RubyError(`unsupported Ruby in template: constant ${n.name} in a namespace`, n.at);
        if (CLASSES.has(n.name)) return new RObject('class', n.name);
        // Puppet's Ruby defines many more (Puppet, Facter, YAML once loaded...): not knowing one is not an error of the template.
        throw new RubyError(`unsupported Ruby in template: constant ${n.name}`, n.at);
      }
      case 'call':
        return this.call(n, env);
      case 'and': {
        const l = this.eval(n.l, env);
        return truthy(l) ? this.eval(n.r, env) : l;
      }
      case 'or': {
        const l = this.eval(n.l, env);
        return truthy(l) ? l : this.eval(n.r, env);
      }
      case 'not':
        return !truthy(this.eval(n.e, env));
      case 'defined': {
        const e = n.e;
        if (e.t === 'lvar') return 'local-variable';
        if (e.t === 'ivar')
          return this.ivars.has(e.name) || Object.prototype.hasOwnProperty.call(this.scope.vars, e.name)
            ? 'instance-variable'
            : null;
        throw new RubyError('unsupported Ruby in template: defined? of this expression', n.at);
      }
      case 'if':
        return truthy(this.eval(n.cond, env)) ? this.seq(n.then, env) : this.seq(n.else, env);
      case 'while': {
        try {
          while (truthy(this.eval(n.cond, env)) !== n.until) {
            try {
              this.seq(n.body, env);
            } catch (e) {
              if (!(e instanceof NextSignal)) throw e;
            }
          }
        } catch (e) {
          if (e instanceof BreakSignal) return e.value;
          throw e;
        }
        return null;
      }
      case 'case': {
        const subject = n.subject ? this.eval(n.subject, env) : undefined;
        for (const [values, body] of n.whens) {
          for (const vn of values) {
            const v = this.eval(vn, env);
            if (subject === undefined ? truthy(v) : this.caseEq(v, subject, vn.at)) return this.seq(body, env);
          }
        }
        return n.else ? this.seq(n.else, env) : null;
      }
      case 'range':
        return new RRange(this.eval(n.lo, env), this.eval(n.hi, env), n.excl);
      case 'asgn': {
        const v = this.eval(n.value, env);
        this.assign(n.target, v, env);
        return v;
      }
      case 'opasgn': {
        const cur = this.readTarget(n.target, env);
        let v: RV;
        if (n.op === '||') {
          if (truthy(cur)) return cur;
          v = this.eval(n.value, env);
        } else if (n.op === '&&') {
          if (!truthy(cur)) return cur;
          v = this.eval(n.value, env);
        } else v = this.send(cur, n.op, [this.eval(n.value, env)], undefined, env, n.at);
        this.assign(n.target, v, env);
        return v;
      }
      case 'seq':
        return this.seq(n.body, env);
      case 'print': {
        // ERB's output buffer is a local variable of the template, which a method's body does not see.
        if (this.callDepth > 0)
          throw new RubyError("undefined local variable or method `_erbout' for main:Object", n.at);
        const v = this.eval(n.e, env);
        this.emit(n.toS ? this.str(v, n.at) : (v as string), n.at);
        return null;
      }
      case 'return':
        throw new ReturnSignal(n.e ? this.eval(n.e, env) : null);
      case 'def':
        this.methods.set(n.name, n);
        return new RSym(n.name);
      case 'rescue': {
        let v: RV;
        try {
          try {
            v = this.seq(n.body, env);
          } catch (e) {
            if (!(e instanceof RubyError) || e.cls === undefined) throw e;
            const cls = e.cls;
            const clause = n.clauses.find((c) =>
              (c.classes.length === 0 ? ['StandardError'] : c.classes).some((want) => {
                if (!(want in EXCEPTIONS) && want !== 'Exception')
                  throw new RubyError(`unsupported Ruby in template: rescue ${want}`, n.at);
                for (let k: string | undefined = cls; k; k = EXCEPTIONS[k]) if (k === want) return true;
                return false;
              }),
            );
            if (!clause) throw e;
            if (clause.bind !== undefined)
              this.assign(
                { t: 'lvar', name: clause.bind, at: n.at },
                new RObject('exception', cls, undefined, [e.message]),
                env,
              );
            return this.seq(clause.body, env);
          }
          return n.else.length ? this.seq(n.else, env) : v;
        } finally {
          if (n.ensure.length) this.seq(n.ensure, env);
        }
      }
      case 'next':
        throw new NextSignal(n.e ? this.eval(n.e, env) : null);
      case 'break':
        throw new BreakSignal(n.e ? this.eval(n.e, env) : null);
    }
  }

  private regexp(source: string, flags: string, at: number): RRegexp {
    const js = rubyRegexp(source, flags);
    if (typeof js === 'string') throw new RubyError(`unsupported Ruby in template: ${js}`, at);
    return new RRegexp(source, flags, js);
  }

  /** The first match of `re` in `s` from `from` (a fresh lastIndex each time), recorded as `$~`. */
  private match(re: RRegexp, s: string, from = 0, record = true): RMatch | null {
    re.js.lastIndex = from;
    const m = re.js.exec(s);
    const r = m ? new RMatch(m, s) : null;
    if (record) this.lastMatch = r;
    return r;
  }

  /** Every match, left to right, as Ruby's scan/gsub walk them (an empty match moves on one character). */
  private allMatches(re: RRegexp, s: string, at: number): RegExpExecArray[] {
    const out: RegExpExecArray[] = [];
    let from = 0;
    while (from <= s.length) {
      this.tick(at);
      re.js.lastIndex = from;
      const m = re.js.exec(s);
      if (!m) break;
      out.push(m);
      from = m[0].length === 0 ? m.index + 1 : m.index + m[0].length;
    }
    return out;
  }

  /** A sub/gsub replacement string: `\\1`, `\\0`, `\\&`, `\\k<name>`, `\\\\`. */
  private expand(repl: string, m: RegExpExecArray): string {
    return repl.replace(/\\(\d|&|k<([^>]+)>|\\|`|')/g, (_whole, what: string, name: string | undefined) => {
      if (name !== undefined) return m.groups?.[name] ?? '';
      if (what === '\\') return '\\';
      if (what === '&') return m[0];
      if (what === '`') return m.input.slice(0, m.index);
      if (what === "'") return m.input.slice(m.index + m[0].length);
      return m[Number(what)] ?? '';
    });
  }

  /** String#sub / gsub with a Regexp or String pattern and a String, Hash or block replacement. */
  private substitute(s: string, name: string, args: RV[], block: RBlock | undefined, env: Env, at: number): string {
    const pat = args[0];
    const re =
      pat instanceof RRegexp
        ? pat
        : typeof pat === 'string'
          ? this.regexp(pat.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'), '', at)
          : null;
    if (!re) throw new RubyError(`wrong argument type ${className(pat)} (expected Regexp)`, at);
    const repl = args[1];
    if (args.length < 2 && !block) throw new RubyError(`wrong number of arguments (given 1, expected 2)`, at);
    if (args.length >= 2 && typeof repl !== 'string' && !(repl instanceof RHash))
      throw new RubyError(`no implicit conversion of ${className(repl)} into String`, at);
    const matches =
      name === 'sub'
        ? [this.match(re, s, 0, false)?.m].filter((m): m is RegExpExecArray => !!m)
        : this.allMatches(re, s, at);
    let out = '';
    let last = 0;
    for (const m of matches) {
      out += s.slice(last, m.index);
      if (typeof repl === 'string') out += this.expand(repl, m);
      else if (repl instanceof RHash) out += this.str(repl.has(m[0]) ? repl.get(m[0])! : repl.default, at);
      else {
        this.lastMatch = new RMatch(m, s);
        out += this.str(this.yieldBlock(block!, [m[0]], env, at), at);
      }
      last = m.index + m[0].length;
      this.emitCheck(out.length, at);
    }
    if (matches.length) this.lastMatch = new RMatch(matches[matches.length - 1], s);
    else this.lastMatch = null;
    return out + s.slice(last);
  }

  private emitCheck(len: number, at: number): void {
    if (len > this.opts.maxOutput) throw new RubyError('the string is too long', at);
  }

  /** String#split with a Regexp, as Ruby splits (captures included, trailing empty strings dropped). */
  private splitRegexp(s: string, re: RRegexp, limit: number, at: number): RV[] {
    const parts: RV[] = [];
    let beg = 0;
    let start = 0;
    let lastNull = false;
    while (start <= s.length) {
      if (limit > 0 && parts.length >= limit - 1) break;
      this.tick(at);
      re.js.lastIndex = start;
      const m = re.js.exec(s);
      if (!m) break;
      const end = m.index;
      if (start === end && m[0].length === 0) {
        if (s.length === 0) {
          parts.push('');
          break;
        } else if (lastNull) {
          parts.push(s.slice(beg, beg + 1));
          beg = start;
        } else {
          start += 1;
          lastNull = true;
          continue;
        }
      } else {
        parts.push(s.slice(beg, end));
        beg = start = m.index + m[0].length;
      }
      lastNull = false;
      for (let g = 1; g < m.length; g++) if (m[g] !== undefined) parts.push(m[g]);
    }
    if (s.length > 0 && (limit !== 0 || s.length > beg || limit < 0)) parts.push(s.slice(beg));
    if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    return parts;
  }

  private matchDataMethod(md: RMatch, name: string, args: RV[], at: number, noMethod: () => never): RV {
    const m = md.m;
    switch (name) {
      case '[]': {
        const k = args[0];
        if (typeof k === 'number') return (k < 0 ? m[m.length + k] : m[k]) ?? null;
        if (typeof k === 'string' || k instanceof RSym) {
          const n = typeof k === 'string' ? k : k.name;
          if (!m.groups || !(n in m.groups)) throw new RubyError(`undefined group name reference: ${n}`, at);
          return m.groups[n] ?? null;
        }
        break;
      }
      case 'captures':
        return m.slice(1).map((g) => g ?? null);
      case 'to_a':
        return [...m].map((g) => g ?? null);
      case 'to_s':
        return m[0];
      case 'pre_match':
        return md.input.slice(0, m.index);
      case 'post_match':
        return md.input.slice(m.index + m[0].length);
      case 'begin':
        if (args[0] === 0) return m.index;
        break;
      case 'names':
        return Object.keys(m.groups ?? {});
      case 'named_captures': {
        const h = new RHash();
        for (const [k, v] of Object.entries(m.groups ?? {})) h.set(k, v ?? null);
        return h;
      }
      case 'size':
      case 'length':
        return m.length;
      case 'string':
        return md.input;
      case 'inspect':
        return inspect(md);
    }
    return noMethod();
  }

  private regexpMethod(re: RRegexp, name: string, args: RV[], at: number, noMethod: () => never): RV {
    const target = (): string | null => {
      const a = args[0];
      if (a === null) return null;
      if (a instanceof RSym) return a.name;
      if (typeof a !== 'string') throw new RubyError(`no implicit conversion of ${className(a)} into String`, at);
      return a;
    };
    switch (name) {
      case '=~': {
        const t = target();
        if (t === null) {
          this.lastMatch = null;
          return null;
        }
        return this.match(re, t)?.m.index ?? null;
      }
      case 'match': {
        const t = target();
        if (t === null) {
          this.lastMatch = null;
          return null;
        }
        return this.match(re, t, typeof args[1] === 'number' ? args[1] : 0);
      }
      case 'match?': {
        const t = target();
        return t === null ? false : this.match(re, t, 0, false) !== null;
      }
      case '===': {
        const a = args[0];
        if (typeof a !== 'string' && !(a instanceof RSym)) return false;
        return this.match(re, a instanceof RSym ? a.name : a) !== null;
      }
      case 'source':
        return re.source;
      case 'to_s':
        return toS(re);
      case 'inspect':
        return inspect(re);
      case 'options':
        return (re.flags.includes('i') ? 1 : 0) | (re.flags.includes('x') ? 2 : 0) | (re.flags.includes('m') ? 4 : 0);
      case 'casefold?':
        return re.flags.includes('i');
    }
    return noMethod();
  }

  private str(v: RV, at: number): string {
    if (v instanceof RObject && v.kind === 'class') return v.name;
    if (v instanceof RObject && v.kind === 'exception') return toS(v.args[0] ?? v.name);
    if (v instanceof RObject) throw new RubyError(`unsupported Ruby in template: printing ${className(v)}`, at);
    return toS(v);
  }

  private caseEq(pattern: RV, v: RV, at: number): boolean {
    if (pattern instanceof RObject && pattern.kind === 'class') return isA(v, pattern.name);
    if (pattern instanceof RRange) return this.inRange(pattern, v);
    if (pattern instanceof RRegexp)
      return (
        (typeof v === 'string' || v instanceof RSym) && this.match(pattern, v instanceof RSym ? v.name : v) !== null
      );
    void at;
    return equal(pattern, v);
  }

  private inRange(r: RRange, v: RV): boolean {
    const lo = compare(r.lo, v);
    const hi = compare(v, r.hi);
    if (lo === undefined || hi === undefined) return false;
    return lo <= 0 && (r.excl ? hi < 0 : hi <= 0);
  }

  private evalList(items: readonly RNode[], env: Env): RV[] {
    const out: RV[] = [];
    for (const it of items) {
      if (it.t === 'splat') {
        const v = this.eval(it.e, env);
        if (Array.isArray(v)) out.push(...v);
        else if (v instanceof RHash) out.push(...v.entries());
        else if (v instanceof RRange) out.push(...this.rangeItems(v, it.at));
        else if (v !== null) out.push(v);
      } else out.push(this.eval(it, env));
    }
    return out;
  }

  private readTarget(t: RNode, env: Env): RV {
    if (t.t === 'call' && t.name !== '[]') return this.send(this.eval(t.recv!, env), t.name, [], undefined, env, t.at);
    return this.eval(t, env);
  }

  private assign(t: RNode, v: RV, env: Env): void {
    if (t.t === 'lvar') {
      const e = lookupEnv(env, t.name) ?? env;
      e.vars.set(t.name, v);
    } else if (t.t === 'ivar') this.ivars.set(t.name, v);
    else if (t.t === 'call' && t.recv) {
      const recv = this.eval(t.recv, env);
      if (t.name === '[]') this.send(recv, '[]=', [...this.evalList(t.args, env), v], undefined, env, t.at);
      else this.send(recv, t.name + '=', [v], undefined, env, t.at);
    } else throw new RubyError('unsupported Ruby in template: this assignment', t.at);
  }

  private call(n: Extract<RNode, { t: 'call' }>, env: Env): RV {
    if (!n.recv) return this.selfCall(n, env);
    const recv = this.eval(n.recv, env);
    if (n.safe && recv === null) return null;
    const args = this.evalList(n.args, env);
    const block = n.block;
    // Appending to a string changes the string the variable holds.
    if ((n.name === '<<' || n.name === 'concat') && typeof recv === 'string') {
      const v = recv + args.map((a) => (typeof a === 'number' ? String.fromCodePoint(a) : this.str(a, n.at))).join('');
      if (n.recv.t === 'lvar' || n.recv.t === 'ivar') this.assign(n.recv, v, env);
      return v;
    }
    if (n.name === '!=') return !equal(recv, args[0]) && !(recv instanceof RObject);
    return this.send(recv, n.name, args, block, env, n.at);
  }

  private selfCall(n: Extract<RNode, { t: 'call' }>, env: Env): RV {
    const args = () => this.evalList(n.args, env);
    const def = this.methods.get(n.name);
    if (def) {
      const given = args();
      const required = def.params.filter((p) => !p.dflt).length;
      if (given.length < required || given.length > def.params.length)
        throw new RubyError(
          `wrong number of arguments (given ${given.length}, expected ${required === def.params.length ? required : `${required}..${def.params.length}`})`,
          n.at,
        );
      if (n.block)
        throw new RubyError('unsupported Ruby in template: a block passed to a method the template defines', n.at);
      if (++this.callDepth > 200) throw new RubyError('the template recurses too deeply (stack level too deep)', n.at);
      const menv: Env = { vars: new Map(), parent: undefined };
      try {
        def.params.forEach((p, i) => menv.vars.set(p.name, i < given.length ? given[i] : this.eval(p.dflt!, menv)));
        return this.seq(def.body, menv);
      } catch (e) {
        if (e instanceof ReturnSignal) return e.value;
        throw e;
      } finally {
        this.callDepth--;
      }
    }
    switch (n.name) {
      case 'scope':
        if (n.args.length === 0) return SCOPE;
        break;
      case 'has_variable?': {
        const [name] = args();
        return typeof name === 'string' && Object.prototype.hasOwnProperty.call(this.scope.vars, name);
      }
      case 'Array': {
        const [v] = args();
        if (v === null) return [];
        if (Array.isArray(v)) return v;
        if (v instanceof RHash) return v.entries();
        return [v];
      }
      case 'Integer': {
        const [v] = args();
        if (typeof v === 'number') return v;
        if (v instanceof RFloat) return Math.trunc(v.v);
        if (typeof v === 'string' && /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(v)) return parseInt(v.replace(/_/g, ''), 10);
        throw new RubyError(`invalid value for Integer(): ${inspect(v)}`, n.at);
      }
      case 'String': {
        const [v] = args();
        return this.str(v, n.at);
      }
      case 'Float': {
        const [v] = args();
        if (typeof v === 'number') return new RFloat(v);
        if (v instanceof RFloat) return v;
        if (typeof v === 'string' && /^\s*[+-]?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(v))
          return new RFloat(parseFloat(v));
        throw new RubyError(`invalid value for Float(): ${inspect(v)}`, n.at);
      }
      case 'raise':
      case 'fail': {
        const a = args();
        if (a[0] instanceof RObject && a[0].kind === 'class') {
          const cls = a[0].name;
          if (!(cls in EXCEPTIONS)) throw new RubyError(`unsupported Ruby in template: raise ${cls}`, n.at);
          throw new RubyError(typeof a[1] === 'string' ? a[1] : cls, n.at, cls);
        }
        throw new RubyError(typeof a[0] === 'string' ? a[0] : 'unhandled exception', n.at, 'RuntimeError');
      }
      case 'puts':
      case 'print':
      case 'p':
      case 'warn':
        args();
        return null;
      case 'block_given?':
        return false;
      case 'format':
      case 'sprintf': {
        const [f, ...rest] = args();
        if (typeof f !== 'string') throw new RubyError(`no implicit conversion of ${className(f)} into String`, n.at);
        return this.format(f, rest, n.at);
      }
      case 'require':
      case 'require_relative':
      case 'load':
        throw new RubyError(`unsupported Ruby in template: ${n.name} (loading a Ruby library)`, n.at);
      case 'loop':
        if (n.block) {
          try {
            for (;;) this.yieldBlock(n.block, [], env, n.at);
          } catch (e) {
            if (e instanceof BreakSignal) return e.value;
            throw e;
          }
        }
        break;
    }
    if (n.bare) throw new RubyError(`undefined local variable or method \`${n.name}' for main:Object`, n.at);
    throw new RubyError(`undefined method \`${n.name}' for main:Object`, n.at);
  }

  /** Calls a block with Ruby's proc argument rules. */
  private yieldBlock(block: RBlock, args: RV[], env: Env, at: number): RV {
    this.tick(at);
    if (block.symbol !== undefined) {
      if (args.length === 0) throw new RubyError('no receiver given', at);
      return this.send(args[0], block.symbol, args.slice(1), undefined, env, at);
    }
    const scope: Env = { vars: new Map(), parent: env };
    let vals = args;
    if (
      (block.params.length > 1 ||
        block.spread ||
        (block.params.length === 1 && typeof block.params[0] === 'object' && !Array.isArray(block.params[0]))) &&
      args.length === 1 &&
      Array.isArray(args[0])
    )
      vals = args[0];
    this.bindParams(block.params, vals, scope);
    try {
      return this.seq(block.body, scope);
    } catch (e) {
      if (e instanceof NextSignal) return e.value;
      throw e;
    }
  }

  private bindParams(params: readonly BlockParam[], vals: RV[], scope: Env): void {
    params.forEach((p, i) => {
      if (typeof p === 'string') scope.vars.set(p, i < vals.length ? vals[i] : null);
      else if (Array.isArray(p)) {
        const v = i < vals.length ? vals[i] : null;
        this.bindParams(p, Array.isArray(v) ? v : [v], scope);
      } else {
        const rest = params.length - i - 1;
        scope.vars.set((p as { splat: string }).splat, vals.slice(i, Math.max(i, vals.length - rest)));
      }
    });
  }

  private withBreak(f: () => RV): RV {
    try {
      return f();
    } catch (e) {
      if (e instanceof BreakSignal) return e.value;
      throw e;
    }
  }

  private rangeItems(r: RRange, at: number): RV[] {
    if (typeof r.lo === 'number' && typeof r.hi === 'number') {
      const out: RV[] = [];
      const end = r.excl ? r.hi - 1 : r.hi;
      for (let i = r.lo; i <= end; i++) {
        this.tick(at);
        out.push(i);
      }
      return out;
    }
    if (typeof r.lo === 'string' && typeof r.hi === 'string' && r.lo.length === 1 && r.hi.length === 1) {
      const out: RV[] = [];
      const end = r.hi.charCodeAt(0) - (r.excl ? 1 : 0);
      for (let c = r.lo.charCodeAt(0); c <= end; c++) out.push(String.fromCharCode(c));
      return out;
    }
    throw new RubyError(`can't iterate from ${className(r.lo)}`, at);
  }

  /** The elements `each` yields: array items, hash pairs, range members. */
  private items(v: RV, at: number): RV[] | undefined {
    if (Array.isArray(v)) return v;
    if (v instanceof RHash) return v.entries();
    if (v instanceof RRange) return this.rangeItems(v, at);
    if (v instanceof RObject && v.kind === 'enumerator') {
      const base = this.items(v.recv!, at);
      if (!base) return undefined;
      if (v.name === 'each_with_index' || v.name === 'with_index' || v.name === 'each_with_index_map') {
        const off = typeof v.args[0] === 'number' ? v.args[0] : 0;
        return base.map((x, i) => [x, i + off]);
      }
      return base;
    }
    return undefined;
  }

  private sortValues(items: RV[], at: number, by?: (v: RV) => RV): RV[] {
    const keyed = items.map((v) => [by ? by(v) : v, v] as const);
    keyed.sort((a, b) => {
      const c = compare(a[0], b[0]);
      if (c === undefined)
        throw new RubyError(`comparison of ${className(a[0])} with ${by ? className(b[0]) : inspect(b[0])} failed`, at);
      return c;
    });
    return keyed.map((k) => k[1]);
  }

  send(recv: RV, name: string, args: RV[], block: RBlock | undefined, env: Env, at: number): RV {
    this.tick(at);
    const yieldTo = (...a: RV[]): RV => this.yieldBlock(block!, a, env, at);
    const noMethod = (): never => {
      throw new RubyError(
        `undefined method \`${name}' for ${recv === null ? 'nil:NilClass' : recv === true ? 'true:TrueClass' : recv === false ? 'false:FalseClass' : `${inspect(recv)}:${className(recv)}`}`,
        at,
      );
    };
    // Methods every object has.
    switch (name) {
      case 'nil?':
        return recv === null;
      case 'is_a?':
      case 'kind_of?':
      case 'instance_of?': {
        const c = args[0];
        if (!(c instanceof RObject && c.kind === 'class')) throw new RubyError('class or module required', at);
        return name === 'instance_of?' ? className(recv) === c.name : isA(recv, c.name);
      }
      case '==':
      case 'eql?':
      case 'equal?':
        return equal(recv, args[0]);
      case '!':
        return !truthy(recv);
      case '<=>':
        return compare(recv, args[0]) ?? null;
      case '===':
        return this.caseEq(recv, args[0], at);
      case 'class':
        return new RObject('class', className(recv));
      case 'inspect':
        return inspect(recv);
      case 'frozen?':
        return typeof recv === 'string' ? false : true;
      case 'respond_to?': {
        const m = args[0] instanceof RSym ? args[0].name : typeof args[0] === 'string' ? args[0] : '';
        return this.respondsTo(recv, m);
      }
      case 'then':
      case 'yield_self':
        if (block) return yieldTo(recv);
        break;
      case 'tap':
        if (block) {
          yieldTo(recv);
          return recv;
        }
        break;
      case 'dup':
      case 'clone':
        if (Array.isArray(recv)) return [...recv];
        if (recv instanceof RHash) {
          const h = new RHash();
          for (const [k, v] of recv.entries()) h.set(k, v);
          return h;
        }
        return recv;
    }
    if (name === '=~' && recv instanceof RSym) return this.send(recv.name, name, args, block, env, at);
    // Object#=~ (NilClass#=~ in Ruby 3.1): no match.
    if (name === '=~' && typeof recv !== 'string' && !(recv instanceof RRegexp)) return null;
    if (recv === null) {
      switch (name) {
        case 'to_s':
          return '';
        case 'to_a':
          return [];
        case 'to_i':
          return 0;
        case 'to_h':
          return new RHash();
        case '&':
          return false;
        case '|':
          return truthy(args[0]);
      }
      return noMethod();
    }
    if (typeof recv === 'boolean') {
      switch (name) {
        case 'to_s':
          return String(recv);
        case '&':
          return recv && truthy(args[0]);
        case '|':
          return recv || truthy(args[0]);
        case '^':
          return recv !== truthy(args[0]);
      }
      return noMethod();
    }
    if (recv instanceof RRegexp) return this.regexpMethod(recv, name, args, at, noMethod);
    if (recv instanceof RMatch) return this.matchDataMethod(recv, name, args, at, noMethod);
    if (recv instanceof RObject) return this.objectMethod(recv, name, args, block, env, at, noMethod);
    if (typeof recv === 'number' || recv instanceof RFloat)
      return this.numberMethod(recv, name, args, block, env, at, noMethod);
    if (typeof recv === 'string') return this.stringMethod(recv, name, args, block, env, at, noMethod);
    if (recv instanceof RSym) {
      switch (name) {
        case 'to_s':
        case 'id2name':
        case 'name':
          return recv.name;
        case 'to_sym':
          return recv;
        case 'to_proc':
          break;
        case '<=>':
          return args[0] instanceof RSym ? (compare(recv, args[0]) ?? null) : null;
        case 'length':
        case 'size':
          return recv.name.length;
        case 'upcase':
          return new RSym(recv.name.toUpperCase());
        case 'downcase':
          return new RSym(recv.name.toLowerCase());
      }
      return noMethod();
    }
    if (recv instanceof RRange) {
      switch (name) {
        case 'first':
        case 'begin':
        case 'min':
          if (args.length === 0) return recv.lo;
          break;
        case 'last':
        case 'end':
        case 'max':
          if (args.length === 0 && (name !== 'max' || !recv.excl)) return recv.hi;
          break;
        case 'include?':
        case 'member?':
        case 'cover?':
          return this.inRange(recv, args[0]);
        case 'to_s':
          return toS(recv);
        case 'exclude_end?':
          return recv.excl;
      }
      return this.enumMethod(this.rangeItems(recv, at), recv, name, args, block, env, at, noMethod);
    }
    if (Array.isArray(recv)) return this.arrayMethod(recv, name, args, block, env, at, noMethod);
    if (recv instanceof RHash) return this.hashMethod(recv, name, args, block, env, at, noMethod);
    return noMethod();
  }

  private respondsTo(recv: RV, m: string): boolean {
    const common = ['nil?', 'is_a?', 'kind_of?', 'to_s', 'inspect', 'respond_to?', '==', 'class', 'dup'];
    if (common.includes(m)) return true;
    const enumerable = [
      'each',
      'map',
      'collect',
      'select',
      'reject',
      'sort',
      'sort_by',
      'each_with_index',
      'include?',
      'to_a',
      'first',
      'min',
      'max',
      'count',
      'find',
      'detect',
      'inject',
      'reduce',
      'group_by',
      'any?',
      'all?',
      'none?',
      'each_slice',
      'partition',
      'zip',
      'flat_map',
      'uniq',
      'sum',
      'min_by',
      'max_by',
      'to_h',
      'each_with_object',
      'entries',
    ];
    if (Array.isArray(recv))
      return (
        enumerable.includes(m) ||
        [
          'join',
          'length',
          'size',
          'empty?',
          'last',
          'push',
          '<<',
          'compact',
          'flatten',
          'reverse',
          '[]',
          'sort!',
          'index',
          'concat',
          'pop',
          'shift',
          'delete',
          '+',
          '-',
          '&',
          '|',
          'to_ary',
          'each_index',
        ].includes(m)
      );
    if (recv instanceof RHash)
      return (
        enumerable.includes(m) ||
        [
          'each_pair',
          'keys',
          'values',
          'key?',
          'has_key?',
          'fetch',
          '[]',
          '[]=',
          'length',
          'size',
          'empty?',
          'merge',
          'to_hash',
          'delete',
          'each_key',
          'each_value',
          'value?',
          'has_value?',
          'key',
          'invert',
          'dig',
        ].includes(m)
      );
    if (typeof recv === 'string')
      return [
        'upcase',
        'downcase',
        'capitalize',
        'strip',
        'split',
        'length',
        'size',
        'empty?',
        'include?',
        'start_with?',
        'end_with?',
        'to_i',
        'to_f',
        'to_sym',
        'to_str',
        'index',
        '[]',
        '+',
        '*',
        '%',
        'chomp',
        'chars',
        'each_char',
        'lines',
        'each_line',
        'sub',
        'gsub',
        'tr',
        'center',
        'ljust',
        'rjust',
        'reverse',
        'upcase!',
        'bytes',
      ].includes(m);
    if (typeof recv === 'number' || recv instanceof RFloat)
      return [
        'to_i',
        'to_f',
        'times',
        'upto',
        'downto',
        '+',
        '-',
        '*',
        '/',
        '%',
        'abs',
        'round',
        'floor',
        'ceil',
        'zero?',
        'even?',
        'odd?',
        'succ',
        'to_int',
        'between?',
      ].includes(m);
    return false;
  }

  private objectMethod(
    recv: RObject,
    name: string,
    args: RV[],
    block: RBlock | undefined,
    env: Env,
    at: number,
    noMethod: () => never,
  ): RV {
    if (recv.kind === 'exception') {
      if (name === 'message' || name === 'to_s') return recv.args[0] ?? recv.name;
      if (name === 'full_message') return `${recv.args[0] ?? ''} (${recv.name})`;
      return noMethod();
    }
    if (recv.kind === 'scope') {
      if ((name === 'lookupvar' || name === '[]') && args.length === 1 && typeof args[0] === 'string')
        return this.lookupvar(args[0], at);
      if (name === 'to_hash') {
        const h = new RHash();
        for (const [k, v] of Object.entries(this.scope.vars)) if (!k.includes('::')) h.set(k, fromErbAt(v, at));
        return h;
      }
      if (name.startsWith('function_') || name === 'call_function') {
        const call = this.scope.callFunction;
        if (!call) throw new RubyError(`unsupported Ruby in template: scope.${name} (calling a Puppet function)`, at);
        const fn = name === 'call_function' ? args[0] : name.slice('function_'.length);
        const list = name === 'call_function' ? (args[1] ?? []) : args[0];
        if (
          typeof fn !== 'string' ||
          !Array.isArray(list) ||
          args.length !== (name === 'call_function' ? (args.length === 1 ? 1 : 2) : 1)
        ) {
          throw new RubyError(`scope.${name}: the function's arguments must be given as one Array`, at);
        }
        const r = call(
          fn,
          list.map((a) => toErb(a, at)),
        );
        if (!r.ok) throw new RubyError(`${fn}(): ${r.message}`, at);
        return fromErbAt(r.value, at);
      }
      return noMethod();
    }
    if (recv.kind === 'class') {
      if (recv.name === 'Hash') {
        if (name === 'new') {
          if (block) throw new RubyError('unsupported Ruby in template: Hash.new with a block', at);
          const h = new RHash();
          h.default = args[0] ?? null;
          return h;
        }
        if (name === '[]') {
          const h = new RHash();
          if (args.length === 1 && args[0] instanceof RHash) {
            for (const [k, v] of args[0].entries()) h.set(k, v);
            return h;
          }
          if (args.length === 1 && Array.isArray(args[0])) {
            for (const p of args[0]) {
              if (!Array.isArray(p) || p.length < 1 || p.length > 2)
                throw new RubyError(`wrong element type ${className(p)} (expected array)`, at);
              h.set(p[0], p.length > 1 ? p[1] : null);
            }
            return h;
          }
          if (args.length % 2 !== 0) throw new RubyError('odd number of arguments for Hash', at);
          for (let i = 0; i < args.length; i += 2) h.set(args[i], args[i + 1]);
          return h;
        }
      }
      if (recv.name === 'Regexp') {
        if ((name === 'escape' || name === 'quote') && typeof args[0] === 'string')
          return args[0]
            .replace(/[.*?+^$|()[\]{}\\/-]/g, '\\$&')
            .replace(/\n/g, '\\n')
            .replace(/\t/g, '\\t')
            .replace(/ /g, '\\ ');
        if ((name === 'new' || name === 'compile') && (typeof args[0] === 'string' || args[0] instanceof RRegexp)) {
          if (args[0] instanceof RRegexp) return args[0];
          const opt = args[1];
          const flags =
            opt === true || (typeof opt === 'number' && (opt & 1) !== 0)
              ? 'i'
              : typeof opt === 'string'
                ? opt.replace(/[^mix]/g, '')
                : '';
          return this.regexp(args[0], flags, at);
        }
        if (name === 'union') {
          const items = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
          const src = items
            .map((x) =>
              x instanceof RRegexp
                ? toS(x)
                : typeof x === 'string'
                  ? x.replace(/[.*?+^$|()[\]{}\\/-]/g, '\\$&')
                  : (() => {
                      throw new RubyError(`no implicit conversion of ${className(x)} into String`, at);
                    })(),
            )
            .join('|');
          return this.regexp(src, '', at);
        }
      }
      if (recv.name === 'Array' && name === 'new') {
        const n = args[0] ?? 0;
        if (typeof n !== 'number') throw new RubyError('no implicit conversion into Integer', at);
        const out: RV[] = [];
        for (let i = 0; i < n; i++) {
          this.tick(at);
          out.push(block ? this.yieldBlock(block, [i], env, at) : (args[1] ?? null));
        }
        return out;
      }
      if (recv.name === 'File') {
        const str = (a: RV, depth = 0): string => {
          // An Array argument is joined first (File.join([], 'x') is '/x').
          if (Array.isArray(a) && depth < 100) return joinPaths(a.map((x) => str(x, depth + 1)));
          if (typeof a !== 'string')
            throw new RubyError(`no implicit conversion of ${a === null ? 'nil' : className(a)} into String`, at);
          return a;
        };
        const strs = (): string[] => args.map((a) => str(a));
        if (name === 'join') return joinPaths(strs());
        if (name === 'basename' && args.length >= 1) {
          const [p, suffix] = strs();
          let b = p.replace(/\/+$/, '').split('/').pop() ?? '';
          if (p !== '' && b === '') b = '/';
          if (suffix !== undefined) {
            if (suffix === '.*') b = b.replace(/(.)\.[^.]*$/, '$1');
            else if (b.endsWith(suffix) && b !== suffix) b = b.slice(0, -suffix.length);
          }
          return b;
        }
        if (name === 'dirname' && args.length === 1) {
          const [p] = strs();
          const t = p.replace(/\/+$/, '');
          const i = t.lastIndexOf('/');
          return i < 0 ? '.' : i === 0 ? '/' : t.slice(0, i).replace(/\/+$/, '') || '/';
        }
        if (name === 'extname' && args.length === 1) {
          const [p] = strs();
          const b = p.split('/').pop() ?? '';
          const m = /^.+?(\.[^.]+)$/.exec(b);
          return (m && !b.startsWith('.')) || (m && b.lastIndexOf('.') > 0) ? m![1] : '';
        }
      }
      if (name === 'name' || name === 'to_s') return recv.name;
      return noMethod();
    }
    // Enumerator.
    if (name === 'with_index' || name === 'each_with_index') {
      const off = name === 'with_index' && typeof args[0] === 'number' ? args[0] : 0;
      const base = this.items(recv.recv!, at) ?? noMethod();
      if (!block) return new RObject('enumerator', 'with_index', recv.recv, [off]);
      const results = base.map((x, i) => this.yieldBlock(block, [x, i + off], env, at));
      return this.enumResult(recv, base, results);
    }
    if (name === 'to_a' || name === 'entries') return this.items(recv, at) ?? noMethod();
    if (name === 'next' || name === 'size') {
      const it = this.items(recv, at) ?? noMethod();
      return name === 'size' ? it.length : (it[0] ?? null);
    }
    return this.enumMethod(this.items(recv, at) ?? noMethod(), recv, name, args, block, env, at, noMethod);
  }

  /** What an enumerator with an index block returns: its source method's result. */
  private enumResult(e: RObject, base: RV[], results: RV[]): RV {
    switch (e.name) {
      case 'map':
      case 'collect':
      case 'flat_map':
        return e.name === 'flat_map' ? results.flatMap((r) => (Array.isArray(r) ? r : [r])) : results;
      case 'select':
      case 'filter':
        return base.filter((_, i) => truthy(results[i]));
      case 'reject':
        return base.filter((_, i) => !truthy(results[i]));
      default:
        return e.recv!;
    }
  }

  private numberMethod(
    recv: number | RFloat,
    name: string,
    args: RV[],
    block: RBlock | undefined,
    env: Env,
    at: number,
    noMethod: () => never,
  ): RV {
    const isInt = typeof recv === 'number';
    const v = typeof recv === 'number' ? recv : recv.v;
    const wrap = (n: number, float: boolean): RV => (float ? new RFloat(n) : n);
    const other = (): [number, boolean] => {
      const a = args[0];
      if (typeof a === 'number') return [a, false];
      if (a instanceof RFloat) return [a.v, true];
      if (name === '+' || name === '-' || name === '*' || name === '/' || name === '%' || name === '**')
        throw new RubyError(`${inspect(a)} can't be coerced into ${className(recv)}`, at);
      throw new RubyError(`comparison of ${className(recv)} with ${inspect(a)} failed`, at);
    };
    switch (name) {
      case 'to_s':
      case 'inspect':
        if (args.length === 1 && typeof args[0] === 'number' && isInt) return v.toString(args[0]);
        return isInt ? String(v) : floatToS(v);
      case 'to_i':
      case 'to_int':
      case 'truncate':
        return Math.trunc(v);
      case 'to_f':
        return new RFloat(v);
      case '+':
      case '-':
      case '*':
      case '**': {
        const [o, f] = other();
        const float = f || !isInt;
        const r = name === '+' ? v + o : name === '-' ? v - o : name === '*' ? v * o : v ** o;
        return wrap(r, float);
      }
      case '/':
      case '%':
      case 'modulo':
      case 'div': {
        const [o, f] = other();
        const float = f || !isInt;
        if (!float && o === 0) throw new RubyError('divided by 0', at);
        if (name === '/') return float ? new RFloat(v / o) : Math.floor(v / o);
        if (name === 'div') return Math.floor(v / o);
        return wrap(v - o * Math.floor(v / o), float);
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const [o] = other();
        return name === '<' ? v < o : name === '<=' ? v <= o : name === '>' ? v > o : v >= o;
      }
      case '<=>':
        return compare(recv, args[0]) ?? null;
      case '-@':
        return wrap(-v, !isInt);
      case '+@':
        return recv;
      case 'abs':
        return wrap(Math.abs(v), !isInt);
      case 'zero?':
        return v === 0;
      case 'positive?':
        return v > 0;
      case 'negative?':
        return v < 0;
      case 'even?':
        if (isInt) return v % 2 === 0;
        break;
      case 'odd?':
        if (isInt) return Math.abs(v % 2) === 1;
        break;
      case 'succ':
      case 'next':
        if (isInt) return v + 1;
        break;
      case 'pred':
        if (isInt) return v - 1;
        break;
      case 'round':
      case 'floor':
      case 'ceil': {
        const d = typeof args[0] === 'number' ? args[0] : 0;
        if (d > 0) return isInt ? v : new RFloat(Number(v.toFixed(d)));
        const f =
          name === 'round'
            ? (x: number) => Math.sign(x) * Math.round(Math.abs(x))
            : name === 'floor'
              ? Math.floor
              : Math.ceil;
        return f(v);
      }
      case 'between?':
        return (compare(recv, args[0]) ?? -2) >= 0 && (compare(recv, args[1]) ?? 2) <= 0;
      case 'times':
        if (isInt && block)
          return this.withBreak(() => {
            for (let i = 0; i < v; i++) yieldTo(this, block, [i], env, at);
            return recv;
          });
        break;
      case 'upto':
      case 'downto':
        if (isInt && block && typeof args[0] === 'number')
          return this.withBreak(() => {
            const to = args[0] as number;
            if (name === 'upto') for (let i = v; i <= to; i++) yieldTo(this, block, [i], env, at);
            else for (let i = v; i >= to; i--) yieldTo(this, block, [i], env, at);
            return recv;
          });
        break;
      case '&':
      case '|':
      case '^':
      case '<<':
      case '>>':
        if (isInt && typeof args[0] === 'number') {
          const o = args[0];
          return name === '&'
            ? v & o
            : name === '|'
              ? v | o
              : name === '^'
                ? v ^ o
                : name === '<<'
                  ? v * 2 ** o
                  : Math.floor(v / 2 ** o);
        }
        break;
      case 'chr':
        if (isInt) return String.fromCharCode(v);
        break;
      case 'integer?':
        return isInt;
      case 'nan?':
        return Number.isNaN(v);
    }
    return noMethod();
  }

  private stringMethod(
    s: string,
    name: string,
    args: RV[],
    block: RBlock | undefined,
    env: Env,
    at: number,
    noMethod: () => never,
  ): RV {
    const strArg = (i = 0): string => {
      const a = args[i];
      if (typeof a !== 'string')
        throw new RubyError(`no implicit conversion of ${a === null ? 'nil' : className(a)} into String`, at);
      return a;
    };
    switch (name) {
      case 'to_s':
      case 'to_str':
      case 'dup':
      case 'itself':
        return s;
      case 'to_sym':
      case 'intern':
        return new RSym(s);
      case 'to_i': {
        const m = /^\s*([+-]?\d+(?:_\d+)*)/.exec(s);
        return m ? parseInt(m[1].replace(/_/g, ''), 10) : 0;
      }
      case 'to_f': {
        const m = /^\s*[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(s);
        return new RFloat(m ? parseFloat(m[0]) : 0);
      }
      case 'length':
      case 'size':
        return [...s].length;
      case 'bytesize':
        return Buffer.byteLength(s, 'utf8');
      case 'empty?':
        return s === '';
      case 'upcase':
        return s.toUpperCase();
      case 'downcase':
        return s.toLowerCase();
      case 'capitalize':
        return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
      case 'swapcase':
        return [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
      case 'strip':
        return s.replace(/^[\s\0]+|[\s\0]+$/g, '');
      case 'lstrip':
        return s.replace(/^\s+/, '');
      case 'rstrip':
        return s.replace(/[\s\0]+$/, '');
      case 'chomp':
        if (args.length === 0) return s.replace(/(\r\n|\n|\r)$/, '');
        return s.endsWith(strArg()) ? s.slice(0, s.length - strArg().length) : s;
      case 'chop':
        return s.endsWith('\r\n') ? s.slice(0, -2) : s.slice(0, -1);
      case 'chars':
        return [...s];
      case 'bytes':
        return [...Buffer.from(s, 'utf8')];
      case 'lines':
        return s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
      case 'reverse':
        return [...s].reverse().join('');
      case '=~': {
        const re = args[0];
        if (re instanceof RRegexp) return this.match(re, s)?.m.index ?? null;
        if (typeof re === 'string') throw new RubyError('wrong argument type String (expected Regexp)', at);
        return null;
      }
      case 'match':
      case 'match?': {
        const re =
          args[0] instanceof RRegexp ? args[0] : typeof args[0] === 'string' ? this.regexp(args[0], '', at) : null;
        if (!re) throw new RubyError(`wrong argument type ${className(args[0])} (expected Regexp)`, at);
        const m = this.match(re, s, typeof args[1] === 'number' ? args[1] : 0, name === 'match');
        return name === 'match?' ? m !== null : m;
      }
      case 'scan': {
        const re =
          args[0] instanceof RRegexp
            ? args[0]
            : typeof args[0] === 'string'
              ? this.regexp(args[0].replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'), '', at)
              : null;
        if (!re) throw new RubyError(`wrong argument type ${className(args[0])} (expected Regexp)`, at);
        const found = this.allMatches(re, s, at).map((m): RV =>
          m.length > 1 ? m.slice(1).map((g) => g ?? null) : m[0],
        );
        if (block) {
          for (const f of found) this.yieldBlock(block, [f], env, at);
          return s;
        }
        return found;
      }
      case 'include?':
        return s.includes(strArg());
      case 'start_with?':
        return args.some((a) =>
          a instanceof RRegexp ? this.match(a, s)?.m.index === 0 : typeof a === 'string' && s.startsWith(a),
        );
      case 'end_with?':
        return args.some((a) => typeof a === 'string' && s.endsWith(a));
      case 'index': {
        if (args[0] instanceof RRegexp)
          return this.match(args[0], s, typeof args[1] === 'number' ? args[1] : 0)?.m.index ?? null;
        const i = s.indexOf(strArg(), typeof args[1] === 'number' ? args[1] : 0);
        return i < 0 ? null : i;
      }
      case 'rindex': {
        const i = s.lastIndexOf(strArg());
        return i < 0 ? null : i;
      }
      case 'count':
        return args.length === 1 ? [...s].filter((c) => strArg().includes(c)).length : noMethod();
      case '+':
        return s + strArg();
      case '*': {
        const n = args[0];
        if (typeof n !== 'number' || n < 0) throw new RubyError('argument must be a non-negative Integer', at);
        if (s.length * n > this.opts.maxOutput) throw new RubyError('the string is too long', at);
        return s.repeat(n);
      }
      case '%':
        return this.format(s, Array.isArray(args[0]) ? args[0] : [args[0]], at);
      case '==':
        return s === args[0];
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const c = compare(s, args[0]);
        if (c === undefined) throw new RubyError(`comparison of String with ${inspect(args[0])} failed`, at);
        return name === '<' ? c < 0 : name === '<=' ? c <= 0 : name === '>' ? c > 0 : c >= 0;
      }
      case '<=>':
        return compare(s, args[0]) ?? null;
      case '[]':
      case 'slice': {
        const chars = [...s];
        const a = args[0];
        if (typeof a === 'number' && args.length === 1) {
          const i = a < 0 ? chars.length + a : a;
          return i >= 0 && i < chars.length ? chars[i] : null;
        }
        if (typeof a === 'number' && typeof args[1] === 'number') {
          const i = a < 0 ? chars.length + a : a;
          if (i < 0 || i > chars.length || args[1] < 0) return null;
          return chars.slice(i, i + args[1]).join('');
        }
        if (a instanceof RRange) {
          const r = this.rangeBounds(a, chars.length, at);
          return r ? chars.slice(r[0], r[0] + r[1]).join('') : null;
        }
        if (typeof a === 'string') return s.includes(a) ? a : null;
        if (a instanceof RRegexp) {
          const m = this.match(a, s);
          if (!m) return null;
          const g = args[1];
          if (g === undefined) return m.m[0];
          if (typeof g === 'number') return m.m[g] ?? null;
          if (typeof g === 'string' || g instanceof RSym)
            return m.m.groups?.[typeof g === 'string' ? g : g.name] ?? null;
        }
        return noMethod();
      }
      case 'split': {
        if (args.length === 0 || args[0] === ' ') {
          const parts = s.trim().split(/\s+/);
          return parts.length === 1 && parts[0] === '' ? [] : parts;
        }
        if (args[0] instanceof RRegexp)
          return this.splitRegexp(s, args[0], typeof args[1] === 'number' ? args[1] : 0, at);
        const sep = strArg();
        const limit = typeof args[1] === 'number' ? args[1] : 0;
        let parts = sep === '' ? [...s] : s.split(sep);
        if (limit > 0 && parts.length > limit) parts = [...parts.slice(0, limit - 1), parts.slice(limit - 1).join(sep)];
        if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
        return parts;
      }
      case 'sub':
      case 'gsub':
        return this.substitute(s, name, args, block, env, at);
      case 'tr':
      case 'delete': {
        if (block || args.some((a) => typeof a !== 'string'))
          throw new RubyError(`unsupported Ruby in template: String#${name} with a pattern or block`, at);
        const [from, to] = [strArg(0), name === 'delete' ? '' : strArg(1)];
        if (/[-^\\]/.test(from.slice(1)) || from.startsWith('^') || /[-\\]/.test(to))
          throw new RubyError(`unsupported Ruby in template: String#${name} with character ranges`, at);
        if (name === 'delete') return [...s].filter((c) => !from.includes(c)).join('');
        return [...s]
          .map((c) => {
            const i = from.indexOf(c);
            return i < 0 ? c : (to[Math.min(i, to.length - 1)] ?? '');
          })
          .join('');
      }
      case 'center':
      case 'ljust':
      case 'rjust': {
        const w = typeof args[0] === 'number' ? args[0] : 0;
        const pad = typeof args[1] === 'string' && args[1] !== '' ? args[1] : ' ';
        const n = Math.max(0, w - [...s].length);
        const fill = (k: number) => pad.repeat(Math.ceil(k / pad.length) + 1).slice(0, k);
        if (name === 'ljust') return s + fill(n);
        if (name === 'rjust') return fill(n) + s;
        const left = Math.floor(n / 2);
        return fill(left) + s + fill(n - left);
      }
      case 'each_char':
        if (block) {
          for (const c of s) this.yieldBlock(block, [c], env, at);
          return s;
        }
        break;
      case 'each_line':
        if (block) {
          for (const l of s.match(/[^\n]*\n|[^\n]+$/g) ?? []) this.yieldBlock(block, [l], env, at);
          return s;
        }
        break;
      case 'succ':
      case 'next':
        break;
      case 'freeze':
        return s;
      case 'hash':
        break;
      case 'encoding':
        break;
    }
    return noMethod();
  }

  /** Start and length of a range over a sequence of `len` items, or undefined when out of range. */
  private rangeBounds(r: RRange, len: number, at: number): [number, number] | undefined {
    if (typeof r.lo !== 'number' || (typeof r.hi !== 'number' && r.hi !== null))
      throw new RubyError('no implicit conversion of Range into Integer', at);
    let lo = r.lo;
    let hi = r.hi === null ? len - 1 : r.hi;
    if (lo < 0) lo += len;
    if (hi < 0) hi += len;
    if (lo < 0 || lo > len) return undefined;
    if (r.excl && r.hi !== null) hi -= 1;
    return [lo, Math.max(0, Math.min(hi, len - 1) - lo + 1)];
  }

  /** `format` / `String#%` for the directives templates use. */
  private format(fmt: string, args: RV[], at: number): string {
    let i = 0;
    const next = (): RV => {
      if (i >= args.length) throw new RubyError('too few arguments', at);
      return args[i++];
    };
    return fmt.replace(
      /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifxXobeEgGp%])/g,
      (_m, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
        if (conv === '%') return '%';
        const a = next();
        let body: string;
        switch (conv) {
          case 's':
            body = this.str(a, at);
            if (prec !== undefined) body = body.slice(0, Number(prec));
            break;
          case 'p':
            body = inspect(a);
            break;
          case 'd':
          case 'i': {
            const n =
              typeof a === 'number'
                ? a
                : a instanceof RFloat
                  ? Math.trunc(a.v)
                  : typeof a === 'string' && /^\s*[+-]?\d+\s*$/.test(a)
                    ? parseInt(a, 10)
                    : NaN;
            if (Number.isNaN(n)) throw new RubyError(`invalid value for Integer(): ${inspect(a)}`, at);
            body = String(Math.abs(n));
            if (n < 0) body = '-' + body;
            else if (flags.includes('+')) body = '+' + body;
            else if (flags.includes(' ')) body = ' ' + body;
            break;
          }
          case 'f':
          case 'e':
          case 'E':
          case 'g':
          case 'G': {
            const n = typeof a === 'number' ? a : a instanceof RFloat ? a.v : NaN;
            if (Number.isNaN(n)) throw new RubyError(`can't convert ${className(a)} into Float`, at);
            // Ruby's own digits and rounding (`'%.2f' % 2.675` is 2.68), not JavaScript's.
            const p = prec === undefined ? 6 : Number(prec);
            const alt = flags.includes('#');
            const abs = Math.abs(n);
            body =
              conv === 'f'
                ? formatFixed(abs, p, alt && typeof a !== 'number')
                : conv === 'e' || conv === 'E'
                  ? formatExponent(abs, p, conv === 'E', alt)
                  : formatGeneral(abs, p, conv === 'G', alt);
            if (n < 0 || Object.is(n, -0)) body = '-' + body;
            else if (flags.includes('+')) body = '+' + body;
            else if (flags.includes(' ')) body = ' ' + body;
            break;
          }
          case 'x':
          case 'X':
          case 'o':
          case 'b': {
            if (typeof a !== 'number') throw new RubyError(`can't convert ${className(a)} into Integer`, at);
            body = a.toString(conv === 'o' ? 8 : conv === 'b' ? 2 : 16);
            if (conv === 'X') body = body.toUpperCase();
            break;
          }
          default:
            throw new RubyError(`unsupported Ruby in template: format directive %${conv}`, at);
        }
        const w = width === undefined ? 0 : Number(width);
        if (body.length < w) {
          if (flags.includes('-')) body = body.padEnd(w);
          else if (flags.includes('0') && conv !== 's' && conv !== 'p') {
            const sign = /^[-+ ]/.test(body) ? body[0] : '';
            body = sign + body.slice(sign.length).padStart(w - sign.length, '0');
          } else body = body.padStart(w);
        }
        return body;
      },
    );
  }

  private arrayMethod(
    a: RV[],
    name: string,
    args: RV[],
    block: RBlock | undefined,
    env: Env,
    at: number,
    noMethod: () => never,
  ): RV {
    switch (name) {
      case 'to_s':
      case 'inspect':
        return inspect(a);
      case 'to_a':
      case 'to_ary':
      case 'entries':
        return a;
      case 'length':
      case 'size':
        return a.length;
      case 'empty?':
        return a.length === 0;
      case 'any?':
        if (!block && args.length === 0) return a.some(truthy);
        break;
      case 'join': {
        const sep = args[0] === undefined || args[0] === null ? '' : typeof args[0] === 'string' ? args[0] : noMethod();
        const flat = (xs: RV[], d: number): string[] => {
          if (d > 100) throw new RubyError('recursive array join', at);
          return xs.flatMap((x) => (Array.isArray(x) ? flat(x, d + 1) : [this.str(x, at)]));
        };
        return flat(a, 0).join(sep);
      }
      case 'first':
        if (args.length === 0) return a[0] ?? null;
        if (typeof args[0] === 'number') return a.slice(0, args[0]);
        break;
      case 'last':
        if (args.length === 0) return a.length ? a[a.length - 1] : null;
        if (typeof args[0] === 'number') return args[0] === 0 ? [] : a.slice(-args[0]);
        break;
      case '[]':
      case 'slice':
      case 'at': {
        const x = args[0];
        if (typeof x === 'number' && args.length === 1) {
          const i = x < 0 ? a.length + x : x;
          return i >= 0 && i < a.length ? a[i] : null;
        }
        if (typeof x === 'number' && typeof args[1] === 'number') {
          const i = x < 0 ? a.length + x : x;
          if (i < 0 || i > a.length || args[1] < 0) return null;
          return a.slice(i, i + args[1]);
        }
        if (x instanceof RRange) {
          const r = this.rangeBounds(x, a.length, at);
          return r ? a.slice(r[0], r[0] + r[1]) : null;
        }
        if (x instanceof RFloat) return a[Math.trunc(x.v)] ?? null;
        throw new RubyError(`no implicit conversion of ${className(x)} into Integer`, at);
      }
      case 'dig': {
        let v: RV = a;
        for (const k of args) {
          if (v === null) return null;
          v = this.send(v, '[]', [k], undefined, env, at);
        }
        return v;
      }
      case 'fetch': {
        const x = args[0];
        if (typeof x !== 'number') break;
        const i = x < 0 ? a.length + x : x;
        if (i >= 0 && i < a.length) return a[i];
        if (args.length > 1) return args[1];
        if (block) return this.yieldBlock(block, [x], env, at);
        throw new RubyError(`index ${x} outside of array bounds: ${-a.length}...${a.length}`, at);
      }
      case '[]=': {
        const x = args[0];
        if (typeof x === 'number' && args.length === 2) {
          const i = x < 0 ? a.length + x : x;
          if (i < 0) throw new RubyError(`index ${x} too small for array`, at);
          while (a.length < i) a.push(null);
          a[i] = args[1];
          return args[1];
        }
        break;
      }
      case '<<':
      case 'push':
      case 'append':
        a.push(...(name === '<<' ? [args[0]] : args));
        return a;
      case 'unshift':
      case 'prepend':
        a.unshift(...args);
        return a;
      case 'pop':
        return a.length ? a.pop()! : null;
      case 'shift':
        return a.length ? a.shift()! : null;
      case 'concat':
        for (const x of args) if (Array.isArray(x)) a.push(...x);
        return a;
      case 'delete': {
        let found: RV = null;
        for (let i = a.length - 1; i >= 0; i--)
          if (equal(a[i], args[0])) {
            found = a[i];
            a.splice(i, 1);
          }
        return found;
      }
      case '+':
        if (!Array.isArray(args[0]))
          throw new RubyError(`no implicit conversion of ${className(args[0])} into Array`, at);
        return [...a, ...args[0]];
      case '-':
        if (!Array.isArray(args[0]))
          throw new RubyError(`no implicit conversion of ${className(args[0])} into Array`, at);
        return a.filter((x) => !(args[0] as RV[]).some((y) => equal(x, y)));
      case '*':
        if (typeof args[0] === 'string') return this.arrayMethod(a, 'join', args, block, env, at, noMethod);
        if (typeof args[0] === 'number') return Array.from({ length: args[0] }, () => a).flat();
        break;
      case '&':
      case '|': {
        if (!Array.isArray(args[0])) break;
        const b = args[0];
        const pool = name === '&' ? a.filter((x) => b.some((y) => equal(x, y))) : [...a, ...b];
        return this.uniq(pool);
      }
      case 'uniq':
        if (!block) return this.uniq(a);
        break;
      case 'compact':
        return a.filter((x) => x !== null);
      case 'flatten': {
        const depth = typeof args[0] === 'number' ? args[0] : Infinity;
        const flat = (xs: RV[], d: number): RV[] => {
          if (d > 100) throw new RubyError('tried to flatten recursive array', at);
          return xs.flatMap((x) => (Array.isArray(x) && d < depth ? flat(x, d + 1) : [x]));
        };
        return flat(a, 0);
      }
      case 'reverse':
        return [...a].reverse();
      case 'rotate': {
        if (a.length === 0) return [];
        const k = (((typeof args[0] === 'number' ? args[0] : 1) % a.length) + a.length) % a.length;
        return [...a.slice(k), ...a.slice(0, k)];
      }
      case 'index':
      case 'find_index': {
        const i = block
          ? a.findIndex((x) => truthy(this.yieldBlock(block, [x], env, at)))
          : a.findIndex((x) => equal(x, args[0]));
        return i < 0 ? null : i;
      }
      case 'transpose': {
        if (a.length === 0) return [];
        if (!a.every(Array.isArray)) break;
        const rows = a as RV[][];
        return rows[0].map((_, i) => rows.map((r) => r[i] ?? null));
      }
      case 'to_h': {
        if (block) break;
        const h = new RHash();
        for (const p of a) {
          if (!Array.isArray(p) || p.length !== 2)
            throw new RubyError(`wrong element type ${className(p)} (expected array)`, at);
          h.set(p[0], p[1]);
        }
        return h;
      }
      case 'sort!':
      case 'map!':
      case 'collect!':
      case 'uniq!':
      case 'compact!':
      case 'reverse!':
      case 'flatten!':
      case 'select!':
      case 'reject!': {
        const r = this.send(a, name.slice(0, -1), args, block, env, at);
        if (!Array.isArray(r)) return r;
        const changed = !equal(r, a);
        a.splice(0, a.length, ...r);
        return changed || name === 'sort!' || name === 'map!' || name === 'collect!' ? a : null;
      }
      case 'each_index':
        if (block) {
          a.forEach((_, i) => this.yieldBlock(block, [i], env, at));
          return a;
        }
        break;
      case 'pack':
        break;
      case 'hash':
        break;
    }
    return this.enumMethod(a, a, name, args, block, env, at, noMethod);
  }

  private uniq(a: RV[]): RV[] {
    const out: RV[] = [];
    for (const x of a) if (!out.some((y) => equal(x, y))) out.push(x);
    return out;
  }

  private hashMethod(
    h: RHash,
    name: string,
    args: RV[],
    block: RBlock | undefined,
    env: Env,
    at: number,
    noMethod: () => never,
  ): RV {
    switch (name) {
      case 'to_s':
      case 'inspect':
        return inspect(h);
      case 'to_h':
      case 'to_hash':
        if (!block) return h;
        break;
      case 'length':
      case 'size':
        return h.size;
      case 'empty?':
        return h.size === 0;
      case 'keys':
        return h.entries().map(([k]) => k);
      case 'values':
        return h.entries().map(([, v]) => v);
      case '[]':
        return h.has(args[0]) ? h.get(args[0])! : h.default;
      case '[]=':
      case 'store':
        h.set(args[0], args[1]);
        return args[1];
      case 'key?':
      case 'has_key?':
      case 'include?':
      case 'member?':
        return h.has(args[0]);
      case 'value?':
      case 'has_value?':
        return h.entries().some(([, v]) => equal(v, args[0]));
      case 'key':
        return h.entries().find(([, v]) => equal(v, args[0]))?.[0] ?? null;
      case 'fetch': {
        if (h.has(args[0])) return h.get(args[0])!;
        if (args.length > 1) return args[1];
        if (block) return this.yieldBlock(block, [args[0]], env, at);
        throw new RubyError(`key not found: ${inspect(args[0])}`, at);
      }
      case 'dig': {
        let v: RV = h;
        for (const k of args) {
          if (v === null) return null;
          v = this.send(v, '[]', [k], undefined, env, at);
        }
        return v;
      }
      case 'delete':
        return h.delete(args[0]) ?? null;
      case 'merge':
      case 'update':
      case 'merge!': {
        const out = name === 'merge' ? new RHash() : h;
        if (name === 'merge') for (const [k, v] of h.entries()) out.set(k, v);
        for (const o of args) {
          if (!(o instanceof RHash)) throw new RubyError(`no implicit conversion of ${className(o)} into Hash`, at);
          for (const [k, v] of o.entries())
            out.set(k, block && out.has(k) ? this.yieldBlock(block, [k, out.get(k)!, v], env, at) : v);
        }
        return out;
      }
      case 'invert': {
        const out = new RHash();
        for (const [k, v] of h.entries()) out.set(v, k);
        return out;
      }
      case 'each_pair':
        if (block)
          return this.withBreak(() => {
            for (const p of h.entries()) this.yieldBlock(block, [p], env, at);
            return h;
          });
        return new RObject('enumerator', 'each', h);
      case 'each_key':
      case 'each_value':
        if (block)
          return this.withBreak(() => {
            for (const [k, v] of h.entries()) this.yieldBlock(block, [name === 'each_key' ? k : v], env, at);
            return h;
          });
        break;
      case 'select':
      case 'filter':
      case 'reject': {
        if (!block) break;
        const out = new RHash();
        for (const [k, v] of h.entries())
          if (truthy(this.yieldBlock(block, [k, v], env, at)) === (name !== 'reject')) out.set(k, v);
        return out;
      }
      case 'transform_values':
      case 'transform_keys': {
        if (!block) break;
        const out = new RHash();
        for (const [k, v] of h.entries()) {
          if (name === 'transform_values') out.set(k, this.yieldBlock(block, [v], env, at));
          else out.set(this.yieldBlock(block, [k], env, at), v);
        }
        return out;
      }
      case 'sort_by':
      case 'min_by':
      case 'max_by':
      case 'group_by':
      case 'partition':
      case 'find':
      case 'detect':
      case 'any?':
      case 'all?':
      case 'none?':
      case 'count':
      case 'map':
      case 'collect':
      case 'flat_map':
      case 'each_with_object':
      case 'inject':
      case 'reduce':
      case 'sum':
      case 'find_all':
        break;
    }
    return this.enumMethod(h.entries(), h, name, args, block, env, at, noMethod);
  }

  /** Enumerable methods over `items` (what `each` yields). */
  private enumMethod(
    items: RV[],
    recv: RV,
    name: string,
    args: RV[],
    block: RBlock | undefined,
    env: Env,
    at: number,
    noMethod: () => never,
  ): RV {
    const y = (x: RV): RV => this.yieldBlock(block!, [x], env, at);
    if (!block) {
      // Enumerators for the chained forms: `.map.with_index(1) { }`, `.each_with_index.map { }`.
      if (
        ['map', 'collect', 'each', 'each_with_index', 'select', 'filter', 'reject', 'flat_map', 'each_pair'].includes(
          name,
        ) &&
        args.length === 0
      ) {
        return new RObject(
          'enumerator',
          name === 'each_pair' ? 'each' : name,
          recv instanceof RObject && recv.kind !== 'enumerator' ? items : recv instanceof RObject ? recv : recv,
        );
      }
      if (
        name === 'each_slice' ||
        name === 'each_with_object' ||
        name === 'group_by' ||
        name === 'sort_by' ||
        name === 'min_by' ||
        name === 'max_by' ||
        name === 'partition' ||
        name === 'find' ||
        name === 'detect' ||
        name === 'inject' ||
        name === 'reduce'
      ) {
        if (!(name === 'inject' || name === 'reduce') || args.every((a) => !(a instanceof RSym))) {
          if (name !== 'inject' && name !== 'reduce' && name !== 'each_slice')
            throw new RubyError(`unsupported Ruby in template: ${name} without a block`, at);
        }
      }
    }
    switch (name) {
      case 'each':
        if (!block) break;
        return this.withBreak(() => {
          for (const x of items) y(x);
          return recv;
        });
      case 'each_with_index':
        if (!block) break;
        return this.withBreak(() => {
          items.forEach((x, i) => this.yieldBlock(block, [x, i], env, at));
          return recv;
        });
      case 'map':
      case 'collect':
        if (!block) break;
        return this.withBreak(() => items.map(y));
      case 'flat_map':
      case 'collect_concat':
        if (!block) break;
        return this.withBreak(() =>
          items.flatMap((x) => {
            const r = y(x);
            return Array.isArray(r) ? r : [r];
          }),
        );
      case 'select':
      case 'filter':
      case 'find_all':
        if (!block) break;
        return items.filter((x) => truthy(y(x)));
      case 'reject':
        if (!block) break;
        return items.filter((x) => !truthy(y(x)));
      case 'find':
      case 'detect':
        if (!block) break;
        return items.find((x) => truthy(y(x))) ?? null;
      case 'partition': {
        if (!block) break;
        const t: RV[] = [];
        const f: RV[] = [];
        for (const x of items) (truthy(y(x)) ? t : f).push(x);
        return [t, f];
      }
      case 'group_by': {
        if (!block) break;
        const h = new RHash();
        for (const x of items) {
          const k = y(x);
          const cur = h.get(k);
          if (Array.isArray(cur)) cur.push(x);
          else h.set(k, [x]);
        }
        return h;
      }
      case 'any?':
        return block
          ? items.some((x) => truthy(y(x)))
          : args.length
            ? items.some((x) => this.caseEq(args[0], x, at))
            : items.some(truthy);
      case 'all?':
        return block ? items.every((x) => truthy(y(x))) : items.every(truthy);
      case 'none?':
        return block ? !items.some((x) => truthy(y(x))) : !items.some(truthy);
      case 'count':
        if (block) return items.filter((x) => truthy(y(x))).length;
        if (args.length) return items.filter((x) => equal(x, args[0])).length;
        return items.length;
      case 'include?':
      case 'member?':
        return items.some((x) => equal(x, args[0]));
      case 'to_a':
      case 'entries':
        return [...items];
      case 'first':
        if (args.length === 0) return items[0] ?? null;
        if (typeof args[0] === 'number') return items.slice(0, args[0]);
        break;
      case 'sort':
        if (block)
          return [...items].sort((a, b) => {
            const c = this.yieldBlock(block, [a, b], env, at);
            if (typeof c !== 'number')
              throw new RubyError(`comparison of ${className(a)} with ${className(b)} failed`, at);
            return c;
          });
        return this.sortValues([...items], at);
      case 'sort_by':
        if (!block) break;
        return this.sortValues([...items], at, y);
      case 'min':
      case 'max': {
        if (items.length === 0) return null;
        const sorted = block ? (this.send(items, 'sort', [], block, env, at) as RV[]) : this.sortValues([...items], at);
        return name === 'min' ? sorted[0] : sorted[sorted.length - 1];
      }
      case 'min_by':
      case 'max_by': {
        if (!block || items.length === 0) return null;
        const sorted = this.sortValues([...items], at, y);
        return name === 'min_by' ? sorted[0] : sorted[sorted.length - 1];
      }
      case 'sum': {
        let acc: RV = args[0] ?? 0;
        for (const x of items) acc = this.send(acc, '+', [block ? y(x) : x], undefined, env, at);
        return acc;
      }
      case 'inject':
      case 'reduce': {
        let rest = [...items];
        let acc: RV;
        const sym = args.find((a) => a instanceof RSym) as RSym | undefined;
        const init = args.filter((a) => !(a instanceof RSym));
        if (init.length) acc = init[0];
        else {
          if (rest.length === 0) return null;
          acc = rest[0];
          rest = rest.slice(1);
        }
        for (const x of rest)
          acc = sym
            ? this.send(acc, sym.name, [x], undefined, env, at)
            : block
              ? this.yieldBlock(block, [acc, x], env, at)
              : noMethod();
        return acc;
      }
      case 'each_with_object': {
        if (!block) break;
        const memo = args[0];
        for (const x of items) this.yieldBlock(block, [x, memo], env, at);
        return memo;
      }
      case 'each_slice': {
        const n = args[0];
        if (typeof n !== 'number' || n <= 0) throw new RubyError('invalid slice size', at);
        const slices: RV[] = [];
        for (let i = 0; i < items.length; i += n) slices.push(items.slice(i, i + n));
        if (!block) return slices;
        for (const s of slices) y(s);
        return recv;
      }
      case 'grep':
      case 'grep_v': {
        const hit = items.filter((x) => this.caseEq(args[0], x, at) === (name === 'grep'));
        return block ? hit.map(y) : hit;
      }
      case 'zip':
        return items.map((x, i) => [x, ...args.map((o) => (Array.isArray(o) ? (o[i] ?? null) : null))]);
      case 'uniq':
        return block ? items.filter((x, i) => items.findIndex((z) => equal(y(z), y(x))) === i) : this.uniq(items);
      case 'to_h': {
        const h = new RHash();
        for (const x of items) {
          const p = block ? y(x) : x;
          if (!Array.isArray(p) || p.length !== 2)
            throw new RubyError(`wrong element type ${className(p)} (expected array)`, at);
          h.set(p[0], p[1]);
        }
        return h;
      }
      case 'tally': {
        const h = new RHash();
        for (const x of items) h.set(x, ((h.get(x) as number | undefined) ?? 0) + 1);
        return h;
      }
      case 'with_index':
      case 'each_entry':
        break;
    }
    return noMethod();
  }
}

function yieldTo(interp: Interp, block: RBlock, args: RV[], env: Env, at: number): RV {
  return (interp as unknown as { yieldBlock(b: RBlock, a: RV[], e: Env, at: number): RV }).yieldBlock(
    block,
    args,
    env,
    at,
  );
}

/** A Ruby value handed to a Puppet function: Symbols as Strings, Hashes as Maps (keys kept). */
function toErb(v: RV, at: number, depth = 0): ErbValue {
  if (depth > 100) throw new RubyError('value nests too deeply', at);
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (v instanceof RFloat) return numberValue(v.v, true);
  if (v instanceof RSym) return v.name;
  if (Array.isArray(v)) return v.map((x) => toErb(x, at, depth + 1));
  if (v instanceof RHash)
    return new Map(v.entries().map(([k, x]) => [toErb(k, at, depth + 1), toErb(x, at, depth + 1)]));
  throw new RubyError(`unsupported Ruby in template: passing a ${className(v)} to a Puppet function`, at);
}

/** Ruby's File.join of strings: one `/` between parts, whatever slashes they end or start with. */
function joinPaths(parts: string[]): string {
  let out = '';
  parts.forEach((p, i) => {
    if (i === 0) out = p;
    else {
      const a = out.endsWith('/');
      const b = p.startsWith('/');
      out = a && b ? out + p.replace(/^\/+/, '') : a || b ? out + p : out + '/' + p;
    }
  });
  return out;
}

function fromErbAt(v: ErbValue, at: number): RV {
  try {
    return fromErb(v);
  } catch (e) {
    if (e instanceof RubyError) throw new RubyError(e.message, at);
    throw e;
  }
}

function lineAt(source: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, source.length);
  for (let i = 0; i < end; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/** Renders `source` with `scope`, as `template()` would. Never throws. */
export function renderErb(source: string, scope: ErbScope, options: ErbOptions = {}): ErbResult {
  const parsed = parseTemplate(source);
  if (!parsed.ok) return { ok: false, message: parsed.message, line: lineAt(source, parsed.offset) };
  const interp = new Interp(scope, {
    steps: options.steps ?? 2_000_000,
    maxOutput: options.maxOutput ?? 16 * 1024 * 1024,
  });
  try {
    return { ok: true, text: interp.run(parsed.body) };
  } catch (e) {
    if (e instanceof RubyError) return { ok: false, message: e.message, line: lineAt(source, e.at) };
    if (e instanceof NextSignal || e instanceof BreakSignal)
      return { ok: false, message: 'Invalid next or break outside a block', line: 1 };
    if (e instanceof ReturnSignal) return { ok: true, text: interp.output() };
    if (e instanceof RangeError) return { ok: false, message: 'the template nests or recurses too deeply', line: 1 };
    return { ok: false, message: `internal error while rendering: ${String(e)}`, line: 1 };
  }
}
