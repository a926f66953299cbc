// Diagnostics of a Hiera data file: YAML problems, duplicate keys, and keys in a module's namespace that the
// module (at the version the repo uses) does not have, with did-you-mean fixes. Keys outside every known
// module are the site's own and are never reported.

import { indentAt, moveIntoOptions, wholeLines } from '../../knowledge/cluster/textEdits.js';
import type { Project } from '../../workspace/project.js';
import { CODES, type Code } from '../../base/diagnosticCodes.js';
import { keySpaceFor } from '../../knowledge/context.js';
import { resolveKey, type KeyMeaning, type KeySpace } from '../../knowledge/keySpace.js';
import type { Diagnostic, Fix } from '../types.js';
import {
  checkValue,
  describeValue,
  mismatchMessage,
  rubyRegexQuery,
  type AliasResolver,
} from '../../knowledge/types/typeCheck.js';
import type { LinearRegex } from '../../base/linearRegex.js';
import { bundledTypeAlias } from '../../knowledge/types/aliases.js';
import { parseType } from '../../knowledge/types/typeModel.js';
import type { CatalogParam } from '../../knowledge/catalogTypes.js';
import { releaseRanges } from '../../knowledge/catalog.js';
import {
  MAX_ALIAS_COUNT,
  valueWithWholeFloats,
  type DataFileProblem,
  type HieraDataFile,
  type HieraEntry,
} from '../../syntax/hiera/dataFile.js';
import { WholeFloat } from '../../base/wholeFloat.js';
import type { KnownClass } from '../../knowledge/keySpace.js';
import { hasKeyRules, keyRules, type Finding } from '../../knowledge/cluster/keyRules.js';
import { hashJudgedByRelease } from '../../knowledge/cluster/versions.js';
import { repoClusterFindings } from '../../knowledge/cluster/findings.js';
import { interpolationDiagnostics } from './interpolationDiagnostics.js';
import { moduleIndex } from '../../workspace/moduleIndex.js';
import { walkFiles } from '../../workspace/files.js';
import { parsePuppet, summarizeManifest } from '../../syntax/puppet/index.js';
import { defineChunkMemo, entryGroups, memoByChunk } from '../../syntax/hiera/chunkMemo.js';
import { defineQuery } from '../../base/queries.js';
import { moveDiagnostic } from './moveDiagnostic.js';
import { ALIAS_REFUSAL, yamlData } from '../../knowledge/lookup/dataReader.js';
import type { TextRange } from '../../base/textRange.js';

function diag(code: Code, d: Omit<Diagnostic, 'code' | 'severity'>): Diagnostic {
  return { code, severity: CODES[code].severity, ...d };
}

/** A domain rule's finding as a diagnostic (severity from the catalogue). */
/**
 * Untyped list parameters whose module takes a String too. deric/mesos v0.8.0 to v1.1.0 (init.pp): `if
 * is_string($zookeeper) { warning(...) }`, and zookeeper_servers_url returns a String as it is ("backward
 * compatibility"), so `mesos::zookeeper: 'zk://a:2181/mesos'` works (with a deprecation warning).
 */
const ACCEPTS_STRING = new Set(['mesos::zookeeper']);

export function fromFinding(f: Finding): Diagnostic {
  return diag(f.code, {
    range: f.range,
    message: f.message,
    ...(f.fixes ? { fixes: f.fixes } : {}),
    ...(f.unnecessary ? { unnecessary: true } : {}),
  });
}

export function unknownKeyMessage(
  key: string,
  m: Extract<KeyMeaning, { kind: 'unknown-param' | 'unknown-class' }>,
): string {
  // A module of the repo itself has no version to name.
  const own = m.module.reason === 'workspace' || !m.module.module.tag;
  // A module found only on the extra module path is not the repo's: say where it came from.
  const ownName = m.module.fromExtraPath
    ? `${m.module.module.name} from the extra module path`
    : `the repo's ${m.module.module.name} module`;
  const mod = own
    ? ownName
    : m.inNoRelease
      ? m.module.requested
        ? `${m.module.module.fullName} ${m.module.requested}, a version no bundled release has`
        : `${m.module.module.fullName}, version unknown`
      : `${m.module.module.name} ${m.module.module.tag}`;
  // The version in use is unknown: the key is wrong because no release has it.
  const releases = m.inNoRelease ? ` in any release from ${m.inNoRelease.first} to ${m.inNoRelease.last}` : '';
  const parts: string[] = [];
  if (m.kind === 'unknown-param')
    parts.push(`Class '${m.className}' (${mod}) has no parameter '${m.param}'${releases}.`);
  else if (m.inNoRelease)
    parts.push(
      `Module ${mod.replace(/, (version unknown|a version no bundled release has)$/, ' ($1)')} has no class '${m.className}'${releases}, so '${key}' sets nothing.`,
    );
  else
    parts.push(
      `${own ? (m.module.fromExtraPath ? `Module ${ownName}` : `The repo's ${m.module.module.name} module`) : `Module ${mod}`} has no class '${m.className}', so '${key}' sets nothing.`,
    );
  if (m.optionsKey) {
    const typo = m.optionsKey.flag !== m.param;
    parts.push(
      `${typo ? `Did you mean the Mesos flag '${m.optionsKey.flag}'? It` : `'${m.param}' is a Mesos flag: it`} belongs inside '${m.optionsKey.key}', e.g. ${m.optionsKey.key}: {${m.optionsKey.flag}: ...}.`,
    );
  } else if (m.suggestions.length > 0) {
    parts.push(`Did you mean ${m.suggestions.map((s) => `'${s}'`).join(' or ')}?`);
  }
  if (m.inOtherVersions.length > 0) {
    const where =
      m.module.reason === 'pinned'
        ? m.module.locked
          ? 'Puppetfile.lock resolves it to'
          : 'the Puppetfile pins'
        : m.module.reason === 'installed'
          ? 'the installed module is'
          : 'the repo uses';
    parts.push(
      `It exists in ${m.module.module.name} ${releaseRanges(
        m.module.module.fullName,
        m.inOtherVersions.map((v) => v.version),
      )}; ${
        m.module.requested
          ? `${where} v${m.module.requested}`
          : m.module.window && m.inNoRelease
            ? `the repo allows ${m.inNoRelease.first} to ${m.inNoRelease.last}`
            : `${where} ${m.module.module.tag}`
      }.`,
    );
  }
  return parts.join(' ');
}

/**
 * A duplicate key's fix: remove the first occurrence. Puppet reads the data file with Psych, which keeps the
 * last value of a key, so the value in effect stays the same.
 */
function duplicateFix(path: string, text: string, file: HieraDataFile, p: DataFileProblem): Pick<Diagnostic, 'fixes'> {
  if (p.kind !== 'duplicate-key' || !p.related) return {};
  const first = file.entries.find((e) => e.keyRange.start === p.related!.start);
  // Only a top-level entry (what a line edit removes whole).
  if (!first || indentAt(text, first.keyRange.start) !== '') return {};
  const range = wholeLines(text, {
    start: first.keyRange.start,
    end: Math.max(first.keyRange.end, first.valueRange.end - 1),
  });
  return {
    fixes: [
      {
        title: `Remove the first '${first.key}' (Puppet uses the value set here)`,
        edits: [{ path, range, newText: '' }],
        preferred: true,
      },
    ],
  };
}

/** The problems of the file's parse alone: YAML syntax, duplicate keys, nesting, a top level that is no hash. */
export function hieraDataProblems(project: Project, path: string): Diagnostic[] {
  const file = project.hieraData(path);
  if (!file) return [];
  const out: Diagnostic[] = [];
  for (const p of file.problems) {
    const code: Code =
      p.kind === 'yaml-syntax'
        ? 'hiera/yaml-syntax'
        : p.kind === 'duplicate-key'
          ? 'hiera/duplicate-key'
          : p.kind === 'too-deep'
            ? 'limits/nesting'
            : 'hiera/not-a-hash';
    out.push(
      diag(code, {
        range: p.range,
        message: p.message,
        ...(p.related ? { related: [{ path, range: p.related, message: 'first set here' }] } : {}),
        ...duplicateFix(path, project.readText(path) ?? '', file, p),
      }),
    );
  }
  const refused = aliasRefusal(project, path, file);
  if (refused)
    out.push(
      diag('limits/aliases', {
        range: refused.range,
        message: `The value of '${refused.key}' expands YAML aliases more than ${MAX_ALIAS_COUNT} times (an alias of aliases multiplies); the editor does not expand it. Every lookup that reads this file fails; the other files are still checked. Write the value out, or alias fewer levels deep.`,
      }),
    );
  return out;
}

/**
 * The entry whose value expands too many aliases (an alias bomb), which makes every lookup reading the file fail,
 * or undefined. The values are converted as the lookups convert them, through the same per-chunk memo. A file
 * without an anchor (`&`) has no alias to expand, and most have none: their values are not walked here.
 */
function aliasRefusal(
  project: Project,
  path: string,
  file: HieraDataFile,
): { key: string; range: TextRange } | undefined {
  if (file.problems.some((p) => p.kind === 'yaml-syntax' || p.kind === 'too-deep')) return undefined;
  if (!(project.readText(path) ?? '').includes('&')) return undefined;
  const data = yamlData(file, project.queries);
  if (data.kind !== 'error' || data.message !== ALIAS_REFUSAL) return undefined;
  const entry = file.entries.find((e) => e.keyRange.start === data.offset) ?? file.entries[0];
  return entry ? { key: entry.key, range: entry.keyRange } : { key: '', range: { start: 0, end: 0 } };
}

export function hieraDataDiagnostics(project: Project, path: string): Diagnostic[] {
  const file = project.hieraData(path);
  if (!file) return [];
  const out = hieraDataProblems(project, path);
  const space = keySpaceFor(project, path);
  const text = project.readText(path) ?? '';
  const versions = { mesos: space.modules.get('mesos'), zookeeper: space.modules.get('zookeeper') };
  const root = project.repoRoot(path);
  const index = root ? moduleIndex(project, root) : undefined;
  const types: TypeContext = {
    aliases: (name) => index?.typeAlias(name)?.alias.typeText ?? bundledTypeAlias(name),
    regex: (source) => project.query(rubyRegexQuery, source),
  };
  // The rules about single keys look at mesos:: and zookeeper:: keys only: which entries those are is kept per chunk.
  for (const group of entryGroups(file)) {
    for (const entry of memoByChunk(
      project.queries,
      ruleKeyMemo,
      group,
      [],
      () => group.entries.filter((e) => hasKeyRules(e.key)),
      (e) => e,
    )) {
      out.push(...keyRules(path, text, entry, file.entries, versions).map(fromFinding));
    }
  }
  // What a key means depends on the key space and the type aliases (unchanged by a keystroke in a data file),
  // so an untouched chunk's findings are kept.
  const lookedUp = root && index ? repoLookedUpKeys(project, root) : EMPTY_KEYS;
  const stamp = [path, space, index?.typeAlias, lookedUp];
  for (const group of entryGroups(file)) {
    const compute = (): Diagnostic[] =>
      group.entries.flatMap((entry) => keyDiagnostics(path, text, entry, space, types, lookedUp));
    out.push(
      ...memoByChunk(project.queries, keyMemo, group, stamp, compute, (d, delta) => moveDiagnostic(d, path, delta)),
    );
  }
  out.push(...interpolationDiagnostics(project, path));
  out.push(...clusterFindings(project, path));
  return withOptionsMoves(path, text, file.entries, space, out);
}

/**
 * A key that is a Mesos flag gets the fix its message proposes: move it into the daemon's options hash. The edit
 * depends on the file's other entries (is there an options hash, block or flow?), so it is added here, outside
 * the per-chunk memo, for the few unknown keys only.
 */
function withOptionsMoves(
  path: string,
  text: string,
  entries: readonly HieraEntry[],
  space: KeySpace,
  diagnostics: Diagnostic[],
): Diagnostic[] {
  if (!diagnostics.some((d) => d.code === 'hiera/unknown-key' && (d.fixes ?? []).length === 0)) return diagnostics;
  const byStart = new Map(entries.map((e) => [e.keyRange.start, e] as const));
  return diagnostics.map((d) => {
    if (d.code !== 'hiera/unknown-key' || (d.fixes ?? []).length > 0) return d;
    const entry = byStart.get(d.range.start);
    const m = entry ? resolveKey(space, entry.key) : undefined;
    if (!entry || !m || (m.kind !== 'unknown-param' && m.kind !== 'unknown-class') || !m.optionsKey) return d;
    const move = moveIntoOptions(path, text, entry, entries, m.optionsKey.key, m.optionsKey.flag);
    return move ? { ...d, fixes: [{ ...move, preferred: true }] } : d;
  });
}

const keyMemo = defineChunkMemo<Diagnostic>('keyDiagnostics');
const EMPTY_KEYS: ReadonlySet<string> = new Set();
interface RepoLookups {
  generation: number;
  /** Per manifest outside the module index: its text when read and the keys it looks up. */
  readonly perFile: Map<string, { text: string; keys: readonly string[] }>;
  keys: ReadonlySet<string>;
  indexKeys: ReadonlySet<string>;
}

/**
 * The keys any manifest of the repo looks up by a literal name: the module index's files, and every other .pp
 * file of the repo (modules installed by a librarian `:path`, Vagrant folders the modulepath does not name).
 * Rescanned only when a manifest may have changed; an equal set is the same object, so chunk findings are kept.
 */
function repoLookedUpKeys(project: Project, root: string): ReadonlySet<string> {
  return project.query(repoLookupsQuery, root).keys;
}

const repoLookupsQuery = defineQuery(
  'repoLookedUpKeys',
  (project: Project, root: string, known: RepoLookups | undefined) => nextRepoLookups(project, root, known),
);

/** The repo's looked-up keys, updated from what was known before (`known`) by the files changed since. */
function nextRepoLookups(project: Project, root: string, known: RepoLookups | undefined): RepoLookups {
  const index = moduleIndex(project, root);
  const indexKeys = project.query(indexLookupsQuery, root);
  const generation = project.generation;
  if (known && known.generation === generation && known.indexKeys === indexKeys) return known;
  const changed = known ? project.changedSince(known.generation) : undefined;
  if (known && changed && known.indexKeys === indexKeys && changed.every((p) => !p.endsWith('.pp')))
    return { ...known, generation };
  const perFile = new Map(known?.perFile ?? []);
  const indexed = new Set(index.files().map((f) => f.path));
  const read = (path: string): void => {
    const text = project.readText(path);
    if (text === undefined || indexed.has(path)) {
      perFile.delete(path);
      return;
    }
    const had = perFile.get(path);
    if (had && had.text === text) return;
    // Only files that call a lookup function are parsed.
    const keys = /\b(lookup|hiera|hiera_array|hiera_hash|hiera_include)\s*\(/.test(text)
      ? summarizeManifest(parsePuppet(text), text).lookups.map((l) => l.key.replace(/^::/, ''))
      : [];
    perFile.set(path, { text, keys });
  };
  if (known && changed) {
    // Known changes (edits, file events): only the manifests among them are read again, no walk.
    for (const path of changed) if (path.endsWith('.pp') && (path === root || path.startsWith(`${root}/`))) read(path);
    for (const path of [...perFile.keys()]) if (indexed.has(path)) perFile.delete(path);
  } else {
    const seen = new Set<string>();
    for (const path of walkFiles(project.view, root)) {
      if (!path.endsWith('.pp') || indexed.has(path)) continue;
      seen.add(path);
      read(path);
    }
    for (const path of [...perFile.keys()]) if (!seen.has(path)) perFile.delete(path);
  }
  const keys = new Set(indexKeys);
  for (const f of perFile.values()) for (const k of f.keys) keys.add(k);
  const result =
    known && known.keys.size === keys.size && [...keys].every((k) => known.keys.has(k)) ? known.keys : keys;
  return { generation, perFile, keys: result, indexKeys };
}

function sameKeys(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((k) => b.has(k));
}

/**
 * The keys the indexed manifests look up by a literal name (lookup, hiera, hiera_array, hiera_hash,
 * hiera_include). An equal set is the previous object again, so the chunks' findings are kept.
 */
const indexLookupsQuery = defineQuery(
  'indexLookedUpKeys',
  (project: Project, root: string, previous: ReadonlySet<string> | undefined): ReadonlySet<string> => {
    const keys = new Set<string>();
    for (const f of moduleIndex(project, root).files())
      for (const l of f.summary.lookups) keys.add(l.key.replace(/^::/, ''));
    return previous && sameKeys(previous, keys) ? previous : keys;
  },
);
const ruleKeyMemo = defineChunkMemo<HieraEntry>('ruleKeys');

/** How values are checked against types: the aliases known, and the project's compiled Pattern regexes. */
interface TypeContext {
  readonly aliases: AliasResolver;
  readonly regex: (source: string) => LinearRegex | null;
}

/** The findings about what one key means: unknown keys, keys without effect, values of the wrong type. */
function keyDiagnostics(
  path: string,
  text: string,
  entry: HieraEntry,
  space: KeySpace,
  types: TypeContext,
  lookedUp: ReadonlySet<string>,
): Diagnostic[] {
  const m = resolveKey(space, entry.key);
  if (m.kind === 'param')
    return space.unsure.has(m.cls.choice.module.name) ? [] : paramDiagnostics(path, text, entry, m.cls, m.param, types);
  const colon = singleColonKey(entry.key, space, lookedUp);
  if (colon) {
    return [
      diag('hiera/single-colon-key', {
        range: entry.keyRange,
        message: `'${entry.key}' has a single ':' where '::' separates names: no lookup ever asks for it, so ${colon.what} keeps its default. Did you mean '${colon.key}'?`,
        fixes: [
          {
            title: `Change to '${colon.key}'`,
            edits: [{ path, range: entry.keyRange, newText: colon.key }],
            preferred: true,
          },
        ],
      }),
    ];
  }
  if (m.kind !== 'unknown-param' && m.kind !== 'unknown-class') return [];
  // A key the repo's code looks up by name (hiera_hash('mesos::environment', {})) is read, not dead.
  if (lookedUp.has(entry.key.replace(/^::/, ''))) return [];
  const fixes: Fix[] = m.optionsKey
    ? []
    : m.suggestions.map((s, i) => ({
        title: `Change to '${s}'`,
        edits: [{ path, range: entry.keyRange, newText: s }],
        preferred: i === 0 && m.suggestions.length === 1,
      }));
  return [diag('hiera/unknown-key', { range: entry.keyRange, message: unknownKeyMessage(entry.key, m), fixes })];
}

/**
 * A key with a lone ':' (`mesos:slave::env_var`) whose '::' form is a parameter of a known class or a key the
 * repo's code looks up: what the user meant, and what goes unset. Any other key with a ':' is left alone (Hiera
 * keys may hold one).
 */
function singleColonKey(
  key: string,
  space: KeySpace,
  lookedUp: ReadonlySet<string>,
): { key: string; what: string } | undefined {
  if (!/(^|[^:]):(?!:)/.test(key.replace(/::/g, '\u0000'))) return undefined;
  const fixed = key
    .replace(/::/g, '\u0000')
    .replace(/:/g, '::')
    .replace(/\u0000/g, '::');
  if (fixed === key || /:{3,}/.test(fixed)) return undefined;
  const m = resolveKey(space, fixed);
  if (m.kind === 'param') return { key: fixed, what: `parameter '${m.param.name}' of class '${m.cls.name}'` };
  const bare = fixed.replace(/^::/, '');
  if (lookedUp.has(bare)) return { key: fixed, what: `the value the manifests look up as '${bare}'` };
  return undefined;
}

/** The cluster rules' findings that point into this file. */
function clusterFindings(project: Project, path: string): Diagnostic[] {
  const root = project.repoRoot(path);
  if (!root) return [];
  const { model, byPath } = repoClusterFindings(project, root);
  const out = (byPath.get(path) ?? []).map(fromFinding);
  const unreadable = model.unreadable ?? [];
  if (unreadable.length === 0) return out;
  // A file that does not parse, or that the analysis refuses, stops every lookup that reads it: say which rules
  // that leaves unchecked, and for whom.
  const cause = stoppingCause(project, path);
  const stopped = cause ? unreadable.filter((u) => u.error.includes(`(${path})`)).map((u) => u.certname) : [];
  if (cause && stopped.length > 0) {
    const shown =
      stopped.length <= 8 ? stopped.join(', ') : `${stopped.slice(0, 8).join(', ')} and ${stopped.length - 8} more`;
    out.push(
      diag('hiera/rules-stopped', {
        range: cause.range,
        message: `Puppet cannot look up anything for ${stopped.length === 1 ? 'node' : `${stopped.length} nodes`} (${shown}) while ${cause.kind === 'yaml-syntax' ? 'this file does not parse' : 'the editor refuses this file'}, so the cluster rules are not checked for ${stopped.length === 1 ? 'it' : 'them'}: ${CLUSTER_RULES.join(', ')}. ${STOPPED_HINT[cause.kind]}`,
      }),
    );
  }
  // A node whose lookups fail for a reason outside its own file (another data file, a hierarchy glob past its
  // limit) says so in its own file, once: without this note it just loses its cluster findings.
  for (const u of unreadable) {
    if (u.path !== path || u.error.includes(`(${path})`)) continue;
    out.push(
      diag('hiera/rules-stopped', {
        range: { start: 0, end: 0 },
        message: `The cluster rules are not checked for node ${u.certname}, because its lookups fail (${u.error}): ${CLUSTER_RULES.join(', ')}. This file's own keys are still checked.`,
      }),
    );
  }
  return out;
}

type StoppingKind = 'yaml-syntax' | 'too-deep' | 'aliases';

const STOPPED_HINT: Readonly<Record<StoppingKind, string>> = {
  'yaml-syntax': 'Fix the YAML error to check them.',
  'too-deep': 'Nest the data less deeply to check them.',
  aliases: 'Alias fewer levels deep to check them.',
};

/** Why every lookup reading this data file fails, and where: a YAML error, nesting or aliases past the limits. */
function stoppingCause(project: Project, path: string): { kind: StoppingKind; range: TextRange } | undefined {
  const file = project.hieraData(path);
  if (!file) return undefined;
  const problem = file.problems.find((p) => p.kind === 'yaml-syntax' || p.kind === 'too-deep');
  if (problem) return { kind: problem.kind === 'yaml-syntax' ? 'yaml-syntax' : 'too-deep', range: problem.range };
  const refused = aliasRefusal(project, path, file);
  return refused ? { kind: 'aliases', range: refused.range } : undefined;
}

/** The rules that compare nodes (knowledge/cluster/clusterRules.ts), stopped for a node whose lookups fail. */
const CLUSTER_RULES: readonly Code[] = [
  'mesos/quorum-majority',
  'mesos/zk-ensemble',
  'mesos/zk-url-differs',
  'mesos/tmp-work-dir',
  'mesos/framework-port-clash',
  'zookeeper/id-position',
  'zookeeper/id-unique',
  'zookeeper/not-in-ensemble',
];

type Shape = 'scalar' | 'array' | 'hash' | 'undef';

function shapeOfValue(v: unknown): Shape {
  if (v === null || v === undefined) return 'undef';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'hash' : 'scalar';
}

function shapeOfType(typeText: string): Shape | undefined {
  const t = parseType(typeText);
  if (t.kind === 'array' || t.kind === 'tuple') return 'array';
  if (t.kind === 'hash' || t.kind === 'struct') return 'hash';
  if (
    t.kind === 'string' ||
    t.kind === 'integer' ||
    t.kind === 'float' ||
    t.kind === 'numeric' ||
    t.kind === 'enum' ||
    t.kind === 'pattern'
  )
    return 'scalar';
  if (t.kind === 'simple' && t.name === 'Boolean') return 'scalar';
  return undefined;
}

const SHAPE_WORD: Record<Shape, string> = {
  scalar: 'a single value',
  array: 'a list',
  hash: 'a hash',
  undef: 'nothing',
};

/** Problems of a key that names a real parameter: Hiera ignored, or a value of the wrong type. */
function paramDiagnostics(
  path: string,
  text: string,
  entry: HieraEntry,
  cls: KnownClass,
  param: CatalogParam,
  types: TypeContext,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  // A module of the repo without a version is named alone ("(ocf_desktop)", not "(ocf_desktop )").
  const where = [cls.choice.module.name, cls.choice.module.tag].filter((s) => s && String(s).trim() !== '').join(' ');
  if (!param.hieraEffective) {
    out.push(
      diag('hiera/no-effect', {
        range: entry.keyRange,
        message: `'${entry.key}' has no effect: ${where} passes this parameter itself when it declares '${cls.name}', so the Hiera value is ignored.`,
        unnecessary: true,
      }),
    );
    return out;
  }
  if (entry.value === undefined) return out;
  if (param.typeSource === 'declared' || param.typeSource.startsWith('validate_')) {
    const raw = text.slice(entry.valueRange.start, entry.valueRange.end);
    // Psych reads 1.0 as a Float, where JavaScript has only numbers: the whole Floats, nested ones and those
    // reached through aliases and merge keys too, are boxed for the check.
    const value = valueWithWholeFloats(entry, (n) => new WholeFloat(n));
    const mismatch = checkValue(value, param.type, types.aliases, { regex: types.regex });
    if (!mismatch) return out;
    const fixes: Fix[] = [];
    if (
      !mismatch.path &&
      typeof entry.value === 'number' &&
      checkValue(String(entry.value), param.type, types.aliases, { regex: types.regex }) === undefined &&
      /^-?\d+(\.\d+)?$/.test(raw)
    ) {
      fixes.push({
        title: `Quote the value: '${raw}'`,
        edits: [{ path, range: entry.valueRange, newText: `'${raw}'` }],
        preferred: true,
      });
    }
    out.push(
      diag('hiera/type-mismatch', {
        range: entry.valueRange,
        message: `'${entry.key}' ${mismatchMessage(mismatch)} (${where}${param.typeSource === 'declared' ? '' : `, checked by ${param.typeSource}`}).`,
        fixes,
      }),
    );
    return out;
  }
  const expected = shapeOfType(param.type);
  const actual = shapeOfValue(entry.value);
  if (
    expected &&
    actual !== 'undef' &&
    expected !== actual &&
    !(actual === 'scalar' && typeof entry.value === 'string' && ACCEPTS_STRING.has(entry.key.replace(/^::/, ''))) &&
    !(actual === 'hash' && hashJudgedByRelease(entry.key.replace(/^::/, ''), cls.choice))
  ) {
    out.push(
      diag('hiera/shape-mismatch', {
        range: entry.valueRange,
        message: `'${entry.key}' is given ${SHAPE_WORD[actual]} (${describeValue(entry.value)}), but ${where} expects ${SHAPE_WORD[expected]}: its default is ${param.default}. The module declares no type, so this compiles and then misbehaves.`,
      }),
    );
  }
  return out;
}
