// Document symbols (manifests: classes, defines, nodes, resources, parameters; Hiera data: keys with nested
// keys as children) and workspace symbols (classes, defines, type aliases, functions, Hiera keys).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentSymbols, workspaceSymbols, type DocumentSymbol } from '../../server/src/ide/symbols.js';
import { fixtureProject } from '../support/project.js';
import { BOOK_REPO } from '../fixtures/navigation/bookRepo.js';
import { LineIndex } from '../../server/src/base/lineIndex.js';

function outline(fixture: string, path: string): string {
  const { project, fixture: f } = fixtureProject(fixture);
  const text = f.files[path];
  const idx = new LineIndex(text);
  const lines: string[] = [];
  const visit = (s: DocumentSymbol, depth: number): void => {
    const a = idx.position(s.range.start);
    const b = idx.position(s.range.end);
    lines.push(
      `${'  '.repeat(depth)}${s.kind} ${s.name}${s.detail ? ` (${s.detail})` : ''} ${a.line + 1}-${b.line + 1} ${JSON.stringify(text.slice(s.selectionRange.start, s.selectionRange.end))}`,
    );
    for (const c of s.children) visit(c, depth + 1);
  };
  for (const s of documentSymbols(project, path)) visit(s, 0);
  return lines.join('\n');
}

test('manifest outline: classes with parameters and resources, nested in order', () => {
  assert.equal(
    outline(BOOK_REPO, '/work/modules/mesos/manifests/master.pp'),
    [
      'class mesos::master (class) 4-13 "mesos::master"',
      '  parameter $options (Hash) 5-5 "$options"',
      '  parameter $env_var (Hash) 6-6 "$env_var"',
      '  parameter $enable (Boolean) 7-7 "$enable"',
      '  resource file[\'/etc/mesos-master/options\'] (resource) 9-11 "/etc/mesos-master/options"',
    ].join('\n'),
  );
  assert.equal(
    outline(BOOK_REPO, '/work/site-modules/profile/manifests/mesos/master.pp'),
    [
      'class profile::mesos::master (class) 1-6 "profile::mesos::master"',
      '  resource class[\'mesos\'] (resource) 2-2 "mesos"',
      '  resource class[\'mesos::master\'] (resource) 3-5 "mesos::master"',
    ].join('\n'),
  );
});

test('manifest outline: nodes, defines, type aliases, virtual resources', () => {
  const fixture = `#- /work/manifests/site.pp\nnode 'master1', /^slave\\d+$/ {\n  @user { ['a', 'b']: }\n}\ndefine x::y($p) {}\ntype X::T = Integer\n`;
  assert.equal(
    outline(fixture, '/work/manifests/site.pp'),
    [
      'node node master1, /^slave\\d+$/ 1-3 "\'master1\'"',
      '  resource user[\'a\'] (virtual resource) 2-2 "a"',
      '  resource user[\'b\'] (virtual resource) 2-2 "b"',
      'define x::y (define) 4-4 "x::y"',
      '  parameter $p 4-4 "$p"',
      'type X::T (Integer) 5-5 "X::T"',
    ].join('\n'),
  );
});

test('Hiera data outline: top-level keys with nested keys as children', () => {
  assert.equal(
    outline(BOOK_REPO, '/work/data/nodes/master1.yaml'),
    [
      'key classes (list) 1-2 "classes"',
      'key mesos::master::options (hash) 3-5 "mesos::master::options"',
      '  key quorum (2) 4-4 "quorum"',
      '  key hostname (master1) 5-5 "hostname"',
    ].join('\n'),
  );
});

test('broken files still give what parsed', () => {
  assert.equal(
    outline(
      '#- /work/site-modules/x/manifests/init.pp\nclass x {\n  file { "/a": }\n',
      '/work/site-modules/x/manifests/init.pp',
    )
      .split('\n')[0]
      .startsWith('class x'),
    true,
  );
  assert.equal(
    outline('#- /work/data/common.yaml\na: 1\nb: [\n', '/work/data/common.yaml').split('\n')[0],
    'key a (1) 1-1 "a"',
  );
});

test('workspace symbols: classes, defines, type aliases, functions and Hiera keys, fuzzy, exact matches first', () => {
  const { project } = fixtureProject(`${BOOK_REPO}#- /work/modules/mesos/types/flag.pp\ntype Mesos::Flag = String\n`);
  const show = (q: string) =>
    workspaceSymbols(project, q).map((s) => `${s.kind} ${s.name} ${s.path}${s.container ? ` [${s.container}]` : ''}`);
  assert.deepEqual(show('mesos::master'), [
    'class profile::mesos::master /work/site-modules/profile/manifests/mesos/master.pp [profile]',
    'class role::mesos::master /work/site-modules/role/manifests/mesos/master.pp [role]',
    'class mesos::master /work/modules/mesos/manifests/master.pp [mesos]',
    'key mesos::master::options /work/data/nodes/master1.yaml [data/nodes/master1.yaml]',
  ]);
  assert.deepEqual(show('mflag'), ['type Mesos::Flag /work/modules/mesos/types/flag.pp [mesos]']);
  assert.deepEqual(show('zk_u'), ['key zk_url /work/data/common.yaml [data/common.yaml]']);
});
