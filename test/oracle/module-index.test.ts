// The module index on the Debian corpus (/usr/share/puppet/modules, ~1,900 manifests of ~90 modules, each a
// symlink into /etc/alternatives): every autoloadable file is indexed, and every class and defined type the
// index holds has exactly the name and parameters (name, type, default) that summarizeManifest gives for its
// file; every definition is found by name (the first module of a name wins, as in Puppet). Prints the indexing
// time: a cold first index in a fresh process (parser JIT warm-up included), and a warm one (a new Project, as
// after a settings change), for the log; npm run bench holds the targets. Needs the corpus; `.ci/run` installs it.

import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { Project } from '../../server/src/workspace/project.js';
import { nodeFileSystem } from '../../server/src/workspace/nodeFileSystem.js';
import { moduleIndex, normalizeClassName } from '../../server/src/workspace/moduleIndex.js';
import { parsePuppet, summarizeManifest, type DefinitionSummary } from '../../server/src/syntax/puppet/index.js';
import { CORPUS_ROOT } from './puppet-oracle-support.js';

const MISSING = `no Debian Puppet module corpus at ${CORPUS_ROOT}: run .ci/run (it installs the puppet-module-* packages)`;
const ROOT = '/nonexistent-control-repo';

function shape(d: DefinitionSummary): string {
  return `${d.kind} ${d.name}(${d.parameters.map((p) => `${p.typeText ?? ''} $${p.name}${p.defaultText !== undefined ? ` = ${p.defaultText}` : ''}`).join(', ')})`;
}

test('the index of the Debian corpus agrees with summarizeManifest, file by file, and is fast', () => {
  assert.ok(existsSync(CORPUS_ROOT), MISSING);
  const autoloadable = execFileSync('find', ['-L', CORPUS_ROOT, '-name', '*.pp', '-type', 'f'], { encoding: 'utf8' })
    .split('\n')
    // Puppet loads only modules whose directory is a valid module name (the corpus's `saz-rsyslog` is not).
    .filter((p) => /^\/usr\/share\/puppet\/modules\/[a-z][a-z0-9_]*\/(manifests|types|functions)\//.test(p))
    .sort();
  assert.ok(
    autoloadable.length > 1500,
    `expected ~1,800 autoloadable corpus files, found ${autoloadable.length}: ${MISSING}`,
  );

  let t0 = performance.now();
  const index = moduleIndex(new Project(nodeFileSystem, [ROOT], { modulePath: [CORPUS_ROOT] }), ROOT);
  const cold = performance.now() - t0;
  t0 = performance.now();
  const warmIndex = moduleIndex(new Project(nodeFileSystem, [ROOT], { modulePath: [CORPUS_ROOT] }), ROOT);
  const warm = performance.now() - t0;

  assert.deepEqual(
    index
      .files()
      .map((f) => f.path)
      .sort(),
    autoloadable,
  );
  const mismatches: string[] = [];
  let definitions = 0;
  let parameters = 0;
  for (const path of autoloadable) {
    const text = readFileSync(path, 'utf8');
    const expected = summarizeManifest(parsePuppet(text), text).definitions.map(shape);
    const got = index.file(path)!.summary.definitions.map(shape);
    if (JSON.stringify(got) !== JSON.stringify(expected))
      mismatches.push(`${path}: ${JSON.stringify(got)} != ${JSON.stringify(expected)}`);
    definitions += expected.length;
    for (const d of index.file(path)!.summary.definitions) {
      parameters += d.parameters.length;
      const found = index.definitionsNamed(d.name);
      if (!found.some((f) => f.path === path && f.definition.name === d.name))
        mismatches.push(`${path}: '${d.name}' is not found by name`);
    }
  }
  for (const c of index.classes()) {
    const again = summarizeManifest(
      parsePuppet(readFileSync(c.path, 'utf8')),
      readFileSync(c.path, 'utf8'),
    ).definitions.find((d) => normalizeClassName(d.name) === normalizeClassName(c.name));
    if (!again || shape(again) !== shape(c.definition)) mismatches.push(`${c.path}: indexed ${shape(c.definition)}`);
  }
  assert.equal(warmIndex.classes().length, index.classes().length);
  console.log(
    `module index: ${index.modules().length} modules, ${index.files().length} files, ${definitions} classes and defined types with ${parameters} parameters, ` +
      `${index.typeAliases().length} type aliases, ${index.functions().length} functions; indexed in ${cold.toFixed(0)} ms cold (first in process), ${warm.toFixed(0)} ms warm`,
  );
  assert.deepEqual(mismatches, []);
});

test('a keystroke in one corpus manifest re-summarises only that file', () => {
  assert.ok(existsSync(CORPUS_ROOT), MISSING);
  const project = new Project(nodeFileSystem, [ROOT], { modulePath: [CORPUS_ROOT] });
  const before = moduleIndex(project, ROOT);
  const file = before.findClass('apt')!.path;
  project.setOpenText(file, `${readFileSync(file, 'utf8')}\n# edited\n`);
  const t0 = performance.now();
  const after = moduleIndex(project, ROOT);
  const ms = performance.now() - t0;
  console.log(`module index: update after one edit in ${ms.toFixed(1)} ms`);
  assert.equal(
    after
      .files()
      .filter((f) => before.file(f.path) !== f)
      .map((f) => f.path)
      .join(),
    file,
  );
});
