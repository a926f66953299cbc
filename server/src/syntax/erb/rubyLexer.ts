// Tokens of the Ruby inside an ERB template. The template's tags become one token stream, as ERB makes them one
// Ruby program: text becomes a `text` token, `<%= ... %>` becomes `out` ... `outEnd`, and a `term` separates
// consecutive tags (ERB joins them with `; `). The lexer covers the Ruby that templates use (literals, strings
// with `#{}` interpolation, symbols, %w/%q/%Q, operators, keywords); anything else becomes an `error` token, so
// the parser reports it. It never throws.

export type TokenKind =
  | 'int'
  | 'float'
  | 'str'
  | 'words'
  | 'sym'
  | 'regex'
  | 'ident'
  | 'const'
  | 'ivar'
  | 'gvar'
  | 'label'
  | 'kw'
  | 'op'
  | 'term'
  | 'text'
  | 'out'
  | 'outEnd'
  | 'eof'
  | 'error';

export interface Token {
  readonly kind: TokenKind;
  /** The name, operator, keyword, symbol or text; for `error`, what is not supported. */
  readonly value: string;
  readonly offset: number;
  /** Whitespace precedes the token. */
  readonly space: boolean;
  /** `int` and `float`: the number. */
  readonly num?: number;
  /** `str`: its pieces. */
  readonly parts?: StrPart[];
  /** `words` (%w): the words. */
  readonly words?: string[];
  /** `regex`: the flags after the closing `/` (the pattern is `value`). */
  readonly flags?: string;
}

/** A piece of a string literal: literal text, or the tokens of a `#{...}` part. */
export type StrPart = string | { readonly tokens: Token[]; readonly offset: number };

export const KEYWORDS = new Set([
  'if',
  'elsif',
  'else',
  'unless',
  'end',
  'do',
  'then',
  'and',
  'or',
  'not',
  'nil',
  'true',
  'false',
  'self',
  'while',
  'until',
  'case',
  'when',
  'begin',
  'rescue',
  'ensure',
  'def',
  'class',
  'module',
  'return',
  'next',
  'break',
  'yield',
  'defined?',
  'in',
  'for',
  'super',
  'redo',
  'retry',
  'alias',
  'undef',
  '__FILE__',
  '__LINE__',
]);

// Longest first.
const OPERATORS = [
  '**=',
  '<=>',
  '===',
  '...',
  '<<=',
  '>>=',
  '&&=',
  '||=',
  '&.',
  '==',
  '!=',
  '>=',
  '<=',
  '&&',
  '||',
  '<<',
  '>>',
  '=~',
  '!~',
  '..',
  '::',
  '=>',
  '->',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '|=',
  '&=',
  '**',
  '+',
  '-',
  '*',
  '/',
  '%',
  '=',
  '<',
  '>',
  '!',
  '&',
  '|',
  '^',
  '~',
  '?',
  ':',
  ',',
  '.',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ';',
];

/** Tokens after which a line break does not end the statement. */
const CONTINUES = new Set([
  '**=',
  '<=>',
  '===',
  '...',
  '<<=',
  '>>=',
  '&&=',
  '||=',
  '==',
  '!=',
  '>=',
  '<=',
  '&&',
  '||',
  '<<',
  '>>',
  '=~',
  '!~',
  '..',
  '::',
  '=>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '|=',
  '&=',
  '**',
  '+',
  '-',
  '*',
  '/',
  '%',
  '=',
  '<',
  '>',
  '!',
  '&',
  '|',
  '^',
  '~',
  '?',
  ':',
  ',',
  '.',
  '(',
  '[',
  '{',
  '&.',
]);

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_CHAR = /[A-Za-z0-9_\u0080-\uffff]/;

const DELIMS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };

class Lexer {
  readonly tokens: Token[] = [];
  private pos = 0;
  private space = false;
  /** The source ends inside a `#` comment (no line break after it). */
  openComment = false;
  constructor(
    private readonly src: string,
    /** Offset of src[0] in the template. */
    private readonly base: number,
  ) {}

  private push(t: {
    kind: TokenKind;
    value?: string;
    offset: number;
    num?: number;
    parts?: StrPart[];
    words?: string[];
    flags?: string;
  }): void {
    this.tokens.push({ value: '', ...t, space: this.space });
    this.space = false;
  }

  private last(): Token | undefined {
    return this.tokens[this.tokens.length - 1];
  }

  /** True when the previous token ends an operand (so `/`, `[`, `:` and friends are operators). */
  private afterOperand(): boolean {
    const t = this.last();
    if (!t) return false;
    if (t.kind === 'op') return t.value === ')' || t.value === ']' || t.value === '}';
    if (t.kind === 'kw')
      return t.value === 'end' || t.value === 'self' || t.value === 'true' || t.value === 'false' || t.value === 'nil';
    return t.kind !== 'term' && t.kind !== 'label';
  }

  run(): Token[] {
    const s = this.src;
    while (this.pos < s.length) {
      const c = s[this.pos];
      const at = this.base + this.pos;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        this.pos++;
        this.space = true;
        continue;
      }
      if (c === '\\' && s[this.pos + 1] === '\n') {
        this.pos += 2;
        this.space = true;
        continue;
      }
      if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
        if (this.pos >= s.length) this.openComment = true;
        continue;
      }
      if (c === '\n') {
        this.pos++;
        this.space = true;
        const last = this.last();
        const continues =
          !last ||
          last.kind === 'term' ||
          (last.kind === 'op' && CONTINUES.has(last.value)) ||
          (last.kind === 'kw' && (last.value === 'and' || last.value === 'or' || last.value === 'not'));
        // A line starting with `.foo` continues the previous one.
        const rest = /^[ \t\r\n]*\.(?!\.)/.exec(s.slice(this.pos, this.pos + 200));
        if (!continues && !rest) this.push({ kind: 'term', value: '\n', offset: at });
        continue;
      }
      if (c === ';') {
        this.pos++;
        this.push({ kind: 'term', value: ';', offset: at });
        continue;
      }
      if (/[0-9]/.test(c)) {
        this.number();
        continue;
      }
      if (c === '"' || c === '`') {
        this.pos++;
        this.push({ kind: 'str', parts: this.dquoted(c), offset: at });
        continue;
      }
      if (c === "'") {
        this.pos++;
        this.push({ kind: 'str', parts: [this.squoted("'", undefined)], offset: at });
        continue;
      }
      if (c === '%' && !this.afterOperand()) {
        const m = /^%([qQwWi]?)([^A-Za-z0-9\s])/.exec(s.slice(this.pos, this.pos + 3));
        if (m) {
          this.pos += m[0].length;
          const open = m[2];
          const close = DELIMS[open] ?? open;
          const nest = DELIMS[open] ? open : undefined;
          if (m[1] === 'w' || m[1] === 'W' || m[1] === 'i') {
            const body = this.squoted(close, nest, true);
            const words = body.split(/\s+/).filter((w) => w !== '');
            if (m[1] === 'i') this.push({ kind: 'error', value: '%i literal', offset: at });
            else this.push({ kind: 'words', words, offset: at });
          } else if (m[1] === 'q') this.push({ kind: 'str', parts: [this.squoted(close, nest)], offset: at });
          else this.push({ kind: 'str', parts: this.dquoted(close, nest), offset: at });
          continue;
        }
      }
      if (c === '@') {
        const m = /^@@?[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.pos));
        if (m && !m[0].startsWith('@@')) {
          this.pos += m[0].length;
          this.push({ kind: 'ivar', value: m[0].slice(1), offset: at });
        } else {
          this.pos += m ? m[0].length : 1;
          this.push({ kind: 'error', value: m ? 'class variable ' + m[0] : '@', offset: at });
        }
        continue;
      }
      if (c === '$') {
        const m = /^\$(?:[A-Za-z_][A-Za-z0-9_]*|.)/.exec(s.slice(this.pos));
        this.pos += m ? m[0].length : 1;
        this.push({ kind: 'gvar', value: m ? m[0] : '$', offset: at });
        continue;
      }
      if (c === ':' && s[this.pos + 1] !== ':' && (this.space || !this.afterOperand())) {
        // A symbol: `:name`, `:name?`, `:"..."`, `:+`.
        const rest = s.slice(this.pos + 1);
        const m = /^(?:[A-Za-z_][A-Za-z0-9_]*[?!=]?|\[\]=?|<=>|===?|[+\-*/%<>]|<=|>=)/.exec(rest);
        if (m && !(m[0].endsWith('=') && rest[m[0].length] === '>')) {
          this.pos += 1 + m[0].length;
          this.push({ kind: 'sym', value: m[0], offset: at });
          continue;
        }
        if (rest[0] === '"' || rest[0] === "'") {
          this.pos += 2;
          const parts = rest[0] === '"' ? this.dquoted('"') : [this.squoted("'", undefined)];
          if (parts.every((p) => typeof p === 'string')) this.push({ kind: 'sym', value: parts.join(''), offset: at });
          else this.push({ kind: 'error', value: 'interpolated symbol', offset: at });
          continue;
        }
      }
      // A regular expression: where an operand starts, or `foo /re/` (a space before, none after).
      const prev = this.last();
      if (
        c === '/' &&
        (!this.afterOperand() || (prev?.kind === 'ident' && this.space && !/[\s=]/.test(s[this.pos + 1] ?? ' ')))
      ) {
        this.pos++;
        this.regex('/', undefined, at);
        continue;
      }
      if (
        c === '%' &&
        s[this.pos + 1] === 'r' &&
        /[^A-Za-z0-9\s]/.test(s[this.pos + 2] ?? '') &&
        !this.afterOperand()
      ) {
        const open = s[this.pos + 2];
        this.pos += 3;
        this.regex(DELIMS[open] ?? open, DELIMS[open] ? open : undefined, at);
        continue;
      }
      if (c === '?' && /^\?[A-Za-z0-9_](?![A-Za-z0-9_])/.test(s.slice(this.pos)) && !this.afterOperand()) {
        this.push({ kind: 'str', parts: [s[this.pos + 1]], offset: at });
        this.pos += 2;
        continue;
      }
      if (
        c === '<' &&
        s.startsWith('<<', this.pos) &&
        /^<<[~-]?(['"]?)[A-Z_]/.test(s.slice(this.pos)) &&
        !this.afterOperand()
      ) {
        this.pos = s.length;
        this.push({ kind: 'error', value: 'heredoc', offset: at });
        continue;
      }
      if (IDENT_START.test(c)) {
        let end = this.pos + 1;
        while (end < s.length && IDENT_CHAR.test(s[end])) end++;
        let word = s.slice(this.pos, end);
        if ((s[end] === '?' || s[end] === '!') && s[end + 1] !== '=' && !/[A-Z]/.test(word[0])) {
          word += s[end];
          end++;
        } else if ((s[end] === '?' || s[end] === '!') && s[end + 1] === '=' && s[end + 2] === '=') {
          word += s[end];
          end++;
        }
        const prev = this.last();
        const afterDot = prev?.kind === 'op' && (prev.value === '.' || prev.value === '&.');
        // `name: value` (a hash label), not `name::` nor a ternary's `a ? b : c` with spaces.
        if (s[end] === ':' && s[end + 1] !== ':' && !afterDot && !/[?!]$/.test(word)) {
          this.pos = end + 1;
          this.push({ kind: 'label', value: word, offset: at });
          continue;
        }
        this.pos = end;
        if (word === 'defined' && s[end] === '?') {
          this.pos++;
          this.push({ kind: 'kw', value: 'defined?', offset: at });
        } else if (KEYWORDS.has(word) && !afterDot) this.push({ kind: 'kw', value: word, offset: at });
        else if (/[A-Z]/.test(word[0])) this.push({ kind: 'const', value: word, offset: at });
        else this.push({ kind: 'ident', value: word, offset: at });
        continue;
      }
      const op = OPERATORS.find((o) => s.startsWith(o, this.pos));
      if (op) {
        this.pos += op.length;
        this.push({ kind: 'op', value: op, offset: at });
        continue;
      }
      this.pos++;
      this.push({ kind: 'error', value: c, offset: at });
    }
    return this.tokens;
  }

  private number(): void {
    const s = this.src;
    const at = this.base + this.pos;
    const rest = s.slice(this.pos);
    let m = /^0[xX][0-9a-fA-F_]+/.exec(rest);
    if (m) {
      this.pos += m[0].length;
      this.push({ kind: 'int', num: parseInt(m[0].slice(2).replace(/_/g, ''), 16), offset: at });
      return;
    }
    m = /^0[bB][01_]+/.exec(rest);
    if (m) {
      this.pos += m[0].length;
      this.push({ kind: 'int', num: parseInt(m[0].slice(2).replace(/_/g, ''), 2), offset: at });
      return;
    }
    m = /^[0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[eE][+-]?[0-9]+)?/.exec(rest);
    const text = m![0];
    this.pos += text.length;
    const clean = text.replace(/_/g, '');
    if (/[.eE]/.test(clean)) this.push({ kind: 'float', num: parseFloat(clean), offset: at });
    else if (/^0[0-7]+$/.test(clean)) this.push({ kind: 'int', num: parseInt(clean, 8), offset: at });
    else this.push({ kind: 'int', num: parseInt(clean, 10), offset: at });
  }

  /** A regular expression's body up to `close`, escapes kept, then its flags; `#{}` in it is not supported. */
  private regex(close: string, nest: string | undefined, at: number): void {
    const s = this.src;
    let body = '';
    let depth = 0;
    let closed = false;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === '\\' && this.pos + 1 < s.length) {
        // `\/` is a plain `/`; other escapes stay for the pattern.
        body += s[this.pos + 1] === close ? close : c + s[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (nest && c === nest) depth++;
      else if (c === close) {
        if (depth === 0) {
          this.pos++;
          closed = true;
          break;
        }
        depth--;
      }
      body += c;
      this.pos++;
    }
    let flags = '';
    while (/[imxounse]/.test(s[this.pos] ?? '')) flags += s[this.pos++];
    if (!closed) this.push({ kind: 'error', value: 'syntax error: unterminated regular expression', offset: at });
    else if (body.includes('#{'))
      this.push({ kind: 'error', value: 'a regular expression with #{} interpolation', offset: at });
    else this.push({ kind: 'regex', value: body, flags, offset: at });
  }

  /** A single-quoted body up to `close` (only `\\` and `\close` are escapes); `words` keeps every backslash pair. */
  private squoted(close: string, nest: string | undefined, words = false): string {
    const s = this.src;
    let out = '';
    let depth = 0;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === '\\' && this.pos + 1 < s.length) {
        const n = s[this.pos + 1];
        if (n === close || n === '\\' || (nest && n === nest)) out += n;
        else out += words && /\s/.test(n) ? n : c + n;
        this.pos += 2;
        continue;
      }
      if (nest && c === nest) depth++;
      else if (c === close) {
        if (depth === 0) {
          this.pos++;
          return out;
        }
        depth--;
      }
      out += c;
      this.pos++;
    }
    this.push({ kind: 'error', value: 'unterminated string', offset: this.base + s.length });
    return out;
  }

  /** A double-quoted body with escapes and `#{...}` parts. */
  private dquoted(close: string, nest?: string): StrPart[] {
    const s = this.src;
    const parts: StrPart[] = [];
    let buf = '';
    let depth = 0;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === '\\' && this.pos + 1 < s.length) {
        const n = s[this.pos + 1];
        this.pos += 2;
        const simple: Record<string, string> = {
          n: '\n',
          t: '\t',
          s: ' ',
          r: '\r',
          e: '\x1b',
          a: '\x07',
          b: '\b',
          f: '\f',
          v: '\v',
          '0': '\0',
        };
        if (n in simple) buf += simple[n];
        else if (n === 'u') {
          const m = /^(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{4}))/.exec(s.slice(this.pos));
          if (m) {
            this.pos += m[0].length;
            buf += String.fromCodePoint(parseInt(m[1] ?? m[2], 16));
          } else buf += 'u';
        } else if (n === 'x') {
          const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(this.pos));
          if (m) {
            this.pos += m[0].length;
            buf += String.fromCharCode(parseInt(m[0], 16));
          } else buf += 'x';
        } else if (n === '\n') {
          // A backslash before a line break joins the lines.
        } else buf += n;
        continue;
      }
      if (c === '#' && s[this.pos + 1] === '{') {
        const start = this.pos + 2;
        const end = this.matchBrace(start);
        if (buf !== '') parts.push(buf);
        buf = '';
        const inner = new Lexer(s.slice(start, end), this.base + start).run();
        parts.push({ tokens: inner, offset: this.base + this.pos });
        this.pos = Math.min(end + 1, s.length);
        continue;
      }
      if (c === '#' && (s[this.pos + 1] === '@' || s[this.pos + 1] === '$')) {
        const m = /^#(@[A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(this.pos));
        if (m) {
          if (buf !== '') parts.push(buf);
          buf = '';
          parts.push({ tokens: new Lexer(m[1], this.base + this.pos + 1).run(), offset: this.base + this.pos });
          this.pos += m[0].length;
          continue;
        }
      }
      if (nest && c === nest) depth++;
      else if (c === close) {
        if (depth === 0) {
          this.pos++;
          if (buf !== '' || parts.length === 0) parts.push(buf);
          return parts;
        }
        depth--;
      }
      buf += c;
      this.pos++;
    }
    this.push({ kind: 'error', value: 'unterminated string', offset: this.base + s.length });
    parts.push(buf);
    return parts;
  }

  /** The index of the `}` closing an interpolation that starts at `start`, skipping nested braces and strings. */
  private matchBrace(start: number): number {
    const s = this.src;
    let depth = 0;
    let i = start;
    while (i < s.length) {
      const c = s[i];
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === '"' || c === "'") {
        i++;
        while (i < s.length && s[i] !== c) i += s[i] === '\\' ? 2 : 1;
        i++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0) return i;
        depth--;
      }
      i++;
    }
    return s.length;
  }
}

/** Lexes one piece of Ruby source that starts at `offset` in the template, and says whether it ends inside a `#` comment. */
export function lexRubyPiece(source: string, offset: number): { tokens: Token[]; openComment: boolean } {
  const lexer = new Lexer(source, offset);
  const tokens = lexer.run();
  return { tokens, openComment: lexer.openComment };
}
