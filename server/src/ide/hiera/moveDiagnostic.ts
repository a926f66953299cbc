// Diagnostics kept per chunk of a data file (syntax/hiera/chunkMemo.ts) move with their chunk.

import { moveRange } from '../../syntax/hiera/chunkMemo.js';
import type { Diagnostic } from '../types.js';

/** A diagnostic of `path` moved by delta: its range, and the related places and fix edits in the same file. */
export function moveDiagnostic(d: Diagnostic, path: string, delta: number): Diagnostic {
  return {
    ...d,
    range: moveRange(d.range, delta),
    ...(d.related
      ? { related: d.related.map((r) => (r.path === path ? { ...r, range: moveRange(r.range, delta) } : r)) }
      : {}),
    ...(d.fixes
      ? {
          fixes: d.fixes.map((f) => ({
            ...f,
            edits: f.edits.map((e) => (e.path === path ? { ...e, range: moveRange(e.range, delta) } : e)),
          })),
        }
      : {}),
  };
}
