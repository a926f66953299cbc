// Hiera data files (YAML) parsed with the `yaml` package, keeping ranges. The result lists the top-level
// entries (the Hiera keys) with the ranges of key and value, duplicate keys, and YAML errors, and never throws:
// a broken file still yields the entries that could be read. JSON data files parse through the same path
// (JSON is YAML 1.2 flow syntax).

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { TextRange } from '../../base/textRange.js';

export interface HieraEntry {
  readonly key: string;
  readonly keyRange: TextRange;
  /** The value's range; for a key with no value, an empty range just after the colon. */
  readonly valueRange: TextRange;
  /** The value as plain data (aliases resolved, bounded), or null for an empty value. */
  readonly value: unknown;
  /** The YAML node of the value, for rules that need ranges inside it. */
  readonly valueNode: Node | null;
}

export interface DataFileProblem {
  readonly kind: 'yaml-syntax' | 'duplicate-key' | 'not-a-hash';
  readonly range: TextRange;
  readonly message: string;
  /** For duplicate keys: the first occurrence. */
  readonly related?: TextRange;
}

export interface HieraDataFile {
  readonly entries: readonly HieraEntry[];
  readonly problems: readonly DataFileProblem[];
  readonly document: Document.Parsed;
}

/** Alias expansion limit: a YAML "billion laughs" file must not take the server down. */
const MAX_ALIAS_COUNT = 1000;

function nodeRange(node: { range?: [number, number, number] | null } | null | undefined, fallback: number): TextRange {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : { start: fallback, end: fallback };
}

function toPlain(doc: Document.Parsed, node: Node | null): unknown {
  if (node === null) return null;
  try {
    return (node as { toJS?: (doc: Document, opts: object) => unknown }).toJS?.(doc, { maxAliasCount: MAX_ALIAS_COUNT }) ?? null;
  } catch {
    return undefined;
  }
}

export function parseHieraData(text: string): HieraDataFile {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: false, lineCounter: new LineCounter() });
  const problems: DataFileProblem[] = [];
  for (const e of doc.errors) {
    // The yaml package places some errors (an unclosed quote or bracket) one past the end of the text.
    const start = Math.min(e.pos[0], text.length);
    problems.push({ kind: 'yaml-syntax', range: { start, end: Math.min(Math.max(e.pos[1], start), text.length) }, message: e.message.split('\n')[0] });
  }
  const entries: HieraEntry[] = [];
  const contents = doc.contents;
  if (contents && !isMap(contents)) {
    if (!(isScalar(contents) && (contents.value === null || contents.value === ''))) {
      problems.push({
        kind: 'not-a-hash',
        range: nodeRange(contents, 0),
        message: 'A Hiera data file must be a mapping of keys to values; this file holds a ' + (isSeq(contents) ? 'list' : 'single value') + '.',
      });
    }
  }
  if (isMap(contents)) {
    const seen = new Map<string, TextRange>();
    for (const pair of contents.items as Pair<Node | null, Node | null>[]) {
      const keyNode = pair.key;
      if (!keyNode) continue;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(toPlain(doc, keyNode));
      const keyRange = nodeRange(keyNode, 0);
      const valueNode = pair.value ?? null;
      const after = Math.min(keyRange.end + 1, text.length);
      const valueRange = valueNode?.range ? nodeRange(valueNode, keyRange.end) : { start: after, end: after };
      const first = seen.get(key);
      if (first) {
        problems.push({
          kind: 'duplicate-key',
          range: keyRange,
          message: `The key '${key}' is already set above; only one of the two values takes effect. Remove one.`,
          related: first,
        });
      } else seen.set(key, keyRange);
      entries.push({ key, keyRange, valueRange, value: toPlain(doc, valueNode), valueNode });
    }
  }
  return { entries, problems, document: doc };
}

/** The ranges of a nested entry of a value (`['quorum']` in a hash, `[1]` in a list), or undefined. */
export function nestedRanges(node: Node | null, path: ReadonlyArray<string | number>): { key?: TextRange; value?: TextRange } | undefined {
  let current: Node | null = node;
  let keyRange: TextRange | undefined;
  for (const step of path) {
    if (!current) return undefined;
    if (isMap(current)) {
      const pair = (current.items as Pair<Node | null, Node | null>[]).find((p) => isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) return undefined;
      keyRange = pair.key?.range ? nodeRange(pair.key, 0) : undefined;
      current = pair.value ?? null;
    } else if (isSeq(current) && typeof step === 'number') {
      current = (current.items[step] as Node | undefined) ?? null;
      keyRange = undefined;
    } else return undefined;
  }
  return { ...(keyRange ? { key: keyRange } : {}), ...(current?.range ? { value: nodeRange(current, 0) } : {}) };
}

/** The source text of a scalar as written (with its quotes), for rules that care how a value was written. */
export function isQuotedScalar(node: Node | null): boolean {
  return isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
}
