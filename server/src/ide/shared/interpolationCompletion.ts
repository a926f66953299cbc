// Completion inside `%{...}`, shared by hiera.yaml (paths and datadirs: variables only) and data files
// (variables, the interpolation functions, and Hiera keys after `lookup('`, `alias('` and `hiera('`). The site
// is found on the cursor's line: the last `%{` before the cursor that no `}` has closed yet.

import type { TextRange } from '../../base/textRange.js';
import type { CompletionItem } from '../types.js';
import {
  FACT_KEYS,
  FUNCTION_WORDS,
  LEGACY_FACTS,
  SERVER_FACT_KEYS,
  TRUSTED_KEYS,
  VARIABLE_ROOTS,
  type Word,
} from '../../knowledge/interpolationWords.js';

export interface InterpolationSite {
  /** Offset just after `%{`. */
  readonly start: number;
  /** The expression typed so far (from `start` to the cursor). */
  readonly prefix: string;
  /** Offset of the closing `}` on the line, if any. */
  readonly close?: number;
}

export function interpolationAt(text: string, offset: number): InterpolationSite | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const open = before.lastIndexOf('%{');
  if (open < 0 || before.indexOf('}', open) >= 0) return undefined;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const closeAt = text.slice(offset, lineEnd).indexOf('}');
  const start = lineStart + open + 2;
  return { start, prefix: text.slice(start, offset), ...(closeAt >= 0 ? { close: offset + closeAt } : {}) };
}

export interface KeyChoice {
  readonly key: string;
  readonly detail?: string;
  readonly documentation?: string;
}

function items(
  words: readonly Word[],
  prefix: string,
  range: TextRange,
  kind: CompletionItem['kind'],
  sortGroup: string,
): CompletionItem[] {
  return words.map((w) => ({
    label: `${prefix}${w.name}`,
    kind,
    documentation: w.doc,
    range,
    insertText: `${prefix}${w.name}`,
    sortText: `${sortGroup}${w.name}`,
  }));
}

/**
 * Items for the expression at `site`, or [] when nothing fits. `keys` is asked only after a function's quote.
 * In `path` mode (hiera.yaml) functions are not offered: Puppet rejects them there.
 */
export function completeInterpolation(
  text: string,
  offset: number,
  site: InterpolationSite,
  mode: 'path' | 'value',
  keys: () => readonly KeyChoice[],
): CompletionItem[] {
  const p = site.prefix;
  const call = /^\s*(lookup|alias|hiera)\(\s*(['"])([^'"]*)$/.exec(p);
  if (call) {
    if (mode === 'path') return [];
    const quote = call[2];
    const argStart = offset - call[3].length;
    let end = offset;
    while (end < text.length && /[A-Za-z0-9_:.-]/.test(text[end])) end++;
    const closedQuote = text[end] === quote;
    const tail = closedQuote ? '' : `${quote})${site.close === undefined ? '}' : ''}`;
    return keys().map((k, i) => ({
      label: k.key,
      kind: 'property' as const,
      ...(k.detail ? { detail: k.detail } : {}),
      ...(k.documentation ? { documentation: k.documentation } : {}),
      range: { start: argStart, end },
      insertText: `${k.key}${tail}`,
      sortText: String(i).padStart(5, '0'),
      filterText: k.key,
    }));
  }
  if (/\(/.test(p)) return [];
  const exprStart = site.start + (p.length - p.trimStart().length);
  let end = offset;
  while (end < text.length && /[A-Za-z0-9_:.-]/.test(text[end])) end++;
  const range = { start: exprStart, end };
  const expr = p.trimStart();
  const dot = expr.lastIndexOf('.');
  if (expr.startsWith('::')) return items(LEGACY_FACTS, '::', range, 'variable', '0');
  if (dot > 0) {
    const root = expr.slice(0, expr.indexOf('.'));
    if (root === 'facts') return items(FACT_KEYS, 'facts.', range, 'variable', '0');
    if (root === 'trusted') return items(TRUSTED_KEYS, 'trusted.', range, 'variable', '0');
    if (root === 'server_facts') return items(SERVER_FACT_KEYS, 'server_facts.', range, 'variable', '0');
    return [];
  }
  const out: CompletionItem[] = [];
  for (const w of VARIABLE_ROOTS) {
    const dotted = w.name !== 'environment';
    out.push({
      label: dotted ? `${w.name}.` : w.name,
      kind: 'variable',
      documentation: w.doc,
      range,
      insertText: dotted ? `${w.name}.` : w.name,
      sortText: `0${w.name}`,
    });
  }
  out.push({
    label: 'trusted.certname',
    kind: 'variable',
    documentation: TRUSTED_KEYS[0].doc,
    range,
    insertText: 'trusted.certname',
    sortText: '0trusted.certname',
  });
  if (mode === 'value') {
    // Not in hiera.yaml: accepted as it stands, `%{::}` is an empty scope, which a path reads as an empty string.
    // Typing `::` there still offers the top-scope facts.
    out.push({
      label: '::',
      kind: 'variable',
      documentation: 'A top-scope variable: a legacy flat fact such as `::fqdn`, or a variable set before the lookup.',
      range,
      insertText: '::',
      sortText: '1::',
    });
    for (const f of FUNCTION_WORDS) {
      const closing = site.close === undefined ? "')}" : "')";
      out.push({
        label: `${f.name}('')`,
        kind: 'function',
        documentation: f.doc,
        range,
        insertText: `${f.name}('`,
        snippet: `${f.name}('\${1}${closing}`,
        filterText: f.name,
        sortText: `2${f.name}`,
      });
    }
  }
  return out;
}
