// The results of navigation features in our own terms (paths and offsets); lsp/convert.ts maps them to the
// protocol's Location, DocumentSymbol, SymbolInformation, FoldingRange and WorkspaceEdit.

import type { TextRange } from '../../base/textRange.js';

export interface Location {
  readonly path: string;
  readonly range: TextRange;
}

export type SymbolKind = 'class' | 'define' | 'node' | 'resource' | 'type' | 'function' | 'parameter' | 'key';

export interface DocumentSymbol {
  readonly name: string;
  readonly detail?: string;
  readonly kind: SymbolKind;
  /** The whole construct. */
  readonly range: TextRange;
  /** The name within it. */
  readonly selectionRange: TextRange;
  readonly children: readonly DocumentSymbol[];
}

export interface WorkspaceSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly path: string;
  readonly range: TextRange;
  /** Where it lives, for display (module or data file). */
  readonly container?: string;
}

export interface FoldingRange {
  /** From the first folded character to the last. */
  readonly range: TextRange;
  readonly kind?: 'comment' | 'region';
  /** The range ends with a closing bracket on its own line, which stays visible when folded. */
  readonly keepLastLine?: boolean;
}

export type PrepareRename = { readonly range: TextRange; readonly placeholder: string } | { readonly error: string };
