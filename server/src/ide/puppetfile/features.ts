// Completion, hover and document links in a Puppetfile: module names after `mod '`, the known tags of the
// entry's module inside `:ref`/`:tag` (or a Forge version), what a module provides at the pinned version with its
// dependencies, and links to each module's source.

import type { Project } from '../../workspace/project.js';
import type { TextRange } from '../../base/textRange.js';
import { compareVersions, releaseCatalog } from '../../knowledge/catalog.js';
import { dependenciesOf, knownModules, releasesOf, tagFor } from '../../knowledge/puppetfile/releases.js';
import { pinOf } from '../../workspace/puppetfilePins.js';
import type { ModuleEntry } from '../../syntax/puppetfile/model.js';
import type { CompletionItem, Hover } from '../types.js';
import { explainModule } from '../modules/explain.js';
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
  if (/^mod\s*\(?\s*$/.test(s.before)) {
    return knownModules().map((m, i) => ({
      label: m.shortName,
      kind: 'module' as const,
      detail: `${m.fullName} — newest ${m.tags[m.tags.length - 1]}`,
      documentation: `Source: ${m.source}`,
      range: s.range,
      insertText: m.shortName,
      sortText: String(i).padStart(3, '0'),
    }));
  }
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
    return { label, kind: 'value' as const, detail: `${rel.fullName} ${t}${i === 0 ? ' (newest)' : ''}`, range: s.range, insertText: label, sortText: String(i).padStart(4, '0') };
  });
}

export function hoverPuppetfile(project: Project, path: string, offset: number): Hover | undefined {
  const entry = entryAt(project, path, offset);
  if (!entry?.shortName || !entry.name || offset < entry.name.range.start || offset > entry.name.range.end) return undefined;
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
      lines.push('', `Provides: ${pub.map((c) => `\`${c.name}\` (${c.params.length} parameters)`).join(', ') || 'defined types only'}.`);
    }
  } else if (pin?.kind === 'git') lines.push('', 'Not pinned to a release: r10k installs whatever the branch holds when it runs.');
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
      out.push({ range: entry.name.range, target: url, tooltip: `Open ${entry.author}/${entry.shortName} on the Puppet Forge` });
    }
  }
  return out;
}
