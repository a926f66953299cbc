// Offsets ↔ LSP positions: UTF-16 code units, \n, \r\n and lone \r line ends.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/base/lineIndex.js';

test('positions count UTF-16 code units and every kind of line end', () => {
  const text = 'a: 1\r\nb: "😀x"\rc\nd';
  const idx = new LineIndex(text);
  assert.equal(idx.lineCount, 4);
  assert.deepEqual(idx.position(text.indexOf('x')), { line: 1, character: 6 });
  assert.deepEqual(idx.position(text.indexOf('c')), { line: 2, character: 0 });
  assert.equal(idx.offset({ line: 1, character: 6 }), text.indexOf('x'));
  assert.equal(idx.offset({ line: 0, character: 99 }), 4, 'clamped to the end of the line, before \\r\\n');
  assert.equal(idx.offset({ line: 9, character: 0 }), text.length);
  assert.deepEqual(idx.position(text.length), { line: 3, character: 1 });
});
