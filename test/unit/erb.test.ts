// renderErb on small templates, each with the text Ruby's ERB (trim mode '-') gives for it beside it. The
// comparison with Ruby itself, on whole corpora, is test/oracle/erb.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderErb, type ErbValue } from '../../server/src/knowledge/evaluate/erb.js';

function render(source: string, vars: Record<string, ErbValue> = {}): string {
  const r = renderErb(source, { vars });
  assert.ok(r.ok, `render failed: ${r.ok ? '' : `${r.message} (line ${r.line})`}`);
  return r.text;
}

test('trim mode -: <%- drops indentation, -%> drops the line break', () => {
  const src = 'a\n  <%- if @x -%>\n  x=<%= @x %>\n  <%- end -%>\nb\n';
  assert.equal(render(src, { x: 1 }), 'a\n  x=1\nb\n');
  assert.equal(render(src, {}), 'a\nb\n');
});

test('<%% and %%> are literal, <%# %> is a comment, an open tag is printed as text', () => {
  assert.equal(render('<%% x %> <%# hidden %>y'), '<% x %> y');
  assert.equal(render('<%= "a%%>b" %>'), 'a%>b');
  assert.equal(render('a <% b'), 'a  b');
});

test('the mesos and zookeeper idioms', () => {
  assert.equal(
    render('<% @env_var.sort.each do |key,val| -%>\n<%= key.upcase %>="<%= val %>"\n<% end if @env_var -%>', {
      env_var: { b: 2, a: 'x' },
    }),
    'A="x"\nB="2"\n',
  );
  assert.equal(
    render('<% if !@zookeeper.nil? && !@zookeeper.empty? -%>zk<% else -%>none<% end -%>', { zookeeper: '' }),
    'none',
  );
  assert.equal(
    render(
      '<% scope.lookupvar("zookeeper::servers").each_with_index do |h, i| -%>\n<%= "server.#{i+1}=#{h}:%s:%s" % [ @election_port, @leader_port ] %>\n<% end -%>',
      {
        'zookeeper::servers': ['a', 'b'],
        election_port: 2888,
        leader_port: 3888,
      },
    ),
    'server.1=a:2888:3888\nserver.2=b:2888:3888\n',
  );
  assert.equal(
    render('<% if ! [nil, :undefined, :undef].include?(scope.lookupvar("x")) -%>set<% end -%>', { x: null }),
    '',
  );
  assert.equal(render('<%= scope["::ipaddress"] %>', { ipaddress: '10.0.0.1' }), '10.0.0.1');
  assert.equal(
    render(
      '<% _s = Hash[@servers.map.with_index(1) {|e, i| [i, e] }] -%><% _s.each_pair do |id, host| -%><%= id %>=<%= host %>;<% end -%>',
      { servers: ['a', 'b'] },
    ),
    '1=a;2=b;',
  );
  assert.equal(
    render('<%= [1, "a", nil, {"k" => [true]}] %>|<%= 1.5 %>|<%= nil %>'),
    '[1, "a", nil, {"k"=>[true]}]|1.5|',
  );
});

test('a Hash with Integer keys keeps its keys and order', () => {
  const servers = new Map<ErbValue, ErbValue>([
    [2, 'b'],
    [1, 'a'],
  ]);
  assert.equal(
    render('<% @s.each do |id, h| -%><%= id.is_a?(Integer) %>:<%= id %>=<%= h %> <% end -%>', { s: servers }),
    'true:2=b true:1=a ',
  );
});

test('Ruby errors and unsupported Ruby are results with a line, never a throw', () => {
  assert.deepEqual(renderErb('a\n<%= @x.upcase %>', { vars: {} }), {
    ok: false,
    message: "undefined method `upcase' for nil:NilClass",
    line: 2,
  });
  const open = renderErb('<% if @x -%>\nno end\n', { vars: {} });
  assert.equal(open.ok, false);
  const posix = renderErb('\n\n<%= @x =~ /[[:alpha:]]/ %>', { vars: { x: 'a' } });
  assert.deepEqual(posix.ok ? undefined : [posix.message, posix.line], [
    'unsupported Ruby in template: a POSIX bracket class in a regular expression',
    3,
  ]);
  assert.deepEqual(renderErb('<%= @x =~ /b/ %>|<%= $~ %>', { vars: { x: 'ab' } }), { ok: true, text: '1|b' });
  const loop = renderErb('<% while true do end %>', { vars: {} }, { steps: 10_000 });
  assert.equal(loop.ok ? '' : loop.message, 'the template runs too long (more than 10000 steps)');
  const deep = renderErb('<%= ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + ' %>', { vars: {} });
  assert.equal(deep.ok, false);
});

test('Puppet functions a template calls go to the caller, and their failures are results', () => {
  const calls: string[] = [];
  const scope = {
    vars: { v: '1.10.0' },
    callFunction: (name: string, args: ErbValue[]) => {
      calls.push(`${name}(${JSON.stringify(args)})`);
      if (name === 'versioncmp') return { ok: true as const, value: 1 };
      return { ok: false as const, message: 'unknown function' };
    },
  };
  assert.deepEqual(
    renderErb(
      '<% if scope.function_versioncmp([@v, "1.2.0"]) > 0 -%>new<% end -%>|<%= scope.call_function("versioncmp", [@v, :x]) %>',
      scope,
    ),
    { ok: true, text: 'new|1' },
  );
  assert.deepEqual(calls, ['versioncmp(["1.10.0","1.2.0"])', 'versioncmp(["1.10.0","x"])']);
  assert.deepEqual(renderErb('\n<%= scope.function_nope([]) %>', scope), {
    ok: false,
    message: 'nope(): unknown function',
    line: 2,
  });
  assert.deepEqual(renderErb('<%= scope.function_versioncmp("a", "b") %>', scope), {
    ok: false,
    message: "scope.function_versioncmp: the function's arguments must be given as one Array",
    line: 1,
  });
  assert.deepEqual(renderErb('<%= scope.function_versioncmp([1]) %>', { vars: {} }), {
    ok: false,
    message: 'unsupported Ruby in template: scope.function_versioncmp (calling a Puppet function)',
    line: 1,
  });
});

test("format and String#% write Floats with Ruby's digits and rounding", () => {
  // Each beside the text Ruby 3.1's ERB gives: 2.675 is 2.67499999999999982236..., yet Ruby writes 2.68.
  assert.equal(render("<%= '%.2f' % 2.675 %>|<%= '%.1f' % 533.45 %>|<%= format('%d', -2.7) %>"), '2.68|533.4|-2');
  assert.equal(
    render("<%= '%.3e' % 12345.678 %>|<%= '%g' % 1e16 %>|<%= '%08.3f' % -3.14159 %>"),
    '1.235e+04|1e+16|-003.142',
  );
  assert.equal(render("<%= '%+.1f' % 1.25 %>|<%= '%5.1f|' % 0.05 %>"), '+1.2|  0.1|');
  assert.equal(render('<%= 1e15.to_s %>|<%= 1.0e16 %>|<%= 1e15 + 0.5 %>'), '1.0e+15|1.0e+16|1000000000000000.5');
});
