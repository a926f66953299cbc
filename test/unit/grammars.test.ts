// The TextMate grammars (syntaxes/*.tmLanguage.json), tokenized as VS Code does. Two kinds of check:
// golden token files for whole inputs (hand-written samples of every construct, five real manifests from the Debian
// corpus, a Puppetfile, Hiera YAML), refreshed with UPDATE_EXPECT=1 and reviewed in diffs; and direct assertions on
// the scopes that matter most, so a careless golden refresh cannot hide a regression there.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { formatTokens, tokenize, type Token } from './grammars.tokenize.js';

const fixtures = join(__dirname, '..', 'fixtures', 'grammars');
const update = process.env.UPDATE_EXPECT === '1';

interface GoldenCase {
  /** Input path relative to test/fixtures/grammars. */
  readonly input: string;
  readonly scopeName: string;
}

const corpus = readdirSync(join(fixtures, 'corpus'))
  .filter((name) => name.endsWith('.pp'))
  .sort();

const goldenCases: readonly GoldenCase[] = [
  { input: 'constructs.pp', scopeName: 'source.puppet' },
  { input: 'Puppetfile', scopeName: 'source.puppetfile' },
  { input: 'hiera-interpolation.yaml', scopeName: 'source.yaml' },
  ...corpus.map((name) => ({ input: `corpus/${name}`, scopeName: 'source.puppet' })),
];

/** The golden file beside the inputs: `corpus/a.pp` → `corpus-a.pp.tokens`. */
function goldenPath(input: string): string {
  return join(fixtures, `${input.replace(/\//g, '-')}.tokens`);
}

describe('grammar golden tokens', () => {
  test('the corpus holds the five copied real manifests', () => {
    assert.equal(corpus.length, 5, `corpus files: ${corpus.join(', ')}`);
  });

  for (const c of goldenCases) {
    test(c.input, async () => {
      const { lines, endDepth } = await tokenize(c.scopeName, readFileSync(join(fixtures, c.input), 'utf8'));
      assert.equal(endDepth, 1, 'every rule that opened must have closed by the end of the file');
      const actual = formatTokens(lines);
      const path = goldenPath(c.input);
      if (update) {
        writeFileSync(path, actual);
        return;
      }
      assert.ok(existsSync(path), `missing golden file ${path}: run with UPDATE_EXPECT=1`);
      assert.equal(actual, readFileSync(path, 'utf8'), `tokens differ from ${path} (UPDATE_EXPECT=1 refreshes it)`);
    });
  }
});

/**
 * The scopes of the `occurrence`-th token (1-based) whose text is exactly `text`, on the 1-based `line` of `source`.
 * Tokens split where scopes change, so `text` must be a whole token.
 */
async function scopesOf(
  scopeName: string,
  source: string,
  line: number,
  text: string,
  occurrence = 1,
): Promise<readonly string[]> {
  const { lines } = await tokenize(scopeName, source);
  const tokens: readonly Token[] = lines[line - 1] ?? [];
  const found = tokens.filter((t) => t.text === text)[occurrence - 1];
  assert.ok(
    found,
    `no token ${JSON.stringify(text)} (#${occurrence}) on line ${line}; tokens: ${tokens.map((t) => JSON.stringify(t.text)).join(' ')}`,
  );
  return found.scopes;
}

const has = (scopes: readonly string[], prefix: string): boolean =>
  scopes.some((s) => s === prefix || s.startsWith(`${prefix}.`));

function assertScope(scopes: readonly string[], prefix: string): void {
  assert.ok(has(scopes, prefix), `expected ${prefix} in [${scopes.join(', ')}]`);
}

function assertNoScope(scopes: readonly string[], prefix: string): void {
  assert.ok(!has(scopes, prefix), `expected no ${prefix} in [${scopes.join(', ')}]`);
}

const pp = (source: string, line: number, text: string, occurrence?: number) =>
  scopesOf('source.puppet', source, line, text, occurrence);

describe('puppet grammar: key constructs', () => {
  test('/ divides after a value and starts a regex after =~', async () => {
    const src = '$q = $a / $b\nif $x =~ /^re$/ { }\n$r = ($a + 1) / 2';
    assertScope(await pp(src, 1, '/'), 'keyword.operator.arithmetic.puppet');
    assertNoScope(await pp(src, 1, '/'), 'string.regexp');
    assertScope(await pp(src, 2, '^re$'), 'string.regexp.puppet');
    assertScope(await pp(src, 2, '/', 1), 'punctuation.definition.string.regexp.begin.puppet');
    assertScope(await pp(src, 3, '/'), 'keyword.operator.arithmetic.puppet');
  });

  test('regexes in selectors, case options, node matchers and Pattern types', async () => {
    const src =
      '$r = $h ? { /^a/ => 1, default => 2 }\ncase $x { /b\\/c/: {} }\nnode /^web\\d+$/ { }\ntype T = Pattern[/\\Ax\\z/]';
    assertScope(await pp(src, 1, '^a'), 'string.regexp.puppet');
    assertScope(await pp(src, 2, '\\/'), 'constant.character.escape.regexp.puppet');
    assertScope(await pp(src, 3, '^web'), 'string.regexp.puppet');
    assertScope(await pp(src, 4, '\\A'), 'string.regexp.puppet');
  });

  test('text after a heredoc ends is code, not string', async () => {
    const src = [
      "exec { 'x':",
      '  unless => @("END"),',
      '    select ${x} from t',
      '    |-END',
      "  require => Package['psql'],",
      '}',
      "$after = 'a'",
    ].join('\n');
    // The rest of the opener's line is code.
    assertNoScope(await pp(src, 2, ','), 'string');
    assertScope(await pp(src, 2, ','), 'punctuation.separator.comma.puppet');
    assertScope(await pp(src, 3, '    select '), 'string.interpolated.heredoc.puppet');
    assertScope(await pp(src, 3, 'x'), 'variable.other.readwrite.puppet');
    assertScope(await pp(src, 4, 'END'), 'entity.name.tag.heredoc.puppet');
    assertScope(await pp(src, 4, '|'), 'punctuation.definition.heredoc-margin.puppet');
    assertScope(await pp(src, 4, '-'), 'punctuation.definition.heredoc-trim.puppet');
    for (const [line, text] of [
      [5, 'require'],
      [5, 'Package'],
      [7, 'after'],
    ] as const) {
      const scopes = await pp(src, line, text);
      assertNoScope(scopes, 'string');
      assertNoScope(scopes, 'meta.heredoc');
    }
    assertScope(await pp(src, 5, 'require'), 'entity.other.attribute-name.puppet');
  });

  test('a heredoc ends only at its own tag, and only a quoted tag interpolates', async () => {
    const src = [
      '$a = @(EOT)',
      '  END',
      '  ${not} $interpolated \\n',
      '  - EOT',
      '$b = @("X"/n)',
      '  $yes\\n',
      '  | X',
      '$c = 1',
    ].join('\n');
    assertScope(await pp(src, 2, '  END'), 'string.unquoted.heredoc.puppet');
    assertScope(await pp(src, 3, '  ${not} $interpolated \\n'), 'string.unquoted.heredoc.puppet');
    assertScope(await pp(src, 4, 'EOT'), 'entity.name.tag.heredoc.puppet');
    assertScope(await pp(src, 6, 'yes'), 'variable.other.readwrite.puppet');
    assertScope(await pp(src, 6, '\\n'), 'constant.character.escape.puppet');
    assertNoScope(await pp(src, 8, 'c'), 'string');
  });

  test('definitions name what they define', async () => {
    const src = [
      'class role::mesos::master inherits role::base { }',
      'define mesos::property($value) { }',
      'function mesos::quorum(Integer $n) >> Integer { $n / 2 + 1 }',
      'type Mesos::Port = Integer[1, 65535]',
      "node 'master1', default { }",
    ].join('\n');
    assertScope(await pp(src, 1, 'class'), 'storage.type.class.puppet');
    assertScope(await pp(src, 1, 'role::mesos::master'), 'entity.name.type.class.puppet');
    assertScope(await pp(src, 1, 'role::base'), 'entity.other.inherited-class.puppet');
    assertScope(await pp(src, 2, 'mesos::property'), 'entity.name.type.define.puppet');
    assertScope(await pp(src, 3, 'mesos::quorum'), 'entity.name.function.puppet');
    assertScope(await pp(src, 3, '/'), 'keyword.operator.arithmetic.puppet');
    assertScope(await pp(src, 4, 'Mesos::Port'), 'entity.name.type.alias.puppet');
    assertScope(await pp(src, 5, 'node'), 'storage.type.node.puppet');
    assertScope(await pp(src, 5, 'default'), 'constant.language.default.puppet');
  });

  test('resource declarations, references, attributes and types', async () => {
    const src = [
      "class { 'mesos::master': require => Class['profile::zookeeper'] }",
      "@@sshkey { 'k': type => 'rsa' }",
      "file { '/etc/mesos/zk': ensure => file, * => $attrs }",
      'include profile::zookeeper',
      'String[1] $a, Stdlib::Port $p, File $f',
    ].join('\n');
    assertScope(await pp(src, 1, 'class'), 'storage.type.class.puppet');
    assertScope(await pp(src, 1, 'require'), 'entity.other.attribute-name.puppet');
    assertScope(await pp(src, 1, 'Class'), 'support.type.puppet');
    assertScope(await pp(src, 2, '@@'), 'storage.modifier.virtual.puppet');
    assertScope(await pp(src, 2, 'sshkey'), 'entity.name.type.resource.puppet');
    assertScope(await pp(src, 2, 'type'), 'entity.other.attribute-name.puppet');
    assertScope(await pp(src, 3, 'file'), 'entity.name.type.resource.puppet');
    assertScope(await pp(src, 3, '*'), 'entity.other.attribute-name.splat.puppet');
    assertScope(await pp(src, 3, '=>'), 'punctuation.separator.key-value.puppet');
    assertScope(await pp(src, 4, 'include'), 'keyword.control.import.puppet');
    assertScope(await pp(src, 4, 'profile::zookeeper'), 'entity.name.type.class.puppet');
    assertScope(await pp(src, 5, 'String'), 'support.type.puppet');
    assertScope(await pp(src, 5, 'Stdlib::Port'), 'entity.name.type.puppet');
    assertScope(await pp(src, 5, 'File'), 'entity.name.type.puppet');
  });

  test('variables, strings, interpolation and escapes', async () => {
    const src = [
      '$a = $::fqdn',
      '$b = $mesos::zookeeper',
      '$c = "${facts[\'os\']} on $::hostname \\t"',
      "$d = 'no ${interpolation} \\' here'",
    ].join('\n');
    assertScope(await pp(src, 1, 'fqdn'), 'variable.other.readwrite.global.puppet');
    assertScope(await pp(src, 2, 'mesos::zookeeper'), 'variable.other.readwrite.puppet');
    assertScope(await pp(src, 3, '${'), 'punctuation.section.embedded.begin.puppet');
    assertScope(await pp(src, 3, 'facts'), 'variable.language.puppet');
    assertScope(await pp(src, 3, 'hostname'), 'string.quoted.double.interpolated.puppet');
    assertScope(await pp(src, 3, 'hostname'), 'variable.other.readwrite.global.puppet');
    assertScope(await pp(src, 3, '\\t'), 'constant.character.escape.puppet');
    assertScope(await pp(src, 4, 'no ${interpolation} '), 'string.quoted.single.puppet');
    assertScope(await pp(src, 4, "\\'"), 'constant.character.escape.puppet');
  });

  test('chaining arrows, collectors, numbers and comments', async () => {
    const src = [
      "Package['mesos'] -> Service['mesos-master'] ~> Exec['x']",
      "User <| tag == 'mesos' |> Sshkey <<| |>>",
      '$n = 0x1F + 0755 + 1.5e3 + 42 # trailing',
      '/* block */ $m = 1',
      '  /* indented */ $o = [ /* inline */ 1 ]',
    ].join('\n');
    assertScope(await pp(src, 1, '->'), 'keyword.operator.chaining.puppet');
    assertScope(await pp(src, 1, '~>'), 'keyword.operator.chaining.puppet');
    assertScope(await pp(src, 2, '<|'), 'punctuation.section.collector.begin.puppet');
    assertScope(await pp(src, 2, 'tag'), 'entity.other.attribute-name.puppet');
    assertScope(await pp(src, 2, '|>>'), 'punctuation.section.collector.end.puppet');
    assertScope(await pp(src, 3, '0x1F'), 'constant.numeric.hex.puppet');
    assertScope(await pp(src, 3, '0755'), 'constant.numeric.octal.puppet');
    assertScope(await pp(src, 3, '1.5e3'), 'constant.numeric.float.puppet');
    assertScope(await pp(src, 3, '42'), 'constant.numeric.integer.puppet');
    assertScope(await pp(src, 3, ' trailing'), 'comment.line.number-sign.puppet');
    assertScope(await pp(src, 4, ' block '), 'comment.block.puppet');
    assertNoScope(await pp(src, 4, 'm'), 'comment');
    // Leading blanks must not let a regex literal start earlier than the comment.
    assertScope(await pp(src, 5, ' indented '), 'comment.block.puppet');
    assertScope(await pp(src, 5, ' inline '), 'comment.block.puppet');
    assertNoScope(await pp(src, 5, ' inline '), 'string.regexp');
  });
});

describe('puppetfile grammar', () => {
  const src =
    "forge 'https://forgeapi.puppet.com'\nmod 'mesos',\n  :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2' # pin\nmoduledir 'vendor'";
  const pf = (line: number, text: string) => scopesOf('source.puppetfile', src, line, text);

  test('directives, module names, option symbols, strings, comments', async () => {
    assertScope(await pf(1, 'forge'), 'keyword.other.directive.forge.puppetfile');
    assertScope(await pf(2, 'mod'), 'keyword.other.directive.mod.puppetfile');
    assertScope(await pf(2, 'mesos'), 'entity.name.type.module.puppetfile');
    assertScope(await pf(2, 'mesos'), 'string.quoted.single.puppetfile');
    assertScope(await pf(3, 'git'), 'constant.other.symbol.option.puppetfile');
    assertScope(await pf(3, '=>'), 'punctuation.separator.key-value.puppetfile');
    assertScope(await pf(3, 'v0.5.2'), 'string.quoted.single.puppetfile');
    assertScope(await pf(3, ' pin'), 'comment.line.number-sign.puppetfile');
    assertScope(await pf(4, 'moduledir'), 'keyword.other.directive.moduledir.puppetfile');
  });
});

describe('hiera interpolation injection (into source.yaml)', () => {
  const src = [
    'a: \'zk://%{lookup("zk::hosts")}/mesos\'',
    'b: "%{facts.networking.ip}"',
    'c: plain-%{::fqdn}-%{trusted.certname}',
    'd: "%{alias(\'k\')}" # %{not.in.comment}',
    'e: "100%{literal(\'%\')}"',
    'f: "%{facts.os"',
    "g: 'next line is fine %{facts.x}'",
  ].join('\n');
  const hy = (line: number, text: string, occurrence?: number) => scopesOf('source.yaml', src, line, text, occurrence);

  test('functions, facts and legacy top-scope variables inside quoted and plain scalars', async () => {
    assertScope(await hy(1, '%{'), 'punctuation.section.interpolation.begin.hiera');
    assertScope(await hy(1, 'lookup'), 'support.function.hiera');
    assertScope(await hy(1, 'lookup'), 'string.quoted.single.yaml');
    assertScope(await hy(1, 'zk::hosts'), 'string.quoted.double.hiera');
    assertScope(await hy(2, 'facts'), 'support.variable.hiera');
    assertScope(await hy(2, 'ip'), 'variable.other.property.hiera');
    assertScope(await hy(3, 'fqdn'), 'variable.other.hiera');
    assertScope(await hy(3, 'fqdn'), 'string.unquoted.plain.out.yaml');
    assertScope(await hy(3, 'certname'), 'variable.other.property.hiera');
    // The second interpolation of one scalar is one as much as the first, delimiters included; all of it is
    // meta.embedded, which themes draw in the editor's text colour rather than the string's.
    assertScope(await hy(3, '%{', 2), 'meta.embedded.line.hiera');
    assertScope(await hy(3, '%{', 2), 'punctuation.section.interpolation.begin.hiera');
    assertScope(await hy(3, '}', 2), 'punctuation.section.interpolation.end.hiera');
    assertScope(await hy(3, 'trusted'), 'support.variable.hiera');
    assertScope(await hy(4, 'alias'), 'support.function.hiera');
    assertScope(await hy(5, 'literal'), 'support.function.hiera');
    assertScope(await hy(5, '%'), 'string.quoted.single.hiera');
  });

  test('no interpolation in comments; an unterminated %{ does not swallow the next line', async () => {
    assertNoScope(await hy(4, ' %{not.in.comment}'), 'meta.interpolation');
    assertScope(await hy(6, '"', 2), 'punctuation.definition.string.end.yaml');
    assertScope(await hy(7, 'g'), 'entity.name.tag.yaml');
    assertScope(await hy(7, 'x'), 'variable.other.property.hiera');
  });
});

describe('grammar files', () => {
  test('scope names and the injection selector are what package.json contributes', () => {
    const read = (name: string) =>
      JSON.parse(readFileSync(join(__dirname, '..', '..', 'syntaxes', name), 'utf8')) as Record<string, unknown>;
    assert.equal(read('puppet.tmLanguage.json').scopeName, 'source.puppet');
    assert.equal(read('puppetfile.tmLanguage.json').scopeName, 'source.puppetfile');
    const injection = read('hiera-interpolation.tmLanguage.json');
    assert.equal(injection.scopeName, 'text.hiera.interpolation.injection');
    assert.match(String(injection.injectionSelector), /L:source\.yaml string\.quoted/);
    assert.match(String(injection.injectionSelector), /L:source\.yaml string\.unquoted/);
  });
});

describe('language configurations', () => {
  const config = (name: string) =>
    JSON.parse(readFileSync(join(__dirname, '..', '..', 'language-configuration', name), 'utf8')) as {
      wordPattern: string;
      indentationRules: Record<string, string>;
      onEnterRules?: Array<{ beforeText: string; afterText?: string }>;
      folding: { markers: { start: string; end: string } };
    };
  /** The word VS Code would take at `offset`: the wordPattern match that contains it. */
  const wordAt = (pattern: string, line: string, offset: number): string | undefined =>
    [...line.matchAll(new RegExp(pattern, 'g'))].find(
      (m) => m.index! <= offset && offset <= m.index! + m[0].length,
    )?.[0];

  test('every regex compiles as a JavaScript RegExp (VS Code evaluates them so)', () => {
    for (const name of ['puppet.json', 'puppetfile.json']) {
      const c = config(name);
      const sources = [
        c.wordPattern,
        ...Object.values(c.indentationRules),
        c.folding.markers.start,
        c.folding.markers.end,
      ];
      for (const r of c.onEnterRules ?? []) sources.push(r.beforeText, ...(r.afterText ? [r.afterText] : []));
      for (const s of sources) assert.doesNotThrow(() => new RegExp(s), `${name}: ${s}`);
    }
  });

  test('puppet words span :: and a leading $', () => {
    const p = config('puppet.json').wordPattern;
    const line = '  $zk = $mesos::zookeeper + $::fqdn, Stdlib::Port, include profile::mesos:: ';
    assert.equal(wordAt(p, line, line.indexOf('zookeeper')), '$mesos::zookeeper');
    assert.equal(wordAt(p, line, line.indexOf('fqdn')), '$::fqdn');
    assert.equal(wordAt(p, line, line.indexOf('Port')), 'Stdlib::Port');
    assert.equal(wordAt(p, line, line.lastIndexOf('::') + 2), 'profile::mesos::', 'a half-typed class name');
  });

  test('puppet indentation: after a line that leaves a bracket open, and back at the closing one', () => {
    const r = config('puppet.json').indentationRules;
    const increase = new RegExp(r.increaseIndentPattern);
    const decrease = new RegExp(r.decreaseIndentPattern);
    for (const opens of [
      "class { 'mesos::master':",
      'class role::mesos::master {',
      'notify { "${title}":',
      '$hosts.each |$h| {',
      '$list = [',
      '  env_var => { # the log dir',
    ]) {
      assert.match(opens, increase);
    }
    for (const closed of [
      "file { '/x': ensure => file }",
      '$a = [1, 2]',
      'include profile::zookeeper',
      '# class { x',
    ]) {
      assert.doesNotMatch(closed, increase);
    }
    assert.match('  },', decrease);
    assert.doesNotMatch("  ensure => 'present',", decrease);
  });
});
