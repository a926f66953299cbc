// The vocabulary of the Puppet syntax tree: every token kind the lexer produces and every node kind the parser
// builds. Kinds are readable strings so that golden tree files and debugger output need no lookup table.
// Token kinds are UPPER_CASE, node kinds are PascalCase; the two sets never overlap.

/** Tokens that carry no meaning for the grammar; the tree keeps them so that it covers the whole text. */
export type TriviaKind = 'WHITESPACE' | 'COMMENT' | 'HEREDOC_BODY';

export type KeywordKind =
  | 'CASE_KW'
  | 'CLASS_KW'
  | 'DEFAULT_KW'
  | 'DEFINE_KW'
  | 'IF_KW'
  | 'ELSIF_KW'
  | 'ELSE_KW'
  | 'INHERITS_KW'
  | 'NODE_KW'
  | 'AND_KW'
  | 'OR_KW'
  | 'UNDEF_KW'
  | 'TRUE_KW'
  | 'FALSE_KW'
  | 'IN_KW'
  | 'UNLESS_KW'
  | 'FUNCTION_KW'
  | 'TYPE_KW'
  | 'ATTR_KW'
  | 'PRIVATE_KW';

export type TokenKind =
  | TriviaKind
  | KeywordKind
  | 'VARIABLE' // $name, $::top::name
  | 'DOLLAR' // a lone '$' that names nothing
  | 'NAME' // lower-case (qualified) name: file, apt::source
  | 'WORD' // bare word that is not a NAME: foo-bar, _x
  | 'CLASSREF' // capitalised (qualified) name: File, Apt::Source
  | 'NUMBER'
  | 'SQ_STRING' // a whole single-quoted string
  | 'DQ_OPEN' // the opening '"' of a double-quoted string
  | 'DQ_CLOSE' // the closing '"'
  | 'STRING_TEXT' // literal text inside a double-quoted string
  | 'INTERP_OPEN' // '${' inside a double-quoted string
  | 'INTERP_CLOSE' // the '}' that closes an INTERP_OPEN
  | 'INTERP_VAR' // '$name' inside a double-quoted string
  | 'HEREDOC_START' // @(TAG:syntax/flags); its text follows on the next line as HEREDOC_BODY trivia
  | 'REGEX'
  | 'DOT'
  | 'COMMA'
  | 'L_BRACK' // '[' directly after a value: access
  | 'LIST_START' // '[' after whitespace or at the start: array literal
  | 'R_BRACK'
  | 'L_PAREN' // '(' that may start an argument list
  | 'WS_L_PAREN' // '(' first on its line: never a call
  | 'R_PAREN'
  | 'SEMI'
  | 'QMARK'
  | 'STAR'
  | 'PERCENT'
  | 'L_BRACE'
  | 'R_BRACE'
  | 'AT'
  | 'ATAT'
  | 'PIPE'
  | 'L_COLLECT' // <|
  | 'R_COLLECT' // |>
  | 'LL_COLLECT' // <<|
  | 'RR_COLLECT' // |>>
  | 'EQ' // =
  | 'FAT_ARROW' // =>
  | 'PLUS_ARROW' // +>
  | 'EQ_EQ'
  | 'MATCH' // =~
  | 'NO_MATCH' // !~
  | 'PLUS'
  | 'PLUS_EQ'
  | 'MINUS'
  | 'MINUS_EQ'
  | 'IN_EDGE' // ->
  | 'IN_EDGE_SUB' // ~>
  | 'OUT_EDGE' // <-
  | 'OUT_EDGE_SUB' // <~
  | 'BANG'
  | 'NOT_EQ'
  | 'TILDE'
  | 'SLASH'
  | 'LT'
  | 'LT_EQ'
  | 'LSHIFT'
  | 'GT'
  | 'GT_EQ'
  | 'RSHIFT'
  | 'COLON'
  | 'ERROR_TOKEN' // a character Puppet does not know
  | 'EOF';

export type NodeKind =
  | 'SourceFile'
  | 'Error'
  // Definitions.
  | 'ClassDef'
  | 'DefineDef'
  | 'NodeDef'
  | 'FunctionDef'
  | 'TypeAlias'
  | 'TypeDefinition'
  | 'ParamList'
  | 'Param'
  | 'ParamType'
  | 'ParamDefault'
  | 'Inherits'
  | 'DefName'
  | 'HostName'
  | 'DottedName'
  | 'ReturnType'
  | 'Block'
  // Resources.
  | 'ResourceExpr'
  | 'ResourceDefaults'
  | 'ResourceOverride'
  | 'ResourceBody'
  | 'ResourceTitle'
  | 'AttributeOp'
  | 'AttributeName'
  | 'Collector'
  | 'CollectQuery'
  | 'Relationship'
  // Control flow.
  | 'IfExpr'
  | 'ElsifClause'
  | 'ElseClause'
  | 'UnlessExpr'
  | 'CaseExpr'
  | 'CaseOption'
  | 'Selector'
  | 'SelectorEntry'
  // Calls.
  | 'CallExpr' // name(args), Type(args)
  | 'StatementCall' // include a, b  (a call without parentheses)
  | 'MethodCall' // expr.name(args)
  | 'ArgList'
  | 'Lambda'
  | 'LambdaParams'
  // Expressions.
  | 'AssignExpr'
  | 'BinaryExpr'
  | 'UnaryExpr'
  | 'ParenExpr'
  | 'AccessExpr'
  | 'ArrayExpr'
  | 'HashExpr'
  | 'HashPair'
  | 'VariableExpr'
  | 'NameExpr'
  | 'TypeRef'
  | 'Literal'
  | 'RegexExpr'
  | 'StringExpr'
  | 'Interpolation'
  | 'HeredocExpr';

/** Reserved words of the Puppet 7 language (without task mode, so `plan` and `apply` are plain names). */
export const KEYWORDS: ReadonlyMap<string, KeywordKind> = new Map<string, KeywordKind>([
  ['case', 'CASE_KW'],
  ['class', 'CLASS_KW'],
  ['default', 'DEFAULT_KW'],
  ['define', 'DEFINE_KW'],
  ['if', 'IF_KW'],
  ['elsif', 'ELSIF_KW'],
  ['else', 'ELSE_KW'],
  ['inherits', 'INHERITS_KW'],
  ['node', 'NODE_KW'],
  ['and', 'AND_KW'],
  ['or', 'OR_KW'],
  ['undef', 'UNDEF_KW'],
  ['true', 'TRUE_KW'],
  ['false', 'FALSE_KW'],
  ['in', 'IN_KW'],
  ['unless', 'UNLESS_KW'],
  ['function', 'FUNCTION_KW'],
  ['type', 'TYPE_KW'],
  ['attr', 'ATTR_KW'],
  ['private', 'PRIVATE_KW'],
]);

const KEYWORD_KINDS: ReadonlySet<TokenKind> = new Set<TokenKind>(KEYWORDS.values());

export function isKeyword(kind: TokenKind): kind is KeywordKind {
  return KEYWORD_KINDS.has(kind);
}

export function isTrivia(kind: TokenKind): kind is TriviaKind {
  return kind === 'WHITESPACE' || kind === 'COMMENT' || kind === 'HEREDOC_BODY';
}
