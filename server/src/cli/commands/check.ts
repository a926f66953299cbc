// `mesos-puppet check [options] [PATH...]`: every diagnostic the language server finds (it sends an editor at
// most mesosPuppet.maxDiagnosticsPerFile of them per file; this reports all), for every Puppet manifest, Hiera
// file, Puppetfile and .mesos-puppet.yaml under the given paths, through the same entry point. Exit 0 without
// problems at the --fail-on level (default: errors), 1 with some, 2 on a usage or I/O problem or when there is
// nothing to check. `--fix` applies the safe fixes (ide/fixes.ts) to the files it checks, `--fix-dry-run` prints
// them as a diff; `--list-rules` prints the catalogue of codes instead.

import { writeFileSync } from 'node:fs';
import { resolve, relative, sep } from 'node:path';
import { LineIndex } from '../../base/lineIndex.js';
import { nodeFileSystem } from '../../workspace/nodeFileSystem.js';
import { Project } from '../../workspace/project.js';
import { findControlRepoRoot, walkFiles } from '../../workspace/files.js';
import { parseRepoConfig, REPO_CONFIG_FILE } from '../../workspace/repoConfig.js';
import { fileDiagnostics } from '../../ide/diagnostics.js';
import { safeFix, hasSafeFix, applyEdits } from '../../ide/fixes.js';
import type { Diagnostic, TextEdit } from '../../ide/types.js';
import { CODES, isCode, type Severity } from '../../base/diagnosticCodes.js';
import { oneOf, UsageError, type CommandSpec, type ParsedArgs } from '../args.js';
import { explainModules, formatExplanation, type RepoExplanation } from '../../ide/shared/explainModules.js';
import { IoError } from '../errors.js';
import { confineCliReads, modulePathOption, reportSkippedFiles } from '../readScope.js';
import { FORMATS, formatGithub, formatSarif, formatText, type CheckReport } from '../formats.js';
import { unifiedDiff } from '../diff.js';

export type { CheckedDiagnostic, CheckReport } from '../formats.js';

export interface CheckOptions {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly modulePath?: readonly string[];
  /** Report only these codes (empty: all). */
  readonly only?: ReadonlySet<string>;
  /** Leave these codes out. */
  readonly skip?: ReadonlySet<string>;
  /** Report inside installed and vendored third-party modules too (mesosPuppet.includeVendored). */
  readonly includeVendored?: boolean;
  /** A folder of node facts (`<certname>.yaml` or `.json`), over the repo's `.mesos-puppet.yaml` facts. */
  readonly factsDir?: string;
}

export interface FixedProblem {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly title: string;
}

const WHAT = 'Puppet manifest, Hiera data file, hiera.yaml, Puppetfile or .mesos-puppet.yaml';

/** The files to check and the project that reads them. Throws IoError for a missing path or nothing to check. */
function collect(opts: CheckOptions): { project: Project; files: string[] } {
  const fs = nodeFileSystem;
  const given = opts.paths.length > 0 ? opts.paths : ['.'];
  const targets = given.map((p) => resolve(opts.cwd, p));
  targets.forEach((t, i) => {
    if (!fs.exists(t)) throw new IoError(`${given[i]}: no such file or directory`);
  });
  const modulePath = (opts.modulePath ?? []).map((d) => resolve(opts.cwd, d));
  (opts.modulePath ?? []).forEach((d, i) => {
    if (!fs.isDirectory(modulePath[i])) throw new IoError(`--module-path ${d}: no such folder`);
  });
  const factsDir = opts.factsDir === undefined ? undefined : resolve(opts.cwd, opts.factsDir);
  if (factsDir !== undefined && !fs.isDirectory(factsDir))
    throw new IoError(`--facts ${opts.factsDir}: no such folder`);
  // Nothing outside what the user named is read: the paths, the module path, the facts folder; then also the
  // control repo each checked file belongs to (its hiera.yaml and data may lie above a checked file).
  const named = [...targets, ...(factsDir ? [factsDir] : [])];
  confineCliReads(named, modulePath);
  const walked = targets.map((t) => walkFiles(fs, t));
  const rootOf = (f: string): string =>
    findControlRepoRoot(fs, f) ?? (fs.isDirectory(targets[0]) ? targets[0] : resolve(targets[0], '..'));
  const roots = [...new Set(walked.flat().map(rootOf))];
  confineCliReads([...named, ...roots], modulePath);
  // Each repo's .mesos-puppet.yaml: its module folders join the modulepath, and it is checked when a target holds it.
  const configs: string[] = [];
  const repoFolders: string[] = [];
  for (const root of roots) {
    const path = `${root === '/' ? '' : root}/${REPO_CONFIG_FILE}`;
    const text = fs.readFile(path);
    if (text === undefined) continue;
    const config = parseRepoConfig(text).config;
    for (const d of config.modulePath) modulePath.push(resolve(root, d));
    // The repo's own configuration names folders to read as the command line does: module folders, node facts.
    if (config.facts !== undefined) repoFolders.push(resolve(root, config.facts));
    if (targets.some((t) => t === path || (fs.isDirectory(t) && (root === t || root.startsWith(`${t}/`)))))
      configs.push(path);
  }
  confineCliReads([...named, ...roots, ...repoFolders], modulePath);
  const project = new Project(fs, roots, {
    modulePath: [...new Set(modulePath)],
    includeVendored: opts.includeVendored ?? false,
    ...(factsDir ? { factsDir } : {}),
  });
  const files: string[] = [];
  walked.forEach((list, i) => {
    const checkable = list.filter((f) => project.classify(f) !== 'other' || f.endsWith(`/${REPO_CONFIG_FILE}`));
    if (checkable.length === 0 && !configs.some((c) => c === targets[i] || c.startsWith(`${targets[i]}/`))) {
      throw new IoError(
        fs.isDirectory(targets[i])
          ? `nothing to check: ${given[i]} holds no ${WHAT}`
          : `nothing to check: ${given[i]} is not a ${WHAT}`,
      );
    }
    files.push(...checkable);
  });
  return { project, files: [...new Set([...files, ...configs])] };
}

function filtered(project: Project, file: string, opts: CheckOptions): Diagnostic[] {
  return fileDiagnostics(project, file).filter(
    (d) => (!opts.only || opts.only.size === 0 || opts.only.has(d.code)) && !opts.skip?.has(d.code),
  );
}

function display(cwd: string, file: string): string {
  return (relative(cwd, file) || file).split(sep).join('/');
}

function report(project: Project, files: readonly string[], opts: CheckOptions): CheckReport {
  const out: CheckReport = { files: files.length, diagnostics: [] };
  for (const file of files) {
    const diags = filtered(project, file, opts);
    if (diags.length === 0) continue;
    const index = new LineIndex(project.readText(file) ?? '');
    for (const d of diags)
      out.diagnostics.push({
        file: display(opts.cwd, file),
        range: index.range(d.range),
        severity: d.severity,
        code: d.code,
        message: d.message,
      });
  }
  return out;
}

/** `--explain-modules`: which module, which version, from where, for the control repo of each path. */
export function runExplain(opts: CheckOptions): RepoExplanation[] | { error: string } {
  const fs = nodeFileSystem;
  const targets = (opts.paths.length > 0 ? opts.paths : ['.']).map((p) => resolve(opts.cwd, p));
  for (const t of targets)
    if (!fs.exists(t)) return { error: `${relative(opts.cwd, t) || t}: no such file or directory` };
  const roots = [
    ...new Set(targets.map((t) => findControlRepoRoot(fs, t) ?? (fs.isDirectory(t) ? t : resolve(t, '..')))),
  ];
  const modulePath = (opts.modulePath ?? []).map((d) => resolve(opts.cwd, d));
  confineCliReads([...targets, ...roots], modulePath);
  const project = new Project(fs, roots, { modulePath });
  return roots.map((r) => explainModules(project, r));
}

/**
 * Applies the safe fixes to the checked files, in the project's overlay (nothing is written here), pass after
 * pass until none is left (a fix can make another finding's text change). A fix with an edit in a file that
 * is not being checked is left alone. Returns what was fixed and the changed files' original texts.
 */
function fixAll(
  project: Project,
  files: readonly string[],
  opts: CheckOptions,
): { fixed: FixedProblem[]; originals: Map<string, string> } {
  const checked = new Set(files);
  const fixed: FixedProblem[] = [];
  const originals = new Map<string, string>();
  for (let pass = 0; pass < 10; pass++) {
    let changed = false;
    for (const file of files) {
      const text = project.readText(file);
      if (text === undefined) continue;
      const chosen: Array<{ d: Diagnostic; title: string; edits: readonly TextEdit[] }> = [];
      for (const d of filtered(project, file, opts)) {
        const fix = safeFix(d);
        if (!fix || fix.edits.length === 0 || !fix.edits.every((e) => e.path === file && checked.has(e.path))) continue;
        chosen.push({ d, title: fix.title, edits: fix.edits });
      }
      if (chosen.length === 0) continue;
      // Whole fixes only: a fix whose edits overlap an earlier one waits for the next pass.
      const taken: TextEdit[] = [];
      const index = new LineIndex(text);
      for (const c of chosen) {
        if (
          c.edits.some(
            (e) =>
              taken.some((t) => e.range.start < t.range.end && t.range.start < e.range.end) ||
              taken.some((t) => t.range.start === e.range.start),
          )
        )
          continue;
        taken.push(...c.edits);
        fixed.push({
          file: display(opts.cwd, file),
          line: index.position(c.d.range.start).line + 1,
          code: c.d.code,
          title: c.title,
        });
      }
      const next = applyEdits(text, taken).text;
      if (next === text) continue;
      if (!originals.has(file)) originals.set(file, text);
      project.setOpenText(file, next);
      changed = true;
    }
    if (!changed) break;
  }
  return { fixed, originals };
}

const FAIL_ON = ['error', 'warning', 'note'] as const;
const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 2 };

function codeList(option: string, values: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const v of values
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (!isCode(v))
      throw new UsageError(`--${option} ${v}: no such rule (\`mesos-puppet check --list-rules\` lists them)`);
    out.add(v);
  }
  return out;
}

/** The catalogue of codes, one line each (text) or one object each (JSON). */
export function formatRules(format: 'text' | 'json'): string {
  const rules = Object.entries(CODES).map(([code, info]) => ({ code, severity: info.severity, summary: info.summary }));
  if (format === 'json')
    return JSON.stringify(
      rules.map((r) => ({ ...r, fixable: hasSafeFix(r.code as keyof typeof CODES) })),
      null,
      2,
    );
  const width = Math.max(...rules.map((r) => r.code.length));
  return rules
    .map(
      (r) =>
        `${r.code.padEnd(width)}  ${r.severity.padEnd(11)}  ${r.summary}${hasSafeFix(r.code as keyof typeof CODES) ? ' (--fix)' : ''}`,
    )
    .join('\n');
}

function checkCommand(a: ParsedArgs): number {
  reportSkippedFiles();
  const format = oneOf('format', a.values.get('format')?.at(-1), FORMATS, 'text');
  if (a.flags.has('list-rules')) {
    if (a.positional.length > 0) throw new UsageError('--list-rules takes no paths');
    if (format !== 'text' && format !== 'json') throw new UsageError('--list-rules prints text or json');
    process.stdout.write(`${formatRules(format)}\n`);
    return 0;
  }
  const failOn = oneOf('fail-on', a.values.get('fail-on')?.at(-1), FAIL_ON, 'error');
  const fix = a.flags.has('fix');
  const dryRun = a.flags.has('fix-dry-run');
  if (fix && dryRun)
    throw new UsageError('--fix writes the files and --fix-dry-run only shows the diff: give one of them');
  const cwd = process.cwd();
  if (a.flags.has('explain-modules')) {
    const explained = runExplain({
      cwd,
      paths: a.positional,
      modulePath: modulePathOption(a.values.get('module-path')),
    });
    if ('error' in explained) throw new IoError(explained.error);
    const rel = (path: string): string => relative(cwd, path);
    process.stdout.write(
      format === 'json'
        ? `${JSON.stringify(explained, null, 2)}\n`
        : `${explained.map((e) => formatExplanation(e, rel)).join('\n\n')}\n`,
    );
    return 0;
  }
  const opts: CheckOptions = {
    cwd,
    paths: a.positional,
    modulePath: modulePathOption(a.values.get('module-path')),
    only: codeList('rule', a.values.get('rule') ?? []),
    skip: codeList('ignore', a.values.get('ignore') ?? []),
    includeVendored: a.flags.has('include-vendored'),
    ...(a.values.get('facts') ? { factsDir: a.values.get('facts')!.at(-1)! } : {}),
  };
  const { project, files } = collect(opts);
  let fixed: FixedProblem[] = [];
  const out: string[] = [];
  const diffs: Record<string, string> = {};
  if (fix || dryRun) {
    const r = fixAll(project, files, opts);
    fixed = r.fixed;
    for (const [file, before] of r.originals) {
      const after = project.readText(file) ?? before;
      if (dryRun) diffs[display(cwd, file)] = unifiedDiff(display(cwd, file), before, after);
      else {
        try {
          writeFileSync(file, after);
        } catch (e) {
          throw new IoError(`cannot write ${display(cwd, file)}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
  }
  const result = report(project, files, opts);
  // The diff goes first in text; inside the object in JSON; on stderr beside SARIF and annotations.
  const diffText = Object.values(diffs).join('');
  if (format === 'text' && diffText) out.push(diffText.trimEnd());
  else if (diffText && format !== 'json') process.stderr.write(diffText);
  if (format === 'json')
    out.push(JSON.stringify(fix ? { ...result, fixed } : dryRun ? { ...result, fixed, diffs } : result, null, 2));
  else if (format === 'sarif') out.push(formatSarif(result));
  else if (format === 'github') {
    const lines = formatGithub(result);
    if (lines) out.push(lines);
  } else {
    for (const f of fixed) out.push(`${f.file}:${f.line}: ${dryRun ? 'would fix' : 'fixed'} [${f.code}] ${f.title}`);
    out.push(
      formatText(result) +
        (fix || dryRun
          ? ` ${fixed.length} problem${fixed.length === 1 ? '' : 's'} ${dryRun ? 'would be ' : ''}fixed.`
          : ''),
    );
  }
  const text = out.filter((s) => s !== '').join('\n');
  process.stdout.write(text ? `${text}\n` : '');
  return result.diagnostics.some((d) => RANK[d.severity] <= RANK[failOn === 'note' ? 'information' : failOn]) ? 1 : 0;
}

export const CHECK: CommandSpec = {
  name: 'check',
  summary: "Report the problems of a control repo's manifests, Hiera files and Puppetfile.",
  synopsis: [
    'check [options] [PATH...]',
    'check --list-rules [--format text|json]',
    'check --explain-modules [--format text|json] [PATH...]',
  ],
  description: `Report the problems in every Puppet manifest, Hiera file, Puppetfile and .mesos-puppet.yaml under PATH
(default: .). Exit 0 without problems at the --fail-on level, 1 with some, 2 on usage or I/O failure or when
there is nothing to check. Silence a finding with '# mesos-puppet: disable-line CODE' (or disable-next-line,
disable-file); configure rules per repo in .mesos-puppet.yaml.`,
  options: {
    format: {
      value: 'text|json|sarif|github',
      help: 'text (default), json, SARIF 2.1.0, or GitHub Actions annotations.',
    },
    'module-path': {
      value: 'DIR[:DIR...]',
      repeatable: true,
      help: "Module folders to index after the control repo's own modulepath.",
    },
    'fail-on': {
      value: 'error|warning|note',
      help: 'The least severe problem that makes the exit code 1 (default: error).',
    },
    rule: { value: 'CODE', repeatable: true, help: 'Report only this rule (codes as --list-rules prints them).' },
    ignore: { value: 'CODE', repeatable: true, help: 'Leave this rule out.' },
    fix: { help: 'Apply the safe fixes (--list-rules marks them) to the checked files, then report what is left.' },
    'fix-dry-run': { help: 'Print the safe fixes as a unified diff; write nothing.' },
    'list-rules': { help: 'List every diagnostic code with its severity and what it means, instead of checking.' },
    facts: {
      value: 'DIR',
      help: "A folder of node facts, <certname>.yaml or .json (Facter's output or a Puppet server's cache), for the rules that need a node's OS; over .mesos-puppet.yaml's facts.",
    },
    'include-vendored': {
      help: 'Also report inside installed and vendored third-party modules (by default only their syntax errors).',
    },
    'explain-modules': {
      help: 'For the control repo of each PATH, say which module, which version, from where and why, instead of checking.',
    },
  },
  run: checkCommand,
};
