// Helpers for navigation tests: put a `$0` cursor into a fixture at a given text, print locations the way a
// user reads them (`path:line:col "text"`), and apply a set of edits to a fixture's files.

import { LineIndex } from '../../server/src/base/lineIndex.js';
import type { TextRange } from '../../server/src/base/textRange.js';

/** The fixture with `$0` inserted in the `nth` occurrence of `needle` (1-based), `after` characters into it. */
export function cursorAt(fixture: string, needle: string, after = 1, nth = 1): string {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = fixture.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`cursorAt: '${needle}' (#${nth}) not in the fixture`);
  }
  return fixture.slice(0, at + after) + '$0' + fixture.slice(at + after);
}

/** `path:line:col "text"` (1-based line and column), one per location. */
export function render(
  files: Record<string, string>,
  locations: ReadonlyArray<{ path: string; range: TextRange }>,
): string[] {
  return locations.map((l) => {
    const text = files[l.path] ?? '';
    const p = new LineIndex(text).position(l.range.start);
    return `${l.path}:${p.line + 1}:${p.character + 1} ${JSON.stringify(text.slice(l.range.start, l.range.end))}`;
  });
}

/** Applies edits (any files, any order) and returns the changed files' new text. */
export function applyEdits(
  files: Record<string, string>,
  edits: ReadonlyArray<{ path: string; range: TextRange; newText: string }>,
): Record<string, string> {
  const out: Record<string, string> = {};
  const byPath = new Map<string, Array<{ range: TextRange; newText: string }>>();
  for (const e of edits) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e]);
  for (const [path, list] of byPath) {
    let text = files[path] ?? '';
    for (const e of [...list].sort((a, b) => b.range.start - a.range.start))
      text = text.slice(0, e.range.start) + e.newText + text.slice(e.range.end);
    out[path] = text;
  }
  return out;
}
