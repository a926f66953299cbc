// Text ranges as UTF-16 offsets into a document's text. Everything below the LSP glue speaks offsets;
// line/character positions exist only at the edges (see lineIndex.ts).

export interface TextRange {
  readonly start: number;
  readonly end: number;
}
