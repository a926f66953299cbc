// Runs code-server's command-line side (--install-extension, --list-extensions) hermetically: its own XDG dirs,
// TMPDIR, user-data and extensions dirs inside `runDir`, and no extension gallery.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tools } from './tools.js';

export interface CliResult {
  readonly status: number | null;
  readonly output: string;
}

export function codeServerCli(runDir: string, args: readonly string[]): CliResult {
  const dirs = ['xdg-config', 'xdg-data', 'xdg-cache', 'tmp', 'user-data', 'extensions'].map((d) => join(runDir, d));
  for (const d of dirs) mkdirSync(d, { recursive: true });
  const [config, data, cache, tmp, userData, extensions] = dirs;
  const r = spawnSync(tools.codeServer.path, [...args, '--user-data-dir', userData!, '--extensions-dir', extensions!], {
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      EXTENSIONS_GALLERY: '{}',
      XDG_CONFIG_HOME: config,
      XDG_DATA_HOME: data,
      XDG_CACHE_HOME: cache,
      TMPDIR: tmp,
    },
  });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

export const extensionsDirOf = (runDir: string) => join(runDir, 'extensions');
export const userDataDirOf = (runDir: string) => join(runDir, 'user-data');
