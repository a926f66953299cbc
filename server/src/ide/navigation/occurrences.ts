// Every place a class parameter or a Hiera key is named across a control repo, each with the exact range of
// the name so that find-references shows it and rename replaces it:
// - a class parameter: its declaration, `$param` in the class body, `$class::param` anywhere, the attribute
//   of each resource-like declaration of the class, and the Hiera key `<class>::<param>` wherever data sets or
//   interpolates it (`%{lookup('...')}`, `%{alias(...)}`, `%{hiera(...)}`, `%{class::param}`) or a manifest
//   looks it up; ranges cover the parameter's name only (the last segment of a key);
// - a Hiera key that is no parameter of an indexed class: every data file key, interpolation and lookup() of
//   it; ranges cover the whole key.

import type { Project } from '../../workspace/project.js';
import type { TextRange } from '../../base/textRange.js';
import { normalizeClassName, parsedManifest, type ModuleIndex } from '../../workspace/moduleIndex.js';
import { indexFor } from '../shared/classes.js';
import { dataFilesFor, keyUses } from '../shared/hieraKeys.js';

export type OccurrenceRole = 'declaration' | 'doc' | 'variable' | 'attribute' | 'hiera-key' | 'hiera-use' | 'lookup';

export interface Occurrence {
  readonly path: string;
  readonly range: TextRange;
  readonly role: OccurrenceRole;
}

/** The range of the last '::' segment of a key written at `range` (quotes and dotted sub-keys excluded). */
function lastSegment(text: string, range: TextRange, param: string): TextRange | undefined {
  const written = text.slice(range.start, range.end);
  const dot = written.indexOf('.');
  const head = dot < 0 ? written : written.slice(0, dot);
  const at = head.lastIndexOf(`::${param}`);
  if (at < 0) return undefined;
  return { start: range.start + at + 2, end: range.start + at + 2 + param.length };
}

function sameKey(written: string, key: string): boolean {
  return (
    written
      .replace(/^['"]|['"]$/g, '')
      .replace(/^::/, '')
      .split('.')[0]
      .toLowerCase() === key.toLowerCase()
  );
}

/** The occurrences of parameter `param` of class `className` (indexed or not). */
export function paramOccurrences(project: Project, path: string, className: string, param: string): Occurrence[] {
  const cls = normalizeClassName(className);
  const key = `${cls}::${param}`;
  const index = indexFor(project, path);
  const out: Occurrence[] = [];
  const def = index?.findClass(cls);
  if (def) {
    const p = def.definition.parameters.find((x) => x.name === param);
    if (p)
      out.push({ path: def.path, range: { start: p.nameRange.start + 1, end: p.nameRange.end }, role: 'declaration' });
    const parsed = parsedManifest(project, def.path);
    if (parsed) {
      const { start, end } = def.definition.range;
      for (const r of variableRanges(parsed.text, parsed.parse.tokens, param, start, end))
        out.push({ path: def.path, range: r, role: 'variable' });
      const doc = docParamRange(parsed.text, parsed.parse.tokens, start, param);
      if (doc) out.push({ path: def.path, range: doc, role: 'doc' });
    }
  }
  if (index) out.push(...qualifiedVariables(project, index, cls, param));
  for (const use of index?.references(cls) ?? []) {
    if (use.kind !== 'resource-like' || !use.declaration) continue;
    for (const a of use.declaration.attributes)
      if (a.name === param) out.push({ path: use.path, range: a.range, role: 'attribute' });
  }
  for (const file of dataFilesFor(project, path)) {
    const text = project.readText(file) ?? '';
    for (const e of project.hieraData(file)?.entries ?? []) {
      if (!sameKey(e.key, key)) continue;
      const r = lastSegment(text, e.keyRange, param);
      if (r) out.push({ path: file, range: r, role: 'hiera-key' });
    }
  }
  for (const u of keyUses(project, path, key)) {
    const r = lastSegment(project.readText(u.path) ?? '', u.range, param);
    if (r) out.push({ path: u.path, range: r, role: 'hiera-use' });
  }
  for (const f of index?.files() ?? []) {
    for (const l of f.summary.lookups) {
      if (!sameKey(l.key, key)) continue;
      const r = lastSegment(f.text, l.keyRange, param);
      if (r) out.push({ path: f.path, range: r, role: 'lookup' });
    }
  }
  return dedupe(out);
}

/** The occurrences of a Hiera key that is not an indexed class's parameter: data keys, interpolations, lookups. */
export function keyOccurrences(project: Project, path: string, key: string): Occurrence[] {
  const k = key.replace(/^::/, '').split('.')[0];
  const out: Occurrence[] = [];
  for (const file of dataFilesFor(project, path)) {
    const text = project.readText(file) ?? '';
    for (const e of project.hieraData(file)?.entries ?? []) {
      if (!sameKey(e.key, k)) continue;
      out.push({ path: file, range: unquoted(text, e.keyRange, k), role: 'hiera-key' });
    }
  }
  for (const u of keyUses(project, path, k))
    out.push({ path: u.path, range: rootPart(u.range, u.key, k), role: 'hiera-use' });
  for (const f of indexFor(project, path)?.files() ?? []) {
    for (const l of f.summary.lookups)
      if (sameKey(l.key, k)) out.push({ path: f.path, range: rootPart(l.keyRange, l.key, k), role: 'lookup' });
  }
  return dedupe(out);
}

/** The key's own text inside a written key range (without quotes or a leading '::'). */
function unquoted(text: string, range: TextRange, key: string): TextRange {
  const written = text.slice(range.start, range.end);
  const at = written.toLowerCase().indexOf(key.toLowerCase());
  return at < 0 ? range : { start: range.start + at, end: range.start + at + key.length };
}

/** For `a.b` looked up, the range of `a`. */
function rootPart(range: TextRange, written: string, key: string): TextRange {
  const lead = written.startsWith('::') ? 2 : 0;
  return written.length === range.end - range.start
    ? { start: range.start + lead, end: range.start + lead + key.length }
    : range;
}

/** `@param [Type] name` in the comment block right before a definition (puppet-strings docs follow a rename). */
function docParamRange(
  text: string,
  tokens: ReadonlyArray<{ kind: string; start: number; end: number }>,
  defStart: number,
  param: string,
): TextRange | undefined {
  let i = tokens.findIndex((t) => t.start >= defStart) - 1;
  for (; i >= 0; i--) {
    const t = tokens[i];
    if (t.kind === 'WHITESPACE') continue;
    if (t.kind !== 'COMMENT') return undefined;
    const m = new RegExp(`@param\\s+(?:\\[[^\\]]*\\]\\s+)?(${param})\\b`).exec(text.slice(t.start, t.end));
    if (m) {
      const at = t.start + m.index + m[0].length - param.length;
      return { start: at, end: at + param.length };
    }
  }
  return undefined;
}

/** `$param`, `"$param"` and `"${param}"` in [start, end) of a manifest. */
function variableRanges(
  text: string,
  tokens: ReadonlyArray<{ kind: string; start: number; end: number }>,
  param: string,
  start: number,
  end: number,
): TextRange[] {
  const out: TextRange[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.end <= start) continue;
    if (t.start >= end) break;
    if ((t.kind === 'VARIABLE' || t.kind === 'INTERP_VAR') && text.slice(t.start + 1, t.end) === param)
      out.push({ start: t.start + 1, end: t.end });
    else if (
      t.kind === 'NAME' &&
      tokens[i - 1]?.kind === 'INTERP_OPEN' &&
      tokens[i + 1]?.kind === 'INTERP_CLOSE' &&
      text.slice(t.start, t.end) === param
    ) {
      out.push({ start: t.start, end: t.end });
    }
  }
  return out;
}

/** `$class::param` and `$::class::param` in every indexed manifest (text search first, then the tokens). */
function qualifiedVariables(project: Project, index: ModuleIndex, cls: string, param: string): Occurrence[] {
  const out: Occurrence[] = [];
  const needle = `${cls}::${param}`;
  for (const f of index.files()) {
    if (!f.text.toLowerCase().includes(needle)) continue;
    const parsed = parsedManifest(project, f.path);
    if (!parsed) continue;
    const tokens = parsed.parse.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      let name: string | undefined;
      let at = 0;
      if (t.kind === 'VARIABLE' || t.kind === 'INTERP_VAR') {
        name = parsed.text.slice(t.start + 1, t.end);
        at = t.start + 1;
      } else if (t.kind === 'NAME' && tokens[i - 1]?.kind === 'INTERP_OPEN' && tokens[i + 1]?.kind === 'INTERP_CLOSE') {
        name = parsed.text.slice(t.start, t.end);
        at = t.start;
      }
      if (!name) continue;
      const lead = name.startsWith('::') ? 2 : 0;
      if (name.slice(lead).toLowerCase() !== needle) continue;
      out.push({
        path: f.path,
        range: { start: at + name.length - param.length, end: at + name.length },
        role: 'variable',
      });
    }
  }
  return out;
}

function dedupe(list: Occurrence[]): Occurrence[] {
  const seen = new Set<string>();
  const out: Occurrence[] = [];
  for (const o of list) {
    const k = `${o.path}:${o.range.start}:${o.range.end}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(o);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.start - b.range.start));
}
