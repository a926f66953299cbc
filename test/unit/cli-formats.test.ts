// The CLI's output helpers: GitHub workflow-command escaping and the unified diff of --fix-dry-run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeData, escapeProperty, formatGithub } from '../../server/src/cli/formats.js';
import { unifiedDiff } from '../../server/src/cli/diff.js';

test('workflow commands escape %, CR and LF in messages, and also : and , in properties', () => {
  assert.equal(escapeData('50% of a\r\nb: c, d'), '50%25 of a%0D%0Ab: c, d');
  assert.equal(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
  const report = {
    files: 1,
    diagnostics: [
      {
        file: 'data/a,b.yaml',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 'hint' as const,
        code: 'x/y',
        message: 'two\nlines',
      },
    ],
  };
  assert.equal(
    formatGithub(report),
    '::notice file=data/a%2Cb.yaml,line=1,col=1,endLine=1,endColumn=1,title=x/y::two%0Alines',
  );
});

test('unified diff: context of three lines, separate hunks, a missing final newline marked', () => {
  const before = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
  const after = before.replace('line 2\n', 'line two\n').replace('line 11\n', 'line eleven\n');
  assert.equal(
    unifiedDiff('f.yaml', before, after),
    `--- a/f.yaml
+++ b/f.yaml
@@ -1,5 +1,5 @@
 line 1
-line 2
+line two
 line 3
 line 4
 line 5
@@ -8,5 +8,5 @@
 line 8
 line 9
 line 10
-line 11
+line eleven
 line 12
`,
  );
  assert.equal(
    unifiedDiff('f', 'a\nb', 'a\nc'),
    '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n',
  );
  assert.equal(unifiedDiff('f', 'same\n', 'same\n'), '');
});
