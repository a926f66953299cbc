// Results about the chunks of a data file, kept across keystrokes. An edit re-parses only the chunk of a data
// file it touched; every other chunk keeps its YAML document, nodes and entries, moved by the edit's length (see
// dataFile.ts). So what was found in such a chunk is found again, moved by as much, and a keystroke in a
// 50,000-line file looks at one chunk instead of every entry. The tables are declared here and held by the
// analysis host's QueryDb (base/queries.ts), never at module scope.

import type { Document } from 'yaml';
import type { TextRange } from '../../base/textRange.js';
import type { HieraDataFile, HieraEntry } from './dataFile.js';
import { defineObjectTable, type ObjectMemos, type ObjectTable } from '../../base/queries.js';

interface Memo<T> {
  readonly start: number;
  readonly stamp: readonly unknown[];
  readonly found: readonly T[];
}

/** The declaration of one kind of finding kept per chunk; its table lives in the host's QueryDb. */
export type ChunkMemo<T> = ObjectTable<object, Memo<T>>;

export function defineChunkMemo<T>(name: string): ChunkMemo<T> {
  return defineObjectTable<object, Memo<T>>(name);
}

export interface EntryGroup {
  readonly document: Document.Parsed;
  readonly entries: readonly HieraEntry[];
}

/**
 * The entries of a data file grouped by the YAML document (the chunk) they were parsed in, in order. Cheap (one
 * pass over the chunks, or over the entries of a file parsed whole), so not kept.
 */
export function entryGroups(file: HieraDataFile | undefined): readonly EntryGroup[] {
  if (!file) return [];
  if (file.chunks)
    return file.chunks
      .filter((c) => c.entries.length > 0)
      .map((c) => ({ document: c.entries[0].document, entries: c.entries }));
  const built: Array<{ document: Document.Parsed; entries: HieraEntry[] }> = [];
  for (const e of file.entries) {
    const last = built[built.length - 1];
    if (last && last.document === e.document) last.entries.push(e);
    else built.push({ document: e.document, entries: [e] });
  }
  return built;
}

/**
 * The findings of `compute` for the entries of one chunk: from the table when the chunk was seen before with the
 * same `stamp` (whatever else the findings depend on, compared item by item), moved to where the chunk is now.
 */
export function memoByChunk<T>(
  db: ObjectMemos,
  memo: ChunkMemo<T>,
  group: EntryGroup,
  stamp: readonly unknown[],
  compute: () => readonly T[],
  move: (x: T, delta: number) => T,
): readonly T[] {
  const start = group.document.range?.[0];
  if (start === undefined) return compute();
  const table = db.table(memo);
  const hit = table.get(group.document);
  if (hit && hit.stamp.length === stamp.length && hit.stamp.every((s, i) => s === stamp[i])) {
    const delta = start - hit.start;
    return delta === 0 || hit.found.length === 0 ? hit.found : hit.found.map((x) => move(x, delta));
  }
  const found = compute();
  table.set(group.document, { start, stamp, found });
  return found;
}

export function moveRange(r: TextRange, delta: number): TextRange {
  return { start: r.start + delta, end: r.end + delta };
}
