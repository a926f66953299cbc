// The statement half of the Puppet grammar: the file, statement lists and blocks, statement calls without
// parentheses (`include a, b`), and the definitions (class, define, node, function, type alias) with their
// parameter lists. Recovery happens at two levels: a token that cannot start a statement is wrapped in an
// Error node and skipped, and a definition keyword at the start of a line inside a block ends that block
// (its missing '}' is reported there), so one missing brace does not swallow the rest of the file.

import { MAX_NESTING, type Parser } from './parser.js';
import { assignment, closeBrace, expression, interpolation, tooDeep, typeReference } from './grammarExpressions.js';
import { DEFINITION_START, EXPR_START, STATEMENT_CALLS } from './tokenSets.js';

// source_file = statements EOF
export function sourceFile(p: Parser): void {
  const m = p.open();
  statements(p, false);
  while (!p.eof()) {
    p.bumpError(`unexpected ${p.currentText()}: no block is open here`);
    statements(p, false);
  }
  p.close(m, 'SourceFile');
}

/** The tokens of one `${...}` inside a heredoc, parsed on their own. */
// snippet = interpolation EOF
export function interpolationSnippet(p: Parser): void {
  const m = p.open();
  if (p.at('INTERP_OPEN')) interpolation(p);
  while (!p.eof()) p.bumpError(`unexpected ${p.currentText()}`);
  p.close(m, 'SourceFile');
}

/** True if the current token starts a line at column 0 and starts a definition. */
export function atTopLevelDefinition(p: Parser): boolean {
  if (!p.atAny(DEFINITION_START)) return false;
  const t = p.current();
  if (t.start !== 0 && p.text.charCodeAt(t.start - 1) !== 10) return false;
  return !(p.at('CLASS_KW') && p.nth(1) === 'L_BRACE');
}

// statements = (statement (';'? statement)*)?
// Puppet takes ';' only between two statements: not first, not doubled and not before '}' or the end.
// A comma after a statement is an error Puppet finds when it reduces the statement list: at its end, or when
// a token that cannot start a statement stops the list. An error inside a later statement comes first.
export function statements(p: Parser, nested: boolean): void {
  let comma: { at: { start: number; end: number }; errors: number } | undefined;
  const flush = (): void => {
    if (comma && p.errors.length === comma.errors) {
      p.errorAt(
        comma.at,
        "a comma cannot separate statements: only functions such as 'include' take arguments without parentheses",
      );
    }
    comma = undefined;
  };
  statementList(p, nested, (c) => (comma ??= c), flush);
  flush();
}

function statementList(
  p: Parser,
  nested: boolean,
  onComma: (c: { at: { start: number; end: number }; errors: number }) => void,
  flush: () => void,
): void {
  let count = 0;
  for (;;) {
    if (p.eof()) return;
    if (p.at('SEMI')) {
      if (count === 0 || p.nth(1) === 'SEMI') p.bumpError("unexpected ';': it may only separate two statements");
      else {
        p.bump();
        if (p.at('R_BRACE') || p.eof()) p.errorHere(`expected a statement after ';', found ${p.currentText()}`);
      }
      continue;
    }
    if (p.at('R_BRACE')) return;
    if (nested && atTopLevelDefinition(p)) return;
    if (!p.atAny(EXPR_START) && !p.atAny(DEFINITION_START) && !p.at('TYPE_KW')) {
      flush();
      p.bumpError(`expected a statement, found ${p.currentText()}`);
      continue;
    }
    const before = p.position();
    statement(p);
    count++;
    if (p.at('COMMA')) {
      // Puppet finds this only when the whole statement list has parsed; report it then, unless more errors came.
      onComma({ at: p.current(), errors: p.errors.length });
      p.bump();
    }
    if (p.position() === before && !p.eof()) p.bumpError(`expected a statement, found ${p.currentText()}`);
  }
}

// statement = class_def | define_def | node_def | function_def | type_alias | statement_call | assignment
function statement(p: Parser): void {
  switch (p.nth(0)) {
    case 'CLASS_KW':
      if (p.nth(1) !== 'L_BRACE') return classDef(p);
      break;
    case 'DEFINE_KW':
      return defineDef(p);
    case 'NODE_KW':
      return nodeDef(p);
    case 'FUNCTION_KW':
      return functionDef(p);
    case 'TYPE_KW':
      if (p.nth(1) !== 'L_PAREN') return typeDef(p);
      break;
    case 'NAME': {
      const t = p.current();
      if (STATEMENT_CALLS.has(p.text.slice(t.start, t.end)) && atStatementCallArgument(p)) return statementCall(p);
      break;
    }
  }
  assignment(p);
}

/** After a statement-call name: does an argument follow (and not an operator, call or resource body)? */
function atStatementCallArgument(p: Parser): boolean {
  let k = p.nth(1);
  // Puppet ignores a ';' between the name and its argument (`include; foo` includes foo).
  if (k === 'SEMI') k = p.nth(2);
  if (!EXPR_START.has(k)) return k === 'CLASS_KW' && p.nth(2) === 'L_BRACE';
  return k !== 'L_PAREN' && k !== 'L_BRACK' && k !== 'L_BRACE' && k !== 'MINUS' && k !== 'STAR';
}

// statement_call = NAME assignment (',' assignment)*
function statementCall(p: Parser): void {
  const m = p.open();
  p.bump();
  p.eat('SEMI');
  const args = p.open();
  for (;;) {
    assignment(p);
    if (!p.eat('COMMA')) break;
    if (!p.atAny(EXPR_START) && !(p.at('CLASS_KW') && p.nth(1) === 'L_BRACE')) {
      p.errorHere(`expected an argument after ',', found ${p.currentText()}`);
      break;
    }
  }
  p.close(args, 'ArgList');
  p.close(m, 'StatementCall');
}

// block = '{' statements '}'
export function block(p: Parser, what: string): void {
  const m = p.open();
  const open = p.current();
  if (!p.at('L_BRACE')) {
    p.errorHere(`expected '{' to open the ${what}, found ${p.currentText()}`);
    p.close(m, 'Block');
    return;
  }
  // Blocks in blocks (classes, ifs, lambdas) count towards MAX_NESTING like brackets do.
  if (p.nesting >= MAX_NESTING) {
    tooDeep(p);
    p.close(m, 'Block');
    return;
  }
  p.bump();
  p.deeper(() => statements(p, true));
  closeBrace(p, open.start, what);
  p.close(m, 'Block');
}

// def_name = NAME | WORD | CLASSREF
function defName(p: Parser, what: string): void {
  const m = p.open();
  const k = p.nth(0);
  if (k === 'NAME' || k === 'WORD' || k === 'CLASSREF') p.bump();
  else if (k === 'CLASS_KW') p.bumpError("'class' cannot be used as a name here");
  else if (k === 'SQ_STRING' || k === 'DQ_OPEN') p.bumpError('expected a name here, not a quoted string');
  else p.errorHere(`expected the name of the ${what}, found ${p.currentText()}`);
  p.close(m, 'DefName');
}

// class_def = 'class' def_name param_list? ('inherits' (NAME | WORD | CLASSREF | 'default'))? block
function classDef(p: Parser): void {
  const m = p.open();
  p.bump();
  defName(p, 'class');
  if (p.at('L_PAREN') || p.at('WS_L_PAREN')) paramList(p);
  if (p.at('INHERITS_KW')) {
    const i = p.open();
    p.bump();
    const k = p.nth(0);
    if (k === 'NAME' || k === 'WORD' || k === 'CLASSREF' || k === 'DEFAULT_KW') p.bump();
    else p.errorHere(`expected the name of the parent class, found ${p.currentText()}`);
    p.close(i, 'Inherits');
  }
  block(p, 'class body');
  p.close(m, 'ClassDef');
}

// define_def = 'define' def_name param_list? block
function defineDef(p: Parser): void {
  const m = p.open();
  p.bump();
  defName(p, 'defined type');
  if (p.at('L_PAREN') || p.at('WS_L_PAREN')) paramList(p);
  block(p, 'define body');
  p.close(m, 'DefineDef');
}

// function_def = 'function' def_name param_list? return_type? block
function functionDef(p: Parser): void {
  const m = p.open();
  p.bump();
  defName(p, 'function');
  if (p.at('L_PAREN') || p.at('WS_L_PAREN')) paramList(p);
  if (p.at('RSHIFT')) returnType(p);
  block(p, 'function body');
  p.close(m, 'FunctionDef');
}

// return_type = '>>' CLASSREF ('[' access_args ']')?
export function returnType(p: Parser): void {
  const m = p.open();
  p.bump();
  paramType(p);
  p.close(m, 'ReturnType');
}

// node_def = 'node' host_name (',' host_name)* ','? ('inherits' host_name)? block
function nodeDef(p: Parser): void {
  const m = p.open();
  p.bump();
  hostName(p);
  while (p.eat('COMMA')) {
    if (p.at('L_BRACE') || p.at('INHERITS_KW')) break;
    hostName(p);
  }
  if (p.at('INHERITS_KW')) {
    const i = p.open();
    p.bump();
    hostName(p);
    p.close(i, 'Inherits');
  }
  block(p, 'node body');
  p.close(m, 'NodeDef');
}

// host_name = dotted_name | string | 'default' | REGEX      dotted_name = (NAME | NUMBER) ('.' (NAME | NUMBER))*
function hostName(p: Parser): void {
  const m = p.open();
  const k = p.nth(0);
  if (k === 'NAME' || k === 'NUMBER') {
    p.bump();
    while (p.at('DOT') && (p.nth(1) === 'NAME' || p.nth(1) === 'NUMBER')) {
      p.bump();
      p.bump();
    }
  } else if (k === 'SQ_STRING' || k === 'WORD' || k === 'DEFAULT_KW' || k === 'REGEX' || k === 'HEREDOC_START') {
    p.bump();
  } else if (k === 'DQ_OPEN') {
    expression(p);
  } else {
    p.errorHere(`expected a node name (a name, string, regex or 'default'), found ${p.currentText()}`);
  }
  p.close(m, 'HostName');
}

// type_def = 'type' CLASSREF ('[' access_args ']')? '=' expression hash?
//          | 'type' CLASSREF ('inherits' CLASSREF)? '{' statements '}'
function typeDef(p: Parser): void {
  const m = p.open();
  p.bump();
  const name = p.open();
  if (p.at('CLASSREF')) {
    p.bump();
  } else {
    p.errorHere(`expected a type name (capitalised) after 'type', found ${p.currentText()}`);
  }
  p.close(name, 'DefName');
  if (p.at('INHERITS_KW') || p.at('L_BRACE')) {
    if (p.at('INHERITS_KW')) {
      const i = p.open();
      p.bump();
      p.expect('CLASSREF', 'the name of the parent type');
      p.close(i, 'Inherits');
    }
    block(p, 'type body');
    p.close(m, 'TypeDefinition');
    return;
  }
  if (p.expect('EQ', "'=' after the type alias name")) {
    // Puppet takes a type (with parameters), a type with a hash (Object { ... }), a hash or an array here.
    const k = p.nth(0);
    if (k === 'CLASSREF') {
      typeReference(p);
      if (p.at('L_BRACE')) expression(p);
    } else if (k === 'L_BRACE' || k === 'LIST_START' || k === 'L_BRACK') expression(p);
    else p.errorHere(`expected a type after '=', found ${p.currentText()}`);
  }
  p.close(m, 'TypeAlias');
}

// param_list = '(' param_items? ')'
function paramList(p: Parser): void {
  const m = p.open();
  const open = p.current();
  p.bump();
  paramItems(p, 'R_PAREN');
  if (!p.eat('R_PAREN')) {
    p.errorHere(
      `expected ')' to close the parameter list opened on line ${p.lineOf(open.start)}, found ${p.currentText()}`,
    );
  }
  p.close(m, 'ParamList');
}

function atParamStart(p: Parser): boolean {
  const k = p.nth(0);
  return k === 'VARIABLE' || k === 'CLASSREF' || k === 'STAR';
}

// param_items = param (',' param)* ','?
export function paramItems(p: Parser, closer: 'R_PAREN' | 'PIPE'): void {
  for (;;) {
    if (p.at(closer) || p.eof()) return;
    if (!atParamStart(p)) {
      if (p.at('L_BRACE') || p.at('R_PAREN') || p.at('PIPE') || p.at('R_BRACE')) return;
      p.bumpError(`expected a parameter ('$name', optionally with a type), found ${p.currentText()}`);
      continue;
    }
    param(p);
    if (p.eat('COMMA')) continue;
    if (atParamStart(p)) {
      p.errorHere(`expected ',' between parameters, found ${p.currentText()}`);
      continue;
    }
    return;
  }
}

// param = param_type? '*'? VARIABLE ('=' expression)?
function param(p: Parser): void {
  const m = p.open();
  if (p.at('CLASSREF')) {
    const t = p.open();
    paramType(p);
    p.close(t, 'ParamType');
  }
  p.eat('STAR');
  if (!p.eat('VARIABLE')) p.errorHere(`expected a parameter name ('$name'), found ${p.currentText()}`);
  if (p.at('EQ')) {
    const d = p.open();
    p.bump();
    expression(p);
    p.close(d, 'ParamDefault');
  }
  p.close(m, 'Param');
}

// param_type = CLASSREF ('[' access_args ']')?
function paramType(p: Parser): void {
  if (!p.at('CLASSREF')) {
    p.errorHere(`expected a type, found ${p.currentText()}`);
    return;
  }
  typeReference(p);
}
