// The expression half of the Puppet grammar: assignment, relationships, resource expressions (which Puppet
// treats as expressions), operators by precedence, postfix forms (access, calls, method calls, collectors,
// selectors) and the primary expressions (literals, strings, arrays, hashes, if / unless / case).
//
// Operator precedence, loosest first, as in Puppet's grammar: relationship edges (-> ~> <- <~), assignment
// (= += -=, right-associative), or, and, selector (?), comparison (< <= > >=), equality (== !=), shifts (<< >>),
// additive (+ -), multiplicative (* / %), match (=~ !~), in, then the prefix operators (! * -) and postfix forms.

import { MAX_NESTING, type MarkClosed, type Parser } from './parser.js';
import type { NodeKind, TokenKind } from './syntaxKind.js';
import { isKeyword } from './syntaxKind.js';
import {
  ASSIGNMENT_OPS,
  ATTRIBUTE_KEYWORDS,
  BINARY_POWER,
  EXPR_RECOVERY,
  EXPR_START,
  RELATIONSHIP_OPS,
  SELECTOR_POWER,
  STATEMENT_CALLS,
} from './tokenSets.js';
import { atTopLevelDefinition, block, paramItems, returnType } from './grammarItems.js';

/** A finished expression: where its node starts in the event list, and what kind of node it is. */
export interface Completed {
  readonly mark: MarkClosed;
  readonly kind: NodeKind;
  /** For NameExpr: the name's text (resource type, function name, 'class'). */
  readonly name?: string;
}

// assignment = relationship (('=' | '+=' | '-=') assignment)?
export function assignment(p: Parser): Completed | undefined {
  const lhs = relationship(p);
  if (lhs && p.atAny(ASSIGNMENT_OPS)) {
    const m = p.precede(lhs.mark);
    p.bump();
    p.deeper(() => assignment(p));
    return { mark: p.close(m, 'AssignExpr'), kind: 'AssignExpr' };
  }
  return lhs;
}

// relationship = resource (('->' | '~>' | '<-' | '<~') resource)*
function relationship(p: Parser): Completed | undefined {
  let lhs = resource(p);
  while (lhs && p.atAny(RELATIONSHIP_OPS)) {
    const m = p.precede(lhs.mark);
    p.bump();
    resource(p);
    lhs = { mark: p.close(m, 'Relationship'), kind: 'Relationship' };
  }
  return lhs;
}

// resource = ('@' | '@@') resource
//          | expression ('{' resource_bodies '}')?
export function resource(p: Parser): Completed | undefined {
  if (p.at('AT') || p.at('ATAT')) {
    const m = p.open();
    const at = p.current();
    const word = at.kind === 'AT' ? "'@' (virtual)" : "'@@' (exported)";
    p.bump();
    const start = p.current();
    const lhs = expression(p);
    if (lhs && p.at('L_BRACE')) {
      resourceBlock(p, lhs, { start: start.start, end: start.end });
      return { mark: p.close(m, 'ResourceExpr'), kind: 'ResourceExpr' };
    }
    p.errorAt({ start: at.start, end: at.end }, `${word} can only be applied to a resource declaration`);
    return { mark: p.close(m, 'Error'), kind: 'Error' };
  }
  const start = p.current();
  const lhs = expression(p);
  if (lhs && p.at('L_BRACE')) {
    const m = p.precede(lhs.mark);
    const kind = resourceBlock(p, lhs, { start: start.start, end: start.end });
    return { mark: p.close(m, kind), kind };
  }
  return lhs;
}

/** Decides from what precedes a '{' which resource form follows; undefined if none can. */
function resourceShape(lhs: Completed): 'ResourceExpr' | 'ResourceDefaults' | 'ResourceOverride' | undefined {
  switch (lhs.kind) {
    case 'NameExpr':
      return 'ResourceExpr';
    case 'TypeRef':
      return 'ResourceDefaults';
    case 'AccessExpr':
      return 'ResourceOverride';
    default:
      return undefined;
  }
}

/** True if the tokens after '{' are attribute operations (`name => value`) rather than `title: ...`. */
function atAttributeOps(p: Parser): boolean {
  const k = p.nth(0);
  if (k === 'R_BRACE') return true;
  const k1 = p.nth(1);
  if (k === 'STAR') return k1 === 'FAT_ARROW';
  return (k === 'NAME' || isKeyword(k)) && (k1 === 'FAT_ARROW' || k1 === 'PLUS_ARROW');
}

// resource_block = '{' (resource_body (';' resource_body)* ';'? | attribute_ops) '}'
// resource_body  = expression ':' attribute_ops
function resourceBlock(p: Parser, lhs: Completed, lhsStart: { start: number; end: number }): NodeKind {
  const lbrace = p.current();
  const shape: NodeKind | undefined = resourceShape(lhs);
  const errorsBefore = p.errors.length;
  p.bump();
  const titled = !atAttributeOps(p);
  if (titled) {
    for (;;) {
      const body = p.open();
      const title = p.open();
      const t = expression(p);
      p.close(title, 'ResourceTitle');
      if (!t) {
        // Nothing usable as a title: skip to the end of the block.
        p.close(body, 'ResourceBody');
        break;
      }
      if (!p.at('COLON')) {
        p.errorHere(`expected ':' after the resource title, found ${p.currentText()}`);
        p.close(body, 'ResourceBody');
        break;
      }
      p.bump();
      attributeOps(p);
      p.close(body, 'ResourceBody');
      if (p.eat('SEMI')) {
        if (p.at('R_BRACE')) break;
        continue;
      }
      break;
    }
  } else {
    attributeOps(p);
  }
  closeBrace(p, lbrace.start, 'resource body');
  // Like Puppet, judge the form only once the body has been read: errors inside it come first.
  // A titled body is accepted after any expression (Puppet evaluates the type name when it runs).
  if (p.errors.length === errorsBefore && !titled) {
    if (shape === undefined) {
      p.errorAt(
        lhsStart,
        'this expression cannot be followed by a resource body: expected a resource type, a type reference or a resource reference',
      );
    } else if (
      shape === 'ResourceExpr' &&
      lhs.name !== undefined &&
      lhs.name !== 'class' &&
      !STATEMENT_CALLS.has(lhs.name)
    ) {
      p.errorAt(lhsStart, `the '${lhs.name}' resource has no title: expected 'title: attributes'`);
    }
  }
  return shape ?? (titled ? 'ResourceExpr' : 'Error');
}

/** Expects the '}' that closes a block opened at `openOffset`, with a message naming the block. */
export function closeBrace(p: Parser, openOffset: number, what: string): void {
  if (p.eat('R_BRACE')) return;
  const line = p.lineOf(openOffset);
  let message = `expected '}' to close the ${what} opened on line ${line}, found ${p.currentText()}`;
  if (p.at('COMMA') || p.atAny(EXPR_START))
    message = `expected ',' or '}' in the ${what} opened on line ${line}, found ${p.currentText()}`;
  p.errorHere(message);
  // Recover: skip tokens until the closing brace if it is on the same nesting level, else leave them.
  if (!p.atAny(EXPR_RECOVERY) || p.at('COMMA') || p.at('COLON') || p.at('FAT_ARROW')) skipBalancedTo(p);
}

/** Skips tokens (as Error nodes) up to and including the next '}' of the current nesting level. */
function skipBalancedTo(p: Parser): void {
  const m = p.open();
  let depth = 0;
  while (!p.eof()) {
    const k = p.nth(0);
    if (k === 'L_BRACE') depth++;
    else if (k === 'R_BRACE') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (k === 'CLASS_KW' || k === 'DEFINE_KW' || k === 'NODE_KW') && p.atLineStart()) break;
    p.bump();
  }
  p.close(m, 'Error');
  p.eat('R_BRACE');
}

function atAttributeStart(p: Parser): boolean {
  const k = p.nth(0);
  if (k === 'STAR') return p.nth(1) === 'FAT_ARROW';
  return k === 'NAME' || ATTRIBUTE_KEYWORDS.has(k);
}

// attribute_ops = (attribute_op (',' attribute_op)* ','?)?
export function attributeOps(p: Parser): void {
  // Puppet accepts one comma before the first attribute (`{ 'x': , ensure => file }`).
  p.eat('COMMA');
  for (;;) {
    if (p.at('R_BRACE') || p.at('SEMI') || p.eof()) return;
    // `class`, `define` or `node` at column 0 is more likely a new definition than an attribute name.
    if (atTopLevelDefinition(p)) return;
    if (!atAttributeStart(p)) {
      if (p.atAny(EXPR_RECOVERY)) return;
      p.bumpError(`expected an attribute name, found ${p.currentText()}`);
      continue;
    }
    attributeOp(p);
    if (p.eat('COMMA')) continue;
    if (atAttributeStart(p) && (p.nth(1) === 'FAT_ARROW' || p.nth(1) === 'PLUS_ARROW')) {
      p.errorHere(`expected ',' between attributes, found ${p.currentText()}`);
      continue;
    }
    return;
  }
}

// attribute_op = (NAME | keyword) ('=>' | '+>') expression | '*' '=>' expression
function attributeOp(p: Parser): void {
  const m = p.open();
  const name = p.open();
  const splat = p.at('STAR');
  p.bump();
  p.close(name, 'AttributeName');
  if (p.at('FAT_ARROW') || (!splat && p.at('PLUS_ARROW'))) {
    p.bump();
    expression(p);
  } else {
    p.errorHere(`expected '=>' after the attribute name, found ${p.currentText()}`);
    if (p.atAny(EXPR_START) && !p.at('NAME')) expression(p);
  }
  p.close(m, 'AttributeOp');
}

// expression = unary (binary_op unary | '?' selector_entries)*   (by binding power)
export function expression(p: Parser): Completed | undefined {
  return expressionBp(p, 0);
}

function expressionBp(p: Parser, minPower: number): Completed | undefined {
  const lhs = unary(p);
  if (!lhs) return undefined;
  return binaryRest(p, lhs, minPower);
}

function binaryRest(p: Parser, first: Completed, minPower: number): Completed {
  let lhs = first;
  for (;;) {
    const k = p.nth(0);
    if (k === 'QMARK') {
      if (SELECTOR_POWER <= minPower) break;
      // A selector's cases may hold selectors: that recursion counts towards MAX_NESTING.
      const on = lhs;
      lhs = p.deeper(() => selector(p, on));
      continue;
    }
    const power = BINARY_POWER[k];
    if (power === undefined || power <= minPower) break;
    const m = p.precede(lhs.mark);
    p.bump();
    expressionBp(p, power);
    lhs = { mark: p.close(m, 'BinaryExpr'), kind: 'BinaryExpr' };
  }
  return lhs;
}

// selector = expression '?' ('{' selector_entry (',' selector_entry)* ','? '}' | selector_entry)
// selector_entry = expression '=>' expression
function selector(p: Parser, lhs: Completed): Completed {
  const m = p.precede(lhs.mark);
  p.bump();
  if (p.at('L_BRACE')) {
    const lbrace = p.current();
    p.bump();
    for (;;) {
      if (p.at('R_BRACE') || p.eof()) break;
      if (!p.atAny(EXPR_START)) {
        if (p.atAny(EXPR_RECOVERY)) break;
        p.bumpError(`expected a selector case, found ${p.currentText()}`);
        continue;
      }
      selectorEntry(p);
      if (p.eat('COMMA')) continue;
      if (p.atAny(EXPR_START) && !p.at('L_BRACE')) {
        p.errorHere(`expected ',' between selector cases, found ${p.currentText()}`);
        continue;
      }
      break;
    }
    closeBrace(p, lbrace.start, 'selector');
  } else {
    selectorEntry(p);
  }
  return { mark: p.close(m, 'Selector'), kind: 'Selector' };
}

function selectorEntry(p: Parser): void {
  const m = p.open();
  expression(p);
  p.expect('FAT_ARROW', "'=>' after the selector case");
  expression(p);
  p.close(m, 'SelectorEntry');
}

// unary = ('!' | '-' | '*') unary | postfix
function unary(p: Parser): Completed | undefined {
  // Every operand comes through here: past MAX_NESTING the rest of it is skipped, not descended.
  if (p.nesting >= MAX_NESTING) return tooDeep(p);
  if (p.nesting < MAX_NESTING - 10) p.deepRegionReported = false;
  p.nesting++;
  try {
    const k = p.nth(0);
    if (k === 'BANG' || k === 'MINUS' || k === 'STAR') {
      const m = p.open();
      p.bump();
      // A missing operand is reported by primary.
      unary(p);
      return { mark: p.close(m, 'UnaryExpr'), kind: 'UnaryExpr' };
    }
    return postfix(p);
  } finally {
    p.nesting--;
  }
}

const OPENERS: ReadonlySet<TokenKind> = new Set([
  'LIST_START',
  'L_BRACK',
  'L_BRACE',
  'L_PAREN',
  'WS_L_PAREN',
  'DQ_OPEN',
  'INTERP_OPEN',
  'L_COLLECT',
  'LL_COLLECT',
]);
const CLOSERS: ReadonlySet<TokenKind> = new Set([
  'R_BRACK',
  'R_BRACE',
  'R_PAREN',
  'DQ_CLOSE',
  'INTERP_CLOSE',
  'R_COLLECT',
  'RR_COLLECT',
]);

/**
 * Code nested too deeply: one error, and its tokens become one Error node, up to the closing bracket of the
 * enclosing level or, outside every bracket it opened, the next line, so that the levels around it still close
 * where the text closes them and the statements after it are read.
 */
export function tooDeep(p: Parser): Completed {
  // One error for one deep region: the operands after it at the same depth are skipped without another.
  if (!p.deepRegionReported)
    p.errorHere(
      `nested more than ${MAX_NESTING} levels deep (brackets, blocks, prefix operators): mesos-puppet does not read further into it (Puppet itself may)`,
    );
  p.deepRegionReported = true;
  const m = p.open();
  let depth = 0;
  let first = true;
  while (!p.eof()) {
    const k = p.nth(0);
    if (depth === 0 && !first && (p.atLineStart() || atTopLevelDefinition(p))) break;
    if (CLOSERS.has(k)) {
      if (depth === 0) break;
      depth--;
    } else if (OPENERS.has(k)) depth++;
    p.bump();
    first = false;
  }
  p.skippedTo(p.current().start);
  return { mark: p.close(m, 'Error'), kind: 'Error' };
}

// postfix = primary ( '[' access_args ']' | '.' NAME call_args? lambda? | '(' args ')' lambda?
//                   | ('<|' | '<<|') expression? ('|>' | '|>>') ('{' attribute_ops '}')? )*
function postfix(p: Parser): Completed | undefined {
  const lhs = primary(p);
  if (!lhs) return undefined;
  return postfixRest(p, lhs);
}

function postfixRest(p: Parser, first: Completed): Completed {
  let lhs = first;
  for (;;) {
    const k = p.nth(0);
    if (k === 'L_BRACK') {
      const m = p.precede(lhs.mark);
      const open = p.current();
      p.bump();
      accessArgs(p, open.start);
      lhs = { mark: p.close(m, 'AccessExpr'), kind: 'AccessExpr' };
    } else if (k === 'DOT') {
      const m = p.precede(lhs.mark);
      p.bump();
      if (p.at('NAME') || p.at('TYPE_KW')) p.bump();
      else p.errorHere(`expected a function name after '.', found ${p.currentText()}`);
      if (p.at('L_PAREN')) argList(p);
      if (p.at('PIPE')) lambda(p);
      lhs = { mark: p.close(m, 'MethodCall'), kind: 'MethodCall' };
    } else if (k === 'L_PAREN') {
      const m = p.precede(lhs.mark);
      argList(p);
      if (p.at('PIPE')) lambda(p);
      lhs = { mark: p.close(m, 'CallExpr'), kind: 'CallExpr' };
    } else if (k === 'L_COLLECT' || k === 'LL_COLLECT') {
      const m = p.precede(lhs.mark);
      const q = p.open();
      const exported = k === 'LL_COLLECT';
      p.bump();
      if (!p.at(exported ? 'RR_COLLECT' : 'R_COLLECT')) expression(p);
      p.expect(
        exported ? 'RR_COLLECT' : 'R_COLLECT',
        exported ? "'|>>' to close the collector" : "'|>' to close the collector",
      );
      p.close(q, 'CollectQuery');
      if (p.at('L_BRACE')) {
        const lbrace = p.current();
        p.bump();
        attributeOps(p);
        closeBrace(p, lbrace.start, 'collector attributes');
      }
      lhs = { mark: p.close(m, 'Collector'), kind: 'Collector' };
    } else {
      return lhs;
    }
  }
}

// access_args = access_arg (',' access_arg)* ','?    access_arg = expression ('=>' expression)?
function accessArgs(p: Parser, openOffset: number): void {
  for (;;) {
    if (p.at('R_BRACK') || p.eof()) break;
    if (!p.atAny(EXPR_START)) {
      if (p.atAny(EXPR_RECOVERY)) break;
      p.bumpError(`expected an expression, found ${p.currentText()}`);
      continue;
    }
    // Puppet's parser reads a relationship here and only then fails, at the token after it.
    const e = assignment(p);
    if (e && (e.kind === 'Relationship' || e.kind === 'AssignExpr')) {
      p.errorHere(
        `expected ']' to close the '[' on line ${p.lineOf(openOffset)}: a relationship or assignment is not allowed inside '[...]'`,
      );
    }
    if (e && p.at('FAT_ARROW')) {
      const m = p.precede(e.mark);
      p.bump();
      expression(p);
      p.close(m, 'HashPair');
    }
    if (p.eat('COMMA')) continue;
    break;
  }
  if (!p.eat('R_BRACK')) {
    p.errorHere(`expected ']' to close the '[' on line ${p.lineOf(openOffset)}, found ${p.currentText()}`);
  }
}

// arg_list = '(' (argument (',' argument)* ','?)? ')'     argument = assignment ('=>' assignment)?
export function argList(p: Parser): void {
  const m = p.open();
  const open = p.current();
  p.bump();
  collectionEntries(p, 'R_PAREN');
  if (!p.eat('R_PAREN')) {
    p.errorHere(
      `expected ')' to close the argument list opened on line ${p.lineOf(open.start)}, found ${p.currentText()}`,
    );
  }
  p.close(m, 'ArgList');
}

/** Entries of an argument list or array: assignments, `key => value` pairs, and the words `type`/`function`. */
function collectionEntries(p: Parser, closer: TokenKind): void {
  for (;;) {
    if (p.at(closer) || p.eof()) return;
    if (p.at('TYPE_KW') || p.at('FUNCTION_KW')) {
      const m = p.open();
      p.bump();
      p.close(m, 'Literal');
    } else if (!p.atAny(EXPR_START) && !(p.at('CLASS_KW') && p.nth(1) === 'L_BRACE')) {
      if (p.atAny(EXPR_RECOVERY)) return;
      p.bumpError(`expected an expression, found ${p.currentText()}`);
      continue;
    } else {
      const e = assignment(p);
      if (e && p.at('FAT_ARROW')) {
        const m = p.precede(e.mark);
        p.bump();
        hashValue(p);
        p.close(m, 'HashPair');
      }
    }
    if (p.eat('COMMA')) continue;
    // An argument list continued on a new line without a comma has more likely lost its ')'.
    if (closer === 'R_PAREN' && p.atLineStart()) return;
    if (p.atAny(EXPR_START) && !p.at('L_BRACE')) {
      p.errorHere(`expected ',' or ${closer === 'R_PAREN' ? "')'" : "']'"}, found ${p.currentText()}`);
      continue;
    }
    return;
  }
}

function hashValue(p: Parser): void {
  if (p.at('TYPE_KW') || p.at('FUNCTION_KW')) {
    const m = p.open();
    p.bump();
    p.close(m, 'Literal');
  } else assignment(p);
}

// lambda = '|' params? '|' ('>>' type)? block
export function lambda(p: Parser): void {
  const m = p.open();
  const params = p.open();
  const pipe = p.current();
  p.bump();
  paramItems(p, 'PIPE');
  if (!p.eat('PIPE'))
    p.errorHere(
      `expected '|' to close the lambda parameters opened on line ${p.lineOf(pipe.start)}, found ${p.currentText()}`,
    );
  p.close(params, 'LambdaParams');
  if (p.at('RSHIFT')) returnType(p);
  block(p, 'lambda body');
  p.close(m, 'Lambda');
}

// type_reference = CLASSREF ('[' access_args ']')?
export function typeReference(p: Parser): void {
  const m = p.open();
  p.bump();
  const ref = p.close(m, 'TypeRef');
  if (p.at('L_BRACK')) {
    const a = p.precede(ref);
    const open = p.current();
    p.bump();
    accessArgs(p, open.start);
    p.close(a, 'AccessExpr');
  }
}

function single(p: Parser, kind: NodeKind, name?: string): Completed {
  const m = p.open();
  p.bump();
  return { mark: p.close(m, kind), kind, name };
}

// primary = VARIABLE | NAME | WORD | CLASSREF | NUMBER | string | heredoc | REGEX | array | hash
//         | '(' assignment ')' | if | unless | case | literal keywords
function primary(p: Parser): Completed | undefined {
  const t = p.current();
  switch (t.kind) {
    case 'VARIABLE':
      return single(p, 'VariableExpr');
    case 'NAME':
      return single(p, 'NameExpr', p.text.slice(t.start, t.end));
    case 'CLASSREF':
      return single(p, 'TypeRef');
    case 'WORD':
    case 'NUMBER':
    case 'TRUE_KW':
    case 'FALSE_KW':
    case 'UNDEF_KW':
    case 'DEFAULT_KW':
      return single(p, 'Literal');
    case 'ATTR_KW':
    case 'PRIVATE_KW':
      p.errorHere(`'${p.text.slice(t.start, t.end)}' is a reserved word`);
      return single(p, 'Literal');
    case 'REGEX':
      return single(p, 'RegexExpr');
    case 'SQ_STRING':
      return single(p, 'StringExpr');
    case 'HEREDOC_START':
      return single(p, 'HeredocExpr');
    case 'DQ_OPEN':
      return dqString(p);
    case 'LIST_START':
    case 'L_BRACK': {
      const m = p.open();
      p.bump();
      collectionEntries(p, 'R_BRACK');
      if (!p.eat('R_BRACK'))
        p.errorHere(`expected ']' to close the array opened on line ${p.lineOf(t.start)}, found ${p.currentText()}`);
      return { mark: p.close(m, 'ArrayExpr'), kind: 'ArrayExpr' };
    }
    case 'L_BRACE':
      return hash(p);
    case 'L_PAREN':
    case 'WS_L_PAREN': {
      const m = p.open();
      p.bump();
      assignment(p);
      if (!p.eat('R_PAREN'))
        p.errorHere(`expected ')' to close the '(' on line ${p.lineOf(t.start)}, found ${p.currentText()}`);
      return { mark: p.close(m, 'ParenExpr'), kind: 'ParenExpr' };
    }
    case 'IF_KW':
      return ifExpr(p);
    case 'UNLESS_KW':
      return unlessExpr(p);
    case 'CASE_KW':
      return caseExpr(p);
    case 'CLASS_KW':
      if (p.nth(1) === 'L_BRACE') return single(p, 'NameExpr', 'class');
      p.errorHere("'class' cannot start an expression: a class definition must be a statement of its own");
      return undefined;
    case 'TYPE_KW':
      if (p.nth(1) === 'L_PAREN') return single(p, 'NameExpr', 'type');
      p.errorHere(`expected an expression, found ${p.currentText()}`);
      return undefined;
    case 'DOLLAR':
      p.bumpError("'$' must be followed by a variable name");
      return undefined;
    default:
      p.errorHere(`expected an expression, found ${p.currentText()}`);
      if (!p.atAny(EXPR_RECOVERY) && !isKeyword(t.kind)) {
        const m = p.open();
        p.bump();
        p.close(m, 'Error');
      }
      return undefined;
  }
}

// dq_string = '"' (STRING_TEXT | INTERP_VAR | '${' assignment '}')* '"'
function dqString(p: Parser): Completed {
  const m = p.open();
  p.bump();
  for (;;) {
    const k = p.nth(0);
    if (k === 'STRING_TEXT' || k === 'INTERP_VAR') p.bump();
    else if (k === 'INTERP_OPEN') interpolation(p);
    else break;
  }
  // The lexer has reported an unterminated string already.
  p.eat('DQ_CLOSE');
  return { mark: p.close(m, 'StringExpr'), kind: 'StringExpr' };
}

// interpolation = '${' assignment? '}'
export function interpolation(p: Parser): void {
  const m = p.open();
  const open = p.current();
  p.bump();
  const k = p.nth(0);
  const k1 = p.nth(1);
  if (
    (k === 'NAME' || k === 'WORD' || k === 'NUMBER' || isKeyword(k)) &&
    (k1 === 'INTERP_CLOSE' || k1 === 'L_BRACK' || k1 === 'DOT')
  ) {
    // Puppet reads a bare name (or number, or keyword) first in `${...}` as a variable: "${name}", "${x[1]}".
    binaryRest(p, postfixRest(p, single(p, 'VariableExpr')), 0);
  } else if (!p.at('INTERP_CLOSE')) assignment(p);
  if (!p.eat('INTERP_CLOSE')) {
    p.errorHere(
      `expected '}' to close the interpolation opened on line ${p.lineOf(open.start)}, found ${p.currentText()}`,
    );
    const skip = p.open();
    while (!p.eof() && !p.at('INTERP_CLOSE') && !p.at('DQ_CLOSE')) p.bump();
    p.close(skip, 'Error');
    p.eat('INTERP_CLOSE');
  }
  p.close(m, 'Interpolation');
}

// hash = '{' (hash_pair (',' hash_pair)* ','?)? '}'     hash_pair = assignment '=>' assignment
function hash(p: Parser): Completed {
  const m = p.open();
  const open = p.current();
  p.bump();
  for (;;) {
    if (p.at('R_BRACE') || p.eof()) break;
    const pair = p.open();
    if (p.at('TYPE_KW') || p.at('FUNCTION_KW')) {
      const l = p.open();
      p.bump();
      p.close(l, 'Literal');
    } else if (!p.atAny(EXPR_START)) {
      p.close(pair, 'HashPair');
      if (p.atAny(EXPR_RECOVERY)) break;
      p.bumpError(`expected a hash key, found ${p.currentText()}`);
      continue;
    } else assignment(p);
    if (p.expect('FAT_ARROW', "'=>' after the hash key")) hashValue(p);
    p.close(pair, 'HashPair');
    if (p.eat('COMMA')) continue;
    if (p.atAny(EXPR_START) && !p.at('L_BRACE')) {
      p.errorHere(`expected ',' between hash entries, found ${p.currentText()}`);
      continue;
    }
    break;
  }
  closeBrace(p, open.start, 'hash');
  return { mark: p.close(m, 'HashExpr'), kind: 'HashExpr' };
}

// if = 'if' expression block ('elsif' expression block)* ('else' block)?
function ifExpr(p: Parser): Completed {
  const m = p.open();
  p.bump();
  expression(p);
  block(p, "'if' body");
  while (p.at('ELSIF_KW')) {
    const e = p.open();
    p.bump();
    expression(p);
    block(p, "'elsif' body");
    p.close(e, 'ElsifClause');
  }
  if (p.at('ELSE_KW')) {
    const e = p.open();
    p.bump();
    block(p, "'else' body");
    p.close(e, 'ElseClause');
  }
  return { mark: p.close(m, 'IfExpr'), kind: 'IfExpr' };
}

// unless = 'unless' expression block ('else' block)?
function unlessExpr(p: Parser): Completed {
  const m = p.open();
  p.bump();
  expression(p);
  block(p, "'unless' body");
  if (p.at('ELSE_KW')) {
    const e = p.open();
    p.bump();
    block(p, "'else' body");
    p.close(e, 'ElseClause');
  }
  return { mark: p.close(m, 'UnlessExpr'), kind: 'UnlessExpr' };
}

// case = 'case' expression '{' case_option+ '}'     case_option = expression (',' expression)* ':' block
function caseExpr(p: Parser): Completed {
  const m = p.open();
  p.bump();
  expression(p);
  const open = p.current();
  if (p.expect('L_BRACE', "'{' to open the case body")) {
    if (p.at('R_BRACE')) p.errorHere("expected a case option ('value: { ... }'), found '}'");
    for (;;) {
      if (p.at('R_BRACE') || p.eof()) break;
      if (!p.atAny(EXPR_START)) {
        if (p.atAny(EXPR_RECOVERY) && !p.at('COMMA') && !p.at('COLON')) break;
        p.bumpError(`expected a case option, found ${p.currentText()}`);
        continue;
      }
      const o = p.open();
      expression(p);
      while (p.eat('COMMA')) expression(p);
      if (p.expect('COLON', "':' after the case value")) block(p, 'case option body');
      p.close(o, 'CaseOption');
    }
    closeBrace(p, open.start, 'case body');
  }
  return { mark: p.close(m, 'CaseExpr'), kind: 'CaseExpr' };
}
