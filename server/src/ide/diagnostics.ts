// Diagnostics of any file, by kind. This is the single entry point that both the language server and
// `mesos-puppet check` call, so the two always report the same thing: the repo's `.mesos-puppet.yaml` (rule
// severities, rules off, ignored files) and the file's suppression comments are applied here.

import type { Project } from '../workspace/project.js';
import type { Diagnostic } from './types.js';
import { CODES } from '../base/diagnosticCodes.js';
import { puppetfileDiagnostics, puppetfileSyntaxDiagnostics } from './puppetfile/diagnostics.js';
import { hieraDataDiagnostics, hieraDataProblems } from './hiera/diagnostics.js';
import { manifestDiagnostics, manifestSyntaxDiagnostics } from './manifest/diagnostics.js';
import { hieraConfigDiagnostics } from './hieraConfig/diagnostics.js';
import { vendoredReason } from '../workspace/vendored.js';
import { applySuppressions } from './suppressions.js';
import {
  globToRegExp,
  levelSeverity,
  REPO_CONFIG_FILE,
  repoConfigFor,
  type RepoConfig,
} from '../workspace/repoConfig.js';

export interface DiagnosticsOptions {
  /**
   * 'file': only what the file says on its own — syntax errors and the problems its parse finds — computed
   * without the module index, the key space or the cluster model, and always a part of the full set. The server
   * publishes it at once while the first module index is being prepared, and the full set ('repo', the default)
   * when the index is ready.
   */
  readonly scope?: 'file' | 'repo';
}

export function fileDiagnostics(project: Project, path: string, options: DiagnosticsOptions = {}): Diagnostic[] {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === REPO_CONFIG_FILE) return repoConfigDiagnostics(project, path);
  const root = project.repoRoot(path);
  const config = root ? repoConfigFor(project, root).config : undefined;
  if (config && root && isIgnored(config, root, path)) return [];
  // Third-party code (installed or vendored modules, test fixtures) is not the user's: only what breaks the
  // user's catalog (a manifest that does not parse) is reported there, unless mesosPuppet.includeVendored.
  const vendored = !project.currentSettings.includeVendored && vendoredReason(project, path) !== undefined;
  if (vendored && project.classify(path) !== 'puppet') return [];
  const found = options.scope === 'file' ? fileScope(project, path) : byKind(project, path);
  let diags = vendored ? found.filter((d) => d.code === 'puppet/syntax') : found;
  if (config && config.rules.size > 0) diags = withRuleLevels(diags, config);
  const text = project.readText(path);
  const out = text === undefined ? diags : [...applySuppressions(path, text, diags)];
  return out.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}

/** The problems of a control repo's `.mesos-puppet.yaml` (the folder it is in is the repo it configures). */
function repoConfigDiagnostics(project: Project, path: string): Diagnostic[] {
  const root = path.slice(0, path.lastIndexOf('/')) || '/';
  return repoConfigFor(project, root).problems.map((p) => ({
    code: 'config/invalid',
    severity: CODES['config/invalid'].severity,
    range: p.range,
    message: p.message,
  }));
}

/** Whether the repo's config ignores the file (its `ignore` globs, relative to the repo root). */
export function isIgnored(config: RepoConfig, root: string, path: string): boolean {
  if (config.ignore.length === 0 || !path.startsWith(`${root}/`)) return false;
  const rel = path.slice(root.length + 1);
  return config.ignore.some((g) => globToRegExp(g).test(rel));
}

function withRuleLevels(diags: readonly Diagnostic[], config: RepoConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of diags) {
    const level = config.rules.get(d.code);
    if (level === undefined) out.push(d);
    else {
      const severity = levelSeverity(level);
      if (severity !== undefined) out.push(severity === d.severity ? d : { ...d, severity });
    }
  }
  return out;
}

/** What a file says on its own (see DiagnosticsOptions.scope). */
function fileScope(project: Project, path: string): Diagnostic[] {
  switch (project.classify(path)) {
    case 'hiera-data':
      return hieraDataProblems(project, path);
    case 'puppet':
      return manifestSyntaxDiagnostics(project, path);
    case 'hiera-config':
      return hieraConfigDiagnostics(project, path);
    case 'puppetfile':
      return puppetfileSyntaxDiagnostics(project, path);
    default:
      return [];
  }
}

function byKind(project: Project, path: string): Diagnostic[] {
  switch (project.classify(path)) {
    case 'hiera-data':
      return hieraDataDiagnostics(project, path);
    case 'puppet':
      return manifestDiagnostics(project, path);
    case 'hiera-config':
      return hieraConfigDiagnostics(project, path);
    case 'puppetfile':
      return puppetfileDiagnostics(project, path);
    default:
      return [];
  }
}

const SEVERITY_RANK = { error: 0, warning: 1, information: 2, hint: 3 } as const;
const NOUNS = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  information: ['note', 'notes'],
  hint: ['hint', 'hints'],
} as const;

/**
 * What an editor is sent for a file that has more than `limit` diagnostics (0: no limit): `limit` in all, the
 * note included — the `limit - 1` most severe (errors, then warnings, information, hints; within a severity, the
 * first in the file), in document order, and a note at the first one left out that says how many were left out
 * and how to see them all. VS Code keeps at most 1,000 per file, most severe first, after receiving and
 * converting them all: at the default of 1,000 the note is not the one it drops, and neither side does the work.
 */
export function limitDiagnostics(all: readonly Diagnostic[], limit: number): readonly Diagnostic[] {
  if (limit <= 0 || all.length <= limit) return all;
  const kept = limit - 1;
  const order = all
    .map((_, i) => i)
    .sort((a, b) => SEVERITY_RANK[all[a].severity] - SEVERITY_RANK[all[b].severity] || a - b);
  const shown = new Uint8Array(all.length);
  for (let i = 0; i < kept; i++) shown[order[i]] = 1;
  const leftOut = { error: 0, warning: 0, information: 0, hint: 0 };
  let noteAt = -1;
  const out: Diagnostic[] = [];
  all.forEach((d, i) => {
    if (shown[i]) out.push(d);
    else {
      if (noteAt < 0) noteAt = out.length;
      leftOut[d.severity]++;
    }
  });
  const first = all[shown.indexOf(0)];
  const n = (x: number): string => x.toLocaleString('en-US');
  const kinds = (Object.keys(leftOut) as (keyof typeof leftOut)[])
    .filter((k) => leftOut[k] > 0)
    .map((k) => `${n(leftOut[k])} ${NOUNS[k][leftOut[k] === 1 ? 0 : 1]}`);
  const more = all.length - kept;
  out.splice(noteAt, 0, {
    range: { start: first.range.start, end: first.range.start },
    code: 'editor/problems-not-shown',
    severity: CODES['editor/problems-not-shown'].severity,
    message:
      `${n(more)} more problems in this file are not shown (${kinds.join(', ')}); the first of them is here. ` +
      `The editor is sent the ${n(kept)} most severe (mesosPuppet.maxDiagnosticsPerFile, ${n(limit)} with this note); \`mesos-puppet check\` lists them all.`,
  });
  return out;
}
