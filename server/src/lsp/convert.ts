// Conversions between our results (offsets, paths) and the protocol's types (positions, URIs). Positions are
// always UTF-16, the protocol's default and the only encoding the server announces.

import {
  CodeActionKind,
  DiagnosticSeverity,
  CompletionItemKind,
  type CodeAction,
  type TextEdit as LspTextEdit,
  DiagnosticTag,
  InsertTextFormat,
  type CompletionItem as LspCompletionItem,
  type Diagnostic as LspDiagnostic,
  type Range,
} from 'vscode-languageserver';
import type { LineIndex } from '../base/lineIndex.js';
import { pathToUri } from '../base/paths.js';
import type { TextRange } from '../base/textRange.js';
import type { CompletionItem, CompletionKind, Diagnostic, Fix, TextEdit } from '../ide/types.js';
import {
  FoldingRangeKind,
  SymbolKind,
  type DocumentSymbol as LspDocumentSymbol,
  type FoldingRange as LspFoldingRange,
  type Location as LspLocation,
  type SymbolInformation,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type {
  DocumentSymbol as NavDocumentSymbol,
  FoldingRange as NavFoldingRange,
  Location,
  SymbolKind as NavSymbolKind,
  WorkspaceSymbol as NavWorkspaceSymbol,
} from '../ide/navigation/types.js';
import type { Severity } from '../base/diagnosticCodes.js';

export function toRange(index: LineIndex, r: TextRange): Range {
  return index.range(r);
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(
  index: LineIndex,
  d: Diagnostic,
  indexFor: (path: string) => LineIndex | undefined,
): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(index, d.range),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'mesos-puppet',
    message: d.message,
  };
  if (d.unnecessary) out.tags = [DiagnosticTag.Unnecessary];
  if (d.related && d.related.length > 0) {
    out.relatedInformation = d.related.flatMap((r) => {
      const idx = indexFor(r.path);
      return idx ? [{ location: { uri: pathToUri(r.path), range: toRange(idx, r.range) }, message: r.message }] : [];
    });
  }
  return out;
}

const KIND: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  class: CompletionItemKind.Class,
  module: CompletionItemKind.Module,
  keyword: CompletionItemKind.Keyword,
  function: CompletionItemKind.Function,
  variable: CompletionItemKind.Variable,
  snippet: CompletionItemKind.Snippet,
  type: CompletionItemKind.TypeParameter,
};

export function toCompletionItem(
  index: LineIndex,
  item: CompletionItem,
  snippets: boolean,
  markdown: boolean,
): LspCompletionItem {
  const useSnippet = snippets && item.snippet !== undefined;
  const out: LspCompletionItem = {
    label: item.label,
    kind: KIND[item.kind],
    textEdit: { range: toRange(index, item.range), newText: useSnippet ? item.snippet! : item.insertText },
    insertTextFormat: useSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  };
  if (item.detail) out.detail = item.detail;
  if (item.documentation)
    out.documentation = markdown ? { kind: 'markdown', value: item.documentation } : item.documentation;
  if (item.sortText) out.sortText = item.sortText;
  // The label is what the editor filters by anyway: a copy of it is only bytes on the wire.
  if (item.filterText && item.filterText !== item.label) out.filterText = item.filterText;
  if (item.deprecated) out.tags = [1 /* CompletionItemTag.Deprecated */];
  if (item.retrigger) out.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
  return out;
}

export function toCodeAction(
  fix: Fix,
  diagnostic: LspDiagnostic,
  indexFor: (path: string) => LineIndex | undefined,
): CodeAction {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of fix.edits) {
    const idx = indexFor(e.path);
    if (!idx) continue;
    (changes[pathToUri(e.path)] ??= []).push({ range: toRange(idx, e.range), newText: e.newText });
  }
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred === true,
    edit: { changes },
  };
}

// --- navigation ---------------------------------------------------------------------------------------------------

export function toLocation(loc: Location, indexFor: (path: string) => LineIndex | undefined): LspLocation | undefined {
  const idx = indexFor(loc.path);
  return idx ? { uri: pathToUri(loc.path), range: toRange(idx, loc.range) } : undefined;
}

export function toLocations(
  locs: readonly Location[],
  indexFor: (path: string) => LineIndex | undefined,
): LspLocation[] {
  return locs.flatMap((l) => toLocation(l, indexFor) ?? []);
}

const SYMBOL_KIND: Record<NavSymbolKind, SymbolKind> = {
  class: SymbolKind.Class,
  define: SymbolKind.Struct,
  node: SymbolKind.Namespace,
  resource: SymbolKind.Object,
  type: SymbolKind.TypeParameter,
  function: SymbolKind.Function,
  parameter: SymbolKind.Property,
  key: SymbolKind.Key,
};

export function toDocumentSymbol(index: LineIndex, s: NavDocumentSymbol): LspDocumentSymbol {
  return {
    name: s.name,
    ...(s.detail ? { detail: s.detail } : {}),
    kind: SYMBOL_KIND[s.kind],
    range: toRange(index, s.range),
    selectionRange: toRange(index, s.selectionRange),
    children: s.children.map((c) => toDocumentSymbol(index, c)),
  };
}

/** The outline flattened, for clients without hierarchical document symbols. */
export function toSymbolInformation(
  index: LineIndex,
  uri: string,
  symbols: readonly NavDocumentSymbol[],
  container?: string,
): SymbolInformation[] {
  return symbols.flatMap((s) => [
    {
      name: s.name,
      kind: SYMBOL_KIND[s.kind],
      location: { uri, range: toRange(index, s.range) },
      ...(container ? { containerName: container } : {}),
    },
    ...toSymbolInformation(index, uri, s.children, s.name),
  ]);
}

export function toWorkspaceSymbol(
  s: NavWorkspaceSymbol,
  indexFor: (path: string) => LineIndex | undefined,
): SymbolInformation | undefined {
  const location = toLocation(s, indexFor);
  return location
    ? { name: s.name, kind: SYMBOL_KIND[s.kind], location, ...(s.container ? { containerName: s.container } : {}) }
    : undefined;
}

export function toFoldingRange(index: LineIndex, f: NavFoldingRange): LspFoldingRange | undefined {
  const startLine = index.position(f.range.start).line;
  const endLine = index.position(f.range.end).line - (f.keepLastLine ? 1 : 0);
  if (endLine <= startLine) return undefined;
  return {
    startLine,
    endLine,
    ...(f.kind === 'comment'
      ? { kind: FoldingRangeKind.Comment }
      : f.kind === 'region'
        ? { kind: FoldingRangeKind.Region }
        : {}),
  };
}

export function toWorkspaceEdit(
  edits: readonly TextEdit[],
  indexFor: (path: string) => LineIndex | undefined,
): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of edits) {
    const idx = indexFor(e.path);
    if (!idx) continue;
    (changes[pathToUri(e.path)] ??= []).push({ range: toRange(idx, e.range), newText: e.newText });
  }
  return { changes };
}
