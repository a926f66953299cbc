// The strings of a Hiera data value with their place in the text, for the rules and features that look inside
// them (`%{...}` interpolation): every string scalar of a value, hash keys included, as Puppet interpolates
// them. An offset into a string maps exactly onto the text only for plain and simply quoted scalars; for the
// others (escapes, folded or block scalars) callers fall back to the scalar's whole range.

import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import type { TextRange } from '../../base/textRange.js';
import { scanInterpolations, type InterpolationScan } from './interpolation.js';

export interface DataString {
  readonly value: string;
  /** The scalar's range in the text (quotes included). */
  readonly range: TextRange;
  /** The offset of the string's first character when offsets inside it map exactly; undefined otherwise. */
  readonly base?: number;
}

export function* dataStrings(node: YamlNode | null | undefined, text: string, depth = 0): Generator<DataString> {
  if (!node || depth > 50) return;
  if (isScalar(node)) {
    if (typeof node.value !== 'string' || !node.range) return;
    const range = { start: node.range[0], end: node.range[1] };
    const raw = text.slice(range.start, range.end);
    const v = node.value;
    let base: number | undefined;
    if (node.type === 'PLAIN' && raw === v) base = range.start;
    else if (node.type === 'QUOTE_SINGLE' && raw === `'${v}'` && !v.includes("'")) base = range.start + 1;
    else if (node.type === 'QUOTE_DOUBLE' && raw === `"${v}"` && !v.includes('\\')) base = range.start + 1;
    yield { value: v, range, ...(base !== undefined ? { base } : {}) };
    return;
  }
  if (isSeq(node)) {
    for (const item of node.items) yield* dataStrings(item as YamlNode | null, text, depth + 1);
    return;
  }
  if (isMap(node)) {
    for (const pair of node.items as Pair<YamlNode | null, YamlNode | null>[]) {
      yield* dataStrings(pair.key, text, depth + 1);
      yield* dataStrings(pair.value, text, depth + 1);
    }
  }
}

/** The interpolations of a string, with ranges in the text (exact, or the scalar's range). */
export function scanDataString(s: DataString): InterpolationScan & { readonly exact: boolean } {
  const scan = scanInterpolations(s.value, s.base ?? 0);
  if (s.base !== undefined) return { ...scan, exact: true };
  const at = <T extends { range: TextRange }>(x: T): T => ({ ...x, range: s.range });
  return { parts: scan.parts.map(at), problems: scan.problems.map(at), exact: false };
}
