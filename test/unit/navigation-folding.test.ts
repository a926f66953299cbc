// Folding ranges as an editor shows them (first and last folded line, 1-based): manifests fold brackets that
// span lines (the closing line stays visible), heredocs and comment blocks; Hiera data folds nested mappings
// and lists under their key, and comment blocks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldingRanges } from '../../server/src/ide/folding.js';
import { fixtureProject } from '../support/project.js';
import { LineIndex } from '../../server/src/base/lineIndex.js';

function folds(path: string, text: string): string[] {
  const { project } = fixtureProject(`#- ${path}\n${text}`);
  const idx = new LineIndex(text);
  return foldingRanges(project, path).flatMap((f) => {
    const start = idx.position(f.range.start).line + 1;
    const end = idx.position(f.range.end).line + 1 - (f.keepLastLine ? 1 : 0);
    return end > start ? [`${start}-${end}${f.kind ? ` ${f.kind}` : ''}`] : [];
  });
}

test('manifest: braces, brackets, parameter lists, heredocs and comment blocks', () => {
  const text = [
    '# Installs a thing.', // 1
    '#', // 2
    '# @param x the x', // 3
    'class a(', // 4
    '  $x = [', // 5
    '    1,', // 6
    '  ],', // 7
    ') {', // 8
    '  $t = @(EOT)', // 9
    '    text', // 10
    '    | EOT', // 11
    "  file { '/x': content => $t }", // 12
    '  /* a', // 13
    '     b */', // 14
    '}', // 15
    '',
  ].join('\n');
  assert.deepEqual(folds('/work/site-modules/a/manifests/init.pp', text), [
    '1-3 comment',
    '4-7',
    '5-6',
    '8-14',
    '9-11',
    '13-14 comment',
  ]);
});

test('manifest: a lone comment line and one-line braces do not fold; broken code still folds what closes', () => {
  assert.deepEqual(folds('/work/manifests/site.pp', '# one\nnode default { include x }\n'), []);
  assert.deepEqual(folds('/work/manifests/site.pp', 'class a {\n  if $x {\n    y()\n  }\n'), ['2-3']);
});

test('Hiera data: nested mappings and lists under their key, comment blocks', () => {
  const text = [
    '# Common data',
    '# for all nodes',
    'classes:',
    '  - role::a',
    '  - role::b',
    'mesos::master::options:',
    '  quorum: "2"',
    '  env:',
    '    A: 1',
    '    B: 2',
    'flat: 1',
    'inline: {a: 1,',
    '  b: 2}',
    '',
  ].join('\n');
  assert.deepEqual(folds('/work/data/common.yaml', text), ['1-2 comment', '3-5', '6-10', '8-10']);
});
