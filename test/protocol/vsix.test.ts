// The .vsix ships what the extension runs and nothing else: the client and server bundles (the client never
// runs the CLI, so its bundle stays out), the files the manifest points at, and the docs; no source maps, no
// sources, no node_modules. Packaged with the project's own `npm run package` in a copy of the repository, so
// the test does not disturb dist/ for the other tests.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, statSync } from 'node:fs';
import { factsFiles } from '../support/factsFiles.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** The names of a zip's entries, from its central directory. */
function zipEntries(zip: Buffer): string[] {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
  }
  return names.sort();
}

let vsix: string;

before(() => {
  const copy = mkdtempSync(join(tmpdir(), 'mp-vsix-'));
  const skip = new Set(['node_modules', 'dist', '.git', '.demo', '.test-tmp', 'test-artifacts', '.tools']);
  cpSync(ROOT, copy, { recursive: true, filter: (src) => !skip.has(src.slice(ROOT.length + 1).split('/')[0]) });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  execFileSync('npm', ['run', 'package'], { cwd: copy, stdio: 'pipe' });
  vsix = join(copy, 'dist/mesos-puppet.vsix');
});

test('the .vsix holds the two bundles the extension runs, what the manifest references, and the docs', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const manifestFiles = [
    ...pkg.contributes.grammars.map((g: { path: string }) => g.path),
    ...pkg.contributes.snippets.map((s: { path: string }) => s.path),
    ...pkg.contributes.languages.map((l: { configuration: string }) => l.configuration),
    ...pkg.contributes.walkthroughs.flatMap((w: { steps: Array<{ media: { markdown: string } }> }) =>
      w.steps.map((s) => s.media.markdown),
    ),
  ].map((p: string) => `extension/${p.replace(/^\.\//, '')}`);
  assert.deepEqual(
    zipEntries(readFileSync(vsix)),
    [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/changelog.md',
      'extension/dist/client/extension.js',
      'extension/dist/server/main.js',
      'extension/dist/server/server.js',
      ...factsFiles().map((f) => `extension/dist/facts/${f}`),
      'extension/package.json',
      'extension/readme.md',
      ...manifestFiles,
    ].sort(),
  );
  assert.equal(pkg.main, './dist/client/extension.js');
});

test('the .vsix stays under 1 MB and names no invented repository', () => {
  const size = statSync(vsix).size;
  assert.ok(size < 1024 * 1024, `${size} bytes`);
  assert.equal(
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).repository,
    undefined,
    'the project has no public URL',
  );
});
