// What the editor is sent for a file with more problems than the limit: the most severe, in document order, and
// a note where the first one left out is.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limitDiagnostics } from '../../server/src/ide/diagnostics.js';
import type { Diagnostic } from '../../server/src/ide/types.js';
import type { Severity } from '../../server/src/base/diagnosticCodes.js';

function d(at: number, severity: Severity): Diagnostic {
  return {
    range: { start: at, end: at + 3 },
    code: severity === 'error' ? 'hiera/duplicate-key' : 'hiera/unknown-key',
    severity,
    message: `${severity} at ${at}`,
  };
}

test('within the limit, or with no limit, everything is sent as it is', () => {
  const all = [d(0, 'warning'), d(10, 'error')];
  assert.equal(limitDiagnostics(all, 2), all);
  assert.equal(limitDiagnostics(all, 0), all);
});

test('over the limit: errors first, then warnings, then notes and hints, each the first in the file; the note counts', () => {
  // w0 w10 n20 e30 h40 w50 e60, four in all: the two errors, the first warning, and the note.
  const all = [
    d(0, 'warning'),
    d(10, 'warning'),
    d(20, 'information'),
    d(30, 'error'),
    d(40, 'hint'),
    d(50, 'warning'),
    d(60, 'error'),
  ];
  const out = limitDiagnostics(all, 4);
  assert.deepEqual(
    out.map((x) => [x.range.start, x.code === 'editor/problems-not-shown' ? 'note' : x.severity]),
    [
      [0, 'warning'],
      [10, 'note'],
      [30, 'error'],
      [60, 'error'],
    ],
  );
  const note = out.find((x) => x.code === 'editor/problems-not-shown')!;
  assert.equal(note.severity, 'information');
  assert.deepEqual(note.range, { start: 10, end: 10 }, 'at the first one left out');
  assert.match(
    note.message,
    /^4 more problems in this file are not shown \(2 warnings, 1 note, 1 hint\); the first of them is here\./,
  );
});

test('at the default of 1,000 the editor gets exactly 1,000, so VS Code (which keeps 1,000) keeps the note', () => {
  const all = Array.from({ length: 5000 }, (_, i) => d(i * 10, 'warning'));
  const out = limitDiagnostics(all, 1000);
  assert.equal(out.length, 1000);
  assert.deepEqual(out.slice(0, 999), all.slice(0, 999));
  assert.match(
    out[999].message,
    /^4,001 more problems .* \(4,001 warnings\).* sent the 999 most severe \(mesosPuppet\.maxDiagnosticsPerFile, 1,000 with this note\); `mesos-puppet check` lists them all\.$/,
  );
  assert.deepEqual(out[999].range, { start: 9_990, end: 9_990 });
  // A limit of 1 sends the note alone.
  assert.deepEqual(
    limitDiagnostics(all.slice(0, 2), 1).map((x) => x.code),
    ['editor/problems-not-shown'],
  );
});
