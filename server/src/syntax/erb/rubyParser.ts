// The parser of the Ruby subset ERB templates use, over the token stream of a whole template (rubyLexer.ts). It
// builds a small tree (`RNode`) or returns one error with its offset; it never throws to its caller and stops
// at `MAX_DEPTH` levels of nesting. Like Ruby, it decides at parse time whether a bare name is a local variable
// (assigned earlier, or a block parameter) or a method call.

import { scanErb } from './scanner.js';
import { lexRubyPiece, type Token, type StrPart } from './rubyLexer.js';

export type BlockParam = string | { readonly splat: string } | readonly BlockParam[];

export interface RBlock {
  readonly params: readonly BlockParam[];
  /** True for `|a, |` (a trailing comma): the block destructures one array argument. */
  readonly spread: boolean;
  readonly body: readonly RNode[];
  /** `&:name`: the block calls `name` on its argument. */
  readonly symbol?: string;
}

export type RNode = { readonly at: number } & (
  | { readonly t: 'nil' | 'true' | 'false' | 'self' }
  | { readonly t: 'int' | 'float'; readonly v: number }
  | { readonly t: 'str'; readonly parts: readonly (string | RNode)[] }
  | { readonly t: 'words'; readonly words: readonly string[] }
  | { readonly t: 'sym'; readonly v: string }
  | { readonly t: 'regex'; readonly source: string; readonly flags: string }
  | { readonly t: 'array'; readonly items: readonly RNode[] }
  | { readonly t: 'hash'; readonly pairs: readonly (readonly [RNode, RNode])[] }
  | { readonly t: 'splat'; readonly e: RNode }
  | { readonly t: 'lvar' | 'ivar' | 'gvar'; readonly name: string }
  | { readonly t: 'const'; readonly name: string; readonly scope: RNode | undefined }
  | {
      readonly t: 'call';
      readonly recv: RNode | undefined;
      readonly name: string;
      readonly args: readonly RNode[];
      readonly block: RBlock | undefined;
      readonly safe: boolean;
      readonly bare: boolean;
    }
  | { readonly t: 'and' | 'or'; readonly l: RNode; readonly r: RNode }
  | { readonly t: 'not'; readonly e: RNode }
  | { readonly t: 'defined'; readonly e: RNode }
  | { readonly t: 'if'; readonly cond: RNode; readonly then: readonly RNode[]; readonly else: readonly RNode[] }
  | { readonly t: 'while'; readonly cond: RNode; readonly body: readonly RNode[]; readonly until: boolean }
  | {
      readonly t: 'case';
      readonly subject: RNode | undefined;
      readonly whens: readonly (readonly [readonly RNode[], readonly RNode[]])[];
      readonly else: readonly RNode[] | undefined;
    }
  | { readonly t: 'range'; readonly lo: RNode; readonly hi: RNode; readonly excl: boolean }
  | { readonly t: 'asgn'; readonly target: RNode; readonly value: RNode }
  | { readonly t: 'opasgn'; readonly target: RNode; readonly op: string; readonly value: RNode }
  | { readonly t: 'seq'; readonly body: readonly RNode[] }
  | { readonly t: 'print'; readonly e: RNode; readonly toS: boolean }
  | { readonly t: 'next' | 'break' | 'return'; readonly e: RNode | undefined }
  /** `begin ... rescue ... else ... ensure ... end` and `x rescue y`: `classes` empty means StandardError. */
  | {
      readonly t: 'rescue';
      readonly body: readonly RNode[];
      readonly clauses: readonly {
        readonly classes: readonly string[];
        readonly bind: string | undefined;
        readonly body: readonly RNode[];
      }[];
      readonly else: readonly RNode[];
      readonly ensure: readonly RNode[];
    }
  | {
      readonly t: 'def';
      readonly name: string;
      readonly params: readonly { readonly name: string; readonly dflt: RNode | undefined }[];
      readonly body: readonly RNode[];
    }
);

export type RubyParse = { ok: true; body: RNode[] } | { ok: false; message: string; offset: number };

export const MAX_DEPTH = 200;

class ParseError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

const BINARY: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '<=>': 3,
  '==': 3,
  '===': 3,
  '!=': 3,
  '=~': 3,
  '!~': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '|': 5,
  '^': 5,
  '&': 6,
  '<<': 7,
  '>>': 7,
  '+': 8,
  '-': 8,
  '*': 9,
  '/': 9,
  '%': 9,
};

const ASSIGN_OPS = new Set(['+=', '-=', '*=', '/=', '%=', '**=', '||=', '&&=', '|=', '&=', '<<=', '>>=']);

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of template';
    case 'term':
      return t.value === ';' ? "';'" : 'end of line';
    case 'text':
      return 'template text';
    case 'out':
      return "'<%='";
    case 'outEnd':
      return "'%>'";
    case 'str':
      return 'string literal';
    case 'int':
    case 'float':
      return `number ${t.num}`;
    case 'words':
      return '%w literal';
    case 'sym':
      return `:${t.value}`;
    case 'regex':
      return 'regular expression';
    case 'error':
      return t.value;
    default:
      return `'${t.value}'`;
  }
}

class Parser {
  private i = 0;
  private depth = 0;
  private noDo = 0;
  private readonly scopes: Set<string>[] = [new Set()];

  constructor(private readonly toks: Token[]) {}

  private get tok(): Token {
    return this.toks[this.i];
  }
  private peek(n = 1): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)];
  }
  private next(): Token {
    const t = this.toks[this.i];
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }
  private isOp(v: string, t = this.tok): boolean {
    return t.kind === 'op' && t.value === v;
  }
  private isKw(v: string, t = this.tok): boolean {
    return t.kind === 'kw' && t.value === v;
  }
  private fail(message: string, t = this.tok): never {
    throw new ParseError(message, t.offset);
  }
  private unexpected(what?: string): never {
    const t = this.tok;
    if (t.kind === 'error')
      this.fail(t.value.startsWith('syntax error') ? t.value : `unsupported Ruby in template: ${t.value}`);
    this.fail(`syntax error, unexpected ${describe(t)}${what ? `, expecting ${what}` : ''}`);
  }
  private expectOp(v: string): Token {
    if (!this.isOp(v)) this.unexpected(`'${v}'`);
    return this.next();
  }
  private expectKw(v: string): Token {
    if (!this.isKw(v)) this.unexpected(`'${v}'`);
    return this.next();
  }
  private skipTerms(): void {
    while (this.tok.kind === 'term') this.next();
  }
  private skipNewlines(): void {
    while (this.tok.kind === 'term' && this.tok.value === '\n') this.next();
  }
  private declare(name: string): void {
    this.scopes[this.scopes.length - 1].add(name);
  }
  private isLocal(name: string): boolean {
    return this.scopes.some((s) => s.has(name));
  }
  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`template nests deeper than ${MAX_DEPTH} levels`);
  }

  program(): RNode[] {
    const body = this.statements(['eof']);
    if (this.tok.kind !== 'eof') this.unexpected();
    return body;
  }

  /** Statements up to (not including) a token that ends the list: a keyword, `)`, `}`, `%>` or the end. */
  private statements(enders: readonly string[]): RNode[] {
    const out: RNode[] = [];
    for (;;) {
      this.skipTerms();
      const t = this.tok;
      if (
        t.kind === 'eof' ||
        (t.kind === 'kw' && enders.includes(t.value)) ||
        (t.kind === 'op' && enders.includes(t.value)) ||
        (t.kind === 'outEnd' && enders.includes('outEnd'))
      )
        return out;
      out.push(this.statement());
      if (
        this.tok.kind !== 'term' &&
        this.tok.kind !== 'eof' &&
        !(this.tok.kind === 'kw' && enders.includes(this.tok.value)) &&
        !(this.tok.kind === 'op' && enders.includes(this.tok.value)) &&
        !(this.tok.kind === 'outEnd' && enders.includes('outEnd'))
      )
        this.unexpected();
    }
  }

  private statement(): RNode {
    this.enter();
    try {
      const t = this.tok;
      let e: RNode;
      if (t.kind === 'text') {
        this.next();
        e = { t: 'print', e: { t: 'str', parts: [t.value], at: t.offset }, toS: false, at: t.offset };
      } else if (t.kind === 'out') {
        this.next();
        const body = this.statements(['outEnd']);
        if (this.tok.kind !== 'outEnd') this.unexpected("'%>'");
        this.next();
        e = { t: 'print', e: { t: 'seq', body, at: t.offset }, toS: true, at: t.offset };
      } else e = this.exprStatement();
      for (;;) {
        const m = this.tok;
        if (this.isKw('if') || this.isKw('unless')) {
          this.next();
          const cond = this.exprStatement();
          e =
            m.value === 'if'
              ? { t: 'if', cond, then: [e], else: [], at: m.offset }
              : { t: 'if', cond, then: [], else: [e], at: m.offset };
        } else if (this.isKw('while') || this.isKw('until')) {
          this.next();
          const cond = this.exprStatement();
          e = { t: 'while', cond, body: [e], until: m.value === 'until', at: m.offset };
        } else if (this.isKw('rescue')) {
          this.next();
          const alt = this.exprStatement();
          e = {
            t: 'rescue',
            body: [e],
            clauses: [{ classes: [], bind: undefined, body: [alt] }],
            else: [],
            ensure: [],
            at: m.offset,
          };
        } else return e;
      }
    } finally {
      this.depth--;
    }
  }

  /** `not`, `and`, `or`. */
  private exprStatement(): RNode {
    let l = this.notExpr();
    while (this.isKw('and') || this.isKw('or')) {
      const op = this.next();
      this.skipNewlines();
      const r = this.notExpr();
      l = { t: op.value === 'and' ? 'and' : 'or', l, r, at: op.offset };
    }
    return l;
  }

  private notExpr(): RNode {
    if (this.isKw('not')) {
      const t = this.next();
      this.enter();
      try {
        return { t: 'not', e: this.notExpr(), at: t.offset };
      } finally {
        this.depth--;
      }
    }
    return this.expr();
  }

  /** Assignment and everything tighter. */
  private expr(): RNode {
    this.enter();
    try {
      const start = this.tok;
      const left = this.ternary();
      if (this.isOp('=') || (this.tok.kind === 'op' && ASSIGN_OPS.has(this.tok.value))) {
        const op = this.tok.value;
        const target = this.assignable(left, start);
        this.next();
        this.skipNewlines();
        const value = this.isKw('not') ? this.notExpr() : this.expr();
        if (op === '=') return { t: 'asgn', target, value, at: start.offset };
        return { t: 'opasgn', target, op: op.slice(0, -1), value, at: start.offset };
      }
      return left;
    } finally {
      this.depth--;
    }
  }

  private assignable(n: RNode, start: Token): RNode {
    if (n.t === 'lvar' || n.t === 'ivar') return n;
    if (n.t === 'call' && !n.recv && n.bare && n.args.length === 0 && !n.block) {
      this.declare(n.name);
      return { t: 'lvar', name: n.name, at: n.at };
    }
    if (n.t === 'call' && n.recv && n.name === '[]' && !n.block) return n;
    if (n.t === 'call' && n.recv && n.bare && n.args.length === 0 && !n.block && /^[a-z_]/i.test(n.name)) return n;
    this.fail('syntax error, cannot assign to this expression', start);
  }

  private ternary(): RNode {
    const cond = this.range();
    if (!this.isOp('?')) return cond;
    const q = this.next();
    this.skipNewlines();
    let a: RNode;
    if (this.tok.kind === 'label') {
      // `c ? x: y` — the lexer read `x:` as a label.
      const l = this.next();
      a = this.isLocal(l.value)
        ? { t: 'lvar', name: l.value, at: l.offset }
        : {
            t: 'call',
            recv: undefined,
            name: l.value,
            args: [],
            block: undefined,
            safe: false,
            bare: true,
            at: l.offset,
          };
    } else {
      a = this.ternary();
      this.skipNewlines();
      this.expectOp(':');
    }
    this.skipNewlines();
    const b = this.ternary();
    return { t: 'if', cond, then: [a], else: [b], at: q.offset };
  }

  private range(): RNode {
    const lo = this.binary(1);
    if (this.isOp('..') || this.isOp('...')) {
      const op = this.next();
      const hi = this.binary(1);
      return { t: 'range', lo, hi, excl: op.value === '...', at: op.offset };
    }
    return lo;
  }

  private binary(min: number): RNode {
    let l = this.unary();
    for (;;) {
      const t = this.tok;
      if (t.kind !== 'op') return l;
      const p = BINARY[t.value];
      if (p === undefined || p < min) return l;
      this.next();
      this.skipNewlines();
      this.enter();
      let r: RNode;
      try {
        r = this.binary(p + 1);
      } finally {
        this.depth--;
      }
      if (t.value === '&&') l = { t: 'and', l, r, at: t.offset };
      else if (t.value === '||') l = { t: 'or', l, r, at: t.offset };
      else if (t.value === '!=')
        l = { t: 'call', recv: l, name: '!=', args: [r], block: undefined, safe: false, bare: false, at: t.offset };
      else if (t.value === '!~')
        l = {
          t: 'not',
          e: { t: 'call', recv: l, name: '=~', args: [r], block: undefined, safe: false, bare: false, at: t.offset },
          at: t.offset,
        };
      else
        l = { t: 'call', recv: l, name: t.value, args: [r], block: undefined, safe: false, bare: false, at: t.offset };
    }
  }

  private unary(): RNode {
    const t = this.tok;
    if (this.isOp('!')) {
      this.next();
      this.enter();
      try {
        return { t: 'not', e: this.unary(), at: t.offset };
      } finally {
        this.depth--;
      }
    }
    if (this.isOp('-') || this.isOp('+')) {
      const n = this.peek();
      this.next();
      if ((n.kind === 'int' || n.kind === 'float') && !n.space) {
        this.next();
        const lit: RNode = { t: n.kind, v: t.value === '-' ? -n.num! : n.num!, at: t.offset };
        return this.powTail(this.postfix(lit));
      }
      this.enter();
      try {
        const e = this.unary();
        return {
          t: 'call',
          recv: e,
          name: t.value === '-' ? '-@' : '+@',
          args: [],
          block: undefined,
          safe: false,
          bare: false,
          at: t.offset,
        };
      } finally {
        this.depth--;
      }
    }
    if (this.isKw('defined?')) {
      this.next();
      const paren = this.isOp('(');
      if (paren) this.next();
      const e = paren ? this.exprStatement() : this.unary();
      if (paren) this.expectOp(')');
      return { t: 'defined', e, at: t.offset };
    }
    return this.powTail(this.postfix(this.primary()));
  }

  private powTail(base: RNode): RNode {
    if (!this.isOp('**')) return base;
    const t = this.next();
    const r = this.unary();
    return { t: 'call', recv: base, name: '**', args: [r], block: undefined, safe: false, bare: false, at: t.offset };
  }

  /** Can `t` start a command argument (`foo arg`, `x.include? y`)? */
  private startsCommandArg(t: Token, name: string): boolean {
    if (
      t.kind === 'int' ||
      t.kind === 'float' ||
      t.kind === 'str' ||
      t.kind === 'words' ||
      t.kind === 'sym' ||
      t.kind === 'regex' ||
      t.kind === 'ivar' ||
      t.kind === 'gvar' ||
      t.kind === 'const' ||
      t.kind === 'label'
    )
      return t.space || /[?!]$/.test(name);
    if (t.kind === 'ident') return t.space || /[?!]$/.test(name);
    if (t.kind === 'kw')
      return (
        (t.space || /[?!]$/.test(name)) &&
        ['nil', 'true', 'false', 'self', 'not', 'defined?', 'if', 'unless', 'case'].includes(t.value) &&
        !['if', 'unless'].includes(t.value)
      );
    if (t.kind === 'op') {
      if (!t.space) return false;
      const n = this.peek();
      if (t.value === '[' || t.value === '!' || t.value === '(' || t.value === '::') return true;
      if ((t.value === '-' || t.value === '*' || t.value === '&') && !n.space && n.kind !== 'term') return true;
      if (t.value === ':') return false;
    }
    return false;
  }

  private commandArgs(): RNode[] {
    const args: RNode[] = [];
    this.noDo++;
    try {
      for (;;) {
        args.push(this.argument());
        if (!this.isOp(',')) break;
        this.next();
        this.skipNewlines();
      }
    } finally {
      this.noDo--;
    }
    return args;
  }

  /** One argument: an expression, `*splat`, `&:sym` (as a block, returned as a special call) or `key: value` pairs. */
  private argument(): RNode {
    const t = this.tok;
    if (this.isOp('*')) {
      this.next();
      return { t: 'splat', e: this.ternary(), at: t.offset };
    }
    if (
      t.kind === 'label' ||
      (t.kind === 'str' && this.isOp(':', this.peek()) && !this.peek().space) ||
      this.isOp('=>', this.peek())
    ) {
      // Trailing hash without braces.
      const pairs: (readonly [RNode, RNode])[] = [];
      for (;;) {
        pairs.push(this.hashPair());
        if (!this.isOp(',') || !(this.peek().kind === 'label' || this.peek().kind !== 'op')) break;
        const save = this.i;
        this.next();
        this.skipNewlines();
        if (!(this.tok.kind === 'label' || this.isOp('=>', this.peek()))) {
          this.i = save;
          break;
        }
      }
      return { t: 'hash', pairs, at: t.offset };
    }
    return this.expr();
  }

  private hashPair(): readonly [RNode, RNode] {
    const t = this.tok;
    if (t.kind === 'label') {
      this.next();
      this.skipNewlines();
      return [{ t: 'sym', v: t.value, at: t.offset }, this.expr()];
    }
    if (t.kind === 'str' && this.isOp(':', this.peek()) && !this.peek().space) {
      const k = this.primary();
      this.next();
      this.skipNewlines();
      if (k.t !== 'str' || k.parts.some((p) => typeof p !== 'string'))
        this.fail('unsupported Ruby in template: interpolated symbol', t);
      return [{ t: 'sym', v: (k.parts as string[]).join(''), at: t.offset }, this.expr()];
    }
    const k = this.expr();
    this.skipNewlines();
    this.expectOp('=>');
    this.skipNewlines();
    return [k, this.expr()];
  }

  private parenArgs(): { args: RNode[]; block: RBlock | undefined } {
    this.expectOp('(');
    const args: RNode[] = [];
    let block: RBlock | undefined;
    this.noDo++;
    const saveNoDo = this.noDo;
    this.noDo = 0;
    try {
      this.skipNewlines();
      while (!this.isOp(')')) {
        if (this.isOp('&')) {
          const a = this.next();
          const s = this.tok;
          if (s.kind !== 'sym') this.fail('unsupported Ruby in template: a block argument other than &:name', a);
          this.next();
          block = { params: [], spread: false, body: [], symbol: s.value };
        } else args.push(this.argument());
        this.skipNewlines();
        if (this.isOp(',')) {
          this.next();
          this.skipNewlines();
          continue;
        }
        if (!this.isOp(')')) this.unexpected("')'");
      }
      this.next();
    } finally {
      this.noDo = saveNoDo - 1;
    }
    return { args, block };
  }

  private blockParams(): { params: BlockParam[]; spread: boolean } {
    const params: BlockParam[] = [];
    let spread = false;
    if (this.isOp('||')) {
      this.next();
      return { params, spread };
    }
    if (!this.isOp('|')) return { params, spread };
    this.next();
    const one = (): BlockParam => {
      const t = this.tok;
      if (this.isOp('(')) {
        this.next();
        const inner: BlockParam[] = [];
        while (!this.isOp(')')) {
          inner.push(one());
          if (this.isOp(',')) this.next();
          else if (!this.isOp(')')) this.unexpected("')'");
        }
        this.next();
        return inner;
      }
      if (this.isOp('*')) {
        this.next();
        const n = this.tok;
        if (n.kind !== 'ident') this.unexpected('a parameter name');
        this.next();
        this.declare(n.value);
        return { splat: n.value };
      }
      if (t.kind !== 'ident') this.unexpected('a parameter name');
      this.next();
      this.declare(t.value);
      return t.value;
    };
    while (!this.isOp('|')) {
      params.push(one());
      if (this.isOp(',')) {
        this.next();
        if (this.isOp('|')) spread = true;
      } else if (this.isOp(';')) this.fail('unsupported Ruby in template: block-local variables');
      else if (!this.isOp('|')) this.unexpected("'|'");
    }
    this.next();
    return { params, spread };
  }

  private block(): RBlock | undefined {
    const t = this.tok;
    const brace = this.isOp('{');
    if (!brace && !(this.isKw('do') && this.noDo === 0)) return undefined;
    this.next();
    this.scopes.push(new Set());
    this.enter();
    const saveNoDo = this.noDo;
    this.noDo = 0;
    try {
      const { params, spread } = this.blockParams();
      const body = this.statements(brace ? ['}'] : ['end']);
      if (brace) this.expectOp('}');
      else this.expectKw('end');
      return { params, spread, body };
    } catch (e) {
      if (e instanceof ParseError && this.tok.kind === 'eof')
        throw new ParseError(`${e.message} (the block opened here is not closed)`, t.offset);
      throw e;
    } finally {
      this.noDo = saveNoDo;
      this.depth--;
      this.scopes.pop();
    }
  }

  /** The arguments and block of a call to `name` (after the name). */
  private callTail(name: string, nameTok: Token): { args: RNode[]; block: RBlock | undefined; bare: boolean } {
    let args: RNode[] = [];
    let block: RBlock | undefined;
    let bare = true;
    if (this.isOp('(') && !this.tok.space) {
      ({ args, block } = this.parenArgs());
      bare = false;
    } else if (this.startsCommandArg(this.tok, name) && this.tok.kind !== 'term') {
      args = this.commandArgs();
      bare = false;
    }
    void nameTok;
    if (!block) block = this.block();
    return { args, block, bare };
  }

  private postfix(base: RNode): RNode {
    let e = base;
    for (;;) {
      const t = this.tok;
      if (this.isOp('.') || this.isOp('&.')) {
        this.next();
        this.skipNewlines();
        const n = this.tok;
        let name: string;
        if (n.kind === 'ident' || n.kind === 'const' || n.kind === 'kw') name = n.value;
        else if (n.kind === 'label') {
          this.fail('unsupported Ruby in template: a label after a method call', n);
        } else if (n.kind === 'op' && this.isOp('(')) {
          name = 'call';
          const { args, block } = this.parenArgs();
          e = {
            t: 'call',
            recv: e,
            name,
            args,
            block: block ?? this.block(),
            safe: t.value === '&.',
            bare: false,
            at: n.offset,
          };
          continue;
        } else this.unexpected('a method name');
        this.next();
        const { args, block, bare } = this.callTail(name, n);
        e = { t: 'call', recv: e, name, args, block, safe: t.value === '&.', bare, at: n.offset };
        continue;
      }
      if (this.isOp('::') && !t.space) {
        this.next();
        const n = this.tok;
        if (n.kind === 'const' && !(this.isOp('(', this.peek()) && !this.peek().space)) {
          this.next();
          e = { t: 'const', name: n.value, scope: e, at: n.offset };
          continue;
        }
        if (n.kind !== 'ident' && n.kind !== 'const') this.unexpected('a method name');
        this.next();
        const { args, block, bare } = this.callTail(n.value, n);
        e = { t: 'call', recv: e, name: n.value, args, block, safe: false, bare, at: n.offset };
        continue;
      }
      if (this.isOp('[') && !t.space) {
        this.next();
        this.skipNewlines();
        const args: RNode[] = [];
        while (!this.isOp(']')) {
          args.push(this.argument());
          this.skipNewlines();
          if (this.isOp(',')) {
            this.next();
            this.skipNewlines();
          } else if (!this.isOp(']')) this.unexpected("']'");
        }
        this.next();
        e = { t: 'call', recv: e, name: '[]', args, block: undefined, safe: false, bare: false, at: t.offset };
        continue;
      }
      return e;
    }
  }

  private primary(): RNode {
    const t = this.tok;
    switch (t.kind) {
      case 'int':
      case 'float':
        this.next();
        return { t: t.kind, v: t.num!, at: t.offset };
      case 'str': {
        this.next();
        let node: RNode & { t: 'str' } = this.strNode(t.parts!, t.offset);
        // Adjacent literals concatenate: "a" "b".
        while (this.tok.kind === 'str') {
          const n = this.next();
          const more = this.strNode(n.parts!, n.offset);
          node = { t: 'str', parts: [...node.parts, ...more.parts], at: t.offset };
        }
        return node;
      }
      case 'words':
        this.next();
        return { t: 'words', words: t.words!, at: t.offset };
      case 'sym':
        this.next();
        return { t: 'sym', v: t.value, at: t.offset };
      case 'ivar':
        this.next();
        return { t: 'ivar', name: t.value, at: t.offset };
      case 'regex':
        this.next();
        return { t: 'regex', source: t.value, flags: t.flags ?? '', at: t.offset };
      case 'gvar':
        this.next();
        return { t: 'gvar', name: t.value, at: t.offset };
      case 'const': {
        this.next();
        if (this.isOp('(') && !this.tok.space) {
          const { args, block } = this.parenArgs();
          return { t: 'call', recv: undefined, name: t.value, args, block, safe: false, bare: false, at: t.offset };
        }
        return { t: 'const', name: t.value, scope: undefined, at: t.offset };
      }
      case 'ident': {
        this.next();
        if (this.isLocal(t.value) && !(this.isOp('(') && !this.tok.space))
          return { t: 'lvar', name: t.value, at: t.offset };
        const { args, block, bare } = this.callTail(t.value, t);
        return { t: 'call', recv: undefined, name: t.value, args, block, safe: false, bare, at: t.offset };
      }
      case 'label':
        return this.fail(`syntax error, unexpected label ${t.value}:`);
      case 'kw':
        return this.keyword(t);
      case 'op':
        if (t.value === '(') {
          this.next();
          const body = this.statements([')']);
          this.expectOp(')');
          return body.length === 1 ? body[0] : { t: 'seq', body, at: t.offset };
        }
        if (t.value === '[') {
          this.next();
          const items: RNode[] = [];
          this.skipNewlines();
          while (!this.isOp(']')) {
            items.push(this.argument());
            this.skipNewlines();
            if (this.isOp(',')) {
              this.next();
              this.skipNewlines();
            } else if (!this.isOp(']')) this.unexpected("']'");
          }
          this.next();
          return { t: 'array', items, at: t.offset };
        }
        if (t.value === '{') {
          this.next();
          const pairs: (readonly [RNode, RNode])[] = [];
          this.skipNewlines();
          while (!this.isOp('}')) {
            pairs.push(this.hashPair());
            this.skipNewlines();
            if (this.isOp(',')) {
              this.next();
              this.skipNewlines();
            } else if (!this.isOp('}')) this.unexpected("'}'");
          }
          this.next();
          return { t: 'hash', pairs, at: t.offset };
        }
        if (t.value === '::') {
          this.next();
          const n = this.tok;
          if (n.kind !== 'const') this.unexpected('a constant');
          this.next();
          return { t: 'const', name: n.value, scope: undefined, at: n.offset };
        }
        if (t.value === '->') this.fail('unsupported Ruby in template: lambda');
        return this.unexpected();
      default:
        return this.unexpected();
    }
  }

  private strNode(parts: readonly StrPart[], at: number): RNode & { t: 'str' } {
    const out: (string | RNode)[] = [];
    for (const p of parts) {
      if (typeof p === 'string') out.push(p);
      else {
        const toks = [...p.tokens, { kind: 'eof', value: '', offset: p.offset, space: false } as Token];
        const sub = new Parser(toks);
        (sub as unknown as { scopes: Set<string>[] }).scopes.splice(0, 1, ...this.scopes);
        (sub as unknown as { depth: number }).depth = this.depth;
        const body = sub.program();
        out.push({ t: 'seq', body, at: p.offset });
      }
    }
    return { t: 'str', parts: out, at };
  }

  private thenBody(enders: string[]): RNode[] {
    if (this.isKw('then')) this.next();
    return this.statements(enders);
  }

  private keyword(t: Token): RNode {
    switch (t.value) {
      case 'nil':
      case 'true':
      case 'false':
      case 'self':
        this.next();
        return { t: t.value, at: t.offset };
      case 'if':
      case 'unless': {
        this.next();
        const cond = this.exprStatement();
        const then = this.thenBody(['elsif', 'else', 'end']);
        let els: RNode[] = [];
        if (t.value === 'if' && this.isKw('elsif')) {
          const e = this.tok;
          // `elsif` reads as a nested `if` that shares this `end`.
          els = [this.elsif(e)];
          return { t: 'if', cond, then, else: els, at: t.offset };
        }
        if (this.isKw('else')) {
          this.next();
          els = this.statements(['end']);
        }
        this.closeWith(t, 'end');
        return t.value === 'if'
          ? { t: 'if', cond, then, else: els, at: t.offset }
          : { t: 'if', cond, then: els, else: then, at: t.offset };
      }
      case 'while':
      case 'until': {
        this.next();
        this.noDo++;
        let cond: RNode;
        try {
          cond = this.exprStatement();
        } finally {
          this.noDo--;
        }
        if (this.isKw('do')) this.next();
        const body = this.statements(['end']);
        this.closeWith(t, 'end');
        return { t: 'while', cond, body, until: t.value === 'until', at: t.offset };
      }
      case 'case': {
        this.next();
        const subject = this.tok.kind === 'term' ? undefined : this.exprStatement();
        this.skipTerms();
        const whens: (readonly [RNode[], RNode[]])[] = [];
        while (this.isKw('when')) {
          this.next();
          const values: RNode[] = [];
          for (;;) {
            values.push(this.argument());
            if (!this.isOp(',')) break;
            this.next();
            this.skipNewlines();
          }
          whens.push([values, this.thenBody(['when', 'else', 'end'])]);
        }
        let els: RNode[] | undefined;
        if (this.isKw('else')) {
          this.next();
          els = this.statements(['end']);
        }
        this.closeWith(t, 'end');
        return { t: 'case', subject, whens, else: els, at: t.offset };
      }
      case 'begin': {
        this.next();
        const body = this.statements(['end', 'rescue', 'else', 'ensure']);
        const clauses: { classes: string[]; bind: string | undefined; body: RNode[] }[] = [];
        let els: RNode[] = [];
        let ensure: RNode[] = [];
        while (this.isKw('rescue')) {
          this.next();
          const classes: string[] = [];
          while (this.tok.kind === 'const') {
            classes.push(this.next().value);
            if (this.isOp(',')) this.next();
            else break;
          }
          let bind: string | undefined;
          if (this.isOp('=>')) {
            this.next();
            const v = this.tok;
            if (v.kind !== 'ident') this.unexpected('a variable name');
            this.next();
            this.declare(v.value);
            bind = v.value;
          }
          clauses.push({ classes, bind, body: this.thenBody(['end', 'rescue', 'else', 'ensure']) });
        }
        if (this.isKw('else')) {
          this.next();
          els = this.statements(['end', 'ensure']);
        }
        if (this.isKw('ensure')) {
          this.next();
          ensure = this.statements(['end']);
        }
        this.closeWith(t, 'end');
        if (clauses.length === 0 && els.length === 0 && ensure.length === 0) return { t: 'seq', body, at: t.offset };
        return { t: 'rescue', body, clauses, else: els, ensure, at: t.offset };
      }
      case 'def': {
        this.next();
        const n = this.tok;
        if (n.kind !== 'ident' && n.kind !== 'const') this.unexpected('a method name');
        this.next();
        if (this.isOp('.')) this.fail('unsupported Ruby in template: def on an object');
        // A method sees only its parameters, not the template's local variables.
        this.scopes.push(new Set());
        this.enter();
        try {
          const params: { name: string; dflt: RNode | undefined }[] = [];
          const paren = this.isOp('(');
          if (paren) this.next();
          while (paren ? !this.isOp(')') : this.tok.kind === 'ident') {
            const p = this.tok;
            if (p.kind !== 'ident') this.fail('unsupported Ruby in template: this kind of method parameter');
            this.next();
            this.declare(p.value);
            let dflt: RNode | undefined;
            if (this.isOp('=')) {
              this.next();
              dflt = this.ternary();
            }
            params.push({ name: p.value, dflt });
            if (this.isOp(',')) this.next();
            else if (paren && !this.isOp(')')) this.unexpected("')'");
            else if (!paren) break;
          }
          if (paren) this.next();
          const body = this.statements(['end', 'rescue', 'ensure']);
          if (!this.isKw('end')) this.fail(`unsupported Ruby in template: ${this.tok.value} in a method`);
          this.closeWith(t, 'end');
          return { t: 'def', name: n.value, params, body, at: t.offset };
        } finally {
          this.depth--;
          this.scopes.pop();
        }
      }
      case 'return': {
        this.next();
        const e =
          this.tok.kind === 'term' ||
          this.tok.kind === 'eof' ||
          this.tok.kind === 'outEnd' ||
          this.isKw('if') ||
          this.isKw('unless') ||
          this.isKw('end')
            ? undefined
            : this.expr();
        return { t: 'return', e, at: t.offset };
      }
      case 'next':
      case 'break': {
        this.next();
        const e =
          this.tok.kind === 'term' ||
          this.tok.kind === 'eof' ||
          this.tok.kind === 'outEnd' ||
          this.isKw('if') ||
          this.isKw('unless') ||
          this.isKw('end') ||
          this.isOp('}')
            ? undefined
            : this.expr();
        return { t: t.value, e, at: t.offset };
      }
      case 'not':
        return this.notExpr();
      default:
        if (t.value === 'end') this.fail("syntax error, unexpected 'end'");
        return this.fail(`unsupported Ruby in template: ${t.value}`);
    }
  }

  private elsif(e: Token): RNode {
    this.next();
    const cond = this.exprStatement();
    const then = this.thenBody(['elsif', 'else', 'end']);
    let els: RNode[] = [];
    if (this.isKw('elsif')) els = [this.elsif(this.tok)];
    else {
      if (this.isKw('else')) {
        this.next();
        els = this.statements(['end']);
      }
      this.closeWith(e, 'end');
    }
    return { t: 'if', cond, then, else: els, at: e.offset };
  }

  private closeWith(opener: Token, kw: string): void {
    if (this.isKw(kw)) {
      this.next();
      return;
    }
    if (this.tok.kind === 'eof')
      this.fail(`syntax error, '${opener.value}' is not closed by '${kw}' before the end of the template`, opener);
    this.unexpected(`'${kw}'`);
  }
}

/**
 * Tokens of a whole template: its tags' Ruby, its text and output tags, in order. ERB puts a template on Ruby
 * lines its own way (tags and text on one line, joined by `; `, until a line break in the text, in the code or
 * after `-%>`), so a `#` comment that ends a tag hides what follows on that Ruby line; this reproduces it.
 */
export function templateTokens(source: string): Token[] {
  const toks: Token[] = [];
  const sep = (offset: number): void => {
    toks.push({ kind: 'term', value: ';', offset, space: false });
  };
  // Inside a comment that runs on past its tag: what is hidden until ERB's next Ruby line.
  let hidden = false;
  for (const seg of scanErb(source)) {
    if (hidden) {
      if (seg.kind === 'text') {
        // The text is one Ruby statement; the line breaks ERB adds for it come after it.
        if (seg.text.includes('\n')) hidden = false;
        continue;
      }
      const nl = seg.kind === 'comment' ? -1 : seg.code.indexOf('\n');
      if (nl < 0) {
        if (seg.trimmed) hidden = false;
        continue;
      }
      hidden = false;
      if (seg.kind === 'output') {
        toks.push({
          kind: 'error',
          value: "syntax error: a '#' comment hides the start of an output tag",
          offset: seg.offset,
          space: false,
        });
        continue;
      }
      const rest = lexRubyPiece(seg.code.slice(nl + 1), seg.codeOffset + nl + 1);
      toks.push(...rest.tokens);
      sep(seg.offset);
      if (rest.openComment && !seg.trimmed) hidden = true;
      continue;
    }
    if (seg.kind === 'text') {
      toks.push({ kind: 'text', value: seg.text, offset: seg.offset, space: false });
    } else if (seg.kind === 'code') {
      const piece = lexRubyPiece(seg.code, seg.codeOffset);
      toks.push(...piece.tokens);
      if (piece.openComment && !seg.trimmed) hidden = true;
    } else if (seg.kind === 'output') {
      const piece = lexRubyPiece(seg.code, seg.codeOffset);
      toks.push({ kind: 'out', value: '<%=', offset: seg.offset, space: false });
      toks.push(...piece.tokens);
      // `print((code # comment).to_s)`: the comment hides the closing parentheses.
      if (piece.openComment)
        toks.push({
          kind: 'error',
          value: "syntax error: a '#' comment runs to the end of this output tag",
          offset: seg.offset,
          space: false,
        });
      toks.push({ kind: 'outEnd', value: '%>', offset: seg.codeOffset + seg.code.length, space: false });
    } else continue;
    sep(seg.offset);
  }
  toks.push({ kind: 'eof', value: '', offset: source.length, space: false });
  return toks;
}

/** Parses a template's Ruby. Never throws. */
export function parseTemplate(source: string): RubyParse {
  try {
    return { ok: true, body: new Parser(templateTokens(source)).program() };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, message: e.message, offset: e.offset };
    if (e instanceof RangeError) return { ok: false, message: 'template nests too deeply', offset: 0 };
    return { ok: false, message: `cannot read the template: ${String(e)}`, offset: 0 };
  }
}
