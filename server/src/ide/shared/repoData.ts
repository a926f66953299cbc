// What the Hiera data files of a control repo hold, across all of them: every top-level key with the files
// that set it, and every reference from one key's value to another key (`%{lookup('k')}`, `%{alias('k')}`,
// `%{hiera('k')}`). Completion offers the keys; the lookup-cycle rule follows the references. Built from the
// list of data files the module index reads (plus the file asked about), a query per repo root.

import type { Project } from '../../workspace/project.js';
import { defineQuery } from '../../base/queries.js';
import type { TextRange } from '../../base/textRange.js';
import { indexedDataFiles } from '../../workspace/moduleIndex.js';
import { splitDottedKey } from '../../syntax/hiera/interpolation.js';
import { dataStrings, scanDataString } from '../../syntax/hiera/dataStrings.js';
import { defineChunkMemo, entryGroups, memoByChunk, moveRange } from '../../syntax/hiera/chunkMemo.js';
import type { Node as YamlNode } from 'yaml';

export interface KeyReference {
  /** The key whose value holds the reference. */
  readonly from: string;
  /** The key referenced (its root, for a dotted key). */
  readonly to: string;
  readonly fn: 'lookup' | 'alias' | 'hiera';
  readonly path: string;
  /** The range of the referenced key's text (inside the quotes), or of the whole scalar. */
  readonly range: TextRange;
}

export interface RepoData {
  readonly files: readonly string[];
  /** Key → the data files that set it, in file order. */
  readonly keys: ReadonlyMap<string, readonly string[]>;
  readonly references: readonly KeyReference[];
}

/** The data files of the root (the list the module index reads), always including `extra` when given. */
export function repoDataFiles(project: Project, root: string, extra?: string): string[] {
  const files = [...indexedDataFiles(project, root)];
  if (extra && !files.includes(extra)) files.push(extra);
  return files.sort();
}

const referenceMemo = defineChunkMemo<KeyReference>('keyReferences');

export function referencesIn(project: Project, path: string): KeyReference[] {
  const file = project.hieraData(path);
  const text = project.readText(path) ?? '';
  const out: KeyReference[] = [];
  for (const group of entryGroups(file)) {
    const compute = (): KeyReference[] =>
      group.entries.flatMap((e) => (e.key === 'lookup_options' ? [] : valueReferences(e.key, e.valueNode, path, text)));
    for (const r of memoByChunk(project.queries, referenceMemo, group, [path], compute, (x, delta) => ({
      ...x,
      range: moveRange(x.range, delta),
    })))
      out.push(r);
  }
  return out;
}

/** The references to other keys inside one value. */
function valueReferences(from: string, node: YamlNode | null, path: string, text: string): KeyReference[] {
  const out: KeyReference[] = [];
  for (const s of dataStrings(node, text)) {
    if (!s.value.includes('%{')) continue;
    for (const part of scanDataString(s).parts) {
      if (part.kind !== 'function' || part.name === 'literal' || part.name === 'scope') continue;
      const split = splitDottedKey(part.argument);
      const to = split.kind === 'ok' ? String(split.segments[0]) : part.argument;
      out.push({ from, to, fn: part.name, path, range: part.argumentRange });
    }
  }
  return out;
}

const repoDataQuery = defineQuery('repoData', (p: Project, root: string) => collect(p, repoDataFiles(p, root)));

export function repoData(project: Project, root: string, current?: string): RepoData {
  const data = project.query(repoDataQuery, root);
  // A file the index does not list (a new, unsaved one) is added for this question only: one memo per root, not
  // one per file asked about (the hour-long soak found one per file piling up).
  if (!current || data.files.includes(current)) return data;
  return collect(project, repoDataFiles(project, root, current));
}

function collect(project: Project, files: string[]): RepoData {
  const keys = new Map<string, string[]>();
  const references: KeyReference[] = [];
  for (const path of files) {
    const file = project.hieraData(path);
    if (!file) continue;
    for (const e of file.entries) {
      const list = keys.get(e.key) ?? [];
      if (!list.includes(path)) list.push(path);
      keys.set(e.key, list);
    }
    references.push(...referencesIn(project, path));
  }
  return { files, keys, references };
}

/**
 * A chain of references from `start` back to itself (`[start, b, ..., start]`), following references in any
 * data file of the repo, or undefined. Breadth-first, so the shortest cycle is found.
 */
export function referenceCycle(data: RepoData, start: string): string[] | undefined {
  const edges = new Map<string, Set<string>>();
  for (const r of data.references) (edges.get(r.from) ?? edges.set(r.from, new Set()).get(r.from)!).add(r.to);
  const queue: string[][] = [[start]];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const chain = queue.shift()!;
    const last = chain[chain.length - 1];
    for (const next of edges.get(last) ?? []) {
      if (next === start) return [...chain, next];
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push([...chain, next]);
    }
  }
  return undefined;
}
