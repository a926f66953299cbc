// Runs the extension-host suite (./suite) in VS Code through @vscode/test-electron's runTests(). Here VS Code is
// code-server driven by headless Chromium, behind the `./code` shim (our machines cannot download VS Code); pass
// MESOS_PUPPET_VSCODE_EXECUTABLE to use a desktop VS Code instead. The suite is bundled with esbuild into
// out/test/editors/vscode/suite/ (`vscode` and `mocha` stay external: the extension host provides the first, the
// repository's node_modules the second). The suite runs against the development build (the repository root as
// extensionDevelopmentPath, loading dist/) or, given an extensions dir holding the installed .vsix, against the
// package (with an empty stand-in as the development extension, since VS Code runs tests only in development mode).
// Usable as a module (runVSCodeSuite) or a script:
//   node --import tsx test/editors/vscode/run.ts
import { runTests } from '@vscode/test-electron';
import { build } from 'esbuild';
import { accessSync, constants, chmodSync, cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt } from '../support/build.js';
import { copyFixture } from '../support/fixtureCopy.js';
import { repoRoot, requireTools, tools } from '../support/tools.js';

const suiteSource = join(repoRoot, 'test', 'editors', 'vscode', 'suite');
const suiteOut = join(repoRoot, 'out', 'test', 'editors', 'vscode', 'suite');
const shim = join(repoRoot, 'test', 'editors', 'vscode', 'code');
const standIn = join(repoRoot, 'out', 'test', 'editors', 'vscode', 'stand-in');

/** Bundles the extension-host suite; returns the path of its index.js (the extensionTestsPath). */
export async function bundleSuite(): Promise<string> {
  rmSync(suiteOut, { recursive: true, force: true }); // no suite removed from the sources lingers in out/
  mkdirSync(suiteOut, { recursive: true });
  const entries = readdirSync(suiteSource).filter((f) => f === 'index.ts' || f.endsWith('.suite.ts'));
  await build({
    entryPoints: entries.map((f) => join(suiteSource, f)),
    outdir: suiteOut,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(suiteOut, 'index.js');
}

function executable(): string {
  const custom = process.env.MESOS_PUPPET_VSCODE_EXECUTABLE;
  if (custom) return custom;
  requireTools(tools.codeServer, tools.chromium);
  try {
    accessSync(shim, constants.X_OK);
  } catch {
    chmodSync(shim, 0o755); // a checkout that lost the executable bit
  }
  return shim;
}

/** An extension that contributes nothing: the development extension of a run that tests the installed package. */
function writeStandIn(): string {
  mkdirSync(standIn, { recursive: true });
  const manifest = {
    name: 'editor-tests-stand-in',
    publisher: 'mesos-puppet-tests',
    version: '0.0.0',
    engines: { vscode: '^1.91.0' },
  };
  writeFileSync(join(standIn, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return standIn;
}

export interface SuiteOptions {
  /** An extensions dir where the .vsix is installed; without it the suite runs the development build. */
  readonly installedExtensionsDir?: string;
}

/**
 * Runs the suite in VS Code with a fresh copy of the hiera-basic workspace, the book's control repo in its `book/`
 * folder (never opened by the suite: its problems must show all the same) and the server's messages traced to the
 * output channel; resolves to VS Code's exit code.
 */
export async function runVSCodeSuite(options: SuiteOptions = {}): Promise<number> {
  const vscodeExecutablePath = executable();
  const packaged = options.installedExtensionsDir;
  if (!packaged) await ensureBuilt();
  const extensionTestsPath = await bundleSuite();
  const workspace = copyFixture('hiera-basic', 'vscode');
  cpSync(join(repoRoot, 'test', 'fixtures', 'workspaces', 'book'), join(workspace.folder, 'book'), { recursive: true });
  mkdirSync(join(workspace.folder, '.vscode'));
  writeFileSync(
    join(workspace.folder, '.vscode', 'settings.json'),
    `${JSON.stringify({ 'mesosPuppet.trace.server': 'messages' }, null, 2)}\n`,
  );
  const started = Date.now();
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: packaged ? writeStandIn() : repoRoot,
      extensionTestsPath,
      launchArgs: [
        workspace.folder,
        `--user-data-dir=${join(workspace.runDir, 'user-data')}`,
        `--extensions-dir=${packaged ?? join(workspace.runDir, 'extensions')}`,
      ],
    });
  } catch (err) {
    // runTests rejects with TestRunFailedError when VS Code exits non-zero.
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    throw err;
  } finally {
    const what = packaged ? 'the installed .vsix' : 'the development build';
    console.log(`editors: VS Code run with ${what} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    workspace.dispose();
  }
}

if (require.main === module) {
  runVSCodeSuite().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
