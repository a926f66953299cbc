// Properties that must hold for any input, shared by the fuzz and hostile-input tests: a Puppet tree that spells
// out exactly the text, ranges inside the text, results of features that point into the file they were asked for.

import assert from 'node:assert/strict';
import { isNode, type PuppetParse, type SyntaxElement } from '../../server/src/syntax/puppet/index.js';

/** Concatenating the tokens under the tree, in order, gives back the text; errors are sorted and in bounds. */
export function assertPuppetParseCovers(text: string, parse: PuppetParse, label: string): void {
  assert.equal(parse.tree.start, 0, `${label}: tree starts at 0`);
  assert.equal(parse.tree.end, text.length, `${label}: tree ends at the end of the text`);
  let at = 0;
  const stack: SyntaxElement[] = [parse.tree];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (isNode(e)) {
      for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]);
    } else {
      if (e.start !== at)
        assert.fail(`${label}: token ${e.kind} starts at ${e.start}, expected ${at} (gap or overlap)`);
      at = e.end;
    }
  }
  assert.equal(at, text.length, `${label}: tokens end at ${at}, text has ${text.length}`);
  let prev = 0;
  for (const err of parse.errors) {
    assert.ok(err.range.start >= prev, `${label}: errors sorted`);
    assert.ok(
      err.range.start >= 0 && err.range.start <= err.range.end && err.range.end <= text.length,
      `${label}: error range in bounds`,
    );
    prev = err.range.start;
  }
}

/**
 * Every `{start, end}` pair reachable from `value` (skipping the keys in `skip`, e.g. third-party YAML nodes) lies
 * within [0, length] and is not inverted.
 */
export function assertRangesInBounds(
  value: unknown,
  length: number,
  label: string,
  skip: ReadonlySet<string> = new Set(),
): void {
  const seen = new Set<object>();
  const visit = (v: unknown, path: string): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    const o = v as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number') {
      if (!(o.start >= 0 && o.start <= o.end && o.end <= length))
        assert.fail(`${label}: range ${path} = ${o.start}..${o.end} outside 0..${length}`);
    }
    for (const [k, c] of Object.entries(o)) if (!skip.has(k)) visit(c, `${path}.${k}`);
  };
  visit(value, '$');
}
