// The `%{...}` scanner and the dotted-key splitter: every form Puppet accepts, every malformed form with its
// range, and the edge cases of Puppet's own reading (an expression ends at the first `}`, function arguments
// must be quoted and non-empty, `%{}` is an empty string).

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  interpolationAround,
  maskInterpolations,
  scanInterpolations,
  splitDottedKey,
  templateParts,
  type InterpolationPart,
} from '../../server/src/syntax/hiera/interpolation.js';

/** A compact description of a part: `text:abc`, `var:facts.x`, `fn:lookup(k)`, `empty`, `bad:...`. */
function describePart(p: InterpolationPart): string {
  switch (p.kind) {
    case 'text':
      return `text:${p.text}`;
    case 'variable':
      return `var:${p.name}`;
    case 'function':
      return `fn:${p.name}(${p.argument})`;
    case 'empty':
      return 'empty';
    case 'malformed':
      return `bad:${p.text}`;
  }
}

const PARTS: readonly { text: string; parts: string[]; problems?: string[] }[] = [
  { text: 'plain', parts: ['text:plain'] },
  { text: '%{facts.os.family}', parts: ['var:facts.os.family'] },
  { text: 'a-%{trusted.certname}-b', parts: ['text:a-', 'var:trusted.certname', 'text:-b'] },
  { text: '%{::fqdn}', parts: ['var:::fqdn'] },
  { text: '%{ fqdn }', parts: ['var:fqdn'] },
  { text: '%{server_facts.serverversion}', parts: ['var:server_facts.serverversion'] },
  { text: `%{facts."a.b".c}`, parts: ['var:facts."a.b".c'] },
  { text: "%{lookup('zk::hosts')}", parts: ['fn:lookup(zk::hosts)'] },
  { text: '%{hiera("legacy")}', parts: ['fn:hiera(legacy)'] },
  { text: "%{alias('list')}", parts: ['fn:alias(list)'] },
  { text: "100%{literal('%')}", parts: ['text:100', 'fn:literal(%)'] },
  { text: "%{scope('facts.role')}", parts: ['fn:scope(facts.role)'] },
  { text: "%{lookup('a.b.0')}/x", parts: ['fn:lookup(a.b.0)', 'text:/x'] },
  { text: 'a%{}b', parts: ['text:a', 'empty', 'text:b'], problems: ['empty'] },
  { text: "%{''}%{::}", parts: ['empty', 'empty'], problems: ['empty', 'empty'] },
  { text: 'x%{facts.a', parts: ['text:x%{facts.a'], problems: ['unclosed'] },
  { text: "%{reverse('x')}", parts: ["bad:reverse('x')"], problems: ['unknown-function'] },
  { text: '%{lookup(x)}', parts: ['bad:lookup(x)'], problems: ['malformed-function'] },
  { text: "%{lookup('')}", parts: ["bad:lookup('')"], problems: ['malformed-function'] },
  { text: '%{a..b}', parts: ['bad:a..b'], problems: ['bad-key'] },
  { text: '%{a.}', parts: ['bad:a.'], problems: ['bad-key'] },
  { text: '%%{x}}', parts: ['text:%', 'var:x', 'text:}'] },
];

describe('scanInterpolations', () => {
  for (const c of PARTS) {
    it(`reads ${JSON.stringify(c.text)}`, () => {
      const scan = scanInterpolations(c.text);
      assert.deepEqual(scan.parts.map(describePart), c.parts);
      assert.deepEqual(
        scan.problems.map((p) => p.kind),
        c.problems ?? [],
      );
    });
  }

  it('gives ranges for the whole interpolation, the name and the argument, shifted by the base offset', () => {
    const text = "ab%{lookup('k1')}";
    const scan = scanInterpolations(text, 10);
    const fn = scan.parts[1];
    assert.equal(fn.kind, 'function');
    if (fn.kind !== 'function') return;
    assert.deepEqual(fn.range, { start: 12, end: 27 });
    assert.equal(text.slice(fn.nameRange.start - 10, fn.nameRange.end - 10), 'lookup');
    assert.equal(text.slice(fn.argumentRange.start - 10, fn.argumentRange.end - 10), 'k1');
    const v = scanInterpolations('x %{ facts.y }').parts[1];
    assert.ok(v.kind === 'variable');
    if (v.kind === 'variable') assert.deepEqual(v.nameRange, { start: 5, end: 12 });
  });

  it('reports an unclosed interpolation from its start to the end of the text', () => {
    const scan = scanInterpolations('ok %{facts.x', 4);
    assert.deepEqual(scan.problems[0].range, { start: 7, end: 16 });
  });

  it('reports an unknown function at its name', () => {
    const scan = scanInterpolations("%{nope('x')}");
    assert.deepEqual(scan.problems[0].range, { start: 2, end: 6 });
  });

  it('splits variable names into dotted segments', () => {
    const p = scanInterpolations('%{facts.disks.0.size}').parts[0];
    assert.ok(p.kind === 'variable');
    if (p.kind === 'variable') assert.deepEqual(p.segments, ['facts', 'disks', 0, 'size']);
  });
});

describe('splitDottedKey', () => {
  const CASES: readonly [string, (string | number)[] | 'error'][] = [
    ['simple', ['simple']],
    ['mod::key', ['mod::key']],
    ['a.b.c', ['a', 'b', 'c']],
    ['a.0', ['a', 0]],
    ['a.-1', ['a', -1]],
    [`a."b.c"`, ['a', 'b.c']],
    [`a.'b.c'.d`, ['a', 'b.c', 'd']],
    [`"x.y"`, ['x.y']],
    ['a. b', ['a', 'b']],
    ['a..b', 'error'],
    ['.a', 'error'],
    ['a.', 'error'],
    [`a"b"`, 'error'],
    [`a."b`, 'error'],
  ];
  for (const [key, expected] of CASES) {
    it(`splits ${JSON.stringify(key)}`, () => {
      const r = splitDottedKey(key);
      if (expected === 'error') assert.equal(r.kind, 'error');
      else assert.deepEqual(r.kind === 'ok' ? r.segments : r, expected);
    });
  }
});

describe('templates read by the one scanner', () => {
  it('splits a path template into literals and trimmed expressions', () => {
    assert.deepEqual(templateParts('nodes/%{ trusted.certname }.yaml'), {
      parts: [{ literal: 'nodes/' }, { expr: 'trusted.certname' }, { literal: '.yaml' }],
      unclosed: false,
    });
    assert.deepEqual(templateParts('a/%{x/b.yaml'), { parts: [{ literal: 'a/%{x/b.yaml' }], unclosed: true });
  });
  it('masks closed interpolations only', () => {
    assert.equal(maskInterpolations('/d/%{environment}/%{::x}/%{y', '*'), '/d/*/*/%{y');
  });
  it('finds the interpolation around an offset on its line', () => {
    const text = "path: 'nodes/%{trusted.certname}.yaml'\nnext: '%{x}'";
    assert.deepEqual(interpolationAround(text, text.indexOf('certname')), {
      expr: 'trusted.certname',
      start: 13,
      end: 32,
    });
    assert.equal(interpolationAround(text, 3), undefined);
  });
});
