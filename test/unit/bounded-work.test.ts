// Work in proportion to the input, at sizes that used to be quadratic (issue 17): each test counts the work done
// (scans, steps) or checks the whole answer at a size a quadratic path could not finish. Inputs come from the
// catalogue's generators (test/support/attacks.ts); in-process the attacker's sizes are cheap, so they are used
// here. No test here times anything; the answer times through the server are in `npm run bench:attacks`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Topology } from '../../server/src/ide/topology.js';
import { topologyCluster } from '../../server/src/lsp/features/cluster.js';
import { LineIndex } from '../../server/src/base/lineIndex.js';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { applyChanges, MAX_SYNC_WORK } from '../../server/src/lsp/sync.js';
import { rng, seedFromEnv } from '../support/random.js';
import { editDistance, suggest } from '../../server/src/knowledge/suggest.js';
import { documentSymbols, MAX_DOCUMENT_SYMBOLS } from '../../server/src/ide/symbols.js';
import { Project } from '../../server/src/workspace/project.js';
import { MAX_MODULE_PATH_ENTRIES, parseSettings } from '../../server/src/workspace/settings.js';
import { memoryFileSystem } from '../support/memoryFileSystem.js';
import { MAX_HIERARCHY_LEVELS } from '../../server/src/syntax/hiera/hieraConfig.js';
import { lookupKey } from '../../server/src/knowledge/lookup/engine.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { keysWithNested, manyMasters, modulePathEntries, reverseLineEdits } from '../support/attacks.js';
import { clusterModel } from '../../server/src/knowledge/cluster/model.js';
import { clusterRules } from '../../server/src/knowledge/cluster/clusterRules.js';
import { NODES_HIERA } from '../fixtures/hieraNodes.js';
import { indexHosts, namesNode } from '../../server/src/knowledge/cluster/ensemble.js';
import type { ClusterNode } from '../../server/src/knowledge/cluster/model.js';
import { parseFixture } from '../support/fixture.js';

const before = (a: { line: number; character: number }, b: { line: number; character: number }): boolean =>
  a.line < b.line || (a.line === b.line && a.character < b.character);

test('topology with 25,000 problems in one node file: every problem placed, the file scanned for lines once', () => {
  // The conversion to the protocol, over a topology as the rules would give it (the rules' own cost is per key).
  let text = '---\n';
  const starts: number[] = [];
  for (let i = 0; i < 25_000; i++) {
    starts.push(text.length);
    text += `mesos::master::no_such_${i}: 1\n`;
  }
  const path = '/w/data/nodes/master1.yaml';
  const t: Topology = {
    root: '/w',
    nodes: [
      {
        certname: 'master1',
        master: true,
        agent: false,
        zookeeper: false,
        definedAt: { path, range: { start: 0, end: 3 } },
      },
    ],
    ensemble: [],
    frameworks: [],
    problems: Array.from({ length: 25_000 }, (_, i) => {
      const start = starts[i];
      return {
        code: 'hiera/unknown-key',
        severity: 'warning' as const,
        message: `no parameter 'no_such_${i}'`,
        at: { path, range: { start, end: start + 5 } },
      };
    }),
  };
  let scans = 0;
  const cluster = topologyCluster(t, (p) => {
    scans++;
    return p === path ? new LineIndex(text) : undefined;
  });
  assert.equal(cluster.problems.length, 25_000);
  assert.deepEqual(cluster.problems[24_999].at.range, {
    start: { line: 25_000, character: 0 },
    end: { line: 25_000, character: 5 },
  });
  assert.deepEqual(cluster.nodes[0].definedAt.range, {
    start: { line: 0, character: 0 },
    end: { line: 0, character: 3 },
  });
  // One line index for the file, however many places the answer points to in it.
  assert.equal(scans, 1);
});

// --- one didChange with 200,000 changes ---

const docOf = (text: string): TextDocument => TextDocument.create('file:///w/data/common.yaml', 'yaml', 1, text);
const at = (line: number, character: number) => ({ line, character });

test('200,000 changes in reverse document order (a multi-cursor edit) are applied in one pass', () => {
  const lines = 200_000;
  const doc = docOf('a\n'.repeat(lines));
  const r = applyChanges(doc, reverseLineEdits(lines), 2);
  assert.equal(r.kind, 'applied');
  if (r.kind !== 'applied') return;
  assert.equal(r.doc.getText(), Array.from({ length: lines }, (_, i) => `k${i}: 1\n`).join(''));
  assert.equal(r.doc.version, 2);
  // Characters copied: the new text once, not the text once per change.
  assert.ok(r.work <= r.doc.getText().length, `${r.work} characters copied`);
});

test('any sequence of changes gives the text that applying them one by one gives', () => {
  const r = rng(seedFromEnv());
  for (let trial = 0; trial < 300; trial++) {
    const text = Array.from({ length: r.range(1, 6) }, () => 'ab\r\ncd'.slice(0, r.range(0, 6))).join('\n');
    const sequential = docOf(text);
    const changes: TextDocumentContentChangeEvent[] = [];
    for (let i = r.range(2, 6); i > 0; i--) {
      const line = r.int(sequential.lineCount + 1);
      const start = at(line, r.int(4));
      const end = r.chance(0.5) ? start : at(line + r.int(2), r.int(4));
      const change = r.chance(0.05)
        ? { text: 'whole\n' }
        : { range: { start, end: before(end, start) ? start : end }, text: r.pick(['', 'x', 'y\n', '\r\n']) };
      changes.push(change);
      TextDocument.update(sequential, [change], 2);
    }
    const applied = applyChanges(docOf(text), changes, 2);
    assert.equal(applied.kind, 'applied');
    assert.equal(
      applied.kind === 'applied' ? applied.doc.getText() : '',
      sequential.getText(),
      JSON.stringify({ text, changes }),
    );
  }
  // Changes in reverse order, as an editor sends them, take the one pass; the same sequence's result.
  const doc = docOf('one\ntwo\nthree\n');
  const changes = [
    { range: { start: at(2, 0), end: at(2, 5) }, text: '3' },
    { range: { start: at(1, 0), end: at(1, 3) }, text: '2' },
    { range: { start: at(0, 0), end: at(0, 0) }, text: '#' },
  ];
  const applied = applyChanges(doc, changes, 2);
  assert.equal(applied.kind === 'applied' ? applied.doc.getText() : '', '#one\n2\n3\n');
  assert.equal(doc.getText(), 'one\ntwo\nthree\n', 'the document given is not changed');
});

test('200,000 changes in document order to a 1 MB file stop at the budget and leave the document whole', () => {
  const text = 'k: v\n'.repeat(200_000);
  const doc = docOf(text);
  const changes = Array.from({ length: 200_000 }, (_, i) => ({ range: { start: at(i, 0), end: at(i, 0) }, text: '#' }));
  const r = applyChanges(doc, changes, 2);
  assert.equal(r.kind, 'over-budget');
  assert.ok(r.work <= MAX_SYNC_WORK + text.length + 1);
  assert.equal(r.kind === 'over-budget' ? r.changes : 0, 200_000);
  assert.equal(doc.getText(), text);
  assert.equal(doc.version, 1);
});

// --- "did you mean": per unknown key, one distance per candidate, in three rows ---

test('the edit distance with a limit is exact up to the limit and over it past the limit', () => {
  const full = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) =>
      Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    return d[a.length][b.length];
  };
  const r = rng(seedFromEnv());
  const word = (): string => Array.from({ length: r.int(9) }, () => r.pick(['a', 'b', 'c', ':'])).join('');
  /** Exact without a limit; with one, exact up to it and over it past it. */
  const agrees = (a: string, b: string): void => {
    const exact = full(a, b);
    assert.equal(editDistance(a, b), exact, `${a} ${b}`);
    const limit = r.int(4);
    const limited = editDistance(a, b, limit);
    if (exact <= limit) assert.equal(limited, exact, `${a} ${b} ${limit}`);
    else assert.ok(limited > limit, `${a} ${b} ${limit}: ${limited}`);
  };
  for (let k = 0; k < 3000; k++) agrees(word(), word());
  // Keys of one class share a long prefix, and often a suffix: the table covers what lies between, within the
  // band around the diagonal; both must leave the distance as it is.
  const key = (): string => `mesos::master::${word()}${r.chance(0.5) ? '_dir' : ''}`;
  for (let k = 0; k < 3000; k++) {
    const a = key();
    agrees(a, r.chance(0.3) ? a.replace(/(.)(.)$/, '$2$1') : key());
  }
  assert.deepEqual(suggest('quorom', ['quorum', 'work_dir', 'cluster']), ['quorum']);
  assert.equal(editDistance('ab', 'ba'), 1);
  assert.equal(editDistance('mesos::master::work_dri', 'mesos::master::work_dir'), 1);
  assert.equal(editDistance('mesos::master::quorom', 'mesos::master::quorum', 3), 1);
  assert.equal(editDistance('mesos::master::cluster', 'mesos::master::quorum', 3), 4, 'over the limit: limit + 1');
});

// --- the outline of a 100,000-line data file ---

test('documentSymbol on a 100,000-line data file lists 10,000 keys and says how many it leaves out', () => {
  const text = keysWithNested(50_000);
  const hiera =
    'version: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n  - name: common\n    path: common.yaml\n';
  const project = new Project(memoryFileSystem({ '/w/hiera.yaml': hiera, '/w/data/common.yaml': text }), ['/w']);
  const symbols = documentSymbols(project, '/w/data/common.yaml');
  // 5,000 keys with one nested key each make the 10,000; then one symbol for the 45,000 top-level keys left out.
  assert.equal(symbols.length, 5_001);
  assert.deepEqual(
    symbols[4_999].children.map((c) => c.name),
    ['nested4999'],
  );
  const last = symbols[5_000];
  assert.equal(last.name, '… 45,000 more keys not listed');
  assert.equal(last.range.start, text.indexOf('key5000:'));
  const count = (list: readonly { children: readonly unknown[] }[]): number =>
    list.reduce((n, s) => n + 1 + count(s.children as never), 0);
  assert.equal(count(symbols), MAX_DOCUMENT_SYMBOLS + 1);
});

// --- a 100,000-entry module path ---

test('a modulePath setting of 100,000 folders: the first 256 are read, and the user is told', () => {
  const entries = modulePathEntries(100_000, '/opt/modules');
  const { settings, problems } = parseSettings({ modulePath: entries });
  assert.deepEqual(settings.modulePath, entries.slice(0, MAX_MODULE_PATH_ENTRIES));
  assert.deepEqual(problems, [
    `Setting mesosPuppet.modulePath lists 100,000 folders; only the first 256 are read (the rest, from "/opt/modules256" on, are left out).`,
  ]);
  assert.deepEqual(parseSettings({ modulePath: entries.slice(0, 256) }).problems, []);
});

// --- a hierarchy of 10,000 levels ---

test('a hierarchy of 10,000 levels: the first 100 are read, a note where the rest begin, lookups probe 100 files', () => {
  let hiera = 'version: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n';
  for (let i = 0; i < 10_000; i++) hiera += `  - name: l${i}\n    path: l${i}.yaml\n`;
  const probed = new Set<string>();
  const files = memoryFileSystem({
    '/w/hiera.yaml': hiera,
    '/w/data/l99.yaml': 'in_budget: 1\n',
    '/w/data/l100.yaml': 'past_budget: 1\n',
  });
  const fs = {
    ...files,
    readFile: (p: string) => (p.startsWith('/w/data/') && probed.add(p), files.readFile(p)),
    exists: (p: string) => (p.startsWith('/w/data/') && probed.add(p), files.exists(p)),
  };
  const ctx = { fs, environmentDir: '/w', node: { certname: 'n1', facts: {} } };
  assert.equal(lookupKey(ctx, 'in_budget').outcome.kind, 'found');
  assert.equal(lookupKey(ctx, 'past_budget').outcome.kind, 'not-found');
  assert.ok(probed.size <= MAX_HIERARCHY_LEVELS, `${probed.size} data files probed`);
  const project = new Project(files, ['/w']);
  const notes = fileDiagnostics(project, '/w/hiera.yaml').filter((d) => d.code === 'limits/hierarchy');
  assert.deepEqual(
    notes.map((d) => [d.severity, d.message, hiera.slice(d.range.start, d.range.start + 9)]),
    [
      [
        'information',
        "'hierarchy' has 10,000 levels; the editor and mesos-puppet check read the first 100 (Puppet reads them all), so lookups and checks leave out the 9,900 from here on.",
        'name: l10',
      ],
    ],
  );
});

test('a hiera.yaml of 10,000 levels is parsed once per layer it is read as, by the one query that parses it', () => {
  let hiera = 'version: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n';
  hiera += '  - name: nodes\n    path: nodes/%{trusted.certname}.yaml\n';
  for (let i = 0; i < 10_000; i++) hiera += `  - name: l${i}\n    path: l${i}.yaml\n`;
  const project = new Project(
    memoryFileSystem({
      '/w/hiera.yaml': hiera,
      '/w/data/l0.yaml': 'mesos::zookeeper: zk://m1:2181/mesos\n',
      '/w/data/nodes/m1.yaml': 'classes: [role::mesos::master]\n',
    }),
    ['/w'],
  );
  project.queries.trace = [];
  fileDiagnostics(project, '/w/data/nodes/m1.yaml');
  fileDiagnostics(project, '/w/data/l0.yaml');
  // The node discovery, the repo's layers and the declared datadirs read the plain parse; lookups read it as the
  // environment layer.
  assert.deepEqual(
    project.queries.trace.filter((t) => t.startsWith('hieraConfig(')),
    ['hieraConfig(\u0000/w/hiera.yaml)', 'hieraConfig(environment\u0000/w/hiera.yaml)'],
  );
});

// --- many masters naming one ensemble ---

test('n masters whose URLs each name the n servers: the cluster rules look up each written host a fixed number of times', () => {
  // The catalogue's many-masters attack, with the ensemble also listed in zookeeper::servers. Each node's URL
  // names every master, so the data writes n * n + n hosts: the rules' host lookups (the model's host index
  // counts them) stay a fixed multiple of that, where comparing every host with every member through every
  // node cost n^4.
  const perHost: string[] = [];
  for (const n of [25, 50, 100]) {
    const servers = Array.from({ length: n }, (_, i) => `m${i}:2888:3888`).join(', ');
    const files: Record<string, string> = {
      ...parseFixture(NODES_HIERA).files,
      '/work/data/common.yaml': `zookeeper::servers: [${servers}]\n`,
    };
    for (const [path, text] of Object.entries(manyMasters(n))) files[`/work/${path}`] = text;
    const model = clusterModel(new Project(memoryFileSystem(files), ['/work']), '/work');
    const quorum = clusterRules(model).filter((f) => f.code === 'mesos/quorum-majority');
    assert.equal(quorum.length, n, 'each master told its quorum of 2 is no majority');
    assert.match(quorum[0].message, new RegExp(`^quorum is "2", but the cluster has ${n} masters \\(m0, m1, `));
    perHost.push(`${n} masters: ${(model.hosts!.lookups / (n * n + n)).toFixed(1)} lookups per host written`);
  }
  assert.deepEqual(perHost, [
    '25 masters: 10.0 lookups per host written',
    '50 masters: 10.0 lookups per host written',
    '100 masters: 10.0 lookups per host written',
  ]);
});

test('the host index finds exactly the nodes a host names, by name, short name or address', () => {
  const r = rng(seedFromEnv());
  const names = ['m1', 'M1.dc1.example', 'm1.dc2', 'zk', 'zk.lan', '10.0.0.1', '10.0.0.2', 'a.b.c'];
  for (let trial = 0; trial < 200; trial++) {
    const nodes = Array.from({ length: r.range(1, 6) }, (): ClusterNode => {
      const data: Record<string, unknown> = {};
      if (r.chance(0.5)) data['mesos::listen_address'] = r.pick(['10.0.0.1', '10.0.0.2', ' 10.0.0.3 ', 'zk']);
      if (r.chance(0.3)) data['mesos::master::options'] = { ip: r.pick(['10.0.0.1', '10.0.0.4']) };
      const get = (k: string) => (k in data ? { value: data[k] } : undefined);
      return { certname: r.pick(names), get } as unknown as ClusterNode;
    });
    const index = indexHosts(nodes);
    for (const host of [...names, 'M1', 'm1.DC1', '10.0.0.3', '10.0.0.4', 'zk.other', 'c']) {
      assert.deepEqual(
        index.nodesNamed(host),
        nodes.filter((n) => namesNode(host, n)),
        `${host} among ${nodes.map((n) => n.certname).join(', ')}`,
      );
    }
  }
});
