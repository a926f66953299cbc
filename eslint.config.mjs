// Lint rules for the whole repository. Besides the usual TypeScript checks, this file states the layering rule
// of ARCHITECTURE.md in a form the editor shows while typing: each server layer may import only the layers below
// it (base ← syntax ← workspace ← knowledge ← ide ← lsp/cli), only lsp/ talks to the connection, the shared
// protocol imports vscode-jsonrpc alone, and the client imports nothing from the server but that protocol.
// test/unit/layers.test.ts checks the same rule in CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const LAYERS = ['base', 'syntax', 'workspace', 'knowledge', 'ide', 'lsp', 'cli'];

/** The import patterns a file of `layer` must not use: every layer above it (and lsp ↔ cli). */
function forbiddenFor(layer) {
  const above = LAYERS.slice(LAYERS.indexOf(layer) + 1).filter((l) => !(layer === 'lsp' && l === 'cli'));
  if (layer === 'cli') above.push('lsp');
  const groups = above.map((l) => ({
    group: [`../${l}/**`, `../../${l}/**`, `../../../${l}/**`, `../../../../${l}/**`],
    message: `server/src/${layer} sits below ${l}: dependencies point down (ARCHITECTURE.md).`,
  }));
  if (layer !== 'lsp') {
    groups.push({
      group: ['../protocol.js', '../../protocol.js', '../../../protocol.js', '../../../../protocol.js'],
      message: 'Only server/src/lsp speaks the protocol; below it, features speak paths and offsets.',
    });
    groups.push({
      group: ['vscode-languageserver', 'vscode-languageserver/*'],
      message: 'Only server/src/lsp talks to the connection; use vscode-languageserver-types here.',
    });
  }
  return groups;
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      '.demo/**',
      '.tools/**',
      'node_modules/**',
      'server/src/knowledge/generated/**',
      '**/*.js',
      '**/*.cjs',
      'test/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Build and test runner scripts are plain Node ES modules.
    files: ['**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-control-regex': 'off',
      // Tests match column-aligned CLI output, where a run of spaces is the thing being checked.
      'no-regex-spaces': 'off',
    },
  },
  ...LAYERS.map((layer) => ({
    files: [`server/src/${layer}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: forbiddenFor(layer) }] },
  })),
  {
    // The client bundles the shared protocol: it stands on vscode-jsonrpc alone.
    files: ['server/src/protocol.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!vscode-jsonrpc$)',
              message: 'protocol.ts is bundled into the client: it imports vscode-jsonrpc and nothing else.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+server/src/(?!protocol(\\.js)?$)',
              message: 'The client holds no language logic: import only server/src/protocol from the server.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests, scripts and the bench talk to untyped JSON (LSP replies, tool output): `any` is the honest type there.
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
