// Mesos flags inside mesos::master::options and mesos::slave::options: completion of the daemon's flags, hover
// on a flag, and the rule that a key the daemon does not take (the other daemon's flag, a misspelt one) keeps
// it from starting.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureProject, applyEdit } from '../support/project.js';
import { BOOK_REPO } from '../fixtures/navigation/bookRepo.js';
import { complete } from '../../server/src/ide/completion.js';
import { hover } from '../../server/src/ide/hover.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { MESOS_FLAGS, mesosFlag } from '../../server/src/knowledge/mesosFlags.js';
import type { CompletionItem } from '../../server/src/ide/types.js';

const PATH = '/work/data/common.yaml';

function withText(text: string) {
  const { project } = fixtureProject(BOOK_REPO);
  project.setOpenText(PATH, text);
  return project;
}

function itemsAt(text: string, offset = text.length): CompletionItem[] {
  const r = complete(withText(text), PATH, offset) as CompletionItem[] | { items: CompletionItem[] };
  return Array.isArray(r) ? r : r.items;
}

test("completion inside the master's options offers master flags, not the agent's, not those already set, never work_dir", () => {
  const labels = itemsAt("mesos::master::options:\n  quorum: '2'\n  ").map((i) => i.label);
  for (const flag of [
    'cluster',
    'zk_session_timeout',
    'registry',
    'logging_level',
    'agent_ping_timeout',
    'slave_ping_timeout',
  ])
    assert.ok(labels.includes(flag), flag);
  for (const flag of ['quorum', 'work_dir', 'isolation', 'resources', 'containerizers'])
    assert.ok(!labels.includes(flag), flag);
  const agent = itemsAt('mesos::slave::options:\n  che').map((i) => i.label);
  for (const flag of ['checkpoint', 'isolation', 'resources', 'attributes', 'executor_registration_timeout'])
    assert.ok(agent.includes(flag), flag);
  assert.ok(!agent.includes('quorum'));
});

test('a flag item inserts the key and a value that fits: true/false for switches, a quoted string otherwise', () => {
  const items = itemsAt('mesos::slave::options:\n  ch');
  const checkpoint = items.find((i) => i.label === 'checkpoint')!;
  assert.equal(checkpoint.snippet, 'checkpoint: ${1|true,false|}');
  assert.deepEqual(checkpoint.range, { start: 25, end: 27 });
  const gc = items.find((i) => i.label === 'gc_delay')!;
  assert.equal(gc.insertText, "gc_delay: ''");
  assert.match(gc.detail!, /default 1weeks/);
  assert.match(gc.documentation!, /sandboxes of finished executors/);
  assert.match(gc.documentation!, /\/etc\/mesos-slave\/gc_delay/);
  // The line has its colon already: the name alone.
  const text = "mesos::master::options:\n  clu: 'prod'\n";
  const cluster = itemsAt(text, text.indexOf('clu') + 3).find((i) => i.label === 'cluster')!;
  assert.equal(cluster.insertText, 'cluster');
  // The port's default is the daemon's own; pre-1.0 names come after the current ones.
  assert.match(itemsAt('mesos::slave::options:\n  ').find((i) => i.label === 'port')!.detail!, /default 5051\)/);
  const master = itemsAt('mesos::master::options:\n  ');
  assert.ok(
    master.find((i) => i.label === 'agent_ping_timeout')!.sortText! <
      master.find((i) => i.label === 'slave_ping_timeout')!.sortText!,
  );
  assert.match(
    master.find((i) => i.label === 'slave_ping_timeout')!.detail!,
    /older name of agent_ping_timeout, still accepted/,
  );
});

test("hover on a flag says what it does and which file the module writes; the other daemon's flag has none", () => {
  const text = "mesos::master::options:\n  quorum: '2'\n  authenticate_agents: true\n  isolation: x\n";
  const project = withText(text);
  const h = hover(project, PATH, text.indexOf('quorum') + 1)!;
  assert.deepEqual(h.range, { start: text.indexOf('quorum'), end: text.indexOf('quorum') + 6 });
  assert.match(h.markdown, /^\*\*--quorum\*\* — flag of the Mesos master/);
  assert.match(h.markdown, /majority of the masters/);
  assert.match(h.markdown, /`\/etc\/mesos-master\/quorum`; mesos-master is started with `--quorum=<value>`/);
  const sw = hover(project, PATH, text.indexOf('authenticate_agents') + 1)!;
  assert.match(sw.markdown, /`\/etc\/mesos-master\/\?authenticate_agents` and `false` as `\?no-authenticate_agents`/);
  assert.equal(hover(project, PATH, text.indexOf('isolation') + 1), undefined);
});

test("the other daemon's flag and a misspelt flag are reported, with a fix for the misspelling", () => {
  const text =
    "mesos::master::options:\n  quorum: '2'\n  logging_levell: INFO\n  isolation: 'cgroups/cpu'\nmesos::slave::options:\n  quorum: '2'\n  executor_registation_timeout: 5mins\n";
  const ds = fileDiagnostics(withText(text), PATH).filter((d) => d.code === 'mesos/unknown-flag');
  assert.deepEqual(
    ds.map((d) => text.slice(d.range.start, d.range.end)),
    ['logging_levell', 'isolation', 'quorum', 'executor_registation_timeout'],
  );
  assert.equal(ds[0].severity, 'warning');
  assert.match(
    ds[0].message,
    /^mesos-master has no flag 'logging_levell'\. Did you mean 'logging_level'\? .* the master would not start\.$/,
  );
  assert.match(
    ds[1].message,
    /^'isolation' is a flag of the Mesos agent only: mesos-master stops at a flag it does not know, so it would not start\. Set it in mesos::slave::options\.$/,
  );
  assert.match(
    ds[2].message,
    /^'quorum' is a flag of the Mesos master only: mesos-slave .* Set it in mesos::master::options\.$/,
  );
  assert.match(ds[3].message, /Did you mean 'executor_registration_timeout'\?/);
  const fix = ds[0].fixes![0];
  assert.equal(fix.title, "Change to 'logging_level'");
  assert.match(applyEdit(text, fix.edits[0].range, fix.edits[0].newText), /\n  logging_level: INFO\n/);
});

test('keys the flag list does not know and that are close to none are left alone, as are short ones; case does not matter', () => {
  const text =
    "mesos::master::options:\n  Quorum: '2'\n  max_unreachable_tasks_per_framework: '1000'\n  fair_sharing_excluded_resource_names: gpus\n  ip6: '::1'\nmesos::slave::options:\n  executor_reregistration_timeout: 5secs\n  authenticatee: crammd5\n  zk_session_timeout: 30secs\n  checkpoint: true\n  work_dir: /var/lib/mesos\n";
  const ds = fileDiagnostics(withText(text), PATH);
  assert.deepEqual(
    ds.filter((d) => d.code === 'mesos/unknown-flag'),
    [],
  );
  // work_dir keeps its own finding, and only that one.
  assert.deepEqual(
    ds.map((d) => d.code),
    ['mesos/options-reserved'],
  );
});

test('a flag written with dashes is not found by Mesos: reported, with the underscore name as the fix', () => {
  const text = 'mesos::slave::options:\n  executor-registration-timeout: 5mins\n';
  const ds = fileDiagnostics(withText(text), PATH);
  assert.deepEqual(
    ds.map((d) => [d.code, text.slice(d.range.start, d.range.end)]),
    [['mesos/unknown-flag', 'executor-registration-timeout']],
  );
  assert.match(ds[0].message, /written with underscores, 'executor_registration_timeout'/);
  assert.equal(ds[0].fixes![0].edits[0].newText, 'executor_registration_timeout');
});

test('versions: new names say since when, old names that Mesos still takes them, the removed checkpoint flag that it is gone', () => {
  const master = itemsAt('mesos::master::options:\n  ');
  assert.match(master.find((i) => i.label === 'agent_ping_timeout')!.detail!, / — Mesos 1\.0 and later$/);
  assert.match(master.find((i) => i.label === 'user_sorter')!.detail!, /older name of role_sorter, still accepted/);
  const checkpoint = itemsAt('mesos::slave::options:\n  ').find((i) => i.label === 'checkpoint')!;
  assert.equal(checkpoint.deprecated, true);
  assert.match(checkpoint.detail!, /removed in Mesos 0\.22/);
  assert.match(
    checkpoint.documentation!,
    /Removed in Mesos 0\.22: mesos-slave of that version or later refuses the flag/,
  );
  const text = 'mesos::master::options:\n  slave_ping_timeout: 30secs\n';
  assert.match(
    hover(withText(text), PATH, text.indexOf('slave_ping') + 1)!.markdown,
    /An older name of `agent_ping_timeout`; Mesos still accepts it/,
  );
});

test('the flag list: one entry per name, summaries are sentences, renamed flags point at a flag of the same daemon', () => {
  const names = MESOS_FLAGS.map((f) => f.name);
  assert.equal(new Set(names).size, names.length);
  for (const f of MESOS_FLAGS) {
    assert.match(f.summary, /^[A-Z`].*\.$/, f.name);
    if (f.renamedTo) assert.equal(mesosFlag(f.renamedTo)?.daemon, f.daemon, f.name);
  }
});
