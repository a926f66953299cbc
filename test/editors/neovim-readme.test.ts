// The README's Neovim setup, run as it stands: the lua block under "neovim-config" in README.md becomes Neovim
// 0.7's whole init.lua (only the server's path is replaced), then a Puppetfile, a manifest and a Hiera data file of
// the book repo are opened. Each buffer must get its filetype (a Puppetfile is not Ruby), one attached client, and
// the server's diagnostics. Fails, never skips, without nvim.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt } from './support/build.js';
import { copyFixture, type WorkspaceCopy } from './support/fixtureCopy.js';
import { dist, repoRoot, requireTools, tools } from './support/tools.js';

interface FileResult {
  readonly filetype: string;
  readonly clients: readonly number[];
  readonly codes: ReadonlyArray<string | null>;
}

/** The lua block after the `neovim-config` marker in README.md, its list indentation removed. */
function readmeConfig(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- neovim-config');
  assert.ok(marker >= 0, 'README.md has no neovim-config block');
  const m = /```lua\n([\s\S]*?)\n\s*```/.exec(readme.slice(marker));
  assert.ok(m, 'no ```lua block after the neovim-config marker');
  const indent = /^ */.exec(m[1])![0].length;
  return m[1]
    .split('\n')
    .map((l) => l.slice(Math.min(indent, /^ */.exec(l)![0].length)))
    .join('\n');
}

describe("the README's Neovim 0.7 setup, verbatim", () => {
  let workspace: WorkspaceCopy;
  let files: Record<string, FileResult> = {};
  let report = '';
  const placeholder = '/path/to/mesos-puppet/dist/server/main.js';
  const opened = { puppetfile: 'Puppetfile', manifest: 'manifests/site.pp', data: 'data/nodes/slave1.yaml' };

  before(async () => {
    requireTools(tools.neovim);
    await ensureBuilt();
    workspace = copyFixture('book', 'neovim-readme');
    const config = readmeConfig();
    assert.ok(config.includes(placeholder), `the README block no longer names ${placeholder}`);
    const init = join(workspace.runDir, 'init.lua');
    writeFileSync(init, config.replace(placeholder, dist.server));
    const out = join(workspace.runDir, 'result.json');
    const xdg = (d: string) => join(workspace.runDir, d);
    const paths = Object.values(opened).map((f) => join(workspace.folder, f));
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(
        tools.neovim.path,
        [
          '--headless',
          '-u',
          init,
          '-i',
          'NONE',
          '-n',
          '-c',
          `luafile ${join(repoRoot, 'test', 'editors', 'neovim', 'readme-check.lua')}`,
        ],
        {
          env: {
            ...process.env,
            XDG_CONFIG_HOME: xdg('config'),
            XDG_DATA_HOME: xdg('data'),
            XDG_STATE_HOME: xdg('state'),
            XDG_CACHE_HOME: xdg('cache'),
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
    const log = join(xdg('cache'), 'nvim', 'lsp.log');
    report = `nvim exit ${code}\n${output}\n--- lsp.log (tail) ---\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-4000) : '(none)'}`;
    assert.ok(existsSync(out), `readme-check.lua wrote no result:\n${report}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { files: Record<string, FileResult>; errors: string[] };
    assert.deepEqual(result.errors, [], report);
    files = Object.fromEntries(Object.entries(opened).map(([k, f]) => [k, result.files[join(workspace.folder, f)]]));
  });

  after(() => workspace?.dispose());

  it('gives each buffer its filetype: the Puppetfile is not Ruby', () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(files).map(([k, f]) => [k, f?.filetype])),
      { puppetfile: 'puppetfile', manifest: 'puppet', data: 'yaml' },
      report,
    );
  });

  it('attaches one server to each buffer, shared by the control repo', () => {
    const ids = Object.values(files).map((f) => f?.clients);
    assert.equal(ids[0]?.length, 1, report);
    assert.deepEqual(ids, [ids[0], ids[0], ids[0]], report);
  });

  it("shows the server's diagnostics in each buffer", () => {
    assert.ok(files.puppetfile?.codes.includes('puppetfile/git-protocol'), JSON.stringify(files.puppetfile));
    assert.ok(files.manifest?.codes.includes('puppet/hiera-include'), JSON.stringify(files.manifest));
    assert.ok(files.data?.codes.includes('mesos/tmp-work-dir'), JSON.stringify(files.data));
  });
});
