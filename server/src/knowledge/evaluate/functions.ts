// The functions the evaluator knows: Puppet's own (include, lookup, template, each, ...), the stdlib functions the
// Mesos modules call (merge, pick, empty, validate_*, ...) and the two Ruby functions deric/mesos ships
// (`zookeeper_servers_url`, `mesos_hash_parser`), each reimplemented from what it documents. A function outside
// this list ends the evaluation with an `unsupported` finding that names it.

import { isFloatValue, numberOf } from '../../base/wholeFloat.js';
import type { SyntaxNode } from '../../syntax/puppet/index.js';
import { FormatProblem, rubyFormat } from './rubyFormat.js';
import { EvalStop, type Evaluator, type MergeName, type Place, type Scope } from './evaluator.js';
import {
  equals,
  fromData,
  inspect,
  hashGet,
  isHash,
  isRef,
  isSpecial,
  isType,
  matchesType,
  safeRegex,
  toStr,
  truthy,
  type PHash,
  type PRef,
  type PValue,
} from './values.js';

export interface FunctionContext {
  readonly evaluator: Evaluator;
  readonly frame: { readonly scope: Scope; readonly file: { readonly path: string; readonly text: string } };
  readonly node: SyntaxNode;
  readonly place: Place;
  readonly lambda: ((values: PValue[]) => PValue) | undefined;
  readonly lambdaArity: number;
}

type Fn = (args: PValue[], ctx: FunctionContext) => PValue;

function fail(message: string, ctx: FunctionContext, kind: 'fail' | 'error' = 'error'): never {
  throw new EvalStop(message, kind, ctx.place);
}

function flat(args: readonly PValue[]): PValue[] {
  const out: PValue[] = [];
  for (const a of args) {
    if (Array.isArray(a)) out.push(...flat(a));
    else out.push(a);
  }
  return out;
}

function className(v: PValue): string {
  if (isRef(v)) return v.type.toLowerCase() === 'class' ? v.title : v.title;
  if (isType(v)) return v.name;
  return toStr(v);
}

function declareAll(args: PValue[], ctx: FunctionContext): PValue {
  for (const c of flat(args)) ctx.evaluator.declareClass(className(c), undefined, ctx.frame as never, ctx.node.start);
  return null;
}

function hieraCall(merge: MergeName | undefined, args: PValue[], ctx: FunctionContext): PValue {
  const key = toStr(args[0]);
  const r = ctx.evaluator.input.host.lookup(key, merge);
  if (r.kind === 'found') return fromData(r.value);
  if (r.kind === 'error') fail(`Lookup of '${key}': ${r.message}`, ctx);
  if (args.length >= 2) return args[1];
  return fail(`Function lookup() did not find a value for the name '${key}'`, ctx);
}

function lookupFn(args: PValue[], ctx: FunctionContext): PValue {
  const key = toStr(args[0]);
  let merge: MergeName | undefined;
  let dflt: PValue | undefined;
  let hasDefault = false;
  if (isHash(args[1])) {
    const opts = args[1];
    const m = opts.get('merge');
    if (typeof m === 'string') merge = m as MergeName;
    if (isHash(m) && typeof m.get('strategy') === 'string') merge = m.get('strategy') as MergeName;
    if (opts.has('default_value')) {
      dflt = opts.get('default_value')!;
      hasDefault = true;
    }
  } else {
    const rest = args.slice(1);
    if (rest.length > 0 && (isType(rest[0]) || rest[0] === null)) rest.shift();
    if (rest.length > 0) {
      const m = rest.shift()!;
      if (typeof m === 'string') merge = m as MergeName;
      else if (isHash(m) && typeof m.get('strategy') === 'string') merge = m.get('strategy') as MergeName;
    }
    if (rest.length > 0) {
      dflt = rest[0];
      hasDefault = true;
    }
  }
  const r = ctx.evaluator.input.host.lookup(key, merge);
  if (r.kind === 'found') return fromData(r.value);
  if (r.kind === 'error') fail(`Lookup of '${key}': ${r.message}`, ctx);
  if (hasDefault) return dflt!;
  if (ctx.lambda) return ctx.lambda([key]);
  return fail(`Function lookup() did not find a value for the name '${key}'`, ctx);
}

function template(args: PValue[], ctx: FunctionContext): PValue {
  let out: string | null = '';
  for (const a of flat(args)) {
    const spec = toStr(a);
    const f = ctx.evaluator.moduleFile(spec, 'templates');
    if (!f) fail(`Could not find template '${spec}'`, ctx);
    const text = ctx.evaluator.renderTemplate(spec, f.text, ctx);
    out = out === null || text === null ? null : out + text;
  }
  return out;
}

function createResources(args: PValue[], ctx: FunctionContext, ifAbsent: boolean): PValue {
  const type = isType(args[0]) ? args[0].name : toStr(args[0]);
  const instances = args[1];
  const defaults = isHash(args[2]) ? args[2] : new Map<PValue, PValue>();
  if (!isHash(instances)) fail(`create_resources(): second argument must be a Hash, got ${inspect(instances)}`, ctx);
  for (const [title, attrs] of instances) {
    const params = new Map<string, PValue>();
    if (isHash(attrs)) for (const [k, v] of attrs) params.set(toStr(k), v);
    for (const [k, v] of defaults) if (!params.has(toStr(k))) params.set(toStr(k), v);
    ctx.evaluator.declareResource(type, toStr(title), params, ctx.frame as never, ctx.node.start, ifAbsent);
  }
  return null;
}

function ensureResource(args: PValue[], ctx: FunctionContext): PValue {
  const type = toStr(args[0]);
  const titles = Array.isArray(args[1]) ? args[1] : [args[1]];
  const attrs = isHash(args[2]) ? args[2] : new Map<PValue, PValue>();
  for (const t of titles) {
    const params = new Map<string, PValue>();
    for (const [k, v] of attrs) params.set(toStr(k), v);
    ctx.evaluator.declareResource(type, toStr(t), params, ctx.frame as never, ctx.node.start, true);
  }
  return null;
}

/**
 * The `ensure` that stdlib's ensure_packages gives, read from the stdlib on the module path: `present` up to the
 * 7.x releases, `installed` from 8.0; releases from 4.20 turn the other spelling into theirs.
 */
function ensurePackagesDefault(ctx: FunctionContext): { value: string; normalises: boolean } {
  const ev = ctx.evaluator;
  for (const dir of ev.input.host.modulePath) {
    for (const rel of ['lib/puppet/functions/ensure_packages.rb', 'lib/puppet/parser/functions/ensure_packages.rb']) {
      const text = ev.input.host.readText(`${dir}/stdlib/${rel}`);
      const m = text === undefined ? null : /\{\s*'ensure'\s*=>\s*'(present|installed)'\s*\}/.exec(text);
      if (m) return { value: m[1], normalises: /defaults\['ensure'\]\s*==\s*'(present|installed)'/.test(text!) };
    }
  }
  return { value: 'installed', normalises: true };
}

function ensurePackages(args: PValue[], ctx: FunctionContext): PValue {
  const defaults = isHash(args[1]) ? args[1] : new Map<PValue, PValue>();
  const std = ensurePackagesDefault(ctx);
  const base = new Map<PValue, PValue>([['ensure', std.value], ...defaults]);
  if (std.normalises && (base.get('ensure') === 'present' || base.get('ensure') === 'installed'))
    base.set('ensure', std.value);
  if (isHash(args[0])) {
    for (const [name, attrs] of args[0]) {
      const merged = new Map<PValue, PValue>([...base, ...(isHash(attrs) ? attrs : [])]);
      ensureResource(['package', name, merged], ctx);
    }
    return null;
  }
  const names = flat([args[0]]);
  return ensureResource(['package', names, base], ctx);
}

function defined(args: PValue[], ctx: FunctionContext): PValue {
  for (const a of args) {
    if (isRef(a)) {
      if (ctx.evaluator.hasResource(a)) return true;
      continue;
    }
    if (Array.isArray(a)) {
      if (a.every((x) => isRef(x) && ctx.evaluator.hasResource(x))) return true;
      continue;
    }
    if (isType(a)) {
      if (ctx.evaluator.definition(a.name)) return true;
      continue;
    }
    const s = toStr(a);
    if (s.startsWith('$')) {
      if (ctx.evaluator.findVar(s.slice(1), ctx.frame.scope) !== undefined) return true;
      continue;
    }
    if (ctx.evaluator.definition(s)) return true;
    if (['file', 'package', 'service', 'exec', 'user', 'group', 'cron', 'notify'].includes(s.toLowerCase()))
      return true;
  }
  return false;
}

function empty(v: PValue): boolean {
  if (v === null) return true;
  if (typeof v === 'string') return v.length === 0;
  if (Array.isArray(v)) return v.length === 0;
  if (isHash(v)) return v.size === 0;
  return false;
}

function deepMerge(a: PHash, b: PHash): PHash {
  const out: PHash = new Map(a);
  for (const [k, v] of b) {
    const cur = out.get(k);
    out.set(k, isHash(cur) && isHash(v) ? deepMerge(cur, v) : v);
  }
  return out;
}

/** Ruby's Gem::Version-free comparison Puppet's versioncmp does: numeric runs numerically, the rest by text. */
export function versionCompare(a: string, b: string): number {
  const split = (s: string): string[] => s.split(/[-.]/);
  const xs = split(a);
  const ys = split(b);
  for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
    const x = xs[i];
    const y = ys[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d < 0 ? -1 : 1;
      continue;
    }
    if (nx !== ny) return nx ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function validate(check: (v: PValue) => boolean, what: string): Fn {
  return (args, ctx) => {
    for (const a of args) if (!check(a)) fail(`${inspect(a)} is not ${what}.`, ctx);
    return null;
  };
}

function each(args: PValue[], ctx: FunctionContext, collect: 'each' | 'map' | 'filter'): PValue {
  const [subject] = args;
  const lambda = ctx.lambda;
  if (!lambda) return fail('each/map/filter need a lambda', ctx);
  const pairs = ctx.lambdaArity >= 2;
  if (isHash(subject)) {
    const out: PValue[] = [];
    const kept: PHash = new Map();
    for (const [k, v] of subject) {
      const r = pairs ? lambda([k, v]) : lambda([[k, v]]);
      if (collect === 'map') out.push(r);
      if (collect === 'filter' && truthy(r)) kept.set(k, v);
    }
    return collect === 'each' ? subject : collect === 'map' ? out : kept;
  }
  const list = Array.isArray(subject)
    ? subject
    : typeof subject === 'number'
      ? Array.from({ length: subject }, (_, i) => i)
      : subject === null
        ? []
        : [subject];
  const out: PValue[] = [];
  list.forEach((v, i) => {
    const r = pairs ? lambda([i, v]) : lambda([v]);
    if (collect === 'map') out.push(r);
    if (collect === 'filter' && truthy(r)) out.push(v);
  });
  return collect === 'each' ? subject : out;
}

/** deric/mesos: an array of ZooKeeper hosts (with or without port) becomes `zk://h1:p,h2:p/path`; a String is kept. */
function zookeeperServersUrl(args: PValue[], ctx: FunctionContext): PValue {
  if (args.length > 3) fail(`zookeeper_servers_url(): Wrong number of args given (${args.length} for 1)`, ctx);
  const path = args.length > 1 && args[1] !== null ? toStr(args[1]) : 'mesos';
  const port = args.length > 2 && args[2] !== null ? toStr(args[2]) : '2181';
  const servers = args[0];
  if (typeof servers === 'string') return servers;
  if (!Array.isArray(servers))
    return fail(`zookeeper_servers_url() accepts an Array, you passed a ${rubyClass(servers)}`, ctx);
  return `zk://${servers.map((s) => (toStr(s).includes(':') ? toStr(s) : `${toStr(s)}:${port}`)).join(',')}/${path}`;
}

function rubyClass(v: PValue): string {
  if (v === null) return 'NilClass';
  if (typeof v === 'string') return 'String';
  if (numberOf(v) !== undefined) return isFloatValue(v) ? 'Float' : 'Integer';
  if (typeof v === 'boolean') return v ? 'TrueClass' : 'FalseClass';
  if (isHash(v)) return 'Hash';
  if (Array.isArray(v)) return 'Array';
  return 'Object';
}

/** deric/mesos: `{k => v}` → `{"prefix_k" => {value => v, file => "fileprefix_k" or k}}` for create_resources. */
function mesosHashParser(args: PValue[], ctx: FunctionContext): PValue {
  if (args.length === 0 || args.length > 3)
    fail(`mesos_hash_parser(): Wrong number of args, given ${args.length}, accepts either 1, 2 or 3`, ctx);
  const h = args[0];
  if (!isHash(h)) return fail(`mesos_hash_parser(): first argument must be a Hash, you passed a ${rubyClass(h)}`, ctx);
  const keyPrefix = args.length >= 2 ? args[1] : null;
  const filePrefix = args.length === 3 ? args[2] : null;
  const out: PHash = new Map();
  for (const [k, v] of h) {
    const file = truthy(filePrefix) ? `${toStr(filePrefix)}_${toStr(k)}` : k;
    const key = truthy(keyPrefix) ? `${toStr(keyPrefix)}_${toStr(k)}` : k;
    out.set(
      key,
      new Map<PValue, PValue>([
        ['value', v],
        ['file', file],
      ]),
    );
  }
  return out;
}

function strArg(v: PValue): string {
  return toStr(v);
}

const FUNCTIONS: Record<string, Fn> = {
  include: declareAll,
  contain: declareAll,
  require: declareAll,
  hiera_include: (args, ctx) => declareAll([hieraCall('unique', args.length > 1 ? args : [args[0], []], ctx)], ctx),
  hiera: (args, ctx) => hieraCall(undefined, args, ctx),
  hiera_array: (args, ctx) => hieraCall('unique', args, ctx),
  hiera_hash: (args, ctx) => hieraCall('hash', args, ctx),
  lookup: lookupFn,
  fail: (args, ctx) => fail(args.map(toStr).join(' '), ctx, 'fail'),
  warning: (args, ctx) => {
    ctx.evaluator.findings.push({ kind: 'warning', message: args.map(toStr).join(' '), place: ctx.place });
    return null;
  },
  notice: () => null,
  info: () => null,
  debug: () => null,
  err: (args, ctx) => {
    ctx.evaluator.findings.push({ kind: 'warning', message: args.map(toStr).join(' '), place: ctx.place });
    return null;
  },
  template,
  epp: ([spec, params], ctx) => {
    const name = toStr(spec);
    const f = ctx.evaluator.moduleFile(name, 'templates');
    if (!f) fail(`Could not find template '${name}'`, ctx);
    return ctx.evaluator.renderEpp(name, f.path, f.text, isHash(params) ? params : new Map(), ctx);
  },
  inline_epp: ([text, params], ctx) =>
    ctx.evaluator.renderEpp(undefined, ctx.place.path, toStr(text), isHash(params) ? params : new Map(), ctx),
  inline_template: (args, ctx) => {
    const parts = flat(args).map((a) => ctx.evaluator.renderTemplate(undefined, toStr(a), ctx));
    return parts.includes(null) ? null : parts.join('');
  },
  create_resources: (args, ctx) => createResources(args, ctx, false),
  ensure_resource: ensureResource,
  ensure_resources: (args, ctx) => createResources(args, ctx, true),
  ensure_packages: ensurePackages,
  defined,
  // Puppet's own empty() takes a Collection, String, Numeric, Binary or undef; anything else stops the compile.
  empty: ([v], ctx) => {
    if (typeof v === 'boolean' || isSpecial(v))
      fail(
        `The function 'empty' was called with arguments it does not accept: it expects a Collection, String, Numeric or Undef value, got ${typeof v === 'boolean' ? 'Boolean' : inspect(v)}`,
        ctx,
      );
    return empty(v ?? null);
  },
  merge: (args, ctx) => {
    const out: PHash = new Map();
    for (const a of args) {
      if (a === null || a === '') continue;
      if (!isHash(a)) fail(`merge: unexpected argument type ${rubyClass(a)}, only expects hash arguments`, ctx);
      for (const [k, v] of a) out.set(k, v);
    }
    return out;
  },
  deep_merge: (args) => args.filter(isHash).reduce<PHash>((acc, h) => deepMerge(acc, h), new Map()),
  concat: (args) => args.reduce<PValue[]>((acc, a) => acc.concat(Array.isArray(a) ? a : [a]), []),
  join: ([a, sep]) => (Array.isArray(a) ? a.map(toStr).join(sep === undefined ? '' : toStr(sep)) : toStr(a)),
  pick: (args, ctx) => {
    const v = flat(args).find((a) => a !== null && a !== '' && !(isSpecial(a) && a.kind === 'default'));
    return v === undefined ? fail('pick(): must receive at least one non empty value', ctx) : v;
  },
  pick_default: (args) => {
    const v = args.find((a) => a !== null && a !== '');
    return v === undefined ? (args.length > 0 ? args[args.length - 1] : null) : v;
  },
  is_string: ([v]) => typeof v === 'string' && !/^-?\d+(\.\d+)?$/.test(v),
  is_bool: ([v]) => typeof v === 'boolean',
  is_hash: ([v]) => isHash(v),
  is_array: ([v]) => Array.isArray(v),
  is_numeric: ([v]) => numberOf(v) !== undefined || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)),
  is_integer: ([v]) => (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v)),
  is_float: ([v]) => isFloatValue(v) || (typeof v === 'string' && /^-?\d+\.\d+$/.test(v)),
  validate_string: validate((v) => typeof v === 'string' || v === null, 'a string'),
  validate_bool: validate((v) => typeof v === 'boolean', 'a boolean'),
  validate_hash: validate((v) => isHash(v), 'a Hash'),
  validate_array: validate((v) => Array.isArray(v), 'an Array'),
  validate_absolute_path: validate(
    (v) => (Array.isArray(v) ? v : [v]).every((x) => typeof x === 'string' && x.startsWith('/')),
    'an absolute path',
  ),
  validate_integer: validate(
    (v) => (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v)),
    'an Integer',
  ),
  validate_numeric: validate(
    (v) => numberOf(v) !== undefined || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)),
    'a Numeric',
  ),
  validate_re: (args, ctx) => {
    const [v, pats, msg] = args;
    const ok = (Array.isArray(pats) ? pats : [pats]).some((p) =>
      safeRegex(isSpecial(p) && p.kind === 'regex' ? p.source : toStr(p))?.test(toStr(v)),
    );
    if (!ok) fail(msg !== undefined ? toStr(msg) : `validate_re(): ${inspect(v)} does not match ${inspect(pats)}`, ctx);
    return null;
  },
  validate_legacy: () => null,
  // stdlib: a class or define of a module may only be declared by the same module.
  assert_private: (args, ctx) => {
    const scope = ctx.frame.scope;
    const own = scope.vars.get('module_name');
    const caller = scope.dynamicParent?.lookup('module_name');
    if (own === undefined || equals(own, caller ?? null)) return null;
    const name = scope.name.includes('[') ? scope.name.slice(0, scope.name.indexOf('[')).toLowerCase() : scope.name;
    const what = scope.name.includes('[') ? 'Definition' : 'Class';
    return fail(typeof args[0] === 'string' ? args[0] : `${what} ${name} is private`, ctx);
  },
  assert_type: ([t, v], ctx) => {
    if (isType(t) && matchesType(v, t) === false)
      fail(`assert_type(): expects a ${inspect(t)} value, got ${inspect(v)}`, ctx);
    return v;
  },
  versioncmp: ([a, b], ctx) => {
    // Puppet 7 checks the signature: versioncmp($::puppetversion, ...) without the fact stops the run.
    for (const [name, v] of [
      ['a', a],
      ['b', b],
    ] as const)
      if (typeof v !== 'string')
        fail(
          `'versioncmp' parameter '${name}' expects a String value, got ${v === null || v === undefined ? 'Undef' : rubyClass(v)}`,
          ctx,
        );
    return versionCompare(a as string, b as string);
  },
  downcase: ([v]) => (Array.isArray(v) ? v.map((x) => toStr(x).toLowerCase()) : toStr(v).toLowerCase()),
  upcase: ([v]) => (Array.isArray(v) ? v.map((x) => toStr(x).toUpperCase()) : toStr(v).toUpperCase()),
  capitalize: ([v]) => {
    const s = toStr(v);
    return s.length > 0 ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s;
  },
  strip: ([v]) => toStr(v).trim(),
  chomp: ([v]) => toStr(v).replace(/\r?\n$/, ''),
  split: ([s, p]) => {
    const src = isSpecial(p) && p.kind === 'regex' ? p.source : toStr(p);
    const str = toStr(s);
    if (src === '') return [...str];
    const re = safeRegex(src);
    if (!re) return [str];
    const out: string[] = [];
    let from = 0;
    for (let m = re.find(str, from); m && m.end > m.start; m = re.find(str, from)) {
      out.push(str.slice(from, m.start));
      from = m.end;
    }
    out.push(str.slice(from));
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    return out;
  },
  size: ([v]) => (typeof v === 'string' ? v.length : Array.isArray(v) ? v.length : isHash(v) ? v.size : 0),
  length: ([v]) => (typeof v === 'string' ? v.length : Array.isArray(v) ? v.length : isHash(v) ? v.size : 0),
  count: ([v]) => (Array.isArray(v) ? v.filter((x) => x !== null).length : isHash(v) ? v.size : 0),
  keys: ([v]) => (isHash(v) ? [...v.keys()] : []),
  values: ([v]) => (isHash(v) ? [...v.values()] : []),
  has_key: ([h, k]) => isHash(h) && [...h.keys()].some((x) => x === k),
  member: ([a, v]) =>
    Array.isArray(a) && (Array.isArray(v) ? v.every((x) => a.some((y) => equals(x, y))) : a.some((y) => equals(v, y))),
  delete: ([a, v]) => {
    if (Array.isArray(a)) return a.filter((x) => !equals(x, v));
    if (isHash(a)) return new Map([...a].filter(([k]) => !equals(k, v)));
    return toStr(a).split(toStr(v)).join('');
  },
  delete_undef_values: ([a]) =>
    Array.isArray(a) ? a.filter((x) => x !== null) : isHash(a) ? new Map([...a].filter(([, x]) => x !== null)) : a,
  delete_at: ([a, i], ctx) => {
    if (!Array.isArray(a)) return fail('delete_at(): Requires an array', ctx);
    const n = Number(i);
    if (!Number.isInteger(n) || n < 0 || n >= a.length)
      return fail('delete_at(): Given index exceeds size of array given', ctx);
    return a.filter((_, k) => k !== n);
  },
  // stdlib: a fact by its dotted path (`os.release.major`); undef when absent.
  fact: ([name], ctx) => {
    let v: PValue | undefined = ctx.evaluator.top.lookup('facts');
    for (const part of toStr(name).split('.')) {
      if (isHash(v)) v = hashGet(v, part);
      else if (Array.isArray(v) && /^\d+$/.test(part)) v = v[Number(part)];
      else return null;
    }
    return v ?? null;
  },
  flatten: ([a]) => flat([a]),
  unique: ([a]) =>
    Array.isArray(a)
      ? a.filter((x, i) => a.findIndex((y) => y === x || (typeof x !== 'string' && equals(x, y))) === i)
      : a,
  union: (args) => flat(args).filter((x, i, all) => all.findIndex((y) => y === x) === i),
  sort: ([a]) =>
    Array.isArray(a)
      ? [...a].sort((x, y) =>
          numberOf(x) !== undefined && numberOf(y) !== undefined
            ? numberOf(x)! - numberOf(y)!
            : toStr(x) < toStr(y)
              ? -1
              : toStr(x) > toStr(y)
                ? 1
                : 0,
        )
      : a,
  reverse: ([a]) => (Array.isArray(a) ? [...a].reverse() : [...toStr(a)].reverse().join('')),
  str2bool: ([v]) => (typeof v === 'boolean' ? v : /^(1|t|y|true|yes)$/i.test(toStr(v))),
  bool2str: ([v, t, f]) => (truthy(v) ? (t === undefined ? 'true' : toStr(t)) : f === undefined ? 'false' : toStr(f)),
  any2array: (args) =>
    args.length === 1 && Array.isArray(args[0])
      ? args[0]
      : args.length === 1 && isHash(args[0])
        ? [...args[0]].flat()
        : args,
  prefix: ([a, p]) => (Array.isArray(a) ? a.map((x) => `${p === undefined ? '' : toStr(p)}${toStr(x)}`) : a),
  suffix: ([a, s]) => (Array.isArray(a) ? a.map((x) => `${toStr(x)}${s === undefined ? '' : toStr(s)}`) : a),
  join_keys_to_values: ([h, sep]) => (isHash(h) ? [...h].map(([k, v]) => `${toStr(k)}${toStr(sep)}${toStr(v)}`) : []),
  regsubst: ([s, p, r, flags]) => {
    const src = isSpecial(p) && p.kind === 'regex' ? p.source : toStr(p);
    const str = toStr(s);
    const re = safeRegex(src);
    if (!re) return str;
    const global = typeof flags === 'string' && flags.includes('G');
    let out = '';
    let from = 0;
    for (let m = re.find(str, from); m; m = global ? re.find(str, from) : undefined) {
      out += str.slice(from, m.start) + toStr(r).replace(/\\0/g, str.slice(m.start, m.end));
      from = m.end === m.start ? m.end + 1 : m.end;
      if (m.end === m.start) out += str.slice(m.start, m.start + 1);
      if (from > str.length) break;
    }
    return out + str.slice(from);
  },
  sprintf: ([fmt, ...rest], ctx) => formatted(() => rubyFormat(toStr(fmt), rest), ctx),
  abs: ([v]) => Math.abs(Number(v)),
  min: (args) => Math.min(...args.map(Number)),
  max: (args) => Math.max(...args.map(Number)),
  dirname: ([v]) => toStr(v).replace(/\/[^/]*$/, '') || '/',
  basename: ([v]) => toStr(v).replace(/^.*\//, ''),
  to_json: ([v]) => JSON.stringify(toJsonValue(v)),
  each: (args, ctx) => each(args, ctx, 'each'),
  map: (args, ctx) => each(args, ctx, 'map'),
  filter: (args, ctx) => each(args, ctx, 'filter'),
  reduce: ([subject, start], ctx) => {
    const list = isHash(subject)
      ? [...subject].map(([k, v]) => [k, v] as PValue)
      : Array.isArray(subject)
        ? subject
        : [];
    let acc: PValue | undefined = start;
    for (const v of list) acc = acc === undefined ? v : ctx.lambda!([acc, v]);
    return acc ?? null;
  },
  with: (args, ctx) => (ctx.lambda ? ctx.lambda(args) : null),
  then: ([v], ctx) => (v === null || !ctx.lambda ? null : ctx.lambda([v])),
  lest: ([v], ctx) => (v === null && ctx.lambda ? ctx.lambda([]) : v),
  zookeeper_servers_url: zookeeperServersUrl,
  mesos_hash_parser: mesosHashParser,
  realize: () => null,
  tag: () => null,
  tagged: () => false,
  getvar: ([name], ctx) => ctx.evaluator.findVar(strArg(name), ctx.frame.scope) ?? null,
};

/** Runs a Ruby format; what Ruby refuses is an error, what the preview does not know ends it as unsupported. */
export function formatted(write: () => string, ctx: { place: Place }): string {
  try {
    return write();
  } catch (e) {
    if (e instanceof FormatProblem) throw new EvalStop(e.message, e.kind, ctx.place);
    throw e;
  }
}

function toJsonValue(v: PValue): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [toStr(k), toJsonValue(x)]));
  return inspect(v);
}

export function callFunction(name: string, args: PValue[], ctx: FunctionContext): PValue {
  if (!Object.hasOwn(FUNCTIONS, name)) {
    throw new EvalStop(`The node preview does not know the function ${name}()`, 'unsupported', ctx.place);
  }
  return FUNCTIONS[name](args, ctx);
}

export type { PRef };
