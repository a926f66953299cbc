// Workspace trust: in an untrusted workspace the extension must start no external process (no `puppet`, no
// `r10k`, no shell). Today the only process it starts is its own language server (forked by
// vscode-languageclient over IPC), so this checks that it stays that way: none of our sources imports
// child_process, the bundles reach child_process only inside the two vscode-language* libraries (the
// client's fork of the server; the server library's unused npm/yarn path helpers), the client starts the
// server as a Node module rather than a command, and package.json declares its untrusted-workspace support.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../..');
/** An import or require of a module that can start a process (child_process, node:cluster, ...), or raw bindings. */
const PROCESS_APIS =
  /(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*)(['"])(node:)?(child_process|worker_threads|cluster|execa|cross-spawn|shelljs)\1|\bprocess\.(binding|dlopen)\b/;

function sourcesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourcesUnder(p, out);
    else if (/\.(ts|js|mjs|cjs)$/.test(name)) out.push(p);
  }
  return out;
}

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
});

test('no source of the extension, the server or the CLI can start a process', () => {
  const offenders: string[] = [];
  for (const dir of ['client/src', 'server/src']) {
    for (const file of sourcesUnder(join(ROOT, dir))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (PROCESS_APIS.test(line)) offenders.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
        });
    }
  }
  assert.deepEqual(offenders, []);
});

test('the server never calls the library helpers that shell out to npm or yarn', () => {
  const offenders: string[] = [];
  for (const file of sourcesUnder(join(ROOT, 'server/src'))) {
    const text = readFileSync(file, 'utf8');
    if (/\bFiles\s*\.\s*resolve|resolveGlobalNodePath|resolveGlobalYarnPath/.test(text))
      offenders.push(relative(ROOT, file));
  }
  assert.deepEqual(offenders, []);
});

/** The source module each line of an esbuild bundle comes from, from the `// path` comments esbuild writes. */
function processUsesByModule(bundle: string): Map<string, number> {
  const uses = new Map<string, number>();
  let module = '(bundle prelude)';
  for (const line of bundle.split('\n')) {
    const header = /^\/\/ ((?:node_modules|client|server)\/\S+)$/.exec(line);
    if (header) module = header[1];
    else if (PROCESS_APIS.test(line)) uses.set(module, (uses.get(module) ?? 0) + 1);
  }
  return uses;
}

test('in the bundles, child_process is reached only inside vscode-languageclient and vscode-languageserver', () => {
  const allowed = /^node_modules\/(vscode-languageclient|vscode-languageserver)\/lib\/node\//;
  for (const bundle of [
    'dist/client/extension.js',
    'dist/server/main.js',
    'dist/server/server.js',
    'dist/cli/main.js',
  ]) {
    const uses = processUsesByModule(readFileSync(join(ROOT, bundle), 'utf8'));
    const outside = [...uses.keys()].filter((m) => !allowed.test(m));
    assert.deepEqual(outside, [], `${bundle} loads a process API outside the language-protocol libraries`);
  }
  // The scanner does see process use: the client library's fork of the server.
  const client = processUsesByModule(readFileSync(join(ROOT, 'dist/client/extension.js'), 'utf8'));
  assert.ok(
    [...client.keys()].some((m) => m.startsWith('node_modules/vscode-languageclient/')),
    'the scan finds the client library',
  );
  // The server bundle's only process use is the library's Files helpers, checked above as never called.
  const server = processUsesByModule(readFileSync(join(ROOT, 'dist/server/server.js'), 'utf8'));
  assert.deepEqual(
    [...server.keys()].filter((m) => !/vscode-languageserver\/lib\/node\/files\.js$/.test(m)),
    [],
  );
});

test('the client starts the language server as a Node module over IPC, never as a command or through a shell', () => {
  const ext = readFileSync(join(ROOT, 'client/src/extension.ts'), 'utf8');
  assert.match(ext, /transport:\s*TransportKind\.ipc/);
  assert.match(ext, /\bmodule\b/);
  assert.doesNotMatch(ext, /\bcommand\s*:/, 'an Executable server option would run an arbitrary command');
  assert.doesNotMatch(ext, /\bshell\s*:\s*true/);
});

test('package.json declares limited support for untrusted workspaces and explains it', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const untrusted = pkg.capabilities?.untrustedWorkspaces;
  assert.ok(untrusted, 'capabilities.untrustedWorkspaces is declared');
  assert.ok(untrusted.supported === 'limited' || untrusted.supported === false || untrusted.supported === true);
  if (untrusted.supported === 'limited') assert.match(untrusted.description, /no external process/);
  // Settings that could name a program to run would have to be restricted in untrusted workspaces; there are none.
  const props = Object.keys(pkg.contributes?.configuration?.properties ?? {});
  const executables = props.filter((p) => /path$|command|executable|binary/i.test(p) && !/modulePath$/.test(p));
  assert.deepEqual(
    executables,
    [],
    'a setting that names a program must be listed in untrustedWorkspaces.restrictedConfigurations',
  );
  // Settings that widen what the server reads cannot come from an untrusted workspace, and the manifest says so.
  assert.deepEqual(untrusted.restrictedConfigurations, ['mesosPuppet.modulePath', 'mesosPuppet.hieraDataDirs']);
  for (const setting of untrusted.restrictedConfigurations)
    assert.ok(props.includes(setting), `${setting} is a contributed setting`);
  assert.match(untrusted.description, /mesosPuppet\.modulePath and mesosPuppet\.hieraDataDirs are ignored/);
});

test('the only command that runs workspace code (r10k on the Puppetfile, in a terminal) is off in untrusted workspaces', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const commands = (pkg.contributes?.commands ?? []) as { command: string; enablement?: string }[];
  const install = commands.find((c) => c.command === 'mesosPuppet.installModules');
  assert.equal(install?.enablement, 'isWorkspaceTrusted', 'greyed out in an untrusted workspace');
  const source = readFileSync(join(ROOT, 'client/src/commands/installModules.ts'), 'utf8');
  assert.match(source, /if \(!vscode\.workspace\.isTrusted\) \{[^}]*showWarningMessage/, 'refused if run anyway');
  // No other client source opens a terminal.
  const terminals = sourcesUnder(join(ROOT, 'client/src')).filter((f) =>
    readFileSync(f, 'utf8').includes('createTerminal'),
  );
  assert.deepEqual(
    terminals.map((f) => f.slice(ROOT.length + 1)),
    ['client/src/commands/installModules.ts'],
  );
  assert.match(pkg.capabilities.untrustedWorkspaces.description, /Install Modules with r10k[^.]*is disabled/);
});
