// `%{...}` in Hiera data files: each diagnostic code triggered and not triggered (malformed interpolation,
// unclosed `%{`, unknown function, alias inside a longer string, lookup cycles, leading `::` with its fix,
// interpolation in lookup_options), completion inside `%{...}`, and hover on what it stands for.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../../server/src/ide/completion.js';
import { hover } from '../../server/src/ide/hover.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { quickFixes } from '../../server/src/ide/codeActions.js';
import { fixtureProject, applyEdit } from '../support/project.js';
import { lookupKey } from '../../server/src/knowledge/lookup/engine.js';

const OURS = [
  'hiera/interpolation-syntax',
  'hiera/interpolation-unclosed',
  'hiera/unknown-interpolation-function',
  'hiera/lookup-cycle',
  'hiera/leading-colons',
  'hiera/lookup-options-interpolation',
];

function ours(fixture: string, path = '/work/data/common.yaml') {
  const { project } = fixtureProject(fixture);
  const text = project.readText(path)!;
  return fileDiagnostics(project, path)
    .filter((d) => OURS.includes(d.code))
    .map((d) => ({ code: d.code, text: text.slice(d.range.start, d.range.end), message: d.message }));
}

test('well-formed interpolation gives nothing', () => {
  assert.deepEqual(
    ours(`a: "%{facts.os.family}-%{trusted.certname}"
b: "%{lookup('a')} and %{hiera('a')}"
c: "%{alias('b')}"
d: "%{literal('%')}{x} %{scope('facts.hostname')} %{::fqdn} %{}"
e:
  nested: ['%{facts.hostname}']
`),
    [],
  );
});

test('malformed calls and variable names', () => {
  const got = ours(`a: "%{lookup(a)}"\nb: "%{facts..x}"\n`);
  assert.deepEqual(
    got.map((d) => [d.code, d.text]),
    [
      ['hiera/interpolation-syntax', '%{lookup(a)}'],
      ['hiera/interpolation-syntax', 'facts..x'],
    ],
  );
});

test('an unclosed %{ is a warning', () => {
  const { project } = fixtureProject("a: 'x %{facts.hostname'\n");
  const d = fileDiagnostics(project, '/work/data/common.yaml').find((x) => x.code === 'hiera/interpolation-unclosed')!;
  assert.equal(d.severity, 'warning');
});

test('unknown interpolation functions', () => {
  const got = ours(`a: "%{lookpu('b')}"\nb: "%{hiera('a')}"\n`);
  assert.deepEqual(
    got.map((d) => [d.code, d.text]),
    [['hiera/unknown-interpolation-function', 'lookpu']],
  );
});

test('alias must be the whole string', () => {
  const got = ours(`a: [1, 2]\nb: "x %{alias('a')}"\nc: "%{alias('a')}"\n`);
  assert.deepEqual(
    got.map((d) => [d.code, d.text]),
    [['hiera/interpolation-syntax', "%{alias('a')}"]],
  );
  assert.match(got[0].message, /whole value/);
});

test('lookup cycles, directly and across files; a chain without a cycle is fine', () => {
  assert.deepEqual(
    ours(`a: "%{lookup('a')}"\n`).map((d) => [d.code, d.text]),
    [['hiera/lookup-cycle', 'a']],
  );
  const across = ours(`#- /work/data/common.yaml
a: "%{lookup('b')}"
#- /work/data/nodes/x.yaml
b: "%{alias('c')}"
c: "prefix %{hiera('a.deep')}"
`);
  assert.deepEqual(
    across.map((d) => [d.code, d.text]),
    [['hiera/lookup-cycle', 'b']],
  );
  assert.match(across[0].message, /'a' → 'b' → 'c' → 'a'/);
  assert.deepEqual(ours(`a: "%{lookup('b')}"\nb: "%{lookup('c')}"\nc: 1\n`), []);
});

test('a key with a leading :: is reported, with a fix', () => {
  const { project } = fixtureProject("'::mesos::zookeeper': 'zk://a:2181/mesos'\nntp::servers: []\n");
  const path = '/work/data/common.yaml';
  const d = fileDiagnostics(project, path).filter((x) => x.code === 'hiera/leading-colons');
  assert.equal(d.length, 1);
  const fix = quickFixes(project, path, d[0].range).find((f) => f.diagnostic.code === 'hiera/leading-colons')!.fix;
  const e = fix.edits[0];
  assert.equal(
    applyEdit(project.readText(path)!, e.range, e.newText),
    "'mesos::zookeeper': 'zk://a:2181/mesos'\nntp::servers: []\n",
  );
  assert.deepEqual(ours('ntp::servers: []\n'), []);
});

test('interpolation inside lookup_options is flagged; plain options are not', () => {
  const got = ours("lookup_options:\n  '^profile::.*':\n    merge: '%{facts.merge}'\n");
  assert.deepEqual(
    got.map((d) => [d.code, d.text]),
    [['hiera/lookup-options-interpolation', "'%{facts.merge}'"]],
  );
  assert.deepEqual(ours("lookup_options:\n  '^profile::.*':\n    merge: deep\n"), []);
});

function completion(fixture: string) {
  const { project, cursor, fixture: f } = fixtureProject(fixture);
  const items = complete(project, cursor.path, cursor.offset);
  return {
    labels: items.map((i) => i.label),
    apply(label: string) {
      const item = items.find((i) => i.label === label);
      assert.ok(
        item,
        `no ${label} among ${items
          .map((i) => i.label)
          .slice(0, 30)
          .join(', ')}`,
      );
      return applyEdit(f.files[cursor.path], item.range, item.insertText);
    },
  };
}

test('completion inside %{: roots, functions, facts, trusted and top-scope facts', () => {
  const c = completion('a: "%{$0"\n');
  for (const l of ['facts.', 'trusted.', 'trusted.certname', '::', "lookup('')", "alias('')", "hiera('')"])
    assert.ok(c.labels.includes(l), l);
  assert.equal(c.apply("lookup('')"), `a: "%{lookup('"\n`);
  assert.equal(completion('a: "%{facts.os.f$0}"\n').apply('facts.os.family'), 'a: "%{facts.os.family}"\n');
  assert.equal(completion('a: "%{trusted.$0"\n').apply('trusted.certname'), 'a: "%{trusted.certname"\n');
  assert.ok(completion('a: "%{::$0}"\n').labels.includes('::fqdn'));
});

test("completion of keys after lookup(' closes the call", () => {
  const c = completion(
    `#- /work/data/nodes/x.yaml\nsite::zk_hosts: 'a,b'\n#- /work/data/common.yaml\nmesos::zookeeper: "zk://%{lookup('si$0"\n`,
  );
  assert.equal(c.apply('site::zk_hosts'), `mesos::zookeeper: "zk://%{lookup('site::zk_hosts')}"\n`);
  const closed = completion(
    `#- /work/data/nodes/x.yaml\nsite::zk_hosts: 'a,b'\n#- /work/data/common.yaml\nb: "%{alias('si$0')}"\n`,
  );
  assert.equal(closed.apply('site::zk_hosts'), `b: "%{alias('site::zk_hosts')}"\n`);
  assert.ok(c.labels.includes('mesos::master::options'), 'bundled keys too');
});

test('hover inside %{...}', () => {
  const h = (fixture: string) => {
    const { project, cursor } = fixtureProject(fixture);
    return hover(project, cursor.path, cursor.offset)?.markdown ?? '';
  };
  assert.match(h('a: "%{facts.os.fam$0ily}"\n'), /OS family/);
  assert.match(h('a: "%{trusted.cert$0name}"\n'), /certificate name/);
  assert.match(h('a: "%{look$0up(\'b\')}"\nb: 1\n'), /^\*\*lookup\('b'\)\*\*/);
  assert.match(h('a: "%{nope$0(\'b\')}"\n'), /not an interpolation function/);
});

test('the lookup engine agrees that a reported cycle fails the lookup', () => {
  const { project } = fixtureProject(`#- /work/hiera.yaml
version: 5
hierarchy:
  - name: common
    path: common.yaml
#- /work/data/common.yaml
a: "%{lookup('b')}"
b: "x %{lookup('a')}"
`);
  const r = lookupKey({ fs: project.view, environmentDir: '/work', node: { certname: 'n', facts: {} } }, 'a');
  assert.equal(r.outcome.kind, 'error');
  assert.match(r.outcome.kind === 'error' ? r.outcome.message : '', /Recursive lookup detected/);
  assert.equal(
    fileDiagnostics(project, '/work/data/common.yaml').filter((d) => d.code === 'hiera/lookup-cycle').length,
    2,
  );
});
