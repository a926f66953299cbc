// The whole control repo is checked from the start: with no file open, the server publishes the problems of every
// file `mesos-puppet check` checks, the same codes on the same lines, with progress for clients that show it;
// a file changed on disk is checked again, a deleted file's problems go, and a file closed in the editor gets its
// saved problems back.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { startSession, type Session } from '../support/lspSession.js';

const ROOT = join(__dirname, '../..');

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
});

function bookCopy(): string {
  const repo = mkdtempSync(join(tmpdir(), 'mp-workspace-diags-'));
  cpSync(join(__dirname, '../fixtures/workspaces/book'), repo, { recursive: true });
  return repo;
}

/** `file:line code` for every problem the CLI reports, relative to the repo. */
function cliFindings(repo: string): string[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'check', '--format', 'json', '.'], {
      cwd: repo,
      encoding: 'utf8',
    });
  } catch (e) {
    out = (e as { stdout: string }).stdout;
  }
  const report = JSON.parse(out) as {
    diagnostics: Array<{ file: string; range: { start: { line: number } }; code: string }>;
  };
  return report.diagnostics.map((d) => `${d.file}:${d.range.start.line} ${d.code}`).sort();
}

/** The latest problems published per uri, as `file:line code`, once `until` holds (or a minute has passed). */
async function published(s: Session, repo: string, until: (findings: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const latest = new Map<string, Array<{ range: { start: { line: number } }; code?: string | number }>>();
    for (const p of s.diagnostics) latest.set(p.uri, p.diagnostics as never);
    const findings = [...latest]
      .flatMap(([uri, ds]) =>
        ds.map((d) => `${decodeURIComponent(uri).replace(`file://${repo}/`, '')}:${d.range.start.line} ${d.code}`),
      )
      .sort();
    if (until(findings) || Date.now() > deadline) return findings;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('with no file open, every problem the CLI finds is published', async () => {
  const repo = bookCopy();
  const progress: string[] = [];
  const s = await startSession({
    root: repo,
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    initialize: false,
  });
  // Answered before the server starts: its first pass may ask for a progress token as soon as it is ready.
  s.connection.onRequest('window/workDoneProgress/create', () => null);
  s.connection.onNotification('$/progress', (p: { value: { kind: string } }) => void progress.push(p.value.kind));
  await s.init();
  try {
    const expected = cliFindings(repo);
    assert.ok(expected.length >= 8, `the book repo has problems in several files: ${expected.join(', ')}`);
    const got = await published(s, repo, (f) => f.length >= expected.length);
    assert.deepEqual(got, expected);
    // The pass ends its progress after its last file.
    for (let i = 0; i < 200 && progress.at(-1) !== 'end'; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual([progress[0], progress.at(-1)], ['begin', 'end']);
  } finally {
    await s.shutdown();
    rmSync(repo, { recursive: true, force: true });
  }
});

test('a change on disk is checked again, a deleted file is cleared, a closed file gets its saved problems back', async () => {
  const repo = bookCopy();
  const s = await startSession({ root: repo, settings: {} });
  try {
    const site = join(repo, 'manifests/site.pp');
    const siteUri = pathToFileURL(site).toString();
    await published(s, repo, (f) =>
      f.some((x) => x.startsWith('manifests/site.pp:') && x.endsWith('puppet/hiera-include')),
    );
    // Fixed on disk (as another tool or a git checkout would): the finding goes.
    writeFileSync(site, "node default {\n  lookup('classes', Array[String], 'unique', []).include\n}\n");
    void s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: siteUri, type: 2 }] });
    const fixed = await published(s, repo, (f) => !f.some((x) => x.startsWith('manifests/site.pp:')));
    assert.ok(!fixed.some((x) => x.startsWith('manifests/site.pp:')), fixed.join('\n'));
    // A node file opened with an unsaved fix, then closed unsaved: the saved file's problem comes back.
    const slave1 = join(repo, 'data/nodes/slave1.yaml');
    const isTmp = (x: string) => x.startsWith('data/nodes/slave1.yaml:') && x.endsWith('mesos/tmp-work-dir');
    const uri = s.open(slave1, "classes:\n  - role::mesos::slave\nmesos::slave::work_dir: '/var/lib/mesos'\n");
    await published(s, repo, (f) => !f.some(isTmp));
    void s.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const back = await published(s, repo, (f) => f.some(isTmp));
    assert.ok(back.some(isTmp), back.join('\n'));
    // A node file deleted: its problems go, the others' stay.
    unlinkSync(join(repo, 'data/nodes/slave3.yaml'));
    void s.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(join(repo, 'data/nodes/slave3.yaml')).toString(), type: 3 }],
    });
    const afterDelete = await published(s, repo, (f) => !f.some((x) => x.startsWith('data/nodes/slave3.yaml:')));
    assert.ok(!afterDelete.some((x) => x.startsWith('data/nodes/slave3.yaml:')), afterDelete.join('\n'));
    assert.ok(
      afterDelete.some((x) => x.startsWith('data/nodes/slave2.yaml:')),
      afterDelete.join('\n'),
    );
  } finally {
    await s.shutdown();
    rmSync(repo, { recursive: true, force: true });
  }
});

type Report =
  | { kind: 'full'; resultId?: string; items: Array<{ range: { start: { line: number } }; code?: string | number }> }
  | { kind: 'unchanged'; resultId: string };

test('a client that pulls (LSP 3.17) asks for the same problems and gets nothing pushed; a change wakes its workspace request', async () => {
  const repo = bookCopy();
  const s = await startSession({
    root: repo,
    capabilities: {
      workspace: { configuration: true, diagnostics: { refreshSupport: true } },
      textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
    },
    initialize: false,
  });
  let refreshes = 0;
  s.connection.onRequest('workspace/diagnostic/refresh', () => {
    refreshes++;
    return null;
  });
  try {
    const init = (await s.init()) as {
      capabilities: { diagnosticProvider?: { workspaceDiagnostics: boolean; interFileDependencies: boolean } };
    };
    assert.deepEqual(init.capabilities.diagnosticProvider, {
      identifier: 'mesos-puppet',
      interFileDependencies: true,
      workspaceDiagnostics: true,
    });
    const expected = cliFindings(repo);
    const first = (await s.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] })) as {
      items: Array<Report & { uri: string }>;
    };
    const got = first.items
      .flatMap((r) =>
        r.kind === 'full'
          ? r.items.map(
              (d) => `${decodeURIComponent(r.uri).replace(`file://${repo}/`, '')}:${d.range.start.line} ${d.code}`,
            )
          : [],
      )
      .sort();
    assert.deepEqual(got, expected, 'the workspace report holds what `mesos-puppet check` finds');
    // One document, pulled: the same problems; asked again with its result id: unchanged.
    const siteUri = pathToFileURL(join(repo, 'manifests/site.pp')).toString();
    const site = (await s.connection.sendRequest('textDocument/diagnostic', {
      textDocument: { uri: siteUri },
    })) as Report;
    assert.equal(site.kind, 'full');
    assert.deepEqual(site.kind === 'full' ? site.items.map((d) => d.code) : [], ['puppet/hiera-include']);
    const again = (await s.connection.sendRequest('textDocument/diagnostic', {
      textDocument: { uri: siteUri },
      previousResultId: site.resultId,
    })) as Report;
    assert.deepEqual(again, { kind: 'unchanged', resultId: site.resultId });
    // The second workspace request waits for a change: fixing site.pp on disk answers it, with site.pp clean.
    const previousResultIds = first.items.filter((r) => r.resultId).map((r) => ({ uri: r.uri, value: r.resultId! }));
    // Changes from start-up (settings read, the index ready) may still wake one request: let them pass first.
    for (let i = 0; i < 5; i++) {
      const drained = await Promise.race([
        s.connection.sendRequest('workspace/diagnostic', { previousResultIds }),
        new Promise((r) => setTimeout(() => r('open'), 1000)),
      ]);
      if (drained === 'open') break;
    }
    const waiting = s.connection.sendRequest('workspace/diagnostic', { previousResultIds }) as Promise<{
      items: Array<Report & { uri: string }>;
    }>;
    let answered = false;
    void waiting.then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(answered, false, 'nothing changed: the request is still open');
    writeFileSync(
      join(repo, 'manifests/site.pp'),
      "node default {\n  lookup('classes', Array[String], 'unique', []).include\n}\n",
    );
    void s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: siteUri, type: 2 }] });
    const second = await waiting;
    const siteNow = second.items.find((r) => r.uri === siteUri)!;
    assert.deepEqual(siteNow.kind === 'full' ? siteNow.items : 'unchanged', []);
    assert.ok(
      second.items.some((r) => r.kind === 'unchanged'),
      'files whose problems did not change are reported unchanged',
    );
    assert.ok(refreshes >= 1, 'the client is asked to pull again');
    assert.deepEqual(s.diagnostics, [], 'nothing is pushed to a client that pulls');
  } finally {
    await s.shutdown();
    rmSync(repo, { recursive: true, force: true });
  }
});
