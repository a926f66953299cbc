// Our module indexer: reads one release of a Puppet module from a folder with our own parser (parsePuppet +
// summarizeManifest) and returns its facts as a catalog: identity and version (metadata.json, else the Puppet 3
// Modulefile), classes and defined types with their parameters (name, Puppet type or one read from the default
// literal or a validate_* call, default as source text, the default followed through a params class), type
// aliases, resource types (lib/puppet/type/*.rb: names, parameters, properties), functions (Ruby and Puppet),
// dependencies, operatingsystem_support and requirements. A manifest our parser cannot read (old Puppet 3
// syntax) is recorded in `unparsed` and skipped, never fatal. Facts only: doc comments are read for
// `@api private` and nothing else. Used by scripts/refresh-module-facts.ts.

import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type {
  CatalogClass,
  CatalogModule,
  CatalogParam,
  ResourceTypeFacts,
  UnparsedFile,
} from '../server/src/knowledge/catalogTypes.js';
import {
  childNodes,
  childOfKind,
  parsePuppet,
  summarizeManifest,
  trimmedRange,
  walkNodes,
  type DefinitionSummary,
  type ManifestSummary,
  type SyntaxNode,
} from '../server/src/syntax/puppet/index.js';

/** Files below `dir` ending in `ext`, as paths relative to `base`, in a stable order. */
function filesUnder(base: string, dir: string, ext: string): string[] {
  const abs = join(base, dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(p);
      else if (st?.isFile() && name.endsWith(ext)) out.push(relative(base, p).split('\\').join('/'));
    }
  };
  walk(abs);
  return out;
}

/** `.pp` files below `dir`, as paths relative to `base`, in a stable order. */
function ppFiles(base: string, dir: string): string[] {
  return filesUnder(base, dir, '.pp');
}

interface ParsedFile {
  readonly file: string;
  readonly text: string;
  readonly tree: SyntaxNode;
  readonly summary: ManifestSummary;
}

/** A manifest parsed, or why not: a file with syntax errors (Puppet 3 syntax in old releases) is left out whole. */
function parseFile(moduleDir: string, file: string, unparsed: UnparsedFile[]): ParsedFile | undefined {
  const text = readFileSync(join(moduleDir, file), 'utf8');
  const parsed = parsePuppet(text);
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    unparsed.push({ file, line: lineOf(text, e.range.start), message: e.message });
    return undefined;
  }
  return { file, text, tree: parsed.tree, summary: summarizeManifest(parsed, text) };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const OPENERS = new Set(['L_BRACK', 'LIST_START', 'L_BRACE', 'L_PAREN', 'WS_L_PAREN']);
const CLOSERS = new Set(['R_BRACK', 'R_BRACE', 'R_PAREN']);

/**
 * Source text (a type or a default) on one line: comments dropped, each line break with its indentation
 * becomes one space (none just inside brackets), a trailing comma before a bracket on the next line goes.
 * Read with our lexer, so a `#` in a string or regex stays.
 */
export function flat(source: string): string {
  if (!source.includes('\n') && !source.includes('#')) return source;
  const tokens = parsePuppet(source).tokens.filter(
    (t) => t.kind !== 'WHITESPACE' && t.kind !== 'COMMENT' && t.kind !== 'EOF',
  );
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const prev = tokens[i - 1];
    if (prev) {
      const gap = source.slice(prev.end, t.start);
      if (!gap.includes('\n') && !gap.includes('#')) out += gap;
      else if (!OPENERS.has(prev.kind) && !CLOSERS.has(t.kind)) out += ' ';
    }
    const next = tokens[i + 1];
    // A trailing comma before a closing bracket on the next line says nothing once on one line.
    if (t.kind === 'COMMA' && next && CLOSERS.has(next.kind) && /[\n#]/.test(source.slice(t.end, next.start))) continue;
    out += source.slice(t.start, t.end);
  }
  return out;
}

/** The comment lines directly above a definition, raw (tags included). */
function commentAbove(text: string, offset: number): string {
  const lines: string[] = [];
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  while (lineStart > 0) {
    const prevEnd = lineStart - 1;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    const line = text.slice(prevStart, prevEnd).trim();
    if (!line.startsWith('#')) break;
    lines.push(line);
    lineStart = prevStart;
  }
  return lines.reverse().join('\n');
}

/**
 * Whether a class is internal: `*::params`, `*::install`, `*::config`, `*::service`, `*::os` (per-OS
 * implementation classes), `*::repo*` (at any depth below the module, so `zookeeper::install::archive` and
 * `zookeeper::os::debian` too), or marked `@api private` or "private class" in its
 * doc comment.
 */
export function isInternalClass(name: string, comment: string): boolean {
  const segments = name.split('::').slice(1);
  if (segments.some((s) => ['params', 'install', 'config', 'service', 'os'].includes(s) || s.startsWith('repo')))
    return true;
  return /@api\s+private\b/.test(comment) || /\bprivate\s+class\b/i.test(comment);
}

/** The type of an untyped parameter, read from its default literal (what the research tables call `default-literal`). */
function literalType(defaultText: string | undefined): string {
  if (defaultText === undefined) return 'Any';
  const d = defaultText.trim();
  if (d === 'undef') return 'Any (default undef)';
  if (d === 'true' || d === 'false') return 'Boolean';
  if (/^-?\d+$/.test(d)) return 'Integer';
  if (/^-?\d+\.\d+$/.test(d)) return 'Float';
  if (/^'/.test(d) || /^"/.test(d)) return 'String';
  if (d.startsWith('[')) return 'Array';
  if (d.startsWith('{')) return 'Hash';
  return 'Any';
}

/** Node kinds whose source text is a fine display of a resolved default. */
const RESOLVABLE = new Set(['Literal', 'StringExpr', 'NameExpr', 'ArrayExpr', 'HashExpr']);

/**
 * Variables a class assigns exactly once, directly in its body (not under if/case), with a constant-looking
 * value on one line: `$client_port = 2181` in `zookeeper::params`. Keyed `class::var`.
 */
function classAssignments(files: readonly ParsedFile[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    walkNodes(f.tree, (node) => {
      if (node.kind !== 'ClassDef') return;
      const nameNode = childOfKind(node, 'DefName');
      const block = childOfKind(node, 'Block');
      if (!nameNode || !block) return;
      const nr = trimmedRange(nameNode);
      const className = f.text.slice(nr.start, nr.end).replace(/^::/, '');
      const counts = new Map<string, number>();
      walkNodes(block, (n) => {
        if (n.kind !== 'AssignExpr') return;
        const lhs = childNodes(n)[0];
        if (lhs?.kind !== 'VariableExpr') return;
        const r = trimmedRange(lhs);
        const v = f.text.slice(r.start + 1, r.end);
        counts.set(v, (counts.get(v) ?? 0) + 1);
      });
      for (const n of childNodes(block)) {
        if (n.kind !== 'AssignExpr') continue;
        const [lhs, rhs] = childNodes(n);
        if (lhs?.kind !== 'VariableExpr' || !rhs || !RESOLVABLE.has(rhs.kind)) continue;
        const r = trimmedRange(lhs);
        const v = f.text.slice(r.start + 1, r.end);
        const vr = trimmedRange(rhs);
        const value = f.text.slice(vr.start, vr.end);
        if (counts.get(v) !== 1 || value.includes('\n')) continue;
        out.set(`${className}::${v}`, value);
      }
    });
  }
  return out;
}

/** `$::zookeeper::params::id` → the value `zookeeper::params` assigns to `$id`, when it is plain. */
function resolveDefault(defaultText: string | undefined, assignments: ReadonlyMap<string, string>): string | undefined {
  const m = defaultText ? /^\$(?:::)?([a-z][a-z0-9_]*(?:::[a-z][a-z0-9_]*)+)$/.exec(defaultText.trim()) : null;
  return m ? assignments.get(m[1]) : undefined;
}

/** Types that a Puppet 3 module states by validating a parameter (`validate_hash($options)`). */
const VALIDATED: Readonly<Record<string, string>> = {
  validate_hash: 'Hash',
  validate_array: 'Array',
  validate_bool: 'Boolean',
  validate_string: 'String',
};

/** Parameter → the type its validate_* call says, for the untyped parameters of one definition's body. */
function validatedTypes(bodyText: string): Map<string, { type: string; source: string }> {
  const out = new Map<string, { type: string; source: string }>();
  for (const m of bodyText.matchAll(/\b(validate_(?:hash|array|bool|string))\s*\(([^)]*)\)/g)) {
    for (const v of m[2].matchAll(/\$(?:::)?([a-z_][a-z0-9_]*)\b(?!::|\[)/g))
      if (!out.has(v[1])) out.set(v[1], { type: VALIDATED[m[1]], source: m[1] });
  }
  return out;
}

/** What metadata.json (or, in Puppet 3 era releases, the Modulefile) says. */
export interface ModuleMetadata {
  readonly name?: string;
  readonly version?: string;
  readonly source?: string;
  readonly dependencies: ReadonlyArray<{ readonly name: string; readonly requirement: string }>;
  readonly operatingsystemSupport?: CatalogModule['operatingsystemSupport'];
  readonly requirements?: CatalogModule['requirements'];
}

export function readModuleMetadata(moduleDir: string): ModuleMetadata | undefined {
  const json = join(moduleDir, 'metadata.json');
  if (existsSync(json)) {
    let m: any;
    try {
      m = JSON.parse(readFileSync(json, 'utf8'));
    } catch {
      m = undefined;
    }
    if (m && typeof m === 'object') {
      const os = Array.isArray(m.operatingsystem_support)
        ? m.operatingsystem_support
            .filter((o: any) => o && typeof o.operatingsystem === 'string')
            .map((o: any) => ({
              operatingsystem: o.operatingsystem,
              ...(Array.isArray(o.operatingsystemrelease)
                ? { operatingsystemrelease: o.operatingsystemrelease.map(String) }
                : {}),
            }))
        : undefined;
      const req = Array.isArray(m.requirements)
        ? m.requirements
            .filter((r: any) => r && r.name)
            .map((r: any) => ({ name: String(r.name), requirement: String(r.version_requirement ?? '') }))
        : undefined;
      return {
        ...(m.name ? { name: String(m.name).replace('/', '-') } : {}),
        ...(m.version ? { version: String(m.version) } : {}),
        ...(m.source || m.project_page ? { source: String(m.source ?? m.project_page) } : {}),
        dependencies: (Array.isArray(m.dependencies) ? m.dependencies : [])
          .filter((d: any) => d && d.name)
          .map((d: any) => ({ name: String(d.name), requirement: String(d.version_requirement ?? '') })),
        ...(os ? { operatingsystemSupport: os } : {}),
        ...(req ? { requirements: req } : {}),
      };
    }
  }
  const modulefile = join(moduleDir, 'Modulefile');
  if (existsSync(modulefile)) {
    const text = readFileSync(modulefile, 'utf8');
    const field = (f: string) => new RegExp(`^\\s*${f}\\s*\\(?\\s*['"]([^'"]+)['"]`, 'm').exec(text)?.[1];
    const deps = [...text.matchAll(/^\s*dependency\s*\(?\s*['"]([^'"]+)['"](?:\s*,\s*['"]([^'"]*)['"])?/gm)].map(
      (d) => ({ name: d[1], requirement: d[2] ?? '' }),
    );
    const name = field('name');
    const version = field('version');
    const source = field('source') ?? field('project_page');
    return {
      ...(name ? { name: name.replace('/', '-') } : {}),
      ...(version ? { version } : {}),
      ...(source ? { source } : {}),
      dependencies: deps,
    };
  }
  return undefined;
}

export function repositoryOf(url: string | undefined): string {
  const m = /github\.com[/:]([^/]+\/[^/.]+?)(?:\.git)?\/?$/.exec(url ?? '');
  return m ? m[1] : (url ?? '');
}

const symbol = String.raw`:(?:'([^']+)'|"([^"]+)"|([A-Za-z_][\w:]*))`;

/** Resource types of lib/puppet/type/*.rb: each `newtype`, its `newparam`s and `newproperty`s (`ensurable` is the ensure property). */
export function resourceTypesOf(moduleDir: string): ResourceTypeFacts[] {
  const out: ResourceTypeFacts[] = [];
  for (const file of filesUnder(moduleDir, 'lib/puppet/type', '.rb')) {
    const text = readFileSync(join(moduleDir, file), 'utf8');
    const m = new RegExp(String.raw`newtype\s*\(\s*${symbol}`).exec(text);
    if (!m) continue;
    const names = (re: RegExp) => [...new Set([...text.matchAll(re)].map((x) => x[1] ?? x[2] ?? x[3]))];
    const parameters = names(new RegExp(String.raw`\bnewparam\s*\(?\s*${symbol}`, 'g'));
    const properties = names(new RegExp(String.raw`\bnewproperty\s*\(?\s*${symbol}`, 'g'));
    if (/^\s*ensurable\b/m.test(text) && !properties.includes('ensure')) properties.unshift('ensure');
    out.push({ name: m[1] ?? m[2] ?? m[3], parameters: parameters.sort(), properties: properties.sort() });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Function names: Puppet 4 Ruby API, the Puppet 3 `newfunction` API, and functions written in Puppet. */
function functionsOf(moduleDir: string, manifests: readonly ParsedFile[]): string[] {
  const names = new Set<string>();
  for (const file of filesUnder(moduleDir, 'lib/puppet/functions', '.rb')) {
    const m = new RegExp(String.raw`create_function\s*\(\s*${symbol}`).exec(
      readFileSync(join(moduleDir, file), 'utf8'),
    );
    if (m) names.add(m[1] ?? m[2] ?? m[3]);
  }
  for (const file of filesUnder(moduleDir, 'lib/puppet/parser/functions', '.rb')) {
    const m = new RegExp(String.raw`newfunction\s*\(\s*${symbol}`).exec(readFileSync(join(moduleDir, file), 'utf8'));
    if (m) names.add(m[1] ?? m[2] ?? m[3]);
  }
  for (const f of manifests) for (const fn of f.summary.functions) names.add(fn.name.replace(/^::/, ''));
  return [...names].sort();
}

export interface IndexOptions {
  /** `all`: every class and defined type; `hiera`: public classes with parameters (what Hiera can set). */
  readonly scope?: 'all' | 'hiera';
  /** Name and version when the release has no metadata (the mirror's module, the tag's version). */
  readonly fallbackName?: string;
  readonly fallbackVersion?: string;
  readonly tag?: string;
  readonly releaseDate?: string;
  /** Whether tags carry a leading `v` (used when `tag` is not given). */
  readonly vTags?: boolean;
  readonly releaseDates?: Readonly<Record<string, string>>;
}

/**
 * Indexes one module folder with our parser. Never throws on the module's content: manifests that do not
 * parse are listed in `unparsed`. Throws only when neither metadata nor a fallback names the module.
 */
export function indexModule(moduleDir: string, options: IndexOptions = {}): CatalogModule {
  const metadata = readModuleMetadata(moduleDir);
  const fullName = metadata?.name ?? options.fallbackName;
  const version = options.fallbackVersion ?? metadata?.version;
  if (!fullName || !version)
    throw new Error(`module-indexer: ${moduleDir} has no metadata.json or Modulefile naming it`);
  const name = fullName.split('-').pop()!;
  const unparsed: UnparsedFile[] = [];
  const manifests = ppFiles(moduleDir, 'manifests').flatMap((f) => parseFile(moduleDir, f, unparsed) ?? []);
  const defs: Array<{ d: DefinitionSummary; f: ParsedFile }> = manifests.flatMap((f) =>
    f.summary.definitions.map((d) => ({ d, f })),
  );
  const assignments = classAssignments(manifests);
  // Class parameters with a plain default resolve references to them (`$mesos::master_port` → `5050`).
  for (const { d } of defs) {
    if (d.kind !== 'class') continue;
    for (const p of d.parameters) {
      const def = p.defaultText === undefined ? undefined : flat(p.defaultText);
      if (def !== undefined && !def.includes('$') && !def.includes('\n') && !assignments.has(`${d.name}::${p.name}`))
        assignments.set(`${d.name}::${p.name}`, def);
    }
  }
  const resolve = (def: string | undefined): string | undefined => {
    let v = resolveDefault(def, assignments);
    for (let i = 0; i < 3 && v !== undefined; i++) {
      const next = resolveDefault(v, assignments);
      if (next === undefined) break;
      v = next;
    }
    return v;
  };

  // Parameters the module passes itself in resource-like declarations: Hiera values for them are ignored.
  const passed = new Map<string, Set<string>>();
  for (const f of manifests) {
    for (const r of f.summary.resourceLikeClasses) {
      const set = passed.get(r.name) ?? new Set<string>();
      for (const a of r.attributes) set.add(a.name);
      passed.set(r.name, set);
    }
  }

  const classes: CatalogClass[] = [];
  for (const { d, f } of defs) {
    const isPublic = !isInternalClass(d.name, commentAbove(f.text, d.range.start));
    if (options.scope === 'hiera' && !(d.kind === 'class' && isPublic && d.parameters.length > 0)) continue;
    const validated = validatedTypes(f.text.slice(d.range.start, d.range.end));
    const params: CatalogParam[] = d.parameters.map((p) => {
      const typed = p.typeText !== undefined;
      const def = p.defaultText === undefined ? undefined : flat(p.defaultText);
      const resolved = resolve(def);
      const v = validated.get(p.name);
      const fromDefault = literalType(def);
      const fromResolved = resolved !== undefined ? literalType(resolved) : 'Any';
      const [type, typeSource] = typed
        ? [flat(p.typeText!), 'declared']
        : v
          ? [v.type, v.source]
          : fromDefault === 'Any' && fromResolved !== 'Any'
            ? [fromResolved, 'resolved-default-literal']
            : [fromDefault, 'default-literal'];
      return {
        name: p.name,
        type,
        typeSource,
        ...(def !== undefined ? { default: def } : {}),
        ...(resolved !== undefined && resolved !== def ? { resolvedDefault: resolved } : {}),
        required: def === undefined,
        hieraEffective: d.kind === 'class' ? !passed.get(d.name)?.has(p.name) : true,
      };
    });
    classes.push({
      name: d.name,
      kind: d.kind === 'class' ? 'class' : 'defined_type',
      file: f.file,
      line: lineOf(f.text, d.range.start),
      ...(d.inherits ? { inherits: d.inherits } : {}),
      public: isPublic,
      params,
    });
  }
  classes.sort((a, b) =>
    a.kind === b.kind ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.kind === 'class' ? -1 : 1,
  );

  const typeAliases: Record<string, string> = {};
  const typeFiles = ppFiles(moduleDir, 'types').flatMap((file) => parseFile(moduleDir, file, unparsed) ?? []);
  // The value as written (from the alias's own range: the summary's one-line typeText drops text after a '#').
  for (const f of typeFiles)
    for (const t of f.summary.typeAliases)
      typeAliases[t.name] = flat(f.text.slice(t.range.start, t.range.end).replace(/^type\s+[\w:]+\s*=\s*/, ''));
  const sortedAliases = Object.fromEntries(
    Object.entries(typeAliases).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const functionFiles = ppFiles(moduleDir, 'functions').flatMap((file) => parseFile(moduleDir, file, unparsed) ?? []);
  const resourceTypes = resourceTypesOf(moduleDir);
  const functions = functionsOf(moduleDir, [...manifests, ...functionFiles]);

  return {
    name,
    fullName: options.fallbackName ?? fullName,
    repository: repositoryOf(metadata?.source),
    version,
    tag: options.tag ?? `${options.vTags ? 'v' : ''}${version}`,
    releaseDate: options.releaseDate ?? options.releaseDates?.[version] ?? '',
    ...(options.fallbackName && metadata?.name && metadata.name !== options.fallbackName
      ? { metadataName: metadata.name }
      : {}),
    ...(metadata?.version && metadata.version !== version ? { metadataVersion: metadata.version } : {}),
    dependencies: metadata?.dependencies ?? [],
    classes,
    ...(Object.keys(sortedAliases).length > 0 ? { typeAliases: sortedAliases } : {}),
    ...(resourceTypes.length > 0 ? { resourceTypes } : {}),
    ...(functions.length > 0 ? { functions } : {}),
    ...(metadata?.operatingsystemSupport ? { operatingsystemSupport: metadata.operatingsystemSupport } : {}),
    ...(metadata?.requirements ? { requirements: metadata.requirements } : {}),
    ...(unparsed.length > 0 ? { unparsed } : {}),
  };
}
