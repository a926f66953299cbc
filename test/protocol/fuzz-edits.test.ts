// Random edit sequences through the protocol against the built server: incremental didChange notifications on
// Hiera data, a manifest and the Puppetfile, interleaved with completion, hover and code-action requests at
// random positions (UTF-16 offsets that may split a surrogate pair). Every request must be answered without an
// internal error, the server must stay alive, and the last version of every document must get its diagnostics.
// FUZZ_ITERATIONS=N sets the number of operations, FUZZ_SEED=S reproduces a run.

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
import { iterations, NASTY_CHARS, rng, seedFromEnv } from '../support/random.js';
import { genHiera, PUPPET_TOKENS, PUPPETFILE_TOKENS, YAML_TOKENS } from '../support/generators.js';

let root: string;

before(() => {
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'mp-fuzz-edits-'));
  cpSync(join(__dirname, '../fixtures/workspaces/book'), root, { recursive: true });
});

after(() => {
  killAllServers();
  rmSync(root, { recursive: true, force: true });
});

test('random incremental edits with completion, hover and code actions in between', async () => {
  const seed = seedFromEnv();
  const r = rng(seed);
  const ops = iterations(1500);
  const s = await startSession({ root, settings: { modulePath: [] } });
  const docs = [
    { path: join(root, 'data/common.yaml'), tokens: YAML_TOKENS },
    { path: join(root, 'data/nodes/master1.yaml'), tokens: YAML_TOKENS },
    { path: join(root, 'site-modules/profile/manifests/zookeeper.pp'), tokens: PUPPET_TOKENS },
    { path: join(root, 'Puppetfile'), tokens: PUPPETFILE_TOKENS },
    { path: join(root, 'hiera.yaml'), tokens: YAML_TOKENS },
  ].map((d) => ({ ...d, uri: s.open(d.path, readFileSync(d.path, 'utf8')) }));
  const pending: Array<Promise<unknown>> = [];
  const failures: string[] = [];
  let requests = 0;
  let edits = 0;
  let failed = 0;
  const lastVersion = new Map<string, number>();
  for (let i = 0; i < ops; i++) {
    const d = r.pick(docs);
    const text = s.textOf(d.uri);
    const at = r.int(text.length + 1);
    const kind = r.int(10);
    if (kind < 5) {
      const end = Math.min(text.length, at + (r.chance(0.5) ? 0 : r.int(30)));
      const insert =
        r.chance(0.1) && d.tokens === YAML_TOKENS
          ? genHiera(r, 1)
          : Array.from({ length: r.int(3) }, () => r.pick(r.chance(0.3) ? NASTY_CHARS : d.tokens)).join('');
      lastVersion.set(d.uri, s.change(d.uri, at, end, insert));
      edits++;
    } else {
      const what = kind >= 9 ? 'codeAction' : kind < 7 ? 'completion' : 'hover';
      const p =
        what === 'completion'
          ? s.completion(d.uri, at)
          : what === 'hover'
            ? s.hover(d.uri, at)
            : s.codeAction(d.uri, at, Math.min(text.length, at + r.int(40)));
      requests++;
      pending.push(
        answeredWithin(
          answeredOrFailed(p, () => failed++),
          60_000,
          `${what} #${i} at ${at} in ${d.path}`,
        ).catch((e: Error) => failures.push(`${what} #${i}: ${e.message}`)),
      );
    }
    // Let the server breathe now and then, so that diagnostics runs interleave with the edits too.
    if (i % 25 === 24) await new Promise((res) => setTimeout(res, r.int(40)));
  }
  await Promise.all(pending);
  assert.deepEqual(failures, [], `seed ${seed}`);
  // Every document's last version gets diagnostics, so the debounced loop survived the edits.
  for (const d of docs) {
    const version = lastVersion.get(d.uri) ?? 1;
    if (!s.diagnostics.some((p) => p.uri === d.uri && p.version === version)) {
      await s.waitForDiagnostics(d.uri, (p) => p.version === version, 60_000);
    }
  }
  assert.deepEqual(unknownInternalErrors(s.logs), [], `seed ${seed}: internal errors in the server log`);
  await answeredWithin(s.completion(docs[0].uri, 0), 30_000, 'final completion');
  console.log(
    `fuzz-edits: ${edits} edits and ${requests} requests, all answered (${failed} with an internal error of a known bug) (seed ${seed})`,
  );
  assert.equal(await s.shutdown(), 0);
});
