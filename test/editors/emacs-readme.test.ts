// The README's Emacs setup, run as it stands: the elisp block under "emacs-config" in README.md is loaded by Emacs
// 28 (Debian's emacs-nox with elpa-eglot; only the server's path is replaced), then a Puppetfile, a manifest and
// a Hiera data file of the book repo are opened. Each buffer must get its mode, one server shared by the control
// repo, and the server's diagnostics in flymake. Fails, never skips, without emacs.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt } from './support/build.js';
import { copyFixture, type WorkspaceCopy } from './support/fixtureCopy.js';
import { dist, repoRoot, requireTools, tools } from './support/tools.js';

interface FileResult {
  readonly mode: string;
  readonly server: number | null;
  readonly codes: readonly string[];
}

/** The elisp block after the `emacs-config` marker in README.md, its list indentation removed. */
function readmeConfig(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- emacs-config');
  assert.ok(marker >= 0, 'README.md has no emacs-config block');
  const m = /```elisp\n([\s\S]*?)\n\s*```/.exec(readme.slice(marker));
  assert.ok(m, 'no ```elisp block after the emacs-config marker');
  const indent = /^ */.exec(m[1])![0].length;
  return m[1]
    .split('\n')
    .map((l) => l.slice(Math.min(indent, /^ */.exec(l)![0].length)))
    .join('\n');
}

describe("the README's Emacs (eglot) setup, verbatim", () => {
  let workspace: WorkspaceCopy;
  let files: Record<string, FileResult> = {};
  let report = '';
  let output = '';
  const placeholder = '/path/to/mesos-puppet/dist/server/main.js';
  const opened = { puppetfile: 'Puppetfile', manifest: 'manifests/site.pp', data: 'data/nodes/slave1.yaml' };

  before(async () => {
    requireTools(tools.emacs);
    await ensureBuilt();
    workspace = copyFixture('book', 'emacs-readme');
    const config = readmeConfig();
    assert.ok(config.includes(placeholder), `the README block no longer names ${placeholder}`);
    const init = join(workspace.runDir, 'init.el');
    writeFileSync(init, config.replace(placeholder, dist.server));
    const out = join(workspace.runDir, 'result.json');
    const paths = Object.values(opened).map((f) => join(workspace.folder, f));
    // -q: no user init file; Debian's site start-up still runs, which puts elpa-eglot on the load path.
    const run = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(
        tools.emacs.path,
        ['--batch', '-q', '-l', init, '-l', join(repoRoot, 'test', 'editors', 'emacs', 'readme-check.el')],
        {
          env: {
            ...process.env,
            HOME: workspace.runDir,
            MP_FILES: paths.join(','),
            // A finding each of the three files has in the book repo.
            MP_EXPECT: 'puppetfile/git-protocol,puppet/hiera-include,mesos/tmp-work-dir',
            MP_OUT: out,
            MP_TIMEOUT_MS: '30000',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.on('error', reject);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve({ code: c, output: text });
      });
    });
    output = run.output;
    report = `emacs exit ${run.code}\n${output.slice(-4000)}`;
    assert.ok(existsSync(out), `readme-check.el wrote no result:\n${report}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { files: Record<string, FileResult>; errors: string[] };
    assert.deepEqual(result.errors, [], report);
    files = Object.fromEntries(Object.entries(opened).map(([k, f]) => [k, result.files[join(workspace.folder, f)]]));
  });

  after(() => workspace?.dispose());

  it('gives each buffer its mode: the Puppetfile is not Ruby', () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(files).map(([k, f]) => [k, f?.mode])),
      { puppetfile: 'puppetfile-mode', manifest: 'puppet-mode', data: 'yaml-mode' },
      report,
    );
  });

  it('manages every buffer with one server, shared by the control repo', () => {
    const ids = Object.values(files).map((f) => f?.server);
    assert.equal(typeof ids[0], 'number', report);
    assert.deepEqual(ids, [ids[0], ids[0], ids[0]], report);
  });

  it("shows the server's diagnostics in each buffer, with no warning from eglot", () => {
    assert.ok(files.puppetfile?.codes.includes('puppetfile/git-protocol'), JSON.stringify(files.puppetfile));
    assert.ok(files.manifest?.codes.includes('puppet/hiera-include'), JSON.stringify(files.manifest));
    assert.ok(files.data?.codes.includes('mesos/tmp-work-dir'), JSON.stringify(files.data));
    assert.doesNotMatch(output, /unsupported capability/, 'the server registers nothing eglot does not support');
  });
});
