// The values of Puppet string literals: single-quoted strings, double-quoted strings without interpolation,
// bare words, and heredoc text with its margin ('|') and line-break ('-') trimming and its escape flags.
// Used by the summary (class names in `include 'x'`, lookup keys) and by features that show string values.

import type { Heredoc } from './lexer.js';
import { heredocEndOf } from './lexer.js';
import { isNode, type SyntaxNode } from './tree.js';

/**
 * The value of a literal string node (StringExpr without interpolation, or a Literal bare word), or undefined
 * when the node is not a constant string.
 */
export function stringValue(node: SyntaxNode, text: string): string | undefined {
  if (node.kind === 'Literal') {
    const t = node.children.find((c) => !isNode(c) && c.kind === 'WORD');
    return t ? text.slice(t.start, t.end) : undefined;
  }
  if (node.kind !== 'StringExpr') return undefined;
  let sq: { start: number; end: number } | undefined;
  let out = '';
  let closed = false;
  for (const c of node.children) {
    if (isNode(c)) return undefined;
    switch (c.kind) {
      case 'SQ_STRING':
        sq = c;
        break;
      case 'STRING_TEXT':
        out += unescapeDouble(text.slice(c.start, c.end));
        break;
      case 'INTERP_VAR':
        return undefined;
      case 'DQ_CLOSE':
        closed = true;
        break;
    }
  }
  if (sq) {
    const raw = text.slice(sq.start + 1, Math.max(sq.start + 1, sq.end - 1));
    return raw.replace(/\\([\\'])/g, '$1');
  }
  return closed ? out : undefined;
}

/** The range of a constant string's content (without quotes), for precise references. */
export function stringContentRange(node: SyntaxNode): { start: number; end: number } {
  const first = node.children.find((c) => !isNode(c) && c.kind !== 'WHITESPACE' && c.kind !== 'COMMENT');
  const last = [...node.children].reverse().find((c) => !isNode(c) && c.kind !== 'WHITESPACE' && c.kind !== 'COMMENT');
  if (!first || !last) return { start: node.start, end: node.end };
  if (!isNode(first) && first.kind === 'SQ_STRING')
    return { start: first.start + 1, end: Math.max(first.start + 1, first.end - 1) };
  if (!isNode(first) && first.kind === 'DQ_OPEN' && !isNode(last) && last.kind === 'DQ_CLOSE')
    return { start: first.end, end: last.start };
  return { start: first.start, end: last.end };
}

const DOUBLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  s: ' ',
  $: '$',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/** The value of the text of a double-quoted string between interpolations: its escapes applied. */
export function unescapeDouble(raw: string): string {
  return raw.replace(/\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|\r?\n|.)/g, (m, e: string) => {
    if (e.startsWith('u')) {
      const hex = e.startsWith('u{') ? e.slice(2, -1) : e.slice(1);
      return codePointText(hex, m);
    }
    if (e === '\n' || e === '\r\n') return '';
    return DOUBLE_ESCAPES[e] ?? m;
  });
}

/**
 * The text of a heredoc as Puppet sees it: the lines before the end line, with the end line's indentation
 * removed from each line when it has '|', the last line break removed when it has '-', and the escapes named
 * by the flags applied. Interpolations are left as written.
 */
export function heredocText(heredoc: Heredoc, text: string): string {
  if (!heredoc.body) return '';
  const body = text.slice(heredoc.body.start, heredoc.body.end);
  const end = heredocEndOf(body, heredoc.spec.tag);
  const lastBreak = body.lastIndexOf('\n');
  const content = lastBreak < 0 ? '' : body.slice(0, lastBreak + 1);
  let lines = content.split(/(?<=\n)/);
  if (end.hasMargin && end.margin.length > 0) {
    lines = lines.map((l) =>
      l.startsWith(end.margin)
        ? l.slice(end.margin.length)
        : l.replace(/^[ \t]+/, (ws) => ws.slice(Math.min(ws.length, end.margin.length))),
    );
  }
  let result = lines.join('');
  if (end.removeBreak) result = result.replace(/\r?\n$/, '');
  const flags = heredoc.spec.escapes;
  if (flags !== undefined) {
    const enabled = flags.length === 0 ? 'trnsuL$' : flags;
    result = result.replace(/\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|\r?\n|.)/g, (m, e: string) => {
      if (e === '\\') return '\\';
      if (e.startsWith('u') && e.length > 1 && enabled.includes('u')) {
        const hex = e.startsWith('u{') ? e.slice(2, -1) : e.slice(1);
        return codePointText(hex, m);
      }
      if ((e === '\n' || e === '\r\n') && enabled.includes('L')) return '';
      const simple: Record<string, string> = { t: '\t', r: '\r', n: '\n', s: ' ', $: '$' };
      if (simple[e] !== undefined && enabled.includes(e)) return simple[e];
      return m;
    });
  }
  return result;
}

/** The character a `\u` escape names, or the escape as written when it names none (the parser reports those). */
function codePointText(hex: string, written: string): string {
  const code = parseInt(hex, 16);
  return code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? written : String.fromCodePoint(code);
}
