// Doc comments the way puppet-strings reads them: the run of '#' comment lines directly above a definition
// (a blank or code line ends it), each stripped of its leading '#'s and one space, then split into YARD tags:
// `@summary text`, `@param name [Type] text` (or `@param [Type] name text`), `@example title` with an indented
// body, and the free text before the first tag. Other tags are kept out of the free text and otherwise ignored.

import type { DocComment } from './summaryTypes.js';

/**
 * The doc comment above the line holding `offset` (a definition's keyword), or undefined if there is none.
 * Like puppet-strings, this reads whole lines upwards while they start with '#'.
 */
export function docCommentBefore(text: string, offset: number): DocComment | undefined {
  const lines: string[] = [];
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  while (lineStart > 0) {
    const prevEnd = lineStart - 1;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    const line = text.slice(prevStart, prevEnd).trim();
    if (!line.startsWith('#')) break;
    lines.push(line.replace(/^#+\s?/, ''));
    lineStart = prevStart;
  }
  if (lines.length === 0) return undefined;
  lines.reverse();
  return parseDocText(lines);
}

interface OpenTag {
  readonly tag: string;
  readonly head: string;
  readonly body: string[];
}

/** Splits doc text into free text and YARD tags. */
export function parseDocText(lines: readonly string[]): DocComment {
  const free: string[] = [];
  const tags: OpenTag[] = [];
  let current: OpenTag | undefined;
  for (const line of lines) {
    const m = /^@(\w+)\s*(.*)$/.exec(line);
    if (m) {
      current = { tag: m[1], head: m[2], body: [] };
      tags.push(current);
    } else if (current && (line.length === 0 || /^\s/.test(line))) {
      current.body.push(line);
    } else {
      current = undefined;
      free.push(line);
    }
  }
  let summary: string | undefined;
  const params: { name: string; types: string[]; text: string }[] = [];
  const examples: { title: string; text: string }[] = [];
  for (const t of tags) {
    const bodyText = dedent(t.body);
    if (t.tag === 'summary') summary = joinText(t.head, bodyText);
    else if (t.tag === 'param') {
      const p = paramHead(t.head);
      if (!p) continue;
      params.push({ name: p.name, types: p.types, text: joinText(p.rest, bodyText) });
    } else if (t.tag === 'example') {
      examples.push({ title: t.head.trim(), text: bodyText });
    }
  }
  return { text: free.join('\n').trim(), summary, params, examples };
}

/** Reads `name [Types] text` or `[Types] name text`; types may nest brackets (Array[String]). */
function paramHead(head: string): { name: string; types: string[]; rest: string } | undefined {
  let rest = head.trim();
  let types: string[] = [];
  const takeTypes = (): void => {
    if (!rest.startsWith('[')) return;
    let depth = 0;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '[') depth++;
      else if (rest[i] === ']' && --depth === 0) {
        types = splitTypes(rest.slice(1, i));
        rest = rest.slice(i + 1).trim();
        return;
      }
    }
  };
  takeTypes();
  const m = /^(\S+)\s*([\s\S]*)$/.exec(rest);
  if (!m) return undefined;
  const name = m[1].replace(/^\$/, '');
  rest = m[2];
  if (types.length === 0) takeTypes();
  return { name, types, rest };
}

/** Splits a YARD type list at top-level commas. */
function splitTypes(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '[' || c === '{' || c === '(') depth++;
    else if (c === ']' || c === '}' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(list.slice(start).trim());
  return out.filter((t) => t.length > 0);
}

function joinText(head: string, body: string): string {
  const parts = [head.trim(), body.trim()].filter((s) => s.length > 0);
  return parts.join('\n');
}

function dedent(lines: readonly string[]): string {
  let min = Infinity;
  for (const l of lines) if (l.trim().length > 0) min = Math.min(min, l.length - l.trimStart().length);
  if (min === Infinity) min = 0;
  return lines
    .map((l) => l.slice(Math.min(min, l.length - l.trimStart().length)))
    .join('\n')
    .replace(/\s+$/, '');
}
