// `npm run bench:attacks`: issue 17's attack categories at the sizes the attacker used, through the built server
// over stdio, each in a fresh copy of the book repo. For each: how long the server took to answer (the request or
// the file's first diagnostics), the longest it held its event loop meanwhile (mesosPuppet/serverStats; the aim
// is 50 ms), its RSS afterwards, and what the user is told (the codes or the answer's gist). The CI sizes of the
// same categories, with their expected outcomes asserted, are test/protocol/attacks.test.ts and
// test/unit/bounded-work.test.ts, budgets.test.ts. Writes bench/results/attacks.json.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { answeredWithin, startSession, uriOf, type Session } from '../test/support/lspSession.js';

const STUCK_MS = 600_000;
const BOOK = join(__dirname, '../test/fixtures/workspaces/book');

interface Attack {
  readonly name: string;
  /** Files written into the repo before the server starts (path relative to the root → text). */
  readonly files?: (root: string) => Record<string, string>;
  readonly settings?: Record<string, unknown>;
  /** What is asked of the server; returns the outcome's gist. */
  readonly ask: (s: Session, root: string) => Promise<string>;
}

const codes = async (s: Session, uri: string): Promise<string> => {
  const p = await s.waitForDiagnostics(uri, (d) => d.version === 1, STUCK_MS);
  const seen = [...new Set(p.diagnostics.map((d) => String(d.code)))];
  return `${p.diagnostics.length} diagnostics: ${seen.slice(0, 4).join(', ')}`;
};
const openAndCheck = (path: string) => async (s: Session, root: string) =>
  codes(s, s.open(join(root, path), readFileSync(join(root, path), 'utf8')));

const HIERA_HEAD = 'version: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n';

const ATTACKS: Attack[] = [
  {
    name: '100,000 nested block-sequence dashes in a data file',
    files: () => ({ 'data/deep.yaml': `a:\n${'- '.repeat(100_000)}x\n` }),
    ask: openAndCheck('data/deep.yaml'),
  },
  {
    name: 'convert_to Array on 4000000000, opening a node file',
    files: (root) => ({
      'data/common.yaml': `${readFileSync(join(root, 'data/common.yaml'), 'utf8')}lookup_options:\n  zookeeper::id:\n    convert_to: Array\n`,
      'data/nodes/master1.yaml': readFileSync(join(root, 'data/nodes/master1.yaml'), 'utf8').replace(
        /zookeeper::id: .*/,
        'zookeeper::id: 4000000000',
      ),
    }),
    ask: openAndCheck('data/nodes/master1.yaml'),
  },
  {
    name: 'exponential %{lookup()} interpolation (2^60), lookup preview',
    files: (root) => ({
      'data/common.yaml': `${readFileSync(join(root, 'data/common.yaml'), 'utf8')}k0: ab\n${Array.from({ length: 60 }, (_, i) => `k${i + 1}: "%{lookup('k${i}')}%{lookup('k${i}')}"`).join('\n')}\n`,
    }),
    ask: async (s, root) =>
      JSON.stringify(
        await s.connection
          .sendRequest('mesosPuppet/lookupPreview', {
            uri: uriOf(join(root, 'data/nodes/master1.yaml')),
            node: 'master1',
            key: 'k60',
          })
          .catch((e: Error) => e.message),
      ).slice(0, 160),
  },
  {
    name: 'ReDoS lookup_options key (^(a+)+$) against a 1,000-character key',
    files: (root) => ({
      'data/common.yaml': `${readFileSync(join(root, 'data/common.yaml'), 'utf8')}lookup_options:\n  '^(mesos::a+)+$':\n    merge: deep\nmesos::${'a'.repeat(1000)}b: 1\n`,
    }),
    ask: openAndCheck('data/nodes/master1.yaml'),
  },
  {
    name: 'a glob of 26 {a,b} groups',
    files: () => ({
      'hiera.yaml': `${HIERA_HEAD}  - name: bomb\n    glob: '${'{a,b}'.repeat(26)}.yaml'\n  - name: common\n    path: common.yaml\n`,
    }),
    ask: openAndCheck('data/nodes/master1.yaml'),
  },
  {
    name: 'datadir: / (the machine)',
    files: () => ({
      'hiera.yaml': `${HIERA_HEAD}  - name: root\n    datadir: /\n    glob: '**/*.yaml'\n  - name: common\n    path: common.yaml\n`,
    }),
    ask: openAndCheck('hiera.yaml'),
  },
  {
    name: 'a hierarchy of 10,000 levels',
    files: () => ({
      'hiera.yaml': `${HIERA_HEAD}  - name: node\n    path: nodes/%{trusted.certname}.yaml\n${Array.from({ length: 10_000 }, (_, i) => `  - name: l${i}\n    path: l${i}/%{facts.os.family}.yaml\n`).join('')}  - name: common\n    path: common.yaml\n`,
    }),
    ask: openAndCheck('data/nodes/master1.yaml'),
  },
  {
    name: 'a node file with 25,000 unknown keys, then the topology',
    files: () => ({
      'data/nodes/master1.yaml': `classes:\n  - role::mesos::master\nzookeeper::id: '1'\n${Array.from({ length: 25_000 }, (_, i) => `mesos::master::no_such_${i}: 1\n`).join('')}`,
    }),
    ask: async (s, root) => {
      const first = await openAndCheck('data/nodes/master1.yaml')(s, root);
      const t = (await s.connection.sendRequest('mesosPuppet/topology', {})) as { problems?: unknown[] };
      return `${first}; topology: ${t.problems?.length ?? 0} problems`;
    },
  },
  {
    name: 'documentSymbol on a 100,000-line data file',
    files: () => ({
      'data/common.yaml': Array.from({ length: 50_000 }, (_, i) => `key${i}:\n  nested${i}: ${i}\n`).join(''),
    }),
    ask: async (s, root) => {
      const path = join(root, 'data/common.yaml');
      const uri = s.open(path, readFileSync(path, 'utf8'));
      const r = (await s.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as unknown[];
      return `${r.length} symbols`;
    },
  },
  {
    name: '201 masters in one cluster',
    files: (root) => {
      const out: Record<string, string> = {};
      const zk = Array.from({ length: 201 }, (_, i) => `m${i}:2181`).join(',');
      out['data/common.yaml'] =
        `${readFileSync(join(root, 'data/common.yaml'), 'utf8').replace(/mesos::zookeeper: .*/, `mesos::zookeeper: 'zk://${zk}/mesos'`)}`;
      for (let i = 0; i < 201; i++)
        out[`data/nodes/m${i}.yaml`] = `classes:\n  - role::mesos::master\nzookeeper::id: '${i + 1}'\n`;
      return out;
    },
    ask: openAndCheck('data/nodes/m0.yaml'),
  },
  {
    name: 'a 20,000-segment URI',
    ask: async (s, root) => {
      const uri = uriOf(join(root, `${'a/'.repeat(20_000)}x.yaml`));
      s.open(uri, 'mesos::\n');
      const h = await s.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: { line: 0, character: 0 },
      });
      return `hover: ${JSON.stringify(h)}`;
    },
  },
  {
    name: 'a modulePath setting of 100,000 folders',
    settings: { modulePath: Array.from({ length: 100_000 }, (_, i) => `/nonexistent/modules${i}`) },
    ask: openAndCheck('data/nodes/master1.yaml'),
  },
  {
    name: 'one didChange of 200,000 changes (reverse order, 200,000-line file)',
    ask: async (s, root) => {
      const lines = 200_000;
      const uri = s.open(join(root, 'data/big.yaml'), 'a\n'.repeat(lines));
      void s.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: Array.from({ length: lines }, (_, k) => ({
          range: { start: { line: lines - 1 - k, character: 0 }, end: { line: lines - 1 - k, character: 1 } },
          text: `k${lines - 1 - k}: 1`,
        })),
      });
      const h = await s.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: { line: 0, character: 0 },
      });
      return `hover after: ${JSON.stringify(h).slice(0, 80)}`;
    },
  },
];

async function main(): Promise<void> {
  const only = process.env.ATTACKS_ONLY;
  const results: unknown[] = [];
  for (const a of ATTACKS) {
    if (only && !a.name.includes(only)) continue;
    const root = mkdtempSync(join(tmpdir(), 'mp-bench-attack-'));
    cpSync(BOOK, root, { recursive: true });
    for (const [path, text] of Object.entries(a.files?.(root) ?? {})) writeFileSync(join(root, path), text);
    const s = await startSession({ root, ...(a.settings ? { settings: a.settings } : {}) });
    await s.stats();
    const t0 = performance.now();
    let outcome: string;
    try {
      outcome = await answeredWithin(a.ask(s, root), STUCK_MS, a.name);
    } catch (e) {
      outcome = `NO ANSWER: ${(e as Error).message}`;
    }
    const ms = performance.now() - t0;
    const st = await answeredWithin(s.stats(), STUCK_MS, 'stats').catch(() => undefined);
    const row = {
      attack: a.name,
      answerMs: Math.round(ms),
      loopHeldAtMostMs: st?.loopDelayMaxMs ?? null,
      rssMb: Math.round(s.memory().rssKb / 1024),
      peakRssMb: Math.round(s.memory().peakKb / 1024),
      outcome,
    };
    console.log(
      `${a.name.padEnd(70)} ${String(row.answerMs).padStart(7)} ms  loop ${String(row.loopHeldAtMostMs).padStart(7)} ms  ${row.peakRssMb} MB  ${outcome.slice(0, 100)}`,
    );
    results.push(row);
    await answeredWithin(s.shutdown(), 30_000, 'shutdown').catch(() => s.process.kill());
    rmSync(root, { recursive: true, force: true });
  }
  const out = {
    what: 'npm run bench:attacks: each attack of issue 17 at full size, through the built server over stdio',
    date: new Date().toISOString().slice(0, 16) + 'Z',
    machine: `${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end`,
    node: process.version,
    aim: 'every answer bounded; the event loop held at most 50 ms',
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
