// The extension in real VS Code: code-server 4.100.3 (VS Code 1.100.3) driven by headless Chromium, see
// test/editors/vscode/. Runs the extension-host suite (vscode/suite/) against the development build (dist/), checks
// that dist/mesos-puppet.vsix installs and ships what its manifest references, and runs the suite again against the
// installed package. Needs .tools/code-server (scripts/install-code-server.sh) and Debian's chromium; fails, never
// skips, without them. Builds dist/ (`npm run build`) or the .vsix (`npm run package`) only when missing.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ensureVsix } from './support/build.js';
import { codeServerCli, extensionsDirOf } from './support/codeServerCli.js';
import { dist, repoRoot, requireTools, tools } from './support/tools.js';
import { runVSCodeSuite } from './vscode/run.js';

interface Manifest {
  readonly name: string;
  readonly publisher: string;
  readonly version: string;
  readonly main?: string;
  readonly contributes?: {
    readonly languages?: ReadonlyArray<{ readonly configuration?: string }>;
    readonly grammars?: ReadonlyArray<{ readonly path: string }>;
    readonly snippets?: ReadonlyArray<{ readonly path: string }>;
  };
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const extensionId = `${manifest.publisher}.${manifest.name}`;

/** The files a manifest points at, relative to the extension's folder. */
function referencedFiles(m: Manifest): string[] {
  const c = m.contributes ?? {};
  return [
    ...(m.main ? [m.main.endsWith('.js') ? m.main : `${m.main}.js`] : []),
    ...(c.languages ?? []).flatMap((l) => (l.configuration ? [l.configuration] : [])),
    ...(c.grammars ?? []).map((g) => g.path),
    ...(c.snippets ?? []).map((s) => s.path),
    'dist/server/main.js', // started by the client, not named in the manifest
    'dist/server/server.js', // the bundle main.js loads
  ];
}

/** Says which packaged repository files are newer than the .vsix, the usual cause of a package that lacks files. */
function staleness(files: readonly string[]): string {
  const built = statSync(dist.vsix).mtimeMs;
  const newer = ['package.json', ...files].filter(
    (f) => (statSync(join(repoRoot, f), { throwIfNoEntry: false })?.mtimeMs ?? 0) > built,
  );
  return newer.length === 0
    ? ''
    : `\n${dist.vsix} is older than ${newer.join(', ')}: run \`npm run package\` (the test builds it only when missing)`;
}

const runDirs: string[] = [];
after(() => {
  for (const d of runDirs) rmSync(d, { recursive: true, force: true });
});

/** Installs the .vsix into a fresh extensions dir; returns the run dir holding it. */
async function installVsix(): Promise<string> {
  requireTools(tools.codeServer);
  const vsix = await ensureVsix();
  const runDir = realpathSync(mkdtempSync(join(tmpdir(), 'mesos-puppet-vsix-')));
  runDirs.push(runDir);
  const install = codeServerCli(runDir, ['--install-extension', vsix]);
  assert.equal(install.status, 0, `code-server --install-extension failed:\n${install.output}`);
  return runDir;
}

test('the extension-host suite passes in VS Code with the development build', { timeout: 180_000 }, async () => {
  const code = await runVSCodeSuite();
  assert.equal(code, 0, 'VS Code reported failures; the extension-host output is above');
});

let installed: string | undefined;

test(
  'dist/mesos-puppet.vsix installs into code-server and ships what its manifest references',
  { timeout: 300_000 },
  async () => {
    const runDir = await installVsix();
    const list = codeServerCli(runDir, ['--list-extensions', '--show-versions']);
    assert.equal(list.status, 0, `code-server --list-extensions failed:\n${list.output}`);
    assert.match(
      list.output,
      new RegExp(`^${extensionId.replace(/\./g, '\\.')}@${manifest.version.replace(/\./g, '\\.')}$`, 'm'),
      list.output,
    );
    const folder = join(extensionsDirOf(runDir), `${extensionId}-${manifest.version}`);
    const missing = referencedFiles(manifest).filter((f) => !existsSync(join(folder, f)));
    assert.deepEqual(missing, [], `the installed package lacks files its manifest references${staleness(missing)}`);
    installed = runDir;
  },
);

test('the extension-host suite passes in VS Code with the installed .vsix', { timeout: 180_000 }, async () => {
  const runDir = installed ?? (await installVsix());
  const code = await runVSCodeSuite({ installedExtensionsDir: extensionsDirOf(runDir) });
  assert.equal(code, 0, 'VS Code reported failures with the packaged extension; the extension-host output is above');
});
