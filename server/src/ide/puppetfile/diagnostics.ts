// Diagnostics of a Puppetfile: syntax errors where r10k reports them, the problems that need no outside
// knowledge (syntax/puppetfile/problems.ts), and the ones that need to know the modules: a tag the module never
// had, a dependency the Puppetfile does not install, a pin that breaks another module's requirement, and a
// module that nothing uses.

import type { Project } from '../../workspace/project.js';
import { CODES, type Code } from '../../base/diagnosticCodes.js';
import { parsePuppetfile, findPuppetfileProblems } from '../../syntax/puppetfile/index.js';
import { wholeLines } from '../../syntax/puppetfile/problems.js';
import type { PuppetfileModel } from '../../syntax/puppetfile/model.js';
import {
  dependenciesOf,
  newestSatisfying,
  releasesOf,
  satisfies,
  tagFor,
} from '../../knowledge/puppetfile/releases.js';
import { resolveModulePath } from '../../workspace/moduleIndex.js';
import { repoModules } from '../../workspace/moduleSources.js';
import { resolveModules, type ResolvedRepo } from '../../knowledge/moduleResolver.js';
import { moduleUses } from '../../knowledge/moduleUses.js';
import { bundledVersions } from '../../knowledge/catalog.js';
import type { Diagnostic, Fix } from '../types.js';
import { inside, pinOf, type Pin } from '../../workspace/puppetfilePins.js';
import { defineQuery } from '../../base/queries.js';

function diag(code: Code, d: Omit<Diagnostic, 'code' | 'severity'>): Diagnostic {
  return { code, severity: CODES[code].severity, ...d };
}

/** The parsed Puppetfile at path: a query, parsed again when that file's text changes. */
const puppetfileQuery = defineQuery(
  'puppetfileModel',
  (project: Project, path: string): PuppetfileModel | undefined => {
    const text = project.readText(path);
    return text === undefined ? undefined : parsePuppetfile(text);
  },
);

/** The parsed Puppetfile at path, or undefined when it cannot be read. */
export function puppetfileModel(project: Project, path: string): PuppetfileModel | undefined {
  return project.query(puppetfileQuery, path);
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
    if (
      p.kind === 'git' &&
      p.gitUrl &&
      !p.gitUrl.value.toLowerCase().includes(rel.source.replace('https://github.com/', '').toLowerCase())
    )
      continue;
    if (tagFor(p.shortName, p.version) && (p.kind === 'forge' || rel.tags.includes(p.version))) continue;
    const candidates = p.kind === 'forge' ? rel.tags.map((t) => t.replace(/^v/, '')) : rel.tags;
    const close = closestVersion(p.version, candidates);
    const fixes: Fix[] = close
      ? [
          {
            title: `Change to '${close}'`,
            edits: [{ path, range: inside(p.versionValue), newText: close }],
            preferred: true,
          },
        ]
      : [];
    const hint =
      p.kind === 'git' && tagFor(p.shortName, p.version)
        ? ` The tag is written '${tagFor(p.shortName, p.version)}'.`
        : close
          ? ` Did you mean '${close}'?`
          : '';
    out.push(
      diag('puppetfile/unknown-tag', {
        range: p.versionValue.range,
        message: `${rel.fullName} has no ${p.kind === 'git' ? 'tag' : 'release'} '${p.version}', so r10k cannot install it (newest: ${rel.tags[rel.tags.length - 1]}).${hint}`,
        fixes,
      }),
    );
  }
  return out;
}

function dependencyRules(path: string, model: PuppetfileModel, pins: readonly Pin[], repo: ResolvedRepo): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byName = new Map(pins.map((p) => [p.shortName, p]));
  const missing = new Map<string, { needers: string[]; requirement: string; at: Pin }>();
  for (const p of pins) {
    if (!p.version) continue;
    // Only facts about the module in use: a fork's or another author's module has its own metadata.
    const needer = repo.modules.get(p.shortName);
    if (needer && (needer.fork || needer.otherAuthor)) continue;
    for (const dep of dependenciesOf(p.shortName, p.version) ?? []) {
      const short = dep.name.split('/').pop()!;
      const pinned = byName.get(short);
      const who = `${p.shortName} ${p.version}`;
      const wantedAuthor = dep.name.includes('/') ? dep.name.split('/')[0].toLowerCase() : undefined;
      if (pinned?.entry.author && wantedAuthor && pinned.entry.author.toLowerCase() !== wantedAuthor) continue;
      if (!pinned) {
        // Installed in the repo, locked or a submodule: present, though not in the Puppetfile.
        if (repo.kind === 'librarian' || repo.modules.get(short)?.sources.some((s) => s.kind !== 'metadata')) continue;
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
        fixes: line
          ? [
              {
                title: `Add mod '${short}' (${tag})`,
                edits: [
                  {
                    path,
                    range: { start: model.text.length, end: model.text.length },
                    newText: model.text.endsWith('\n') ? line : `\n${line}`,
                  },
                ],
              },
            ]
          : [],
      }),
    );
  }
  return out;
}

function unusedRule(
  project: Project,
  root: string,
  path: string,
  text: string,
  pins: readonly Pin[],
  repo: ResolvedRepo,
): Diagnostic[] {
  let uses;
  try {
    uses = moduleUses(project, root, repoModules(project, root, resolveModulePath(project, root)));
  } catch {
    return [];
  }
  // Without a single use the repo has no manifests yet: every module would look unused.
  if (uses.size === 0) return [];
  // A pinned module whose dependencies we do not know may need any of the others: then nothing is "unused".
  const unknownDependencies = pins.some((p) => {
    const m = repo.modules.get(p.shortName);
    if (!m || m.fork || m.otherAuthor) return true;
    return m.facts === 'none' && releasesOf(p.shortName) === undefined;
  });
  if (unknownDependencies) return [];
  const used = new Set(uses.keys());
  for (const p of pins)
    for (const d of p.version ? (dependenciesOf(p.shortName, p.version) ?? []) : []) used.add(d.name.split('/').pop()!);
  return pins
    .filter((p) => {
      if (used.has(p.shortName) || !p.entry.name) return false;
      // Silent when unsure: a module we know nothing about may provide types or functions under any name.
      const m = repo.modules.get(p.shortName);
      if (!m || m.fork || m.otherAuthor) return false;
      return m.facts !== 'none' || releasesOf(p.shortName) !== undefined || bundledVersions(p.shortName).length > 0;
    })
    .map((p) => {
      // An entry a loop made shares its line with the others: no removal is offered.
      const lines = p.entry.evaluated ? undefined : wholeLines(text, p.entry.range);
      return diag('puppetfile/unused-module', {
        range: p.entry.name!.range,
        message: `Nothing in this repo uses ${p.shortName} (no class, defined type, resource type, function, template or Hiera key of it), and no other module needs it: r10k installs it for nothing. Remove it unless something outside this repo needs it.`,
        unnecessary: true,
        ...(lines
          ? {
              fixes: [
                {
                  title: `Remove mod '${p.entry.fullName ?? p.shortName}'`,
                  edits: [{ path, range: lines, newText: '' }],
                },
              ],
            }
          : {}),
      });
    });
}

/** One note per module the repo uses but cannot check: not installed, and no bundled facts of it. */
function notCheckedRule(project: Project, root: string, repo: ResolvedRepo): Diagnostic[] {
  const out: Diagnostic[] = [];
  let uses: Map<string, string[]> | undefined;
  for (const m of repo.modules.values()) {
    const pin = m.sources.find((s) => s.kind === 'puppetfile');
    if (m.facts !== 'none' || m.from !== 'puppetfile' || !pin?.range) continue;
    uses ??= moduleUses(project, root, repoModules(project, root, resolveModulePath(project, root)));
    const used = (uses.get(m.name) ?? []).filter((u) => !u.startsWith('dependency of') && !u.startsWith('Hiera key'));
    if (used.length === 0) continue;
    out.push(
      diag('puppetfile/module-not-checked', {
        range: pin.range,
        message: `The repo uses ${m.name} (${used.slice(0, 3).join(', ')}), but it is not installed here and no facts about ${m.fork ? 'this fork' : m.otherAuthor ? `${m.fullName}` : `this version (${m.versionText})`} are bundled: its classes and parameters are not checked.`,
      }),
    );
  }
  return out;
}

/**
 * What librarian-puppet accepts and r10k refuses: the `metadata` directive, version ranges, a version and options
 * together (`mod 'a/b', '>= 1.0', :path => 'b'`), :path, an http forge (test/oracle/puppetfile-librarian.test.ts).
 */
function librarianAccepts(code: string, message: string): boolean {
  return (
    (code === 'puppetfile/syntax' &&
      (/^Unrecognized declaration 'metadata'/.test(message) ||
        /^`mod` takes a module name and then either a version or options/.test(message))) ||
    code === 'puppetfile/version-range' ||
    code === 'puppetfile/http-forge' ||
    (code === 'puppetfile/unknown-option' && /librarian-puppet option/.test(message)) ||
    code === 'puppetfile/no-source'
  );
}

/**
 * A Forge module written without its author, when the module is one we know: the message names its real author
 * (not a guess) and the fix writes it.
 */
function authorFix(
  path: string,
  model: PuppetfileModel,
  range: { start: number; end: number },
): Omit<Diagnostic, 'code' | 'severity'> | undefined {
  const entry = model.modules.find((m) => m.name?.range.start === range.start);
  const name = entry?.name;
  if (
    !entry ||
    !name ||
    name.kind !== 'string' ||
    entry.author !== undefined ||
    entry.shortName === undefined ||
    entry.options.length > 0
  )
    return undefined;
  const full = releasesOf(entry.shortName)?.fullName.replace('-', '/');
  if (!full) return undefined;
  return {
    range,
    message: `A Forge module needs its author: write '${full}', or give a source such as :git => 'https://...'.`,
    fixes: [{ title: `Change to '${full}'`, edits: [{ path, range: inside(name), newText: full }], preferred: true }],
  };
}

/**
 * The Puppetfile's syntax errors, without the repo's modules: those librarian-puppet accepts are left out (the
 * full check shows them for r10k repos only), so this is always a part of puppetfileDiagnostics.
 */
export function puppetfileSyntaxDiagnostics(project: Project, path: string): Diagnostic[] {
  const model = puppetfileModel(project, path);
  if (!model) return [];
  return model.errors
    .filter((e) => !e.conditional)
    .map((e) => diag('puppetfile/syntax', { range: e.range, message: e.message }))
    .filter((d) => !librarianAccepts(d.code, d.message));
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
    const known = p.code === 'puppetfile/module-name' && !p.fix ? authorFix(path, model, p.range) : undefined;
    if (known) {
      out.push(diag(p.code, known));
      continue;
    }
    out.push(
      diag(p.code, {
        range: p.range,
        message: p.message,
        ...(p.fix
          ? {
              fixes: [
                {
                  title: p.fix.title,
                  edits: p.fix.edits.map((e) => ({ path, range: e.range, newText: e.newText })),
                  preferred: true,
                },
              ],
            }
          : {}),
      }),
    );
  }
  const root = path.slice(0, path.lastIndexOf('/')) || '/';
  const repo = resolveModules(project, root);
  // A module repository's Puppetfile is a development file (for its tests), not a control repo's.
  if (repo.kind === 'module')
    return out.filter((d) => d.code === 'puppetfile/syntax' && !librarianAccepts(d.code, d.message));
  const librarian = repo.kind === 'librarian';
  const shown = librarian ? out.filter((d) => !librarianAccepts(d.code, d.message)) : out;
  if (model.errors.some((e) => e.stage === 'parse')) return shown;
  const pins = model.modules.map(pinOf).filter((p): p is Pin => p !== undefined);
  shown.push(
    ...tagRules(path, pins),
    ...dependencyRules(path, model, pins, repo),
    ...notCheckedRule(project, root, repo),
  );
  // librarian-puppet installs the dependencies itself; "unused" is about what r10k installs for nothing.
  if (!librarian) shown.push(...unusedRule(project, root, path, model.text, pins, repo));
  return shown;
}
