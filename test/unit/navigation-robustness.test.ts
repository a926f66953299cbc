// Every manifest and navigation feature on every prefix of the book repo's files (the states a file passes
// through while it is typed), at every offset of a sample: nothing throws, and ranges stay inside their files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureProject } from '../support/project.js';
import { BOOK_REPO } from '../fixtures/navigation/bookRepo.js';
import { complete } from '../../server/src/ide/completion.js';
import { hover } from '../../server/src/ide/hover.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { findDefinition } from '../../server/src/ide/definition.js';
import { findReferences } from '../../server/src/ide/references.js';
import { prepareRename, rename } from '../../server/src/ide/rename.js';
import { documentSymbols, workspaceSymbols } from '../../server/src/ide/symbols.js';
import { foldingRanges } from '../../server/src/ide/folding.js';

test('features never throw on partly typed files, and ranges stay in bounds', () => {
  const { project, fixture } = fixtureProject(BOOK_REPO);
  const paths = Object.keys(fixture.files).filter(
    (p) => project.classify(p) === 'puppet' || project.classify(p) === 'hiera-data',
  );
  let calls = 0;
  for (const path of paths) {
    const full = fixture.files[path];
    for (let cut = 0; cut <= full.length; cut += 7) {
      const text = full.slice(0, cut);
      project.setOpenText(path, text);
      const inBounds = (p: string, r: { start: number; end: number }) => {
        const len = (p === path ? text : (project.readText(p) ?? '')).length;
        assert.ok(
          r.start >= 0 && r.start <= r.end && r.end <= len,
          `${p} ${r.start}-${r.end} of ${len} (${path} cut at ${cut})`,
        );
      };
      for (const d of fileDiagnostics(project, path)) inBounds(path, d.range);
      for (const s of documentSymbols(project, path)) inBounds(path, s.range);
      for (const f of foldingRanges(project, path)) inBounds(path, f.range);
      for (let offset = 0; offset <= text.length; offset += 5) {
        for (const i of complete(project, path, offset)) inBounds(path, i.range);
        const h = hover(project, path, offset);
        if (h) inBounds(path, h.range);
        for (const l of findDefinition(project, path, offset)) inBounds(l.path, l.range);
        for (const l of findReferences(project, path, offset, true)) inBounds(l.path, l.range);
        const p = prepareRename(project, path, offset);
        if (p && !('error' in p)) {
          inBounds(path, p.range);
          const r = rename(project, path, offset, 'renamed_x');
          if (r && 'edits' in r) for (const e of r.edits) inBounds(e.path, e.range);
        }
        calls++;
      }
    }
    project.setOpenText(path, undefined);
  }
  workspaceSymbols(project, '');
  assert.ok(calls > 1000);
});
