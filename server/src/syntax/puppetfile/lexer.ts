// The Puppetfile lexer: turns the text of a Puppetfile into tokens of the Ruby subset that r10k and
// librarian-puppet evaluate. It never fails: text it does not understand becomes an `unknown` token, and an
// unterminated string or `=begin` block becomes a token that runs to the end of the file, with the problem noted
// on the token. Line breaks are not tokens; each token instead says whether a line break came before it, which
// is all the parser needs to decide where a Ruby statement ends. One pass over the text, so linear time.

import type { TextRange } from '../../base/textRange.js';

export type TokenKind =
  | 'string' // '...' or "..."
  | 'symbol' // :name, :'name', :"name"
  | 'label' // name: or 'name': (a hash key in Ruby 1.9 style)
  | 'ident' // a local variable or method name
  | 'constant' // a name that starts with a capital letter
  | 'variable' // @ivar, @@cvar, $gvar
  | 'number'
  | 'words' // %w[a b] (or %i[...], with any bracket): an Array of words
  | 'punct' // operators and brackets; `text` holds which
  | 'unknown' // a character Ruby would reject here
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly range: TextRange;
  /** The source text of the token. */
  readonly text: string;
  /** True when an unescaped line break separates this token from the one before it. */
  readonly newlineBefore: boolean;
  /** True when white space (or a line break) separates this token from the one before it. */
  readonly spaceBefore: boolean;
  /** For strings, symbols and labels: the value after escapes are applied. */
  readonly value?: string;
  /** For strings (and symbols and labels written with quotes): the quote character. */
  readonly quote?: "'" | '"';
  /** For strings: the range of the text between the quotes. */
  readonly contentRange?: TextRange;
  /** For double-quoted strings: true when the string holds `#{...}` (its value is then not known). */
  readonly interpolated?: boolean;
  /** For double-quoted strings: the names that start the code of each `#{...}`. */
  readonly interpolatedNames?: readonly TextRange[];
  /** For double-quoted strings: the offset of the first bracket inside `#{...}` that does not match. */
  readonly badBracket?: number;
  /** For a word list: the words, and the range of each in the text. */
  readonly words?: readonly { readonly value: string; readonly range: TextRange }[];
  /** Set when the token is cut short by the end of the file (an unterminated string or comment block). */
  readonly unterminated?: 'string' | 'embedded-document';
}

// Punctuation, longest first so that the lexer takes `=>` before `=`.
const PUNCTUATION: readonly string[] = [
  '**=',
  '<=>',
  '===',
  '...',
  '||=',
  '&&=',
  '<<=',
  '>>=',
  '=>',
  '==',
  '=~',
  '!=',
  '!~',
  '<=',
  '>=',
  '<<',
  '>>',
  '&&',
  '||',
  '::',
  '..',
  '&.',
  '->',
  '+=',
  '-=',
  '*=',
  '/=',
  '**',
  ',',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '=',
  ';',
  '.',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '!',
  '&',
  '|',
  '^',
  '~',
  '?',
  ':',
];

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0x80;
}

function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True at the end of the text or before white space (Ruby's `=begin` and `=end` must be followed by one). */
function isBlankOrEnd(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return i >= text.length || c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

function isLineStart(text: string, i: number): boolean {
  return i === 0 || text.charCodeAt(i - 1) === 10;
}

/** Offset just after the line break that ends the line holding `i`, or the end of the text. */
function nextLineStart(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl + 1;
}

// Strings nested inside `#{...}` deeper than this are not followed (the outer string then reads as unclosed),
// so that the lexer's recursion stays bounded.
const MAX_STRING_NESTING = 64;

/** Reads a quoted string whose opening quote is at `start`. Returns its end and what it holds. */
function readString(
  text: string,
  start: number,
  depth = 0,
): {
  end: number;
  value: string;
  closed: boolean;
  interpolated: boolean;
  contentEnd: number;
  badBracket?: number;
  names: TextRange[];
} {
  const quote = text[start];
  let value = '';
  let interpolated = false;
  let badBracket: number | undefined;
  const names: TextRange[] = [];
  if (depth > MAX_STRING_NESTING)
    return { end: text.length, value, closed: false, interpolated, contentEnd: text.length, names };
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === quote) return { end: i + 1, value, closed: true, interpolated, contentEnd: i, badBracket, names };
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[i + 1];
      if (quote === "'") {
        // Single quotes know only two escapes: \\ and \'. Any other backslash stays as written.
        value += next === '\\' || next === "'" ? next : ch + next;
      } else {
        value += DOUBLE_QUOTE_ESCAPES[next] ?? (next === '\n' ? '' : next);
      }
      i += 2;
      continue;
    }
    if (quote === '"' && ch === '#' && text[i + 1] === '{') {
      // Interpolation: skip to the matching brace. Nested strings are skipped whole so that a brace inside one
      // does not end the interpolation.
      // The brackets inside must balance; the first that does not is where Ruby reports a syntax error.
      interpolated = true;
      // A name that starts the code (`#{base}`, `#{base.upcase}`) is a variable or a call the parser checks.
      let k = i + 2;
      while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
      const nameStart = k;
      if (isIdentStart(text.charCodeAt(k)) && !(text.charCodeAt(k) >= 65 && text.charCodeAt(k) <= 90)) {
        while (k < text.length && isIdentChar(text.charCodeAt(k))) k++;
        if (!['(', '"', "'", ':', '?', '!'].includes(text[k])) names.push({ start: nameStart, end: k });
      }
      const open: string[] = [];
      let j = i + 2;
      for (; j < text.length; j++) {
        const cj = text[j];
        if (cj === '{' || cj === '(' || cj === '[') open.push(cj);
        else if (cj === '}' || cj === ')' || cj === ']') {
          if (open.length === 0 && cj === '}') break;
          const top = open.pop();
          if (top !== BRACKET_PAIRS[cj]) badBracket ??= j;
        } else if (cj === '#' && text[j + 1] !== '{') {
          // A comment inside the code runs to the end of the line, braces and all.
          const nl = text.indexOf('\n', j);
          j = (nl < 0 ? text.length : nl) - 1;
        } else if (cj === "'" || cj === '"') {
          const inner = readString(text, j, depth + 1);
          badBracket ??= inner.badBracket;
          j = inner.end - 1;
        }
      }
      value += text.slice(i, Math.min(j + 1, text.length));
      i = j + 1;
      continue;
    }
    if (quote === '"' && ch === '#' && (text[i + 1] === '@' || text[i + 1] === '$')) interpolated = true;
    value += ch;
    i++;
  }
  return { end: text.length, value, closed: false, interpolated, contentEnd: text.length, badBracket, names };
}

const BRACKET_PAIRS: Readonly<Record<string, string>> = { '}': '{', ')': '(', ']': '[' };

const DOUBLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  s: ' ',
  '0': '\0',
  e: '\x1b',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

/** Splits a Puppetfile into tokens. The last token is always `eof`. */
export function tokenize(text: string): readonly Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let newlineBefore = false;
  let spaceBefore = false;
  const push = (t: Omit<Token, 'newlineBefore' | 'spaceBefore' | 'text'>): void => {
    tokens.push({ ...t, text: text.slice(t.range.start, t.range.end), newlineBefore, spaceBefore });
    newlineBefore = false;
    spaceBefore = false;
  };

  while (i < text.length) {
    const c = text.charCodeAt(i);
    // White space other than line breaks.
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
      spaceBefore = true;
      continue;
    }
    if (c === 10) {
      i++;
      newlineBefore = true;
      spaceBefore = true;
      continue;
    }
    // A backslash at the end of a line joins the next line to this one.
    if (c === 92 /* \ */ && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      spaceBefore = true;
      continue;
    }
    if (c === 35 /* # */) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (isLineStart(text, i)) {
      // `=begin` ... `=end` at the start of lines is a comment block.
      if (text.startsWith('=begin', i) && isBlankOrEnd(text, i + 6)) {
        let j = nextLineStart(text, i);
        while (j < text.length && !(text.startsWith('=end', j) && isBlankOrEnd(text, j + 4))) {
          j = nextLineStart(text, j);
        }
        if (j >= text.length) {
          push({ kind: 'unknown', range: { start: i, end: text.length }, unterminated: 'embedded-document' });
          i = text.length;
          break;
        }
        i = nextLineStart(text, j);
        newlineBefore = true;
        spaceBefore = true;
        continue;
      }
      // `__END__` alone on a line ends the program; Ruby ignores the rest.
      if (text.startsWith('__END__', i)) {
        const after = text[i + 7];
        if (after === undefined || after === '\n' || (after === '\r' && text[i + 8] === '\n')) break;
      }
    }
    const start = i;
    if (c === 39 /* ' */ || c === 34 /* " */) {
      const s = readString(text, i);
      i = s.end;
      const quote = text[start] as "'" | '"';
      // A quoted string followed directly by a single colon is a label: 'name': value.
      if (s.closed && text[i] === ':' && text[i + 1] !== ':') {
        i++;
        push({ kind: 'label', range: { start, end: i }, value: s.value, quote });
        continue;
      }
      push({
        kind: 'string',
        range: { start, end: i },
        value: s.value,
        quote,
        contentRange: { start: start + 1, end: s.contentEnd },
        interpolated: s.interpolated,
        badBracket: s.badBracket,
        interpolatedNames: s.names.length > 0 ? s.names : undefined,
        unterminated: s.closed ? undefined : 'string',
      });
      continue;
    }
    if (c === 58 /* : */) {
      const next = text.charCodeAt(i + 1);
      if (isIdentStart(next)) {
        i += 2;
        while (i < text.length && isIdentChar(text.charCodeAt(i))) i++;
        if (text[i] === '?' || text[i] === '!') i++;
        // `:name=` is a symbol (a setter's name), but `:git=>` is `:git` and `=>`, and `:a==` is `:a` and `==`.
        else if (text[i] === '=' && !['=', '~', '>'].includes(text[i + 1])) i++;
        push({ kind: 'symbol', range: { start, end: i }, value: text.slice(start + 1, i) });
        continue;
      }
      if (next === 39 || next === 34) {
        const s = readString(text, i + 1);
        i = s.end;
        push({
          kind: 'symbol',
          range: { start, end: i },
          value: s.value,
          quote: text[start + 1] as "'" | '"',
          unterminated: s.closed ? undefined : 'string',
        });
        continue;
      }
    }
    if (isIdentStart(c)) {
      i++;
      while (i < text.length && isIdentChar(text.charCodeAt(i))) i++;
      if ((text[i] === '?' || text[i] === '!') && text[i + 1] !== '=') i++;
      // A name followed directly by a single colon is a label (`git: '...'`).
      if (text[i] === ':' && text[i + 1] !== ':') {
        i++;
        push({ kind: 'label', range: { start, end: i }, value: text.slice(start, i - 1) });
        continue;
      }
      const kind: TokenKind = c >= 65 && c <= 90 ? 'constant' : 'ident';
      push({ kind, range: { start, end: i } });
      continue;
    }
    if (c === 64 /* @ */ || c === 36 /* $ */) {
      i++;
      if (text[i] === '@') i++;
      while (i < text.length && isIdentChar(text.charCodeAt(i))) i++;
      push({ kind: i - start > 1 ? 'variable' : 'unknown', range: { start, end: Math.max(i, start + 1) } });
      i = Math.max(i, start + 1);
      continue;
    }
    if (isDigit(c)) {
      i++;
      while (i < text.length && (isDigit(text.charCodeAt(i)) || text[i] === '_')) i++;
      if (text[i] === '.' && isDigit(text.charCodeAt(i + 1))) {
        i += 2;
        while (i < text.length && (isDigit(text.charCodeAt(i)) || text[i] === '_')) i++;
      }
      push({ kind: 'number', range: { start, end: i } });
      continue;
    }
    if (
      c === 37 /* % */ &&
      startsWordList(text, i, newlineBefore ? undefined : tokens[tokens.length - 1], spaceBefore)
    ) {
      const w = readWordList(text, i);
      i = w.end;
      push({ kind: 'words', range: { start, end: i }, words: w.words, unterminated: w.closed ? undefined : 'string' });
      continue;
    }
    const p = PUNCTUATION.find((op) => text.startsWith(op, i));
    if (p !== undefined) {
      i += p.length;
      push({ kind: 'punct', range: { start, end: i } });
      continue;
    }
    // Anything else (a stray backslash, a control character, a backquote) is not part of the DSL.
    i++;
    push({ kind: 'unknown', range: { start, end: i } });
  }
  push({ kind: 'eof', range: { start: i, end: i } });
  return tokens;
}

const WORD_LIST_CLOSERS: Record<string, string> = { '[': ']', '(': ')', '{': '}', '<': '>' };

/**
 * Whether a '%' at `i` opens a word list (`%w[...]`, `%W(...)`, `%i{...}`, `%I<...>`) rather than being the
 * modulo operator: Ruby reads it so where a value starts, that is at the start of a line, after an operator, a
 * bracket, a comma or a keyword, or after a name followed by a space when no space follows the '%' (`each %w[a]` is a call).
 */
function startsWordList(text: string, i: number, previous: Token | undefined, spaceBefore: boolean): boolean {
  if (!'wWiI'.includes(text[i + 1] ?? '') || WORD_LIST_CLOSERS[text[i + 2] ?? ''] === undefined) return false;
  if (previous === undefined) return true;
  switch (previous.kind) {
    case 'punct':
      return ![')', ']', '}'].includes(previous.text);
    case 'ident':
    case 'label':
      return spaceBefore || previous.kind === 'label';
    case 'string':
    case 'number':
    case 'constant':
    case 'variable':
    case 'symbol':
    case 'words':
      return false;
    default:
      return true;
  }
}

/** Reads a word list from its '%' to its closing bracket (nested brackets of the same kind count). */
function readWordList(
  text: string,
  i: number,
): { end: number; closed: boolean; words: { value: string; range: TextRange }[] } {
  const open = text[i + 2];
  const close = WORD_LIST_CLOSERS[open];
  const words: { value: string; range: TextRange }[] = [];
  let depth = 1;
  let j = i + 3;
  let wordStart = -1;
  let word = '';
  const flush = (end: number): void => {
    if (wordStart >= 0) words.push({ value: word, range: { start: wordStart, end } });
    wordStart = -1;
    word = '';
  };
  while (j < text.length) {
    const ch = text[j];
    if (ch === '\\' && j + 1 < text.length) {
      if (wordStart < 0) wordStart = j;
      word += text[j + 1];
      j += 2;
      continue;
    }
    if (ch === open && open !== close) depth++;
    else if (ch === close && --depth === 0) {
      flush(j);
      return { end: j + 1, closed: true, words };
    }
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') flush(j);
    else {
      if (wordStart < 0) wordStart = j;
      word += ch;
    }
    j++;
  }
  flush(j);
  return { end: text.length, closed: false, words };
}
