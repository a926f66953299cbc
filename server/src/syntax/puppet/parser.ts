// The parser machinery, apart from the grammar: a cursor over the significant tokens, the event list the
// grammar writes (open a node, close it, take a token), error reporting, and the step that turns the events and
// the full token list (trivia included) into the lossless tree. The grammar functions in grammar*.ts only call
// the small vocabulary here: at / atAny / nth / eat / expect / bump / open / close / precede / error.
//
// Invariants: every token is consumed exactly once, in order; the tree covers the text; no function throws.
// "Fuel" catches a grammar loop that stops advancing: each look at the current token burns one unit and each
// consumed token refills it. When it runs out the parser reports an internal error and skips a token, so a bug
// in the grammar degrades one file's tree instead of hanging the server (tests assert that never happens).

import type { TextRange } from '../../base/textRange.js';
import type { Token } from './lexer.js';
import { isTrivia, type NodeKind, type TokenKind } from './syntaxKind.js';
import type { SyntaxElement, SyntaxNode } from './tree.js';

export interface ParseError {
  readonly range: TextRange;
  readonly message: string;
}

/** Message of the error reported when fuel runs out; tests check that it never appears. */
export const STUCK_MESSAGE = 'internal parser error: no progress (please report this manifest)';

/**
 * How deeply the parser may recurse (nested brackets, blocks, prefix operators, assignments) before it stops
 * descending. Real manifests stay below 20; the recursive descent itself would run out of stack somewhere past
 * 600. Chains (`a + b + c`, `$x[1][2]`, `A -> B -> C`) are loops, not recursion: their trees grow deep along one
 * spine, which is why every walk over the tree is iterative (tree.ts).
 */
export const MAX_NESTING = 200;

/**
 * Looks allowed without consuming a token. Closing a deep nest at one token (each level looks at it a few
 * dozen times before it gives up) legitimately takes thousands; a loop that never advances burns through it at
 * once.
 */
const FUEL = 64 * MAX_NESTING + 256;

type Event =
  | { kind: 'open'; node: NodeKind; forwardParent: number }
  | { kind: 'close' }
  | { kind: 'advance' }
  | { kind: 'tombstone'; forwardParent: number };

/** A node that has been opened; `close` turns it into a MarkClosed. */
export interface MarkOpened {
  readonly index: number;
}

/** A node that has been closed; `precede` can wrap it in a new node (for left-recursive rules). */
export interface MarkClosed {
  readonly index: number;
}

export class Parser {
  private pos = 0;
  private fuel = FUEL;
  /** How deeply the parse now recurses (see MAX_NESTING). */
  nesting = 0;
  /** The region past MAX_NESTING being skipped now has its error already. */
  deepRegionReported = false;

  /** Runs `fn` one level deeper. */
  deeper<T>(fn: () => T): T {
    this.nesting++;
    try {
      return fn();
    } finally {
      this.nesting--;
    }
  }
  private readonly events: Event[] = [];
  readonly errors: ParseError[] = [];
  /** The significant tokens (no trivia), ending with EOF. */
  readonly tokens: readonly Token[];

  /**
   * @param lexErrorStarts where the lexer has reported errors already: the parser adds none there, so that
   * an invalid number or name gets one message, not two.
   */
  constructor(
    readonly text: string,
    private readonly allTokens: readonly Token[],
    private readonly lexErrorStarts: ReadonlySet<number> = new Set(),
  ) {
    const sig: Token[] = [];
    for (const t of allTokens) if (!isTrivia(t.kind)) sig.push(t);
    this.tokens = sig;
  }

  // --- looking at tokens ---

  /** The kind of the token `k` positions ahead of the current one. */
  nth(k: number): TokenKind {
    if (this.fuel-- <= 0) this.stuck();
    const i = this.pos + k;
    return i < this.tokens.length ? this.tokens[i].kind : 'EOF';
  }

  current(): Token {
    return this.tokens[Math.min(this.pos, this.tokens.length - 1)];
  }

  /** The token before the current one (or the first token). */
  previous(): Token {
    return this.tokens[Math.max(0, Math.min(this.pos - 1, this.tokens.length - 1))];
  }

  peekToken(k: number): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)];
  }

  at(kind: TokenKind): boolean {
    return this.nth(0) === kind;
  }

  atAny(kinds: ReadonlySet<TokenKind>): boolean {
    return kinds.has(this.nth(0));
  }

  eof(): boolean {
    return this.pos >= this.tokens.length - 1;
  }

  /** True if the current token is the first significant token on its line. */
  atLineStart(): boolean {
    if (this.pos === 0) return true;
    const prev = this.tokens[this.pos - 1];
    const cur = this.current();
    return this.text.slice(prev.end, cur.start).includes('\n');
  }

  /** The 1-based line of an offset (for messages such as "opened on line 3"). */
  lineOf(offset: number): number {
    if (!this.lineStarts) {
      // Built on the first error only, so that error-free parses do not pay for it.
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  private lineStarts: number[] | undefined;

  /** The text of the current token, shortened for messages. */
  currentText(): string {
    const t = this.current();
    if (t.kind === 'EOF') return 'end of file';
    const s = this.text.slice(t.start, t.end);
    return `'${s.length > 30 ? s.slice(0, 27) + '...' : s}'`;
  }

  // --- consuming tokens ---

  bump(): void {
    if (this.eof()) return;
    this.fuel = FUEL;
    this.events.push({ kind: 'advance' });
    this.pos++;
  }

  eat(kind: TokenKind): boolean {
    if (this.at(kind)) {
      this.bump();
      return true;
    }
    return false;
  }

  /** Takes a token of the given kind, or reports `expected <what>, found <current>` at the current token. */
  expect(kind: TokenKind, what: string): boolean {
    if (this.eat(kind)) return true;
    this.errorHere(`expected ${what}, found ${this.currentText()}`);
    return false;
  }

  /** Wraps the current token in an Error node with the given message. */
  bumpError(message: string): void {
    const m = this.open();
    this.errorHere(message);
    this.bump();
    this.close(m, 'Error');
  }

  // --- errors ---

  errorHere(message: string): void {
    const t = this.current();
    this.errorAt({ start: t.start, end: t.end }, message);
  }

  errorAt(range: TextRange, message: string): void {
    // One error per position is enough; the first is the most precise.
    const last = this.errors[this.errors.length - 1];
    if (last && last.range.start === range.start) return;
    if (range.start === this.followOnAt) return;
    if (this.lexErrorStarts.has(range.start)) return;
    this.errors.push({ range, message });
  }

  /**
   * Skipped tokens end here (before the closing bracket of the level around them): what the grammar misses at
   * this token is a consequence of the skip, already reported, not a second error.
   */
  skippedTo(offset: number): void {
    this.followOnAt = offset;
  }

  private followOnAt = -1;

  private stuck(): void {
    this.fuel = FUEL;
    const t = this.current();
    // At the end of the text a loop can find itself stuck again on every look: one report is enough.
    if (!this.eof() || !this.stuckAtEnd)
      this.errors.push({ range: { start: t.start, end: t.end }, message: STUCK_MESSAGE });
    if (!this.eof()) {
      this.events.push({ kind: 'advance' });
      this.pos++;
    } else {
      // At the end nothing can be skipped; burn fuel slowly so that loops checking `eof()` terminate.
      this.fuel = 1;
      this.stuckAtEnd = true;
    }
  }

  private stuckAtEnd = false;

  // --- building nodes ---

  open(): MarkOpened {
    const index = this.events.length;
    this.events.push({ kind: 'tombstone', forwardParent: 0 });
    return { index };
  }

  close(m: MarkOpened, node: NodeKind): MarkClosed {
    const ev = this.events[m.index] as { forwardParent: number };
    this.events[m.index] = { kind: 'open', node, forwardParent: ev.forwardParent };
    this.events.push({ kind: 'close' });
    return { index: m.index };
  }

  /** Opens a new node that starts where the closed node `m` starts and will contain it. */
  precede(m: MarkClosed): MarkOpened {
    const n = this.open();
    const ev = this.events[m.index] as { forwardParent: number };
    ev.forwardParent = n.index - m.index;
    return n;
  }

  /** Position marker for checking progress in loops. */
  position(): number {
    return this.pos;
  }

  // --- turning events into a tree ---

  buildTree(): SyntaxNode {
    const all = this.allTokens;
    const text = this.text;
    let raw = 0; // index into all tokens
    interface Building {
      kind: NodeKind;
      children: SyntaxElement[];
    }
    const stack: Building[] = [];
    const finish = (b: Building): SyntaxNode => {
      const ch = b.children;
      const start = ch.length > 0 ? ch[0].start : raw < all.length ? all[raw].start : text.length;
      const end = ch.length > 0 ? ch[ch.length - 1].end : start;
      return { kind: b.kind, start, end, children: ch };
    };
    const attachTrivia = (): void => {
      const top = stack[stack.length - 1];
      while (raw < all.length && isTrivia(all[raw].kind)) top.children.push(all[raw++]);
    };
    const events = this.events;
    const forward: NodeKind[] = [];
    let root: SyntaxNode | undefined;
    for (let i = 0; i < events.length; i++) {
      const ev = events[i];
      switch (ev.kind) {
        case 'open': {
          forward.length = 0;
          forward.push(ev.node);
          let fp = ev.forwardParent;
          let j = i;
          while (fp !== 0) {
            j += fp;
            const parent = events[j] as { kind: string; node?: NodeKind; forwardParent: number };
            if (parent.kind === 'open') forward.push(parent.node!);
            fp = parent.forwardParent;
            events[j] = { kind: 'tombstone', forwardParent: 0 };
          }
          for (let k = forward.length - 1; k >= 0; k--) {
            if (stack.length > 0) attachTrivia();
            stack.push({ kind: forward[k], children: [] });
          }
          break;
        }
        case 'close': {
          const b = stack.pop()!;
          if (stack.length === 0) {
            // The root: the remaining trivia belongs to it.
            while (raw < all.length && all[raw].kind !== 'EOF') b.children.push(all[raw++]);
            root = finish(b);
          } else {
            stack[stack.length - 1].children.push(finish(b));
          }
          break;
        }
        case 'advance': {
          attachTrivia();
          if (raw < all.length) stack[stack.length - 1].children.push(all[raw++]);
          break;
        }
        case 'tombstone':
          break;
      }
    }
    return root ?? { kind: 'SourceFile', start: 0, end: text.length, children: [] };
  }
}
