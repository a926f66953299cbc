// Numbers as text, held to the real tools. The table of Puppet expressions (test/fixtures/numberStrings.ts), which
// the unit test runs through our evaluator, is run through real Puppet here (scripts/puppet-eval.rb): every
// expected text or error is Puppet's own. Then the digits under them: seeded random Floats written by Ruby's
// Float#to_s and by format's %f, %e and %g at every precision 0-17, against base/rubyFloatDigits.ts, with not one
// difference allowed. Needs `puppet` and its `ruby`; `.ci/run` installs them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { NUMBER_STRING_CASES, NUMBER_VARIABLES } from '../fixtures/numberStrings.js';
import { formatExponent, formatFixed, formatGeneral } from '../../server/src/base/rubyFloatDigits.js';
import { rubyFloatToS } from '../../server/src/base/wholeFloat.js';
import { seededRandom } from './puppet-oracle-support.js';

const ROOT = join(__dirname, '../..');
const MISSING = "the real 'puppet' (with its ruby) is not installed: run .ci/run, which installs it";

test('every expression of the number table gives in real Puppet the text (or error) the table expects', () => {
  assert.equal(spawnSync('puppet', ['--version']).status, 0, MISSING);
  const code = Object.entries(NUMBER_VARIABLES)
    .map(([name, value]) => `$${name} = ${value}`)
    .join('\n');
  const input = NUMBER_STRING_CASES.map((c) => JSON.stringify({ code, expr: c.expr })).join('\n') + '\n';
  const r = spawnSync('ruby', [join(ROOT, 'scripts/puppet-eval.rb')], { input, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const answers = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { value?: string; error?: string });
  assert.equal(answers.length, NUMBER_STRING_CASES.length);
  const differ = NUMBER_STRING_CASES.flatMap((c, i) => {
    const a = answers[i];
    const puppet = a.error !== undefined ? { error: a.error } : a.value;
    return JSON.stringify(puppet) === JSON.stringify(c.expected) ? [] : [{ expr: c.expr, puppet, table: c.expected }];
  });
  assert.deepEqual(differ, []);
});

/** Floats of every kind: short decimals (ties in decimal), spread magnitudes, raw bit patterns, whole numbers. */
function sampleFloats(count: number): number[] {
  const random = seededRandom(13);
  const view = new DataView(new ArrayBuffer(8));
  const out: number[] = [];
  while (out.length < count) {
    const kind = out.length % 5;
    let x: number;
    if (kind === 0) x = Number((random() * 1000).toFixed(1 + Math.floor(random() * 6)));
    else if (kind === 1) x = random() * 10 ** Math.floor(random() * 60 - 30);
    else if (kind === 2) {
      view.setUint32(0, Math.floor(random() * 2 ** 32));
      view.setUint32(4, Math.floor(random() * 2 ** 32));
      x = view.getFloat64(0);
    } else if (kind === 3) x = Math.floor(random() * 2 ** Math.floor(random() * 53)) + 0.5 * Math.floor(random() * 2);
    else x = Math.floor(random() * 10 ** Math.floor(random() * 16)) * 10 ** Math.floor(random() * 6 - 3);
    if (!Number.isFinite(x)) continue;
    out.push(random() < 0.3 ? -x : x);
  }
  return out;
}

test("Ruby's Float#to_s and format('%.Nf/e/E/g/G') write the digits base/rubyFloatDigits.ts writes", () => {
  assert.equal(spawnSync('ruby', ['--version']).status, 0, MISSING);
  const floats = sampleFloats(8000);
  const random = seededRandom(29);
  const cases = floats.map((x) => ({
    x,
    precision: Math.floor(random() * 18),
    conversion: 'feEgG'[Math.floor(random() * 5)],
  }));
  // Each line: the Float as Ruby reads it back (JSON writes -0 as 0), the precision and the conversion.
  const input =
    cases.map((c) => `${Object.is(c.x, -0) ? '-0.0' : JSON.stringify(c.x)} ${c.precision} ${c.conversion}`).join('\n') +
    '\n';
  const script = 'STDIN.each_line { |l| x, p, c = l.split; f = Float(x); puts "#{f} #{format("%.#{p}#{c}", f)}" }';
  const r = spawnSync('ruby', ['-e', script], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, cases.length);
  const differ: string[] = [];
  cases.forEach((c, i) => {
    const [toS, formatted] = lines[i].split(' ');
    const sign = c.x < 0 || Object.is(c.x, -0) ? '-' : '';
    const abs = Math.abs(c.x);
    const upper = c.conversion === 'E' || c.conversion === 'G';
    const ours =
      sign +
      (c.conversion === 'f'
        ? formatFixed(abs, c.precision)
        : c.conversion === 'e' || c.conversion === 'E'
          ? formatExponent(abs, c.precision, upper)
          : formatGeneral(abs, c.precision, upper));
    if (rubyFloatToS(c.x) !== toS) differ.push(`to_s ${c.x}: ruby ${toS}, ours ${rubyFloatToS(c.x)}`);
    if (ours !== formatted) differ.push(`%.${c.precision}${c.conversion} ${c.x}: ruby ${formatted}, ours ${ours}`);
  });
  assert.deepEqual(differ.slice(0, 20), []);
});
