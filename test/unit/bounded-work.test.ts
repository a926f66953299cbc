// Work in proportion to the input, at sizes that used to be quadratic (issue 17): each test counts the work done
// (scans, steps) or checks the whole answer at a size a quadratic path could not finish. No test here times
// anything; the big sizes' answer times are in the bench.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Topology } from '../../server/src/ide/cluster/topology.js';
import { topologyCluster } from '../../server/src/lsp/features/cluster.js';
import { LineIndex } from '../../server/src/base/lineIndex.js';

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
    nodes: [{ certname: 'master1', master: true, agent: false, zookeeper: false, definedAt: { path, range: { start: 0, end: 3 } } }],
    ensemble: [],
    frameworks: [],
    problems: Array.from({ length: 25_000 }, (_, i) => {
      const start = starts[i];
      return { code: 'hiera/unknown-key', severity: 'warning' as const, message: `no parameter 'no_such_${i}'`, at: { path, range: { start, end: start + 5 } } };
    }),
  };
  let scans = 0;
  const cluster = topologyCluster(t, (p) => {
    scans++;
    return p === path ? new LineIndex(text) : undefined;
  });
  assert.equal(cluster.problems.length, 25_000);
  assert.deepEqual(cluster.problems[24_999].at.range, { start: { line: 25_000, character: 0 }, end: { line: 25_000, character: 5 } });
  assert.deepEqual(cluster.nodes[0].definedAt.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
  // One line index for the file, however many places the answer points to in it.
  assert.equal(scans, 1);
});
