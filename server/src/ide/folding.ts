// Folding ranges. Manifests: every bracket pair ({}, [], ()) that spans lines, every heredoc, every block of
// two or more comment lines and every multi-line /* */ comment. Hiera data: every nested mapping or list that
// spans lines (folded under its key), and blocks of comment lines.

import { isMap, isSeq, type Node, type Pair } from 'yaml';
import type { Project } from '../workspace/project.js';
import { parsedManifest } from '../workspace/moduleIndex.js';
import type { FoldingRange } from './navigation/types.js';

export type { FoldingRange } from './navigation/types.js';

export function foldingRanges(project: Project, path: string): FoldingRange[] {
  switch (project.classify(path)) {
    case 'puppet':
      return manifestFolding(project, path);
    case 'hiera-data':
      return dataFolding(project, path);
    default:
      return [];
  }
}

const OPEN: Record<string, string> = {
  L_BRACE: 'R_BRACE',
  L_BRACK: 'R_BRACK',
  LIST_START: 'R_BRACK',
  L_PAREN: 'R_PAREN',
  WS_L_PAREN: 'R_PAREN',
};

function spansLines(text: string, start: number, end: number): boolean {
  return text.slice(start, end).includes('\n');
}

function manifestFolding(project: Project, path: string): FoldingRange[] {
  const parsed = parsedManifest(project, path);
  if (!parsed) return [];
  const { text } = parsed;
  const out: FoldingRange[] = [];
  const stack: Array<{ kind: string; start: number }> = [];
  let comments: { start: number; end: number; lines: number } | undefined;
  const flushComments = (): void => {
    if (comments && comments.lines >= 2)
      out.push({ range: { start: comments.start, end: comments.end }, kind: 'comment' });
    comments = undefined;
  };
  for (const t of parsed.parse.tokens) {
    if (t.kind === 'WHITESPACE') {
      // A blank line ends a comment block.
      if (/\n[ \t]*\r?\n/.test(text.slice(t.start, t.end))) flushComments();
      continue;
    }
    if (t.kind === 'COMMENT') {
      const body = text.slice(t.start, t.end);
      if (body.startsWith('/*')) {
        flushComments();
        if (body.includes('\n')) out.push({ range: { start: t.start, end: t.end }, kind: 'comment' });
        continue;
      }
      const lineStart = text.lastIndexOf('\n', t.start - 1) + 1;
      const ownLine = /^[ \t]*$/.test(text.slice(lineStart, t.start));
      if (!ownLine) continue;
      if (comments) comments = { start: comments.start, end: t.end, lines: comments.lines + 1 };
      else comments = { start: t.start, end: t.end, lines: 1 };
      continue;
    }
    flushComments();
    if (t.kind === 'HEREDOC_BODY') continue;
    if (OPEN[t.kind]) stack.push({ kind: t.kind, start: t.start });
    else if (t.kind === 'R_BRACE' || t.kind === 'R_BRACK' || t.kind === 'R_PAREN') {
      let i = stack.length - 1;
      while (i >= 0 && OPEN[stack[i].kind] !== t.kind) i--;
      if (i < 0) continue;
      const open = stack[i];
      stack.length = i;
      if (spansLines(text, open.start, t.start))
        out.push({ range: { start: open.start, end: t.start }, keepLastLine: true });
    }
  }
  flushComments();
  for (const h of parsed.parse.heredocs) {
    if (h.body && h.body.end > h.start.start) out.push({ range: { start: h.start.start, end: h.body.end } });
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

function dataFolding(project: Project, path: string): FoldingRange[] {
  const file = project.hieraData(path);
  const text = project.readText(path) ?? '';
  if (!file) return [];
  const out: FoldingRange[] = [];
  const visit = (node: Node | null | undefined, from: number): void => {
    if (!node) return;
    if (isMap(node) || isSeq(node)) {
      const r = node.range;
      if (r && from >= 0) {
        const end = trimEnd(text, r[1]);
        if (spansLines(text, from, end))
          out.push({ range: { start: from, end }, ...(node.flow ? { keepLastLine: true } : {}) });
      }
      for (const item of node.items as Array<Node | Pair<Node | null, Node | null>>) {
        if (isMap(node)) {
          const pair = item as Pair<Node | null, Node | null>;
          visit(pair.value, pair.key?.range ? pair.key.range[0] : -1);
        } else visit(item as Node, (item as Node).range ? (item as Node).range![0] : -1);
      }
    }
  };
  for (const e of file.entries) visit(e.valueNode, e.keyRange.start);
  // Comment blocks: two or more consecutive lines that start with '#'.
  const lines = text.split('\n');
  let offset = 0;
  let block: { start: number; end: number; count: number } | undefined;
  const flush = (): void => {
    if (block && block.count >= 2) out.push({ range: { start: block.start, end: block.end }, kind: 'comment' });
    block = undefined;
  };
  for (const line of lines) {
    const m = /^([ \t]*)#/.exec(line);
    if (m) {
      const start = offset + m[1].length;
      const end = offset + line.replace(/\r$/, '').length;
      block = block ? { start: block.start, end, count: block.count + 1 } : { start, end, count: 1 };
    } else flush();
    offset += line.length + 1;
  }
  flush();
  return out.sort((a, b) => a.range.start - b.range.start);
}

/** The end of a node without the trailing line break and blank lines YAML counts into it. */
function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
}
