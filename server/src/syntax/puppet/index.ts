// The public face of the Puppet syntax layer. `parsePuppet` turns a manifest into a lossless concrete syntax
// tree plus a list of syntax errors; it never throws and always returns a tree that covers the whole text.
// `summarizeManifest` reads from that tree the facts the module index needs (definitions, parameters, docs,
// references). Everything else in this folder is an implementation detail; import from here.
//
// Invariants: ranges are UTF-16 offsets into the text given to parsePuppet; the tokens under `tree`, in order,
// concatenate to exactly that text; errors are sorted by start offset.

import type { TextRange } from '../../base/textRange.js';
import { lex, type Heredoc, type Token } from './lexer.js';
import { Parser } from './parser.js';
import { interpolationSnippet, sourceFile } from './grammarItems.js';
import type { SyntaxNode } from './tree.js';
import { validateManifest } from './validate.js';

export type { SyntaxNode, SyntaxToken, SyntaxElement } from './tree.js';
export { isNode, childNodes, childOfKind, tokenOfKind, walkNodes, printTree, trimmedRange } from './tree.js';
export type { NodeKind, TokenKind } from './syntaxKind.js';
export { summarizeManifest } from './summary.js';
export type * from './summaryTypes.js';
export { heredocText, stringValue, stringContentRange, unescapeDouble } from './strings.js';
export { normalizeType } from './summary.js';

/** A syntax error: where, and what to do about it. Reported with the diagnostic code `puppet/syntax`. */
export interface SyntaxError {
  readonly range: TextRange;
  readonly message: string;
}

export interface PuppetParse {
  readonly tree: SyntaxNode;
  readonly errors: readonly SyntaxError[];
  /** Every token of the text in order, trivia included (comments are needed for doc strings). */
  readonly tokens: readonly Token[];
  /** Each heredoc with its options and the range of its text (see heredocText for its value). */
  readonly heredocs: readonly Heredoc[];
}

export type { Token, Heredoc };

/** Parses a Puppet manifest. Never throws; linear in the size of the text. */
export function parsePuppet(text: string): PuppetParse {
  try {
    const lexed = lex(text);
    const lexErrorStarts = new Set(lexed.errors.map((e) => e.range.start));
    const parser = new Parser(text, lexed.tokens, lexErrorStarts);
    sourceFile(parser);
    const tree = parser.buildTree();
    // A string, heredoc or comment left open runs to the end of the text; the braces it swallowed are then
    // missing too, but saying so again at the end adds nothing.
    // Puppet's lexer reads a whole string when it meets the opening quote, so an unterminated string is
    // reported before any syntax error from that quote on; everything after it is string text anyway.
    const cutoff = lexed.unterminatedStringAt ?? text.length + 1;
    const openToEnd =
      lexed.tokens.some(
        (t) => t.end === text.length && t.start < text.length && (t.kind === 'HEREDOC_BODY' || t.kind === 'COMMENT'),
      ) && lexed.errors.length > 0;
    const parserErrors = parser.errors.filter(
      (e) => e.range.start < cutoff && !(openToEnd && e.range.start >= text.length),
    );
    const errors: SyntaxError[] = [...lexed.errors, ...parserErrors];
    // Expressions interpolated into heredoc text are parsed on their own; only their errors are kept.
    for (const tokens of lexed.heredocInterpolations) {
      const sub = new Parser(text, tokens);
      interpolationSnippet(sub);
      errors.push(...sub.errors);
    }
    // Puppet's static checks run only on a manifest that parsed; so do ours.
    if (errors.length === 0) errors.push(...validateManifest(tree, text));
    errors.sort((a, b) => a.range.start - b.range.start);
    return { tree, errors, tokens: lexed.tokens, heredocs: lexed.heredocs };
  } catch (e) {
    // A bug in the parser must not take the language server down: degrade to one error over the whole text.
    const message = `internal parser error: ${e instanceof Error ? e.message : String(e)}`;
    const token: Token = { kind: 'ERROR_TOKEN', start: 0, end: text.length };
    const tree: SyntaxNode = {
      kind: 'SourceFile',
      start: 0,
      end: text.length,
      children: text.length > 0 ? [token] : [],
    };
    return {
      tree,
      errors: [{ range: { start: 0, end: 0 }, message }],
      tokens: [token, { kind: 'EOF', start: text.length, end: text.length }],
      heredocs: [],
    };
  }
}
