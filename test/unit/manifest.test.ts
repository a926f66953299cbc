// The extension manifest (package.json) is consistent: every file it points at exists, grammars declare the
// scope their file defines, settings and commands follow the naming rules, and the versions that must fit
// code-server and vsce are the proven ones.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

test('grammars, snippets and language configurations point at real files with matching scopes', () => {
  const c = pkg.contributes;
  for (const g of c.grammars) {
    const file = join(ROOT, g.path);
    assert.ok(existsSync(file), g.path);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).scopeName, g.scopeName, g.path);
  }
  assert.deepEqual(c.grammars.find((g: any) => g.injectTo)?.injectTo, ['source.yaml']);
  for (const s of c.snippets) assert.ok(existsSync(join(ROOT, s.path)), s.path);
  for (const l of c.languages) assert.ok(existsSync(join(ROOT, l.configuration)), l.configuration);
  assert.deepEqual(
    c.languages.map((l: any) => l.id),
    ['puppet', 'puppetfile'],
  );
});

test('commands share one category and settings live under mesosPuppet.*', () => {
  const c = pkg.contributes;
  assert.ok(c.commands.length > 0);
  for (const cmd of c.commands) {
    assert.equal(cmd.category, 'Mesos Puppet', cmd.command);
    assert.match(cmd.command, /^mesosPuppet\./);
  }
  for (const key of Object.keys(c.configuration.properties)) assert.match(key, /^mesosPuppet\./);
});

test('engines and binaries fit the proven toolchain', () => {
  assert.equal(pkg.engines.vscode, '^1.91.0');
  assert.equal(pkg.devDependencies['@types/vscode'], '1.91.0');
  assert.equal(pkg.devDependencies['@vscode/vsce'], '3.9.2');
  assert.equal(pkg.devDependencies['vscode-languageserver'], '11.0.0');
  assert.equal(pkg.devDependencies['vscode-languageclient'], '11.0.0');
  // esbuild bundles every runtime module into dist/: the .vsix and the npm package install nothing more.
  assert.equal(pkg.dependencies, undefined);
  assert.deepEqual(pkg.bin, {
    'mesos-puppet': './dist/cli/main.js',
    'mesos-puppet-language-server': './dist/server/main.js',
  });
  assert.equal(pkg.main, './dist/client/extension.js');
});
