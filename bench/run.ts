// `npm run bench`: performance of the built language server, measured through the real protocol
// (dist/server/main.js --stdio), plus parse throughput in-process. Three generated workloads (see
// workloads.ts): (a) the scenario's repo with the Debian module corpus on its modulepath, (b) a large control
// repo at half and full size, (c) one 50,000-line Hiera data file. Prints a table with PASS/MISS per target
// and writes bench/results/latest.json. Latencies are client-side round trips, requests sent one at a time.
// (s): the same generated repo at 1×, 2×, 4× and 8×, with the growth per doubling of each figure (scaling.ts).
//
// "Index" figures: the server sends no "indexed" notification, so the index time is the time to the first
// answer that needs it — the first workspace/symbol answer (it lists the classes of the whole modulepath) —
// and, for comparison, the same index built in-process with workspace/moduleIndex.ts.

import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { answeredWithin, startSession, type Session } from '../test/support/lspSession.js';
import { rng } from '../test/support/random.js';
import { bigFileRepo, bigPuppetfile, FULL, HALF, largeRepo, scenarioRepo, type LargeRepoSize } from './workloads.js';
import { load, peersOnHiera, percentile, typingReplay, type Figure } from './peers.js';
import { scaling } from './scaling.js';

const CORPUS = process.env.BENCH_CORPUS ?? '/usr/share/puppet/modules';
const SAMPLES = Number(process.env.BENCH_SAMPLES) > 0 ? Number(process.env.BENCH_SAMPLES) : 250;
/** BENCH_ONLY=a,c runs only those workloads (p: side by side with yaml-language-server, t: typing replay, s: scaling 1×–8×) (while working on one figure); the table then covers only them. */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'a,b,c,p,t,s').split(',').map((s) => s.trim()));
/** No single answer may take longer than this; a stuck server is a MISS, not a hung bench. */
const STUCK_MS = 300_000;

/** One figure of the table (the type is shared with peers.ts, which records through `record`). */
type Row = Figure;

const rows: Row[] = [];
function record(row: Row): void {
  rows.push(row);
  const v = row.value === null ? 'n/a' : `${fmt(row.value)} ${row.unit}`;
  console.log(`  ${row.workload.padEnd(4)} ${row.figure.padEnd(46)} ${v}${row.note ? `  (${row.note})` : ''}`);
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

const now = (): number => performance.now();

async function timed<T>(what: string, p: Promise<T>): Promise<{ ms: number; value: T }> {
  const t = now();
  const value = await answeredWithin(p, STUCK_MS, what);
  return { ms: now() - t, value };
}

function latencies(workload: string, figure: string, xs: number[], limit?: number): void {
  const target = limit === undefined ? undefined : ({ op: '<=', limit } as const);
  record({ workload, figure: `${figure} p50`, value: percentile(xs, 50), unit: 'ms', note: `${xs.length} requests` });
  record({
    workload,
    figure: `${figure} p99`,
    value: percentile(xs, 99),
    unit: 'ms',
    target,
    note: `${xs.length} requests`,
  });
}

function diagnosticsFor(s: Session, uri: string, version: number) {
  const seen = s.diagnostics.find((p) => p.uri === uri && p.version === version);
  return seen ? Promise.resolve(seen) : s.waitForDiagnostics(uri, (p) => p.version === version, STUCK_MS);
}

/** Offsets just after each top-level key's first character (hover) and at the end of `mesos::` lines (completion). */
function keyOffsets(text: string): number[] {
  const out: number[] = [];
  const re = /^[A-Za-z][\w:]*:/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index + 2);
  return out;
}

async function requestLatencies(
  s: Session,
  uri: string,
  kind: 'completion' | 'hover',
  offsets: number[],
  n: number,
  seed: number,
): Promise<number[]> {
  const r = rng(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const at = r.pick(offsets);
    out.push((await timed(kind, kind === 'completion' ? s.completion(uri, at) : s.hover(uri, at))).ms);
  }
  return out;
}

/**
 * didChange of one character inside a value on a random line, to the publishDiagnostics for that version. Each
 * edit replaces a digit with a digit, so the places found once stay valid and the client does no work of its
 * own between edits (a client that scans a 1.4 MB text before every edit measures its own collector).
 */
async function editLatencies(
  s: Session,
  uri: string,
  n: number,
  seed: number,
  lines?: { from: number; to: number },
  re: RegExp = /'v(alue )?\d+/g,
): Promise<number[]> {
  const r = rng(seed);
  const out: number[] = [];
  const text = s.textOf(uri);
  const candidates: number[] = [];
  re.lastIndex = lines ? text.split('\n', lines.from).join('\n').length : 0;
  for (let m = re.exec(text); m && candidates.length < 200; m = re.exec(text))
    candidates.push(m.index + m[0].length - 1);
  for (let i = 0; i < n; i++) {
    const at = candidates.length > 0 ? r.pick(candidates) : s.textOf(uri).length;
    const digit = String(r.int(10));
    // Timed from the moment the change is handed to the connection: the client's own work (positions in a
    // 1.4 MB text) is not the server's latency.
    const version = s.change(uri, at, Math.min(at + 1, s.textOf(uri).length), digit);
    const t = s.lastChangeSentAt();
    await answeredWithin(diagnosticsFor(s, uri, version), STUCK_MS, 'diagnostics after an edit');
    out.push(now() - t);
  }
  return out;
}

async function workspaceSymbols(s: Session, query: string): Promise<unknown[] | null> {
  return (await s.connection.sendRequest('workspace/symbol', { query })) as unknown[] | null;
}

function peakRss(workload: string, s: Session, limitMb?: number): void {
  const { peakKb } = s.memory();
  record({
    workload,
    figure: 'server peak RSS (VmHWM)',
    value: peakKb / 1024,
    unit: 'MB',
    ...(limitMb ? { target: { op: '<=', limit: limitMb } } : {}),
  });
}

// ---------------------------------------------------------------------------------------------------------------

/** Spawn → first completion of `mesos::` in common.yaml, the server shut down after (its code cache written). */
async function firstCompletion(root: string, settings: Record<string, unknown>): Promise<number> {
  const t0 = now();
  const s = await startSession({ root, settings, waitForIndex: false });
  const path = join(root, 'data/common.yaml');
  const text = `${readFileSync(path, 'utf8').trimEnd()}\nmesos::\n`;
  await timed('first completion', s.completion(s.open(path, text), text.length - 1));
  const ms = now() - t0;
  await s.shutdown();
  return ms;
}

async function workloadA(tmp: string): Promise<void> {
  console.log(`\n(a) scenario repo + module corpus on the modulepath (${CORPUS})`);
  const root = scenarioRepo(join(tmp, 'a'));
  const settings = { modulePath: [CORPUS] };
  // The bench's code cache folder is new: the first start is the one after an install or update, without V8's
  // code cache; every later start (the figures below, and the other workloads) has it.
  record({
    workload: '(a)',
    figure: 'spawn -> first completion, first start',
    value: await firstCompletion(root, settings),
    unit: 'ms',
    note: `no code cache yet (after an install or update), ${load()}`,
  });
  const t0 = now();
  const s = await startSession({ root, settings, waitForIndex: false });
  const commonPath = join(root, 'data/common.yaml');
  const text = `${readFileSync(commonPath, 'utf8').trimEnd()}\nmesos::zookeeper: 'zk://master1:2181,master2:2181,master3:2181/mesos'\nzookeeper::id: 1\nsite::bench: 'value 0'\nmesos::\n`;
  const uri = s.open(commonPath, text);
  const completionAt = text.lastIndexOf('mesos::') + 'mesos::'.length;
  const first = (await timed('first completion', s.completion(uri, completionAt))).value as { items: unknown[] } | null;
  const tFirst = now() - t0;
  record({
    workload: '(a)',
    figure: 'spawn -> first completion answered',
    value: tFirst,
    unit: 'ms',
    target: { op: '<=', limit: 300 },
    note: `${first?.items.length ?? 0} items, with the code cache, ${load()}`,
  });
  await diagnosticsFor(s, uri, 1);
  record({ workload: '(a)', figure: 'spawn -> first diagnostics of common.yaml', value: now() - t0, unit: 'ms' });
  const symbols = await answeredWithin(workspaceSymbols(s, 'mesos'), STUCK_MS, 'workspace/symbol');
  const tIndex = now() - t0;
  record({
    workload: '(a)',
    figure: 'spawn -> first workspace/symbol (index built)',
    value: tIndex,
    unit: 'ms',
    target: { op: '<=', limit: 1500 },
    note: `${symbols?.length ?? 0} symbols for 'mesos'`,
  });
  const offsets = keyOffsets(text);
  latencies(
    '(a)',
    'completion',
    await requestLatencies(s, uri, 'completion', [completionAt, ...offsets.map((o) => o - 2)], SAMPLES, 1),
    10,
  );
  latencies('(a)', 'hover', await requestLatencies(s, uri, 'hover', offsets, SAMPLES, 2), 10);
  // A manifest too, where completion and hover know the corpus' classes.
  const ppPath = join(root, 'site-modules/profile/manifests/zookeeper.pp');
  const pp = readFileSync(ppPath, 'utf8');
  const ppUri = s.open(ppPath, pp);
  const ppOffsets = [...pp.matchAll(/\b(include|class)\s+'?([\w:]+)/g)].map((m) => m.index! + m[0].length - 1);
  if (ppOffsets.length > 0) {
    latencies('(a)', 'manifest completion', await requestLatencies(s, ppUri, 'completion', ppOffsets, SAMPLES, 3));
    latencies('(a)', 'manifest hover', await requestLatencies(s, ppUri, 'hover', ppOffsets, SAMPLES, 4));
  }
  latencies('(a)', 'edit -> diagnostics (common.yaml)', await editLatencies(s, uri, SAMPLES, 5));
  // A keystroke in a 7-line manifest (profile::zookeeper, with a comment line whose digit each edit changes).
  const smallPath = join(root, 'site-modules/profile/manifests/zookeeper.pp');
  const small = `${readFileSync(smallPath, 'utf8')}# edit 0\n`;
  const smallUri = s.open(smallPath, small);
  await diagnosticsFor(s, smallUri, 1);
  latencies(
    '(a)',
    'edit -> diagnostics (7-line manifest)',
    await editLatencies(s, smallUri, SAMPLES, 12, undefined, /# edit \d/g),
    50,
  );
  peakRss('(a)', s);
  await s.shutdown();
}

async function inProcessIndex(root: string, modulePath: string[]): Promise<number | null> {
  if (!existsSync(join(__dirname, '../server/src/workspace/moduleIndex.ts'))) return null;
  const { moduleIndex } = await import('../server/src/workspace/moduleIndex.js');
  const { Project } = await import('../server/src/workspace/project.js');
  const { nodeFileSystem } = await import('../server/src/workspace/nodeFileSystem.js');
  const project = new Project(nodeFileSystem, [root], { modulePath });
  const t = now();
  moduleIndex(project, root);
  return now() - t;
}

async function workloadB(
  tmp: string,
  size: LargeRepoSize,
  label: string,
  full: boolean,
): Promise<{ index: number; inProcess: number | null }> {
  console.log(
    `\n(b) generated control repo, ${label}: ${size.profiles} profiles, ${size.nodes} node files, ${size.keys} Hiera keys`,
  );
  const { root, nodeFiles } = largeRepo(join(tmp, `b-${label}`), size);
  const w = `(b${label === 'half' ? '½' : ''})`;
  const t0 = now();
  const s = await startSession({ root, settings: { modulePath: [] }, waitForIndex: false });
  const nodePath = nodeFiles[7];
  const text = `${readFileSync(nodePath, 'utf8')}mesos::\n`;
  const uri = s.open(nodePath, text);
  const completionAt = text.length - 1;
  await timed('first completion', s.completion(uri, completionAt));
  record({ workload: w, figure: 'spawn -> first completion answered', value: now() - t0, unit: 'ms' });
  const tOpen = now();
  await diagnosticsFor(s, uri, 1);
  record({
    workload: w,
    figure: 'spawn -> first diagnostics of a node file',
    value: now() - t0,
    unit: 'ms',
    note: 'cluster model over every node',
  });
  const symbols = await answeredWithin(workspaceSymbols(s, 'profile::p1'), STUCK_MS, 'workspace/symbol');
  const index = now() - t0;
  void tOpen;
  record({
    workload: w,
    figure: 'spawn -> first workspace/symbol (index built)',
    value: index,
    unit: 'ms',
    note: `${symbols?.length ?? 0} symbols`,
  });
  if (full) {
    const offsets = keyOffsets(text);
    latencies(
      w,
      'completion',
      await requestLatencies(s, uri, 'completion', [completionAt, ...offsets.map((o) => o - 2)], SAMPLES, 6),
      10,
    );
    latencies(w, 'hover', await requestLatencies(s, uri, 'hover', offsets, SAMPLES, 7), 10);
    latencies(w, 'edit -> diagnostics (node file)', await editLatencies(s, uri, SAMPLES, 8));
  }
  peakRss(w, s, full ? 200 : undefined);
  await s.shutdown();
  const inProcess = await inProcessIndex(root, []);
  if (inProcess !== null)
    record({ workload: w, figure: 'module index built in-process', value: inProcess, unit: 'ms' });
  return { index, inProcess };
}

async function workloadC(tmp: string): Promise<string> {
  console.log('\n(c) one 50,000-line Hiera data file (data/common.yaml of the scenario repo)');
  const { root, file, text } = bigFileRepo(join(tmp, 'c'), 50_000);
  const t0 = now();
  const s = await startSession({ root, settings: { modulePath: [] }, waitForIndex: false });
  const uri = s.open(file, text);
  const first = await diagnosticsFor(s, uri, 1);
  record({
    workload: '(c)',
    figure: 'spawn -> first diagnostics of the big file',
    value: now() - t0,
    unit: 'ms',
    note: `${(text.length / 1048576).toFixed(1)} MB`,
  });
  const sent = `${first.diagnostics.length.toLocaleString('en-US')} diagnostics sent (default limit)`;
  const edits = await editLatencies(s, uri, SAMPLES, 9, { from: 24_000, to: 26_000 });
  record({
    workload: '(c)',
    figure: 'edit -> diagnostics p50',
    value: percentile(edits, 50),
    unit: 'ms',
    note: `${edits.length} edits mid-file, ${sent}`,
  });
  record({
    workload: '(c)',
    figure: 'edit -> diagnostics p99',
    value: percentile(edits, 99),
    unit: 'ms',
    target: { op: '<=', limit: 50 },
    note: `${edits.length} edits mid-file, ${sent}`,
  });
  const offsets = keyOffsets(s.textOf(uri));
  latencies(
    '(c)',
    'completion',
    await requestLatencies(
      s,
      uri,
      'completion',
      offsets.map((o) => o - 2),
      SAMPLES,
      10,
    ),
  );
  latencies('(c)', 'hover', await requestLatencies(s, uri, 'hover', offsets, SAMPLES, 11));
  peakRss('(c)', s);
  await s.shutdown();

  // The same edits with every diagnostic sent (maxDiagnosticsPerFile 0), as an editor that asks for all of them gets.
  const all = await startSession({ root, settings: { modulePath: [], maxDiagnosticsPerFile: 0 }, waitForIndex: false });
  const allUri = all.open(file, text);
  const allFirst = await diagnosticsFor(all, allUri, 1);
  const allEdits = await editLatencies(all, allUri, SAMPLES, 9, { from: 24_000, to: 26_000 });
  const note = `${allEdits.length} edits, all ${allFirst.diagnostics.length.toLocaleString('en-US')} diagnostics sent (limit 0)`;
  record({
    workload: '(c)',
    figure: 'edit -> diagnostics p50, no limit',
    value: percentile(allEdits, 50),
    unit: 'ms',
    note,
  });
  record({
    workload: '(c)',
    figure: 'edit -> diagnostics p99, no limit',
    value: percentile(allEdits, 99),
    unit: 'ms',
    note,
  });
  await all.shutdown();
  return text;
}

function ppFilesUnder(dir: string, out: string[] = [], seen = new Set<string>()): string[] {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return out;
  }
  if (seen.has(real)) return out;
  seen.add(real);
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) ppFilesUnder(p, out, seen);
    else if (name.endsWith('.pp')) out.push(p);
  }
  return out;
}

async function throughput(hieraText: string): Promise<void> {
  console.log('\nparse throughput, in-process');
  const { parsePuppet, summarizeManifest } = await import('../server/src/syntax/puppet/index.js');
  const { parseHieraData } = await import('../server/src/syntax/hiera/dataFile.js');
  const files = existsSync(CORPUS) ? ppFilesUnder(CORPUS) : [];
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  let t = now();
  const parses = texts.map((x) => parsePuppet(x));
  const parseMs = now() - t;
  record({
    workload: 'all',
    figure: 'Puppet parser over the corpus',
    value: bytes / 1048576 / (parseMs / 1000),
    unit: 'MB/s',
    note: `${files.length} files, ${(bytes / 1048576).toFixed(1)} MB in ${fmt(parseMs)} ms`,
  });
  t = now();
  parses.forEach((p, i) => summarizeManifest(p, texts[i]));
  const sumMs = now() - t;
  record({
    workload: 'all',
    figure: 'corpus parse + summarize (index cost)',
    value: parseMs + sumMs,
    unit: 'ms',
    target: { op: '<=', limit: 1500 },
  });
  const hBytes = Buffer.byteLength(hieraText);
  const hMs = Math.min(
    ...[0, 1, 2].map(() => {
      const s = now();
      parseHieraData(hieraText);
      return now() - s;
    }),
  );
  record({
    workload: 'all',
    figure: 'Hiera data parse (50,000-line file)',
    value: hBytes / 1048576 / (hMs / 1000),
    unit: 'MB/s',
    note: `${(hBytes / 1048576).toFixed(1)} MB in ${fmt(hMs)} ms`,
  });
  if (existsSync(join(__dirname, '../server/src/syntax/puppetfile/index.ts'))) {
    const { parsePuppetfile } = await import('../server/src/syntax/puppetfile/index.js');
    const pf = bigPuppetfile(5000);
    const pBytes = Buffer.byteLength(pf);
    const pMs = Math.min(
      ...[0, 1, 2].map(() => {
        const s = now();
        parsePuppetfile(pf);
        return now() - s;
      }),
    );
    record({
      workload: 'all',
      figure: 'Puppetfile parse (5,000 modules)',
      value: pBytes / 1048576 / (pMs / 1000),
      unit: 'MB/s',
      note: `${(pBytes / 1024).toFixed(0)} kB in ${fmt(pMs)} ms`,
    });
  }
}

async function main(): Promise<void> {
  const started = now();
  const tmp = mkdtempSync(join(tmpdir(), 'mp-bench-'));
  // V8's code cache of the server bundle (server/src/boot.ts), in a folder of this run: see workload (a).
  process.env.MESOS_PUPPET_CACHE = join(tmp, 'code-cache');
  console.log(
    `mesos-puppet bench: node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), ${SAMPLES} samples per latency, ${load()}`,
  );
  try {
    // Without (a), one start writes the code cache, so that every measured start has it.
    if (!ONLY.has('a')) await (await startSession({ waitForIndex: false })).shutdown();
    if (ONLY.has('a')) {
      await workloadA(tmp);
      const aIndex = await inProcessIndex(join(tmp, 'a'), [CORPUS]);
      if (aIndex !== null)
        record({
          workload: '(a)',
          figure: 'module index over the corpus, in-process',
          value: aIndex,
          unit: 'ms',
          target: { op: '<=', limit: 1500 },
        });
    }
    if (ONLY.has('b')) {
      const half = await workloadB(tmp, HALF, 'half', false);
      const full = await workloadB(tmp, FULL, 'full', true);
      record({
        workload: '(b)',
        figure: 'index time full / half (server)',
        value: full.index / half.index,
        unit: 'x',
        target: { op: '<=', limit: 2.4 },
        note: 'linear = 2.0',
      });
      if (full.inProcess !== null && half.inProcess !== null) {
        record({
          workload: '(b)',
          figure: 'index time full / half (in-process)',
          value: full.inProcess / half.inProcess,
          unit: 'x',
          target: { op: '<=', limit: 2.4 },
          note: 'linear = 2.0',
        });
      }
    }
    if (ONLY.has('c')) {
      const hieraText = await workloadC(tmp);
      await throughput(hieraText);
    }
    if (ONLY.has('p')) {
      await peersOnHiera(tmp, record, 460, 'a 200-key Hiera file', SAMPLES, 120_000);
      await peersOnHiera(tmp, record, 50_000, 'the 50,000-line Hiera file', Math.min(SAMPLES, 100), 120_000);
    }
    if (ONLY.has('s')) await scaling(tmp, record, Math.min(SAMPLES, 40));
    if (ONLY.has('t')) {
      const root = scenarioRepo(join(tmp, 't'));
      const node = join(root, 'data/nodes/master1.yaml');
      await typingReplay(root, node, readFileSync(node, 'utf8'), [CORPUS], record, 12);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  printTable();
  const out = join(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'latest.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        load: load(),
        node: process.version,
        cores: availableParallelism(),
        cpu: cpus()[0]?.model,
        samples: SAMPLES,
        corpus: CORPUS,
        runtimeSeconds: (now() - started) / 1000,
        rows: rows.map((r) => ({ ...r, result: verdict(r) })),
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nwritten bench/results/latest.json; total ${((now() - started) / 1000).toFixed(0)} s`);
}

function verdict(r: Row): 'PASS' | 'MISS' | undefined {
  if (!r.target) return undefined;
  if (r.value === null) return 'MISS';
  return (r.target.op === '<=' ? r.value <= r.target.limit : r.value >= r.target.limit) ? 'PASS' : 'MISS';
}

function printTable(): void {
  const lines = rows.map((r) => [
    r.workload,
    r.figure,
    r.value === null ? 'n/a' : `${fmt(r.value)} ${r.unit}`,
    r.target ? `${r.target.op} ${r.target.limit} ${r.unit}` : '',
    verdict(r) ?? '',
  ]);
  const widths = [0, 1, 2, 3, 4].map((i) =>
    Math.max(...lines.map((l) => l[i].length), ['workload', 'figure', 'value', 'target', 'result'][i].length),
  );
  const show = (l: string[]) => `| ${l.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${show(['workload', 'figure', 'value', 'target', 'result'])}`);
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(show(l));
  const targeted = rows.filter((r) => r.target);
  console.log(`\n${targeted.filter((r) => verdict(r) === 'PASS').length}/${targeted.length} targets met`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
