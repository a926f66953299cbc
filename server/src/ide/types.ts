// The results of IDE features, in our own terms: offsets, paths, markdown. The LSP glue converts them to the
// protocol's types (positions, URIs) and the CLI prints them; nothing here knows either.

import type { Code, Severity } from '../base/diagnosticCodes.js';
import type { TextRange } from '../base/textRange.js';

import type { Fix } from '../base/edits.js';

export type { Fix, TextEdit } from '../base/edits.js';

export interface Diagnostic {
  readonly range: TextRange;
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  readonly related?: ReadonlyArray<{ readonly path: string; readonly range: TextRange; readonly message: string }>;
  readonly fixes?: readonly Fix[];
  /** The diagnostic marks code that has no effect (rendered faded by editors). */
  readonly unnecessary?: boolean;
}

export type CompletionKind =
  'property' | 'value' | 'class' | 'module' | 'keyword' | 'function' | 'variable' | 'snippet' | 'type';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  readonly documentation?: string;
  /** The text the item replaces. */
  readonly range: TextRange;
  /** Plain text to insert. */
  readonly insertText: string;
  /** The same with snippet tab stops, for clients that support snippets. */
  readonly snippet?: string;
  readonly sortText?: string;
  readonly filterText?: string;
  readonly deprecated?: boolean;
  /** Documentation computed only when the editor shows the item (completionItem/resolve); JSON data. */
  readonly resolve?: CompletionResolve;
  /** Accepting the item should open the completion list again (a namespace such as `mesos::`). */
  readonly retrigger?: boolean;
}

export type CompletionResolve =
  | { readonly kind: 'hiera-key'; readonly path: string; readonly key: string }
  | { readonly kind: 'puppet-class'; readonly path: string; readonly name: string };

export interface Hover {
  readonly range: TextRange;
  readonly markdown: string;
}
