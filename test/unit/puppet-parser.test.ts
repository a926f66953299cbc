// Unit tests of the Puppet parser: golden trees for each language construct (refresh with UPDATE_EXPECT=1 and
// review the diff), operator precedence as s-expressions, the lexer's context rules (regex or division, '['
// and '(' forms), strings, heredocs, error recovery with precise messages, and properties that must hold for
// any input (the tree covers the text, nothing throws, the parser never stalls).

import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  heredocText,
  isNode,
  parsePuppet,
  printTree,
  type SyntaxElement,
  type SyntaxNode,
} from '../../server/src/syntax/puppet/index.js';
import { lex } from '../../server/src/syntax/puppet/lexer.js';
import { STUCK_MESSAGE } from '../../server/src/syntax/puppet/parser.js';

const FIXTURES = join(__dirname, '..', 'fixtures', 'puppet-parser');

/** Compares the printed tree and errors of `input` with the golden file `<name>.txt`. */
function check(name: string, input: string): void {
  const parse = parsePuppet(input);
  const errors = parse.errors.map((e) => `error ${e.range.start}..${e.range.end}: ${e.message}`).join('\n');
  const actual = `${input}\n----\n${printTree(parse.tree, input)}----\n${errors}${errors ? '\n' : ''}`;
  const file = join(FIXTURES, `${name}.txt`);
  if (process.env.UPDATE_EXPECT === '1' || !existsSync(file)) {
    mkdirSync(FIXTURES, { recursive: true });
    writeFileSync(file, actual);
    if (process.env.UPDATE_EXPECT !== '1')
      assert.fail(`golden file ${file} was missing and has been written: review it`);
    return;
  }
  assert.equal(
    actual,
    readFileSync(file, 'utf8'),
    `tree of '${name}' differs from ${file} (UPDATE_EXPECT=1 to refresh)`,
  );
}

/** Errors of a parse as `line:message` strings (1-based lines). */
function errorsOf(input: string): string[] {
  return parsePuppet(input).errors.map((e) => `${input.slice(0, e.range.start).split('\n').length}:${e.message}`);
}

function tokensText(root: SyntaxNode, text: string): string {
  let out = '';
  const visit = (e: SyntaxElement): void => {
    if (isNode(e)) e.children.forEach(visit);
    else out += text.slice(e.start, e.end);
  };
  visit(root);
  return out;
}

function findAll(root: SyntaxNode, kind: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode): void => {
    if (n.kind === kind) out.push(n);
    for (const c of n.children) if (isNode(c)) visit(c);
  };
  visit(root);
  return out;
}

/** The first expression statement of `input` as an s-expression, to check precedence and associativity. */
function sexpr(input: string): string {
  const parse = parsePuppet(input);
  assert.deepEqual(parse.errors, [], `unexpected errors in ${input}`);
  const first = parse.tree.children.find(isNode)!;
  const show = (n: SyntaxNode): string => {
    const nodes = n.children.filter(isNode);
    const ops = n.children.filter((c) => !isNode(c) && c.kind !== 'WHITESPACE' && c.kind !== 'COMMENT');
    const op = ops[0] ? input.slice(ops[0].start, ops[0].end) : '?';
    switch (n.kind) {
      case 'BinaryExpr':
      case 'AssignExpr':
      case 'Relationship':
        return `(${op} ${show(nodes[0])} ${show(nodes[1])})`;
      case 'UnaryExpr':
        return `(${op} ${show(nodes[0])})`;
      case 'Selector':
        return `(? ${show(nodes[0])})`;
      case 'ParenExpr':
        return show(nodes[0]);
      default:
        return input.slice(n.start, n.end).trim();
    }
  };
  return show(first);
}

// --- golden trees, one per construct ---

const GOLDEN: Record<string, string> = {
  'class-params': `# Installs things.
class foo::bar (
  String $a,
  Optional[Integer[1, 2]] $b = undef,
  $c = 'x',
  *$rest,
) inherits foo {
  include foo::baz
}
`,
  'define-and-node': `define foo::thing ($x = 1) { notify { $x: } }
node 'a.example.com', /^web\\d+$/, default { include role }
node db01.example.com { }
`,
  resources: `@file { ['/a', '/b']:
  ensure => file,
  *      => $attrs;
'/c':
  mode +> '0644',
}
@@sshkey { $fqdn: type => rsa }
File { owner => root }
File['/a'] { group => wheel }
class { 'ntp': servers => ['a'] }
`,
  'collectors-relationships': `User <| title == 'x' and groups != 'y' |> { shell => '/bin/zsh' }
Sshkey <<| tag == 'k' |>>
Package['a'] -> Service['b'] ~> Exec['c']
File['x'] <- Package['y'] <~ Exec['z']
`,
  'calls-lambdas': `$y = $list.filter |$x| { $x > 1 }.map |Integer $i, $j = 2| >> String { "v\${i}" }
each($h) |$k, $v| { notice($k) }
$z = Integer('3')
include a, ::b
require c
contain(d)
`,
  'control-flow': `if $a { notice(1) } elsif $b { notice(2) } else { notice(3) }
unless $c { notice(4) } else { notice(5) }
case $os { 'Debian', 'Ubuntu': { $p = 'apt' } /^RedHat/: { } default: { } }
$v = $os ? { 'a' => 1, default => 2, }
`,
  'types-functions': `type Foo::Bar = Variant[String, Array[String]]
type Struct1 = Struct[{ a => Integer, Optional[b] => String }]
function foo::add(Integer $a, Integer $b = 1) >> Integer {
  $a + $b
}
`,
  strings: `$a = 'it\\'s'
$b = "x \${facts['os']['family']} $y \${name} \${var.upcase} \\$z"
$c = @("END"/tn)
  Hello \${name}\\t
  | END
$d = [1, 2][0]
`,
  'regex-division': `$a = $b / 2 / $c
$d = $e =~ /^a\\/b$/
if $x =~ /y/ { }
$f = (1) / 2
`,
};

for (const [name, input] of Object.entries(GOLDEN)) {
  test(`golden tree: ${name}`, () => check(name, input));
}

// --- recovery: golden trees with errors ---

const RECOVERY: Record<string, string> = {
  'missing-brace': `class a {
  file { '/x':
    ensure => file,

class b {
  notify { 'still parsed': }
}
`,
  'missing-comma': `file { '/x':
  ensure => file
  owner  => root,
}
$h = { 'a' => 1 'b' => 2 }
`,
  'unterminated-string': `class a {
  $x = 'abc
}
`,
  'unterminated-heredoc': `$x = @(END)
  text
$y = 1
`,
};

for (const [name, input] of Object.entries(RECOVERY)) {
  test(`recovery tree: ${name}`, () => check(name, input));
}

test('a missing brace is reported where the next definition starts, which still parses', () => {
  const input = RECOVERY['missing-brace'];
  assert.deepEqual(errorsOf(input), ["5:expected '}' to close the resource body opened on line 2, found 'class'"]);
  const tree = parsePuppet(input).tree;
  const classes = findAll(tree, 'ClassDef');
  assert.equal(classes.length, 2);
  assert.equal(classes[1].kind, 'ClassDef');
  assert.ok(tree.children.includes(classes[1]), 'class b is a top-level definition, not nested in class a');
});

test('a missing comma between attributes is reported at the next attribute, and parsing goes on', () => {
  const errors = errorsOf(RECOVERY['missing-comma']);
  assert.equal(errors[0], "3:expected ',' between attributes, found 'owner'");
  assert.equal(errors[1], "5:expected ',' between hash entries, found ''b''");
  assert.equal(errors.length, 2);
});

test('unterminated strings and heredocs are reported at their start', () => {
  assert.deepEqual(errorsOf(RECOVERY['unterminated-string']), ['2:unterminated string: expected a closing "\'"']);
  assert.deepEqual(errorsOf(RECOVERY['unterminated-heredoc']), [
    "1:unterminated heredoc: expected a line ending with 'END'",
  ]);
  assert.deepEqual(errorsOf('$x = "a ${b} c\n'), ["1:unterminated string: expected a closing '\"'"]);
});

test('error messages name what was expected and where the block opened', () => {
  assert.deepEqual(errorsOf('class a {\n  if $x {\n    notice(1)'), [
    "3:expected '}' to close the 'if' body opened on line 2, found end of file",
  ]);
  assert.deepEqual(errorsOf('foo(1, 2\n$x = 1'), [
    "2:expected ')' to close the argument list opened on line 1, found '$x'",
  ]);
  assert.deepEqual(errorsOf('foo(1 2)'), ["1:expected ',' or ')', found '2'"]);
  assert.deepEqual(errorsOf('class a ($x $y) {}'), ["1:expected ',' between parameters, found '$y'"]);
  assert.deepEqual(errorsOf('$x = [1, 2'), ["1:expected ']' to close the array opened on line 1, found end of file"]);
  assert.deepEqual(errorsOf('file { "/x": ensure present }'), [
    "1:expected '=>' after the attribute name, found 'present'",
  ]);
});

test('Puppet takes a semicolon only between two statements', () => {
  assert.deepEqual(errorsOf('$a = 1; $b = 2'), []);
  assert.deepEqual(errorsOf('class a { ; include b }'), ["1:unexpected ';': it may only separate two statements"]);
  assert.deepEqual(errorsOf('class a { include b; }'), ["1:expected a statement after ';', found '}'"]);
});

test('what Puppet rejects as a statement list', () => {
  assert.deepEqual(errorsOf('$a = 1, 2'), [
    "1:a comma cannot separate statements: only functions such as 'include' take arguments without parentheses",
  ]);
  assert.deepEqual(errorsOf('file { path => "/x" }').length, 1);
  assert.deepEqual(errorsOf('$x = Foo::bar'), [
    "1:'Foo::bar' is not a valid type name: every segment must be capitalised",
  ]);
  assert.deepEqual(errorsOf('$x = /a(/'), ['1:invalid regular expression: Unterminated group']);
});

test("Puppet's static checks, on manifests that parse", () => {
  assert.deepEqual(errorsOf('$x\n$y = 1'), [
    '1:this variable has no effect: its value is computed and then forgotten (is an operator, a comma or a parenthesis missing?)',
  ]);
  assert.deepEqual(errorsOf('foo bar'), [
    "1:this name 'foo' has no effect: its value is computed and then forgotten (is an operator, a comma or a parenthesis missing?)",
  ]);
  assert.deepEqual(errorsOf('class a { notice(1)\n  1 }'), [
    '2:this literal value has no effect: a class cannot end with a value that is not used',
  ]);
  assert.deepEqual(errorsOf('class a { if $x { } }'), [
    "1:this 'if' statement has no effect: a class cannot end with a value that is not used",
  ]);
  assert.deepEqual(errorsOf('class a { $x =~ /y/ }'), []);
  assert.deepEqual(errorsOf('a = 1'), ["1:cannot assign to name 'a': only variables can be assigned"]);
  assert.deepEqual(errorsOf('$a[1] = 1'), [
    '1:cannot assign to an element ([index/key]): only variables can be assigned',
  ]);
  assert.deepEqual(errorsOf('[$a, $b] = [1, 2]'), []);
  assert.deepEqual(errorsOf('$Foo = 1'), [
    "1:illegal variable name '$Foo': use lower-case letters, digits and '_', starting with a letter",
  ]);
  // Only when the manifest parses: a syntax error hides them, as in Puppet.
  assert.deepEqual(errorsOf('$x\n$y = ('), ['2:expected an expression, found end of file']);
});

test('what Puppet refuses in definitions, attribute operations and escapes (each as `puppet parser validate` does)', () => {
  const NAME = "each '::'-separated part must start with a lower-case letter and hold only letters, digits and '_'";
  const PLACE = 'can be defined only at the top level of a manifest or inside a class body, not here';
  // Reserved parameters: Puppet sets $title and $name itself.
  assert.deepEqual(errorsOf('define x($title) { }'), [
    "1:'$title' cannot be a parameter of a defined type: Puppet sets it for every instance",
  ]);
  assert.deepEqual(errorsOf('class x(String $name = "a") { }'), [
    "1:'$name' cannot be a parameter of a class: Puppet sets it for every instance",
  ]);
  assert.deepEqual(errorsOf('define x($titles, $named) { }'), []);
  assert.deepEqual(errorsOf('function f($name) { 1 }'), []);
  // Names: lower-case words joined by '::'.
  assert.deepEqual(errorsOf('class R9 {}'), [`1:'R9' cannot name a class: ${NAME}`]);
  assert.deepEqual(errorsOf('define _d {}'), [`1:'_d' cannot name a defined type: ${NAME}`]);
  assert.deepEqual(errorsOf('class foo-bar {}'), [`1:'foo-bar' cannot name a class: ${NAME}`]);
  assert.deepEqual(errorsOf('function R9() {}'), [`1:'R9' cannot name a function: ${NAME}`]);
  assert.deepEqual(errorsOf('define a::b::c_9 {}\nclass d::e9 {}'), []);
  // Where definitions may appear.
  assert.deepEqual(errorsOf('define x { class y { } }'), [`1:a class ${PLACE}`]);
  assert.deepEqual(errorsOf('if true { class x {} }'), [`1:a class ${PLACE}`]);
  assert.deepEqual(errorsOf('node n {\n  define d {} }'), [`2:a defined type ${PLACE}`]);
  assert.deepEqual(errorsOf('[1].each |$x| { node n {} }'), [`1:a node definition ${PLACE}`]);
  assert.deepEqual(errorsOf('class a { class b { define c {} } node n {} }'), []);
  assert.deepEqual(errorsOf('class a { function f() {} }'), [
    '1:a function can be defined only at the top level of a manifest, outside any class or block',
  ]);
  // '+>' appends only in overrides and collectors.
  assert.deepEqual(errorsOf("file { '/tmp/x': ensure +> file }"), [
    "1:'+>' cannot add to 'ensure' in a resource declaration: appending works only in a resource override or a collector; use '=>'",
  ]);
  assert.deepEqual(errorsOf('File { mode +> 1 }'), [
    "1:'+>' cannot add to 'mode' in resource defaults: appending works only in a resource override or a collector; use '=>'",
  ]);
  assert.deepEqual(errorsOf('File["x"] { mode +> 1 }\nFile <| |> { mode +> 1 }'), []);
  // \u escapes that name no character (a syntax error: reported even where other checks would not run).
  assert.deepEqual(errorsOf('$a = "\\u{110000}"'), [
    "1:'\\u{110000}' is not a Unicode character: the highest code point is 10FFFF",
  ]);
  assert.deepEqual(errorsOf('$a = "x\\uD800"'), [
    "1:'\\uD800' is half of a UTF-16 surrogate pair, not a character: write the character's own code point",
  ]);
  assert.deepEqual(errorsOf('$a = @("X"/u)\n  \\u{DFFF}\n  | X\nnotice($a)'), [
    "2:'\\u{DFFF}' is half of a UTF-16 surrogate pair, not a character: write the character's own code point",
  ]);
  assert.deepEqual(
    errorsOf(
      '$a = "\\u{10FFFF}\\u{1100000}\\\\u{110000}"\n$b = \'\\u{110000}\'\n$c = @(X)\n  \\u{110000}\n  | X\nnotice($a, $b, $c)',
    ),
    [],
  );
});

// --- precedence ---

test('operator precedence and associativity follow Puppet', () => {
  const cases: [string, string][] = [
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['$a or $b and $c', '(or $a (and $b $c))'],
    ['!$a and $b', '(and (! $a) $b)'],
    ['$a == $b and $c < $d', '(and (== $a $b) (< $c $d))'],
    ['$a < $b == $c', '(< $a (== $b $c))'],
    ['1 << 2 + 3', '(<< 1 (+ 2 3))'],
    ['$x in $y =~ /a/', '(=~ (in $x $y) /a/)'],
    ['-$a * 2', '(* (- $a) 2)'],
    ['-$a[1]', '(- $a[1])'],
    ['$a = $b = 1 + 2', '(= $a (= $b (+ 1 2)))'],
    ['$a += [1]', '(+= $a [1])'],
    ['A -> B ~> C', '(~> (-> A B) C)'],
    ['$a == 1 ? { true => 1, default => 2 }', '(? (== $a 1))'],
    ['$a and $b ? { default => 1 }', '(and $a (? $b))'],
    ['*$args + 1', '(+ (* $args) 1)'],
    ['(1 + 2) * 3', '(* (+ 1 2) 3)'],
    ['$a !~ /x/ or $b % 2 != 0', '(or (!~ $a /x/) (!= (% $b 2) 0))'],
  ];
  for (const [input, expected] of cases) assert.equal(sexpr(input), expected, input);
});

// --- lexer context rules ---

function kinds(input: string): string[] {
  return lex(input)
    .tokens.filter((t) => t.kind !== 'WHITESPACE' && t.kind !== 'EOF')
    .map((t) => t.kind);
}

test('a slash is a regex where a value cannot end, else division', () => {
  assert.deepEqual(kinds('$a / $b / $c'), ['VARIABLE', 'SLASH', 'VARIABLE', 'SLASH', 'VARIABLE']);
  assert.deepEqual(kinds('$a =~ /x\\/y/'), ['VARIABLE', 'MATCH', 'REGEX']);
  assert.deepEqual(kinds('foo(/a/, 1 / 2)'), [
    'NAME',
    'L_PAREN',
    'REGEX',
    'COMMA',
    'NUMBER',
    'SLASH',
    'NUMBER',
    'R_PAREN',
  ]);
  assert.deepEqual(kinds('[1] / 2'), ['LIST_START', 'NUMBER', 'R_BRACK', 'SLASH', 'NUMBER']);
  assert.deepEqual(kinds('case $x { /a/: {} }'), [
    'CASE_KW',
    'VARIABLE',
    'L_BRACE',
    'REGEX',
    'COLON',
    'L_BRACE',
    'R_BRACE',
    'R_BRACE',
  ]);
});

test("'[' after a value is an access, after a space a new array; '(' first on a line is not a call", () => {
  assert.deepEqual(kinds('$a[1]'), ['VARIABLE', 'L_BRACK', 'NUMBER', 'R_BRACK']);
  assert.deepEqual(kinds('$a [1]'), ['VARIABLE', 'LIST_START', 'NUMBER', 'R_BRACK']);
  assert.deepEqual(kinds('foo(1)\n(2)'), ['NAME', 'L_PAREN', 'NUMBER', 'R_PAREN', 'WS_L_PAREN', 'NUMBER', 'R_PAREN']);
});

test('names, words, type references, variables and numbers', () => {
  assert.deepEqual(kinds('foo::bar ::top foo-bar _x Foo::Bar ::Top $a::b $::c 0x1F 1.5e3 0777'), [
    'NAME',
    'NAME',
    'WORD',
    'WORD',
    'CLASSREF',
    'CLASSREF',
    'VARIABLE',
    'VARIABLE',
    'NUMBER',
    'NUMBER',
    'NUMBER',
  ]);
  assert.deepEqual(
    kinds('class define node if elsif else unless case default undef true false and or in function type'),
    [
      'CLASS_KW',
      'DEFINE_KW',
      'NODE_KW',
      'IF_KW',
      'ELSIF_KW',
      'ELSE_KW',
      'UNLESS_KW',
      'CASE_KW',
      'DEFAULT_KW',
      'UNDEF_KW',
      'TRUE_KW',
      'FALSE_KW',
      'AND_KW',
      'OR_KW',
      'IN_KW',
      'FUNCTION_KW',
      'TYPE_KW',
    ],
  );
  assert.deepEqual(errorsOf('$x = 09'), ["1:'09' is not a valid number"]);
});

// --- strings and heredocs ---

test('interpolation: ${name} and ${name[...]} read the name as a variable; $name works without braces', () => {
  const input = '"a ${b} ${c[1]} ${d.e} ${1 + f} $g::h \\${no}"';
  const parse = parsePuppet(input);
  assert.deepEqual(parse.errors, []);
  const interps = findAll(parse.tree, 'Interpolation');
  assert.equal(interps.length, 4);
  const firstKinds = interps.map((i) => {
    const inner = i.children.find(isNode)!;
    return findAll(inner, 'VariableExpr').length > 0 || inner.kind === 'VariableExpr' ? 'var' : inner.kind;
  });
  assert.deepEqual(firstKinds, ['var', 'var', 'var', 'BinaryExpr']);
  const toks = lex(input).tokens.map((t) => t.kind);
  assert.ok(toks.includes('INTERP_VAR'));
});

function heredoc(input: string): string {
  const parse = parsePuppet(input);
  assert.deepEqual(parse.errors, [], input);
  return heredocText(parse.heredocs[0], input);
}

test('heredoc text: margin with |, trailing line break removed with -, escapes only with flags', () => {
  assert.equal(heredoc('$a = @(END)\n  one\n    two\n  | END\n'), 'one\n  two\n');
  assert.equal(heredoc('$a = @(END)\n  one\n  |- END\n'), 'one');
  assert.equal(heredoc('$a = @(END)\none\\ttwo\nEND\n'), 'one\\ttwo\n');
  assert.equal(heredoc('$a = @(END/t)\none\\ttwo\\n\nEND\n'), 'one\ttwo\\n\n');
  assert.equal(heredoc('$a = @("END"/)\n${x}\\$\\n\n-END\n'), '${x}$\n');
  // Two heredocs on one line: the second text follows the first's end line.
  const two = '$a = [@(A), @(B)]\na\n|A\nb\n|B\n$c = 1\n';
  const parse = parsePuppet(two);
  assert.deepEqual(parse.errors, []);
  assert.deepEqual(
    parse.heredocs.map((h) => heredocText(h, two)),
    ['a\n', 'b\n'],
  );
});

test('errors inside a heredoc interpolation are reported', () => {
  assert.deepEqual(errorsOf('$a = @("END")\n  ${foo(}\n  END\n').length, 1);
  assert.deepEqual(errorsOf('$a = @(END)\n  ${foo(}\n  END\n'), []);
});

// --- properties ---

const PIECES = [
  'class',
  'define',
  'node',
  'if',
  'else',
  'case',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  ';',
  ':',
  '=>',
  '->',
  '=',
  '$x',
  'foo',
  'Foo',
  "'s'",
  '"d ${',
  '"',
  "'",
  '@(E)',
  '\nE\n',
  '/',
  '|',
  '?',
  '<|',
  '|>',
  '@',
  '@@',
  '*',
  '-',
  '!',
  '1',
  '\n',
  ' ',
  '#c\n',
  '/*',
  '::',
  '$',
  '&',
  'é',
  '\r\n',
];

function randomText(seed: number, length: number): string {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let s = '';
  for (let i = 0; i < length; i++) s += PIECES[Math.floor(next() * PIECES.length)] + (next() < 0.5 ? ' ' : '');
  return s;
}

function assertWellFormed(input: string): void {
  const parse = parsePuppet(input);
  assert.equal(tokensText(parse.tree, input), input, 'the tree must spell out the whole text');
  assert.equal(parse.tree.start, 0);
  assert.equal(parse.tree.end, input.length);
  const visit = (n: SyntaxNode): void => {
    let pos = n.start;
    for (const c of n.children) {
      assert.equal(c.start, pos, `children of ${n.kind} must be contiguous`);
      pos = c.end;
      if (isNode(c)) visit(c);
    }
    if (n.children.length > 0) assert.equal(pos, n.end);
  };
  visit(parse.tree);
  for (const e of parse.errors) {
    assert.ok(
      e.range.start >= 0 && e.range.end <= input.length && e.range.start <= e.range.end,
      'error ranges lie in the text',
    );
    assert.notEqual(e.message, STUCK_MESSAGE, `the parser stalled on ${JSON.stringify(input)}`);
  }
}

test('property: on random junk the parser never throws, never stalls, and the tree covers the text', () => {
  for (let seed = 1; seed <= 400; seed++) assertWellFormed(randomText(seed, 5 + (seed % 60)));
  for (const s of [
    '',
    ' ',
    '{',
    '}',
    '"',
    "'",
    '@(',
    '@(E)',
    '${',
    '/',
    '/*',
    '\\',
    '$',
    '::',
    'class',
    '"${',
    '"${"${',
  ])
    assertWellFormed(s);
});

test('property: every golden input and every prefix of one parses to a covering tree', () => {
  for (const input of [...Object.values(GOLDEN), ...Object.values(RECOVERY)]) {
    for (let cut = 0; cut <= input.length; cut += 3) assertWellFormed(input.slice(0, cut));
  }
});

test('a long file of nested junk parses to a covering tree (its speed is measured by npm run bench)', () => {
  const big = '{ ( [ '.repeat(20000) + randomText(7, 20000);
  assertWellFormed(big);
});

test('class and defined type names Puppet refuses are errors; lower-case segments with digits and _ are fine', () => {
  // Each as `puppet parser validate` (Puppet 7.23) judges it: "Unacceptable name" for the first ones.
  for (const bad of [
    'class git::git-daemon {}',
    'class Git {}',
    'class _git {}',
    'class git::_daemon {}',
    'class ::git {}',
    'define git::git-daemon() {}',
    'class a::b-c::d {}',
  ]) {
    assert.equal(errorsOf(bad).length, 1, bad);
  }
  assert.match(
    errorsOf('class git::git-daemon {}')[0],
    /'git::git-daemon' cannot name a class: each '::'-separated part must start with a lower-case letter/,
  );
  assert.match(errorsOf('define Git::Daemon() {}').join('\n'), /./);
  for (const good of [
    'class git::d9 {}',
    'class git::git_daemon {}',
    'class a::b::c {}',
    'define git::ok_name() {}',
    'class git::class {}',
  ]) {
    assert.deepEqual(errorsOf(good), [], good);
  }
});
