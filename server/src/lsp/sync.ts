// Applying one textDocument/didChange to an open document, within a budget. A client may send any number of
// changes in one message; applied one after the other, each copies the whole text, so 200,000 changes to a
// big file cost 200,000 copies of it. Changes in reverse document order (what an editor sends for a
// multi-cursor edit: each range still valid in the text before the message) are applied in one pass over the
// text, whatever their number. Other sequences are applied one by one while the characters copied stay within
// the budget; past it the document is left alone and the caller stops following it (the user is told to
// reopen the file).

import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

/** Characters copied applying one didChange (about a second of work) before the server gives the document up. */
export const MAX_SYNC_WORK = 100_000_000;

export type Applied =
  | { readonly kind: 'applied'; readonly doc: TextDocument; readonly work: number }
  | { readonly kind: 'over-budget'; readonly changes: number; readonly work: number };

type Position = { readonly line: number; readonly character: number };
type Ranged = { readonly range: { readonly start: Position; readonly end: Position }; readonly text: string };

const before = (a: Position, b: Position): boolean =>
  a.line < b.line || (a.line === b.line && a.character <= b.character);

/** The offset of a position that names a real place of the text (no clamping), or undefined. */
function exactOffset(doc: TextDocument, p: Position): number | undefined {
  if (p.line < 0 || p.character < 0 || p.line >= doc.lineCount) return undefined;
  const lineStart = doc.offsetAt({ line: p.line, character: 0 });
  const offset = doc.offsetAt(p);
  return offset - lineStart === p.character ? offset : undefined;
}

/** One pass for changes that each end before the previous one starts; undefined when they do not. */
function reverseOrderPass(doc: TextDocument, changes: readonly Ranged[]): { text: string; work: number } | undefined {
  const offsets: Array<[number, number]> = [];
  for (let i = 0; i < changes.length; i++) {
    const { start, end } = changes[i].range;
    if (!before(start, end) || (i > 0 && !before(end, changes[i - 1].range.start))) return undefined;
    const s = exactOffset(doc, start);
    const e = exactOffset(doc, end);
    if (s === undefined || e === undefined) return undefined;
    offsets.push([s, e]);
  }
  const text = doc.getText();
  const parts: string[] = [];
  let at = 0;
  let work = 0;
  for (let i = changes.length - 1; i >= 0; i--) {
    const [s, e] = offsets[i];
    parts.push(text.slice(at, s), changes[i].text);
    work += s - at + changes[i].text.length;
    at = e;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), work: work + text.length - at };
}

export function applyChanges(
  doc: TextDocument,
  changes: readonly TextDocumentContentChangeEvent[],
  version: number,
  budget = MAX_SYNC_WORK,
): Applied {
  // A whole-text change replaces everything before it.
  let from = 0;
  for (let i = changes.length - 1; i >= 0; i--) {
    if (!('range' in changes[i]) || (changes[i] as { range?: unknown }).range === undefined) {
      from = i;
      break;
    }
  }
  let current = doc;
  let work = 0;
  if (from > 0 || (changes.length > 0 && (changes[0] as { range?: unknown }).range === undefined)) {
    current = TextDocument.create(doc.uri, doc.languageId, version, changes[from].text);
    work += changes[from].text.length;
    from++;
  }
  const rest = changes.slice(from) as Ranged[];
  if (rest.length > 1) {
    const pass = reverseOrderPass(current, rest);
    if (pass)
      return {
        kind: 'applied',
        doc: TextDocument.create(doc.uri, doc.languageId, version, pass.text),
        work: work + pass.work,
      };
  }
  // TextDocument.update changes the document in place: work on a copy, so a sequence over budget leaves it whole.
  if (current === doc && rest.length > 0)
    current = TextDocument.create(doc.uri, doc.languageId, version, doc.getText());
  for (let i = 0; i < rest.length; i++) {
    work += current.getText().length + rest[i].text.length;
    if (work > budget) return { kind: 'over-budget', changes: changes.length, work };
    current = TextDocument.update(current, [rest[i]], version);
  }
  return {
    kind: 'applied',
    doc: current === doc ? TextDocument.create(doc.uri, doc.languageId, version, doc.getText()) : current,
    work,
  };
}
