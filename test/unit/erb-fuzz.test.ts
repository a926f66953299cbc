// Seeded fuzzing of renderErb: mutated templates (tags, Ruby tokens, hostile characters) and hostile variable
// values. Properties: it never throws, answers every input (a step budget stops loops), and an error's line is a
// line of the template. FUZZ_ITERATIONS=N runs N inputs; FUZZ_SEED=S reproduces a run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderErb, type ErbValue } from '../../server/src/knowledge/evaluate/erb.js';
import { iterations, mutate, rng, seedFromEnv, NASTY_CHARS } from '../support/random.js';

const SEEDS = [
  '<% @env_var.sort.each do |key,val| -%>\n<%= key.upcase %>="<%= val %>"\n<% end if @env_var -%>\n',
  '<% if !@zookeeper.nil? && !@zookeeper.empty? -%>\nMESOS_ZK="<%= @zookeeper %>"\n<% else -%>\n# none\n<% end -%>\n',
  '<% _s = Hash[scope.lookupvar("zookeeper::servers").map.with_index(1) {|e, i| [i, e] }] -%>\n<% _s.each_pair do |id, host| -%>\n<% if host.index(":") -%><% host = host[0...(host.index(":"))] -%><% end -%>\n<%= "server.#{id}=#{host}:%s:%s%s" % [@election_port, @leader_port, ""] %>\n<% end -%>\n',
  '<%- if ! [nil, :undefined, :undef].include?(scope.lookupvar("zookeeper::datalogstore")) -%>\ndataLogDir=<%= scope.lookupvar("zookeeper::datalogstore") %>\n<%- end -%>\n',
  '<% case @v when 1..3 then %>low<% when /x(\\d+)/ %><%= $1 %><% else %><%= [@v, {"a" => @v}].inspect %><% end %>\n<%# c -%>\n<%% x %%>',
  '<% i = 0 -%><% while i < 3 do -%><%= i %><% i += 1 -%><% end -%><%= @s.to_s.gsub(/(\\w)/) { |c| c.upcase } %>',
];

const TOKENS = [
  '<%',
  '<%=',
  '<%-',
  '-%>',
  '%>',
  '<%#',
  '<%%',
  '%%>',
  'do',
  'end',
  'if',
  'elsif',
  'else',
  'unless',
  'while',
  'case',
  'when',
  '{',
  '}',
  '|x|',
  '|k, v|',
  '#{',
  '"',
  "'",
  '/',
  '%w[',
  '%r{',
  ':sym',
  '@v',
  '@s',
  '$1',
  '::',
  '.each',
  '.map',
  '.sort',
  '[',
  ']',
  '(',
  ')',
  '..',
  '...',
  '?',
  ':',
  '&&',
  '||',
  '!',
  '=',
  '+=',
  '<<',
  '*',
  '**',
  ',',
  ';',
  '\n',
  'next',
  'break',
  'loop',
  'Hash',
  'File',
  'scope.lookupvar("v")',
  'scope["s"]',
  '.join(",")',
  '.gsub(/a/, "b")',
  '% [1]',
  'x = 1',
  'nil',
  'true',
  '1e309',
  '-0.0',
  '9'.repeat(30),
];

const VALUES: ErbValue[] = [
  null,
  undefined,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 60,
  '',
  'x',
  'a:b',
  '#{x}',
  '\u0000\ud800',
  [],
  [null, [[]]],
  {},
  { a: { b: [1] } },
  new Map<ErbValue, ErbValue>([
    [1, 'a'],
    [null, 2],
    [[1], { k: 'v' }],
  ]),
];

test('renderErb never throws and always answers, on mutated templates and hostile values', () => {
  const r = rng(seedFromEnv());
  const n = iterations(600);
  for (let i = 0; i < n; i++) {
    const source = mutate(r, r.pick(SEEDS), [...TOKENS, ...NASTY_CHARS], 6);
    const vars: Record<string, ErbValue> = {
      v: r.pick(VALUES),
      s: r.pick(VALUES),
      env_var: r.pick(VALUES),
      zookeeper: r.pick(VALUES),
      'zookeeper::servers': r.pick(VALUES),
    };
    let result;
    try {
      result = renderErb(source, { vars }, { steps: 20_000, maxOutput: 1 << 20 });
    } catch (e) {
      assert.fail(`renderErb threw ${String(e)} on ${JSON.stringify(source)}`);
    }
    if (result.ok) assert.equal(typeof result.text, 'string');
    else {
      assert.ok(result.message.length > 0, JSON.stringify(source));
      const lines = source.split('\n').length;
      assert.ok(result.line >= 1 && result.line <= lines, `line ${result.line} of ${lines}: ${JSON.stringify(source)}`);
    }
  }
});

test('deep nesting, long chains and long outputs end in a result', () => {
  const deep = [
    '<% if true %>'.repeat(3000) + 'x' + '<% end %>'.repeat(3000),
    '<%= ' + '['.repeat(3000) + ']'.repeat(3000) + ' %>',
    '<%= "#{'.repeat(500) + '1' + '}"'.repeat(500) + ' %>',
  ];
  for (const source of deep) {
    const r = renderErb(source, { vars: {} });
    assert.equal(r.ok, false);
  }
  const chain = '<%= 1' + ' + 1'.repeat(5000) + ' %>';
  const c = renderErb(chain, { vars: {} });
  assert.ok(c.ok ? c.text === '5001' : /nests|too/.test(c.message), JSON.stringify(c).slice(0, 200));
  const big = renderErb(
    '<%= "x" * 100 * 100 %><% 20.times do %><%= "y" * 100_000 %><% end %>',
    { vars: {} },
    { maxOutput: 1_000_000 },
  );
  assert.deepEqual(big.ok ? 'ok' : big.message, "the template's output is longer than 1000000 characters");
});
