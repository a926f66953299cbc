// Our language server in a second, independent LSP client: headless Neovim 0.7 (Debian `neovim`) starts
// `node dist/server/main.js --stdio`, opens the hiera-basic fixture's data/common.yaml and records completion,
// hover and diagnostics (neovim/check.lua); the assertions here are the same as the VS Code suite's. Fails, never
// skips, without nvim; builds dist/ (`npm run build`) only when it is missing.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt } from './support/build.js';
import { copyFixture, type WorkspaceCopy } from './support/fixtureCopy.js';
import { dist, repoRoot, requireTools, tools } from './support/tools.js';

interface CheckResult {
  readonly completions: Record<string, string[]>;
  readonly hover: string | null;
  readonly role_menu: string[] | null;
  readonly role_hover: string | null;
  readonly diagnostics: ReadonlyArray<{ code: string | number | null; message: string; line: number }> | null;
  readonly errors: string[];
}

const nvimTimeoutMs = 60_000;

function runNvim(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const script = join(repoRoot, 'test', 'editors', 'neovim', 'check.lua');
    const child = spawn(
      tools.neovim.path,
      ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${script}`],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), nvimTimeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('the language server in Neovim 0.7 (headless, vim.lsp)', () => {
  let workspace: WorkspaceCopy;
  let result: CheckResult;
  let report = '';

  before(async () => {
    requireTools(tools.neovim);
    await ensureBuilt();
    workspace = copyFixture('hiera-basic', 'neovim');
    // Nodes with roles: an agent whose data file is being written, another agent and a master with data.
    const nodes = join(workspace.folder, 'data', 'nodes');
    writeFileSync(join(nodes, 'agent1.example.com.yaml'), 'classes:\n  - role::mesos::slave\nmesos::\n');
    writeFileSync(
      join(nodes, 'agent2.example.com.yaml'),
      'classes: [role::mesos::slave]\nmesos::slave::work_dir: /srv/mesos\n',
    );
    writeFileSync(join(nodes, 'master9.example.com.yaml'), 'classes: [role::mesos::master]\n');
    appendFileSync(join(workspace.folder, 'data', 'common.yaml'), 'mesos::slave::work_dir: /var/lib/mesos\n');
    const out = join(workspace.runDir, 'result.json');
    const xdg = (d: string) => join(workspace.runDir, d); // keeps Neovim's lsp.log and state out of $HOME
    const started = Date.now();
    const { code, output } = await runNvim({
      ...process.env,
      XDG_CONFIG_HOME: xdg('config'),
      XDG_DATA_HOME: xdg('data'),
      XDG_STATE_HOME: xdg('state'),
      XDG_CACHE_HOME: xdg('cache'),
      MP_SERVER: dist.server,
      MP_ROOT: workspace.folder,
      MP_FILE: join(workspace.folder, 'data', 'common.yaml'),
      MP_PREFIXES: 'mesos::,zookeeper::',
      MP_READY_LABEL: 'mesos::zookeeper',
      MP_HOVER_FILE: join(workspace.folder, 'data', 'nodes', 'mesos-master1.example.com.yaml'),
      MP_HOVER_KEY: 'mesos::zookeeper',
      MP_ROLE_FILE: join(workspace.folder, 'data', 'nodes', 'agent1.example.com.yaml'),
      MP_ROLE_HOVER: 'data/common.yaml|mesos::slave::work_dir',
      MP_OUT: out,
      MP_TIMEOUT_MS: '20000',
    });
    console.log(`editors: Neovim run took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const log = join(xdg('cache'), 'nvim', 'lsp.log');
    report = `nvim exit ${code}\n${output}\n--- lsp.log (tail) ---\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-4000) : '(none)'}`;
    assert.ok(existsSync(out), `check.lua wrote no result:\n${report}`);
    result = JSON.parse(readFileSync(out, 'utf8')) as CheckResult;
    assert.deepEqual(result.errors, [], report);
    assert.equal(code, 0, report);
  });

  after(() => workspace?.dispose());

  it('completes mesos:: keys', () => {
    const labels = result.completions['mesos::'] ?? [];
    for (const expected of ['mesos::zookeeper', 'mesos::master::options', 'mesos::slave::checkpoint']) {
      assert.ok(
        labels.includes(expected),
        `${expected} missing from ${labels.length} completions: ${labels.slice(0, 30).join(', ')}`,
      );
    }
  });

  it('completes zookeeper:: keys', () => {
    const labels = result.completions['zookeeper::'] ?? [];
    assert.ok(labels.includes('zookeeper::id'), `zookeeper::id missing from ${labels.length} completions`);
  });

  it('hovers a key with its type', () => {
    assert.ok(result.hover?.includes('String'), `hover does not mention String: ${JSON.stringify(result.hover)}`);
  });

  it("offers an agent's data file the mesos::slave keys first and the master's last, in Neovim's menu", () => {
    const daemons = (result.role_menu ?? [])
      .map((w) => /^mesos::(master|slave)::/.exec(w)?.[1])
      .filter((d): d is string => d !== undefined);
    assert.equal(daemons[0], 'slave', `menu: ${(result.role_menu ?? []).slice(0, 8).join(', ')}`);
    assert.ok(daemons.indexOf('master') > daemons.lastIndexOf('slave'), daemons.join(','));
  });

  it("hovers an agent's key with the agents' values only", () => {
    const text = result.role_hover ?? '';
    // agent1 keeps common.yaml's value, agent2 has its own; the master runs no agent.
    assert.match(
      text,
      /\*\*Per agent:\*\* `agent1\.example\.com` `'\/var\/lib\/mesos'`, `agent2\.example\.com` `'\/srv\/mesos'`/,
      text,
    );
    assert.doesNotMatch(text, /master9/, text);
  });

  it('publishes hiera/unknown-key for a misspelt key', () => {
    const lines = readFileSync(join(workspace.folder, 'data', 'common.yaml'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.startsWith('mesos::master::quorom:'));
    assert.ok(
      (result.diagnostics ?? []).some((d) => d.code === 'hiera/unknown-key' && d.line === line),
      `no hiera/unknown-key on line ${line}: ${JSON.stringify(result.diagnostics)}`,
    );
  });
});
