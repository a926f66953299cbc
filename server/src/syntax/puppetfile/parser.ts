// The tolerant Puppetfile parser. A Puppetfile is Ruby evaluated by r10k (and librarian-puppet) with three
// methods in scope: `mod`, `forge` and `moduledir`. This parser reads the part of Ruby that Puppetfiles use:
// calls with or without parentheses, strings, symbols, `:key => value` and `key: value` pairs, braces, arrays,
// simple expressions, local variables and constants, comments, `=begin`/`=end`, `__END__`, and `if`/`unless`/
// `case`/`begin` blocks (read loosely: entries inside are marked conditional, each with the branch it sits in),
// `def` helpers (their name becomes a known method, their parameters local variables), and blocks after a method
// call (`.each do |m| ... end`, `.each { |k, v| ... }`, whose parameters are local variables inside).
//
// It also evaluates the common Ruby forms the way r10k runs them: a loop (`each`, `each_pair`) over a literal
// Array, `%w[...]` word list or Hash (written in place or held by a local variable) reads its body once per
// element, with the block's parameters bound to the element (so `mod "puppetlabs/#{m}"` becomes one entry per
// word, and `mod k, v` over a Hash one entry per pair); a name bound so, or an interpolation of only such names,
// has a known value. A value computed from an interpolation is marked `computed` (no fix edits it). What it
// cannot evaluate (a loop over anything else, a call to a `def` helper) stays an entry of unknown name, or none:
// never a false finding. Evaluation is bounded (MAX_EVALUATED_ITERATIONS, MAX_EVALUATED_TOKENS).
//
// It never throws and reads each token a bounded number of times (bracket and call nesting is capped). On an error it records `{ range, message }` and
// skips to the next line. Errors sit on the line where r10k reports them: Ruby's parser reports a syntax error
// at the first token it cannot use (and at the last line of the file for "unexpected end-of-input"), and r10k's
// evaluation reports a wrong declaration at the line of the call. Problems that depend on values only (duplicate
// modules, versions r10k rejects, ...) are not syntax errors; see problems.ts.

import { LineIndex } from '../../base/lineIndex.js';
import type { TextRange } from '../../base/textRange.js';
import { tokenize, type Token } from './lexer.js';
import type {
  ModuleEntry,
  OptionKey,
  PuppetfileModel,
  PuppetfileOption,
  PuppetfileStatement,
  PuppetfileSyntaxError,
  PuppetfileValue,
} from './model.js';
import { splitModuleName } from './names.js';

/** One argument of a call: a plain value, or a `key => value` pair (pairs form Ruby's trailing options hash). */
type Argument =
  | { readonly kind: 'positional'; readonly value: PuppetfileValue }
  | { readonly kind: 'pair'; readonly option: PuppetfileOption };

// Thrown inside the parser only, to abandon the current statement after an error has been recorded.
class StatementAbandoned {}

// Binary operators that may continue an expression on the same line.
const BINARY_OPERATORS: ReadonlySet<string> = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '**',
  '==',
  '!=',
  '===',
  '=~',
  '!~',
  '<',
  '>',
  '<=',
  '>=',
  '<=>',
  '&&',
  '||',
  '&',
  '|',
  '^',
  '<<',
  '>>',
  '..',
  '...',
]);

// Operators a Symbol answers whatever the other operand is, and comparisons it answers against another Symbol.
const SYMBOL_OPERATORS: ReadonlySet<string> = new Set(['==', '!=', '===', '=~', '!~', '<=>', '&&', '||', '..', '...']);
const COMPARISONS: ReadonlySet<string> = new Set(['<', '>', '<=', '>=']);

// Names that Ruby resolves without calling the DSL's `method_missing`: keywords and common Kernel methods.
const KNOWN_RUBY_NAMES: ReadonlySet<string> = new Set([
  'self',
  '__FILE__',
  '__LINE__',
  '__ENCODING__',
  '__dir__',
  '__method__',
  'defined?',
  'puts',
  'print',
  'p',
  'pp',
  'require',
  'require_relative',
  'load',
  'format',
  'sprintf',
  'raise',
  'fail',
  'warn',
  'lambda',
  'proc',
  'binding',
  'rand',
  'sleep',
  'loop',
  'system',
  'exit',
  'abort',
  'caller',
  'eval',
  'instance_eval',
  'freeze',
  'frozen?',
  'nil?',
  'is_a?',
  'respond_to?',
  'send',
  'public_send',
  'tap',
  'then',
  'catch',
  'throw',
  'at_exit',
  'gets',
]);

// Keywords that open or continue a Ruby control structure, read loosely as lines of their own.
const CONTROL_KEYWORDS_WITH_CONDITION: ReadonlySet<string> = new Set([
  'if',
  'unless',
  'elsif',
  'while',
  'until',
  'case',
  'when',
  'for',
]);
const CONTROL_KEYWORDS_ALONE: ReadonlySet<string> = new Set(['else', 'end', 'begin', 'ensure', 'rescue', 'then', 'do']);
const RUBY_KEYWORDS: ReadonlySet<string> = new Set([
  ...CONTROL_KEYWORDS_WITH_CONDITION,
  ...CONTROL_KEYWORDS_ALONE,
  'def',
  'class',
  'module',
  'and',
  'or',
  'not',
  'true',
  'false',
  'nil',
  'self',
  'return',
  'yield',
  'super',
  'in',
  'for',
  'break',
  'next',
  'redo',
  'retry',
]);
// Keywords that open a block closed by `end` (when they start a statement).
const BLOCK_OPENERS: ReadonlySet<string> = new Set(['if', 'unless', 'while', 'until', 'case', 'begin', 'def', 'for']);
// Keywords that, after a name, end the statement (modifiers and the like) rather than start its argument.
const NOT_AN_ARGUMENT: ReadonlySet<string> = new Set([
  'if',
  'unless',
  'and',
  'or',
  'do',
  'then',
  'while',
  'until',
  'rescue',
]);
// Keywords that can never start a value.
const NOT_A_VALUE: ReadonlySet<string> = new Set([
  'end',
  'else',
  'elsif',
  'when',
  'then',
  'do',
  'ensure',
  'rescue',
  'and',
  'or',
  'in',
]);

// Constants Ruby knows in a Puppetfile: the core classes a Puppetfile might use, and the r10k modules that
// enclose the DSL (Ruby looks constants up there first).
const KNOWN_CONSTANTS: ReadonlySet<string> = new Set([
  'ENV',
  'ARGV',
  'File',
  'Dir',
  'IO',
  'String',
  'Integer',
  'Float',
  'Array',
  'Hash',
  'Symbol',
  'Kernel',
  'Object',
  'Time',
  'Regexp',
  'Struct',
  'Comparable',
  'Math',
  'Process',
  'RUBY_VERSION',
  'RUBY_PLATFORM',
  'Gem',
  'YAML',
  'JSON',
  'Pathname',
  'URI',
  'R10K',
  'PuppetForge',
  'ModuleLoader',
  'Puppetfile',
  'DSL',
  'StandardError',
  'RuntimeError',
  'ArgumentError',
  'NameError',
  'NoMethodError',
  'TrueClass',
  'FalseClass',
  'NilClass',
]);

// Keywords that open a block that can also be used as a value: `x = if a then 'b' else 'c' end`.
const BLOCK_EXPRESSIONS: ReadonlySet<string> = new Set(['if', 'unless', 'while', 'until', 'case', 'begin']);
// Keywords that continue an open block.
const BLOCK_CONTINUERS: ReadonlySet<string> = new Set(['else', 'elsif', 'when', 'ensure', 'rescue']);

const DECLARATIONS = 'r10k knows only `mod`, `forge` and `moduledir`';

// Brackets nested deeper than this are refused, so that the recursive descent cannot exhaust the stack.
const MAX_NESTING = 256;

// Loop bodies read again per element, in all, and the tokens those readings cover: beyond either, the rest of
// the loops are read once, unevaluated (so a file of nested loops costs at most this much more than one reading).
const MAX_EVALUATED_ITERATIONS = 2000;
const MAX_EVALUATED_TOKENS = 200_000;

// The iterating methods whose block runs once per element with the element (an Array's item, a Hash's key and
// value) as its parameters.
const EACH_METHODS: ReadonlySet<string> = new Set(['each', 'each_pair']);

/** A value a block parameter is bound to while a loop body is evaluated. */
type Bound = PuppetfileValue;

/** A loop whose body is evaluated once per element when its block closes. */
interface PendingLoop {
  /** The block parameters, and for each iteration the values they take. */
  readonly params: readonly string[];
  readonly iterations: ReadonlyArray<ReadonlyArray<Bound | undefined>>;
  /** Token index of the first token of the body. */
  readonly bodyStart: number;
  /** Statements and errors recorded when the body began (the single unevaluated reading is replaced). */
  readonly statementsStart: number;
}

/** Parses the text of a Puppetfile. Never throws. */
export function parsePuppetfile(text: string): PuppetfileModel {
  try {
    return parse(text);
  } catch (e) {
    // Only a bug in this file gets here; report it as an error rather than taking the language server down.
    const message = `The Puppetfile parser failed (${e instanceof Error ? e.message : String(e)}); please report this.`;
    const errors = [{ stage: 'parse' as const, range: { start: 0, end: 0 }, message }];
    return { text, statements: [], modules: [], forge: undefined, moduledir: undefined, errors };
  }
}

function parse(text: string): PuppetfileModel {
  const tokens = tokenize(text);
  const errors: PuppetfileSyntaxError[] = [];
  const statements: PuppetfileStatement[] = [];
  const localVariables = new Set<string>();
  // The Ruby blocks (if, unless, def, ...) still waiting for their `end`, each with the number of the branch
  // being read (0 before the first `elsif`, `else` or `when`).
  const blocks: Array<{ readonly token: Token; branch: number; loop?: PendingLoop }> = [];
  // Names of the `def` helpers read so far: calling one is not an unknown declaration.
  const definedMethods = new Set<string>();
  // Local variables holding a literal Array or Hash, for loops over them (`mods = {...}; mods.each ...`).
  const literalVariables = new Map<string, Array<Array<Bound | undefined>>>();
  // The block parameters bound while a loop body is evaluated, innermost last.
  const bindings: Array<Map<string, Bound | undefined>> = [];
  let evaluatedIterations = 0;
  let evaluatedTokens = 0;
  // Set when a block opens (`do |m|`) in the middle of a line: statements may follow on that line.
  let blockOpenedOnLine = false;
  // Local variables assigned a plain string in code that always runs, in order (`base = 'https://...'`).
  const stringVariables = new Map<string, PuppetfileValue>();
  const bound = (name: string): Bound | undefined | null => {
    for (let i = bindings.length - 1; i >= 0; i--) if (bindings[i].has(name)) return bindings[i].get(name);
    return stringVariables.get(name) ?? null;
  };
  let pos = 0;
  let lines: LineIndex | undefined;
  const lineOf = (offset: number): number => (lines ??= new LineIndex(text)).position(offset).line + 1;

  const eofToken = tokens[tokens.length - 1];
  // Ruby reports "unexpected end-of-input" on the last line that holds text or its line break.
  const eofOffset = ((): number => {
    const end = eofToken.range.start;
    return end > 0 && text[end - 1] === '\n' ? (end > 1 && text[end - 2] === '\r' ? end - 2 : end - 1) : end;
  })();

  const peek = (ahead = 0): Token => tokens[Math.min(pos + ahead, tokens.length - 1)];
  const isPunct = (t: Token, p: string): boolean => t.kind === 'punct' && t.text === p;
  const at = (p: string): boolean => isPunct(peek(), p);
  const advance = (): Token => {
    const t = peek();
    if (pos < tokens.length - 1) pos++;
    return t;
  };
  const previousEnd = (): number => (pos > 0 ? tokens[pos - 1].range.end : 0);

  /** Records a Ruby syntax error and abandons the statement. */
  function fail(range: TextRange, message: string, origin?: TextRange): never {
    errors.push(origin ? { stage: 'parse', range, message, origin } : { stage: 'parse', range, message });
    throw new StatementAbandoned();
  }

  /** Records an error r10k raises when it runs the line; reading goes on, as the syntax is fine. */
  const refuse = (range: TextRange, message: string): void => {
    errors.push({ stage: 'evaluate', range, message });
  };

  const describe = (t: Token): string => {
    switch (t.kind) {
      case 'eof':
        return 'the end of the file';
      case 'string':
        return `the string ${t.text}`;
      default:
        return `'${t.text}'`;
    }
  };

  /** Records an error for a token the grammar cannot use here; `hint` says what to do. */
  function unexpected(t: Token, hint: string): never {
    // Ruby's lexer hands a string to the parser when the string opens, so an unexpected string is reported where
    // it starts even when it never closes. A =begin block, though, is read whole first.
    if (t.unterminated === 'embedded-document') unterminated(t);
    if (t.kind === 'eof') return fail({ start: eofOffset, end: eofOffset }, `The file ends too early: ${hint}`);
    return fail(t.range, `Unexpected ${describe(t)}: ${hint}`);
  }

  function badBracket(offset: number): never {
    return fail(
      { start: offset, end: offset + 1 },
      `Unbalanced '${text[offset]}' inside #{...}: fix the brackets of the interpolated code.`,
    );
  }

  function unterminated(t: Token): never {
    const opened = `opened on line ${lineOf(t.range.start)}`;
    const message =
      t.unterminated === 'embedded-document'
        ? `This =begin comment block (${opened}) has no =end line: add one.`
        : t.kind === 'words'
          ? `This word list (${opened}) is never closed: add its closing bracket.`
          : `This string (${opened}) is never closed: add the closing ${t.quote ?? (t.text[1] === '"' ? '"' : "'")}.`;
    return fail({ start: eofOffset, end: eofOffset }, message, { start: t.range.start, end: t.range.start + 1 });
  }

  /** Ruby runs the code in `#{...}`: a name there must be a variable assigned above (or a known method). */
  const checkInterpolatedNames = (t: Token): void => {
    for (const r of t.interpolatedNames ?? []) {
      const name = text.slice(r.start, r.end);
      if (!localVariables.has(name) && !KNOWN_RUBY_NAMES.has(name) && !RUBY_KEYWORDS.has(name)) {
        refuse(r, `Unrecognized name '${name}' in #{...}: assign it above (${name} = '...') before using it.`);
      }
    }
  };

  const span = (start: number): TextRange => ({ start, end: Math.max(start, previousEnd()) });
  const expression = (start: number): PuppetfileValue => {
    const r = span(start);
    return { kind: 'expression', range: r, text: text.slice(r.start, r.end) };
  };

  // --- expressions ---

  /** expr := unary (binop unary)* ['?' expr ':' expr] */
  const parseExpression = (insideBrackets: boolean): PuppetfileValue => {
    const start = peek().range.start;
    const first = parseUnary(insideBrackets);
    let compound = false;
    while (peek().kind === 'punct' && BINARY_OPERATORS.has(peek().text) && (insideBrackets || !peek().newlineBefore)) {
      const op = advance();
      const right = parseUnary(insideBrackets);
      if (
        !compound &&
        first.kind === 'symbol' &&
        !SYMBOL_OPERATORS.has(op.text) &&
        !(COMPARISONS.has(op.text) && right.kind === 'symbol')
      ) {
        // `:git > 'x'` (a mistyped `=>`) is valid Ruby that fails when r10k runs it.
        refuse(op.range, `A symbol cannot take '${op.text}' here: did you mean '=>'?`);
      }
      compound = true;
    }
    // The text of a long chain is cut once, at its end, so that reading stays linear.
    let value = compound ? expression(start) : first;
    if (at('?') && (insideBrackets || !peek().newlineBefore)) {
      advance();
      parseExpression(insideBrackets);
      if (peek().kind === 'label') advance();
      else {
        if (!at(':')) unexpected(peek(), "a conditional needs ':' and a second value.");
        advance();
      }
      parseExpression(insideBrackets);
      value = expression(start);
    }
    return value;
  };

  /** unary := ('!' | '-' | '+' | '~' | 'not')* postfix */
  const parseUnary = (insideBrackets: boolean): PuppetfileValue => {
    const start = peek().range.start;
    let prefixed = false;
    for (
      let t = peek();
      (t.kind === 'punct' && ['!', '-', '+', '~'].includes(t.text)) || (t.kind === 'ident' && t.text === 'not');
      t = peek()
    ) {
      advance();
      prefixed = true;
    }
    const value = parsePostfix(insideBrackets);
    return prefixed ? expression(start) : value;
  };

  /** postfix := primary ('.' name [args] | '::' name | '[' args ']')* */
  const parsePostfix = (insideBrackets: boolean): PuppetfileValue => {
    const start = peek().range.start;
    const startPos = pos;
    const value = parsePrimary(insideBrackets);
    let chained = false;
    for (;;) {
      const t = peek();
      if (isPunct(t, '.') || isPunct(t, '&.') || isPunct(t, '::')) {
        const receiverEnd = pos;
        advance();
        const name = peek();
        if (name.kind !== 'ident' && name.kind !== 'constant') unexpected(name, 'a method name must follow the dot.');
        advance();
        if (at('(') && !peek().spaceBefore) parseCallArguments();
        const elements = !chained && EACH_METHODS.has(name.text) ? elementsOf(value, startPos, receiverEnd) : undefined;
        chained = true;
        if (!peek().newlineBefore && ((peek().kind === 'ident' && peek().text === 'do') || at('{'))) {
          parseBlock(elements);
          if (blockOpenedOnLine) return expression(start);
        }
      } else if (isPunct(t, '[') && !t.spaceBefore) {
        advance();
        parseList(']', true);
        chained = true;
      } else {
        return chained ? expression(start) : value;
      }
    }
  };

  /** primary := string+ | symbol | number | true | false | nil | name [args] | '[' list ']' | '{' pairs '}' | '(' expr ')' */
  let nesting = 0;
  const parsePrimary = (insideBrackets: boolean): PuppetfileValue => {
    const t = peek();
    if (nesting > MAX_NESTING) fail(t.range, 'Brackets are nested too deeply for a Puppetfile.');
    nesting++;
    try {
      return parsePrimaryInner(insideBrackets);
    } finally {
      nesting--;
    }
  };

  const parsePrimaryInner = (insideBrackets: boolean): PuppetfileValue => {
    const t = peek();
    if (t.badBracket !== undefined) badBracket(t.badBracket);
    if (t.unterminated !== undefined) unterminated(t);
    switch (t.kind) {
      case 'string': {
        advance();
        checkInterpolatedNames(t);
        // Ruby joins string literals that follow each other: 'a' 'b' is 'ab'.
        let value = t.value ?? '';
        let interpolated = t.interpolated ?? false;
        while (peek().kind === 'string' && !peek().newlineBefore) {
          const next = advance();
          if (next.badBracket !== undefined) badBracket(next.badBracket);
          if (next.unterminated !== undefined) unterminated(next);
          checkInterpolatedNames(next);
          value += next.value ?? '';
          interpolated ||= next.interpolated ?? false;
        }
        const evaluated = interpolated ? interpolate(value) : undefined;
        return {
          kind: 'string',
          range: span(t.range.start),
          value: evaluated ?? value,
          quote: t.quote ?? "'",
          contentRange: t.contentRange ?? t.range,
          interpolated: interpolated && evaluated === undefined,
          ...(evaluated !== undefined ? { computed: true } : {}),
        };
      }
      case 'symbol':
        advance();
        return { kind: 'symbol', range: t.range, value: t.value ?? '' };
      case 'words':
        advance();
        return expression(t.range.start);
      case 'number':
        advance();
        return { kind: 'number', range: t.range, text: t.text };
      case 'variable':
        advance();
        return expression(t.range.start);
      case 'constant':
        advance();
        if (at('(') && !peek().spaceBefore) parseCallArguments();
        else if (at('=') && !insideBrackets) {
          advance();
          localVariables.add(t.text);
          parseExpression(insideBrackets);
        } else if (!localVariables.has(t.text) && !KNOWN_CONSTANTS.has(t.text)) {
          refuse(t.range, `Unknown constant '${t.text}': assign it above (${t.text} = '...'), or quote the text.`);
        }
        return expression(t.range.start);
      case 'ident': {
        if (BLOCK_EXPRESSIONS.has(t.text)) return parseBlockExpression(t);
        if (NOT_A_VALUE.has(t.text)) unexpected(t, 'a value belongs here (is there a comma too many before it?).');
        if (t.text === 'true' || t.text === 'false') {
          advance();
          return { kind: 'boolean', range: t.range, value: t.text === 'true' };
        }
        if (t.text === 'nil') {
          advance();
          return { kind: 'nil', range: t.range };
        }
        advance();
        const value = bound(t.text);
        if (value !== null && !at('=') && !(at('(') && !peek().spaceBefore)) return value ?? expression(t.range.start);
        if (at('=') && !RUBY_KEYWORDS.has(t.text)) {
          // An assignment is a value too: `a = 'x', b = 'y'`. As in Ruby, the name is a variable from here on.
          advance();
          localVariables.add(t.text);
          parseExpression(insideBrackets);
          return expression(t.range.start);
        }
        const called = at('(') && !peek().spaceBefore;
        if (called) parseCallArguments();
        if (!called && isCommandArgumentStart(peek())) {
          // `mod 'a', :git => x 'y'`: Ruby does not allow a call without parentheses inside an argument.
          unexpected(peek(), `put a comma before it, or parentheses around the arguments of '${t.text}'.`);
        }
        if (!localVariables.has(t.text) && !KNOWN_RUBY_NAMES.has(t.text) && !definedMethods.has(t.text)) {
          // r10k answers an unknown name with "unrecognized declaration" when it evaluates the line.
          const symbolHint = at('=>') ? ` To write an option key, use :${t.text}.` : '';
          refuse(t.range, `Unrecognized name '${t.text}': ${DECLARATIONS}.${symbolHint}`);
        }
        return expression(t.range.start);
      }
      case 'punct':
        if (t.text === '[') {
          advance();
          parseList(']', false);
          return expression(t.range.start);
        }
        if (t.text === '{') {
          advance();
          const pairs = parseHashBody();
          return { kind: 'hash', range: span(t.range.start), pairs };
        }
        if (t.text === '(') {
          // Parentheses hold statements, one a line (or separated by ';'), like the file itself.
          advance();
          const depth = blocks.length;
          while (!at(')')) {
            if (at(';')) {
              advance();
              continue;
            }
            // A block opened inside the parentheses (`(if a ... else ... end)`) takes its own keywords.
            const continuesBlock =
              blocks.length > depth &&
              peek().kind === 'ident' &&
              (BLOCK_CONTINUERS.has(peek().text) || peek().text === 'end');
            if (peek().kind === 'ident' && NOT_A_VALUE.has(peek().text) && !continuesBlock) {
              unexpected(peek(), `'${peek().text}' cannot stand inside parentheses here.`);
            }
            parseStatement();
            // Modifiers work inside parentheses too: `(list.each { ... } unless list.empty?)`.
            while (
              peek().kind === 'ident' &&
              ['if', 'unless', 'while', 'until'].includes(peek().text) &&
              !peek().newlineBefore
            ) {
              advance();
              parseExpression(false);
            }
            if (at(')')) break;
            if (!(peek().newlineBefore || at(';')) || peek().kind === 'eof') {
              unexpected(peek(), "expected ')'; a value in parentheses cannot hold a comma.");
            }
          }
          advance();
          return expression(t.range.start);
        }
        if (t.text === '->') {
          return unexpected(t, 'a Puppetfile has no use for lambdas.');
        }
        return unexpected(t, 'a value (a quoted string, a :symbol, true or false) belongs here.');
      default:
        return unexpected(t, 'a value (a quoted string, a :symbol, true or false) belongs here.');
    }
  };

  /** block := ('if' | 'unless' | 'while' | 'until' | 'case' | 'begin') ... 'end', used as a value. */
  const parseBlockExpression = (t: Token): PuppetfileValue => {
    const depth = blocks.length + 1;
    let continues = parseStatement();
    while (blocks.length >= depth && peek().kind !== 'eof') {
      if (continues !== 'continues') {
        const n = peek();
        const closes = n.kind === 'ident' && (n.text === 'end' || BLOCK_CONTINUERS.has(n.text));
        if (!(n.newlineBefore || isPunct(n, ';') || closes))
          unexpected(n, 'end the previous value with a comma, or start a new line.');
      }
      if (at(';')) {
        advance();
        continues = 'continues';
        continue;
      }
      const before = pos;
      continues = parseStatement();
      if (pos === before) unexpected(peek(), 'this does not belong here.');
    }
    return expression(t.range.start);
  };

  /** list := [expr (',' expr)* [',']] close — Array elements or index arguments; line breaks are free inside. */
  const parseList = (close: string, index: boolean): void => {
    // An index (`ENV[name 'x']`) may hold a call without parentheses; an Array literal may not.
    if (index && startsCommandCall()) {
      parseCommandCall();
      if (!at(close)) unexpected(peek(), `expected '${close}'.`);
      advance();
      return;
    }
    while (!at(close)) {
      if (peek().kind === 'label') {
        advance();
        parseExpression(true);
      } else {
        parseExpression(true);
        if (at('=>')) {
          advance();
          parseExpression(true);
        }
      }
      if (!at(',')) break;
      advance();
    }
    if (!at(close)) unexpected(peek(), `expected '${close}' or a comma.`);
    advance();
  };

  /** hash := [pair (',' pair)* [',']] '}' */
  const parseHashBody = (): PuppetfileOption[] => {
    const pairs: PuppetfileOption[] = [];
    while (!at('}')) {
      const arg = parseArgument(true);
      if (arg.kind !== 'pair') {
        unexpected(peek(), "a hash holds 'key => value' pairs: add '=>' and a value.");
      } else pairs.push(arg.option);
      if (!at(',')) break;
      advance();
    }
    if (!at('}')) unexpected(peek(), "expected '}' or a comma between the options.");
    advance();
    return pairs;
  };

  /** argument := label expr | expr ['=>' expr] */
  const parseArgument = (insideBrackets: boolean): Argument => {
    const t = peek();
    if (t.kind === 'label') {
      advance();
      const key: OptionKey = { range: t.range, name: t.value ?? '', form: 'label' };
      const value = parseExpression(insideBrackets);
      return { kind: 'pair', option: { range: span(t.range.start), key, value } };
    }
    const value = parseExpression(insideBrackets);
    if (at('=>') && (insideBrackets || !peek().newlineBefore)) {
      advance();
      const v = parseExpression(insideBrackets);
      return { kind: 'pair', option: { range: span(t.range.start), key: optionKey(value), value: v } };
    }
    return { kind: 'positional', value };
  };

  /** Whether the next tokens are a call without parentheses (`name arg, ...`), allowed as the only argument. */
  const startsCommandCall = (): boolean => {
    const first = peek();
    return (
      ((first.kind === 'ident' && !RUBY_KEYWORDS.has(first.text) && !localVariables.has(first.text)) ||
        first.kind === 'constant') &&
      isCommandArgumentStart(peek(1))
    );
  };

  /** command := name args — a call without parentheses used as a value. */
  const parseCommandCall = (): PuppetfileValue => {
    const first = advance();
    // `a b c 'd'` nests without brackets, so the nesting limit counts these calls too.
    if (nesting > MAX_NESTING) fail(first.range, 'Calls are nested too deeply for a Puppetfile.');
    nesting++;
    try {
      parseArguments(false);
    } finally {
      nesting--;
    }
    if (first.kind === 'ident' && !KNOWN_RUBY_NAMES.has(first.text) && !definedMethods.has(first.text)) {
      refuse(first.range, `Unrecognized name '${first.text}': ${DECLARATIONS}.`);
    }
    return expression(first.range.start);
  };

  /** args := command | argument (',' argument)* ; pairs come last; in parentheses a trailing comma is allowed. */
  const parseArguments = (parenthesised: boolean): Argument[] => {
    const args: Argument[] = [];
    let sawPair = false;
    if (parenthesised && at(')')) return args;
    if (startsCommandCall()) {
      // Ruby lets the only argument of a call be a call without parentheses: `a b 'c', 'd'` is a(b('c', 'd')),
      // and so is `a(b 'c', 'd')`. It is rare on purpose in a Puppetfile, but it decides where Ruby reports errors.
      return [{ kind: 'positional', value: parseCommandCall() }];
    }
    for (;;) {
      const arg = parseArgument(parenthesised);
      if (arg.kind === 'positional' && sawPair) {
        // Ruby wants '=>' right after a value that follows options; it reports the token after the value.
        const next = peek();
        const where =
          next.newlineBefore || next.kind === 'eof' ? { start: previousEnd(), end: previousEnd() } : next.range;
        fail(
          where,
          'options (key => value) must come after the other arguments: give this value a key, or move it before the options.',
        );
      }
      if (arg.kind === 'pair') sawPair = true;
      args.push(arg);
      if (!at(',') || (!parenthesised && peek().newlineBefore)) break;
      advance();
      if (parenthesised && at(')')) break;
      if (peek().kind === 'eof')
        unexpected(peek(), 'a comma at the end promises another argument: remove the comma or add the argument.');
    }
    return args;
  };

  /** '(' args ')' */
  const parseCallArguments = (): Argument[] => {
    advance();
    const args = parseArguments(true);
    if (!at(')')) unexpected(peek(), "expected ')' to close the arguments (or a comma between them).");
    advance();
    return args;
  };

  /** Whether a token, written after a name with a space, starts the name's first argument (a call without parentheses). */
  const isCommandArgumentStart = (t: Token): boolean => {
    if (t.newlineBefore || t.kind === 'eof') return false;
    switch (t.kind) {
      case 'string':
      case 'symbol':
      case 'label':
      case 'number':
      case 'words':
      case 'ident':
      case 'constant':
      case 'variable':
        return !(t.kind === 'ident' && NOT_AN_ARGUMENT.has(t.text));
      case 'punct':
        // `mod ['x']` and `mod ('x')` pass an argument; `mod['x']` and `mod('x')` do not reach here.
        return t.spaceBefore && (t.text === '[' || t.text === '(' || t.text === '->' || t.text === '::');
      default:
        return false;
    }
  };

  // --- statements ---

  const buildDeclaration = (name: Token, args: readonly Argument[], start: number): void => {
    const range = span(start);
    const positional: PuppetfileValue[] = [];
    const options: PuppetfileOption[] = [];
    for (const a of args) {
      if (a.kind === 'positional') positional.push(a.value);
      else options.push(a.option);
    }
    const count = positional.length + (options.length > 0 ? 1 : 0);
    switch (name.text) {
      case 'mod': {
        // r10k raises these when it runs the line; Ruby reports them at the line of `mod`.
        if (count === 0)
          return refuse(name.range, "`mod` needs a module name, for example mod 'puppetlabs/stdlib', '9.6.0'.");
        if (count > 2) {
          refuse(
            name.range,
            '`mod` takes a module name and then either a version or options, not both: remove the version, or the options.',
          );
        }
        const first = positional[0];
        if (first === undefined || first.kind === 'hash') {
          return refuse(name.range, "`mod` needs the module name first, as a quoted string: mod 'author/name', ...");
        }
        if (first.kind !== 'string' && first.kind !== 'expression') {
          return refuse(first.range, "A module name is a quoted string: mod 'author/name'.");
        }
        const second = positional[1];
        const braced = second !== undefined && second.kind === 'hash';
        const parts = first.kind === 'string' && !first.interpolated ? splitModuleName(first.value) : undefined;
        const entry: ModuleEntry = {
          kind: 'mod',
          range,
          keywordRange: name.range,
          name: first,
          fullName: first.kind === 'string' && !first.interpolated ? first.value : undefined,
          author: parts?.author,
          shortName: parts?.name,
          version: braced ? undefined : second,
          options: second !== undefined && second.kind === 'hash' ? second.pairs : options,
          bracedOptions: braced,
          conditional: false,
          branches: blocks.filter((b) => b.token.text !== 'begin').map((b) => `${b.token.range.start}:${b.branch}`),
          ...(bindings.length > 0 ? { evaluated: true } : {}),
        };
        statements.push(entry);
        return;
      }
      case 'forge':
      case 'moduledir': {
        if (count !== 1 || positional.length !== 1) {
          const example = name.text === 'forge' ? "forge 'https://forgeapi.puppet.com'" : "moduledir 'thirdparty'";
          return refuse(name.range, `\`${name.text}\` takes exactly one quoted string, for example ${example}.`);
        }
        const value = positional[0];
        if (name.text === 'forge') statements.push({ kind: 'forge', range, keywordRange: name.range, url: value });
        else {
          if (value.kind !== 'string' && value.kind !== 'expression') {
            refuse(value.range, "`moduledir` takes a path as a quoted string, for example moduledir 'thirdparty'.");
          }
          statements.push({ kind: 'moduledir', range, keywordRange: name.range, path: value });
        }
        return;
      }
      default:
        if (localVariables.has(name.text) && args.length === 0) return;
        if (KNOWN_RUBY_NAMES.has(name.text) || definedMethods.has(name.text)) return;
        // librarian-puppet's `metadata` (install the dependencies of ./metadata.json): r10k still refuses it.
        if (name.text === 'metadata' && count === 0)
          statements.push({ kind: 'metadata', range, keywordRange: name.range });
        refuse(name.range, `Unrecognized declaration '${name.text}': ${DECLARATIONS}.`);
    }
  };

  /** statement := name '=' expr | name '(' args ')' | name args | keyword [expr] | expr */
  /** Returns 'continues' when another statement may follow on the same line (after `then`, `else`, ...). */
  const parseStatement = (): 'continues' | undefined => {
    const t = peek();
    if (t.unterminated !== undefined) unterminated(t);
    if (t.kind === 'ident' && (BLOCK_CONTINUERS.has(t.text) || t.text === 'end') && blocks.length === 0) {
      unexpected(t, `there is no open block (if, unless, case, begin, def) for '${t.text}' to belong to: remove it.`);
    }
    if (t.kind === 'ident' && BLOCK_OPENERS.has(t.text)) blocks.push({ token: t, branch: 0 });
    if (t.kind === 'ident' && t.text === 'end') {
      const closed = blocks.pop();
      if (closed?.loop) evaluateLoop(closed.loop, pos);
    }
    if (t.kind === 'ident' && (t.text === 'else' || t.text === 'elsif' || t.text === 'when'))
      blocks[blocks.length - 1].branch++;
    if (t.kind === 'ident' && CONTROL_KEYWORDS_WITH_CONDITION.has(t.text)) {
      advance();
      if (!(peek().newlineBefore || peek().kind === 'eof' || at(';'))) parseExpression(false);
      if (peek().kind === 'ident' && (peek().text === 'then' || peek().text === 'do') && !peek().newlineBefore) {
        advance();
        return 'continues';
      }
      return;
    }
    if (t.kind === 'ident' && CONTROL_KEYWORDS_ALONE.has(t.text)) {
      advance();
      return t.text === 'end' ? undefined : 'continues';
    }
    if (t.kind === 'ident' && t.text === 'def') {
      // A method definition: its name is a known method from here on, its parameters are local variables; its
      // lines are read as statements (marked conditional: they run only when it is called); the `end` is read as
      // a control keyword.
      advance();
      let name = peek();
      if ((name.kind === 'ident' && name.text === 'self') || name.kind === 'constant') {
        if (isPunct(peek(1), '.')) {
          advance();
          advance();
          name = peek();
        }
      }
      if (name.kind === 'ident' || name.kind === 'constant') definedMethods.add(name.text);
      while (peek().kind !== 'eof' && !peek().newlineBefore) {
        const p = advance();
        if (p !== name && (p.kind === 'ident' || p.kind === 'label') && !RUBY_KEYWORDS.has(p.text))
          localVariables.add(p.value ?? p.text);
      }
      return;
    }
    const next = peek(1);
    if (t.kind === 'ident' && isPunct(next, ',') && !next.newlineBefore && !RUBY_KEYWORDS.has(t.text)) {
      // `a, b = 'x', 'y'`: several variables assigned at once.
      const names: Token[] = [advance()];
      while (at(',')) {
        advance();
        const n = peek();
        if (n.kind !== 'ident' && n.kind !== 'constant' && n.kind !== 'variable')
          unexpected(n, 'a list of names before = holds names only.');
        names.push(advance());
      }
      if (!at('=') || peek().newlineBefore)
        unexpected(peek(), "expected '=' after the names: a line cannot start a list of values.");
      advance();
      for (const n of names) localVariables.add(n.text);
      parseExpression(false);
      while (at(',') && !peek().newlineBefore) {
        advance();
        parseExpression(false);
      }
      for (const n of names) localVariables.add(n.text);
      return;
    }
    if ((t.kind === 'ident' || t.kind === 'constant') && isPunct(next, '=')) {
      advance();
      advance();
      const assignedAt = pos;
      // Ruby knows the name as a variable from the moment it reads `name =`, before the value.
      localVariables.add(t.text);
      const value = parseExpression(false);
      const valueEnd = pos;
      // `x = a, b` assigns an Array; the values may continue on the next lines after each comma.
      let several = false;
      while (at(',') && !peek().newlineBefore) {
        advance();
        parseExpression(false);
        several = true;
      }
      localVariables.add(t.text);
      // Only straight-line code gives a variable a known value: an assignment under a condition (a block, a
      // modifier after it) or of several values makes the name unknown from here on.
      const modifier =
        peek().kind === 'ident' &&
        !peek().newlineBefore &&
        ['if', 'unless', 'while', 'until', 'rescue'].includes(peek().text);
      const straight = blocks.length === 0 && bindings.length === 0 && !several && !modifier;
      const literal = straight ? elementsOf(value, assignedAt, valueEnd) : undefined;
      if (literal !== undefined) literalVariables.set(t.text, literal);
      else literalVariables.delete(t.text);
      if (straight && value.kind === 'string' && !value.interpolated) stringVariables.set(t.text, value);
      else stringVariables.delete(t.text);
      statements.push({ kind: 'assignment', range: span(t.range.start), name: t.text, value });
      return;
    }
    if (t.kind === 'ident' && t.text !== 'true' && t.text !== 'false' && t.text !== 'nil' && t.text !== 'not') {
      if (isPunct(next, '(') && !next.spaceBefore) {
        advance();
        const args = parseCallArguments();
        // `mod('x').freeze` or `mod('x') + 1` still call `mod` first.
        buildDeclaration(t, args, t.range.start);
        continueExpression(t.range.start);
        return;
      }
      if (isCommandArgumentStart(next)) {
        advance();
        const args = parseArguments(false);
        buildDeclaration(t, args, t.range.start);
        return;
      }
      const continuesAsExpression =
        next.kind === 'punct' && (BINARY_OPERATORS.has(next.text) || ['.', '[', '=>', '?'].includes(next.text));
      if (!continuesAsExpression || next.newlineBefore) {
        advance();
        buildDeclaration(t, [], t.range.start);
        return;
      }
    }
    if (t.kind === 'label') {
      unexpected(t, 'an option belongs to a `mod`: end the previous line with a comma.');
    }
    if (isPunct(t, ',')) {
      unexpected(t, 'a line cannot start with a comma: put the comma at the end of the previous line.');
    }
    if (isPunct(t, '=>')) unexpected(t, "'=>' must be on the same line as its key.");
    if (isPunct(t, ')') || isPunct(t, ']') || isPunct(t, '}'))
      unexpected(t, `this '${t.text}' closes nothing: remove it.`);
    const value = parseExpression(false);
    if (at('=>') && !peek().newlineBefore) {
      // Ruby reads `:ref => 'v'` on a line of its own as a pattern match, which fails when r10k runs it.
      const previous = lineOf(value.range.start) - 1;
      const hint = `This option belongs to no \`mod\`: end line ${previous} with a comma to attach it to the module above.`;
      advance();
      parsePattern(hint);
      refuse(value.range, hint);
    }
  };

  /**
   * pattern := alternative (',' alternative)* ; alternative := value ['=>' name]
   * The right side of a rightward pattern match, read only as far as Ruby needs to find its syntax errors.
   */
  const parsePattern = (hint: string): void => {
    for (;;) {
      const t = peek();
      if (t.kind === 'ident' && !RUBY_KEYWORDS.has(t.text)) {
        advance();
        localVariables.add(t.text);
      } else parseExpression(false);
      if (at('=>') && !peek().newlineBefore) {
        advance();
        const name = peek();
        if (name.kind !== 'ident' || RUBY_KEYWORDS.has(name.text)) unexpected(name, hint);
        advance();
        localVariables.add(name.text);
      }
      if (!at(',') || peek().newlineBefore) return;
      advance();
      if (peek().kind === 'eof') return;
    }
  };

  /** After a call in parentheses, reads a method chain or operator that continues the statement. */
  const continueExpression = (start: number): void => {
    let continued = false;
    while (
      (isPunct(peek(), '.') ||
        isPunct(peek(), '&.') ||
        (peek().kind === 'punct' && BINARY_OPERATORS.has(peek().text))) &&
      !peek().newlineBefore
    ) {
      const op = advance();
      if (op.text === '.' || op.text === '&.') {
        if (peek().kind !== 'ident' && peek().kind !== 'constant')
          unexpected(peek(), 'a method name must follow the dot.');
        advance();
        if (at('(') && !peek().spaceBefore) parseCallArguments();
      } else parseUnary(false);
      continued = true;
    }
    if (continued) expression(start);
  };

  // --- Ruby blocks and their evaluation ---

  const stringValue = (
    value: string,
    range: TextRange,
    quote: "'" | '"' = "'",
    contentRange: TextRange = range,
  ): PuppetfileValue => ({
    kind: 'string',
    range,
    value,
    quote,
    contentRange,
    interpolated: false,
  });

  /**
   * The elements a loop over the value written in tokens [from, to) goes through, each as the values of the
   * block's parameters (an Array's item; a Hash's key and value); undefined when it is not a literal we know.
   */
  function elementsOf(value: PuppetfileValue, from: number, to: number): Array<Array<Bound | undefined>> | undefined {
    const first = tokens[from];
    if (to - from === 1 && first.kind === 'words' && first.words && first.unterminated === undefined) {
      const kind = first.text[1];
      if ((kind === 'W' || kind === 'I') && first.text.includes('#{')) return undefined;
      return first.words.map((w) => [
        kind === 'i' || kind === 'I'
          ? { kind: 'symbol', range: w.range, value: w.value }
          : stringValue(w.value, w.range),
      ]);
    }
    if (to - from === 1 && first.kind === 'ident') return literalVariables.get(first.text);
    if (value.kind === 'hash') {
      const out: Array<Array<Bound | undefined>> = [];
      for (const p of value.pairs) {
        const k = p.key;
        if (k.form === 'string')
          out.push([
            stringValue(k.name, k.range, text[k.range.start] === '"' ? '"' : "'", {
              start: k.range.start + 1,
              end: k.range.end - 1,
            }),
            p.value,
          ]);
        else if (k.form === 'symbol' || k.form === 'label')
          out.push([{ kind: 'symbol', range: k.range, value: k.name }, p.value]);
        else return undefined;
      }
      return out;
    }
    if (isPunct(first, '[') && to - from >= 2 && isPunct(tokens[to - 1], ']')) {
      const out: Array<Array<Bound | undefined>> = [];
      let expectValue = true;
      for (let i = from + 1; i < to - 1; i++) {
        const t = tokens[i];
        if (expectValue && t.kind === 'string' && !t.interpolated && t.unterminated === undefined) {
          out.push([stringValue(t.value ?? '', t.range, t.quote, t.contentRange)]);
          expectValue = false;
        } else if (!expectValue && isPunct(t, ',')) expectValue = true;
        else return undefined;
      }
      return out;
    }
    return undefined;
  }

  /** The value of an interpolated string whose every `#{...}` is a name bound to a string, else undefined. */
  const interpolate = (raw: string): string | undefined => {
    if (raw.includes('\\')) return undefined;
    let unknown = false;
    const out = raw.replace(/#\{\s*([a-z_]\w*)\s*\}/g, (_, name: string) => {
      const v = bound(name);
      if (v && (v.kind === 'string' || v.kind === 'symbol')) return v.value;
      unknown = true;
      return '';
    });
    return unknown || out.includes('#{') ? undefined : out;
  };

  /**
   * A block after a method call: `do |params| ... end` or `{ |params| ... }`. Its parameters are local variables
   * inside. With the elements of the loop (for `each` over a literal), the body is evaluated once per element
   * when the block closes.
   */
  function parseBlock(elements: Array<Array<Bound | undefined>> | undefined): void {
    const open = advance();
    const params: string[] = [];
    let simple = true;
    if (at('||')) advance();
    else if (at('|')) {
      advance();
      while (!at('|') && peek().kind !== 'eof') {
        const p = advance();
        if (p.kind === 'ident' && !RUBY_KEYWORDS.has(p.text)) {
          params.push(p.text);
          localVariables.add(p.text);
        } else if (p.kind === 'label') {
          params.push(p.value ?? '');
          localVariables.add(p.value ?? '');
          simple = false;
        } else if (!isPunct(p, ',')) simple = false;
      }
      if (!at('|')) unexpected(peek(), "expected '|' to close the block's parameters.");
      advance();
    }
    const evaluable = elements !== undefined && simple && params.length > 0;
    const loop = (statementsStart: number): PendingLoop | undefined =>
      evaluable ? { params, iterations: elements!, bodyStart: pos, statementsStart } : undefined;
    if (open.text === 'do') {
      blocks.push({ token: open, branch: 0, loop: loop(statements.length) });
      blockOpenedOnLine = !peek().newlineBefore && peek().kind !== 'eof';
      return;
    }
    // A block in braces is read here, to its '}'.
    blocks.push({ token: open, branch: 0 });
    const errorsStart = errors.length;
    const statementsStart = statements.length;
    const pending = loop(statementsStart);
    while (!at('}') && peek().kind !== 'eof') {
      if (at(';')) {
        advance();
        continue;
      }
      const before = pos;
      const continues = parseStatement();
      if (at('}')) break;
      if (!(peek().newlineBefore || at(';') || continues === 'continues'))
        unexpected(peek(), "expected '}' to close the block, or a new line.");
      if (pos === before) advance();
    }
    if (!at('}')) unexpected(peek(), "expected '}' to close the block.");
    blocks.pop();
    // The body read once, without values, runs as many times as the loop has elements: maybe never.
    for (let i = errorsStart; i < errors.length; i++)
      if (errors[i].stage === 'evaluate') errors[i] = { ...errors[i], conditional: true };
    for (let i = statementsStart; i < statements.length; i++) {
      const st = statements[i];
      if (st.kind === 'mod') statements[i] = { ...st, conditional: true };
    }
    if (pending) evaluateLoop(pending, pos);
    advance();
  }

  /**
   * Reads the body of a loop again once per element, with the block's parameters bound, in place of the single
   * reading without values. Errors were reported by that first reading; those of the evaluation are dropped.
   */
  function evaluateLoop(loop: PendingLoop, endPos: number): void {
    const cost = (endPos - loop.bodyStart) * loop.iterations.length;
    if (
      evaluatedIterations + loop.iterations.length > MAX_EVALUATED_ITERATIONS ||
      evaluatedTokens + cost > MAX_EVALUATED_TOKENS
    )
      return;
    evaluatedIterations += loop.iterations.length;
    evaluatedTokens += cost;
    const saved = { pos, blocks: blocks.slice(), errors: errors.length, blockOpenedOnLine };
    statements.splice(loop.statementsStart);
    for (const values of loop.iterations) {
      bindings.push(new Map(loop.params.map((p, i) => [p, values[i]])));
      pos = loop.bodyStart;
      blocks.length = 0;
      blocks.push(...saved.blocks);
      try {
        runStatements(endPos);
      } finally {
        bindings.pop();
      }
    }
    errors.length = saved.errors;
    pos = saved.pos;
    blocks.length = 0;
    blocks.push(...saved.blocks);
    blockOpenedOnLine = saved.blockOpenedOnLine;
  }

  /** Reads statements up to the token at index `until` (the end of the file for the whole Puppetfile). */
  function runStatements(until: number): void {
    while (peek().kind !== 'eof' && pos < until) {
      const startPos = pos;
      const errorsBefore = errors.length;
      const statementsBefore = statements.length;
      // Inside a block other than `begin`, a statement runs only under a condition (or, in a `def`, not at all).
      // (An `end` is read with the block it closes, so that what the closing evaluates counts outside it.)
      const closing = peek().kind === 'ident' && peek().text === 'end';
      let conditional = (closing ? blocks.slice(0, -1) : blocks).some((b) => b.token.text !== 'begin');
      blockOpenedOnLine = false;
      try {
        if (at(';')) {
          advance();
          continue;
        }
        const continues = parseStatement();
        // Modifiers: `mod 'x', ... if condition`.
        while (
          peek().kind === 'ident' &&
          ['if', 'unless', 'while', 'until'].includes(peek().text) &&
          !peek().newlineBefore
        ) {
          advance();
          parseExpression(false);
          conditional = true;
        }
        const t = peek();
        // `end` (and `else`, ...) may close a block on the line of its last statement.
        const closesBlock =
          t.kind === 'ident' && blocks.length > 0 && (t.text === 'end' || BLOCK_CONTINUERS.has(t.text));
        if (!(
          t.kind === 'eof' ||
          t.newlineBefore ||
          isPunct(t, ';') ||
          continues === 'continues' ||
          closesBlock ||
          blockOpenedOnLine ||
          pos >= until
        )) {
          const hint =
            t.kind === 'symbol' || t.kind === 'label'
              ? 'separate the arguments with commas.'
              : isPunct(t, ')')
                ? "this ')' closes nothing: remove it, or write mod('name', ...) with no space before '('."
                : isPunct(t, '=>')
                  ? "'=>' must be on the same line as its key."
                  : isPunct(t, ':')
                    ? 'write a key as name: with no space before the colon, or as :name =>.'
                    : 'end the previous value with a comma, or start a new line.';
          unexpected(t, hint);
        }
      } catch (e) {
        if (!(e instanceof StatementAbandoned)) throw e;
        // Skip to the first token that starts a later line, and read on from there.
        const failedAt = errors[errors.length - 1]?.range.start;
        if (pos === startPos || failedAt === peek().range.start) advance();
        while (peek().kind !== 'eof' && !peek().newlineBefore) advance();
      }
      if (conditional) {
        for (let i = errorsBefore; i < errors.length; i++) {
          const e = errors[i];
          if (e.stage === 'evaluate') errors[i] = { ...e, conditional: true };
        }
        for (let i = statementsBefore; i < statements.length; i++) {
          const st = statements[i];
          if (st.kind === 'mod') statements[i] = { ...st, conditional: true };
        }
      }
      if (pos === startPos) advance();
    }
  }

  runStatements(Number.POSITIVE_INFINITY);

  if (blocks.length > 0) {
    const open = blocks[blocks.length - 1].token;
    errors.push({
      stage: 'parse',
      range: { start: eofOffset, end: eofOffset },
      message: `The '${open.text}' on line ${lineOf(open.range.start)} has no 'end': add one.`,
      origin: open.range,
    });
  }

  const modules = statements.filter((s): s is ModuleEntry => s.kind === 'mod');
  let forge: PuppetfileModel['forge'];
  let moduledir: PuppetfileModel['moduledir'];
  for (const s of statements) {
    if (s.kind === 'forge') forge = s;
    else if (s.kind === 'moduledir') moduledir = s;
  }
  return { text, statements, modules, forge, moduledir, errors };
}

/**
 * The error r10k reports for the file: the first syntax error if there is one, else the first evaluation error
 * of code that always runs. Undefined when r10k would accept the file as far as its shape tells.
 */
export function firstReportedError(model: PuppetfileModel): PuppetfileSyntaxError | undefined {
  return model.errors.find((e) => e.stage === 'parse') ?? model.errors.find((e) => !e.conditional);
}

function optionKey(value: PuppetfileValue): OptionKey {
  switch (value.kind) {
    case 'symbol':
      return { range: value.range, name: value.value, form: 'symbol' };
    case 'string':
      return { range: value.range, name: value.value, form: 'string' };
    default:
      return { range: value.range, name: 'text' in value ? value.text : '', form: 'expression' };
  }
}
