// The layering rule, enforced: dependencies point one way (base ← syntax ← workspace ← knowledge ← ide ←
// lsp/cli), only server/src/lsp and the server entry import vscode-languageserver, the shared protocol
// (server/src/protocol.ts) stands on vscode-jsonrpc alone, and the client imports nothing from the server but
// that protocol.

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
    ...src.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
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

test('only lsp/ speaks the protocol: no lower layer imports protocol.ts', () => {
  const problems: string[] = [];
  for (const file of files(join(ROOT, 'server/src'))) {
    const from = layerOf(file);
    if (!from || from === 'lsp') continue;
    for (const spec of imports(file))
      if (
        spec.startsWith('.') &&
        resolve(dirname(file), spec).replace(/\.js$/, '') === join(ROOT, 'server/src/protocol')
      )
        problems.push(`${relative(ROOT, file)} (${from}) imports ${spec}`);
  }
  assert.deepEqual(problems, []);
});

test('features inside ide/ do not reach into each other', () => {
  // A feature folder (hiera/, manifest/, navigation/, …) uses its own files, ide/shared/ and ide/types.ts; the
  // dispatchers at the top of ide/ (completion.ts, hover.ts, diagnostics.ts, …) call into the folders. What two
  // features both need lives in ide/shared/ (or a layer below), never in one feature's folder.
  const IDE = join(ROOT, 'server/src/ide');
  const problems: string[] = [];
  for (const file of files(IDE)) {
    const folder = relative(IDE, file).split('/');
    if (folder.length < 2) continue;
    for (const spec of imports(file)) {
      if (!spec.startsWith('.')) continue;
      const target = relative(IDE, resolve(dirname(file), spec).replace(/\.js$/, '.ts')).split('/');
      if (target[0] === '..') continue;
      const ok =
        target[0] === folder[0] ||
        (target[0] === 'shared' && target.length > 1) ||
        (target.length === 1 && target[0] === 'types.ts');
      if (!ok) problems.push(`${relative(ROOT, file)} imports ${spec}`);
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

test('the shared protocol imports nothing but vscode-jsonrpc', () => {
  // The client bundles protocol.ts: anything it imports from the server would carry server code (and facts)
  // into the client.
  const file = join(ROOT, 'server/src/protocol.ts');
  const problems = imports(file).filter((spec) => spec !== 'vscode-jsonrpc');
  assert.deepEqual(problems, []);
});
