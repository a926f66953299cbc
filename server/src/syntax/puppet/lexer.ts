// The Puppet lexer: turns the whole text into a flat list of tokens that covers every character exactly once
// (trivia included), so that the tree built on top of it is lossless. It never throws; text it cannot make sense
// of becomes ERROR_TOKEN, and problems such as an unterminated string are returned as errors with a range.
//
// Puppet's lexer is context sensitive in four places, and this one follows it:
// - '/' starts a regular expression only where a value cannot end (after an operator, '(' or '{'), else it divides;
// - '[' right after a value is an access (L_BRACK), after whitespace it starts an array (LIST_START);
// - '(' first on its line never starts an argument list (WS_L_PAREN);
// - the text of a heredoc starts on the line after its `@(TAG)` and is skipped over when that line ends.
// Double-quoted strings become DQ_OPEN, STRING_TEXT / INTERP_VAR / INTERP_OPEN … INTERP_CLOSE, DQ_CLOSE, with
// the tokens of each `${...}` expression in between, so the parser sees interpolated expressions like any other.

import type { TextRange } from '../../base/textRange.js';
import { KEYWORDS, isTrivia, type TokenKind } from './syntaxKind.js';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
}

export interface LexError {
  readonly range: TextRange;
  readonly message: string;
}

/** The expressions interpolated into a heredoc body, each as its own token list (INTERP_OPEN … INTERP_CLOSE). */
export type HeredocInterpolation = readonly Token[];

export interface LexResult {
  /** All tokens in text order, trivia included, ending with one EOF token. */
  readonly tokens: readonly Token[];
  readonly errors: readonly LexError[];
  readonly heredocInterpolations: readonly HeredocInterpolation[];
  /** Each heredoc: its `@(...)` token, its options and the range of its text (including the end line). */
  readonly heredocs: readonly Heredoc[];
  /** The opening quote of a string that runs to the end of the text, if there is one. */
  readonly unterminatedStringAt: number | undefined;
}

export interface Heredoc {
  readonly start: Token;
  readonly spec: HeredocSpec;
  readonly body: TextRange | undefined;
}

/** Options of one heredoc, as written in `@(TAG:syntax/flags)`. */
export interface HeredocSpec {
  readonly tag: string;
  readonly interpolated: boolean;
  readonly syntax: string;
  /** The escape flags after '/', or undefined when there is no '/' (then no escapes are processed). */
  readonly escapes: string | undefined;
}

const HEREDOC_SPEC = /@\(([^:/\r\n)]+)(?::[ \t]*([a-z][a-zA-Z0-9_+]+)[ \t]*)?(?:\/((?:\w|\$)*)[ \t]*)?\)/y;

/** Reads the options of a HEREDOC_START token's text; undefined when the text is not a valid heredoc opening. */
export function parseHeredocSpec(tokenText: string): HeredocSpec | undefined {
  HEREDOC_SPEC.lastIndex = 0;
  const m = HEREDOC_SPEC.exec(tokenText);
  if (!m) return undefined;
  let tag = m[1].trim();
  let interpolated = false;
  const quoted = /^"(.*)"$/.exec(tag);
  if (quoted) {
    interpolated = true;
    tag = quoted[1].trim();
  }
  return { tag, interpolated, syntax: m[2] ?? '', escapes: m[3] };
}

/** Token kinds after which a '/' divides rather than starts a regular expression (Puppet's rule). */
const VALUE_END: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'R_PAREN',
  'R_BRACK',
  'R_COLLECT',
  'RR_COLLECT',
  'NAME',
  'CLASSREF',
  'NUMBER',
  'SQ_STRING',
  'DQ_CLOSE',
  'TRUE_KW',
  'FALSE_KW',
  'HEREDOC_START',
  'REGEX',
  'VARIABLE',
  'WORD',
  'INTERP_OPEN',
  'INTERP_VAR',
]);

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

interface PendingHeredoc {
  readonly token: Token;
  readonly spec: HeredocSpec;
}

/** Lexes a whole Puppet manifest. */
export function lex(text: string): LexResult {
  const lexer = new Lexer(text, 0);
  lexer.run(false);
  lexer.finish();
  lexer.tokens.push({ kind: 'EOF', start: text.length, end: text.length });
  return {
    tokens: lexer.tokens,
    errors: lexer.errors,
    heredocInterpolations: lexer.heredocInterpolations,
    heredocs: lexer.heredocs,
    unterminatedStringAt: lexer.unterminatedStringAt,
  };
}

/**
 * The lexer's state. A class because the state is shared by a handful of mutually recursive scanning steps;
 * it never leaves this file.
 */
class Lexer {
  readonly tokens: Token[] = [];
  readonly errors: LexError[] = [];
  readonly heredocInterpolations: Token[][] = [];
  readonly heredocs: Heredoc[] = [];
  unterminatedStringAt: number | undefined;
  private pos: number;
  /** The kind of the last non-trivia token, which decides between regex and division. */
  private last: TokenKind = 'EOF';
  /** Where the current line began, for WS_L_PAREN. */
  private lineStart: number;
  /** Open `${` interpolations, innermost last, each with the number of '{' opened inside it. */
  private readonly interp: number[] = [];
  private pending: PendingHeredoc[] = [];
  private readonly n: number;

  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.pos = start;
    this.lineStart = start;
    this.n = text.length;
  }

  private push(kind: TokenKind, start: number, end: number): void {
    this.tokens.push({ kind, start, end });
    if (!isTrivia(kind)) this.last = kind;
  }

  private error(start: number, end: number, message: string): void {
    this.errors.push({ range: { start, end }, message });
  }

  /** Reports a `\u` escape at `at` (the backslash) that names no Unicode character (Puppet rejects the file). */
  private checkUnicodeEscape(at: number): void {
    const problem = invalidUnicodeEscape(this.text, at);
    if (problem) this.error(at, problem.end, problem.message);
  }

  /**
   * Lexes code from the current position. With `stopAtInterpolationEnd`, the lexer starts inside a `${` and
   * returns right after the '}' that closes it (used for heredoc bodies); it returns false if the text ends first.
   */
  run(stopAtInterpolationEnd: boolean): boolean {
    const text = this.text;
    const n = this.n;
    if (stopAtInterpolationEnd) this.interp.push(0);
    while (this.pos < n) {
      const start = this.pos;
      const c = text.charCodeAt(start);
      const c1 = start + 1 < n ? text.charCodeAt(start + 1) : 0;
      switch (c) {
        case 32: // ' '
        case 9: // \t
        case 13: // \r
        case 10: // \n
          this.whitespace();
          continue;
        case 35: {
          // '#'
          let p = start + 1;
          while (p < n && text.charCodeAt(p) !== 10) p++;
          if (p > start + 1 && text.charCodeAt(p - 1) === 13) p--;
          this.pos = p;
          this.push('COMMENT', start, p);
          continue;
        }
        case 47: // '/'
          if (c1 === 42) {
            const close = text.indexOf('*/', start + 2);
            const end = close < 0 ? n : close + 2;
            if (close < 0) this.error(start, start + 2, "unterminated comment: expected '*/' to close the comment");
            this.pos = end;
            this.push('COMMENT', start, end);
            continue;
          }
          if (!VALUE_END.has(this.last)) {
            const end = this.regexEnd(start);
            if (end > 0) {
              this.pos = end;
              this.push('REGEX', start, end);
              const problem = regexProblem(text.slice(start + 1, end - 1));
              if (problem) this.error(start, end, `invalid regular expression: ${problem}`);
              continue;
            }
          }
          this.op('SLASH', 1);
          continue;
        case 36: // '$'
          this.variable(start, 'VARIABLE');
          continue;
        case 34: // '"'
          this.pos = start + 1;
          this.push('DQ_OPEN', start, start + 1);
          this.dqBody();
          continue;
        case 39: // "'"
          this.sqString(start);
          continue;
        case 46: // '.'
          this.op('DOT', 1);
          continue;
        case 44:
          this.op('COMMA', 1);
          continue;
        case 91: {
          // '['
          const prev = start > 0 ? text.charCodeAt(start - 1) : 10;
          const ws = prev === 32 || prev === 9 || prev === 13 || prev === 10 || start === 0;
          this.op(ws ? 'LIST_START' : 'L_BRACK', 1);
          continue;
        }
        case 93:
          this.op('R_BRACK', 1);
          continue;
        case 40: {
          // '('
          let onlyBlank = true;
          for (let p = this.lineStart; p < start; p++) {
            const b = text.charCodeAt(p);
            if (b !== 32 && b !== 9 && b !== 13) {
              onlyBlank = false;
              break;
            }
          }
          this.op(onlyBlank ? 'WS_L_PAREN' : 'L_PAREN', 1);
          continue;
        }
        case 41:
          this.op('R_PAREN', 1);
          continue;
        case 59:
          this.op('SEMI', 1);
          continue;
        case 63:
          this.op('QMARK', 1);
          continue;
        case 42:
          this.op('STAR', 1);
          continue;
        case 37:
          this.op('PERCENT', 1);
          continue;
        case 123: // '{'
          if (this.interp.length > 0) this.interp[this.interp.length - 1]++;
          this.op('L_BRACE', 1);
          continue;
        case 125: // '}'
          if (this.interp.length > 0) {
            const depth = this.interp[this.interp.length - 1];
            if (depth === 0) {
              this.interp.pop();
              this.op('INTERP_CLOSE', 1);
              if (stopAtInterpolationEnd && this.interp.length === 0) return true;
              this.dqBody();
              continue;
            }
            this.interp[this.interp.length - 1] = depth - 1;
          }
          this.op('R_BRACE', 1);
          continue;
        case 64: // '@'
          if (c1 === 64) this.op('ATAT', 2);
          else if (c1 === 40) this.heredocStart(start);
          else this.op('AT', 1);
          continue;
        case 124: // '|'
          if (c1 === 62)
            this.op(
              text.charCodeAt(start + 2) === 62 ? 'RR_COLLECT' : 'R_COLLECT',
              text.charCodeAt(start + 2) === 62 ? 3 : 2,
            );
          else this.op('PIPE', 1);
          continue;
        case 61: // '='
          if (c1 === 61) this.op('EQ_EQ', 2);
          else if (c1 === 62) this.op('FAT_ARROW', 2);
          else if (c1 === 126) this.op('MATCH', 2);
          else this.op('EQ', 1);
          continue;
        case 43: // '+'
          if (c1 === 61) this.op('PLUS_EQ', 2);
          else if (c1 === 62) this.op('PLUS_ARROW', 2);
          else this.op('PLUS', 1);
          continue;
        case 45: // '-'
          if (c1 === 62) this.op('IN_EDGE', 2);
          else if (c1 === 61) this.op('MINUS_EQ', 2);
          else this.op('MINUS', 1);
          continue;
        case 33: // '!'
          if (c1 === 61) this.op('NOT_EQ', 2);
          else if (c1 === 126) this.op('NO_MATCH', 2);
          else this.op('BANG', 1);
          continue;
        case 126: // '~'
          if (c1 === 62) this.op('IN_EDGE_SUB', 2);
          else this.op('TILDE', 1);
          continue;
        case 60: // '<'
          if (c1 === 60) {
            if (text.charCodeAt(start + 2) === 124) this.op('LL_COLLECT', 3);
            else this.op('LSHIFT', 2);
          } else if (c1 === 61) this.op('LT_EQ', 2);
          else if (c1 === 124) this.op('L_COLLECT', 2);
          else if (c1 === 45) this.op('OUT_EDGE', 2);
          else if (c1 === 126) this.op('OUT_EDGE_SUB', 2);
          else this.op('LT', 1);
          continue;
        case 62: // '>'
          if (c1 === 62) this.op('RSHIFT', 2);
          else if (c1 === 61) this.op('GT_EQ', 2);
          else this.op('GT', 1);
          continue;
        case 58: // ':'
          if (c1 === 58) {
            const c2 = text.charCodeAt(start + 2);
            if (isUpper(c2)) this.classRef(start);
            else if (isLower(c2) || c2 === 95) this.bareWord(start);
            else {
              this.pos = start + 2;
              this.push('ERROR_TOKEN', start, start + 2);
              this.error(start, start + 2, "'::' must be followed by a name");
            }
          } else this.op('COLON', 1);
          continue;
        default:
          if (isLower(c) || c === 95) this.bareWord(start);
          else if (isUpper(c)) this.classRef(start);
          else if (isDigit(c)) this.number(start);
          else {
            const cp = text.codePointAt(start) ?? c;
            const len = cp > 0xffff ? 2 : 1;
            this.pos = start + len;
            this.push('ERROR_TOKEN', start, start + len);
          }
      }
    }
    if (this.pending.length > 0) this.heredocBodies();
    return !stopAtInterpolationEnd;
  }

  /** Heredocs still waiting for their text when the input ends (no line break after the `@(...)` line). */
  finish(): void {
    for (const { token, spec } of this.pending) {
      this.error(
        token.start,
        token.end,
        `heredoc '${spec.tag}' has no text: expected its lines and a line ending with '${spec.tag}'`,
      );
      this.heredocs.push({ start: token, spec, body: undefined });
    }
    this.pending = [];
  }

  private op(kind: TokenKind, len: number): void {
    const start = this.pos;
    this.pos += len;
    this.push(kind, start, this.pos);
  }

  /** Whitespace and line breaks; at the end of a line, any pending heredoc bodies follow. */
  private whitespace(): void {
    const text = this.text;
    const start = this.pos;
    let p = start;
    while (p < this.n) {
      const c = text.charCodeAt(p);
      if (c === 10) {
        p++;
        this.lineStart = p;
        if (this.pending.length > 0) {
          this.push('WHITESPACE', start, p);
          this.pos = p;
          this.heredocBodies();
          return;
        }
      } else if (c === 32 || c === 9 || c === 13) p++;
      else break;
    }
    this.pos = p;
    this.push('WHITESPACE', start, p);
  }

  /** The end of a regex starting at `start` (Puppet's rule: up to the next unescaped '/', across lines), or -1. */
  private regexEnd(start: number): number {
    const text = this.text;
    let p = start + 1;
    for (;;) {
      const close = text.indexOf('/', p);
      if (close < 0) return -1;
      let backslashes = 0;
      for (let q = close - 1; q > start && text.charCodeAt(q) === 92; q--) backslashes++;
      if (backslashes % 2 === 0) return close + 1;
      p = close + 1;
    }
  }

  /** `$name`, `$::name`, `$a::b`; a lone '$' becomes DOLLAR. */
  private variable(start: number, kind: 'VARIABLE' | 'INTERP_VAR'): void {
    const end = variableEnd(this.text, start + 1);
    if (end < 0) {
      this.pos = start + 1;
      this.push('DOLLAR', start, start + 1);
      return;
    }
    this.pos = end;
    this.push(kind, start, end);
  }

  private sqString(start: number): void {
    const text = this.text;
    let p = start + 1;
    while (p < this.n) {
      const c = text.charCodeAt(p);
      if (c === 92) p += 2;
      else if (c === 39) break;
      else p++;
    }
    if (p >= this.n) {
      this.error(start, start + 1, 'unterminated string: expected a closing "\'"');
      this.unterminatedStringAt ??= start;
      this.pos = this.n;
    } else this.pos = p + 1;
    this.push('SQ_STRING', start, this.pos);
  }

  /**
   * Lexes the body of a double-quoted string up to its closing '"' (returns true) or up to a `${`, after which
   * the main loop lexes the interpolated expression (returns false).
   */
  private dqBody(): boolean {
    const text = this.text;
    let textStart = this.pos;
    let p = this.pos;
    const flushText = (end: number): void => {
      if (end > textStart) this.push('STRING_TEXT', textStart, end);
    };
    while (p < this.n) {
      const c = text.charCodeAt(p);
      if (c === 92) {
        if (text.charCodeAt(p + 1) === 117) this.checkUnicodeEscape(p);
        p += 2;
        continue;
      }
      if (c === 34) {
        flushText(p);
        this.pos = p + 1;
        this.push('DQ_CLOSE', p, p + 1);
        return true;
      }
      if (c === 36) {
        const c1 = text.charCodeAt(p + 1);
        if (c1 === 123) {
          flushText(p);
          this.pos = p + 2;
          this.push('INTERP_OPEN', p, p + 2);
          this.interp.push(0);
          return false;
        }
        const end = interpolatedVariableEnd(text, p + 1);
        if (end > 0) {
          flushText(p);
          this.push('INTERP_VAR', p, end);
          p = end;
          textStart = p;
          continue;
        }
      }
      p++;
    }
    flushText(this.n);
    this.pos = this.n;
    // Like Puppet, report an unterminated string where its last literal part starts: at the opening quote,
    // or after the last interpolation.
    const at = textStart > 0 && text.charCodeAt(textStart - 1) === 34 ? textStart - 1 : textStart;
    let open = this.tokens.length - 1;
    while (open > 0 && this.tokens[open].kind !== 'DQ_OPEN') open--;
    this.unterminatedStringAt ??= this.tokens[open]?.start ?? at;
    this.error(at, Math.min(at + 1, this.n), "unterminated string: expected a closing '\"'");
    return true;
  }

  private bareWord(start: number): void {
    const text = this.text;
    let p = start;
    let isName = true;
    for (;;) {
      let segStart = p;
      if (text.charCodeAt(p) === 58 && text.charCodeAt(p + 1) === 58) {
        const c2 = text.charCodeAt(p + 2);
        if (!(isLower(c2) || c2 === 95)) break;
        segStart = p + 2;
      } else if (p !== start) break;
      const first = text.charCodeAt(segStart);
      if (!(isLower(first) || first === 95)) break;
      if (first === 95) isName = false;
      let q = segStart + 1;
      let lastWord = q;
      while (q < this.n) {
        const c = text.charCodeAt(q);
        if (isWordChar(c)) lastWord = ++q;
        else if (c === 45) q++;
        else break;
      }
      for (let k = segStart + 1; k < lastWord; k++) if (text.charCodeAt(k) === 45) isName = false;
      p = lastWord;
    }
    this.pos = p;
    const value = text.slice(start, p);
    const kw = isName ? KEYWORDS.get(value) : undefined;
    this.push(kw ?? (isName ? 'NAME' : 'WORD'), start, p);
  }

  private classRef(start: number): void {
    const text = this.text;
    let p = start;
    for (;;) {
      let seg = p;
      if (text.charCodeAt(p) === 58 && text.charCodeAt(p + 1) === 58) seg = p + 2;
      else if (p !== start) break;
      if (!isUpper(text.charCodeAt(seg))) break;
      let q = seg + 1;
      while (q < this.n && isWordChar(text.charCodeAt(q))) q++;
      p = q;
    }
    if (text.charCodeAt(p) === 58 && text.charCodeAt(p + 1) === 58) {
      // Puppet rejects a capitalised name followed by a lower-case segment, such as Foo::bar.
      let q = p + 2;
      while (q < this.n && isWordChar(text.charCodeAt(q))) q++;
      this.pos = q;
      this.push('ERROR_TOKEN', start, q);
      this.error(start, q, `'${text.slice(start, q)}' is not a valid type name: every segment must be capitalised`);
      return;
    }
    this.pos = p;
    this.push('CLASSREF', start, p);
  }

  private number(start: number): void {
    const text = this.text;
    let p = start;
    let valid = true;
    if (text.charCodeAt(p) === 48 && (text.charCodeAt(p + 1) | 32) === 120 && isHexDigit(text.charCodeAt(p + 2))) {
      p += 2;
      while (isHexDigit(text.charCodeAt(p))) p++;
    } else {
      while (isDigit(text.charCodeAt(p))) p++;
      const intEnd = p;
      if (text.charCodeAt(p) === 46 && isDigit(text.charCodeAt(p + 1))) {
        p++;
        while (isDigit(text.charCodeAt(p))) p++;
      }
      if ((text.charCodeAt(p) | 32) === 101) {
        let q = p + 1;
        if (text.charCodeAt(q) === 45) q++;
        if (isDigit(text.charCodeAt(q))) {
          while (isDigit(text.charCodeAt(q))) q++;
          p = q;
        }
      }
      if (p === intEnd && text.charCodeAt(start) === 48 && intEnd - start > 1) {
        for (let k = start + 1; k < intEnd; k++) if (text.charCodeAt(k) > 55) valid = false;
      }
    }
    if (isWordChar(text.charCodeAt(p))) {
      while (isWordChar(text.charCodeAt(p))) p++;
      valid = false;
    }
    this.pos = p;
    if (!valid) {
      this.push('ERROR_TOKEN', start, p);
      this.error(start, p, `'${text.slice(start, p)}' is not a valid number`);
    } else this.push('NUMBER', start, p);
  }

  private heredocStart(start: number): void {
    HEREDOC_SPEC.lastIndex = start;
    const m = HEREDOC_SPEC.exec(this.text);
    if (!m) {
      this.pos = start + 2;
      this.push('ERROR_TOKEN', start, start + 2);
      this.error(start, start + 2, "invalid heredoc: expected '@(TAG)', '@(\"TAG\")' or '@(TAG:syntax/flags)'");
      return;
    }
    const end = start + m[0].length;
    this.pos = end;
    const token: Token = { kind: 'HEREDOC_START', start, end };
    this.push('HEREDOC_START', start, end);
    const spec = parseHeredocSpec(m[0]);
    if (!spec || spec.tag.length === 0) {
      this.error(start, end, 'invalid heredoc: the end tag is empty');
      return;
    }
    if (spec.escapes !== undefined) {
      const seen = new Set<string>();
      for (const e of spec.escapes) {
        if (!'trnsuL$'.includes(e))
          this.error(start, end, `invalid heredoc escape flag '${e}': use t, r, n, s, u, L or $`);
        else if (seen.has(e)) this.error(start, end, `the heredoc escape flag '${e}' appears twice`);
        seen.add(e);
      }
    }
    this.pending.push({ token, spec });
  }

  /** Lexes the bodies of the heredocs opened on the line that just ended, one after the other. */
  private heredocBodies(): void {
    const pending = this.pending;
    this.pending = [];
    const text = this.text;
    for (let i = 0; i < pending.length; i++) {
      const { token, spec } = pending[i];
      const bodyStart = this.pos;
      if (bodyStart >= this.n) {
        this.error(
          token.start,
          token.end,
          `heredoc '${spec.tag}' has no text: expected its lines and a line ending with '${spec.tag}'`,
        );
        this.heredocs.push({ start: token, spec, body: undefined });
        continue;
      }
      const endLine = findHeredocEnd(text, bodyStart, spec.tag);
      const bodyEnd = endLine < 0 ? this.n : endLine;
      if (endLine < 0) {
        this.error(token.start, token.end, `unterminated heredoc: expected a line ending with '${spec.tag}'`);
      }
      this.push('HEREDOC_BODY', bodyStart, bodyEnd);
      if (spec.escapes !== undefined && (spec.escapes === '' || spec.escapes.includes('u'))) {
        for (let p = bodyStart; p < bodyEnd; p++) {
          if (text.charCodeAt(p) !== 92) continue;
          if (text.charCodeAt(p + 1) === 117) this.checkUnicodeEscape(p);
          p++;
        }
      }
      this.heredocs.push({ start: token, spec, body: { start: bodyStart, end: bodyEnd } });
      if (spec.interpolated) this.collectInterpolations(bodyStart, bodyEnd);
      this.pos = bodyEnd;
      // A second heredoc opened on the same line starts after the end line of the first.
      if (i + 1 < pending.length && this.pos < this.n) {
        let p = this.pos;
        if (text.charCodeAt(p) === 13) p++;
        if (text.charCodeAt(p) === 10) p++;
        this.push('WHITESPACE', this.pos, p);
        this.pos = p;
      }
    }
    this.lineStart = this.pos;
  }

  /** Finds the `${...}` expressions in an interpolating heredoc body and lexes each into its own token list. */
  private collectInterpolations(start: number, end: number): void {
    const text = this.text;
    for (let p = start; p < end; p++) {
      const c = text.charCodeAt(p);
      if (c === 92) {
        p++;
        continue;
      }
      if (c === 36 && text.charCodeAt(p + 1) === 123) {
        const sub = new Lexer(text.slice(0, end), p + 2);
        sub.tokens.push({ kind: 'INTERP_OPEN', start: p, end: p + 2 });
        sub.last = 'INTERP_OPEN';
        const closed = sub.run(true);
        if (!closed) {
          this.error(p, p + 2, "unterminated interpolation: expected '}' to close '${'");
          sub.tokens.push({ kind: 'EOF', start: end, end });
        } else sub.tokens.push({ kind: 'EOF', start: sub.pos, end: sub.pos });
        for (const e of sub.errors) this.errors.push(e);
        this.heredocInterpolations.push(sub.tokens);
        p = Math.max(p + 1, sub.pos - 1);
      }
    }
  }
}

/**
 * Why a regex body would not compile, or undefined. Puppet compiles regexes with Ruby's engine; JavaScript's is
 * close enough once Ruby-only syntax (inline flags, atomic groups, \A \z \h, possessive quantifiers) is
 * rewritten to something equivalent for the purpose of checking the structure.
 */
function regexProblem(body: string): string | undefined {
  const js = body
    .replace(/\\\//g, '/')
    .replace(/\(\?[imx]*(?:-[imx]*)?\)/g, '')
    .replace(/\(\?[imx]*(?:-[imx]*)?:/g, '(?:')
    .replace(/\(\?>/g, '(?:')
    .replace(/\(\?<([a-zA-Z_]\w*)>/g, '(?<$1>')
    .replace(/\\[AzZGh]/g, (m) => (m === '\\h' ? '[0-9a-fA-F]' : ''))
    .replace(/([*+?}])\+/g, '$1')
    .replace(/\[\[:(\w+):\]/g, '[a')
    .replace(/\[:(\^?\w+):\]/g, 'a');
  // Ruby nests character classes: '[' inside a class opens another one, which JavaScript takes literally.
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '[' && (depth === 0 || body[i + 1] !== ':')) depth++;
    else if (c === '[' && body[i + 1] === ':') {
      const close = body.indexOf(':]', i + 2);
      if (close > 0) i = close + 1;
      else depth++;
    } else if (c === ']' && depth > 0) depth--;
  }
  if (depth > 0) return 'premature end of character class';
  try {
    new RegExp(js);
    return undefined;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
  }
}

/** The end of a variable name starting at `p` (after the '$'), or -1: `(::)?(\w+::)*\w+`. */
function variableEnd(text: string, p: number): number {
  if (text.charCodeAt(p) === 58 && text.charCodeAt(p + 1) === 58) p += 2;
  if (!isWordChar(text.charCodeAt(p))) return -1;
  for (;;) {
    while (isWordChar(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) === 58 && text.charCodeAt(p + 1) === 58 && isWordChar(text.charCodeAt(p + 2))) p += 2;
    else return p;
  }
}

/** Like variableEnd, for `$name` inside a string (same pattern, without the leading '$'). */
function interpolatedVariableEnd(text: string, p: number): number {
  return variableEnd(text, p);
}

/**
 * The offset just after the line that ends a heredoc (before its line break), or -1. Puppet takes the first
 * line that ends with the tag, optionally preceded by blanks, '|' and '-'.
 */
function findHeredocEnd(text: string, from: number, tag: string): number {
  const escaped = tag.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const endLine = new RegExp(`[ \\t]*(?:\\|[ \\t]*)?(?:-[ \\t]*)?${escaped}[ \\t]*\\r?$`);
  let p = from;
  while (p < text.length) {
    let nl = text.indexOf('\n', p);
    if (nl < 0) nl = text.length;
    const line = text.slice(p, nl);
    if (line.includes(tag) && endLine.test(line)) {
      return line.endsWith('\r') ? nl - 1 : nl;
    }
    p = nl + 1;
  }
  return -1;
}

/** Describes where the margin and the trailing line break of a heredoc end line are. */
export interface HeredocEnd {
  /** The blanks before '|' (the margin to strip from every line), or '' without '|'. */
  readonly margin: string;
  readonly hasMargin: boolean;
  /** True with '-': the last line break of the text is removed. */
  readonly removeBreak: boolean;
}

/** Reads the end line of a heredoc body (the last line of a HEREDOC_BODY token's text). */
export function heredocEndOf(bodyText: string, tag: string): HeredocEnd {
  const nl = bodyText.lastIndexOf('\n');
  const line = bodyText.slice(nl + 1);
  const escaped = tag.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const m = new RegExp(`([ \\t]*)(?:(\\|)[ \\t]*)?(?:(-)[ \\t]*)?${escaped}[ \\t]*\\r?$`).exec(line);
  return { margin: m?.[1] ?? '', hasMargin: m?.[2] === '|', removeBreak: m?.[3] === '-' };
}

/**
 * The problem with a `\u` escape at `at` (the backslash), if it names no Unicode character: a code point above
 * U+10FFFF or a UTF-16 surrogate half. Puppet takes `\uXXXX` (four hex digits) and `\u{X}` (one to six); other
 * forms are not escapes at all and stay as written.
 */
export function invalidUnicodeEscape(text: string, at: number): { end: number; message: string } | undefined {
  const m = /^\\u(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4}))/.exec(text.slice(at, at + 11));
  if (!m) return undefined;
  const code = parseInt(m[1] ?? m[2], 16);
  const written = m[0];
  if (code > 0x10ffff)
    return {
      end: at + written.length,
      message: `'${written}' is not a Unicode character: the highest code point is 10FFFF`,
    };
  if (code >= 0xd800 && code <= 0xdfff)
    return {
      end: at + written.length,
      message: `'${written}' is half of a UTF-16 surrogate pair, not a character: write the character's own code point`,
    };
  return undefined;
}
