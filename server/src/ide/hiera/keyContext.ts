// Where the cursor is in a Hiera data file, worked out from the text of its line so that it also works while
// the YAML is broken mid-edit: on a top-level key (no indentation, before the colon), or elsewhere.

import type { TextRange } from '../../base/textRange.js';

export interface TopLevelKeyContext {
  readonly kind: 'top-level-key';
  /** What is typed so far, from the start of the line to the cursor. */
  readonly prefix: string;
  /** The whole key token around the cursor (replaced by a completion). */
  readonly range: TextRange;
  /** The line already has a colon after the key: insert the key only. */
  readonly hasColon: boolean;
}

export type CursorContext = TopLevelKeyContext | { readonly kind: 'other' };

const KEY_CHAR = /[A-Za-z0-9_:.-]/;

export function cursorContext(text: string, offset: number): CursorContext {
  const lineStart = offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, offset);
  if (!/^[A-Za-z0-9_:.-]*$/.test(before)) return { kind: 'other' };
  let end = offset;
  while (
    end < lineEnd &&
    KEY_CHAR.test(text[end]) &&
    !(text[end] === ':' && /[\s]/.test(text[end + 1] ?? ' ') && text[end - 1] !== ':')
  )
    end++;
  const rest = text.slice(end, lineEnd);
  return { kind: 'top-level-key', prefix: before, range: { start: lineStart, end }, hasColon: /^:(\s|$)/.test(rest) };
}
