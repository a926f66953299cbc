// One check per feature, with the expected output written beside the input (rust-analyzer's fixtures).
//
// Diagnostics are expected as annotation lines under the code they mark, a comment in YAML, Puppet and
// Puppetfile alike:
//
//     mesos::zookeepr: 'zk://a:2181/mesos'
//     #^^^^^^^^^^^^^^^ warning hiera/unknown-key: Did you mean 'mesos::zookeeper'?…
//
// The `#` stands in column 0, so the carets sit one column right of the text they mark: `#` + one space per
// column before the range + one caret per character (a range that runs past its line is marked to the end of the
// line; an empty range gets one caret). A message ending in `…` expects only that prefix. Annotation lines are
// removed before the files are analysed. The files checked are every file with an annotation and the fixture's
// last file, so a fixture whose last file has no annotation expects that file to have no findings. A mismatch
// fails with the whole file rendered both ways, so the diff shows what to write.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { complete } from '../../server/src/ide/completion.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { hover } from '../../server/src/ide/hover.js';
import type { Diagnostic } from '../../server/src/ide/types.js';
import { Project } from '../../server/src/workspace/project.js';
import { memoryFileSystem } from './memoryFileSystem.js';
import { parseFixture } from './fixture.js';

interface Annotation {
  /** Index of the code line (annotation lines not counted) the annotation marks. */
  readonly line: number;
  readonly column: number;
  readonly width: number;
  readonly text: string;
}

const ANNOTATION = /^#( *)(\^+) (error|warning|information|hint) (\S+): (.*)$/;

/** Splits a file into its code (annotation lines removed) and the annotations under it. */
export function splitAnnotations(text: string): { code: string; annotations: Annotation[] } {
  const code: string[] = [];
  const annotations: Annotation[] = [];
  for (const line of text.split('\n')) {
    const m = ANNOTATION.exec(line);
    if (m && code.length > 0) {
      annotations.push({
        line: code.length - 1,
        column: m[1].length,
        width: m[2].length,
        text: `${m[3]} ${m[4]}: ${m[5]}`,
      });
    } else code.push(line);
  }
  return { code: code.join('\n'), annotations };
}

/** The file's text with each annotation written under its line, in the order of `annotations`. */
function render(code: string, annotations: readonly Annotation[]): string {
  const lines = code.split('\n');
  const under = new Map<number, string[]>();
  for (const a of annotations) {
    const list = under.get(a.line) ?? [];
    list.push(`#${' '.repeat(a.column)}${'^'.repeat(a.width)} ${a.text}`);
    under.set(a.line, list);
  }
  return lines.flatMap((l, i) => [l, ...(under.get(i) ?? [])]).join('\n');
}

/** A diagnostic as an annotation: line and column of its start, width within that line. */
function annotationOf(code: string, d: Diagnostic): Annotation {
  const before = code.slice(0, d.range.start);
  const line = before.split('\n').length - 1;
  const column = d.range.start - (before.lastIndexOf('\n') + 1);
  const lineEnd = code.indexOf('\n', d.range.start);
  const end = Math.min(d.range.end, lineEnd < 0 ? code.length : lineEnd);
  return { line, column, width: Math.max(1, end - d.range.start), text: `${d.severity} ${d.code}: ${d.message}` };
}

/** Actual annotations, each message cut to the expected prefix where an expectation at the same place ends in `…`. */
function matchPrefixes(actual: Annotation[], expected: readonly Annotation[]): Annotation[] {
  return actual.map((a) => {
    const e = expected.find(
      (x) =>
        x.line === a.line &&
        x.column === a.column &&
        x.width === a.width &&
        x.text.endsWith('…') &&
        a.text.startsWith(x.text.slice(0, -1)),
    );
    return e ? { ...a, text: e.text } : a;
  });
}

function cursorProject(fixture: string, root: string) {
  const parsed = parseFixture(fixture);
  if (!parsed.cursor) throw new Error('the fixture has no $0 cursor');
  return {
    project: new Project(memoryFileSystem(parsed.files), [root]),
    ...parsed.cursor,
    text: parsed.files[parsed.cursor.path],
  };
}

/**
 * Completion at `$0`: the labels offered, in the order offered, must be exactly `labels`; with `limit`, only the
 * first `limit` are compared (for lists that run to hundreds).
 */
export function checkCompletion(
  fixture: string,
  labels: readonly string[],
  options: { limit?: number; root?: string } = {},
): void {
  const { project, path, offset } = cursorProject(fixture, options.root ?? '/work');
  const offered = complete(project, path, offset).map((i) => i.label);
  assert.deepEqual(options.limit === undefined ? offered : offered.slice(0, options.limit), labels);
}

/** Accepts the completion item `label` at `$0` (its plain text) and compares the whole file after it. */
export function checkCompletionResult(fixture: string, label: string, expected: string, root = '/work'): void {
  const { project, path, offset, text } = cursorProject(fixture, root);
  const items = complete(project, path, offset);
  const item = items.find((i) => i.label === label);
  assert.ok(
    item,
    `'${label}' is not offered; offered: ${items
      .slice(0, 30)
      .map((i) => i.label)
      .join(', ')}`,
  );
  assert.equal(text.slice(0, item.range.start) + item.insertText + text.slice(item.range.end), expected);
}

/**
 * Hover at `$0`, compared with the snapshot test/unit/snapshots/<name>.md (the markdown as shown, after a line
 * naming the hovered text). `UPDATE_EXPECT=1` writes the snapshot; a missing one is written and fails, to be
 * reviewed in the diff.
 */
export function checkHover(fixture: string, name: string, root = '/work'): void {
  const { project, path, offset, text } = cursorProject(fixture, root);
  const h = hover(project, path, offset);
  const actual = h
    ? `<!-- hover over ${JSON.stringify(text.slice(h.range.start, h.range.end))} -->\n${h.markdown}\n`
    : '<!-- no hover -->\n';
  const file = join(__dirname, '../unit/snapshots', `${name}.md`);
  if (process.env.UPDATE_EXPECT === '1' || !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    if (process.env.UPDATE_EXPECT !== '1') assert.fail(`snapshot ${file} was missing and has been written: review it`);
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `hover differs from ${file} (UPDATE_EXPECT=1 refreshes it)`);
}

/** Analyses the fixture in an in-memory project rooted at `root` and compares each checked file's findings with its annotations. */
export function checkDiagnostics(fixture: string, root = '/work'): void {
  const parsed = parseFixture(fixture);
  const split = new Map(Object.entries(parsed.files).map(([path, text]) => [path, splitAnnotations(text)]));
  const files = Object.fromEntries([...split].map(([path, s]) => [path, s.code]));
  const project = new Project(memoryFileSystem(files), [root]);
  // The last header written, not the last key: a fixture may write a file again to replace an earlier one.
  const last = [...fixture.matchAll(/^#- (\/\S+)/gm)].pop()?.[1] ?? Object.keys(files)[0];
  const checked = Object.keys(files).filter((p) => p === last || split.get(p)!.annotations.length > 0);
  for (const path of checked) {
    const { code, annotations: expected } = split.get(path)!;
    const actual = matchPrefixes(
      fileDiagnostics(project, path).map((d) => annotationOf(code, d)),
      expected,
    );
    const order = (a: Annotation, b: Annotation) =>
      a.line - b.line || a.column - b.column || a.text.localeCompare(b.text);
    assert.equal(
      `#- ${path}\n${render(code, [...actual].sort(order))}`,
      `#- ${path}\n${render(code, [...expected].sort(order))}`,
    );
  }
}
