// The bench's side-by-side figures: our server and yaml-language-server (YLS, the server VS Code's YAML extension
// runs; a dev dependency of the bench only) on the same Hiera files, in the same invocation, one after the other,
// with the machine's load recorded beside each; and a typing replay that starts at spawn, as users meet the
// server: bursts of keystrokes with the completion and hover requests an editor sends between them, while the
// first module index is still being prepared.

import { loadavg } from 'node:os';
import { join } from 'node:path';
import { answeredWithin, startSession, type Session } from '../test/support/lspSession.js';
import { rng } from '../test/support/random.js';
import { bigFileRepo } from './workloads.js';

export interface Figure {
  readonly workload: string;
  readonly figure: string;
  readonly value: number | null;
  readonly unit: string;
  readonly target?: { readonly op: '<=' | '>='; readonly limit: number };
  readonly note?: string;
}

type Record = (row: Figure) => void;

const STUCK_MS = 300_000;
const YLS = join(__dirname, '..', 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');

const now = (): number => performance.now();

/** The p-th percentile of the samples (nearest rank). */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** The 1-minute load average, rounded: recorded with each workload, since a busy machine moves every figure. */
export function load(): string {
  return `load ${loadavg()[0].toFixed(2)}`;
}

/** The next publishDiagnostics for the uri after the `seen`-th (YLS sends no version: count them instead). */
async function nextDiagnostics(s: Session, uri: string, seen: number): Promise<void> {
  if (s.diagnostics.filter((p) => p.uri === uri).length > seen) return;
  await s.waitForDiagnostics(uri, () => true, STUCK_MS);
}

interface PeerFigures {
  readonly first: number;
  readonly completion: number[];
  readonly hover: number[];
  readonly edit: number[];
  readonly peakMb: number;
  /** How many completion/hover/edit samples were taken within the budget. */
  readonly samples: string;
}

/** One server on one file: spawn → first completion, then completion, hover and edit → diagnostics latencies. */
async function measure(
  script: string | undefined,
  root: string,
  file: string,
  text: string,
  samples: number,
  seed: number,
  budgetMs: number,
): Promise<PeerFigures> {
  const t0 = now();
  // A server that takes seconds per answer would hold the bench for hours: past the budget, the samples taken so
  // far stand (at least 5 of each).
  const within = (n: number): boolean => n < 5 || now() - t0 < budgetMs;
  const s = await startSession({
    root,
    settings: { modulePath: [] },
    waitForIndex: false,
    ...(script ? { serverScript: script } : {}),
  });
  const uri = s.open(file, text);
  const keys = [...text.matchAll(/^[A-Za-z][\w:]*:/gm)].map((m) => m.index! + 2);
  await answeredWithin(s.completion(uri, keys[keys.length >> 1]), STUCK_MS, 'first completion');
  const first = now() - t0;
  await nextDiagnostics(s, uri, 0);
  const r = rng(seed);
  const completion: number[] = [];
  const hover: number[] = [];
  for (let i = 0; i < samples && within(i); i++) {
    let t = now();
    await answeredWithin(s.completion(uri, r.pick(keys)), STUCK_MS, 'completion');
    completion.push(now() - t);
    t = now();
    await answeredWithin(s.hover(uri, r.pick(keys)), STUCK_MS, 'hover');
    hover.push(now() - t);
  }
  // A digit inside a value changed for another; every publish after it is counted.
  const digits = [...text.matchAll(/'value (\d+)/g)].map((m) => m.index! + m[0].length - 1);
  const edit: number[] = [];
  for (let i = 0; i < samples && within(i); i++) {
    const seen = s.diagnostics.filter((p) => p.uri === uri).length;
    const at = r.pick(digits);
    s.change(uri, at, at + 1, String(r.int(10)));
    const t = s.lastChangeSentAt();
    await answeredWithin(nextDiagnostics(s, uri, seen), STUCK_MS, 'diagnostics after an edit');
    edit.push(now() - t);
  }
  const peakMb = s.memory().peakKb / 1024;
  await s.shutdown();
  return {
    first,
    completion,
    hover,
    edit,
    peakMb,
    samples: `${completion.length}/${hover.length}/${edit.length} samples`,
  };
}

/** Our server and YLS on the same Hiera file, figures side by side, with YLS / ours ratios (target: ≥ 10×). */
export async function peersOnHiera(
  tmp: string,
  record: Record,
  lines: number,
  label: string,
  samples: number,
  budgetMs: number,
): Promise<void> {
  console.log(`\n(p) ${label}: our server and yaml-language-server on the same file, one after the other (${load()})`);
  const { root, file, text } = bigFileRepo(join(tmp, `p-${lines}`), lines);
  const ours = await measure(undefined, root, file, text, samples, 21, budgetMs);
  const ourLoad = load();
  const yls = await measure(YLS, root, file, text, samples, 21, budgetMs);
  const ylsLoad = load();
  const w = `(p${lines >= 10_000 ? 'L' : 'S'})`;
  const pairs: Array<[string, number, number]> = [
    ['spawn -> first completion', ours.first, yls.first],
    ['completion p50', percentile(ours.completion, 50), percentile(yls.completion, 50)],
    ['completion p99', percentile(ours.completion, 99), percentile(yls.completion, 99)],
    ['hover p50', percentile(ours.hover, 50), percentile(yls.hover, 50)],
    ['hover p99', percentile(ours.hover, 99), percentile(yls.hover, 99)],
    ['edit -> diagnostics p50', percentile(ours.edit, 50), percentile(yls.edit, 50)],
    ['edit -> diagnostics p99', percentile(ours.edit, 99), percentile(yls.edit, 99)],
  ];
  for (const [figure, o, y] of pairs) {
    record({ workload: w, figure: `${figure}: ours`, value: o, unit: 'ms', note: `${ourLoad}, ${ours.samples}` });
    record({ workload: w, figure: `${figure}: YLS`, value: y, unit: 'ms', note: `${ylsLoad}, ${yls.samples}` });
    record({ workload: w, figure: `${figure}: YLS / ours`, value: y / o, unit: 'x', target: { op: '>=', limit: 10 } });
  }
  record({ workload: w, figure: 'peak RSS: ours', value: ours.peakMb, unit: 'MB' });
  record({ workload: w, figure: 'peak RSS: YLS', value: yls.peakMb, unit: 'MB' });
}

/**
 * A typing replay from spawn: in a node file of the scenario repo with the module corpus on the modulepath (so
 * the first index is still being prepared while the user types), a new key typed one character at a time, as
 * bursts of didChange, with a completion request after each keystroke and a hover every fifth, as VS Code
 * sends them. Every request's latency counts; target p99 ≤ 20 ms while typing.
 */
export async function typingReplay(
  root: string,
  file: string,
  text: string,
  modulePath: readonly string[],
  record: Record,
  rounds: number,
): Promise<void> {
  console.log(`\n(t) typing replay from spawn, corpus on the modulepath (${load()})`);
  const t0 = now();
  const s = await startSession({ root, settings: { modulePath }, waitForIndex: false });
  const uri = s.open(file, text);
  const completion: number[] = [];
  const hover: number[] = [];
  const edits: number[] = [];
  const words = ['mesos::master::options:', 'mesos::zookeeper:', 'zookeeper::id:', 'mesos::slave::work_dir:'];
  let firstAnswer: number | undefined;
  for (let round = 0; round < rounds; round++) {
    const word = words[round % words.length];
    const lineStart = s.textOf(uri).length;
    s.change(uri, lineStart, lineStart, '\n');
    for (let i = 0; i < word.length; i++) {
      const at = s.textOf(uri).length;
      const version = s.change(uri, at, at, word[i]);
      const sent = s.lastChangeSentAt();
      let t = now();
      await answeredWithin(s.completion(uri, at + 1), STUCK_MS, 'completion while typing');
      completion.push(now() - t);
      firstAnswer ??= now() - t0;
      if (i % 5 === 4) {
        t = now();
        await answeredWithin(s.hover(uri, lineStart + 2), STUCK_MS, 'hover while typing');
        hover.push(now() - t);
      }
      if (i === word.length - 1) {
        const published = s.diagnostics.find((p) => p.uri === uri && p.version === version);
        if (!published)
          await answeredWithin(
            s.waitForDiagnostics(uri, (p) => p.version === version, STUCK_MS),
            STUCK_MS,
            'diagnostics while typing',
          );
        edits.push(now() - sent);
      }
    }
  }
  const note = `${rounds} keys typed from spawn, ${load()}`;
  record({
    workload: '(t)',
    figure: 'spawn -> first answer while typing',
    value: firstAnswer ?? null,
    unit: 'ms',
    target: { op: '<=', limit: 300 },
    note,
  });
  record({
    workload: '(t)',
    figure: 'completion while typing p50',
    value: percentile(completion, 50),
    unit: 'ms',
    note: `${completion.length} requests`,
  });
  record({
    workload: '(t)',
    figure: 'completion while typing p99',
    value: percentile(completion, 99),
    unit: 'ms',
    target: { op: '<=', limit: 20 },
    note: `${completion.length} requests`,
  });
  record({
    workload: '(t)',
    figure: 'hover while typing p99',
    value: percentile(hover, 99),
    unit: 'ms',
    target: { op: '<=', limit: 20 },
    note: `${hover.length} requests`,
  });
  record({
    workload: '(t)',
    figure: 'end of a key -> its diagnostics p99',
    value: percentile(edits, 99),
    unit: 'ms',
    note: `${edits.length} keys`,
  });
  await s.shutdown();
}
