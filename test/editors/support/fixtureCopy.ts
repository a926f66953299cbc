// Copies a fixture workspace from test/fixtures/workspaces/ to a fresh temporary folder, so editors may write into
// it (.vscode/, swap files, edits) without touching the repository.
import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './tools.js';

export interface WorkspaceCopy {
  /** The temporary folder holding the run's files; the workspace is `folder` inside it. */
  readonly runDir: string;
  readonly folder: string;
  dispose(): void;
}

export function copyFixture(name: string, prefix: string): WorkspaceCopy {
  // realpath: editors report canonical paths, and /tmp may be a symlink.
  const runDir = realpathSync(mkdtempSync(join(tmpdir(), `mesos-puppet-${prefix}-`)));
  const folder = join(runDir, name);
  cpSync(join(repoRoot, 'test', 'fixtures', 'workspaces', name), folder, { recursive: true });
  return {
    runDir,
    folder,
    dispose: () => rmSync(runDir, { recursive: true, force: true }),
  };
}
