// The whole control repo is checked from the start, in the Problems panel of a real VS Code (code-server): the book's
// repo sits in the workspace's `book/` folder (../run.ts puts it there) and no file of it is ever opened, yet VS Code
// holds the problems `mesos-puppet check` reports for it, pulled from the server (LSP 3.17 workspace diagnostics),
// and follows a fix made on disk. The output channel the server writes to carries one timestamp per line.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import { testLog } from './output.js';

/** This file runs from out/test/editors/vscode/suite/ in the repository. */
const repoRoot = join(__dirname, '..', '..', '..', '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

/** `file:line code` for every problem VS Code holds for files under `folder` (what the Problems panel lists). */
function problemsUnder(folder: string): string[] {
  return vscode.languages
    .getDiagnostics()
    .filter(([uri]) => uri.scheme === 'file' && uri.fsPath.startsWith(`${folder}/`))
    .flatMap(([uri, ds]) => ds.map((d) => `${relative(folder, uri.fsPath)}:${d.range.start.line} ${codeOf(d)}`))
    .sort();
}

/** `file:line code` for every problem `mesos-puppet check` reports in `folder`. */
function cliFindings(folder: string): string[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [join(repoRoot, 'dist', 'cli', 'main.js'), 'check', '--format', 'json', '.'], {
      cwd: folder,
      encoding: 'utf8',
    });
  } catch (e) {
    out = (e as { stdout: string }).stdout; // exit 1: errors found
  }
  const report = JSON.parse(out) as {
    diagnostics: Array<{ file: string; range: { start: { line: number } }; code: string }>;
  };
  return report.diagnostics.map((d) => `${d.file}:${d.range.start.line} ${d.code}`).sort();
}

async function until<T>(timeoutMs: number, probe: () => T, done: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (done(v) || Date.now() > deadline) return v;
    await sleep(200);
  }
}

/** The extension's output channel as VS Code writes it to disk (a log output channel). */
function outputChannelLog(): string {
  const userData = process.env.MESOS_PUPPET_USER_DATA_DIR;
  assert.ok(userData, 'the code-server shim names the user data folder');
  const logs = join(userData, 'logs');
  const files = readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith(join('mesos-puppet.mesos-puppet', 'Mesos Puppet.log')),
  );
  assert.equal(files.length, 1, `one log of the output channel: ${files.join(', ')}`);
  return readFileSync(join(logs, files[0]), 'utf8');
}

describe('the whole control repo in the Problems panel (code-server)', () => {
  let book: string;

  before(() => {
    book = join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'book');
  });

  it('holds what `mesos-puppet check` finds in a repo none of whose files was opened', async function () {
    this.timeout(90_000);
    assert.ok(
      vscode.workspace.textDocuments.every((d) => !d.uri.fsPath.startsWith(`${book}/`)),
      'no file of book/ is open',
    );
    const expected = cliFindings(book);
    assert.ok(expected.length >= 8, `the book repo has problems in several files: ${expected.join(', ')}`);
    const shown = await until(
      60_000,
      () => problemsUnder(book),
      (p) => p.length >= expected.length,
    );
    assert.deepEqual(shown, expected);
    for (const file of ['Puppetfile', 'manifests/site.pp', 'data/nodes/slave1.yaml'])
      assert.ok(
        shown.some((p) => p.startsWith(`${file}:`)),
        `${file} (never opened) has its problems: ${shown.join(', ')}`,
      );
    testLog(`    (${shown.length} problems in ${new Set(shown.map((p) => p.split(':')[0])).size} files, as the CLI)`);
  });

  it('pulls them (LSP 3.17 workspace/diagnostic, nothing pushed) and follows a fix made on disk', async function () {
    this.timeout(90_000);
    const site = join(book, 'manifests', 'site.pp');
    assert.ok(problemsUnder(book).some((p) => p.startsWith('manifests/site.pp:')));
    // Trace the client's messages from here on (the settings ask for messages; the channel logs at trace level).
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
    try {
      const before = outputChannelLog().length;
      // Fixed on disk, as `git pull` would: the file is not open in the editor.
      writeFileSync(site, "node default {\n  lookup('classes', Array[String], 'unique', []).include\n}\n");
      const after = await until(
        60_000,
        () => problemsUnder(book),
        (p) => !p.some((x) => x.startsWith('manifests/site.pp:')),
      );
      assert.ok(!after.some((x) => x.startsWith('manifests/site.pp:')), after.join('\n'));
      assert.deepEqual(after, cliFindings(book), 'still what the CLI finds, after the change');
      const traced = outputChannelLog().slice(before);
      // The workspace request the client keeps open is answered with the change.
      assert.match(
        traced,
        /Received response 'workspace\/diagnostic - \(\d+\)'/,
        `the client pulls the workspace report:\n${traced.slice(0, 3000)}`,
      );
      assert.doesNotMatch(traced, /Received notification 'textDocument\/publishDiagnostics'/, 'nothing is pushed');
    } finally {
      await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
    }
  });

  it('writes one timestamp per line to the output channel', () => {
    const lines = outputChannelLog()
      .split('\n')
      .filter((l) => /^\d{4}-\d\d-\d\d /.test(l));
    assert.ok(lines.length > 0, 'the server wrote to its output channel');
    const doubled = lines.filter((l) => (l.match(/\b\d{1,2}:\d\d:\d\d\b/g) ?? []).length > 1);
    assert.deepEqual(doubled.slice(0, 5), [], 'lines with a second timestamp');
    testLog(`    (${lines.length} log lines, e.g. ${JSON.stringify(lines[0])})`);
  });
});
