// Oracle test: our lookup engine against the real `puppet lookup` (Puppet 7.23) on a realistic control repo
// (test/fixtures/lookup/controlRepo.ts, written to a temporary directory): every (key, node, merge) case must
// give the same outcome, found with an equal value, not found, or an error. `puppet lookup` answers only the
// first found key when given several keys, and one process per case costs 2.5-9 s, so a small Ruby driver runs
// Puppet's own `lookup` application once per case inside a single process (same argv, same rendering, exit status
// caught). Two cases are also run as separate `puppet lookup` processes and must print exactly what the driver
// printed, which keeps the driver honest. Hash key order is compared and reported. Needs `puppet`; `.ci/run`
// installs it.

import { strict as assert } from 'node:assert';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLookupSession, type LookupSession } from '../../server/src/knowledge/lookup/engine.js';
import type { MergeSpec } from '../../server/src/knowledge/lookup/mergeStrategy.js';
import { toJson } from '../../server/src/knowledge/lookup/values.js';
import { nodeFileSystem } from '../../server/src/workspace/nodeFileSystem.js';
import { runLookupDriver, type RawRun } from '../support/puppetLookup.js';
import { CASES, ENV_FILES, GLOBAL_FILES, NODES, nodeFacts, type LookupCase } from '../fixtures/lookup/controlRepo.js';

const MISSING_PUPPET = "the real 'puppet' (with its ruby) is not installed: run .ci/run, which installs it";

function puppetAvailable(): boolean {
  return (
    spawnSync('puppet', ['--version'], { encoding: 'utf8' }).status === 0 &&
    spawnSync('ruby', ['--version']).status === 0
  );
}

/** Puppet's answers, kept for the hermetic unit test; refreshed with UPDATE_EXPECT=1. */
const EXPECTED_FILE = join(__dirname, '../fixtures/lookup/oracle-expected.json');
/** Cases also run as separate `puppet lookup` processes: a merge with lookup_options and an error. */
const CROSS_CHECK = [8, 45];
const SENTINEL = '__MESOS_PUPPET_NOT_FOUND__';

type Verdict = { kind: 'found'; json: unknown } | { kind: 'not-found' } | { kind: 'error'; message: string };

function caseArgs(root: string, c: LookupCase): string[] {
  return [
    c.key,
    '--node',
    c.node,
    '--facts',
    join(root, `facts/${c.node}.json`),
    '--render-as',
    'json',
    '--default',
    SENTINEL,
    ...(c.merge ? ['--merge', c.merge] : []),
    ...(c.knockoutPrefix !== undefined ? [`--knock-out-prefix=${c.knockoutPrefix}`] : []),
    ...(c.sortMergedArrays ? ['--sort-merged-arrays'] : []),
    ...(c.mergeHashArrays ? ['--merge-hash-arrays'] : []),
  ];
}

function mergeOf(c: LookupCase): MergeSpec | undefined {
  if (!c.merge) return undefined;
  if (c.merge !== 'deep') return { strategy: c.merge };
  return {
    strategy: 'deep',
    knockoutPrefix: c.knockoutPrefix,
    sortMergedArrays: c.sortMergedArrays || undefined,
    mergeHashArrays: c.mergeHashArrays || undefined,
  };
}

function globalArgs(root: string): string[] {
  return [
    '--confdir',
    join(root, 'conf'),
    '--vardir',
    join(root, 'var'),
    '--environmentpath',
    join(root, 'envs'),
    '--environment',
    'production',
  ];
}

function verdictOf(run: RawRun): Verdict {
  if (run.status !== 0) {
    const text = run.stderr.replace(/\x1b\[[0-9;]*m/g, '');
    // Without --explain, puppet lookup reports a failed lookup only by its exit status.
    return {
      kind: 'error',
      message:
        text.split('\n').find((l) => l.includes('Error')) ?? (text.trim() || `exit status ${run.status}, no message`),
    };
  }
  const json: unknown = JSON.parse(run.stdout.trim());
  return json === SENTINEL ? { kind: 'not-found' } : { kind: 'found', json };
}

function runDriver(root: string, cases: readonly LookupCase[]): Promise<RawRun[]> {
  return runLookupDriver(
    root,
    cases.map((c) => caseArgs(root, c)),
    globalArgs(root),
  );
}

/** One real `puppet lookup` process. */
function runPuppet(root: string, c: LookupCase): Promise<RawRun> {
  return new Promise((resolve) => {
    execFile(
      'puppet',
      ['lookup', ...caseArgs(root, c), ...globalArgs(root)],
      { encoding: 'utf8', timeout: 120_000 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

async function pool<T, R>(items: readonly T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

/** JSON with hash keys sorted, for comparing values regardless of key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** JSON with hash keys in their order; JavaScript objects reorder integer-like keys, so pairs are listed. */
function ordered(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(ordered).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v as object)
      .map((k) => JSON.stringify(k))
      .join(',')}}`;
  return JSON.stringify(v);
}

describe('lookup engine vs puppet lookup', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'mesos-puppet-lookup-'));
    const env = join(root, 'envs/production');
    for (const [rel, text] of Object.entries(ENV_FILES)) {
      const p = join(env, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
    }
    for (const [rel, text] of Object.entries(GLOBAL_FILES)) {
      const p = join(root, 'conf', rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
    }
    mkdirSync(join(root, 'var'), { recursive: true });
    mkdirSync(join(root, 'facts'), { recursive: true });
    for (const node of NODES) writeFileSync(join(root, `facts/${node}.json`), JSON.stringify(nodeFacts(node)));
  });
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it(`agrees with puppet lookup on ${CASES.length} (key, node, merge) cases`, async () => {
    assert.ok(puppetAvailable(), MISSING_PUPPET);
    const env = join(root, 'envs/production');
    const sessions = new Map<string, LookupSession>();
    const session = (node: string): LookupSession => {
      let s = sessions.get(node);
      if (!s) {
        s = createLookupSession({
          fs: nodeFileSystem,
          environmentDir: env,
          globalConfigPath: join(root, 'conf/hiera.yaml'),
          modulePath: [join(env, 'modules')],
          node: { certname: node, facts: nodeFacts(node) },
        });
        sessions.set(node, s);
      }
      return s;
    };
    const started = Date.now();
    // One after the other: Puppet processes sharing a confdir and vardir can trip over each other at start-up.
    const raw = await runDriver(root, CASES);
    const direct = await pool(CROSS_CHECK, 1, (i) => runPuppet(root, CASES[i]));
    const seconds = (Date.now() - started) / 1000;
    CROSS_CHECK.forEach((caseIndex, j) => {
      const d = direct[j];
      const b = raw[caseIndex];
      assert.equal(
        d.status === 0,
        b.status === 0,
        `driver and puppet lookup disagree on the exit status of case ${caseIndex}`,
      );
      if (d.status === 0)
        assert.equal(
          b.stdout.trim(),
          d.stdout.trim(),
          `driver and puppet lookup print different values for case ${caseIndex}`,
        );
    });
    const verdicts = raw.map(verdictOf);
    let agree = 0;
    let orderAgree = 0;
    let found = 0;
    let notFound = 0;
    let errors = 0;
    const disagreements: string[] = [];
    const errorPairs: string[] = [];
    CASES.forEach((c, i) => {
      const theirs = verdicts[i];
      const r = session(c.node).lookup(c.key, mergeOf(c));
      const ours: Verdict =
        r.outcome.kind === 'found'
          ? { kind: 'found', json: toJson(r.outcome.value) }
          : r.outcome.kind === 'not-found'
            ? { kind: 'not-found' }
            : { kind: 'error', message: r.outcome.message };
      const label = `${c.key} @ ${c.node}${c.merge ? ` --merge ${c.merge}` : ''}${c.knockoutPrefix ? ` --knock-out-prefix=${c.knockoutPrefix}` : ''}${c.sortMergedArrays ? ' --sort-merged-arrays' : ''}${c.mergeHashArrays ? ' --merge-hash-arrays' : ''}`;
      if (ours.kind === 'error' && theirs.kind === 'error')
        errorPairs.push(`${label}\n    puppet: ${theirs.message}\n    ours:   ${ours.message}`);
      let same = ours.kind === theirs.kind;
      if (same && ours.kind === 'found' && theirs.kind === 'found')
        same = canonical(ours.json) === canonical(theirs.json);
      if (same) {
        agree++;
        if (theirs.kind === 'found') found++;
        else if (theirs.kind === 'not-found') notFound++;
        else errors++;
        if (ours.kind !== 'found' || theirs.kind !== 'found' || ordered(ours.json) === ordered(theirs.json))
          orderAgree++;
      } else {
        const show = (v: Verdict): string =>
          v.kind === 'found' ? JSON.stringify(v.json) : v.kind === 'error' ? `error: ${v.message}` : 'not found';
        disagreements.push(`${label}\n    puppet: ${show(theirs)}\n    ours:   ${show(ours)}`);
      }
    });
    console.log(
      `lookup oracle: ${agree}/${CASES.length} cases agree (${found} found, ${notFound} not found, ${errors} errors on both sides); ` +
        `hash key order agrees in ${orderAgree}/${agree}; puppet time ${seconds.toFixed(1)} s (one driver process for ${CASES.length} lookups, ${CROSS_CHECK.length} separate puppet lookup processes agree with it)`,
    );
    console.log(`errors on both sides (messages for comparison):\n  ${errorPairs.join('\n  ')}`);
    if (disagreements.length > 0) console.log(`disagreements:\n  ${disagreements.join('\n  ')}`);
    if (process.env.UPDATE_EXPECT === '1') {
      const expected = CASES.map((c, i) => ({
        ...c,
        puppet: verdicts[i].kind === 'error' ? { kind: 'error' } : verdicts[i],
      }));
      writeFileSync(EXPECTED_FILE, `${JSON.stringify(expected, null, 1)}\n`);
      console.log(`wrote ${EXPECTED_FILE}`);
    }
    assert.equal(agree, CASES.length, `${CASES.length - agree} cases differ from puppet lookup`);
  });
});
