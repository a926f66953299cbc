// What the editor is sent for a file with more problems than the limit: the most severe, in document order, and
// a note where the first one left out is.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limitDiagnostics } from '../../server/src/ide/diagnostics.js';
import type { Diagnostic } from '../../server/src/ide/types.js';
import type { Severity } from '../../server/src/base/diagnosticCodes.js';

function d(at: number, severity: Severity): Diagnostic {
  return { range: { start: at, end: at + 3 }, code: severity === 'error' ? 'hiera/duplicate-key' : 'hiera/unknown-key', severity, message: `${severity} at ${at}` };
}

test('within the limit, or with no limit, everything is sent as it is', () => {
  const all = [d(0, 'warning'), d(10, 'error')];
  assert.equal(limitDiagnostics(all, 2), all);
  assert.equal(limitDiagnostics(all, 0), all);
});

test('over the limit: errors first, then warnings, then notes and hints, each the first in the file', () => {
  // w0 w10 n20 e30 h40 w50 e60
  const all = [d(0, 'warning'), d(10, 'warning'), d(20, 'information'), d(30, 'error'), d(40, 'hint'), d(50, 'warning'), d(60, 'error')];
  const out = limitDiagnostics(all, 4);
  assert.deepEqual(
    out.map((x) => [x.range.start, x.code === 'editor/problems-not-shown' ? 'note' : x.severity]),
    [[0, 'warning'], [10, 'warning'], [20, 'note'], [30, 'error'], [60, 'error']],
  );
  const note = out.find((x) => x.code === 'editor/problems-not-shown')!;
  assert.equal(note.severity, 'information');
  assert.deepEqual(note.range, { start: 20, end: 20 }, 'at the first one left out');
  assert.match(note.message, /^3 more problems in this file are not shown \(1 warning, 1 note, 1 hint\); the first of them is here\./);
});

test('counts are written in words a reader takes in at once', () => {
  const all = Array.from({ length: 5000 }, (_, i) => d(i * 10, 'warning'));
  const out = limitDiagnostics(all, 1000);
  assert.equal(out.length, 1001);
  assert.deepEqual(out.slice(0, 1000), all.slice(0, 1000));
  assert.match(out[1000].message, /^4,000 more problems .* \(4,000 warnings\).* sent the 1,000 most severe/);
  assert.deepEqual(out[1000].range, { start: 10_000, end: 10_000 });
  assert.match(limitDiagnostics(all.slice(0, 1001), 1000)[1000].message, /^1 more problem in this file is not shown \(1 warning\)/);
});
