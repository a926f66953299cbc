// Completion in Hiera data files:
//  - top-level keys: the class parameters of the modules the repo uses (each item inserts `key: ` and a value
//    placeholder that fits the parameter's type), then the keys other data files of the repo already set;
//    keys the file already sets are left out, keys Hiera cannot change come last, marked;
//  - values after `key: ` when the parameter is a Boolean or an Enum (bundled modules and the repo's own
//    classes through the module index);
//  - Mesos flags inside mesos::master::options and mesos::slave::options (see mesosOptions.ts);
//  - class names in a `classes` list: the repo's roles and profiles first, then its other classes and the
//    bundled modules' public classes;
//  - inside `%{...}`: variables (`facts.`, `trusted.`, `::`), the interpolation functions, and keys after
//    `lookup('`, `alias('`, `hiera('`.

import { hieraSnippetItems } from './snippets.js';
import type { Project } from '../../workspace/project.js';
import { quickKeySpace } from '../../knowledge/context.js';
import type { KeySpace } from '../../knowledge/keySpace.js';
import { allKeys, keysByNamespace, resolveKey } from '../../knowledge/keySpace.js';
import type { CatalogParam } from '../../knowledge/catalogTypes.js';
import { parseType, typeAsWritten, type PType } from '../../knowledge/types/typeModel.js';
import { moduleIndexIfReady } from '../../workspace/moduleIndex.js';
import type { CompletionItem } from '../types.js';
import { cursorContext } from './keyContext.js';
import { describeParam } from '../shared/describeKey.js';
import { yamlCursor } from '../../syntax/hiera/yamlCursor.js';
import { completeInterpolation, interpolationAt, type KeyChoice } from '../shared/interpolationCompletion.js';
import { repoData } from '../shared/repoData.js';
import { completeFlags, optionsDaemon } from './mesosOptions.js';
import { rolesOf } from '../../knowledge/cluster/model.js';

/** A snippet for the value of a parameter of this type, after `key: `. */
export function valuePlaceholder(param: CatalogParam): { snippet: string; plain: string } {
  const t = param.type.replace(/^Optional\[(.*)\]$/, '$1');
  if (/^Boolean/.test(t)) return { snippet: '${1|true,false|}', plain: param.default === 'true' ? 'true' : 'false' };
  if (/^(Integer|Float|Numeric)/.test(t)) {
    const d = param.resolvedDefault ?? param.default;
    const v = d && /^-?\d+(\.\d+)?$/.test(d) ? d : '0';
    return { snippet: `\${1:${v}}`, plain: v };
  }
  if (/^Hash/.test(t)) return { snippet: '\n  ${1:key}: ${2:value}', plain: '{}' };
  if (/^(Array|Tuple)/.test(t)) return { snippet: '\n  - ${1:value}', plain: '[]' };
  // A string default (followed through `$params::x` references) is the value to start from: an empty string
  // would silence the rules that judge the value (a /tmp work_dir) without the user having chosen anything.
  const d = stringLiteral(param.resolvedDefault ?? param.default);
  if (
    /^(String|Enum|Pattern|Stdlib::)/.test(t) ||
    (d !== undefined && !/^(Hash|Array|Tuple|Boolean|Integer|Float|Numeric)/.test(t))
  ) {
    if (d !== undefined && d !== '') {
      const quoted = `'${d.replace(/'/g, "''")}'`;
      return { snippet: `'\${1:${d.replace(/[$}\\]/g, '\\$&').replace(/'/g, "''")}}'`, plain: quoted };
    }
    if (/^(String|Enum|Pattern|Stdlib::)/.test(t)) return { snippet: "'${1}'", plain: "''" };
  }
  return { snippet: '${1}', plain: '' };
}

/** The text of a Puppet string literal default ('x' or "x" without interpolation), else undefined. */
function stringLiteral(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  const m = /^'((?:[^'\\]|\\.)*)'$/.exec(source) ?? /^"((?:[^"\\$]|\\.)*)"$/.exec(source);
  return m ? m[1].replace(/\\(.)/g, '$1') : undefined;
}

/**
 * Which Mesos daemon the node whose data file this is runs, from the file's own `classes` (expanded through the
 * manifests when they are indexed): a file of a node that runs only the agent gets mesos::slave keys first and
 * mesos::master keys last, and the other way round. Undefined for shared files and nodes that run both.
 */
export function dataFileDaemon(
  project: Project,
  path: string,
  expand?: (cls: string) => readonly string[],
): 'master' | 'slave' | undefined {
  const entry = project.hieraData(path)?.entries.find((e) => e.key === 'classes' || e.key.endsWith('::classes'));
  const value = entry?.value;
  const classes = Array.isArray(value)
    ? value.filter((x): x is string => typeof x === 'string')
    : typeof value === 'string'
      ? [value]
      : [];
  if (classes.length === 0) return undefined;
  const r = rolesOf(classes, expand);
  return r.master && !r.agent ? 'master' : r.agent && !r.master ? 'slave' : undefined;
}

/** 0 for the node's own daemon's keys, 2 for the other daemon's, 1 for the rest. */
function daemonRank(key: string, daemon: 'master' | 'slave' | undefined): number {
  if (!daemon) return 1;
  const m = /^mesos::(master|slave)::/.exec(key);
  return !m ? 1 : m[1] === daemon ? 0 : 2;
}

/** The values a type allows when it is a small closed set (Boolean, Enum, and Optional/Variant of them), as data. */
export function closedValues(typeText: string): Array<string | boolean> | undefined {
  const out: Array<string | boolean> = [];
  const visit = (t: PType, depth: number): boolean => {
    if (depth > 10) return false;
    switch (t.kind) {
      case 'optional':
      case 'notundef':
        return visit(t.type, depth + 1);
      case 'variant':
        return t.types.every((x) => visit(x, depth + 1) || (x.kind === 'simple' && x.name === 'Undef'));
      case 'enum':
        for (const v of t.values) if (!out.includes(v)) out.push(v);
        return true;
      case 'simple':
        if (t.name !== 'Boolean') return false;
        for (const v of [true, false]) if (!out.includes(v)) out.push(v);
        return true;
      default:
        return false;
    }
  };
  return visit(parseType(typeText), 0) && out.length > 0 ? out : undefined;
}

/**
 * What completion works from: the key space, and the module index when it is ready. Right after start-up the
 * index may still be being prepared; completion then offers the bundled modules' keys and classes alone (the
 * list is always marked incomplete, so the editor asks again and gets the rest once the index is there).
 */
interface Cx {
  readonly project: Project;
  readonly path: string;
  readonly space: KeySpace;
  readonly index: ReturnType<typeof moduleIndexIfReady>;
  /** The repo's data keys (the module index lists the data files), or none while the index is not ready. */
  readonly repoKeys: () => ReadonlyMap<string, readonly string[]>;
}

function contextFor(project: Project, path: string): Cx {
  const root = project.repoRoot(path);
  let index: ReturnType<typeof moduleIndexIfReady>;
  try {
    index = root ? moduleIndexIfReady(project, root) : undefined;
  } catch {
    index = undefined;
  }
  const { space } = quickKeySpace(project, path);
  return {
    project,
    path,
    space,
    index,
    repoKeys: () => (root && index ? repoData(project, root, path).keys : new Map()),
  };
}

/** The type of the parameter a key sets: bundled modules first, then the repo's own classes. */
function typeOfKey(cx: Cx, key: string): { type: string; param?: CatalogParam } | undefined {
  const m = resolveKey(cx.space, key);
  if (m.kind === 'param') return { type: m.param.type, param: m.param };
  const q = key.lastIndexOf('::');
  if (q <= 0) return undefined;
  const cls = cx.index?.findClass(key.slice(0, q));
  const p = cls?.definition.parameters.find((x) => x.name === key.slice(q + 2));
  return p?.typeText ? { type: p.typeText } : undefined;
}

function completeValue(cx: Cx, text: string, key: string, range: { start: number; end: number }): CompletionItem[] {
  const t = typeOfKey(cx, key.replace(/^::/, ''));
  const values = t ? closedValues(t.type) : undefined;
  if (!t || !values) return [];
  const quoted = /['"]/.test(text[range.start - 1] ?? '');
  return values.map((v, i) => {
    const insert = typeof v === 'boolean' || quoted ? String(v) : `'${v.replace(/'/g, "''")}'`;
    const isDefault = t.param?.default !== undefined && t.param.default.replace(/^['"]|['"]$/g, '') === String(v);
    return {
      label: String(v),
      kind: 'value' as const,
      detail: `${t.type}${isDefault ? ' (default)' : ''}`,
      range,
      insertText: insert,
      sortText: `${isDefault ? 1 : 0}${String(i).padStart(3, '0')}`,
      filterText: String(v),
    };
  });
}

function completeClasses(cx: Cx, range: { start: number; end: number }, listed: ReadonlySet<string>): CompletionItem[] {
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  const rank = (name: string): number => (/^role::/.test(name) ? 0 : /^profile::/.test(name) ? 1 : 2);
  for (const c of cx.index?.classes() ?? []) {
    if (c.kind !== 'class' || seen.has(c.name) || listed.has(c.name)) continue;
    seen.add(c.name);
    const where = c.module ? `module ${c.module}` : 'site manifests';
    items.push({
      label: c.name,
      kind: 'class',
      detail: `class in ${where}`,
      range,
      insertText: c.name,
      sortText: `${rank(c.name)}${c.name}`,
    });
  }
  for (const k of cx.space.classes.values()) {
    if (seen.has(k.name) || listed.has(k.name) || !k.cls.public) continue;
    seen.add(k.name);
    items.push({
      label: k.name,
      kind: 'class',
      detail: `${k.choice.module.name} ${k.choice.module.tag} (bundled)`,
      range,
      insertText: k.name,
      sortText: `3${k.name}`,
    });
  }
  return items;
}

/** Keys for `lookup('...')`: keys the repo's data set first, then the bundled modules' keys. */
function keyChoices(cx: Cx): KeyChoice[] {
  const out: KeyChoice[] = [];
  const seen = new Set<string>();
  for (const [key, files] of cx.repoKeys()) {
    if (key === 'lookup_options' || seen.has(key)) continue;
    seen.add(key);
    out.push({ key, detail: `set in ${files.length} data file${files.length === 1 ? '' : 's'}` });
  }
  for (const { key, cls, param } of allKeys(cx.project.queries, cx.space)) {
    if (seen.has(key) || !param.hieraEffective) continue;
    seen.add(key);
    out.push({ key, detail: `${typeAsWritten(param.type)} — ${cls.choice.module.name} ${cls.choice.module.tag}` });
  }
  return out;
}

/** A first-level namespace with at most this many keys is offered whole after `ns::`; a bigger one by class. */
const WHOLE_NAMESPACE_LIMIT = 300;

/** One item per key namespace (`mesos::`, `profile::`) whose name starts with what is typed; choosing one lists its keys. */
function namespaceItems(cx: Cx, typed: string, range: { start: number; end: number }): CompletionItem[] {
  const space = cx.space;
  const counts = new Map<string, number>();
  for (const [ns, keys] of keysByNamespace(cx.project.queries, space))
    if (ns.toLowerCase().startsWith(typed.toLowerCase())) counts.set(ns, keys.length);
  for (const key of cx.repoKeys().keys()) {
    const i = key.indexOf('::');
    if (i > 0 && key.slice(0, i).toLowerCase().startsWith(typed.toLowerCase()) && !counts.has(key.slice(0, i)))
      counts.set(key.slice(0, i), 0);
  }
  return [...counts].map(([ns, n]) => ({
    label: `${ns}::`,
    kind: 'module' as const,
    detail: n > 0 ? `${n} keys` : 'keys used in this repo',
    range,
    insertText: `${ns}::`,
    sortText: `${space.modules.get(ns)?.reason === 'workspace' ? 0 : 1}${ns}`,
    retrigger: true,
  }));
}

/** The documentation of a key completion item, computed when the editor shows the item. */
export function resolveHieraKey(project: Project, path: string, key: string): string | undefined {
  // The items offered during the warm-up come from the bundled modules: their space describes them.
  const m = resolveKey(quickKeySpace(project, path).space, key);
  return m.kind === 'param' ? describeParam(m.cls, m.param) : undefined;
}

export function completeHieraData(project: Project, path: string, offset: number): CompletionItem[] {
  const text = project.readText(path) ?? '';
  const cx = contextFor(project, path);
  const site = interpolationAt(text, offset);
  if (site) return completeInterpolation(text, offset, site, 'value', () => keyChoices(cx));
  const ctx = cursorContext(text, offset);
  if (ctx.kind !== 'top-level-key') {
    const c = yamlCursor(text, offset);
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    if (
      c.kind === 'value' &&
      c.path.length === 0 &&
      c.key &&
      (c.key === 'classes' || c.key.endsWith('::classes')) &&
      text.slice(lineStart, offset).includes('[')
    ) {
      const listed = new Set(
        text
          .slice(lineStart, c.range.start)
          .split(/[\s,'"[\]]+/)
          .filter((x) => x.includes('::') && x !== c.key),
      );
      return completeClasses(cx, c.range, listed);
    }
    if (c.kind === 'value' && c.path.length === 0 && c.key) return completeValue(cx, text, c.key, c.range);
    const daemon = c.kind === 'key' && c.path.length === 1 ? optionsDaemon(c.path[0]) : undefined;
    if (daemon) return completeFlags(daemon, c.range, c.hasColon, c.siblings);
    if (
      (c.kind === 'key' || c.kind === 'item') &&
      c.path.length === 2 &&
      c.path[1] === '-' &&
      (c.path[0] === 'classes' || c.path[0].endsWith('::classes'))
    ) {
      const value = project.hieraData(path)?.entries.find((e) => e.key === c.path[0])?.value;
      const listed = new Set(Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : []);
      listed.delete(text.slice(c.range.start, c.range.end));
      return completeClasses(cx, c.range, listed);
    }
    return [];
  }
  const space = cx.space;
  // Thousands of keys with a whole module corpus on the modulepath: offer the namespaces first, then the keys of
  // the namespace being typed (the list is marked incomplete, so the editor asks again as the user types).
  const typed = ctx.prefix.replace(/^::/, '');
  const cut = typed.indexOf('::');
  if (cut < 0)
    return [...namespaceItems(cx, typed, ctx.range), ...(ctx.hasColon ? [] : hieraSnippetItems(typed, ctx.range))];
  // The scope is what is typed up to its last `::`. Below it, keys whose rest has no `::` are offered as they are;
  // deeper keys are grouped under one item per next segment (`profile::p7::`), so after `ns::class::` the list is
  // that class's parameters, not every key of the namespace. A first-level namespace small enough to scan in one
  // list (the mesos module's ~150 keys) is offered whole, so `mesos::quorum` still finds `mesos::master::...`.
  const namespace = typed.slice(0, cut + 2);
  const scope = typed.slice(0, typed.lastIndexOf('::') + 2);
  const moduleKeys = keysByNamespace(cx.project.queries, space).get(namespace.slice(0, -2)) ?? [];
  const whole = scope === namespace && moduleKeys.length <= WHOLE_NAMESPACE_LIMIT;
  const present = new Set(
    (project.hieraData(path)?.entries ?? [])
      .filter((e) => !(e.keyRange.start <= offset && offset <= e.keyRange.end))
      .map((e) => e.key),
  );
  const items: CompletionItem[] = [];
  const offered = new Set<string>();
  const groups = new Map<string, number>();
  const daemon =
    namespace === 'mesos::'
      ? dataFileDaemon(project, path, cx.index && cx.index.classes().length > 0 ? cx.index.expandIncludes : undefined)
      : undefined;
  /** Whether the key is offered itself; otherwise it is counted in its group below the scope. */
  const direct = (key: string): boolean => {
    if (whole) return true;
    const next = key.indexOf('::', scope.length);
    if (next < 0) return true;
    const group = key.slice(0, next + 2);
    groups.set(group, (groups.get(group) ?? 0) + 1);
    return false;
  };
  for (const { key, cls, param } of moduleKeys) {
    if (present.has(key) || !key.startsWith(scope) || !direct(key)) continue;
    offered.add(key);
    const value = valuePlaceholder(param);
    const rank = !param.hieraEffective ? 3 : cls.cls.public ? 0 : 2;
    items.push({
      label: key,
      kind: 'property',
      detail: param.hieraEffective
        ? `${typeAsWritten(param.type)} — ${cls.choice.module.name} ${cls.choice.module.tag}`
        : `${typeAsWritten(param.type)} — no effect from Hiera`,
      resolve: { kind: 'hiera-key', path, key },
      range: ctx.range,
      insertText: ctx.hasColon ? key : `${key}: ${value.plain}`,
      snippet: ctx.hasColon ? key : `${key}:${value.snippet.startsWith('\n') ? '' : ' '}${value.snippet}`,
      sortText: `${rank}${daemonRank(key, daemon)}${key}`,
      filterText: key,
      ...(param.hieraEffective ? {} : { deprecated: true }),
    });
  }
  const root = project.repoRoot(path);
  if (root) {
    for (const [key, files] of cx.repoKeys()) {
      if (present.has(key) || offered.has(key) || key === ctx.prefix || !key.startsWith(scope)) continue;
      const others = files.filter((f) => f !== path);
      if (others.length === 0 || !direct(key)) continue;
      const shown = others.slice(0, 3).map((f) => (f.startsWith(`${root}/`) ? f.slice(root.length + 1) : f));
      items.push({
        label: key,
        kind: 'property',
        detail: `set in ${shown.join(', ')}${others.length > 3 ? ', …' : ''}`,
        range: ctx.range,
        insertText: ctx.hasColon ? key : `${key}: `,
        sortText: `1${daemonRank(key, daemon)}${key}`,
        filterText: key,
      });
    }
  }
  for (const [group, n] of groups) {
    items.push({
      label: group,
      kind: 'module',
      detail: `${n} key${n === 1 ? '' : 's'}`,
      range: ctx.range,
      insertText: group,
      sortText: `4${group}`,
      filterText: group,
      retrigger: true,
    });
  }
  return items;
}
