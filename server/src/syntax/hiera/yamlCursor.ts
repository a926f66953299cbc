// Where the cursor is in a block-style YAML file (hiera.yaml, Hiera data), worked out from indentation alone so
// that it also works while the file is broken mid-edit: the chain of enclosing keys (`hierarchy`, `-` for a list
// item, ...), whether the cursor is on a key or in a value, the token a completion replaces, and the keys
// already present in the same mapping. Flow collections (`[a, b]`, `{a: b}`) and multi-line scalars are not
// followed; callers treat such places as values.

import type { TextRange } from '../../base/textRange.js';

export interface YamlCursor {
  /** Keys of the enclosing mappings, outermost first; `-` stands for a list item. */
  readonly path: readonly string[];
  /** On a key (or where a key would go), in the value after `key:`, or on a list item's scalar. */
  readonly kind: 'key' | 'value' | 'item';
  /** For `value`: the key before the colon. */
  readonly key?: string;
  /** The word under the cursor, from its start to its end (what a completion replaces). */
  readonly range: TextRange;
  /** The text of the word from its start to the cursor. */
  readonly prefix: string;
  /** For `key`: the line already has a colon after the word. */
  readonly hasColon: boolean;
  /** Keys of the same mapping on other lines. */
  readonly siblings: readonly string[];
}

interface Line {
  readonly start: number;
  readonly text: string;
  /** Columns of the `- ` markers at the start of the line. */
  readonly dashes: readonly number[];
  /** Column of the first character after indentation and dashes. */
  readonly contentCol: number;
  readonly key?: string;
  /** Nothing after the key's colon (the value is on the next lines). */
  readonly emptyValue: boolean;
  readonly blank: boolean;
}

const KEY = /^(?:'([^']*)'|"([^"]*)"|([^\s#'"\-?:,[\]{}][^#]*?|-[^\s#][^#]*?))\s*:(?=\s|$)/;

function readLine(text: string, start: number, end: number): Line {
  const s = text.slice(start, end);
  let i = 0;
  const dashes: number[] = [];
  for (;;) {
    while (s[i] === ' ') i++;
    if (s[i] === '-' && (s[i + 1] === ' ' || i + 1 === s.length)) {
      dashes.push(i);
      i++;
      continue;
    }
    break;
  }
  const rest = s.slice(i);
  const blank = rest.trim() === '' || rest.startsWith('#');
  const m = KEY.exec(rest);
  const key = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
  const after = m ? rest.slice(m[0].length).replace(/#.*$/, '').trim() : '';
  return { start, text: s, dashes, contentCol: i, key, emptyValue: after === '', blank: blank && dashes.length === 0 };
}

function lineBounds(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return { start, end };
}

const WORD = /[A-Za-z0-9_:.-]/;

/** The enclosing path and mapping siblings for content at column `col` (inside a list item when `dash` is set). */
function ancestors(
  text: string,
  lineStart: number,
  col: number,
  dash: number | undefined,
): { path: string[]; siblings: string[] } {
  const path: string[] = [];
  const siblings: string[] = [];
  let want = col;
  // In "owner" mode we look for the key whose value is the list that holds the current item.
  let owner = false;
  if (dash !== undefined) {
    path.unshift('-');
    want = dash;
    owner = true;
  }
  let collectSiblings = true;
  let end = lineStart - 1;
  while (end >= 0 && (want > 0 || owner)) {
    // lastIndexOf with a negative position searches from 0 again: guard it, or a leading newline loops forever.
    const start = end <= 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1;
    const l = readLine(text, start, end);
    end = start - 1;
    if (l.blank) continue;
    const firstCol = l.dashes.length > 0 ? l.dashes[0] : l.contentCol;
    if (owner) {
      if (l.dashes.includes(want) || firstCol > want) continue;
      if (firstCol === want && !(l.dashes.length === 0 && l.key !== undefined)) continue;
    } else {
      if (firstCol > want) continue;
      if (l.contentCol === want && l.dashes.length === 0) {
        if (collectSiblings && l.key !== undefined) siblings.push(l.key);
        continue;
      }
      if (l.contentCol === want && l.dashes.length > 0) {
        // The first line of the list item that holds this mapping.
        if (collectSiblings && l.key !== undefined) siblings.push(l.key);
        collectSiblings = false;
        path.unshift('-');
        want = l.dashes[l.dashes.length - 1];
        owner = true;
        continue;
      }
    }
    // A line further left: its key owns the current mapping or list.
    collectSiblings = false;
    if (l.key === undefined) break;
    path.unshift(l.key);
    owner = false;
    want = l.contentCol;
    if (l.dashes.length > 0) {
      path.unshift('-');
      want = l.dashes[l.dashes.length - 1];
      owner = true;
    }
  }
  return { path, siblings };
}

export function yamlCursor(text: string, offset: number): YamlCursor {
  const { start, end } = lineBounds(text, offset);
  const line = readLine(text, start, end);
  const col = offset - start;
  const before = text.slice(start, offset);
  let wordStart = offset;
  while (wordStart > start + line.contentCol && WORD.test(text[wordStart - 1])) wordStart--;
  let wordEnd = offset;
  while (wordEnd < end && WORD.test(text[wordEnd]) && !(text[wordEnd] === ':' && /\s/.test(text[wordEnd + 1] ?? ' ')))
    wordEnd++;
  const dash = line.dashes.length > 0 ? line.dashes[line.dashes.length - 1] : undefined;
  const contentCol = Math.min(line.contentCol, col);
  // In the value after `key: ` on this line?
  const content = before.slice(contentCol);
  const colon = /^(?:'[^']*'|"[^"]*"|[^\s#'"][^#]*?)\s*:(\s+|$)/.exec(content);
  const keyOnLine = colon
    ? KEY.exec(content)
        ?.slice(1, 4)
        .find((x) => x !== undefined)
    : undefined;
  const { path, siblings } = ancestors(text, start, contentCol, dash);
  if (colon && keyOnLine !== undefined && contentCol + colon[0].length <= col) {
    let vStart = offset;
    while (vStart > start + contentCol + colon[0].length && !/[\s'"[,{]/.test(text[vStart - 1])) vStart--;
    return {
      path,
      kind: 'value',
      key: keyOnLine,
      range: { start: vStart, end: wordEnd },
      prefix: text.slice(vStart, offset),
      hasColon: true,
      siblings,
    };
  }
  const looksLikeItemScalar = dash !== undefined && !/^[A-Za-z0-9_:.-]*$/.test(content);
  if (
    looksLikeItemScalar ||
    (dash !== undefined && path.length > 0 && line.key === undefined && /^['"]/.test(content))
  ) {
    let vStart = offset;
    while (vStart > start + contentCol && !/[\s'"]/.test(text[vStart - 1])) vStart--;
    return {
      path,
      kind: 'item',
      range: { start: vStart, end: wordEnd },
      prefix: text.slice(vStart, offset),
      hasColon: false,
      siblings,
    };
  }
  const rest = text.slice(wordEnd, end);
  return {
    path,
    kind: 'key',
    range: { start: wordStart, end: wordEnd },
    prefix: text.slice(wordStart, offset),
    hasColon: /^\s*:(\s|$)/.test(rest),
    siblings,
  };
}
