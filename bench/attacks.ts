// `npm run bench:attacks`: every attack of our catalogue (test/support/attacks.ts, one generator per category of
// issue 17) at its bench size, the attacker's, through the built server over stdio (or the CLI), each in a fresh
// copy of the book repo. For each: how long the answer took, the longest the server held its event loop meanwhile
// (mesosPuppet/serverStats; the aim is 50 ms), its RSS afterwards and at its peak, what the user is told, and
// whether the catalogue's expected outcome held (the same check test/protocol/attacks.test.ts asserts at the CI
// sizes). Writes bench/results/attacks.json; ATTACKS_ONLY=<id or words> runs a subset and writes nothing.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATTACK_LIST, runAttack, unmet } from '../test/support/attacks.js';

/** An answer later than this is recorded as none: the attack is a hang. */
const STUCK_MS = 600_000;

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function main(): Promise<void> {
  const only = process.env.ATTACKS_ONLY;
  const tmp = mkdtempSync(join(tmpdir(), 'mp-bench-attack-'));
  const loadAtStart = load();
  const results: unknown[] = [];
  for (const a of ATTACK_LIST) {
    if (only && a.id !== only && !a.category.includes(only)) continue;
    const n = a.sizes.bench;
    let row: Record<string, unknown>;
    try {
      const r = await runAttack(a, n, tmp, STUCK_MS);
      const missed = unmet(a, n, r);
      row = {
        attack: a.id,
        category: a.category,
        size: `${n.toLocaleString('en-US')} ${a.unit}`,
        budget: a.budget,
        answerMs: Math.round(r.answerMs),
        loopHeldAtMostMs: r.loopHeldAtMostMs,
        rssMb: r.rssMb,
        peakRssMb: r.peakRssMb,
        memoryBudgetMb: a.memoryMb,
        outcome: r.outcome.gist.slice(0, 240),
        asExpected: missed.length === 0,
        ...(missed.length ? { unmet: missed.map((m) => m.slice(0, 400)) } : {}),
      };
    } catch (e) {
      row = {
        attack: a.id,
        category: a.category,
        size: `${n.toLocaleString('en-US')} ${a.unit}`,
        outcome: `NO ANSWER: ${(e as Error).message}`,
        asExpected: false,
      };
    }
    console.log(
      `${a.id.padEnd(28)} ${String(row.answerMs ?? '-').padStart(7)} ms  loop ${String(row.loopHeldAtMostMs ?? '-').padStart(8)} ms  ${String(row.peakRssMb ?? '-').padStart(4)} MB  ${row.asExpected ? 'as expected' : 'NOT AS EXPECTED'}  ${String(row.outcome).slice(0, 90)}`,
    );
    results.push(row);
  }
  rmSync(tmp, { recursive: true, force: true });
  const out = {
    what: 'npm run bench:attacks: each attack of the catalogue (test/support/attacks.ts) at its bench size, through the built server over stdio or the CLI',
    date: new Date().toISOString().slice(0, 16) + 'Z',
    machine: `${cpus().length} cores, load ${loadAtStart} at the start, ${load()} at the end`,
    node: process.version,
    aim: 'every answer bounded and as expected; the event loop held at most 50 ms',
    results,
  };
  if (!only) writeFileSync(join(__dirname, 'results/attacks.json'), `${JSON.stringify(out, null, 1)}\n`);
}

void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
