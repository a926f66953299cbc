// Quick fixes: the fixes carried by the diagnostics that overlap the requested range. Computing them from the
// same diagnostics the editor shows keeps a fix and its problem in one place.

import type { Project } from '../workspace/project.js';
import type { TextRange } from '../base/textRange.js';
import { fileDiagnostics } from './diagnostics.js';
import type { Diagnostic, Fix } from './types.js';

export interface QuickFix {
  readonly fix: Fix;
  readonly diagnostic: Diagnostic;
}

export function quickFixes(project: Project, path: string, range: TextRange): QuickFix[] {
  const out: QuickFix[] = [];
  for (const d of fileDiagnostics(project, path)) {
    if (d.range.end < range.start || d.range.start > range.end) continue;
    for (const fix of d.fixes ?? []) out.push({ fix, diagnostic: d });
  }
  return out;
}
