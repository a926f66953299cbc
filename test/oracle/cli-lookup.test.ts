// Oracle test: `mesos-puppet lookup` (the built CLI) against the real `puppet lookup` (Puppet 7.23) on the book's
// control repo (test/fixtures/workspaces/book, copied to a temporary environment directory). For each (key, node,
// merge) case both must agree on found / not found and, when found, on the value as printed (a Float written
// `1.0` is not the Integer `1`; whole Floats through aliases and merge keys are among the cases). Puppet's lookup application
// is run for every case inside one Ruby process (a `puppet lookup` process costs 4-6 s); one case is also run as
// a separate `puppet lookup` process and must print what the driver printed. Needs `puppet`; `.ci/run`
// installs it. Without it the test fails, it is never skipped.

import { strict as assert } from 'node:assert';
import { execFile, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runLookupDriver } from '../support/puppetLookup.js';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const BOOK = join(ROOT, 'test/fixtures/workspaces/book');
const MISSING_PUPPET = "the real 'puppet' (with its ruby) is not installed: run .ci/run, which installs it";
const SENTINEL = '__MESOS_PUPPET_NOT_FOUND__';

interface Case {
  readonly key: string;
  readonly node: string;
  readonly merge?: 'first' | 'unique' | 'hash' | 'deep';
}

const NODES = ['master1', 'slave1'];
const KEYS: ReadonlyArray<Omit<Case, 'node'>> = [
  { key: 'mesos::zookeeper' },
  { key: 'zookeeper::id' },
  { key: 'zookeeper::servers' },
  { key: 'classes', merge: 'unique' },
  { key: 'mesos::master::options', merge: 'hash' },
  { key: 'oracle::floats' },
  { key: 'oracle::float_list' },
  { key: 'oracle::float_override' },
  { key: 'oracle::big_floats' },
  { key: 'oracle::quoted_merge' },
  { key: 'oracle::quoted_merge_list' },
  { key: 'oracle::tagged_merge' },
];

/** Keys whose `--format yaml` text must be `puppet lookup --render-as yaml`'s to the character. */
const YAML_KEYS = ['oracle::floats', 'oracle::float_list', 'oracle::big_floats', 'oracle::quoted_merge'];

/**
 * Added to the copy's common.yaml: whole Floats reached through an alias and merge keys (Psych's merge order and
 * precedence), which must print as `1.0`, not `1`; Floats Ruby writes with an exponent (from 1e15 when whole, from
 * 1e16 always, below 1e-4) or as `-0.0`; quoted merge keys, which Psych merges at, and a `!!str` one, which it does
 * not.
 */
const FLOATS = `
oracle::defaults: &oracle_defaults
  cpus: 1.0
  mem: 2
oracle::floats:
  <<: *oracle_defaults
  disk: 3.0
oracle::float_list: [*oracle_defaults, 4.0, 5]
oracle::float_override:
  cpus: 8
  <<: [*oracle_defaults, {swap: 6.0, mem: 7.0}]
oracle::big_floats: [1.0e+16, 1.5e+16, 1.0e+15, 1234567890123456.0, 1234567890123456.8, 999999999999999.0, 1.0e-05, 0.0001, -0.0, 1.7976931348623157e+308, 5.0e-324]
oracle::quoted_merge:
  '<<': *oracle_defaults
  disk: 3.0
oracle::quoted_merge_list: {"<<": [*oracle_defaults, {swap: 6.0}]}
oracle::tagged_merge:
  !!str '<<': *oracle_defaults
`;

/**
 * JSON.parse, with each number written as a Float (a '.' or an exponent) kept as its text in a marker string, so
 * that `1.0` and `1` differ when compared. Strings are left as they are.
 */
function parseKeepingFloats(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length;) {
    if (text[i] === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, ++i);
      continue;
    }
    const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i, i + 40));
    if (m && (m[1] !== undefined || m[2] !== undefined) && !/[\w.]/.test(text[i - 1] ?? '')) {
      out += JSON.stringify(`float:${m[0]}`);
      i += m[0].length;
      continue;
    }
    out += text[i++];
  }
  return JSON.parse(out);
}
const CASES: Case[] = NODES.flatMap((node) => KEYS.map((k) => ({ ...k, node })));

function puppetAvailable(): boolean {
  return (
    spawnSync('puppet', ['--version'], { encoding: 'utf8' }).status === 0 &&
    spawnSync('ruby', ['--version']).status === 0
  );
}

function factsOf(node: string): Record<string, string> {
  return { hostname: node, domain: 'example.com', fqdn: `${node}.example.com`, clientcert: node };
}

type Verdict = { kind: 'found'; json: unknown } | { kind: 'not-found' } | { kind: 'error'; detail: string };

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

describe('mesos-puppet lookup vs puppet lookup on the book control repo', () => {
  let tmp = '';
  let env = '';
  const puppetArgs = (c: Case): string[] => [
    c.key,
    '--node',
    c.node,
    '--facts',
    join(tmp, `facts/${c.node}.yaml`),
    '--render-as',
    'json',
    '--default',
    SENTINEL,
    ...(c.merge ? ['--merge', c.merge] : []),
  ];
  const globalArgs = (): string[] => [
    '--confdir',
    join(tmp, 'conf'),
    '--vardir',
    join(tmp, 'var'),
    '--environmentpath',
    join(tmp, 'envs'),
    '--environment',
    'production',
  ];

  before(() => {
    execFileSyncQuiet(process.execPath, ['scripts/build.mjs']);
    tmp = mkdtempSync(join(tmpdir(), 'mp-cli-lookup-oracle-'));
    env = join(tmp, 'envs/production');
    mkdirSync(join(tmp, 'envs'), { recursive: true });
    cpSync(BOOK, env, { recursive: true });
    appendFileSync(join(env, 'data/common.yaml'), FLOATS);
    for (const d of ['conf', 'var', 'facts']) mkdirSync(join(tmp, d), { recursive: true });
    for (const n of NODES)
      writeFileSync(
        join(tmp, `facts/${n}.yaml`),
        Object.entries(factsOf(n))
          .map(([k, v]) => `${k}: '${v}'`)
          .join('\n') + '\n',
      );
  });
  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it(`agrees on ${CASES.length} (key, node, merge) cases`, async () => {
    assert.ok(puppetAvailable(), MISSING_PUPPET);
    const started = Date.now();
    // One after the other: Puppet processes sharing a confdir and vardir can trip over each other at start-up.
    const raw = await runLookupDriver(tmp, CASES.map(puppetArgs), globalArgs());
    const direct = await run('puppet', ['lookup', ...puppetArgs(CASES[0]), ...globalArgs()]);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    assert.equal(direct.status, 0, direct.stderr);
    assert.equal(raw[0].stdout.trim(), direct.stdout.trim(), 'the driver and a real puppet lookup process disagree');
    const theirs: Verdict[] = raw.map((r) => {
      if (r.status !== 0) return { kind: 'error', detail: `exit ${r.status}` };
      const json: unknown = parseKeepingFloats(r.stdout.trim());
      return json === SENTINEL ? { kind: 'not-found' } : { kind: 'found', json };
    });
    const problems: string[] = [];
    let found = 0;
    CASES.forEach((c, i) => {
      const r = spawnSync(
        process.execPath,
        [
          CLI,
          'lookup',
          c.key,
          '--node',
          c.node,
          '--facts',
          join(tmp, `facts/${c.node}.yaml`),
          '--format',
          'json',
          ...(c.merge ? ['--merge', c.merge] : []),
          env,
        ],
        {
          encoding: 'utf8',
        },
      );
      const label = `${c.key} @ ${c.node}${c.merge ? ` --merge ${c.merge}` : ''}`;
      const t = theirs[i];
      if (r.status !== 0 && r.status !== 1) {
        problems.push(`${label}: mesos-puppet exited ${r.status}: ${r.stderr}`);
        return;
      }
      const out = parseKeepingFloats(r.stdout) as { found: boolean; value?: unknown };
      const ours: Verdict = out.found ? { kind: 'found', json: out.value } : { kind: 'not-found' };
      if ((r.status === 0) !== out.found)
        problems.push(`${label}: exit status ${r.status} does not match found=${out.found}`);
      if (ours.kind === 'found') found++;
      const same =
        ours.kind === t.kind &&
        (ours.kind !== 'found' || canonical(ours.json) === canonical((t as { json: unknown }).json));
      if (!same) problems.push(`${label}\n    puppet: ${JSON.stringify(t)}\n    ours:   ${JSON.stringify(ours)}`);
    });
    console.log(
      `cli lookup oracle: ${CASES.length - problems.length}/${CASES.length} agree (${found} found); puppet time ${seconds} s`,
    );
    assert.deepEqual(problems, []);
  });

  it('prints Floats and merged hashes in --format yaml as puppet lookup --render-as yaml does', async () => {
    assert.ok(puppetAvailable(), MISSING_PUPPET);
    const cases = YAML_KEYS.map((key) => ({ key, node: 'master1' }));
    const yamlArgs = (c: Case): string[] => puppetArgs(c).map((a) => (a === 'json' ? 'yaml' : a));
    const raw = await runLookupDriver(tmp, cases.map(yamlArgs), globalArgs());
    const differ = cases.flatMap((c, i) => {
      const r = spawnSync(
        process.execPath,
        [CLI, 'lookup', c.key, '--node', c.node, '--facts', join(tmp, `facts/${c.node}.yaml`), '--format', 'yaml', env],
        { encoding: 'utf8' },
      );
      return r.stdout === raw[i].stdout ? [] : [{ key: c.key, puppet: raw[i].stdout, ours: r.stdout }];
    });
    assert.deepEqual(differ, []);
  });
});

function run(cmd: string, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 300_000 }, (error, stdout, stderr) => {
      res({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function execFileSyncQuiet(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
}
