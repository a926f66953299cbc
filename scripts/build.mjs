// Bundles the client, the language server and the CLI into dist/ with esbuild (CommonJS for Node 20, source
// maps). `--production` minifies for the .vsix. The `vscode` module is provided by the editor at run time.
// The module facts (server/src/knowledge/sources/modules/*.json) are not bundled: they are copied to
// dist/facts, where the server and the CLI read each module's file on its first use.

import { build } from 'esbuild';
import { chmodSync, cpSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const started = Date.now();
await Promise.all([
  build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client/extension.js',
    external: ['vscode'],
  }),
  // The server is two files: main.js (boot.ts, Node built-ins only) loads the bundle server.js through V8's code
  // cache, so a start after the first does not compile the bundle again.
  build({
    ...common,
    entryPoints: ['server/src/boot.ts'],
    outfile: 'dist/server/main.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({
    ...common,
    entryPoints: ['server/src/main.ts'],
    outfile: 'dist/server/server.js',
  }),
  build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli/main.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
rmSync('dist/facts', { recursive: true, force: true });
cpSync('server/src/knowledge/sources/modules', 'dist/facts', {
  recursive: true,
  filter: (src) => !src.endsWith('.md'),
});
chmodSync('dist/server/main.js', 0o755);
chmodSync('dist/cli/main.js', 0o755);
console.log(`build: dist/ written in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
