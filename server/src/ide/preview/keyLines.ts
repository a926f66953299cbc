// Which lines of what a node gets each Hiera key becomes. The node is evaluated as it is and again with one key's
// value varied — every string, number and boolean in it changed (`m1` → `m1-x`, `2` → `3`, true → false) — and
// the lines of the node's files, packages and services that differ are that key's lines. A key whose variation
// stops the evaluation or changes the node's classes (a `classes` list, an Enum parameter) cannot be told apart
// this way, and says so. Shared by the Hiera hover and the node preview's line origins.

import { WholeFloat } from '../../base/wholeFloat.js';
import type { Project } from '../../workspace/project.js';
import { defineQuery } from '../../base/queries.js';
import type { HieraValue } from '../../knowledge/lookup/values.js';
import type { ExplainNode } from '../../knowledge/lookup/explain.js';
import { discoverNodes } from '../../knowledge/cluster/nodes.js';
import { evaluateFor, shownOf, type FoundKey, type NodePreviewRequest } from './node.js';

/** One line a key becomes: in a file's content (0-based line), or a package's or service's state. */
export interface KeyLine {
  /** The file's path on the node, `package NAME` or `service NAME`. */
  readonly where: string;
  /** 0-based line of the file's content; -1 for the file itself (an empty flag file) or a package/service. */
  readonly line: number;
  readonly text: string;
}

export type KeyLines =
  | { readonly kind: 'lines'; readonly lines: readonly KeyLine[] }
  /** The evaluation did not find the key: no class the node declares reads it. */
  | { readonly kind: 'unused' }
  /** Found and read, but no line shows its value (it decides something else, e.g. a comparison). */
  | { readonly kind: 'no-lines' }
  | { readonly kind: 'unclear'; readonly reason: string };

/** The value with every scalar in it changed, the shape kept. */
export function varyValue(v: HieraValue): HieraValue {
  if (typeof v === 'string') return /^-?\d{1,15}$/.test(v) ? String(Number(v) + 1) : `${v}-x`;
  if (typeof v === 'number') return Number.isInteger(v) ? v + 1 : v + 0.5;
  if (v instanceof WholeFloat) return new WholeFloat(v.value + 1);
  if (typeof v === 'boolean') return !v;
  if (Array.isArray(v)) return v.map(varyValue);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, varyValue(x)] as const));
  return v;
}

/** Indexes of `a`'s items not in a longest common subsequence of `a` and `b`. */
export function unmatched(a: readonly string[], b: readonly string[]): number[] {
  const n = a.length;
  const m = b.length;
  // Common head and tail first: most varied files differ in a few lines.
  let head = 0;
  while (head < n && head < m && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < n - head && tail < m - head && a[n - 1 - tail] === b[m - 1 - tail]) tail++;
  const aa = a.slice(head, n - tail);
  const bb = b.slice(head, m - tail);
  if (aa.length === 0) return [];
  if (bb.length === 0 || aa.length * bb.length > 4_000_000) return aa.map((_, i) => head + i);
  const w = bb.length + 1;
  const t = new Uint32Array((aa.length + 1) * w);
  for (let i = aa.length - 1; i >= 0; i--)
    for (let j = bb.length - 1; j >= 0; j--)
      t[i * w + j] = aa[i] === bb[j] ? t[(i + 1) * w + j + 1]! + 1 : Math.max(t[(i + 1) * w + j]!, t[i * w + j + 1]!);
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < aa.length) {
    if (j < bb.length && aa[i] === bb[j]) {
      i++;
      j++;
    } else if (j < bb.length && t[i * w + j + 1]! >= t[(i + 1) * w + j]!) j++;
    else out.push(head + i++);
  }
  return out;
}

const linesOf = (content: string | null): string[] =>
  content === null || content === '' ? [] : content.replace(/\n$/, '').split('\n');

type Shown = ReturnType<typeof shownOf>;

function compare(base: Shown, varied: Shown): KeyLine[] {
  const out: KeyLine[] = [];
  const other = new Map(varied.files.map((f) => [f.path, f]));
  for (const f of base.files) {
    const lines = linesOf(f.content);
    const o = other.get(f.path);
    if (!o) {
      if (lines.length === 0) out.push({ where: f.path, line: -1, text: '(the file itself)' });
      lines.forEach((text, line) => out.push({ where: f.path, line, text }));
      continue;
    }
    for (const line of unmatched(lines, linesOf(o.content))) out.push({ where: f.path, line, text: lines[line]! });
  }
  const pkgs = new Map(varied.packages.map((p) => [p.name, p]));
  for (const p of base.packages)
    if (pkgs.get(p.name)?.ensure !== p.ensure)
      out.push({ where: `package ${p.name}`, line: -1, text: `ensure ${p.ensure ?? 'present'}` });
  const svcs = new Map(varied.services.map((s) => [s.name, s]));
  for (const s of base.services) {
    const o = svcs.get(s.name);
    if (o?.ensure !== s.ensure || o?.enable !== s.enable)
      out.push({
        where: `service ${s.name}`,
        line: -1,
        text: `ensure ${s.ensure ?? '(unmanaged)'}, enable ${s.enable ?? '(unmanaged)'}`,
      });
  }
  return out;
}

/** A run of the node as it is: what the varied runs compare with. */
export interface BaseRun {
  readonly shown: Shown;
  readonly classes: readonly string[];
  readonly findings: ReadonlySet<string>;
  readonly found: ReadonlyMap<string, FoundKey>;
}

function computeBase(project: Project, req: NodePreviewRequest): BaseRun {
  const { result, found } = evaluateFor(project, req);
  return {
    shown: shownOf(result),
    classes: result.classes,
    findings: new Set(result.findings.map((f) => f.message)),
    found,
  };
}

function computeKeyLines(project: Project, req: NodePreviewRequest, key: string, base: BaseRun): KeyLines {
  if (!base.found.has(key)) return { kind: 'unused' };
  const { result } = evaluateFor(project, req, (k, v) => (k === key ? varyValue(v) : v));
  if (result.classes.join() !== base.classes.join())
    return { kind: 'unclear', reason: 'it decides which classes the node declares' };
  const added = result.findings.find((f) => !base.findings.has(f.message));
  if (added) return { kind: 'unclear', reason: `another value stops the evaluation (${added.message})` };
  const lines = compare(base.shown, shownOf(result));
  return lines.length === 0 ? { kind: 'no-lines' } : { kind: 'lines', lines };
}

// The run of a node as it is is memoised (per node, when the facts are derived from the name): hover and the view
// share it, kept until a file it read changes.
const baseQuery = defineQuery('nodePreviewBase', (project: Project, id: string) => {
  const [root, node] = id.split('\n');
  return computeBase(project, { root: root!, node: node! });
});
/** The node as it is: what the varied runs compare with. */
export function baseRun(project: Project, req: NodePreviewRequest): BaseRun {
  return req.facts || req.maxSteps !== undefined
    ? computeBase(project, req)
    : project.query(baseQuery, `${req.root}\n${req.node}`);
}

/** The lines `key` becomes on the node of `req`. */
export function keyLines(project: Project, req: NodePreviewRequest, key: string): KeyLines {
  // Not memoised per key: the keys hovered are unbounded (every one typed), the nodes are not.
  return computeKeyLines(project, req, key, baseRun(project, req));
}

/** Whether the key's value for the node came (in part) from the data file at `path`. */
export function foundIn(found: FoundKey, path: string): boolean {
  const visit = (nodes: readonly ExplainNode[]): boolean =>
    nodes.some((n) => {
      if (n.kind === 'location' && n.path === path) return n.children.some((c) => c.kind === 'found');
      return 'children' in n && visit(n.children);
    });
  return visit(found.explanation);
}

const MAX_NODES = 8;
const MAX_LINES = 12;

function linesBlock(lines: readonly KeyLine[]): string {
  const shown = lines
    .slice(0, MAX_LINES)
    .map((l) => (l.line < 0 ? `${l.where}: ${l.text}` : `${l.where}:${l.line + 1}  ${l.text}`));
  const more = lines.length > MAX_LINES ? `\n… and ${lines.length - MAX_LINES} more lines` : '';
  return `\`\`\`text\n${shown.join('\n')}\n\`\`\`${more}`;
}

/**
 * The hover's part on a Hiera key: the lines it becomes on the node whose own data file this is, or, in a shared
 * file, on each node whose value of the key comes from this file (nodes with the same lines together). Undefined
 * when no node shows the key in any line (a file no node reads, a key no class of theirs takes).
 */
export function keyLinesMarkdown(project: Project, path: string, key: string): string | undefined {
  const root = project.repoRoot(path);
  if (!root) return undefined;
  const nodes = discoverNodes(project, root);
  const own = nodes.filter((n) => n.path === path);
  const candidates = (own.length > 0 ? own : nodes).slice(0, MAX_NODES);
  const groups = new Map<string, { nodes: string[]; lines: readonly KeyLine[] }>();
  const unclear = new Map<string, string[]>();
  const noLines: string[] = [];
  for (const n of candidates) {
    const req = { root, node: n.certname };
    const base = baseRun(project, req);
    const found = base.found.get(key);
    if (!found || !foundIn(found, path)) continue;
    const r = keyLines(project, req, key);
    if (r.kind === 'lines') {
      const id = JSON.stringify(r.lines);
      const g = groups.get(id);
      if (g) g.nodes.push(n.certname);
      else groups.set(id, { nodes: [n.certname], lines: r.lines });
    } else if (r.kind === 'unclear') unclear.set(r.reason, [...(unclear.get(r.reason) ?? []), n.certname]);
    else if (r.kind === 'no-lines') noLines.push(n.certname);
  }
  if (groups.size === 0 && unclear.size === 0) return undefined;
  const parts: string[] = [];
  for (const g of groups.values()) parts.push(`**On ${g.nodes.join(', ')}** it becomes:\n\n${linesBlock(g.lines)}`);
  if (noLines.length > 0)
    parts.push(`On ${noLines.join(', ')} it changes no line of the files, packages or services shown.`);
  for (const [reason, names] of unclear)
    parts.push(`On ${names.join(', ')}: which lines it becomes cannot be told apart: ${reason}.`);
  if (own.length === 0 && nodes.length > MAX_NODES) parts.push(`(The first ${MAX_NODES} of ${nodes.length} nodes.)`);
  return parts.join('\n\n');
}

/** The data file a key's value was first found in for the node (the highest level giving it). */
export function sourceOf(found: FoundKey): string | undefined {
  let out: string | undefined;
  const visit = (nodes: readonly ExplainNode[]): void => {
    for (const n of nodes) {
      if (out) return;
      if (n.kind === 'location' && n.children.some((c) => c.kind === 'found')) out = n.path;
      else if ('children' in n) visit(n.children);
    }
  };
  visit(found.explanation);
  return out;
}

export interface LineOrigins {
  /** Per file path on the node: per content line (0-based), the Hiera keys whose value it shows. */
  readonly lineKeys: ReadonlyMap<string, ReadonlyMap<number, readonly string[]>>;
  /** Each key named above: the data file its value was found in. */
  readonly sources: ReadonlyMap<string, string>;
  /** Keys whose lines cannot be told apart, with why. */
  readonly unclear: ReadonlyMap<string, string>;
}

/** For every key the node's evaluation found, the lines it becomes (one more evaluation per key). */
export function lineOrigins(project: Project, req: NodePreviewRequest): LineOrigins {
  const base = baseRun(project, req);
  const lineKeys = new Map<string, Map<number, string[]>>();
  const sources = new Map<string, string>();
  const unclear = new Map<string, string>();
  for (const [key, found] of base.found) {
    const r = keyLines(project, req, key);
    if (r.kind === 'unclear') unclear.set(key, r.reason);
    if (r.kind !== 'lines') continue;
    for (const l of r.lines) {
      if (l.line < 0) continue;
      let file = lineKeys.get(l.where);
      if (!file) lineKeys.set(l.where, (file = new Map()));
      const keys = file.get(l.line) ?? [];
      if (!keys.includes(key)) file.set(l.line, [...keys, key]);
      const src = sourceOf(found);
      if (src) sources.set(key, src);
    }
  }
  return { lineKeys, sources, unclear };
}
