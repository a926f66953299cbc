// Inline suppression comments, the same in Hiera YAML, Puppet manifests and Puppetfiles (all three comment with
// `#`):
//
//   # mesos-puppet: disable-next-line CODE[, CODE...]   the next line
//   key: value # mesos-puppet: disable-line CODE         this line
//   # mesos-puppet: disable-file CODE                    the whole file
//
// Text after ` -- ` is a reason and is not read. A comment that silences nothing, or names a code that does not
// exist, is itself reported as a note, so stale suppressions do not pile up. Applied in ide/diagnostics.ts, the
// one entry point, so the editor and `mesos-puppet check` agree.

import { CODES, isCode, type Code } from '../base/diagnosticCodes.js';
import { LineIndex } from '../base/lineIndex.js';
import type { TextRange } from '../base/textRange.js';
import type { Diagnostic, Fix } from './types.js';

export const SUPPRESSION_MARK = 'mesos-puppet:';

type Kind = 'disable-line' | 'disable-next-line' | 'disable-file';

interface Directive {
  readonly kind: Kind;
  /** The line it applies to (disable-line, disable-next-line). */
  readonly line: number;
  readonly codes: ReadonlyArray<{ readonly code: string; readonly range: TextRange }>;
  /** The whole comment, from its '#' to the end of the line. */
  readonly comment: TextRange;
}

const COMMENT = /(^|[ \t])#[ \t]*mesos-puppet:[ \t]*([^\r\n]*)/gm;

function note(code: Code, range: TextRange, message: string, fixes?: Fix[]): Diagnostic {
  return { code, severity: CODES[code].severity, range, message, ...(fixes ? { fixes } : {}) };
}

/**
 * The fix the notes about a comment propose: take the code out of the comment, or the whole comment when it is
 * its only code (its line too, when the comment is alone on it).
 */
function removeCode(path: string, text: string, dir: Directive, j: number): Fix {
  const c = dir.codes[j];
  if (dir.codes.length > 1) {
    const range =
      j > 0
        ? { start: dir.codes[j - 1].range.end, end: c.range.end }
        : { start: c.range.start, end: dir.codes[1].range.start };
    return { title: `Remove ${c.code} from this comment`, edits: [{ path, range, newText: '' }], preferred: true };
  }
  const lineStart = text.lastIndexOf('\n', dir.comment.start - 1) + 1;
  const before = text.slice(lineStart, dir.comment.start);
  let range: TextRange;
  if (before.trim() === '') {
    const nl = text.indexOf('\n', dir.comment.end);
    range = { start: lineStart, end: nl < 0 ? text.length : nl + 1 };
  } else range = { start: lineStart + before.trimEnd().length, end: dir.comment.end };
  return { title: 'Remove this mesos-puppet comment', edits: [{ path, range, newText: '' }], preferred: true };
}

/** The diagnostics left once the file's suppression comments are applied, with notes about the comments. */
export function applySuppressions(path: string, text: string, diags: readonly Diagnostic[]): readonly Diagnostic[] {
  if (!text.includes(SUPPRESSION_MARK)) return diags;
  const index = new LineIndex(text);
  const directives: Directive[] = [];
  const notes: Diagnostic[] = [];
  for (const m of text.matchAll(COMMENT)) {
    const bodyStart = m.index + m[0].length - m[2].length;
    const body = m[2].replace(/\s+--\s.*$|\s+--$/, '');
    const kindMatch = /^(disable-next-line|disable-line|disable-file)\b/.exec(body);
    const commentRange = { start: m.index + m[1].length, end: m.index + m[0].length };
    if (!kindMatch) {
      notes.push(
        note(
          'suppression/malformed',
          commentRange,
          "This mesos-puppet comment is not read: write '# mesos-puppet: disable-next-line CODE', 'disable-line CODE' or 'disable-file CODE' (codes separated by commas).",
        ),
      );
      continue;
    }
    const codes: Array<{ code: string; range: TextRange }> = [];
    const rest = body.slice(kindMatch[0].length);
    for (const c of rest.matchAll(/[^\s,]+/g)) {
      const start = bodyStart + kindMatch[0].length + c.index;
      codes.push({ code: c[0], range: { start, end: start + c[0].length } });
    }
    if (codes.length === 0) {
      notes.push(
        note(
          'suppression/malformed',
          commentRange,
          `'${kindMatch[1]}' needs the codes it silences, e.g. '# mesos-puppet: ${kindMatch[1]} hiera/unknown-key'; \`mesos-puppet check --list-rules\` lists them.`,
        ),
      );
      continue;
    }
    const line = index.position(m.index).line;
    directives.push({
      kind: kindMatch[1] as Kind,
      line: kindMatch[1] === 'disable-next-line' ? line + 1 : line,
      codes,
      comment: commentRange,
    });
  }
  if (directives.length === 0) return notes.length === 0 ? diags : [...diags, ...notes];
  const used = directives.map((d) => d.codes.map(() => false));
  const kept = diags.filter((d) => {
    let line = -1;
    let silenced = false;
    directives.forEach((dir, i) => {
      dir.codes.forEach((c, j) => {
        if (c.code !== d.code) return;
        if (dir.kind !== 'disable-file') {
          if (line < 0) line = index.position(d.range.start).line;
          if (line !== dir.line) return;
        }
        used[i][j] = true;
        silenced = true;
      });
    });
    return !silenced;
  });
  directives.forEach((dir, i) =>
    dir.codes.forEach((c, j) => {
      if (!isCode(c.code))
        notes.push(
          note(
            'suppression/unknown-code',
            c.range,
            `'${c.code}' is not a mesos-puppet code, so this comment silences nothing: remove it (\`mesos-puppet check --list-rules\` lists the codes).`,
            [removeCode(path, text, dir, j)],
          ),
        );
      else if (!used[i][j]) {
        const where =
          dir.kind === 'disable-file'
            ? 'in this file'
            : dir.kind === 'disable-line'
              ? 'on this line'
              : 'on the next line';
        notes.push(
          note('suppression/unused', c.range, `Nothing reports ${c.code} ${where}: remove it from this comment.`, [
            removeCode(path, text, dir, j),
          ]),
        );
      }
    }),
  );
  return [...kept, ...notes];
}
