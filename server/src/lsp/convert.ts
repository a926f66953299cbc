// Conversions between our results (offsets, paths) and the protocol's types (positions, URIs). Positions are
// always UTF-16, the protocol's default and the only encoding the server announces.

import { CodeActionKind, DiagnosticSeverity, CompletionItemKind, type CodeAction, type TextEdit as LspTextEdit, DiagnosticTag, InsertTextFormat, type CompletionItem as LspCompletionItem, type Diagnostic as LspDiagnostic, type Range } from 'vscode-languageserver';
import { LineIndex } from '../base/lineIndex.js';
import { pathToUri } from '../base/paths.js';
import type { TextRange } from '../base/textRange.js';
import type { CompletionItem, CompletionKind, Diagnostic, Fix } from '../ide/types.js';
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

export function toDiagnostic(index: LineIndex, d: Diagnostic, indexFor: (path: string) => LineIndex | undefined): LspDiagnostic {
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
};

export function toCompletionItem(index: LineIndex, item: CompletionItem, snippets: boolean, markdown: boolean): LspCompletionItem {
  const useSnippet = snippets && item.snippet !== undefined;
  const out: LspCompletionItem = {
    label: item.label,
    kind: KIND[item.kind],
    textEdit: { range: toRange(index, item.range), newText: useSnippet ? item.snippet! : item.insertText },
    insertTextFormat: useSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  };
  if (item.detail) out.detail = item.detail;
  if (item.documentation) out.documentation = markdown ? { kind: 'markdown', value: item.documentation } : item.documentation;
  if (item.sortText) out.sortText = item.sortText;
  if (item.filterText) out.filterText = item.filterText;
  if (item.deprecated) out.tags = [1 /* CompletionItemTag.Deprecated */];
  return out;
}

export function toCodeAction(fix: Fix, diagnostic: LspDiagnostic, indexFor: (path: string) => LineIndex | undefined): CodeAction {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of fix.edits) {
    const idx = indexFor(e.path);
    if (!idx) continue;
    (changes[pathToUri(e.path)] ??= []).push({ range: toRange(idx, e.range), newText: e.newText });
  }
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred === true, edit: { changes } };
}
