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

/** What moveIntoOptions needs of an entry: its key, ranges and value node (a HieraEntry has them all). */
interface EntryLike {
  readonly key: string;
  readonly keyRange: TextRange;
  readonly valueRange: TextRange;
  readonly valueNode: {
    readonly range?: readonly number[] | null;
    readonly flow?: boolean;
    readonly items?: readonly unknown[];
  } | null;
}

/**
 * The edits that move `entry` (a scalar) into the hash `optionsKey` of the same file as `flag: value`: into its
 * block or flow mapping when the file sets it, else as a new `optionsKey:` entry in the entry's place. When the
 * options hash already sets the flag, the entry is removed. Undefined when the value is not a one-line scalar.
 */
export function moveIntoOptions(
  path: string,
  text: string,
  entry: EntryLike,
  entries: readonly EntryLike[],
  optionsKey: string,
  flag: string,
): { title: string; edits: Array<{ path: string; range: TextRange; newText: string }> } | undefined {
  const value = text.slice(entry.valueRange.start, entry.valueRange.end);
  if (
    value.trim() === '' ||
    value.includes('\n') ||
    (entry.valueNode && 'items' in entry.valueNode && entry.valueNode.items)
  )
    return undefined;
  const remove = {
    path,
    range: wholeLines(text, { start: entry.keyRange.start, end: entry.valueRange.end }),
    newText: '',
  };
  const title = `Move into ${optionsKey} as '${flag}'`;
  const options = entries.find((e) => e.key === optionsKey);
  if (!options) return { title, edits: [{ ...remove, newText: `${optionsKey}:\n  ${flag}: ${value}\n` }] };
  const node = options.valueNode;
  const items = (node?.items ?? []) as ReadonlyArray<{ key?: { value?: unknown; range?: readonly number[] } }>;
  if (node === null || !Array.isArray(node.items)) return undefined;
  if (items.some((i) => String(i.key?.value) === flag))
    return { title: `Remove ${entry.key} (${optionsKey} already sets '${flag}')`, edits: [remove] };
  if (node.flow) {
    const flowText = text.slice(options.valueRange.start, options.valueRange.end);
    const close = flowText.lastIndexOf('}');
    if (close < 0) return undefined;
    const at = options.valueRange.start + close;
    const inner = flowText.slice(flowText.indexOf('{') + 1, close).trim();
    return {
      title,
      edits: [
        { path, range: { start: at, end: at }, newText: inner === '' ? `${flag}: ${value}` : `, ${flag}: ${value}` },
        remove,
      ],
    };
  }
  const first = items[0]?.key?.range;
  const indent = first ? indentAt(text, first[0]) : '  ';
  const at = afterLine(text, options.keyRange.end);
  return { title, edits: [{ path, range: { start: at, end: at }, newText: `${indent}${flag}: ${value}\n` }, remove] };
}
