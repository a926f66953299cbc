// Regenerates server/src/knowledge/generated/catalogs.json, the module catalogs bundled with the extension.
// Two sources of facts:
//  - the research tables in ../shared/data/modules (or $MESOS_PUPPET_FACTS): mesos v0.5.2/v1.1.0 and
//    zookeeper v0.3.5/v1.6.0, made with puppet strings;
//  - the modules Debian ships (`puppet-module-*` packages, /usr/share/puppet/modules.available or
//    $MESOS_PUPPET_DEBIAN_MODULES), indexed here with our own parser (parsePuppet + summarizeManifest):
//    zookeeper 0.8.4 whole, and the classes of stdlib, apt, concat and datacat that Hiera can set, plus the type
//    aliases (types/**/*.pp) of those modules. puppetlabs-java is not packaged by Debian and so is not bundled.
// Only facts carry over (names, types, defaults, versions, dependencies); descriptions come from our own
// server/src/knowledge/sources/descriptions.yaml, never from the modules' doc comments. Run with
// `npm run catalog`; `--check` exits 1 when the committed file is out of date.

import { readFileSync, writeFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import type { CatalogClass, CatalogModule, CatalogParam, Catalogs } from '../server/src/knowledge/catalogTypes.js';
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

const root = resolve(__dirname, '..');
export const FACTS_DIR = process.env.MESOS_PUPPET_FACTS ?? resolve(root, '../shared/data/modules');
export const DEBIAN_MODULES_DIR = process.env.MESOS_PUPPET_DEBIAN_MODULES ?? '/usr/share/puppet/modules.available';
export const OUTPUT = join(root, 'server/src/knowledge/generated/catalogs.json');

/** A module indexed from its Debian package. */
interface DebianModule {
  /** Folder under DEBIAN_MODULES_DIR (the Forge name). */
  readonly dir: string;
  /** The Debian package that installs it. */
  readonly pkg: string;
  /** `all`: every class and defined type (a module we know in depth); `hiera`: public classes with parameters. */
  readonly scope: 'all' | 'hiera';
  /** Whether its git tags carry a leading `v` (deric and puppetlabs: `v0.8.4`; richardc: `0.6.2`). */
  readonly vTags: boolean;
  /** Release dates by version (upstream changelogs; for zookeeper, which dates none, its packaged metadata.json); others get ''. */
  readonly releaseDates: Readonly<Record<string, string>>;
}

export const DEBIAN_MODULES: readonly DebianModule[] = [
  { dir: 'deric-zookeeper', pkg: 'puppet-module-deric-zookeeper', scope: 'all', vTags: true, releaseDates: { '0.8.4': '2019-02-05' } },
  { dir: 'puppetlabs-stdlib', pkg: 'puppet-module-puppetlabs-stdlib', scope: 'hiera', vTags: true, releaseDates: { '8.5.0': '2022-10-13' } },
  { dir: 'puppetlabs-apt', pkg: 'puppet-module-puppetlabs-apt', scope: 'hiera', vTags: true, releaseDates: { '9.0.1': '2022-12-20' } },
  { dir: 'puppetlabs-concat', pkg: 'puppet-module-puppetlabs-concat', scope: 'hiera', vTags: true, releaseDates: { '7.3.1': '2023-02-10' } },
  { dir: 'richardc-datacat', pkg: 'puppet-module-richardc-datacat', scope: 'hiera', vTags: false, releaseDates: { '0.6.2': '2015-08-16' } },
];

export interface Descriptions {
  [module: string]: { keys?: Record<string, string>; params?: Record<string, string> };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function describe(desc: Descriptions[string] | undefined, className: string, param: string): string | undefined {
  const d = desc?.keys?.[`${className}::${param}`] ?? desc?.params?.[param];
  return d ? oneLine(d) : undefined;
}

function convertParam(raw: any, className: string, desc: Descriptions[string] | undefined): CatalogParam {
  const description = describe(desc, className, raw.name);
  const p: CatalogParam = {
    name: raw.name,
    type: raw.declared_type ?? raw.type ?? 'Any',
    typeSource: raw.declared_type ? 'declared' : (raw.type_source ?? 'unknown'),
    ...(raw.default != null ? { default: String(raw.default) } : {}),
    ...(raw.resolved_default != null && raw.resolved_default !== raw.default ? { resolvedDefault: String(raw.resolved_default) } : {}),
    required: Boolean(raw.required),
    hieraEffective: raw.hiera_effective !== false,
    ...(description ? { description } : {}),
  };
  return p;
}

/** The modules of the research tables (puppet strings output, normalised). */
function researchModules(factsDir: string, descriptions: Descriptions): CatalogModule[] {
  const modules: CatalogModule[] = [];
  for (const file of readdirSync(factsDir).filter((f) => f.endsWith('.params.json')).sort()) {
    const raw = JSON.parse(readFileSync(join(factsDir, file), 'utf8'));
    const fullName: string = raw.module;
    const name = fullName.split(/[-/]/).pop()!;
    const desc = descriptions[name];
    const classes: CatalogClass[] = raw.classes.map(
      (c: any): CatalogClass => ({
        name: c.name,
        kind: c.kind === 'defined_type' ? 'defined_type' : 'class',
        file: c.file,
        line: c.line,
        ...(c.inherits ? { inherits: c.inherits } : {}),
        public: Boolean(c.public_entry_point),
        params: c.params.map((p: any) => convertParam(p, c.name, desc)),
      }),
    );
    modules.push({
      name,
      fullName,
      repository: raw.repository,
      version: String(raw.metadata_version ?? raw.tag).replace(/^v/, ''),
      tag: raw.tag,
      releaseDate: String(raw.commit_date ?? '').slice(0, 10),
      dependencies: (raw.dependencies ?? []).map((d: any) => ({ name: d.name, requirement: d.version_requirement ?? '' })),
      classes,
    });
  }
  return modules;
}

// ---- Debian modules, indexed with our parser ----

/** `.pp` files below `dir`, as paths relative to `base`, in a stable order. */
function ppFiles(base: string, dir: string): string[] {
  const abs = join(base, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.pp')) out.push(relative(base, p).split('\\').join('/'));
    }
  };
  walk(abs);
  return out;
}

interface ParsedFile {
  readonly file: string;
  readonly text: string;
  readonly tree: SyntaxNode;
  readonly summary: ManifestSummary;
}

function parseFile(moduleDir: string, file: string): ParsedFile {
  const text = readFileSync(join(moduleDir, file), 'utf8');
  const parsed = parsePuppet(text);
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    throw new Error(`generate-catalog: ${join(moduleDir, file)}: syntax error at offset ${e.range.start}: ${e.message}`);
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
  const tokens = parsePuppet(source).tokens.filter((t) => t.kind !== 'WHITESPACE' && t.kind !== 'COMMENT' && t.kind !== 'EOF');
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
 * Whether a class is internal: `*::params`, `*::install`, `*::config`, `*::service`, `*::repo*` (at any depth
 * below the module, so `zookeeper::install::archive` too), or marked `@api private` or "private class" in its
 * doc comment.
 */
export function isInternalClass(name: string, comment: string): boolean {
  const segments = name.split('::').slice(1);
  if (segments.some((s) => ['params', 'install', 'config', 'service'].includes(s) || s.startsWith('repo'))) return true;
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

function readMetadata(moduleDir: string): any {
  const path = join(moduleDir, 'metadata.json');
  if (!existsSync(path)) throw new Error(`generate-catalog: ${path} is missing`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

function repositoryOf(metadata: any): string {
  const url: string = metadata.source ?? metadata.project_page ?? '';
  const m = /github\.com[/:]([^/]+\/[^/.]+?)(?:\.git)?\/?$/.exec(url);
  return m ? m[1] : url;
}

/** Checks that every Debian module is installed; the message says which package to install. */
export function missingDebianModules(dir = DEBIAN_MODULES_DIR): string[] {
  return DEBIAN_MODULES.filter((m) => !existsSync(join(dir, m.dir, 'metadata.json'))).map((m) => m.pkg);
}

/**
 * Indexes one module folder with our parser: its classes (all, or the public ones with parameters), their
 * parameters with types, defaults and `hieraEffective`, and its type aliases. Facts only: doc comments are
 * read for `@api private` and nothing else.
 */
export function indexModule(moduleDir: string, spec: Pick<DebianModule, 'scope' | 'vTags' | 'releaseDates'>, descriptions: Descriptions = {}): CatalogModule {
  const metadata = readMetadata(moduleDir);
  const fullName = String(metadata.name).replace('/', '-');
  const name = fullName.split('-').pop()!;
  const version = String(metadata.version);
  const desc = descriptions[name];
  const manifests = ppFiles(moduleDir, 'manifests').map((f) => parseFile(moduleDir, f));
  const assignments = classAssignments(manifests);

  // Parameters the module passes itself in resource-like declarations: Hiera values for them are ignored.
  const passed = new Map<string, Set<string>>();
  for (const f of manifests) {
    for (const r of f.summary.resourceLikeClasses) {
      const set = passed.get(r.name) ?? new Set<string>();
      for (const a of r.attributes) set.add(a.name);
      passed.set(r.name, set);
    }
  }

  const defs: Array<{ d: DefinitionSummary; f: ParsedFile }> = manifests.flatMap((f) => f.summary.definitions.map((d) => ({ d, f })));
  const classes: CatalogClass[] = [];
  for (const { d, f } of defs) {
    const isPublic = !isInternalClass(d.name, commentAbove(f.text, d.range.start));
    if (spec.scope === 'hiera' && !(d.kind === 'class' && isPublic && d.parameters.length > 0)) continue;
    const params: CatalogParam[] = d.parameters.map((p) => {
      const typed = p.typeText !== undefined;
      const def = p.defaultText === undefined ? undefined : flat(p.defaultText);
      const resolved = resolveDefault(def, assignments);
      const description = describe(desc, d.name, p.name);
      return {
        name: p.name,
        type: typed ? flat(p.typeText!) : literalType(def),
        typeSource: typed ? 'declared' : 'default-literal',
        ...(def !== undefined ? { default: def } : {}),
        ...(resolved !== undefined && resolved !== def ? { resolvedDefault: resolved } : {}),
        required: def === undefined,
        hieraEffective: d.kind === 'class' ? !passed.get(d.name)?.has(p.name) : true,
        ...(description ? { description } : {}),
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
  classes.sort((a, b) => (a.kind === b.kind ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.kind === 'class' ? -1 : 1));

  const typeAliases: Record<string, string> = {};
  for (const file of ppFiles(moduleDir, 'types')) {
    const f = parseFile(moduleDir, file);
    // The value as written (from the alias's own range: the summary's one-line typeText drops text after a '#').
    for (const t of f.summary.typeAliases) typeAliases[t.name] = flat(f.text.slice(t.range.start, t.range.end).replace(/^type\s+[\w:]+\s*=\s*/, ''));
  }
  const sortedAliases = Object.fromEntries(Object.entries(typeAliases).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

  return {
    name,
    fullName,
    repository: repositoryOf(metadata),
    version,
    tag: `${spec.vTags ? 'v' : ''}${version}`,
    releaseDate: spec.releaseDates[version] ?? '',
    dependencies: (metadata.dependencies ?? []).map((d: any) => ({ name: String(d.name), requirement: String(d.version_requirement ?? '') })),
    classes,
    ...(Object.keys(sortedAliases).length > 0 ? { typeAliases: sortedAliases } : {}),
  };
}

/** Modules no Debian package ships, recorded with our indexer by scripts/record-module.ts; our descriptions applied. */
function recordedModules(descriptions: Descriptions): CatalogModule[] {
  const dir = join(root, 'server/src/knowledge/sources/recorded');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const m = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CatalogModule;
      const desc = descriptions[m.name];
      return {
        ...m,
        classes: m.classes.map((c) => ({
          ...c,
          params: c.params.map((p) => {
            const description = describe(desc, c.name, p.name);
            return { ...p, ...(description ? { description } : {}) };
          }),
        })),
      };
    });
}

export function generate(factsDir = FACTS_DIR, debianDir = DEBIAN_MODULES_DIR): Catalogs {
  const descriptions = parse(readFileSync(join(root, 'server/src/knowledge/sources/descriptions.yaml'), 'utf8')) as Descriptions;
  if (!existsSync(factsDir)) throw new Error(`generate-catalog: facts folder ${factsDir} not found (set MESOS_PUPPET_FACTS)`);
  const missing = missingDebianModules(debianDir);
  if (missing.length > 0) {
    throw new Error(
      `generate-catalog: Debian module packages missing from ${debianDir}: ${missing.join(', ')}. ` +
        `Install them (apt-get install ${missing.join(' ')}) or set MESOS_PUPPET_DEBIAN_MODULES to a folder that holds them.`,
    );
  }
  const modules = [
    ...researchModules(factsDir, descriptions),
    ...DEBIAN_MODULES.map((m) => indexModule(join(debianDir, m.dir), m, descriptions)),
    ...recordedModules(descriptions),
  ];
  modules.sort((a, b) => (a.name !== b.name ? (a.name < b.name ? -1 : 1) : compareDotted(a.version, b.version)));
  return { modules };
}

function compareDotted(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

function main(): void {
  let text: string;
  try {
    text = `${JSON.stringify(generate(), null, 1)}\n`;
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
  if (process.argv.includes('--check')) {
    const current = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '';
    if (current !== text) {
      console.error('generate-catalog: catalogs.json is out of date; run `npm run catalog`');
      process.exit(1);
    }
    console.log('generate-catalog: catalogs.json is up to date');
    return;
  }
  writeFileSync(OUTPUT, text);
  console.log(`generate-catalog: wrote ${OUTPUT}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) main();
