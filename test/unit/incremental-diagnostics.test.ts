// What a keystroke keeps must never show: after any sequence of edits, the diagnostics of every data file of a
// project that has seen the edits one by one (chunked re-parses, findings kept per chunk, the cluster model
// kept while nothing it read changed) equal those of a fresh project given the final texts. Seeded random
// edits over the book's cluster, with a big common.yaml (held in chunks) and the node files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Project } from '../../server/src/workspace/project.js';
import { nodeFileSystem } from '../../server/src/workspace/nodeFileSystem.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { clusterModel } from '../../server/src/knowledge/cluster/model.js';
import { rng, seedFromEnv, iterations, type Rng } from '../support/random.js';

const ROOT = join(__dirname, '../fixtures/workspaces/book');
const COMMON = `${ROOT}/data/common.yaml`;
const NODES = ['master1', 'master2', 'master3', 'slave1', 'slave2', 'slave3'].map(
  (n) => `${ROOT}/data/nodes/${n}.yaml`,
);
/** A role whose profiles a step may change: what its nodes run changes, what their lookups find does not. */
const ROLE = `${ROOT}/site-modules/role/manifests/mesos/slave.pp`;
const ROLE_TEXTS = [
  'class role::mesos::slave {\n  include profile::mesos::slave\n}\n',
  'class role::mesos::slave {\n  include profile::mesos::slave\n  include profile::zookeeper\n}\n',
  'class role::mesos::slave {\n  include profile::mesos::master\n}\n',
  'class role::mesos::slave {\n}\n',
];

function commonText(r: Rng): string {
  const lines = [
    '---',
    "mesos::zookeeper: 'zk://master1:2181,master2:2181,master3:2181/mesos'",
    'mesos::master::options:',
    "  quorum: '2'",
    'zookeeper::servers:',
  ];
  lines.push("  - 'master1:2888:3888'", "  - 'master2:2888:3888'", "  - 'master3:2888:3888'");
  for (let i = 0; i < 160; i++) {
    if (i === 80) lines.push('mesos::slave::options:', '  checkpoint: true', "  work_dir: '/var/lib/mesos'");
    // Filler the rules ignore, and entries with findings of their own in every chunk: unknown module keys,
    // a leading '::', a broken interpolation.
    const kind = r.int(10);
    if (kind < 3) lines.push(`site::block${i}:\n  name: 'item ${i}'\n  port: ${5000 + i}`);
    else if (kind === 3) lines.push(`mesos::slave::typo${i}: ${i}`);
    else if (kind === 4) lines.push(`::site::colons${i}: 1`);
    else if (kind === 5) lines.push(`site::interp${i}: '%{lookup("site::key${i}")'`);
    else lines.push(`site::key${i}: 'value ${i}'`);
  }
  return lines.join('\n') + '\n';
}

function nodeText(i: number): string {
  return i < 3
    ? `---\nclasses:\n  - role::mesos::master\nzookeeper::id: ${i + 1}\nmesos::master::options:\n  quorum: '2'\n`
    : `---\nclasses:\n  - role::mesos::slave\nmesos::slave::work_dir: '/var/lib/mesos'\n`;
}

/** Edits a user makes to cluster data: values that matter and values that do not, keys added, moved, removed. */
function edit(r: Rng, text: string): string {
  const lines = text.split('\n');
  const at = r.int(Math.max(1, lines.length - 1));
  switch (r.int(9)) {
    case 0:
    case 1: {
      // a digit somewhere: ids, quorum, ports, filler values
      const digits = [...text.matchAll(/\d/g)].map((m) => m.index!);
      if (digits.length === 0) return text;
      const d = r.pick(digits);
      return text.slice(0, d) + String(r.int(10)) + text.slice(d + 1);
    }
    case 2:
      lines.splice(
        at,
        0,
        r.pick([
          'zookeeper::id: 2',
          "mesos::master::options:\n  quorum: '1'",
          "mesos::zookeeper: 'zk://master1:2181/mesos'",
          "mesos::slave::work_dir: '/tmp/mesos'",
          'site::new: 1',
          'zookeeper::servers:\n  - master9',
        ]),
      );
      return lines.join('\n');
    case 3:
      lines.splice(at, 1);
      return lines.join('\n');
    case 4: {
      // duplicate a line (a duplicate key, or a list item)
      lines.splice(at, 0, lines[at]);
      return lines.join('\n');
    }
    case 5:
      return text.replace(
        r.pick(["'2'", 'master2', 'role::mesos::master', '/var/lib/mesos', 'checkpoint: true']),
        r.pick(["'3'", 'master4', 'role::mesos::slave', '/tmp/x', 'checkpoint: false']),
      );
    case 6:
      // a keystroke that breaks the YAML, sometimes
      lines.splice(at, 1, `${lines[at]}${r.pick([' x', ':', " 'open", '  '])}`);
      return lines.join('\n');
    default: {
      const pos = r.int(text.length);
      return text.slice(0, pos) + r.pick(['a', 'b', '1', ' ']) + text.slice(pos);
    }
  }
}

function simplify(project: Project, path: string): unknown {
  return fileDiagnostics(project, path).map((d) => ({
    code: d.code,
    range: d.range,
    message: d.message,
    fixes: d.fixes,
    related: d.related,
  }));
}

test('after random edits, every data file reports what a fresh project reports', () => {
  const seed = seedFromEnv();
  const r = rng(seed + 11);
  const texts = new Map<string, string>([
    [COMMON, commonText(r)],
    ...NODES.map((p, i) => [p, nodeText(i)] as [string, string]),
  ]);
  const project = new Project(nodeFileSystem, [ROOT], { modulePath: [] });
  for (const [p, t] of texts) project.setOpenText(p, t);
  for (const p of texts.keys()) fileDiagnostics(project, p);
  const steps = iterations(150);
  let findings = 0;
  for (let step = 0; step < steps; step++) {
    const path = r.chance(0.1) ? ROLE : r.chance(0.6) ? COMMON : r.pick(NODES);
    const previous = texts.get(path) ?? ROLE_TEXTS[0];
    texts.set(path, path === ROLE ? r.pick(ROLE_TEXTS) : edit(r, previous));
    // A broken edit is compared, then undone (as a user fixes what they broke), so the rules stay in play.
    for (const undo of [false, true]) {
      if (undo) texts.set(path, previous);
      project.setOpenText(path, texts.get(path));
      const fresh = new Project(nodeFileSystem, [ROOT], { modulePath: [] });
      for (const [p, t] of texts) fresh.setOpenText(p, t);
      let broken = false;
      for (const p of texts.keys()) {
        if (p === ROLE) continue;
        const want = simplify(fresh, p) as Array<{ code: string }>;
        assert.deepEqual(
          simplify(project, p),
          want,
          `seed ${seed}, step ${step}${undo ? ' (undone)' : ''}: ${p.slice(ROOT.length + 1)} after an edit to ${path.slice(ROOT.length + 1)}`,
        );
        broken ||= want.some((d) => d.code === 'hiera/yaml-syntax');
        findings += want.filter((d) => /^(mesos|zookeeper)\//.test(d.code)).length;
      }
      if (!broken || r.chance(0.2)) break;
    }
  }
  assert.ok(findings > steps, `the cluster rules were in play (${findings} findings over ${steps} steps)`);
});

test('a keystroke in a value no rule reads keeps the looked-up values; one in zookeeper::id does not', () => {
  const r = rng(3);
  const common = commonText(r);
  const project = new Project(nodeFileSystem, [ROOT], { modulePath: [] });
  project.setOpenText(COMMON, common);
  NODES.forEach((p, i) => project.setOpenText(p, nodeText(i)));
  const first = clusterModel(project, ROOT);
  const v1 = first.nodes[0].get('mesos::zookeeper');
  assert.ok(v1);
  const at = common.indexOf("'value ", common.length / 2) + 3;
  assert.ok(at > 3);
  project.setOpenText(COMMON, `${common.slice(0, at)}X${common.slice(at + 1)}`);
  const second = clusterModel(project, ROOT);
  assert.equal(second.nodes[0].get('mesos::zookeeper'), v1, 'the value looked up before is kept');
  assert.deepEqual(second.nodes[0].get('mesos::zookeeper')?.keyAt, v1.keyAt);
  // An edit above the key moves its place, and the kept value follows.
  project.setOpenText(COMMON, `# a comment\n${common}`);
  const third = clusterModel(project, ROOT);
  assert.equal(
    third.nodes[0].get('mesos::zookeeper')?.keyAt?.range.start,
    common.indexOf('mesos::zookeeper') + '# a comment\n'.length,
  );
  // An edit to what a rule reads is seen.
  project.setOpenText(NODES[0], nodeText(0).replace('zookeeper::id: 1', 'zookeeper::id: 7'));
  assert.equal(
    clusterModel(project, ROOT)
      .nodes.find((n) => n.certname.startsWith('master1'))
      ?.get('zookeeper::id')?.value,
    7,
  );
});

test('a keystroke in a role keeps every looked-up value; only the nodes of that role get new roles', () => {
  const project = new Project(nodeFileSystem, [ROOT], { modulePath: [] });
  project.setOpenText(COMMON, commonText(rng(3)));
  NODES.forEach((p, i) => project.setOpenText(p, nodeText(i)));
  project.setOpenText(ROLE, ROLE_TEXTS[0]);
  const first = clusterModel(project, ROOT);
  const slave = (m: typeof first) => m.nodes.find((n) => n.certname.startsWith('slave1'))!;
  const master = (m: typeof first) => m.nodes.find((n) => n.certname.startsWith('master1'))!;
  const zk = slave(first).get('mesos::zookeeper');
  assert.ok(zk);
  assert.equal(slave(first).isZookeeper, false);
  project.setOpenText(ROLE, ROLE_TEXTS[1]);
  const second = clusterModel(project, ROOT);
  assert.equal(slave(second).isZookeeper, true, 'the role now declares profile::zookeeper');
  assert.equal(slave(second).get('mesos::zookeeper'), zk, 'the value looked up before the edit is kept');
  assert.equal(master(second), master(first), 'a node of another role is kept whole');
  // A keystroke that leaves what the role declares as it was keeps the model itself.
  project.setOpenText(ROLE, `${ROLE_TEXTS[1]}# a comment\n`);
  assert.equal(clusterModel(project, ROOT), second);
});
