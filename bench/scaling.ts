// The bench's scaling figures (issue 16, requirement 1): the generated control repo of workloads.ts at 1×, 2×, 4×
// and 8× (500 → 4,000 profiles, 500 → 4,000 node files, 12,500 → 100,000 keys), each met cold through the
// protocol, with the growth per doubling of each figure: (value at 8× / value at 1×)^(1/3). Linear is 2.0; the
// target is ≤ 2.1. The figures are what a user meets: spawn → first completion, a keystroke in a role followed by
// an `include` completion (the index and everything that depends on it updated, not rebuilt), a keystroke in a
// node file → its diagnostics, the server's CPU time for the whole session, and its peak memory.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answeredWithin, startSession, type Session } from '../test/support/lspSession.js';
import { largeRepo, type LargeRepoSize } from './workloads.js';
import { load, percentile, type Figure } from './peers.js';

type Record = (row: Figure) => void;

const STUCK_MS = 300_000;
const now = (): number => performance.now();

/** Sizes of the scaling runs (BENCH_SCALES=1,2 runs fewer while working on one figure). */
const SCALES = (process.env.BENCH_SCALES ?? '1,2,4,8')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);

export function scaledSize(k: number): LargeRepoSize {
  return { profiles: 500 * k, nodes: 500 * k, keys: 12_500 * k };
}

/** The server's CPU time so far (user + system), in ms, from /proc (clock ticks of 10 ms). */
function cpuMs(s: Session): number {
  const stat = readFileSync(`/proc/${s.process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface ScaleFigures {
  readonly first: number;
  readonly roleEdit: number[];
  readonly nodeEdit: number[];
  readonly cpu: number;
  readonly rss: number;
}

async function oneSize(tmp: string, k: number, samples: number): Promise<ScaleFigures> {
  const size = scaledSize(k);
  const { root, nodeFiles } = largeRepo(join(tmp, `s${k}`), size);
  const t0 = now();
  const s = await startSession({ root, settings: { modulePath: [] }, waitForIndex: false });
  try {
    const nodePath = nodeFiles[7];
    const nodeText = `${readFileSync(nodePath, 'utf8')}mesos::\n`;
    const nodeUri = s.open(nodePath, nodeText);
    await answeredWithin(s.completion(nodeUri, nodeText.length - 1), STUCK_MS, 'first completion');
    const first = now() - t0;
    // The full set of the node file's diagnostics comes once the index is ready.
    await answeredWithin(
      s.connection.sendRequest('workspace/symbol', { query: 'profile::p1' }),
      STUCK_MS,
      'workspace/symbol',
    );

    // A keystroke in a role, then an include completion in it: the index and what depends on it follow the edit.
    const rolePath = join(root, 'site-modules/role/manifests/r3.pp');
    const roleText = readFileSync(rolePath, 'utf8');
    const roleUri = s.open(rolePath, roleText);
    const digit = roleText.indexOf('profile::p3') + 'profile::p3'.length;
    const includeAt = roleText.indexOf('profile::p') + 'profile::p'.length;
    await answeredWithin(s.completion(roleUri, includeAt), STUCK_MS, 'include completion');
    const roleEdit: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t = now();
      s.change(roleUri, digit, digit + 1, String(i % 10));
      await answeredWithin(s.completion(roleUri, includeAt), STUCK_MS, 'include completion after a role edit');
      roleEdit.push(now() - t);
    }

    // A keystroke in a value of the node file, to its diagnostics.
    const value = s.textOf(nodeUri).search(/'v\d/) + 2;
    const nodeEdit: number[] = [];
    for (let i = 0; i < samples; i++) {
      const version = s.change(nodeUri, value, value + 1, String(i % 10));
      const t = s.lastChangeSentAt();
      await answeredWithin(
        s.waitForDiagnostics(nodeUri, (p) => p.version === version, STUCK_MS),
        STUCK_MS,
        'diagnostics after an edit',
      );
      nodeEdit.push(now() - t);
    }
    return { first, roleEdit, nodeEdit, cpu: cpuMs(s), rss: s.memory().peakKb / 1024 };
  } finally {
    await s.shutdown();
  }
}

export async function scaling(tmp: string, record: Record, samples: number): Promise<void> {
  console.log(
    `\n(s) scaling: the generated repo at ${SCALES.map((k) => `${k}×`).join(', ')} (${SCALES.map((k) => `${scaledSize(k).profiles} profiles/${scaledSize(k).nodes} nodes/${scaledSize(k).keys} keys`).join('; ')})`,
  );
  const by = new Map<number, ScaleFigures>();
  for (const k of SCALES) {
    const at = load();
    const f = await oneSize(tmp, k, samples);
    by.set(k, f);
    const w = `(s${k}×)`;
    record({ workload: w, figure: 'spawn -> first completion answered', value: f.first, unit: 'ms', note: at });
    record({
      workload: w,
      figure: 'role edit -> include completion p50',
      value: percentile(f.roleEdit, 50),
      unit: 'ms',
      note: `${f.roleEdit.length} edits`,
    });
    record({
      workload: w,
      figure: 'role edit -> include completion p99',
      value: percentile(f.roleEdit, 99),
      unit: 'ms',
      note: `${f.roleEdit.length} edits`,
    });
    record({
      workload: w,
      figure: 'edit -> diagnostics p99 (node file)',
      value: percentile(f.nodeEdit, 99),
      unit: 'ms',
      note: `${f.nodeEdit.length} edits`,
    });
    record({ workload: w, figure: 'server CPU, whole session', value: f.cpu, unit: 'ms' });
    record({
      workload: w,
      figure: 'server peak RSS (VmHWM)',
      value: f.rss,
      unit: 'MB',
      ...(k === 4 ? { target: { op: '<=', limit: 200 } } : {}),
    });
  }
  const lo = Math.min(...SCALES);
  const hi = Math.max(...SCALES);
  if (hi === lo) return;
  const a = by.get(lo)!;
  const b = by.get(hi)!;
  const doublings = Math.log2(hi / lo);
  const growth = (x: number, y: number): number => (y / x) ** (1 / doublings);
  const target = { op: '<=', limit: 2.1 } as const;
  const note = `(${hi}× / ${lo}×)^(1/${doublings}); linear = 2.0`;
  record({ workload: '(s)', figure: 'growth per doubling: CPU', value: growth(a.cpu, b.cpu), unit: 'x', target, note });
  record({
    workload: '(s)',
    figure: 'growth per doubling: first completion',
    value: growth(a.first, b.first),
    unit: 'x',
    target,
    note,
  });
  record({
    workload: '(s)',
    figure: 'growth per doubling: edit -> diagnostics p99',
    value: growth(percentile(a.nodeEdit, 99), percentile(b.nodeEdit, 99)),
    unit: 'x',
    target,
    note,
  });
  record({
    workload: '(s)',
    figure: 'growth per doubling: role edit -> completion p99',
    value: growth(percentile(a.roleEdit, 99), percentile(b.roleEdit, 99)),
    unit: 'x',
    target,
    note,
  });
  record({
    workload: '(s)',
    figure: 'growth per doubling: peak RSS',
    value: growth(a.rss, b.rss),
    unit: 'x',
    target,
    note,
  });
}
