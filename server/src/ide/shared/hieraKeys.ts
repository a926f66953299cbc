// Hiera keys across a control repo's data files, for navigation: where a key is set (top-level keys of every
// data file of the root), where it is used (`%{lookup('k')}`, `%{alias('k')}`, `%{hiera('k')}` and `%{k}` in
// data values, lookup('k') in manifests), and what the cursor is on in a data file.

import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { defineObjectTable } from '../../base/queries.js';
import type { Project } from '../../workspace/project.js';
import type { TextRange } from '../../base/textRange.js';
import { normalizeClassName, type ClassUse } from '../../workspace/moduleIndex.js';
import { scanInterpolations } from '../../syntax/hiera/interpolation.js';
import { indexFor } from './classes.js';

export interface Place {
  readonly path: string;
  readonly range: TextRange;
}

/** A use of a key inside a data value: the range of the key text (inside the quotes of a function argument). */
export interface KeyUse extends Place {
  readonly key: string;
  readonly form: 'lookup' | 'alias' | 'hiera' | 'variable';
}

/** The data files of the file's control repo (the module index lists them). */
export function dataFilesFor(project: Project, path: string): readonly string[] {
  const files = indexFor(project, path)?.dataFiles() ?? [];
  return project.classify(path) === 'hiera-data' && !files.includes(path) ? [...files, path] : files;
}

/** Every top-level occurrence of the key (its root, for a dotted key) in the repo's data files. */
export function keyDefinitions(project: Project, path: string, key: string): Place[] {
  const root = key.split('.')[0].replace(/^::/, '');
  const out: Place[] = [];
  for (const file of dataFilesFor(project, path)) {
    for (const e of project.hieraData(file)?.entries ?? [])
      if (e.key.replace(/^::/, '') === root) out.push({ path: file, range: e.keyRange });
  }
  return out;
}

const keyUseTable = defineObjectTable<object, KeyUse[]>('keyUses');

/** The key uses in the values of one data file (cached per parsed file). */
export function keyUsesIn(project: Project, path: string): readonly KeyUse[] {
  const file = project.hieraData(path);
  if (!file) return [];
  const useCache = project.queries.table(keyUseTable);
  const hit = useCache.get(file);
  if (hit) return hit;
  const text = project.readText(path) ?? '';
  const out: KeyUse[] = [];
  const visit = (node: unknown): void => {
    if (isMap(node) || isSeq(node)) for (const item of node.items) visit(item);
    else if (isPair(node)) {
      visit(node.key);
      visit(node.value);
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('%{') && node.range) {
      const [start, end] = node.range;
      for (const part of scanInterpolations(text.slice(start, end), start).parts) {
        if (part.kind === 'function' && (part.name === 'lookup' || part.name === 'alias' || part.name === 'hiera')) {
          out.push({ path, range: part.argumentRange, key: part.argument, form: part.name });
        } else if (part.kind === 'variable' && part.name.replace(/^::/, '').includes('::')) {
          const lead = part.name.startsWith('::') ? 2 : 0;
          out.push({
            path,
            range: { start: part.nameRange.start + lead, end: part.nameRange.end },
            key: part.name.slice(lead),
            form: 'variable',
          });
        }
      }
    }
  };
  for (const e of file.entries) visit(e.valueNode);
  useCache.set(file, out);
  return out;
}

/** Every use of the key (or of a dotted key under it) in the repo's data values. */
export function keyUses(project: Project, path: string, key: string): KeyUse[] {
  const root = key.replace(/^::/, '').split('.')[0];
  const out: KeyUse[] = [];
  for (const file of dataFilesFor(project, path))
    for (const u of keyUsesIn(project, file)) if (u.key.split('.')[0] === root) out.push(u);
  return out;
}

export type HieraTarget =
  | { readonly kind: 'key'; readonly key: string; readonly range: TextRange }
  | { readonly kind: 'key-use'; readonly use: KeyUse }
  | { readonly kind: 'class'; readonly name: string; readonly range: TextRange };

/** What the cursor is on in a data file: a top-level key, a key used in an interpolation, a `classes` entry. */
export function hieraTarget(project: Project, path: string, offset: number): HieraTarget | undefined {
  const file = project.hieraData(path);
  if (!file) return undefined;
  const within = (r: TextRange): boolean => r.start <= offset && offset <= r.end;
  const entry = file.entries.find((e) => within(e.keyRange));
  if (entry) return { kind: 'key', key: entry.key.replace(/^::/, ''), range: entry.keyRange };
  const use = keyUsesIn(project, path).find((u) => within(u.range));
  if (use) return { kind: 'key-use', use };
  const cls: ClassUse | undefined = indexFor(project, path)
    ?.allReferences()
    .find((u) => u.kind === 'hiera-classes' && u.path === path && within(u.range));
  if (cls) return { kind: 'class', name: cls.className, range: cls.range };
  // A data file outside the indexed data dirs: read its `classes` entries directly.
  for (const e of file.entries) {
    if (e.key !== 'classes' || !isSeq(e.valueNode)) continue;
    for (const item of e.valueNode.items as Node[]) {
      if (
        isScalar(item) &&
        typeof item.value === 'string' &&
        item.range &&
        item.range[0] <= offset &&
        offset <= item.range[1]
      ) {
        const quoted = item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE' ? 1 : 0;
        return {
          kind: 'class',
          name: normalizeClassName(item.value),
          range: { start: item.range[0] + quoted, end: item.range[1] - quoted },
        };
      }
    }
  }
  return undefined;
}

/** `cls::param` split at its last '::', or undefined for a key without one. */
export function splitParamKey(key: string): { className: string; param: string } | undefined {
  const k = key.replace(/^::/, '').split('.')[0];
  const cut = k.lastIndexOf('::');
  if (cut <= 0) return undefined;
  return { className: normalizeClassName(k.slice(0, cut)), param: k.slice(cut + 2) };
}
