// Diagnostics of a Puppetfile: syntax errors where r10k reports them, the problems that need no outside
// knowledge (syntax/puppetfile/problems.ts), and the ones that need to know the modules: a tag the module never
// had, a dependency the Puppetfile does not install, a pin that breaks another module's requirement, and a
// module that nothing uses.

import type { Project } from '../../workspace/project.js';
import { CODES, type Code } from '../../base/diagnosticCodes.js';
import { parsePuppetfile, findPuppetfileProblems } from '../../syntax/puppetfile/index.js';
import type { PuppetfileModel } from '../../syntax/puppetfile/model.js';
import { dependenciesOf, newestSatisfying, releasesOf, satisfies, tagFor } from '../../knowledge/puppetfile/releases.js';
import { moduleIndex } from '../../workspace/moduleIndex.js';
import type { Diagnostic, Fix } from '../types.js';
import { inside, pinOf, type Pin } from '../../workspace/puppetfilePins.js';

function diag(code: Code, d: Omit<Diagnostic, 'code' | 'severity'>): Diagnostic {
  return { code, severity: CODES[code].severity, ...d };
}

const cache = new WeakMap<Project, Map<string, { text: string; model: PuppetfileModel }>>();

/** The parsed Puppetfile at path, cached by text. */
export function puppetfileModel(project: Project, path: string): PuppetfileModel | undefined {
  const text = project.readText(path);
  if (text === undefined) return undefined;
  let m = cache.get(project);
  if (!m) cache.set(project, (m = new Map()));
  const hit = m.get(path);
  if (hit && hit.text === text) return hit.model;
  const model = parsePuppetfile(text);
  m.delete(path);
  m.set(path, { text, model });
  // The Puppetfiles asked about last; a workspace has one or two.
  if (m.size > 16) m.delete(m.keys().next().value!);
  return model;
}

/** The release a mistyped version most likely means: the newest one sharing the longest leading numbers. */
function closestVersion(asked: string, tags: readonly string[]): string | undefined {
  const parts = asked.replace(/^v/, '').split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const prefix = parts.slice(0, n).join('.');
    const same = tags.filter((t) => t.replace(/^v/, '').startsWith(`${prefix}.`));
    if (same.length > 0) return same[same.length - 1];
  }
  return undefined;
}

function tagRules(path: string, pins: readonly Pin[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of pins) {
    if (!p.version || !p.versionValue) continue;
    const rel = releasesOf(p.shortName);
    if (!rel) continue;
    if (p.kind === 'git' && p.gitUrl && !p.gitUrl.value.toLowerCase().includes(rel.source.replace('https://github.com/', '').toLowerCase())) continue;
    if (tagFor(p.shortName, p.version) && (p.kind === 'forge' || rel.tags.includes(p.version))) continue;
    const candidates = p.kind === 'forge' ? rel.tags.map((t) => t.replace(/^v/, '')) : rel.tags;
    const close = closestVersion(p.version, candidates);
    const fixes: Fix[] = close ? [{ title: `Change to '${close}'`, edits: [{ path, range: inside(p.versionValue), newText: close }], preferred: true }] : [];
    const hint = p.kind === 'git' && tagFor(p.shortName, p.version) ? ` The tag is written '${tagFor(p.shortName, p.version)}'.` : close ? ` Did you mean '${close}'?` : '';
    out.push(diag('puppetfile/unknown-tag', { range: p.versionValue.range, message: `${rel.fullName} has no ${p.kind === 'git' ? 'tag' : 'release'} '${p.version}', so r10k cannot install it (newest: ${rel.tags[rel.tags.length - 1]}).${hint}`, fixes }));
  }
  return out;
}

function dependencyRules(path: string, model: PuppetfileModel, pins: readonly Pin[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byName = new Map(pins.map((p) => [p.shortName, p]));
  const missing = new Map<string, { needers: string[]; requirement: string; at: Pin }>();
  for (const p of pins) {
    if (!p.version) continue;
    for (const dep of dependenciesOf(p.shortName, p.version) ?? []) {
      const short = dep.name.split('/').pop()!;
      const pinned = byName.get(short);
      const who = `${p.shortName} ${p.version}`;
      if (!pinned) {
        const m = missing.get(short) ?? { needers: [], requirement: dep.requirement, at: p };
        m.needers.push(who);
        missing.set(short, m);
        continue;
      }
      if (pinned.version && pinned.versionValue && !satisfies(pinned.version, dep.requirement)) {
        out.push(
          diag('puppetfile/dependency-conflict', {
            range: pinned.versionValue.range,
            message: `${short} ${pinned.version} does not satisfy ${who}, which needs ${dep.name} ${dep.requirement}.${short === 'stdlib' && p.shortName === 'mesos' ? ' mesos v1.1.0 calls is_string, which stdlib 9 removed: use stdlib 8.x.' : ''}`,
          }),
        );
      }
    }
  }
  for (const [short, m] of missing) {
    const rel = releasesOf(short);
    const tag = rel ? newestSatisfying(short, m.requirement) : undefined;
    const line = rel && tag ? `\nmod '${short}',\n  :git => '${rel.source}', :ref => '${tag}'\n` : undefined;
    out.push(
      diag('puppetfile/missing-dependency', {
        range: m.at.entry.range,
        message: `${m.needers.join(', ')} need${m.needers.length === 1 ? 's' : ''} ${short} (${m.requirement || 'any version'}), which this Puppetfile does not install.${line ? ` Add it: mod '${short}' at ${tag}.` : ''}`,
        fixes: line ? [{ title: `Add mod '${short}' (${tag})`, edits: [{ path, range: { start: model.text.length, end: model.text.length }, newText: model.text.endsWith('\n') ? line : `\n${line}` }] }] : [],
      }),
    );
  }
  return out;
}

function unusedRule(project: Project, path: string, pins: readonly Pin[]): Diagnostic[] {
  const root = path.slice(0, path.lastIndexOf('/'));
  let index;
  try {
    index = moduleIndex(project, root);
  } catch {
    return [];
  }
  const used = new Set<string>();
  for (const ref of index.allReferences()) {
    const owner = index.file(ref.path)?.module;
    const mod = ref.className.split('::')[0];
    if (owner !== mod) used.add(mod);
  }
  // Without a single class reference the repo has no manifests yet: every module would look unused.
  if (used.size === 0) return [];
  for (const p of pins) for (const d of p.version ? (dependenciesOf(p.shortName, p.version) ?? []) : []) used.add(d.name.split('/').pop()!);
  return pins
    .filter((p) => !used.has(p.shortName) && p.entry.name)
    .map((p) =>
      diag('puppetfile/unused-module', {
        range: p.entry.name!.range,
        message: `No manifest or Hiera 'classes' list uses ${p.shortName}, and no other pinned module needs it: r10k installs it for nothing. Remove it unless something outside this repo needs it.`,
        unnecessary: true,
      }),
    );
}

export function puppetfileDiagnostics(project: Project, path: string): Diagnostic[] {
  const model = puppetfileModel(project, path);
  if (!model) return [];
  const out: Diagnostic[] = [];
  for (const e of model.errors) {
    if (e.conditional) continue;
    out.push(diag('puppetfile/syntax', { range: e.range, message: e.message }));
  }
  for (const p of findPuppetfileProblems(model)) {
    out.push(diag(p.code, { range: p.range, message: p.message, ...(p.fix ? { fixes: [{ title: p.fix.title, edits: p.fix.edits.map((e) => ({ path, range: e.range, newText: e.newText })), preferred: true }] } : {}) }));
  }
  if (model.errors.some((e) => e.stage === 'parse')) return out;
  const pins = model.modules.map(pinOf).filter((p): p is Pin => p !== undefined);
  out.push(...tagRules(path, pins), ...dependencyRules(path, model, pins), ...unusedRule(project, path, pins));
  return out;
}
