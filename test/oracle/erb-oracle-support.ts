// The ERB oracle's shared half: variable sets for a template (realistic values by parameter name, nil, empty and
// false values, other shapes, and seeded random mixes of every kind of value Puppet passes), Ruby's ERB through
// scripts/erb-render.rb (one Ruby process for a whole batch), and the comparison with renderErb. Used by
// test/oracle/erb.test.ts and scripts/erb-oracle.ts.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { renderErb, type ErbValue } from '../../server/src/knowledge/evaluate/erb.js';
import { seededRandom } from './puppet-oracle-support.js';

export type Vars = Record<string, ErbValue>;

export interface Outcome {
  readonly ok: boolean;
  readonly text?: string;
  readonly message?: string;
}

export type Verdict = 'equal' | 'both-fail' | 'differ';

export interface SetResult {
  readonly set: string;
  readonly verdict: Verdict;
  readonly ruby: Outcome;
  readonly ours: Outcome;
}

export interface TemplateResult {
  readonly name: string;
  /** equal: every set renders the same in both (at least one renders); both-fail: every set fails in both. */
  readonly verdict: Verdict;
  readonly sets: readonly SetResult[];
}

const ROOT = join(__dirname, '../..');

/** The variables a template reads: `@name`, `scope.lookupvar('x')`, `scope['x']`, `scope.lookupvar("x")`. */
export function templateVariables(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/@([a-z_][A-Za-z0-9_]*)/g)) names.add(m[1]);
  for (const m of source.matchAll(/(?:lookupvar\s*\(?\s*|scope\s*\[\s*)['"]([^'"]+)['"]/g))
    names.add(m[1].replace(/^::/, ''));
  return [...names].sort();
}

const BOOLEAN =
  /^(use_|enable|manage|is_|has_|leader|ssl|secure|audit_enable|remove_|store_key|debug|sasl_krb5|port_unification|quorum_listen|logrotate_timebased|single_role|checkpoint|syslog|force|purge|strict|standalone|service_enable|restart|notify|install_java|log_to_|verbose|ipv6|daemon|autostart|apply|active)/;
const INTEGER =
  /(port|timeout|limit|count|size|interval|_id$|^id$|index|threshold_ms|retain|workers|tick|days|max|min|num|ulimit|level_num|backlog|weight|priority|uid|gid|mode|number|ttl|retries|memory)/;
const ARRAY =
  /(servers|observers|hosts|members|whitelist|list|addresses|masters|slaves|nodes|peers|ips|zookeepers|_dirs$|paths|modules|plugins|includes|excludes|users$|groups$|packages|ciphers|protocols|allow|deny|options_array|aliases|tags|names)/;
const HASH =
  /(env_var|cgroups|options|extra|settings|config$|params|attributes|data$|properties|sasl_users|labels|environment|resources|flags|vars|hash|map)/;

/** A realistic value for a parameter, by its name. */
function typical(name: string): ErbValue {
  const short = name.split('::').pop()!;
  if (short === 'servers') return ['zk1.example.com', 'zk2.example.com:2181', 'zk3.example.com'];
  if (short === 'observers') return ['zk3.example.com'];
  if (short === 'extra_appenders')
    return {
      rolling: { class: 'org.apache.log4j.RollingFileAppender', File: '/var/log/zk.log' },
      console: { class: 'ConsoleAppender' },
    };
  if (short === 'sasl_users') return { admin: 'secret', 'user "q"': 'p#{w}' };
  if (short === 'zookeeper' || short === 'zookeeper_url' || short === 'zk')
    return 'zk://zk1.example.com:2181,zk2.example.com:2181/mesos';
  if (BOOLEAN.test(short)) return true;
  if (HASH.test(short))
    return { log_dir: '/var/log/mesos', attributes: 'rack:r1', docker_registry: 'https://r.example.com' };
  if (ARRAY.test(short)) return ['a.example.com', 'b.example.com'];
  if (INTEGER.test(short)) return short.length * 97;
  return `${short}-value`;
}

function falsy(name: string): ErbValue {
  const v = typical(name);
  if (typeof v === 'boolean') return false;
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return '';
  if (Array.isArray(v)) return [];
  return {};
}

/** Other shapes Puppet code passes: a servers Hash, Integer-keyed Hashes, numbers as strings, special characters. */
function alternate(name: string): ErbValue {
  const short = name.split('::').pop()!;
  if (short === 'servers')
    return new Map<ErbValue, ErbValue>([
      ['2', 'zk2.example.com'],
      ['1', 'zk1.example.com:2181'],
      ['3', 'zk3.example.com'],
    ]);
  if (short === 'observers') return [];
  const v = typical(name);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `x "${short}" 'é' #{no} \\n ${short.length}`;
  if (Array.isArray(v)) return [1, 'two', 3];
  if (v instanceof Map || (typeof v === 'object' && v !== null))
    return new Map<ErbValue, ErbValue>([
      ['b', 2],
      ['a', [1, 2]],
      ['c', null],
    ]);
  return v;
}

function integerKeyed(name: string): ErbValue {
  const short = name.split('::').pop()!;
  if (short === 'servers')
    return new Map<ErbValue, ErbValue>([
      [1, 'zk1.example.com'],
      [2, 'zk2.example.com'],
      [3, 'zk3.example.com:2181'],
    ]);
  return typical(name);
}

function randomValue(name: string, rnd: () => number): ErbValue {
  const pool: ErbValue[] = [
    typical(name),
    falsy(name),
    alternate(name),
    null,
    undefined,
    true,
    false,
    0,
    42,
    -3,
    2.5,
    '',
    'value',
    'host:2181',
    ['x', 'y'],
    [],
    ['only'],
    { k: 'v', k2: ['a'] },
    {},
    new Map<ErbValue, ErbValue>([
      [1, 'one'],
      [2, 'two'],
    ]),
  ];
  return pool[Math.floor(rnd() * pool.length)];
}

const ARRAY_METHODS = new Set([
  'each',
  'each_with_index',
  'join',
  'sort',
  'map',
  'collect',
  'select',
  'reject',
  'first',
  'last',
  'uniq',
  'flatten',
  'compact',
  'any?',
  'sort_by',
  'each_slice',
  'find',
  'reverse',
  'min',
  'max',
  'grep',
]);
const HASH_METHODS = new Set([
  'each_pair',
  'keys',
  'values',
  'has_key?',
  'key?',
  'fetch',
  'merge',
  'each_key',
  'each_value',
  'dig',
  'to_hash',
]);
const STRING_METHODS = new Set([
  'upcase',
  'downcase',
  'capitalize',
  'strip',
  'split',
  'start_with?',
  'end_with?',
  'gsub',
  'sub',
  'index',
  'chomp',
  'to_sym',
  'tr',
  'match',
  'ljust',
  'rjust',
  'center',
]);

/** What a template does with a variable (`@x.each`, `scope['x'].keys`) says which kind of value it expects. */
function usedAs(source: string, name: string): 'array' | 'hash' | 'string' | undefined {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ref = `(?:@${esc}\\b|(?:lookupvar\\s*\\(?\\s*|scope\\s*\\[\\s*)['"](?:::)?${esc}['"]\\s*[)\\]]?)`;
  const kinds = new Set<string>();
  for (const m of source.matchAll(new RegExp(`${ref}\\.([a-z_]+[?!]?)`, 'g'))) {
    if (ARRAY_METHODS.has(m[1])) kinds.add('array');
    else if (HASH_METHODS.has(m[1])) kinds.add('hash');
    else if (STRING_METHODS.has(m[1])) kinds.add('string');
  }
  return kinds.size === 1 ? ([...kinds][0] as 'array' | 'hash' | 'string') : undefined;
}

/** A value of the kind the template uses the variable as, realistic where the name says more. */
function inferred(source: string, name: string): ErbValue {
  const v = typical(name);
  const kind = usedAs(source, name.split('::').pop()!) ?? usedAs(source, name);
  if (kind === 'array' && !Array.isArray(v)) return ['one.example.com', 'two.example.com'];
  if (kind === 'hash' && (typeof v !== 'object' || v === null || Array.isArray(v)))
    return { alpha: 'one', beta: 'two' };
  if (kind === 'string' && typeof v !== 'string') return `${name.split('::').pop()}-value`;
  return v;
}

/** The variable sets a template is rendered with. */
export function variableSets(source: string, randomSets = 4, seed = 1): { name: string; vars: Vars }[] {
  const names = templateVariables(source);
  const build = (f: (n: string) => ErbValue): Vars => {
    const vars: Vars = {};
    for (const n of names) {
      const v = f(n);
      if (v !== undefined) vars[n] = v;
    }
    return vars;
  };
  const sets = [
    { name: 'typical', vars: build(typical) },
    { name: 'inferred', vars: build((n) => inferred(source, n)) },
    { name: 'unset', vars: {} },
    { name: 'nil', vars: build(() => null) },
    { name: 'falsy', vars: build(falsy) },
    { name: 'alternate', vars: build(alternate) },
    { name: 'integer-keys', vars: build(integerKeyed) },
  ];
  for (let i = 0; i < randomSets; i++) {
    const rnd = seededRandom(seed * 1000 + i);
    sets.push({ name: `random-${i}`, vars: build((n) => randomValue(n, rnd)) });
  }
  return sets;
}

function encode(v: ErbValue): unknown {
  if (v instanceof Map) return { __map__: [...v].map(([k, x]) => [encode(k), encode(x)]) };
  if (Array.isArray(v)) return v.map(encode);
  if (v !== null && typeof v === 'object') {
    const o = v as { [k: string]: ErbValue };
    const keys = Object.keys(o);
    // JSON objects keep order only for non-integer keys; send the rest as ordered pairs.
    if (keys.some((k) => /^\d+$/.test(k))) return { __map__: keys.map((k) => [k, encode(o[k])]) };
    return Object.fromEntries(keys.map((k) => [k, encode(o[k])]));
  }
  return v;
}

/** Renders every request with Ruby's ERB (scripts/erb-render.rb), in one process. */
export function renderWithRuby(requests: readonly { source: string; vars: Vars }[]): Outcome[] {
  const input = requests.map((r) => JSON.stringify({ source: r.source, vars: encode(r.vars) })).join('\n') + '\n';
  const res = spawnSync('ruby', [join(ROOT, 'scripts/erb-render.rb')], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (res.status !== 0) throw new Error(`ruby erb-render failed: ${res.stderr || res.error}`);
  const lines = res.stdout.split('\n').filter((l) => l !== '');
  if (lines.length !== requests.length)
    throw new Error(`ruby answered ${lines.length} of ${requests.length} requests: ${res.stderr}`);
  return lines.map((l) => JSON.parse(l) as Outcome);
}

export function renderOurs(source: string, vars: Vars): Outcome {
  const r = renderErb(source, { vars });
  return r.ok ? { ok: true, text: r.text } : { ok: false, message: `${r.message} (line ${r.line})` };
}

function verdictOf(ruby: Outcome, ours: Outcome): Verdict {
  if (ruby.ok && ours.ok) return ruby.text === ours.text ? 'equal' : 'differ';
  if (!ruby.ok && !ours.ok) return 'both-fail';
  return 'differ';
}

/** Renders each template with each of its variable sets in Ruby and in ours, and compares. */
export function compareTemplates(
  templates: readonly { name: string; source: string }[],
  randomSets = 4,
): TemplateResult[] {
  const jobs = templates.map((t) => ({ t, sets: variableSets(t.source, randomSets) }));
  const ruby = renderWithRuby(jobs.flatMap((j) => j.sets.map((s) => ({ source: j.t.source, vars: s.vars }))));
  let k = 0;
  return jobs.map(({ t, sets }) => {
    const results = sets.map((s) => {
      const r = ruby[k++];
      const ours = renderOurs(t.source, s.vars);
      return { set: s.name, verdict: verdictOf(r, ours), ruby: r, ours };
    });
    const verdict: Verdict = results.some((r) => r.verdict === 'differ')
      ? 'differ'
      : results.every((r) => r.verdict === 'both-fail')
        ? 'both-fail'
        : 'equal';
    return { name: t.name, verdict, sets: results };
  });
}
