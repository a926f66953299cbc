// `mesos-puppet check [--format text|json] [PATH...]`: every diagnostic the language server finds (it sends an
// editor at most mesosPuppet.maxDiagnosticsPerFile of them per file; this reports all), for every Puppet
// manifest, Hiera file and Puppetfile under the given paths. Exit 0 without errors, 1 with errors, 2 on a usage
// or I/O problem. `--list-rules` prints the catalogue of codes instead.

import { resolve, relative } from 'node:path';
import { LineIndex } from '../../base/lineIndex.js';
import { nodeFileSystem } from '../../workspace/nodeFileSystem.js';
import { Project } from '../../workspace/project.js';
import { findControlRepoRoot, walkFiles } from '../../workspace/files.js';
import { fileDiagnostics } from '../../ide/diagnostics.js';
import type { Diagnostic } from '../../ide/types.js';
import { CODES, type Severity } from '../../base/diagnosticCodes.js';
import { oneOf, UsageError, type CommandSpec, type ParsedArgs } from '../args.js';
import { IoError } from '../errors.js';

export interface CheckedDiagnostic {
  readonly file: string;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
}

export interface CheckReport {
  readonly files: number;
  readonly diagnostics: CheckedDiagnostic[];
}

export interface CheckOptions {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly modulePath?: readonly string[];
}

export function runCheck(opts: CheckOptions): CheckReport | { error: string } {
  const fs = nodeFileSystem;
  const targets = (opts.paths.length > 0 ? opts.paths : ['.']).map((p) => resolve(opts.cwd, p));
  for (const t of targets) if (!fs.exists(t)) return { error: `${relative(opts.cwd, t) || t}: no such file or directory` };
  const files = [...new Set(targets.flatMap((t) => walkFiles(fs, t)))];
  const roots = [...new Set(files.map((f) => findControlRepoRoot(fs, f) ?? (fs.isDirectory(targets[0]) ? targets[0] : resolve(targets[0], '..'))))];
  const project = new Project(fs, roots, { modulePath: opts.modulePath ?? [] });
  const report: CheckReport = { files: 0, diagnostics: [] };
  let counted = 0;
  for (const file of files) {
    if (project.classify(file) === 'other') continue;
    counted++;
    const diags: Diagnostic[] = fileDiagnostics(project, file);
    if (diags.length === 0) continue;
    const index = new LineIndex(project.readText(file) ?? '');
    for (const d of diags) {
      report.diagnostics.push({ file: relative(opts.cwd, file), range: index.range(d.range), severity: d.severity, code: d.code, message: d.message });
    }
  }
  return { ...report, files: counted };
}

export function formatText(report: CheckReport): string {
  const lines = report.diagnostics.map((d) => `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} [${d.code}] ${d.message}`);
  const count = (s: Severity): number => report.diagnostics.filter((d) => d.severity === s).length;
  const e = count('error');
  const w = count('warning');
  const i = count('information') + count('hint');
  lines.push(`${report.files} file${report.files === 1 ? '' : 's'} checked: ${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}, ${i} note${i === 1 ? '' : 's'}.`);
  return lines.join('\n');
}

/** The catalogue of codes, one line each (text) or one object each (JSON). */
export function formatRules(format: 'text' | 'json'): string {
  const rules = Object.entries(CODES).map(([code, info]) => ({ code, severity: info.severity, summary: info.summary }));
  if (format === 'json') return JSON.stringify(rules, null, 2);
  const width = Math.max(...rules.map((r) => r.code.length));
  return rules.map((r) => `${r.code.padEnd(width)}  ${r.severity.padEnd(11)}  ${r.summary}`).join('\n');
}

function checkCommand(a: ParsedArgs): number {
  const format = oneOf('format', a.values.get('format')?.at(-1), ['text', 'json'] as const, 'text');
  if (a.flags.has('list-rules')) {
    if (a.positional.length > 0) throw new UsageError('--list-rules takes no paths');
    process.stdout.write(`${formatRules(format)}\n`);
    return 0;
  }
  const modulePath = (a.values.get('module-path') ?? []).flatMap((v) => v.split(':').filter(Boolean));
  const result = runCheck({ cwd: process.cwd(), paths: a.positional, modulePath });
  if ('error' in result) throw new IoError(result.error);
  process.stdout.write(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : `${formatText(result)}\n`);
  return result.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

export const CHECK: CommandSpec = {
  name: 'check',
  summary: 'Report the problems of a control repo\'s manifests, Hiera files and Puppetfile.',
  synopsis: ['check [options] [PATH...]', 'check --list-rules [--format text|json]'],
  description: `Report the problems in every Puppet manifest, Hiera file and Puppetfile under PATH (default: .).
Exit 0 without errors, 1 with errors, 2 on usage or I/O failure.`,
  options: {
    format: { value: 'text|json', help: 'How to print the problems (default: text).' },
    'module-path': { value: 'DIR[:DIR...]', repeatable: true, help: "Module folders to index after the control repo's own modulepath." },
    'list-rules': { help: 'List every diagnostic code with its severity and what it means, instead of checking.' },
  },
  run: checkCommand,
};
