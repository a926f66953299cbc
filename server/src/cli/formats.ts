// How `mesos-puppet check` prints its report: text for people, JSON for scripts, SARIF 2.1.0 for code-scanning
// dashboards, and GitHub Actions workflow commands (annotations on the pull request's lines).

import { CODES, type Severity } from '../base/diagnosticCodes.js';
import { hasSafeFix } from '../ide/fixes.js';
import type { Code } from '../base/diagnosticCodes.js';

export interface CheckedDiagnostic {
  /** Relative to the working directory, with forward slashes. */
  readonly file: string;
  /** 0-based, end exclusive, characters in UTF-16 code units (as LSP). */
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
}

export interface CheckReport {
  readonly files: number;
  readonly diagnostics: CheckedDiagnostic[];
}

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;

const VERSION = '0.1.0';

export function formatText(report: CheckReport): string {
  const lines = report.diagnostics.map(
    (d) => `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} [${d.code}] ${d.message}`,
  );
  const count = (s: Severity): number => report.diagnostics.filter((d) => d.severity === s).length;
  const e = count('error');
  const w = count('warning');
  const i = count('information') + count('hint');
  lines.push(
    `${report.files} file${report.files === 1 ? '' : 's'} checked: ${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}, ${i} note${i === 1 ? '' : 's'}.`,
  );
  return lines.join('\n');
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** A SARIF 2.1.0 log: one run, the whole catalogue as the driver's rules, one result per diagnostic. */
export function formatSarif(report: CheckReport): string {
  const codes = Object.keys(CODES) as Code[];
  const ruleIndex = new Map(codes.map((c, i) => [c as string, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mesos-puppet',
            version: VERSION,
            rules: codes.map((code) => ({
              id: code,
              shortDescription: { text: CODES[code].summary },
              defaultConfiguration: { level: SARIF_LEVEL[CODES[code].severity] },
              properties: { fixable: hasSafeFix(code) },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: report.diagnostics.map((d) => ({
          ruleId: d.code,
          ...(ruleIndex.has(d.code) ? { ruleIndex: ruleIndex.get(d.code) } : {}),
          level: SARIF_LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(d.file), uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: d.range.start.line + 1,
                  startColumn: d.range.start.character + 1,
                  endLine: d.range.end.line + 1,
                  endColumn: d.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

const GITHUB_COMMAND: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  information: 'notice',
  hint: 'notice',
};

/** Escapes a workflow command's message (`%`, CR, LF). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (also `:` and `,`, which end a property). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions annotations, one `::error file=…,line=…::message` per diagnostic (1-based; the end column is the last character's). */
export function formatGithub(report: CheckReport): string {
  return report.diagnostics
    .map((d) => {
      const { start, end } = d.range;
      const endColumn = Math.max(end.character, start.line === end.line ? start.character + 1 : 1);
      const props = [
        `file=${escapeProperty(d.file)}`,
        `line=${d.range.start.line + 1}`,
        `col=${d.range.start.character + 1}`,
        `endLine=${d.range.end.line + 1}`,
        `endColumn=${endColumn}`,
        `title=${escapeProperty(d.code)}`,
      ];
      return `::${GITHUB_COMMAND[d.severity]} ${props.join(',')}::${escapeData(d.message)}`;
    })
    .join('\n');
}
