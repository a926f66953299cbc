// A tolerant scanner for Hiera's `%{...}` interpolation in strings (data values, hierarchy paths, datadirs).
// It splits a string into literal text and interpolation parts, each with its offset range, and reports the
// malformed forms (an unclosed `%{`, an unknown function, a function call Puppet would not recognise, an empty
// expression) instead of failing. It follows Puppet's own reading: an expression runs to the first `}`, a
// function call is `name('arg')` or `name("arg")` and anything else names a variable, possibly dotted.
// It also holds the dotted-key splitter that lookups (`lookup('a.b')`) and variables (`facts.os.family`) share.

import type { TextRange } from '../../base/textRange.js';

export type InterpolationFunction = 'lookup' | 'hiera' | 'alias' | 'literal' | 'scope';

export const INTERPOLATION_FUNCTIONS: readonly InterpolationFunction[] = [
  'lookup',
  'hiera',
  'alias',
  'literal',
  'scope',
];

/** One segment of a dotted key: a hash key (string) or an array index (integer). */
export type KeySegment = string | number;

export type InterpolationPart =
  | { readonly kind: 'text'; readonly text: string; readonly range: TextRange }
  | {
      readonly kind: 'variable';
      /** The expression as Puppet reads it (trimmed), e.g. `facts.os.family` or `::fqdn`. */
      readonly name: string;
      /** The dotted segments; undefined when the name is not a valid dotted key. */
      readonly segments: readonly KeySegment[] | undefined;
      readonly range: TextRange;
      readonly nameRange: TextRange;
    }
  | {
      readonly kind: 'function';
      readonly name: InterpolationFunction;
      readonly argument: string;
      readonly range: TextRange;
      readonly nameRange: TextRange;
      /** The range of the argument text, inside the quotes. */
      readonly argumentRange: TextRange;
    }
  /** `%{}` (also `%{::}`, `%{''}`, ...): Puppet turns it into an empty string; used to escape `%{`. */
  | { readonly kind: 'empty'; readonly range: TextRange }
  /**
   * A part that Puppet cannot evaluate; the problem list says why. `unknownFunction` names the function of a
   * well-formed call to one Hiera does not have (Puppet fails the lookup on it; other malformed parts are read as
   * a variable name, which fails as a syntax error).
   */
  | { readonly kind: 'malformed'; readonly text: string; readonly range: TextRange; readonly unknownFunction?: string };

export type InterpolationProblemKind = 'unclosed' | 'unknown-function' | 'malformed-function' | 'bad-key' | 'empty';

export interface InterpolationProblem {
  readonly kind: InterpolationProblemKind;
  readonly range: TextRange;
  readonly message: string;
}

export interface InterpolationScan {
  readonly parts: readonly InterpolationPart[];
  readonly problems: readonly InterpolationProblem[];
}

const EMPTY_EXPRESSIONS = new Set(['', '::', '""', "''", '"::"', "'::'"]);
const FUNCTION_CALL = /^(\w+)\((?:"([^"]+)"|'([^']+)')\)$/;
const LOOKS_LIKE_CALL = /^(\w+)\s*\(/;

/**
 * Scans `text` for interpolations. Ranges are offsets into `text` plus `base`, so a caller that scans a YAML
 * scalar's value can pass the scalar's start offset (valid only when the scalar has no escapes or folding).
 */
export function scanInterpolations(text: string, base = 0): InterpolationScan {
  const parts: InterpolationPart[] = [];
  const problems: InterpolationProblem[] = [];
  let textStart = 0;
  let i = 0;
  const flushText = (end: number): void => {
    if (end > textStart)
      parts.push({
        kind: 'text',
        text: text.slice(textStart, end),
        range: { start: base + textStart, end: base + end },
      });
  };
  while (i < text.length) {
    const open = text.indexOf('%{', i);
    if (open < 0) break;
    const close = text.indexOf('}', open + 2);
    if (close < 0) {
      // Puppet leaves an unclosed `%{` as literal text; it is almost always a typo.
      problems.push({
        kind: 'unclosed',
        range: { start: base + open, end: base + text.length },
        message: "'%{' is never closed with '}'; Puppet keeps it as literal text.",
      });
      break;
    }
    flushText(open);
    const range = { start: base + open, end: base + close + 1 };
    const raw = text.slice(open + 2, close);
    const lead = raw.length - raw.trimStart().length;
    const expr = raw.trim();
    const exprStart = base + open + 2 + lead;
    parts.push(classify(expr, exprStart, range, problems));
    i = close + 1;
    textStart = i;
  }
  flushText(text.length);
  return { parts, problems };
}

/** A path template or string read as literal runs and the expressions of its closed `%{...}`, in order. */
export type TemplatePart = { readonly literal: string } | { readonly expr: string };

/**
 * The parts of a template (a hierarchy path, a datadir), by scanInterpolations; `unclosed` when a `%{` is never
 * closed (Puppet then keeps the rest as literal text, which is the last literal part).
 */
export function templateParts(text: string): { parts: TemplatePart[]; unclosed: boolean } {
  const scan = scanInterpolations(text);
  const parts = scan.parts.map((p): TemplatePart =>
    p.kind === 'text' ? { literal: p.text } : { expr: text.slice(p.range.start + 2, p.range.end - 1).trim() },
  );
  return { parts, unclosed: scan.problems.some((p) => p.kind === 'unclosed') };
}

/** The text with each closed `%{...}` replaced by `mask`. */
export function maskInterpolations(text: string, mask: string): string {
  return templateParts(text)
    .parts.map((p) => ('literal' in p ? p.literal : mask))
    .join('');
}

/**
 * The closed `%{...}` around `offset` on its line, with its range and the text between the braces, if any (the
 * hover of hiera.yaml and of data files). Read with scanInterpolations, so it sees the interpolations Puppet sees.
 */
export function interpolationAround(
  text: string,
  offset: number,
): { expr: string; start: number; end: number } | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  for (const part of scanInterpolations(text.slice(lineStart, lineEnd), lineStart).parts) {
    if (part.kind === 'text') continue;
    const { start, end } = part.range;
    if (start <= offset && offset <= end) return { expr: text.slice(start + 2, end - 1), start, end };
  }
  return undefined;
}

function classify(
  expr: string,
  exprStart: number,
  range: TextRange,
  problems: InterpolationProblem[],
): InterpolationPart {
  if (EMPTY_EXPRESSIONS.has(expr)) {
    problems.push({ kind: 'empty', range, message: 'Empty interpolation: Puppet replaces it with an empty string.' });
    return { kind: 'empty', range };
  }
  const call = FUNCTION_CALL.exec(expr);
  if (call) {
    const name = call[1];
    const argument = call[2] ?? call[3];
    const nameRange = { start: exprStart, end: exprStart + name.length };
    const argStart = exprStart + name.length + 2;
    if (!(INTERPOLATION_FUNCTIONS as readonly string[]).includes(name)) {
      problems.push({
        kind: 'unknown-function',
        range: nameRange,
        message: `Unknown interpolation function '${name}'; use one of ${INTERPOLATION_FUNCTIONS.join(', ')}.`,
      });
      return { kind: 'malformed', text: expr, range, unknownFunction: name };
    }
    return {
      kind: 'function',
      name: name as InterpolationFunction,
      argument,
      range,
      nameRange,
      argumentRange: { start: argStart, end: argStart + argument.length },
    };
  }
  const callLike = LOOKS_LIKE_CALL.exec(expr);
  if (callLike) {
    problems.push({
      kind: 'malformed-function',
      range,
      message: `'${expr}' is not a valid interpolation call; write ${callLike[1]}('argument') with one quoted, non-empty argument.`,
    });
    return { kind: 'malformed', text: expr, range };
  }
  const nameRange = { start: exprStart, end: exprStart + expr.length };
  const split = splitDottedKey(expr);
  if (split.kind === 'error') {
    problems.push({
      kind: 'bad-key',
      range: nameRange,
      message: `'${expr}' is not a valid variable name or dotted key.`,
    });
    return { kind: 'malformed', text: expr, range };
  }
  return { kind: 'variable', name: expr, segments: split.segments, range, nameRange };
}

export type DottedKey =
  | { readonly kind: 'ok'; readonly segments: readonly KeySegment[] }
  | { readonly kind: 'error'; readonly message: string };

const SPECIAL = /['".]/;
const SEGMENT = /(\s*"[^"]+"\s*|\s*'[^']+'\s*|[^'".]+)/;

/**
 * Splits a dotted key the way Puppet does: `a.b.0` is `['a', 'b', 0]`, quoted segments keep dots
 * (`a."b.c"` is `['a', 'b.c']`), and a segment of digits is an array index. The first segment is always a string.
 */
export function splitDottedKey(key: string): DottedKey {
  if (!SPECIAL.test(key)) return { kind: 'ok', segments: [key] };
  const pieces = key.split(SEGMENT);
  // Ruby's split drops trailing empty strings; JavaScript's keeps them.
  while (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop();
  if (pieces.length === 0 || pieces[0] !== '') return { kind: 'error', message: 'Syntax error' };
  pieces.shift();
  const count = pieces.length;
  if (count === 0) return { kind: 'error', message: 'Syntax error' };
  const kept = pieces.filter((p) => p !== '.');
  if (kept.length * 2 !== count + 1) return { kind: 'error', message: 'Syntax error' };
  const segments = kept.map((raw, index): KeySegment => {
    const s = raw.trim();
    if (s.startsWith('"') || s.startsWith("'")) return s.slice(1, -1);
    if (index > 0 && /^:?[+-]?[0-9]+$/.test(s)) return s.startsWith(':') ? 0 : Number.parseInt(s, 10);
    return s;
  });
  if (typeof segments[0] !== 'string') return { kind: 'error', message: 'Syntax error' };
  return { kind: 'ok', segments };
}
