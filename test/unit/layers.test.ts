// The layering rule, enforced: dependencies point one way (base ← syntax ← workspace ← knowledge ← ide ←
// lsp/cli), only server/src/lsp and the server entry import vscode-languageserver, and the client imports
// nothing from the server but the shared protocol definitions.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const LAYERS = ['base', 'syntax', 'workspace', 'knowledge', 'ide', 'lsp', 'cli'] as const;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [
    ...src.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...src.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
}

function layerOf(file: string): string | undefined {
  const rel = relative(join(ROOT, 'server/src'), file);
  const top = rel.split('/')[0];
  return (LAYERS as readonly string[]).includes(top) ? top : undefined;
}

test('server layers depend only downwards', () => {
  const problems: string[] = [];
  for (const file of files(join(ROOT, 'server/src'))) {
    const from = layerOf(file);
    for (const spec of imports(file)) {
      const rel = relative(ROOT, file);
      if (
        spec.startsWith('vscode-languageserver') &&
        !spec.startsWith('vscode-languageserver-textdocument') &&
        !spec.startsWith('vscode-languageserver-types')
      ) {
        if (from !== 'lsp') problems.push(`${rel} imports ${spec}: only server/src/lsp may`);
      }
      if (spec === 'vscode') problems.push(`${rel} imports vscode`);
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      const to = layerOf(target.replace(/\.js$/, '.ts'));
      if (!from || !to) continue;
      const fi = LAYERS.indexOf(from as (typeof LAYERS)[number]);
      const ti = LAYERS.indexOf(to as (typeof LAYERS)[number]);
      if (ti > fi || (from === 'cli' && to === 'lsp') || (from === 'lsp' && to === 'cli'))
        problems.push(`${rel} (${from}) imports ${spec} (${to})`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the client imports only the shared protocol from the server', () => {
  const problems: string[] = [];
  for (const file of files(join(ROOT, 'client/src'))) {
    for (const spec of imports(file)) {
      if (!spec.startsWith('.')) continue;
      const target = relative(ROOT, resolve(dirname(file), spec));
      if (target.startsWith('server/') && target.replace(/\.js$/, '') !== 'server/src/protocol')
        problems.push(`${relative(ROOT, file)} imports ${spec}`);
    }
  }
  assert.deepEqual(problems, []);
});
