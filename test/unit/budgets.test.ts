// Work budgets against hostile input, in-process: each case builds its input with the catalogue's generator
// (test/support/attacks.ts), names the budget it meets and the outcome a user sees (a diagnostic or a lookup error
// that names the limit, the rest still served). The same categories through the server run in
// test/protocol/attacks.test.ts at CI sizes and in `npm run bench:attacks` at the attacker's sizes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHieraData } from '../../server/src/syntax/hiera/dataFile.js';
import { MAX_YAML_NESTING, yamlTooDeepAt } from '../../server/src/syntax/hiera/yamlDepth.js';
import { parseHieraConfig } from '../../server/src/syntax/hiera/hieraConfig.js';
import { parseJsonData } from '../../server/src/knowledge/lookup/dataReader.js';
import { lookupKey, LOOKUP_LIMITS, type LookupContext } from '../../server/src/knowledge/lookup/engine.js';
import { toJson } from '../../server/src/knowledge/lookup/values.js';
import { checkValue } from '../../server/src/knowledge/types/typeCheck.js';
import { Project } from '../../server/src/workspace/project.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { memoryFileSystem } from '../support/memoryFileSystem.js';
import { braceCount, GLOB_LIMITS, GlobLimitError, globFiles } from '../../server/src/knowledge/lookup/dataPaths.js';
import { nodeFileSystem } from '../../server/src/workspace/nodeFileSystem.js';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { braceBomb, deepDashes, doublingInterpolation, redosPatternValue } from '../support/attacks.js';

const HIERA =
  'version: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n  - name: common\n    path: common.yaml\n';

function ctx(common: string): LookupContext {
  return {
    fs: memoryFileSystem({ '/env/hiera.yaml': HIERA, '/env/data/common.yaml': common }),
    environmentDir: '/env',
    node: { certname: 'n1', facts: {} },
  };
}

function outcome(common: string, key: string): unknown {
  const r = lookupKey(ctx(common), key);
  return r.outcome.kind === 'found'
    ? toJson(r.outcome.value)
    : r.outcome.kind === 'error'
      ? { error: r.outcome.message }
      : { notFound: true };
}

// --- nesting: measured before any parser recurses (100,000 compact dashes used to abort the process) ---

test('a data file of 100,000 nested dashes is not parsed: one note where the budget is hit, no entries', () => {
  const text = deepDashes(100_000);
  const file = parseHieraData(text);
  assert.deepEqual(file.entries, []);
  assert.deepEqual(
    file.problems.map((p) => [p.kind, p.range.start]),
    [['too-deep', 3 + 2 * MAX_YAML_NESTING - 2]],
  );
  const project = new Project(
    memoryFileSystem({ '/w/hiera.yaml': HIERA, '/w/data/common.yaml': text, '/w/data/ok.yaml': 'b: 1\n' }),
    ['/w'],
  );
  assert.deepEqual(
    fileDiagnostics(project, '/w/data/common.yaml').map((d) => [d.code, d.severity]),
    [['limits/nesting', 'information']],
  );
  // The rest of the repo is still served.
  assert.deepEqual(fileDiagnostics(project, '/w/data/ok.yaml'), []);
  // The lookup engine says why it cannot read the file instead of finding nothing.
  assert.match(JSON.stringify(outcome(text, 'a')), /nests deeper than 256 levels/);
});

test('flow brackets, JSON data and hiera.yaml nested 100,000 deep are refused the same way', () => {
  assert.deepEqual(
    parseHieraData(`a: ${'['.repeat(100_000)}\n`).problems.map((p) => p.kind),
    ['too-deep'],
  );
  assert.deepEqual(
    parseHieraData(`a: ${'{b: '.repeat(100_000)}1${'}'.repeat(100_000)}\n`).problems.map((p) => p.kind),
    ['too-deep'],
  );
  const json = parseJsonData(`{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
  assert.equal(json.kind, 'error');
  assert.match(json.kind === 'error' ? json.message : '', /deeper than 256/);
  const cfg = parseHieraConfig(`version: 5\nhierarchy: ${deepDashes(50_000)}`);
  assert.deepEqual(
    cfg.problems.map((p) => p.code),
    ['limits/nesting'],
  );
});

test('real nesting is never over the budget: deep-ish data, quoted brackets, block scalars with indented text', () => {
  let nested = 'a:\n';
  for (let i = 1; i <= 40; i++) nested += `${'  '.repeat(i)}k${i}:\n`;
  nested += `${'  '.repeat(41)}- [1, [2, {x: [3]}]]\n`;
  assert.equal(yamlTooDeepAt(nested), -1);
  assert.equal(yamlTooDeepAt(`a: "${'['.repeat(1000)}"\nb: '${'{'.repeat(1000)}'\nc: "x\\"${'['.repeat(500)}"\n`), -1);
  let script = 'a: |\n';
  for (let i = 1; i <= 400; i++) script += `${' '.repeat(2 + i)}line ${i}\n`;
  script += 'b: >-\n' + Array.from({ length: 400 }, (_, i) => `${' '.repeat(2 + i)}more\n`).join('') + 'c: 1\n';
  assert.equal(yamlTooDeepAt(script), -1);
  assert.deepEqual(parseHieraData(script).problems, []);
  // Just over the budget in compact form, and exactly at it.
  assert.equal(yamlTooDeepAt(deepDashes(MAX_YAML_NESTING - 1)), -1);
  assert.ok(yamlTooDeepAt(deepDashes(MAX_YAML_NESTING + 1)) > 0);
});

// --- lookup: allocation and work bounded before they happen ---

test('convert_to Array on 4000000000 fails the lookup with the limit named; small numbers still convert', () => {
  const opts = 'lookup_options:\n  big: {convert_to: Array}\n  small: {convert_to: Array}\n';
  assert.deepEqual(outcome(`${opts}big: 4000000000\nsmall: 3\n`, 'small'), [0, 1, 2]);
  assert.deepEqual(outcome(`${opts}big: 4000000000\nsmall: 3\n`, 'big'), {
    error: `The convert_to lookup_option for key 'big' raised error: Converting 4000000000 to an Array makes 4000000000 elements; this engine builds at most ${LOOKUP_LIMITS.convertedElements}`,
  });
});

test('exponential %{lookup()} interpolation (each key doubles the previous) stops at the interpolation budget', () => {
  const data = doublingInterpolation(60);
  assert.equal(outcome(data, 'k3'), 'ab'.repeat(8));
  const r = outcome(data, 'k60') as { error?: string };
  assert.match(r.error ?? '', new RegExp(`more than ${LOOKUP_LIMITS.interpolations} strings`));
});

test('one interpolated string longer than the budget fails the lookup instead of growing', () => {
  const chunk = 'x'.repeat(100_000);
  const data = `k0: ${chunk}\nbig: "${"%{lookup('k0')}".repeat(12)}"\nsmall: "%{lookup('k0')}"\n`;
  assert.equal((outcome(data, 'small') as string).length, 100_000);
  assert.match((outcome(data, 'big') as { error: string }).error, /more than 1000000 characters/);
});

// --- user regexes on a linear-time engine ---

test('ReDoS in a lookup_options regex key answers at once (and still matches)', () => {
  const data = `lookup_options:\n  '^(a+)+$':\n    convert_to: Array\n  '^(?=never)x$':\n    convert_to: String\n${'a'.repeat(40)}: 2\n${'a'.repeat(1000)}b: 1\n`;
  assert.deepEqual(outcome(data, `${'a'.repeat(1000)}b`), 1);
  assert.deepEqual(outcome(data, 'a'.repeat(40)), [0, 1]);
  // A lookahead (valid Ruby, not runnable in linear time) is skipped, not an error.
  const r = lookupKey(ctx(data), 'x');
  assert.equal(r.outcome.kind, 'not-found');
  assert.match(JSON.stringify(r.explanation), /uses lookaround or a backreference/);
});

test('ReDoS in a Pattern type answers at once; unsupported patterns say nothing', () => {
  const evil = redosPatternValue(50_000);
  assert.deepEqual(checkValue(evil, 'Pattern[/^(a+)+$/]')?.expected, 'Pattern[/^(a+)+$/]');
  assert.equal(checkValue('aaa', 'Pattern[/^(a+)+$/]'), undefined);
  assert.equal(checkValue(evil, 'Pattern[/^(a)\\1+$/]'), undefined);
});

// --- globs and datadirs: bounded, and nothing outside the hiera.yaml's folder is read ---

test("a glob's ** does not descend into directory links (as Ruby's does not); two links to '.' stay linear", () => {
  const root = mkdtempSync(join(tmpdir(), 'mp-budgets-glob-'));
  try {
    mkdirSync(join(root, 'data/a'), { recursive: true });
    writeFileSync(join(root, 'data/a/x.yaml'), 'k: 1\n');
    symlinkSync('.', join(root, 'data/loop1'));
    symlinkSync('.', join(root, 'data/loop2'));
    symlinkSync('a', join(root, 'data/link-to-a'));
    assert.deepEqual(globFiles(nodeFileSystem, `${root}/data/**/*.yaml`), [`${root}/data/a/x.yaml`]);
    // A link named by the pattern itself is followed, as in Ruby.
    assert.deepEqual(globFiles(nodeFileSystem, `${root}/data/link-to-a/*.yaml`), [`${root}/data/link-to-a/x.yaml`]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a glob of 26 {a,b} groups is refused before expanding; the lookup error names the limit', () => {
  const bomb = braceBomb(26);
  assert.equal(braceCount(`/d/${bomb}.yaml`), GLOB_LIMITS.patterns + 1);
  assert.equal(braceCount('/d/{a,b}/{c,{d,e}}.yaml'), 6);
  assert.throws(() => globFiles(memoryFileSystem({}), `/d/${bomb}.yaml`), GlobLimitError);
  const fs = memoryFileSystem({
    '/env/hiera.yaml': `version: 5\nhierarchy:\n  - name: bomb\n    glob: "${bomb}.yaml"\n`,
    '/env/data/common.yaml': 'k: 1\n',
  });
  const r = lookupKey({ fs, environmentDir: '/env', node: { certname: 'n1', facts: {} } }, 'k');
  assert.equal(r.outcome.kind, 'error');
  assert.match(r.outcome.kind === 'error' ? r.outcome.message : '', /expands to more than 1024 patterns/);
});

test('datadirs and paths that climb out of the repo are not read, and hiera.yaml says so', () => {
  const outside = { '/etc/shadow': 'root: x\n', '/secret/common.yaml': 'k: secret\n' };
  for (const [datadir, path] of [
    ['/secret', 'common.yaml'],
    ['../secret', 'common.yaml'],
    ['data', '../../secret/common.yaml'],
    ['data', '../../etc/shadow'],
  ]) {
    const hiera = `version: 5\ndefaults:\n  datadir: ${datadir}\n  data_hash: yaml_data\nhierarchy:\n  - name: x\n    path: ${path}\n  - name: g\n    glob: "../../{secret,etc}/*"\n`;
    const fs = memoryFileSystem({ ...outside, '/env/hiera.yaml': hiera, '/env/data/common.yaml': 'k: inside\n' });
    const ctx: LookupContext = { fs, environmentDir: '/env', node: { certname: 'n1', facts: {} } };
    assert.deepEqual(lookupKey(ctx, 'k').outcome, { kind: 'not-found' }, `${datadir} ${path}`);
    assert.deepEqual(lookupKey(ctx, 'root').outcome, { kind: 'not-found' }, `${datadir} ${path}`);
  }
  const project = new Project(
    memoryFileSystem({
      ...outside,
      '/w/hiera.yaml':
        'version: 5\ndefaults:\n  datadir: /\n  data_hash: yaml_data\nhierarchy:\n  - name: c\n    path: common.yaml\n',
    }),
    ['/w'],
  );
  const ds = fileDiagnostics(project, '/w/hiera.yaml');
  assert.deepEqual(
    ds.map((d) => [d.code, d.severity]),
    [['limits/outside', 'information']],
  );
  assert.match(ds[0].message, /The datadir '\/' lies outside the folder of this hiera\.yaml/);
  // Inside is fine: no note for `data` or `./data/../data`.
  const fine = new Project(
    memoryFileSystem({
      '/w/hiera.yaml': 'version: 5\ndefaults:\n  datadir: ./data/../data\n',
      '/w/data/common.yaml': 'k: 1\n',
    }),
    ['/w'],
  );
  assert.deepEqual(fileDiagnostics(fine, '/w/hiera.yaml'), []);
});
