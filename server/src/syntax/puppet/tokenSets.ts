// Sets of token kinds the grammar uses to decide what comes next (FIRST sets) and where to stop when it
// recovers from an error (FOLLOW sets of the enclosing constructs). Kept apart so both grammar files share them.

import type { TokenKind } from './syntaxKind.js';

/** Tokens that can start an expression. */
export const EXPR_START: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'VARIABLE',
  'NAME',
  'WORD',
  'CLASSREF',
  'NUMBER',
  'SQ_STRING',
  'DQ_OPEN',
  'HEREDOC_START',
  'REGEX',
  'LIST_START',
  'L_BRACK',
  'L_BRACE',
  'L_PAREN',
  'WS_L_PAREN',
  'MINUS',
  'STAR',
  'BANG',
  'IF_KW',
  'UNLESS_KW',
  'CASE_KW',
  'TRUE_KW',
  'FALSE_KW',
  'UNDEF_KW',
  'DEFAULT_KW',
  'ATTR_KW',
  'PRIVATE_KW',
  'AT',
  'ATAT',
]);

/** Tokens at which an expression that failed to start gives up without consuming anything. */
export const EXPR_RECOVERY: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'R_BRACE',
  'R_PAREN',
  'R_BRACK',
  'COMMA',
  'SEMI',
  'FAT_ARROW',
  'PLUS_ARROW',
  'COLON',
  'PIPE',
  'INTERP_CLOSE',
  'DQ_CLOSE',
  'CLASS_KW',
  'DEFINE_KW',
  'NODE_KW',
  'FUNCTION_KW',
  'TYPE_KW',
  'ELSIF_KW',
  'ELSE_KW',
  'R_COLLECT',
  'RR_COLLECT',
  'EOF',
]);

/** Keywords that may name a resource attribute (`unless => ...`, `require => ...` is a NAME already). */
export const ATTRIBUTE_KEYWORDS: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'AND_KW',
  'CASE_KW',
  'CLASS_KW',
  'DEFAULT_KW',
  'DEFINE_KW',
  'ELSE_KW',
  'ELSIF_KW',
  'IF_KW',
  'IN_KW',
  'INHERITS_KW',
  'NODE_KW',
  'OR_KW',
  'UNDEF_KW',
  'UNLESS_KW',
  'TYPE_KW',
  'ATTR_KW',
  'FUNCTION_KW',
  'PRIVATE_KW',
]);

/** Functions that Puppet lets you call without parentheses at the start of a statement (`include a, b`). */
export const STATEMENT_CALLS: ReadonlySet<string> = new Set([
  'require',
  'realize',
  'include',
  'contain',
  'tag',
  'debug',
  'info',
  'notice',
  'warning',
  'err',
  'fail',
  'import',
  'break',
  'next',
  'return',
]);

/** Binding power of each binary operator (higher binds tighter); all are left-associative. */
export const BINARY_POWER: Partial<Record<TokenKind, number>> = {
  OR_KW: 1,
  AND_KW: 2,
  // 3 is the selector '?'.
  GT: 4,
  GT_EQ: 4,
  LT: 4,
  LT_EQ: 4,
  EQ_EQ: 5,
  NOT_EQ: 5,
  LSHIFT: 6,
  RSHIFT: 6,
  PLUS: 7,
  MINUS: 7,
  STAR: 8,
  SLASH: 8,
  PERCENT: 8,
  MATCH: 9,
  NO_MATCH: 9,
  IN_KW: 10,
};

export const SELECTOR_POWER = 3;

export const RELATIONSHIP_OPS: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'IN_EDGE',
  'IN_EDGE_SUB',
  'OUT_EDGE',
  'OUT_EDGE_SUB',
]);

export const ASSIGNMENT_OPS: ReadonlySet<TokenKind> = new Set<TokenKind>(['EQ', 'PLUS_EQ', 'MINUS_EQ']);

/** Keywords that start a definition; at the start of a line inside a block they suggest a missing '}'. */
export const DEFINITION_START: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'CLASS_KW',
  'DEFINE_KW',
  'NODE_KW',
  'FUNCTION_KW',
]);
