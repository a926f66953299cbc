// Text ranges as UTF-16 offsets into a document's text. Everything below the LSP glue speaks offsets;
// line/character positions exist only at the edges (see lineIndex.ts).

export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export function range(start: number, end: number): TextRange {
  return { start, end };
}

export function containsOffset(r: TextRange, offset: number): boolean {
  return r.start <= offset && offset <= r.end;
}
