// Soak: the built server under a steady stream of random edits (each undone later, so the documents keep their
// size), completion, hover and code-action requests, and documents opened and closed under new names, for
// SOAK_SECONDS (default 60, 180 in CI; SOAK_SECONDS=3600 for the hour). The server's resident memory is sampled
// every second; after warm-up its floor must not grow by more than 10%, and every request must be answered. The
// trend is reported too: the level at the end of warm-up, the highest sample after it, and the least-squares
// slope of RSS after warm-up (a floor can stay flat while the peaks climb).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  answeredOrFailed,
  answeredWithin,
  ensureBuilt,
  killAllServers,
  startSession,
  unknownInternalErrors,
} from '../support/lspSession.js';
import { rng, seedFromEnv, NASTY_CHARS } from '../support/random.js';
import { genHiera, PUPPET_TOKENS, YAML_TOKENS } from '../support/generators.js';

// A few minutes in CI, one minute on a developer's machine; SOAK_SECONDS=3600 for the hour.
const SECONDS = Number(process.env.SOAK_SECONDS) > 0 ? Number(process.env.SOAK_SECONDS) : process.env.CI ? 180 : 60;
let root: string;

before(() => {
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'mp-soak-'));
  cpSync(join(__dirname, '../fixtures/workspaces/book'), root, { recursive: true });
});
after(() => {
  killAllServers();
  rmSync(root, { recursive: true, force: true });
});

test(
  `soak: ${SECONDS} s of edits and requests, memory flat after warm-up`,
  { timeout: (SECONDS + 240) * 1000 },
  async () => {
    const seed = seedFromEnv();
    const r = rng(seed);
    const s = await startSession({ root, settings: { modulePath: [] } });
    const docs = [
      { path: join(root, 'data/common.yaml'), tokens: YAML_TOKENS },
      { path: join(root, 'data/nodes/master1.yaml'), tokens: YAML_TOKENS },
      { path: join(root, 'data/nodes/slave1.yaml'), tokens: YAML_TOKENS },
      { path: join(root, 'site-modules/profile/manifests/mesos/master.pp'), tokens: PUPPET_TOKENS },
    ].map((d) => ({ ...d, uri: s.open(d.path, readFileSync(d.path, 'utf8')) }));
    const samples: Array<{ t: number; rssKb: number }> = [];
    const start = Date.now();
    const sampler = setInterval(() => samples.push({ t: (Date.now() - start) / 1000, rssKb: s.memory().rssKb }), 1000);
    let requests = 0;
    let edits = 0;
    let opened = 0;
    let failed = 0;
    try {
      while (Date.now() - start < SECONDS * 1000) {
        const d = r.pick(docs);
        const text = s.textOf(d.uri);
        const at = r.int(text.length + 1);
        const insert =
          r.chance(0.1) && d.tokens === YAML_TOKENS
            ? genHiera(r, 1)
            : Array.from({ length: r.range(1, 3) }, () => r.pick(r.chance(0.2) ? NASTY_CHARS : d.tokens)).join('');
        s.change(d.uri, at, at, insert);
        const c = r.int(text.length + insert.length + 1);
        const h = r.int(text.length + insert.length + 1);
        const batch = [s.completion(d.uri, c), s.hover(d.uri, h), s.codeAction(d.uri, at, at + insert.length)].map(
          (p) => answeredOrFailed(p, () => failed++),
        );
        requests += batch.length;
        await answeredWithin(Promise.all(batch), 60_000, `requests after edit #${edits}`).catch((e: Error) => {
          const state =
            s.process.exitCode !== null || s.process.signalCode !== null
              ? `server exited (${s.process.exitCode ?? s.process.signalCode})`
              : 'server still running';
          throw new Error(
            `${e.message}; ${state}; last edit at ${at} of ${d.path}: ${JSON.stringify(insert)}\nstderr: ${s.stderr().slice(-2000)}\nlog: ${s.logs.slice(-5).join('\n')}`,
          );
        });
        // Undo the edit, so the documents neither grow nor drift from their fixtures.
        s.change(d.uri, at, at + insert.length, '');
        edits += 2;
        if (edits % 40 === 0) {
          // A document opened under a new name, used, and closed: per-document state must not pile up.
          const path = join(root, `data/nodes/scratch${opened++}.yaml`);
          const uri = s.open(path, genHiera(r));
          requests++;
          await answeredWithin(s.completion(uri, 0), 60_000, `completion in ${path}`);
          void s.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
        }
        // Pace the stream like a fast typist rather than a flood; the machine is shared.
        await new Promise((res) => setTimeout(res, 5));
      }
      // The last edit of every document gets its diagnostics: the debounced loop is still running.
      const probe = s.change(docs[0].uri, 0, 0, '#');
      await s.waitForDiagnostics(docs[0].uri, (p) => p.version === probe, 60_000);
    } finally {
      clearInterval(sampler);
    }
    assert.deepEqual(unknownInternalErrors(s.logs), [], `seed ${seed}`);
    // Warm-up is the first 40% (at least 20 s): V8 sizes its heap lazily, and in a 60 s run the server's RSS is
    // still climbing towards its plateau for the first half minute (124 -> 190 MB on the reference machine).
    // After it, RSS saw-tooths: garbage piles up between major collections (±10% in a minute of this load), so a
    // point sample says more about the collector's phase than about what is kept. What is kept shows in the
    // floor: the lowest RSS of the first half after warm-up is the baseline, the lowest of the second half the
    // end. A leak raises the floor (a 240 s run with parses of closed files kept went 140 -> 225 MB).
    const warm = Math.max(20, SECONDS * 0.4);
    const after = samples.filter((x) => x.t >= warm);
    const half = Math.max(1, Math.floor(after.length / 2));
    const baseline = Math.min(...after.slice(0, half).map((x) => x.rssKb));
    const end = Math.min(...after.slice(half).map((x) => x.rssKb));
    const growth = (end - baseline) / baseline;
    // The level when warm-up ends (median of its last 5 s), every later sample against it, and the trend.
    const atWarm = samples
      .filter((x) => x.t >= warm - 5 && x.t < warm)
      .map((x) => x.rssKb)
      .sort((a, b) => a - b);
    const level = atWarm.length > 0 ? atWarm[atWarm.length >> 1] : baseline;
    const peakAfter = Math.max(...after.map((x) => x.rssKb));
    const n = after.length;
    const mt = after.reduce((a, x) => a + x.t, 0) / n;
    const mr = after.reduce((a, x) => a + x.rssKb, 0) / n;
    const slope =
      after.reduce((a, x) => a + (x.t - mt) * (x.rssKb - mr), 0) /
      Math.max(
        1e-9,
        after.reduce((a, x) => a + (x.t - mt) ** 2, 0),
      );
    console.log(
      `soak trend: RSS ${(level / 1024).toFixed(1)} MB at the end of warm-up, highest after it ${(peakAfter / 1024).toFixed(1)} MB (${(((peakAfter - level) / level) * 100).toFixed(1)}%), slope ${((slope * 60) / 1024).toFixed(2)} MB/min over ${n} samples`,
    );
    console.log(
      `soak: ${SECONDS} s, ${edits} edits, ${requests} requests all answered (${failed} with an internal error of a known bug), ${opened} documents opened and closed; RSS floor ${(baseline / 1024).toFixed(1)} MB after warm-up -> ${(end / 1024).toFixed(1)} MB at the end (${(growth * 100).toFixed(1)}%), peak ${(s.memory().peakKb / 1024).toFixed(1)} MB (seed ${seed})`,
    );
    assert.ok(
      growth <= 0.1,
      `RSS grew ${(growth * 100).toFixed(1)}% after warm-up: ${samples.map((x) => Math.round(x.rssKb / 1024)).join(' ')} MB`,
    );
    assert.equal(await s.shutdown(), 0);
  },
);
