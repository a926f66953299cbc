// Where the cursor is in a manifest, for completion: on a class name (after include/contain/require, as the
// title of `class { '...': }`, inside `Class['...']`), on an attribute name in a resource-like class
// declaration or in a resource's body, on the value of a resource attribute, on a capitalised type name, or on a
// lower-case name where a statement or expression starts (a resource type or a function). Worked out from the lexer's tokens and the line's text, so it holds while the code is broken
// mid-edit (an empty `include ` does not parse, but it is exactly where completion is wanted).

import type { TextRange } from '../../base/textRange.js';
import type { Token } from '../../syntax/puppet/index.js';

export type ClassNameForm = 'include' | 'resource-title' | 'class-reference';

export type ManifestCursor =
  | { readonly kind: 'class-name'; readonly form: ClassNameForm; readonly range: TextRange; readonly prefix: string }
  | {
      readonly kind: 'class-attribute';
      readonly className: string;
      readonly range: TextRange;
      readonly prefix: string;
      /** Attributes the declaration already sets (besides the one being typed). */
      readonly present: readonly string[];
    }
  | {
      /** At an attribute name in the body of a resource of a built-in type (`package`, `service`, ...). */
      readonly kind: 'resource-attribute';
      readonly typeName: string;
      readonly range: TextRange;
      readonly prefix: string;
      readonly present: readonly string[];
    }
  | {
      /** At the value of a built-in type's attribute (`ensure => |`, `ensure => '|'`). */
      readonly kind: 'attribute-value';
      readonly typeName: string;
      readonly attribute: string;
      readonly range: TextRange;
      readonly prefix: string;
      /** Inside a quoted string: only the attribute's own values fit there. */
      readonly quoted?: boolean;
    }
  | {
      /** At a capitalised name in code: a data type (`Str`, `Stdlib::Po`) or a resource reference (`Serv`). */
      readonly kind: 'type-name';
      readonly range: TextRange;
      readonly prefix: string;
    }
  | {
      /**
       * At a lower-case name where code starts: a statement (a resource type or a function may come) or an
       * expression (a function call).
       */
      readonly kind: 'code-name';
      readonly statement: boolean;
      readonly range: TextRange;
      readonly prefix: string;
    }
  | { readonly kind: 'other' };

const NAME_CHAR = /[A-Za-z0-9_:]/;
const TRIVIA = new Set(['WHITESPACE', 'COMMENT', 'HEREDOC_BODY']);
/** Tokens whose text is not code: a capitalised word in them is no type. */
const STRING_LIKE = new Set(['SQ_STRING', 'STRING_TEXT', 'DQ_OPEN', 'DQ_CLOSE', 'REGEX', 'WORD']);

function wordAround(text: string, offset: number): { range: TextRange; prefix: string } {
  let start = offset;
  while (start > 0 && NAME_CHAR.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && NAME_CHAR.test(text[end])) end++;
  return { range: { start, end }, prefix: text.slice(start, offset) };
}

/** The token the cursor is in or just after (start < offset <= end): typing at the end of a comment is in it. */
function tokenBefore(tokens: readonly Token[], offset: number): Token | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid];
    if (t.end < offset) lo = mid + 1;
    else if (t.start >= offset) hi = mid - 1;
    else return t;
  }
  return undefined;
}

export function manifestCursor(text: string, tokens: readonly Token[], offset: number): ManifestCursor {
  const at = tokenBefore(tokens, offset);
  if (at && (at.kind === 'COMMENT' || at.kind === 'HEREDOC_BODY')) return { kind: 'other' };
  // Inside a string, only a class name (no spaces) is completed: `'include x'` is text, not code.
  if (at && (at.kind === 'SQ_STRING' || at.kind === 'STRING_TEXT') && /\s/.test(text.slice(at.start, offset)))
    return { kind: 'other' };
  const quoted = at && quotedValueCursor(text, tokens, at, offset);
  if (quoted) return quoted;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const word = wordAround(text, offset);
  if (
    /(^|[\s;{}(])(include|contain|require)(?:\s+|\s*\(\s*)(?:['"]?[\w:]+['"]?\s*,\s*)*['"]?[\w:]*$/.test(before) &&
    !/=>\s*$/.test(before)
  ) {
    return { kind: 'class-name', form: 'include', ...word };
  }
  if (/\bclass\s*\{\s*['"][\w:]*$/.test(before)) return { kind: 'class-name', form: 'resource-title', ...word };
  if (/\bClass\s*\[\s*(?:['"][\w:]*['"]\s*,\s*)*['"][\w:]*$/.test(before))
    return { kind: 'class-name', form: 'class-reference', ...word };
  if (/^(::)?[A-Z][\w:]*$/.test(word.prefix) && !STRING_LIKE.has(at?.kind ?? '') && at?.kind !== 'VARIABLE')
    return { kind: 'type-name', ...word };
  const attribute = attributeCursor(text, tokens, word);
  if (attribute.kind !== 'other' || STRING_LIKE.has(at?.kind ?? '') || at?.kind === 'VARIABLE') return attribute;
  return codeNameCursor(tokens, word);
}

/** In a quoted attribute value (`ensure => 'ru|'`, `ensure => "ru|"`): the text inside the quotes. */
function quotedValueCursor(
  text: string,
  tokens: readonly Token[],
  at: Token,
  offset: number,
): ManifestCursor | undefined {
  const sig = tokens.filter((t) => !TRIVIA.has(t.kind) && t.kind !== 'EOF');
  let k = sig.indexOf(at);
  let range: TextRange;
  if (at.kind === 'SQ_STRING') {
    const closed = at.end - at.start >= 2 && text[at.end - 1] === "'";
    if (closed && offset >= at.end) return undefined;
    range = { start: at.start + 1, end: closed ? at.end - 1 : at.end };
  } else if (at.kind === 'STRING_TEXT' && sig[k - 1]?.kind === 'DQ_OPEN') {
    range = { start: at.start, end: at.end };
    k--;
  } else return undefined;
  if (k < 2 || sig[k - 1].kind !== 'FAT_ARROW' || sig[k - 2].kind !== 'NAME') return undefined;
  const brace = enclosingBrace(sig, k - 2);
  if (brace < 1 || sig[brace].kind !== 'L_BRACE' || sig[brace - 1].kind !== 'NAME' || !pastTitle(sig, brace, k - 1))
    return undefined;
  return {
    kind: 'attribute-value',
    typeName: text.slice(sig[brace - 1].start, sig[brace - 1].end),
    attribute: text.slice(sig[k - 2].start, sig[k - 2].end),
    range,
    prefix: text.slice(range.start, offset),
    quoted: true,
  };
}

/** Tokens after which an expression starts: a function call may be typed there. */
const EXPRESSION_AFTER = new Set([
  'EQ',
  'FAT_ARROW',
  'L_PAREN',
  'WS_L_PAREN',
  'LIST_START',
  'IF_KW',
  'ELSIF_KW',
  'UNLESS_KW',
  'CASE_KW',
  'AND_KW',
  'OR_KW',
  'BANG',
  'QMARK',
]);

/** Tokens that, just before a '{', make it a block of statements (`if $x {`, `|$v| {`, `'a': {`, `else {`). */
const BODY_AFTER = new Set([
  'R_PAREN',
  'PIPE',
  'COLON',
  'ELSE_KW',
  'VARIABLE',
  'SQ_STRING',
  'DQ_CLOSE',
  'NUMBER',
  'TRUE_KW',
  'FALSE_KW',
]);

/** Whether the '{' at sig[j] opens statements (a class, define or node body, a block), not a resource or hash. */
function statementBrace(sig: readonly Token[], j: number): boolean {
  const b = sig[j - 1];
  if (!b) return false;
  if (BODY_AFTER.has(b.kind)) return true;
  // `class a::b {`, `define a::b {`, `class a inherits b {`
  const k = sig[j - 2]?.kind;
  if (b.kind === 'NAME' && (k === 'CLASS_KW' || k === 'DEFINE_KW' || k === 'INHERITS_KW')) return true;
  // Any condition (`if $facts['x'] {`, `unless $x =~ Stdlib::Port {`): an if, elsif or unless starts it.
  let depth = 0;
  for (let m = j - 1; m >= 0; m--) {
    const kind = sig[m].kind;
    if (kind === 'R_BRACE' || kind === 'R_BRACK' || kind === 'R_PAREN') depth++;
    else if (
      kind === 'L_BRACE' ||
      kind === 'L_BRACK' ||
      kind === 'LIST_START' ||
      kind === 'L_PAREN' ||
      kind === 'WS_L_PAREN'
    ) {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0 && kind === 'SEMI') return false;
    else if (depth === 0 && (kind === 'IF_KW' || kind === 'ELSIF_KW' || kind === 'UNLESS_KW')) return true;
  }
  return false;
}

/** A lower-case word being typed where a statement or an expression starts. */
function codeNameCursor(tokens: readonly Token[], word: { range: TextRange; prefix: string }): ManifestCursor {
  // Something must be typed: a blank line asks for nothing in particular.
  if (!/^[a-z_][a-z0-9_]*$/.test(word.prefix)) return { kind: 'other' };
  const sig = tokens.filter((t) => !TRIVIA.has(t.kind) && t.kind !== 'EOF');
  let i = sig.length - 1;
  while (i >= 0 && sig[i].start >= word.range.start) i--;
  const statement = (s: boolean): ManifestCursor => ({ kind: 'code-name', statement: s, ...word });
  if (i < 0) return statement(true);
  const prev = sig[i].kind;
  if (prev === 'SEMI' || prev === 'R_BRACE') return statement(true);
  if (prev === 'L_BRACE') return statementBrace(sig, i) ? statement(true) : { kind: 'other' };
  // After a DOT, a function called as a method: `$ports.each`, `$facts.get`.
  if (EXPRESSION_AFTER.has(prev) || prev === 'DOT') return statement(false);
  // A further argument of a call or element of an array; a COMMA in a hash or resource body is no expression.
  if (prev === 'COMMA') {
    const open = enclosingBrace(sig, i);
    const k = open >= 0 ? sig[open].kind : undefined;
    if (k === 'L_PAREN' || k === 'WS_L_PAREN' || k === 'LIST_START' || k === 'L_BRACK') return statement(false);
  }
  return { kind: 'other' };
}

/** The unmatched '{' that encloses significant token i, as an index into sig, or -1. */
function enclosingBrace(sig: readonly Token[], i: number): number {
  let depth = 0;
  for (let j = i; j >= 0; j--) {
    const k = sig[j].kind;
    if (k === 'R_BRACE' || k === 'R_BRACK' || k === 'R_PAREN') depth++;
    else if (k === 'L_BRACE' || k === 'L_BRACK' || k === 'LIST_START' || k === 'L_PAREN' || k === 'WS_L_PAREN') {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -1;
}

/** Attributes already set in the body opened at sig[brace]: NAME => at depth 0, except the one at `skipStart`. */
function presentAttributes(text: string, sig: readonly Token[], brace: number, skipStart: number): string[] {
  const present: string[] = [];
  let depth = 0;
  for (let j = brace + 1; j < sig.length; j++) {
    const k = sig[j].kind;
    if (k === 'L_BRACE' || k === 'L_BRACK' || k === 'LIST_START' || k === 'L_PAREN' || k === 'WS_L_PAREN') depth++;
    else if (k === 'R_BRACE' || k === 'R_BRACK' || k === 'R_PAREN') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && sig[j + 1]?.kind === 'FAT_ARROW' && sig[j].start !== skipStart)
      present.push(text.slice(sig[j].start, sig[j].end));
  }
  return present;
}

/** Whether a COLON (the end of the title) comes between the brace and token i, at the brace's depth. */
function pastTitle(sig: readonly Token[], brace: number, i: number): boolean {
  for (let j = brace + 1; j <= i; j++) if (sig[j].kind === 'COLON') return true;
  return false;
}

/** The type of resource defaults whose body opens at sig[brace] (`package` for `Package {`), lower-cased. */
function defaultsType(text: string, sig: readonly Token[], brace: number): string | undefined {
  if (brace < 1 || sig[brace].kind !== 'L_BRACE' || sig[brace - 1].kind !== 'CLASSREF') return undefined;
  // Defaults are a statement of their own: `unless $x =~ Stdlib::Port {` opens a block instead.
  const before = sig[brace - 2]?.kind;
  if (before !== undefined && before !== 'SEMI' && before !== 'L_BRACE' && before !== 'R_BRACE') return undefined;
  return text
    .slice(sig[brace - 1].start, sig[brace - 1].end)
    .replace(/^::/, '')
    .toLowerCase();
}

/**
 * In `class { 'x': <here> }` or `package { 'x': <here> }` at an attribute name, or at the value after
 * `ensure => ` in a resource body.
 */
function attributeCursor(
  text: string,
  tokens: readonly Token[],
  word: { range: TextRange; prefix: string },
): ManifestCursor {
  if (!/^[a-z_]*$/.test(word.prefix)) return { kind: 'other' };
  const sig = tokens.filter((t) => !TRIVIA.has(t.kind) && t.kind !== 'EOF');
  // The last significant token before the word being typed.
  let i = sig.length - 1;
  while (i >= 0 && sig[i].start >= word.range.start) i--;
  if (i < 0) return { kind: 'other' };
  const prev = sig[i];
  if (prev.kind === 'FAT_ARROW' && i >= 1 && sig[i - 1].kind === 'NAME') {
    const brace = enclosingBrace(sig, i - 1);
    const defaults = defaultsType(text, sig, brace);
    const typeName =
      brace >= 1 && sig[brace - 1].kind === 'NAME' ? text.slice(sig[brace - 1].start, sig[brace - 1].end) : defaults;
    if (typeName === undefined || (defaults === undefined && !pastTitle(sig, brace, i))) return { kind: 'other' };
    return { kind: 'attribute-value', typeName, attribute: text.slice(sig[i - 1].start, sig[i - 1].end), ...word };
  }
  if (prev.kind === 'L_BRACE' || prev.kind === 'COMMA') {
    // Resource defaults, `Package { ensure => installed }`: attributes with no title before them.
    const brace = prev.kind === 'L_BRACE' ? i : enclosingBrace(sig, i);
    const typeName = defaultsType(text, sig, brace);
    if (typeName !== undefined)
      return {
        kind: 'resource-attribute',
        typeName,
        ...word,
        present: presentAttributes(text, sig, brace, word.range.start),
      };
  }
  if (prev.kind !== 'COLON' && prev.kind !== 'COMMA' && prev.kind !== 'SEMI') return { kind: 'other' };
  const brace = enclosingBrace(sig, i);
  if (brace < 1 || sig[brace].kind !== 'L_BRACE') return { kind: 'other' };
  if (sig[brace - 1].kind === 'NAME') {
    // A resource of a built-in or defined type: `package { 'x': ... }`.
    if (!pastTitle(sig, brace, i)) return { kind: 'other' };
    const typeName = text.slice(sig[brace - 1].start, sig[brace - 1].end);
    return {
      kind: 'resource-attribute',
      typeName,
      range: word.range,
      prefix: word.prefix,
      present: presentAttributes(text, sig, brace, word.range.start),
    };
  }
  if (sig[brace - 1].kind !== 'CLASS_KW') return { kind: 'other' };
  // The title: the tokens up to the first COLON at depth 0 after the brace.
  const title = sig[brace + 1];
  if (!title) return { kind: 'other' };
  let className: string | undefined;
  if (title.kind === 'SQ_STRING') className = text.slice(title.start + 1, title.end - 1);
  else if (title.kind === 'NAME') className = text.slice(title.start, title.end);
  else if (title.kind === 'DQ_OPEN' && sig[brace + 2]?.kind === 'STRING_TEXT' && sig[brace + 3]?.kind === 'DQ_CLOSE') {
    className = text.slice(sig[brace + 2].start, sig[brace + 2].end);
  }
  if (!className) return { kind: 'other' };
  // Inside the body of the declaration: a COLON must come between the title and the cursor.
  if (!pastTitle(sig, brace, i)) return { kind: 'other' };
  return {
    kind: 'class-attribute',
    className: className.replace(/^::/, ''),
    range: word.range,
    prefix: word.prefix,
    present: presentAttributes(text, sig, brace, word.range.start),
  };
}
