// Completion, hover and document links in a Puppetfile: module names after `mod '`, the known tags of the
// entry's module inside `:ref`/`:tag` (or a Forge version), what a module provides at the pinned version with its
// dependencies, and links to each module's source.

import type { Project } from '../../workspace/project.js';
import type { TextRange } from '../../base/textRange.js';
import { compareVersions, releaseCatalog } from '../../knowledge/catalog.js';
import { dependenciesOf, knownModules, releasesOf, satisfies, tagFor } from '../../knowledge/puppetfile/releases.js';
import { pinOf } from '../../workspace/puppetfilePins.js';
import type { ModuleEntry } from '../../syntax/puppetfile/model.js';
import type { CompletionItem, Hover } from '../types.js';
import { explainModule } from '../shared/explainModules.js';
import { puppetfileModel } from './diagnostics.js';

export interface DocumentLink {
  readonly range: TextRange;
  readonly target: string;
  readonly tooltip: string;
}

/** The string the cursor is in: its content range and what precedes it on the entry. */
function stringAt(text: string, offset: number): { range: TextRange; before: string } | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const m = /(['"])([^'"]*)$/.exec(prefix);
  if (!m || (prefix.slice(0, m.index).split(m[1]).length - 1) % 2 === 1) return undefined;
  const start = lineStart + m.index + 1;
  let end = offset;
  while (end < text.length && text[end] !== m[1] && text[end] !== '\n') end++;
  // The entry's text before this string (from its `mod`), to know whether this is a name, a ref or a version.
  const modAt = text.lastIndexOf('mod', start);
  return { range: { start, end }, before: text.slice(modAt < 0 ? lineStart : modAt, start - 1) };
}

function entryAt(project: Project, path: string, offset: number): ModuleEntry | undefined {
  return puppetfileModel(project, path)?.modules.find((m) => m.range.start <= offset && offset <= m.range.end + 1);
}

export function completePuppetfile(project: Project, path: string, offset: number): CompletionItem[] {
  const text = project.readText(path) ?? '';
  const s = stringAt(text, offset);
  if (!s) return [];
  if (/^mod\s*\(?\s*$/.test(s.before)) return completeModuleNames(project, path, text, offset, s.range);
  const entry = entryAt(project, path, offset);
  const name = entry?.shortName;
  const rel = name ? releasesOf(name) : undefined;
  if (!rel) return [];
  const isRef = /:(ref|tag)\s*=>\s*$|\b(ref|tag):\s*$/.test(s.before);
  const isVersion = /^mod\s*\(?\s*(['"])[^'"]*\1\s*,\s*$/.test(s.before);
  if (!isRef && !isVersion) return [];
  const tags = [...rel.tags].sort((a, b) => compareVersions(b, a));
  return tags.map((t, i) => {
    const label = isVersion ? t.replace(/^v/, '') : t;
    return {
      label,
      kind: 'value' as const,
      detail: `${rel.fullName} ${t}${i === 0 ? ' (newest)' : ''}`,
      range: s.range,
      insertText: label,
      sortText: String(i).padStart(4, '0'),
    };
  });
}

/** How the file's other entries are written, so a completed line looks like them. */
interface PinStyle {
  readonly kind: 'git' | 'forge';
  /** The git option that names the revision (`ref` or `tag`). */
  readonly refKey: string;
  /** Git entries: the name as 'author/name' rather than 'name'. */
  readonly fullNames: boolean;
  /** Git entries: options on a line of their own, indented. */
  readonly split: boolean;
  readonly quote: string;
}

function pinStyle(text: string, entries: readonly ModuleEntry[]): PinStyle {
  const git = entries.filter((e) => e.options.some((o) => o.key.name === 'git'));
  const forge = entries.filter((e) => e.options.length === 0 && e.author !== undefined);
  const quote = entries.find((e) => e.name?.kind === 'string')
    ? (text[entries.find((e) => e.name?.kind === 'string')!.name!.range.start] ?? "'")
    : "'";
  const q = quote === '"' ? '"' : "'";
  if (git.length === 0 || forge.length > git.length)
    return { kind: 'forge', refKey: 'ref', fullNames: true, split: false, quote: q };
  const refKey =
    git.some((e) => e.options.some((o) => o.key.name === 'ref')) ||
    !git.some((e) => e.options.some((o) => o.key.name === 'tag'))
      ? 'ref'
      : 'tag';
  const split = git.filter((e) => text.slice(e.range.start, e.range.end).includes('\n')).length * 2 >= git.length;
  return {
    kind: 'git',
    refKey,
    fullNames: git.filter((e) => e.author !== undefined).length * 2 > git.length,
    split,
    quote: q,
  };
}

/**
 * The newest release of a module that every pinned module's requirement on it accepts, preferring one whose own
 * requirements the pins satisfy; undefined when no release fits the pins.
 */
function fittingRelease(short: string, pins: ReadonlyMap<string, string>): string | undefined {
  const rel = releasesOf(short);
  if (!rel) return undefined;
  const wanted: string[] = [];
  for (const [name, version] of pins)
    for (const d of dependenciesOf(name, version) ?? [])
      if (d.name.split('/').pop() === short) wanted.push(d.requirement);
  const tags = [...rel.tags].sort((a, b) => compareVersions(b, a)).filter((t) => wanted.every((r) => satisfies(t, r)));
  const agrees = (t: string) =>
    (dependenciesOf(short, t) ?? []).every((d) => {
      const pinned = pins.get(d.name.split('/').pop()!);
      return pinned === undefined || satisfies(pinned, d.requirement);
    });
  return tags.find(agrees) ?? tags[0];
}

/**
 * Module names after `mod '`. On a line that holds nothing else yet, each item is the whole entry, written as the
 * file writes its others (Forge `'author/name', 'version'`, or `:git` with `:ref`/`:tag`), at the newest release
 * the other pins accept; modules not pinned yet come first, those already pinned last. Inside an entry that has
 * more on its line (or options below), only the name is completed.
 */
function completeModuleNames(
  project: Project,
  path: string,
  text: string,
  offset: number,
  name: TextRange,
): CompletionItem[] {
  const model = puppetfileModel(project, path);
  const current = model?.modules.find((m) => m.range.start <= offset && offset <= m.range.end + 1);
  const others = (model?.modules ?? []).filter((m) => m !== current);
  const pinned = new Set(others.map((m) => m.shortName).filter((x): x is string => x !== undefined));
  const pins = new Map<string, string>();
  for (const m of others) {
    const pin = pinOf(m);
    if (pin?.version) pins.set(pin.shortName, pin.version);
  }
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const lineEnd = nl < 0 ? text.length : nl;
  const rest = text.slice(name.end, lineEnd).replace(/^['"]/, '').trim();
  const continued = nl >= 0 && /^[ \t]+:/.test(text.slice(nl + 1));
  const keyword = text.lastIndexOf('mod', name.start);
  const whole = rest === '' && !continued && keyword >= lineStart && text.slice(lineStart, keyword).trim() === '';
  const style = pinStyle(text, others);
  return knownModules().map((m, i) => {
    const already = pinned.has(m.shortName);
    const full = m.fullName.replace('-', '/');
    const base = {
      kind: 'module' as const,
      documentation: `Source: ${m.source}`,
      sortText: `${already ? 1 : 0}${String(i).padStart(3, '0')}`,
    };
    const tag = whole && !already ? fittingRelease(m.shortName, pins) : undefined;
    if (!tag) {
      return {
        ...base,
        label: m.shortName,
        detail: `${m.fullName} — newest ${m.tags[m.tags.length - 1]}${already ? ' (already pinned)' : ''}`,
        range: name,
        insertText: m.shortName,
      };
    }
    const q = style.quote;
    const line =
      style.kind === 'forge'
        ? `mod ${q}${full}${q}, ${q}${tag.replace(/^v/, '')}${q}`
        : `mod ${q}${style.fullNames ? full : m.shortName}${q},${style.split ? '\n  ' : ' '}:git => ${q}${m.source}${q}, :${style.refKey} => ${q}${tag}${q}`;
    return {
      ...base,
      label: m.shortName,
      detail: `${m.fullName} ${tag}${pins.size > 0 ? ' — fits the other pins' : ''}`,
      range: { start: keyword, end: lineEnd },
      insertText: line,
      filterText: `mod ${text[name.start - 1] ?? q}${m.shortName} ${full}`,
    };
  });
}

export function hoverPuppetfile(project: Project, path: string, offset: number): Hover | undefined {
  const entry = entryAt(project, path, offset);
  if (!entry?.shortName || !entry.name || offset < entry.name.range.start || offset > entry.name.range.end)
    return undefined;
  const pin = pinOf(entry);
  const rel = releasesOf(entry.shortName);
  const lines: string[] = [`**${rel?.fullName ?? entry.fullName ?? entry.shortName}**`];
  if (rel) lines.push('', `Source: ${rel.source} · newest release ${rel.tags[rel.tags.length - 1]}`);
  if (pin?.version) {
    const tag = tagFor(entry.shortName, pin.version);
    lines.push('', `Pinned at **${pin.version}**${rel && !tag ? ' — no such release is known' : ''}.`);
    const deps = dependenciesOf(entry.shortName, pin.version);
    if (deps && deps.length > 0) lines.push('', 'Needs:', ...deps.map((d) => `- ${d.name} ${d.requirement}`));
    const cat = releaseCatalog(entry.shortName, pin.version);
    if (cat) {
      const pub = cat.classes.filter((c) => c.public);
      lines.push(
        '',
        `Provides: ${pub.map((c) => `\`${c.name}\` (${c.params.length} parameters)`).join(', ') || 'defined types only'}.`,
      );
    }
  } else if (pin?.kind === 'git')
    lines.push('', 'Not pinned to a release: r10k installs whatever the branch holds when it runs.');
  const why = explainModule(project, path, entry.shortName);
  if (why) lines.push('', `In use: ${why.why}`);
  return { range: entry.name.range, markdown: lines.join('\n') };
}

export function puppetfileLinks(project: Project, path: string): DocumentLink[] {
  const model = puppetfileModel(project, path);
  if (!model) return [];
  const out: DocumentLink[] = [];
  for (const entry of model.modules) {
    const pin = pinOf(entry);
    if (pin?.gitUrl) {
      const url = pin.gitUrl.value.replace(/^git:\/\/github\.com\//, 'https://github.com/').replace(/\.git$/, '');
      if (/^https?:\/\//.test(url)) out.push({ range: pin.gitUrl.contentRange, target: url, tooltip: `Open ${url}` });
    } else if (pin?.kind === 'forge' && entry.name && entry.author && entry.shortName) {
      const url = `https://forge.puppet.com/modules/${entry.author}/${entry.shortName}`;
      out.push({
        range: entry.name.range,
        target: url,
        tooltip: `Open ${entry.author}/${entry.shortName} on the Puppet Forge`,
      });
    }
  }
  return out;
}
