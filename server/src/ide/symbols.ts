// Document symbols (the outline) and workspace symbols. Manifests: classes, defined types and nodes with the
// resources they declare as children, type aliases and functions. Hiera data: the top-level keys, with the
// keys of nested mappings as children. Workspace symbols: every indexed class, defined type, type alias and
// function, and every Hiera key set in the repo's data files.

import { isMap, isScalar, type Node, type Pair } from 'yaml';
import type { Project } from '../workspace/project.js';
import type { TextRange } from '../base/textRange.js';
import { moduleIndex, parsedManifest } from '../workspace/moduleIndex.js';
import { trimmedRange, walkNodes, type ManifestSummary } from '../syntax/puppet/index.js';
import type { DocumentSymbol, WorkspaceSymbol } from './navigation/types.js';

export type { DocumentSymbol, WorkspaceSymbol } from './navigation/types.js';

export function documentSymbols(project: Project, path: string): DocumentSymbol[] {
  switch (project.classify(path)) {
    case 'puppet':
      return manifestSymbols(project, path);
    case 'hiera-data':
      return dataSymbols(project, path);
    default:
      return [];
  }
}

interface Flat extends DocumentSymbol {
  readonly children: DocumentSymbol[];
}

function manifestSymbols(project: Project, path: string): DocumentSymbol[] {
  const parsed = parsedManifest(project, path);
  if (!parsed) return [];
  const { summary: s, text } = parsed;
  const containers: Flat[] = [];
  for (const d of s.definitions) {
    containers.push({
      name: d.name,
      detail: d.kind === 'class' ? 'class' : 'define',
      kind: d.kind,
      range: d.range,
      selectionRange: d.nameRange,
      children: d.parameters.map((p) => ({
        name: `$${p.name}`,
        ...(p.typeText ? { detail: p.typeText.replace(/\s+/g, ' ') } : {}),
        kind: 'parameter' as const,
        range: p.nameRange,
        selectionRange: p.nameRange,
        children: [],
      })),
    });
  }
  for (const n of s.nodes) {
    containers.push({
      name: `node ${n.names.join(', ')}`,
      kind: 'node',
      range: n.range,
      selectionRange: n.nameRanges[0] ?? n.range,
      children: [],
    });
  }
  for (const t of s.typeAliases)
    containers.push({
      name: t.name,
      detail: t.typeText,
      kind: 'type',
      range: t.range,
      selectionRange: t.nameRange,
      children: [],
    });
  for (const f of s.functions)
    containers.push({
      name: f.name,
      detail: 'function',
      kind: 'function',
      range: f.range,
      selectionRange: f.nameRange,
      children: [],
    });
  for (const r of resourceSymbols(parsed.parse.tree, s, text)) containers.push({ ...r, children: [] });
  return nest(containers);
}

/** One symbol per resource title: `package['marathon']`, `class['mesos']`. */
function resourceSymbols(tree: Parameters<typeof walkNodes>[0], s: ManifestSummary, text: string): DocumentSymbol[] {
  const ranges = new Map<number, TextRange>();
  walkNodes(tree, (n) => {
    if (n.kind === 'ResourceExpr') {
      const r = trimmedRange(n);
      for (const res of s.resources)
        if (res.typeRange.start >= r.start && res.typeRange.start < r.end && !ranges.has(res.typeRange.start))
          ranges.set(res.typeRange.start, r);
    }
  });
  const out: DocumentSymbol[] = [];
  for (const res of s.resources) {
    const range = ranges.get(res.typeRange.start) ?? res.typeRange;
    const titles = res.titles.length > 0 ? res.titles : [{ value: undefined, range: res.typeRange }];
    for (const t of titles) {
      const title = t.value !== undefined ? `'${t.value}'` : text.slice(t.range.start, t.range.end);
      out.push({
        name: `${res.type}[${title}]`,
        detail: res.form === 'regular' ? 'resource' : `${res.form} resource`,
        kind: 'resource',
        range,
        selectionRange: t.range,
        children: [],
      });
    }
  }
  return out;
}

const CONTAINERS = new Set<DocumentSymbol['kind']>(['class', 'define', 'node', 'function']);

/** Puts each symbol under the smallest class, define, node or function that contains it. */
function nest(flat: Flat[]): DocumentSymbol[] {
  const sorted = [...flat].sort((a, b) => a.range.start - b.range.start || b.range.end - a.range.end);
  const roots: Flat[] = [];
  const stack: Flat[] = [];
  for (const s of sorted) {
    while (
      stack.length > 0 &&
      !(
        CONTAINERS.has(stack[stack.length - 1].kind) &&
        stack[stack.length - 1].range.start <= s.range.start &&
        s.range.end <= stack[stack.length - 1].range.end
      )
    )
      stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(s);
    else roots.push(s);
    stack.push(s);
  }
  const order = (list: DocumentSymbol[]): void => {
    list.sort((a, b) => a.range.start - b.range.start || a.selectionRange.start - b.selectionRange.start);
    for (const c of list) order(c.children as DocumentSymbol[]);
  };
  order(roots);
  return roots;
}

/** Keys an outline lists per data file (nested keys included): no editor shows more, and each costs the client. */
export const MAX_DOCUMENT_SYMBOLS = 10_000;

function dataSymbols(project: Project, path: string): DocumentSymbol[] {
  const file = project.hieraData(path);
  if (!file) return [];
  const text = project.readText(path) ?? '';
  const budget = { left: MAX_DOCUMENT_SYMBOLS };
  const out: DocumentSymbol[] = [];
  for (let i = 0; i < file.entries.length; i++) {
    const e = file.entries[i];
    if (budget.left <= 0) {
      // One last symbol where the outline stops, saying how many top-level keys it leaves out.
      const rest = file.entries.length - i;
      out.push({
        name: `… ${rest.toLocaleString('en-US')} more keys not listed`,
        detail: `the outline lists ${MAX_DOCUMENT_SYMBOLS.toLocaleString('en-US')} keys of a file`,
        kind: 'key',
        range: e.keyRange,
        selectionRange: e.keyRange,
        children: [],
      });
      break;
    }
    budget.left--;
    out.push({
      name: e.key,
      detail: describeValue(e.valueNode),
      kind: 'key' as const,
      range: { start: e.keyRange.start, end: Math.max(e.keyRange.end, trimEnd(text, e.valueRange.end)) },
      selectionRange: e.keyRange,
      children: nestedKeys(e.valueNode, text, budget),
    });
  }
  return out;
}

/** The end of a YAML node without the line breaks and blank lines it counts into itself. */
function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
}

function nestedKeys(node: Node | null, text: string, budget: { left: number }): DocumentSymbol[] {
  if (!isMap(node)) return [];
  const out: DocumentSymbol[] = [];
  for (const pair of node.items as Pair<Node | null, Node | null>[]) {
    const k = pair.key;
    if (!k?.range) continue;
    if (budget.left <= 0) break;
    budget.left--;
    const keyRange = { start: k.range[0], end: k.range[1] };
    const v = pair.value;
    const end = v?.range ? trimEnd(text, v.range[1]) : keyRange.end;
    out.push({
      name: isScalar(k) ? String(k.value) : String(k),
      detail: describeValue(v ?? null),
      kind: 'key',
      range: { start: keyRange.start, end: Math.max(end, keyRange.end) },
      selectionRange: keyRange,
      children: nestedKeys(v ?? null, text, budget),
    });
  }
  return out;
}

function describeValue(node: Node | null): string | undefined {
  if (node === null) return undefined;
  if (isMap(node)) return 'hash';
  if (isScalar(node)) return node.value === null ? undefined : String(node.value).slice(0, 60);
  return 'list';
}

const MAX_WORKSPACE_SYMBOLS = 500;

/** Does the query match the name: its characters in order, case-insensitively ('mmo' matches 'mesos::master::options'). */
export function fuzzyMatch(query: string, name: string): boolean {
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let i = 0;
  for (let j = 0; j < n.length && i < q.length; j++) if (n[j] === q[i]) i++;
  return i === q.length;
}

export function workspaceSymbols(project: Project, query: string): WorkspaceSymbol[] {
  const out: WorkspaceSymbol[] = [];
  const exact: WorkspaceSymbol[] = [];
  const add = (s: WorkspaceSymbol): void => {
    if (!fuzzyMatch(query, s.name)) return;
    (s.name.toLowerCase().includes(query.toLowerCase()) ? exact : out).push(s);
  };
  for (const root of project.roots) {
    const index = moduleIndex(project, root);
    for (const c of index.classes())
      add({
        name: c.name,
        kind: c.kind,
        path: c.path,
        range: c.definition.nameRange,
        ...(c.module ? { container: c.module } : {}),
      });
    for (const t of index.typeAliases())
      add({
        name: t.name,
        kind: 'type',
        path: t.path,
        range: t.alias.nameRange,
        ...(t.module ? { container: t.module } : {}),
      });
    for (const f of index.functions())
      add({
        name: f.name,
        kind: 'function',
        path: f.path,
        range: f.fn.nameRange,
        ...(f.module ? { container: f.module } : {}),
      });
    for (const file of index.dataFiles()) {
      const rel = file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
      for (const e of project.hieraData(file)?.entries ?? [])
        add({ name: e.key, kind: 'key', path: file, range: e.keyRange, container: rel });
    }
    if (exact.length >= MAX_WORKSPACE_SYMBOLS) break;
  }
  return [...exact, ...out].slice(0, MAX_WORKSPACE_SYMBOLS);
}
