// Text edits and fixes as data: what a quick fix changes, by path and offset range. Shared by every layer that
// proposes fixes (domain rules in knowledge/, features in ide/) and converted to protocol edits only in lsp/.

import type { TextRange } from './textRange.js';

export interface TextEdit {
  readonly path: string;
  readonly range: TextRange;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly preferred?: boolean;
}
