// Unit tests of the manifest summary: definitions with parameters (types and defaults as written), doc
// comments read puppet-strings style, and the references the module index needs (includes, resource-like
// class declarations, Class['x'], lookup keys, resource declarations). Ranges are checked by the text they cover.

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parsePuppet, summarizeManifest, type ManifestSummary } from '../../server/src/syntax/puppet/index.js';

function summarize(text: string): ManifestSummary {
  return summarizeManifest(parsePuppet(text), text);
}

function at(text: string, r: { start: number; end: number }): string {
  return text.slice(r.start, r.end);
}

const CLASS = `# @summary Manages the thing.
#
# Longer free text
# over two lines.
#
# @param port
#   The port to listen on,
#   on all interfaces.
# @param [Array[String]] hosts Hosts to serve.
# @example Basic use
#   include thing
#
class ::thing::server (
  Stdlib::Port $port = 8080,
  Optional[Variant[
    String,
    Integer
  ]] $mode = undef,
  $hosts = ['a', 'b'],
  $enabled = $facts['os']['family'] ? { 'Debian' => true, default => false },
) inherits thing::params {
  include thing
}
`;

test('a class: name without leading ::, range, inherits, parameters in order with types and defaults as written', () => {
  const s = summarize(CLASS);
  assert.equal(s.definitions.length, 1);
  const c = s.definitions[0];
  assert.equal(c.kind, 'class');
  assert.equal(c.name, 'thing::server');
  assert.equal(at(CLASS, c.nameRange), 'thing::server');
  assert.ok(at(CLASS, c.range).startsWith('class ::thing::server ('));
  assert.ok(at(CLASS, c.range).endsWith('include thing\n}'));
  assert.equal(c.inherits, 'thing::params');
  assert.deepEqual(
    c.parameters.map((p) => [p.name, at(CLASS, p.nameRange), p.typeText, p.defaultText]),
    [
      ['port', '$port', 'Stdlib::Port', '8080'],
      ['mode', '$mode', 'Optional[Variant[\n    String,\n    Integer\n  ]]', 'undef'],
      ['hosts', '$hosts', undefined, "['a', 'b']"],
      ['enabled', '$enabled', undefined, "$facts['os']['family'] ? { 'Debian' => true, default => false }"],
    ],
  );
});

test('the doc comment above a definition, puppet-strings style', () => {
  const doc = summarize(CLASS).definitions[0].doc!;
  assert.equal(doc.summary, 'Manages the thing.');
  assert.equal(doc.text, 'Longer free text\nover two lines.');
  assert.deepEqual(doc.params, [
    { name: 'port', types: [], text: 'The port to listen on,\non all interfaces.' },
    { name: 'hosts', types: ['Array[String]'], text: 'Hosts to serve.' },
  ]);
  assert.deepEqual(doc.examples, [{ title: 'Basic use', text: 'include thing' }]);
  // A blank line between comment and definition ends the doc comment, as in puppet strings.
  assert.equal(summarize('# not docs\n\nclass a {}').definitions[0].doc, undefined);
});

test('defined types, nodes, type aliases and functions', () => {
  const text = `define foo::bar (String $x) { }
node 'web1', /^db\\d+$/, default { }
type Foo::Port = Integer[1, 65535]
function foo::twice(Integer $n) >> Integer { $n * 2 }
`;
  const s = summarize(text);
  assert.deepEqual(
    s.definitions.map((d) => [d.kind, d.name, d.parameters.map((p) => p.typeText)]),
    [['define', 'foo::bar', ['String']]],
  );
  assert.deepEqual(s.nodes[0].names, ['web1', '/^db\\d+$/', 'default']);
  assert.deepEqual(
    s.nodes[0].nameRanges.map((r) => at(text, r)),
    ["'web1'", '/^db\\d+$/', 'default'],
  );
  assert.deepEqual(
    s.typeAliases.map((t) => [t.name, t.typeText]),
    [['Foo::Port', 'Integer[1, 65535]']],
  );
  assert.deepEqual(
    s.functions.map((f) => [f.name, f.returnType, f.parameters.map((p) => p.name)]),
    [['foo::twice', 'Integer', ['n']]],
  );
});

test('include, contain and require: call and statement forms, several names, strings, arrays, leading :: stripped', () => {
  const text = `include foo, '::bar'
contain(baz::qux)
require ['a', "b"]
include Class['c']
class x { include ::d }
`;
  const s = summarize(text);
  assert.deepEqual(
    s.includes.map((i) => [i.function, i.name, at(text, i.range)]),
    [
      ['include', 'foo', 'foo'],
      ['include', 'bar', 'bar'],
      ['contain', 'baz::qux', 'baz::qux'],
      ['require', 'a', 'a'],
      ['require', 'b', 'b'],
      ['include', 'c', 'c'],
      ['include', 'd', 'd'],
    ],
  );
});

test('resource-like class declarations with title range and attributes', () => {
  const text = `class { 'ntp':
  servers => ['a', 'b'],
  iburst  => true,
}
class { ['x', '::y']: }
`;
  const s = summarize(text);
  assert.deepEqual(
    s.resourceLikeClasses.map((c) => [
      c.name,
      at(text, c.titleRange),
      c.attributes.map((a) => [a.name, at(text, a.range), a.valueText]),
    ]),
    [
      [
        'ntp',
        'ntp',
        [
          ['servers', 'servers', "['a', 'b']"],
          ['iburst', 'iburst', 'true'],
        ],
      ],
      ['x', 'x', []],
      ['y', 'y', []],
    ],
  );
});

test("Class['x'] references, lookup and hiera keys", () => {
  const text = `Class['foo'] -> Class['::bar']
$v = lookup('ntp::servers', Array[String], 'unique', [])
$w = hiera("old::key")
$n = lookup($dynamic)
`;
  const s = summarize(text);
  assert.deepEqual(
    s.classReferences.map((c) => [c.name, at(text, c.range)]),
    [
      ['foo', 'foo'],
      ['bar', 'bar'],
    ],
  );
  assert.deepEqual(
    s.lookups.map((l) => [l.function, l.key, at(text, l.keyRange)]),
    [
      ['lookup', 'ntp::servers', 'ntp::servers'],
      ['hiera', 'old::key', 'old::key'],
    ],
  );
});

test('resource declarations: type, form and titles', () => {
  const text = `file { ['/a', "/b"]: ensure => file; $dyn: }
@user { 'bob': }
@@sshkey { "k-\${fqdn}": }
`;
  const s = summarize(text);
  assert.deepEqual(
    s.resources.map((r) => [r.type, at(text, r.typeRange), r.form, r.titles.map((t) => [t.value, at(text, t.range)])]),
    [
      [
        'file',
        'file',
        'regular',
        [
          ['/a', '/a'],
          ['/b', '/b'],
          [undefined, '$dyn'],
        ],
      ],
      ['user', 'user', 'virtual', [['bob', 'bob']]],
      ['sshkey', 'sshkey', 'exported', [[undefined, '"k-${fqdn}"']]],
    ],
  );
});

test('a summary of a manifest with errors still lists what parsed', () => {
  const text = 'class a (\n  $x = ,\n) {\n  include b\n'; // a bad default and a missing '}'
  const s = summarize(text);
  assert.equal(s.definitions[0].name, 'a');
  assert.deepEqual(
    s.includes.map((i) => i.name),
    ['b'],
  );
});
