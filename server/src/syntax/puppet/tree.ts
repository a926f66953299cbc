// The concrete syntax tree of a Puppet manifest: nodes with a kind and an ordered list of children, tokens with
// a kind and a range. The tree is lossless — the tokens under the root, trivia included, spell out the whole
// text — so tools can map any offset to a node and re-print any part of the source. Ranges are UTF-16 offsets.
// Also here: small read-only helpers to walk the tree and a printer used by golden tests.

import type { NodeKind, TokenKind } from './syntaxKind.js';
import { isTrivia } from './syntaxKind.js';

export interface SyntaxToken {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
}

export interface SyntaxNode {
  readonly kind: NodeKind;
  readonly start: number;
  readonly end: number;
  readonly children: readonly SyntaxElement[];
}

export type SyntaxElement = SyntaxNode | SyntaxToken;

export function isNode(e: SyntaxElement): e is SyntaxNode {
  return (e as SyntaxNode).children !== undefined;
}

/** The child nodes of a node, in order, without tokens. */
export function childNodes(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of node.children) if (isNode(c)) out.push(c);
  return out;
}

/** The first child node of the given kind. */
export function childOfKind(node: SyntaxNode, kind: NodeKind): SyntaxNode | undefined {
  for (const c of node.children) if (isNode(c) && c.kind === kind) return c;
  return undefined;
}

/** The first direct child token of the given kind. */
export function tokenOfKind(node: SyntaxNode, kind: TokenKind): SyntaxToken | undefined {
  for (const c of node.children) if (!isNode(c) && c.kind === kind) return c;
  return undefined;
}

/** The range of a node without leading and trailing trivia (comments, whitespace). */
export function trimmedRange(node: SyntaxElement): { start: number; end: number } {
  const first = firstSignificantToken(node);
  const last = lastSignificantToken(node);
  if (!first || !last) return { start: node.start, end: node.start };
  return { start: first.start, end: last.end };
}

// The walks below are iterative: an operator or access chain is one left-deep spine, as deep as the chain is
// long, and a recursive walk would run out of stack on a long one.

export function firstSignificantToken(e: SyntaxElement): SyntaxToken | undefined {
  return edgeSignificantToken(e, false);
}

export function lastSignificantToken(e: SyntaxElement): SyntaxToken | undefined {
  return edgeSignificantToken(e, true);
}

/** The first (or, from the end, the last) token under `e` that is not trivia. */
function edgeSignificantToken(e: SyntaxElement, fromEnd: boolean): SyntaxToken | undefined {
  const stack: SyntaxElement[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (!isNode(x)) {
      if (!isTrivia(x.kind)) return x;
      continue;
    }
    // The stack pops the child to look at next: push them in the opposite order.
    if (fromEnd) for (const c of x.children) stack.push(c);
    else for (let i = x.children.length - 1; i >= 0; i--) stack.push(x.children[i]);
  }
  return undefined;
}

/** Calls `visit` for every node under (and including) `root`, parents before children. */
export function walkNodes(root: SyntaxNode, visit: (node: SyntaxNode) => void): void {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    for (let i = node.children.length - 1; i >= 0; i--) {
      const c = node.children[i];
      if (isNode(c)) stack.push(c);
    }
  }
}

/** Prints a tree one element per line with kinds and ranges; tokens other than whitespace show their text. */
export function printTree(root: SyntaxNode, text: string): string {
  const lines: string[] = [];
  const stack: Array<{ e: SyntaxElement; depth: number }> = [{ e: root, depth: 0 }];
  while (stack.length > 0) {
    const { e, depth } = stack.pop()!;
    const indent = '  '.repeat(depth);
    if (isNode(e)) {
      lines.push(`${indent}${e.kind}@${e.start}..${e.end}`);
      for (let i = e.children.length - 1; i >= 0; i--) stack.push({ e: e.children[i], depth: depth + 1 });
    } else {
      lines.push(`${indent}${e.kind}@${e.start}..${e.end} ${JSON.stringify(text.slice(e.start, e.end))}`);
    }
  }
  return lines.join('\n') + '\n';
}
