// Soak: the built server under a steady stream of random edits (each undone later, so the documents keep their
// size), completion, hover and code-action requests, and documents opened and closed under new names, for
// SOAK_SECONDS (60 by default, 180 in `npm test`, 1800 with `npm run soak`, which writes its figures to
// bench/results). The server runs as the extension runs it (no heap flags). Its RSS is read every second, its
// heap and event-loop delay from mesosPuppet/serverStats, and every 30th second (10th in short runs) its live heap: what survives a
// full collection the server runs when asked (rare enough not to flatten RSS: V8 collects fully every few
// seconds under this load anyway). Asserted, on memory only: the live heap's floor and RSS's floor do
// not grow by more than 10% after warm-up, and in a run of 10 minutes or more no RSS
// sample is more than 20% over the first minute's level; every request is answered. Reported: the trend (slope in MB/min), the floors, and
// the longest the event loop was held.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
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

// A few minutes in CI, one minute on a developer's machine; `npm run soak` for half an hour.
const SECONDS = Number(process.env.SOAK_SECONDS) > 0 ? Number(process.env.SOAK_SECONDS) : process.env.CI ? 180 : 60;
// How often the live heap is measured: at least four times after warm-up, at most every 30 s.
const COLLECT_EVERY = Math.max(10, Math.min(30, Math.round(SECONDS / 6)));
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
    // Each second: RSS from /proc, and the server's own figures (its live heap, the longest its loop was held).
    const samples: Sample[] = [];
    const start = Date.now();
    await s.stats();
    const sampler = setInterval(() => {
      const sample: Sample = { t: (Date.now() - start) / 1000, rssKb: s.memory().rssKb };
      samples.push(sample);
      // heapUsed between collections is mostly garbage waiting (28-88 MB in one run with nothing kept); what the
      // server keeps is what survives a full collection, asked for every COLLECT_EVERY seconds.
      void s.stats({ collect: samples.length % COLLECT_EVERY === 0 }).then(
        (st) => {
          sample.heapKb = st.heapUsedBytes / 1024;
          if (st.liveHeapBytes !== undefined) sample.liveHeapKb = st.liveHeapBytes / 1024;
          sample.loopMaxMs = st.loopDelayMaxMs;
        },
        () => undefined,
      );
    }, 1000);
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
    const m = soakMemory(samples, SECONDS);
    const mb = (kb: number): string => (kb / 1024).toFixed(1);
    const loopMax = Math.max(0, ...samples.map((x) => x.loopMaxMs ?? 0));
    console.log(
      `soak trend: RSS highest in the first minute ${mb(m.levelKb)} MB, highest after it ${mb(m.peakAfterKb)} MB (${m.peakOverLevelPercent.toFixed(1)}%), slope ${m.slopeMbPerMin.toFixed(2)} MB/min over ${m.samples} samples; live heap floor ${mb(m.heapFloorStartKb)} -> ${mb(m.heapFloorEndKb)} MB (${m.heapFloorGrowthPercent.toFixed(1)}%); event loop held at most ${loopMax} ms`,
    );
    console.log(
      `soak: ${SECONDS} s, ${edits} edits, ${requests} requests all answered (${failed} with an internal error of a known bug), ${opened} documents opened and closed; RSS floor ${mb(m.floorStartKb)} MB after warm-up -> ${mb(m.floorEndKb)} MB at the end (${m.floorGrowthPercent.toFixed(1)}%), peak ${mb(s.memory().peakKb)} MB (seed ${seed})`,
    );
    if (process.env.SOAK_RESULT_OUT)
      writeFileSync(
        process.env.SOAK_RESULT_OUT,
        `${JSON.stringify(
          {
            what: `SOAK_SECONDS=${SECONDS} npm run soak (the built server over stdio, no heap flags, as the extension runs it: random edits undone later, completion/hover/code actions, documents opened and closed)`,
            date: new Date().toISOString().slice(0, 16) + 'Z',
            machine: `${cpus().length} cores, load ${loadavg()
              .map((l) => l.toFixed(1))
              .join(' ')} at the end`,
            node: process.version,
            seed,
            seconds: SECONDS,
            edits,
            requests,
            requestsFailed: failed,
            documentsOpenedAndClosed: opened,
            rssHighestInFirstMinuteMb: Number(mb(m.levelKb)),
            rssHighestAfterFirstMinuteMb: Number(mb(m.peakAfterKb)),
            rssHighestOverFirstMinutePercent: Number(m.peakOverLevelPercent.toFixed(1)),
            rssSlopeMbPerMin: Number(m.slopeMbPerMin.toFixed(2)),
            rssFloorGrowthPercent: Number(m.floorGrowthPercent.toFixed(1)),
            liveHeapFloorStartMb: Number(mb(m.heapFloorStartKb)),
            liveHeapFloorEndMb: Number(mb(m.heapFloorEndKb)),
            liveHeapFloorGrowthPercent: Number(m.heapFloorGrowthPercent.toFixed(1)),
            eventLoopHeldAtMostMs: loopMax,
            samplesEvery10s: samples
              .filter((_, i) => i % 10 === 0)
              .map((x) => [
                Math.round(x.t),
                Math.round(x.rssKb / 1024),
                Math.round((x.heapKb ?? 0) / 1024),
                Math.round((x.liveHeapKb ?? 0) / 1024),
              ]),
          },
          null,
          1,
        )}\n`,
      );
    // Memory, not time: what is kept must not grow (the live heap's floor, and RSS's floor), and RSS stays within
    // 20% of the level it reached in the first minute.
    const series = `${samples.map((x) => `${Math.round(x.rssKb / 1024)}/${Math.round((x.heapKb ?? 0) / 1024)}${x.liveHeapKb === undefined ? '' : `/${Math.round(x.liveHeapKb / 1024)}`}`).join(' ')} MB (RSS/heap/live heap every ${COLLECT_EVERY} s)`;
    assert.ok(m.heapFloorGrowthPercent <= 10, `the live heap grew ${m.heapFloorGrowthPercent.toFixed(1)}%: ${series}`);
    assert.ok(m.floorGrowthPercent <= 10, `RSS's floor grew ${m.floorGrowthPercent.toFixed(1)}%: ${series}`);
    // Held only in the half-hour run: in a few minutes on a loaded machine V8 is still sizing its heap (RSS 169 ->
    // 217 MB in 3 minutes with the live heap flat at 33-40 MB), so there RSS is reported and the live heap held.
    if (SECONDS >= 600)
      assert.ok(
        m.peakOverLevelPercent <= 20,
        `RSS went ${m.peakOverLevelPercent.toFixed(1)}% over its first minute's level: ${series}`,
      );
    assert.equal(await s.shutdown(), 0);
  },
);

interface Sample {
  readonly t: number;
  readonly rssKb: number;
  /** The server's heapUsed a moment after `t` (its answer to mesosPuppet/serverStats). */
  heapKb?: number;
  /** What survived a full collection the server ran a moment after `t` (every COLLECT_EVERY samples). */
  liveHeapKb?: number;
  loopMaxMs?: number;
}

/**
 * The memory figures of a soak. The first 40% (at least 20 s) is warm-up: V8 sizes its heap lazily and RSS
 * climbs towards its plateau. After it RSS saw-tooths (garbage piles up between major collections), so its level
 * is the highest it reached in the first minute, which holds a full tooth, and every later sample is held
 * against it. What is kept shows in the floors: the lowest RSS and the lowest live heap of the first half after
 * warm-up against those of the second half. A leak raises them (a 240 s run with parses of closed files
 * kept went 140 -> 225 MB); lazy collection does not (RSS swings 150-225 MB with nothing kept). The heap's floor
 * is taken from the live heap (after a full collection): the lowest heapUsed between collections is chance, and
 * once rose 15.6% with nothing kept.
 */
function soakMemory(samples: readonly Sample[], seconds: number) {
  const warm = Math.max(20, seconds * 0.4);
  const first = samples.filter((x) => x.t < 60);
  const after = samples.filter((x) => x.t >= warm);
  const half = Math.max(1, Math.floor(after.length / 2));
  const min = (xs: readonly number[]): number => Math.min(...xs);
  const floorStartKb = min(after.slice(0, half).map((x) => x.rssKb));
  const floorEndKb = min(after.slice(half).map((x) => x.rssKb));
  const live = after.flatMap((x) => (x.liveHeapKb === undefined ? [] : [x.liveHeapKb]));
  const liveHalf = Math.max(1, Math.floor(live.length / 2));
  const heapFloorStartKb = min(live.slice(0, liveHalf));
  const heapFloorEndKb = min(live.slice(liveHalf));
  const levelKb = Math.max(...first.map((x) => x.rssKb));
  const peakAfterKb = Math.max(...after.map((x) => x.rssKb));
  const n = after.length;
  const mt = after.reduce((a, x) => a + x.t, 0) / n;
  const mr = after.reduce((a, x) => a + x.rssKb, 0) / n;
  const slope =
    after.reduce((a, x) => a + (x.t - mt) * (x.rssKb - mr), 0) /
    Math.max(
      1e-9,
      after.reduce((a, x) => a + (x.t - mt) ** 2, 0),
    );
  return {
    samples: n,
    levelKb,
    peakAfterKb,
    peakOverLevelPercent: ((peakAfterKb - levelKb) / levelKb) * 100,
    slopeMbPerMin: (slope * 60) / 1024,
    floorStartKb,
    floorEndKb,
    floorGrowthPercent: ((floorEndKb - floorStartKb) / floorStartKb) * 100,
    heapFloorStartKb,
    heapFloorEndKb,
    heapFloorGrowthPercent: ((heapFloorEndKb - heapFloorStartKb) / heapFloorStartKb) * 100,
  };
}
