// Makes sure the build the editor suites load exists: `npm run build` when dist/ lacks the server or the client,
// `npm run package` when the .vsix is missing. Test files run in parallel processes, so the build runs under a lock
// directory (out/.dist-lock) and every waiter checks again after taking it. An existing dist/ is used as it is:
// run `npm run build` yourself after changing the sources.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dist, repoRoot } from './tools.js';

const lockDir = join(repoRoot, 'out', '.dist-lock');
const lockWaitMs = 300_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withDistLock<T>(fn: () => T): Promise<T> {
  mkdirSync(join(repoRoot, 'out'), { recursive: true });
  const deadline = Date.now() + lockWaitMs;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock older than the longest wait was left by a killed run.
      const age = Date.now() - (statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > lockWaitMs) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline)
        throw new Error(`gave up waiting for ${lockDir}; remove it if no build is running`, { cause: err });
      await sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function npmRun(script: string): void {
  console.log(`editors: running \`npm run ${script}\` because its output is missing`);
  const r = spawnSync('npm', ['run', script], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0)
    throw new Error(`\`npm run ${script}\` failed (exit ${r.status ?? r.signal}); the editor suites need its output`);
}

/** Builds dist/ with `npm run build` if the server or the client bundle is missing. */
export async function ensureBuilt(): Promise<void> {
  const missing = () => !existsSync(dist.server) || !existsSync(dist.client);
  if (!missing()) return;
  await withDistLock(() => {
    if (missing()) npmRun('build');
  });
  if (missing()) throw new Error(`\`npm run build\` did not write ${dist.server} and ${dist.client}`);
}

/** Packages dist/mesos-puppet.vsix with `npm run package` if it is missing (this rebuilds dist/ for production). */
export async function ensureVsix(): Promise<string> {
  if (!existsSync(dist.vsix)) {
    await withDistLock(() => {
      if (!existsSync(dist.vsix)) npmRun('package');
    });
  }
  if (!existsSync(dist.vsix)) throw new Error(`\`npm run package\` did not write ${dist.vsix}`);
  return dist.vsix;
}
