// Small text-edit builders for fixes in YAML data files: whole lines out, a line in, a value quoted. Working on
// lines keeps the user's formatting around the edit untouched.

import type { TextRange } from '../../base/textRange.js';

/** The range of the whole line(s) holding `range`, including the line break after them. */
export function wholeLines(text: string, range: TextRange): TextRange {
  const start = text.lastIndexOf('\n', range.start - 1) + 1;
  let end = text.indexOf('\n', Math.max(range.end - 1, range.start));
  end = end < 0 ? text.length : end + 1;
  return { start, end };
}

/** The indentation of the line that holds offset. */
export function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** The offset just after the end of the line that holds offset (after its line break, or the end of text). */
export function afterLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** A YAML single-quoted scalar. */
export function yamlQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
