// Where the real-editor suites find the repository, its build and the editors they drive, and how they fail when an
// editor is missing: loudly, never by skipping, with the command that installs it.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');

export const dist = {
  server: join(repoRoot, 'dist', 'server', 'main.js'),
  client: join(repoRoot, 'dist', 'client', 'extension.js'),
  vsix: join(repoRoot, 'dist', 'mesos-puppet.vsix'),
} as const;

export interface Tool {
  readonly name: string;
  readonly path: string;
  readonly install: string;
}

export const tools = {
  codeServer: {
    name: 'code-server 4.100.3',
    path:
      process.env.MESOS_PUPPET_CODE_SERVER ??
      join(repoRoot, '.tools', 'code-server', 'node_modules', '.bin', 'code-server'),
    install: 'bash scripts/install-code-server.sh',
  },
  chromium: {
    name: 'Chromium',
    path: process.env.MESOS_PUPPET_CHROMIUM ?? '/usr/bin/chromium',
    install: 'apt-get install -y chromium',
  },
  neovim: {
    name: 'Neovim 0.7',
    path: process.env.MESOS_PUPPET_NVIM ?? '/usr/bin/nvim',
    install: 'apt-get install -y neovim',
  },
  emacs: {
    name: 'Emacs 28 with eglot',
    path: process.env.MESOS_PUPPET_EMACS ?? '/usr/bin/emacs',
    install: 'apt-get install -y emacs-nox elpa-eglot',
  },
} as const satisfies Record<string, Tool>;

/** Throws (so the test fails, it is never skipped) when one of `needed` is not installed. */
export function requireTools(...needed: readonly Tool[]): void {
  const missing = needed.filter((t) => !existsSync(t.path));
  if (missing.length === 0) return;
  const lines = missing.map((t) => `  - ${t.name}: not found at ${t.path}; install it with \`${t.install}\``);
  throw new Error(
    `The real-editor suites need editors that are not installed:\n${lines.join('\n')}\n` +
      '.ci/run installs them (apt-get install chromium neovim ripgrep libkrb5-dev, then scripts/install-code-server.sh).',
  );
}
