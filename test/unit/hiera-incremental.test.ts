// The incremental Hiera data parse: a big file held in chunks of top-level entries, re-parsed only where an edit
// touched it, must read exactly as the whole file read at once — every entry, range, value and nested node, and
// every problem — through random edit sequences (seeded), on generated files and on the Debian corpus' data.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHieraData, parseHieraDataWhole } from '../../server/src/syntax/hiera/dataFile.js';
import { yamlData } from '../../server/src/knowledge/lookup/dataReader.js';
import { view } from '../support/hieraView.js';
import { toJson } from '../../server/src/knowledge/lookup/values.js';
import { rng, seedFromEnv, iterations, type Rng } from '../support/random.js';
import type { TextChange } from '../../server/src/base/textDiff.js';
import { genHiera, YAML_TOKENS } from '../support/generators.js';

/** A large, chunkable data file in the shapes Hiera data takes: scalars, hashes, lists, block scalars, comments. */
function bigFile(r: Rng, entries: number): string {
  const out = ['---', '# generated'];
  for (let i = 0; i < entries; i++) {
    switch (r.int(7)) {
      case 0:
        out.push(`site::block${i}:`, `  name: 'item ${i}'`, '  enabled: yes', `  mode: 0755`, "  tags: ['a', 'b']");
        break;
      case 1:
        out.push(`profile::p${i}::servers:`, `  - 'host${i}.example.com'`, `  - "host${i + 1}.example.com"`);
        break;
      case 2:
        out.push(`site::text${i}: |`, '  first line', '', '  third line %{facts.hostname}');
        break;
      case 3:
        out.push(`# about key ${i}`, `mesos::opt${i}: {a: 1, b: [x, y]}`);
        break;
      case 4:
        out.push(`"site::quoted${i}": off`);
        break;
      default:
        out.push(`site::key${i}: 'value ${i} %{lookup("site::key${i - 1}")}'`);
    }
  }
  return out.join('\n') + '\n';
}

const EDIT_TOKENS = [
  ...YAML_TOKENS,
  '\n',
  '\nnew::key: 1\n',
  'x',
  ' ',
  '  ',
  '\n# c\n',
  "'",
  '"',
  ': ',
  '\n- a\n',
  'k:',
  '\n  nested: 2',
];

/** A random edit as the editor reports it: the replaced range and what replaced it. */
function randomEdit(r: Rng, text: string): { text: string; change: TextChange } {
  const at = r.int(text.length + 1);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let start = at;
  let oldEnd = at;
  let inserted = '';
  // Mostly the edits of someone typing values; a third of them break structure (and must fall back).
  if (r.chance(0.65)) {
    if (r.chance(0.5)) inserted = r.pick(['a', '1', 'b2', ' ', 'host', '.']);
    else oldEnd = Math.min(text.length, at + 1);
  } else {
    switch (r.int(6)) {
      case 0: // delete a few characters
        oldEnd = Math.min(text.length, at + r.range(1, 6));
        break;
      case 1: // delete a whole line
        start = lineStart;
        oldEnd = text.indexOf('\n', at) + 1 || text.length;
        break;
      case 2: // type at the start of a line (boundaries appear and vanish)
        start = oldEnd = lineStart;
        inserted = r.pick([' ', 'x', '#', '- ', 'k: v\n', '\n']);
        break;
      case 3: // replace one character with a digit (the common edit)
        oldEnd = Math.min(text.length, at + 1);
        inserted = String(r.int(10));
        break;
      default:
        inserted = r.pick(EDIT_TOKENS);
    }
  }
  return {
    text: text.slice(0, start) + inserted + text.slice(oldEnd),
    change: { start, oldEnd, newEnd: start + inserted.length },
  };
}

test('a big file is held in chunks and reads as the whole file does', () => {
  const text = bigFile(rng(1), 3000);
  const chunked = parseHieraData(text);
  assert.ok(chunked.chunks && chunked.chunks.length > 20, 'the file is held in chunks');
  assert.deepEqual(view(chunked), view(parseHieraDataWhole(text)));
});

test('after a one-character edit only the chunks around it are parsed again', () => {
  const text = bigFile(rng(2), 3000);
  const before = parseHieraData(text);
  const at = text.indexOf("'value", text.length / 2) + 3;
  const edited = `${text.slice(0, at)}X${text.slice(at + 1)}`;
  const after = parseHieraData(edited, { text, file: before });
  assert.ok(after.chunks);
  const reused = after.chunks.filter((c) =>
    before.chunks!.some((b) => b.entries[0]?.document === c.entries[0]?.document),
  ).length;
  assert.ok(after.chunks.length - reused <= 2, `${after.chunks.length - reused} chunks parsed again`);
  assert.deepEqual(view(after), view(parseHieraDataWhole(edited)));
});

test('random edit sequences: the incremental parse always equals the whole parse', () => {
  const seed = seedFromEnv();
  const r = rng(seed);
  const runs = iterations(6);
  let edits = 0;
  let incremental = 0;
  let eligible = 0;
  for (let run = 0; run < runs; run++) {
    let text = bigFile(r, r.range(60, 400));
    let file = parseHieraData(text);
    for (let i = 0; i < 60; i++) {
      // A breaking edit is usually undone next, as a user fixes what they just broke. Half the time the parse is
      // told the change (as the language server does), half the time it finds it by comparing the texts.
      const next = randomEdit(r, text);
      const undo = {
        text,
        change: { start: next.change.start, oldEnd: next.change.newEnd, newEnd: next.change.oldEnd },
      };
      for (const step of [next, ...(r.chance(0.8) ? [undo] : [])]) {
        const wasChunked = !!file.chunks;
        file = parseHieraData(step.text, { text, file, ...(r.chance(0.5) ? { change: step.change } : {}) });
        if (wasChunked && file.chunks) incremental++;
        if (wasChunked && parseHieraData(step.text).chunks) eligible++;
        text = step.text;
        edits++;
        const whole = parseHieraDataWhole(text);
        assert.deepEqual(view(file), view(whole), `seed ${seed}, run ${run}, edit ${i}`);
        if (!whole.problems.some((p) => p.kind === 'yaml-syntax')) break;
      }
      // What rules chunks out (an anchor, a directive typed in) stays; start a new file then, to keep testing chunks.
      if (!parseHieraData(text).chunks) {
        text = bigFile(r, r.range(60, 400));
        file = parseHieraData(text);
      }
    }
  }
  // Broken edits and what rules chunks out (anchors, directives typed in) are read whole; every other edit of a
  // chunked file is parsed incrementally.
  assert.ok(
    eligible > edits / 4 && incremental >= eligible * 0.95,
    `${incremental} of ${eligible} edits that allow it (${edits} edits) were parsed incrementally`,
  );
});

test('generated Hiera files (anchors, aliases, merge keys, errors) read the same held in chunks or whole', () => {
  const r = rng(seedFromEnv() + 7);
  for (let i = 0; i < iterations(120); i++) {
    const body = Array.from({ length: r.range(20, 80) }, () => genHiera(r).split('\n').slice(1).join('\n')).join('\n');
    const text = `---\n${body}\n`;
    assert.deepEqual(view(parseHieraData(text)), view(parseHieraDataWhole(text)), `input ${i}`);
  }
});

test('Psych reads: yes/no/on/off are booleans, 0755 is octal, merge keys merge', () => {
  const text = `${'a: yes\nb: Off\nc: 0755\n'.repeat(1)}base: &b {x: 1}\nf:\n  <<: *b\n  y: 2\n${'pad: 1\n'.repeat(400)}`;
  const f = parseHieraData(text);
  assert.equal(f.chunks, undefined, 'anchors keep a file whole');
  const d = yamlData(f);
  assert.equal(d.kind, 'ok');
  if (d.kind === 'ok')
    assert.deepEqual(toJson(d.data), { a: true, b: false, c: 493, base: { x: 1 }, f: { x: 1, y: 2 }, pad: 1 });
});
