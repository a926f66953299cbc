// The one place that converts between offsets and line/character positions.
// JavaScript strings are UTF-16, and LSP's default position encoding is UTF-16 code units, so a character
// is an offset within its line. Lines end at \n, \r\n or a lone \r, as LSP defines them.

import type { TextRange } from './textRange.js';
import type { TextChange } from './textDiff.js';

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface LineRange {
  readonly start: Position;
  readonly end: Position;
}

/** Line starts, grown by doubling: one typed array instead of a boxed array reallocated per push. */
class Starts {
  data: Uint32Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Uint32Array(Math.max(16, capacity));
  }

  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
}

/** Pushes the line starts after the line breaks in text[from, to). */
function scanLineStarts(text: string, from: number, to: number, starts: Starts): void {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
}

export class LineIndex {
  private readonly lineStarts: Uint32Array;

  constructor(
    readonly text: string,
    lineStarts?: Uint32Array,
  ) {
    if (lineStarts) this.lineStarts = lineStarts;
    else {
      const starts = new Starts(text.length >> 5);
      starts.push(0);
      scanLineStarts(text, 0, text.length, starts);
      this.lineStarts = starts.data.subarray(0, starts.length);
    }
  }

  /**
   * The index of `newText`, which is this index's text with one change: the lines before the change are kept,
   * the ones after it moved, and only the changed lines scanned.
   */
  edited(newText: string, change: TextChange): LineIndex {
    const old = this.lineStarts;
    const delta = change.newEnd - change.oldEnd;
    // The line holding the change's start (its break may join a '\r' before it), and the first line that starts
    // safely after the change's old end.
    const a = Math.max(0, this.lineOf(change.start) - 1);
    let b = this.lineOf(change.oldEnd) + 1;
    while (b < old.length && old[b] <= change.oldEnd + 1) b++;
    const starts = new Starts(old.length + 16);
    starts.data.set(old.subarray(0, a + 1));
    starts.length = a + 1;
    const scanEnd = b < old.length ? old[b] + delta : newText.length;
    scanLineStarts(newText, old[a], scanEnd, starts);
    if (b < old.length && starts.data[starts.length - 1] === scanEnd) starts.length--;
    for (let k = b; k < old.length; k++) starts.push(old[k] + delta);
    return new LineIndex(newText, starts.data.subarray(0, starts.length));
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    return { line, character: o - this.lineStarts[line] };
  }

  offset(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const end = this.lineEnd(pos.line);
    return Math.min(start + Math.max(0, pos.character), end);
  }

  /** Offset of the end of the line's content (before its line break). */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  range(r: TextRange): LineRange {
    return { start: this.position(r.start), end: this.position(r.end) };
  }
}

/**
 * The LineIndex of `text`, derived from the index of the text it was changed from when that is at hand (the
 * editor's change), else scanned. The Project keeps one per file as a query (`Project.lineIndex`).
 */
export function lineIndexAfter(
  previous: LineIndex | undefined,
  text: string,
  from?: { readonly text: string; readonly change: TextChange },
): LineIndex {
  if (previous && previous.text === text) return previous;
  return previous && from && previous.text === from.text ? previous.edited(text, from.change) : new LineIndex(text);
}
