// Offsets ↔ LSP positions: UTF-16 code units, \n, \r\n and lone \r line ends; indexes derived from a change.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/base/lineIndex.js';
import { editBetween } from '../../server/src/base/textDiff.js';
import { iterations, rng, seedFromEnv } from '../support/random.js';

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

test('an index derived from the previous text and one change equals a fresh one (random edits, every line break)', () => {
  const r = rng(seedFromEnv() + 5);
  const pieces = ['a', 'bc', '\n', '\r', '\r\n', '\n\n', '\r\r', 'x\ny', ' ', ''];
  let text = Array.from({ length: 200 }, () => r.pick(pieces)).join('');
  let index = new LineIndex(text);
  for (let i = 0; i < iterations(3000); i++) {
    const start = r.int(text.length + 1);
    const oldEnd = Math.min(text.length, start + r.int(6));
    const inserted = Array.from({ length: r.int(4) }, () => r.pick(pieces)).join('');
    const next = text.slice(0, start) + inserted + text.slice(oldEnd);
    const change = r.chance(0.5) ? { start, oldEnd, newEnd: start + inserted.length } : editBetween(text, next);
    index = index.edited(next, change);
    const fresh = new LineIndex(next);
    assert.equal(index.lineCount, fresh.lineCount, `edit ${i}`);
    for (let o = 0; o <= next.length; o += 1 + r.int(3))
      assert.deepEqual(index.position(o), fresh.position(o), `edit ${i}, offset ${o}`);
    text = next;
  }
});
