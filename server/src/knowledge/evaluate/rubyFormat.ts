// Ruby's Kernel#format over Puppet values, which Puppet's `sprintf` calls and `String(x, '%...')` calls for a number:
// flags `-+ 0#`, a width, a precision, and the conversions d i u x X o b B f e E g G s p c and `%%`. Floats are
// written with Ruby's own digits (base/rubyFloatDigits.ts), Strings read as Integer or Float as Ruby's Integer()
// and Float() read them, arrays and hashes written as Ruby's inspect writes them (`["a", 1.5]`, `{"b"=>1}`).
// What it does not know (`*` widths, named and numbered references, %a) stops the evaluation as unsupported;
// what Ruby refuses is an error with Ruby's message.

import { formatExponent, formatFixed, formatGeneral } from '../../base/rubyFloatDigits.js';
import { isFloatValue, numberOf, rubyFloatToS, rubyNumberToS } from '../../base/wholeFloat.js';
import { inspectString } from './rubyValues.js';
import { isSpecial, toStr, type PValue } from './values.js';

/** Why a format could not be written: Ruby refuses it (`error`), or the preview does not know it. */
export class FormatProblem extends Error {
  constructor(
    message: string,
    readonly kind: 'error' | 'unsupported',
  ) {
    super(message);
  }
}

interface Directive {
  readonly flags: string;
  readonly width: number | undefined;
  readonly precision: number | undefined;
  readonly conversion: string;
}

const DIRECTIVE = /%([-+ 0#]*)([1-9][0-9]*)?(?:\.([0-9]*))?([a-zA-Z%])?/y;

/** `format(fmt, *args)` as Ruby writes it. */
export function rubyFormat(fmt: string, args: readonly PValue[]): string {
  let out = '';
  let next = 0;
  let i = 0;
  while (i < fmt.length) {
    const at = fmt.indexOf('%', i);
    if (at < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, at);
    DIRECTIVE.lastIndex = at;
    const m = DIRECTIVE.exec(fmt)!;
    const conversion = m[4];
    if (conversion === undefined) {
      const c = fmt[DIRECTIVE.lastIndex];
      if (c === '*' || c === '<' || c === '{' || c === '$' || /[0-9]/.test(c ?? ''))
        throw new FormatProblem(`format directives with '${c}' are not evaluated by the node preview`, 'unsupported');
      throw new FormatProblem(
        c === undefined ? 'incomplete format specifier; use %% (double %) instead' : `malformed format string - %${c}`,
        'error',
      );
    }
    i = DIRECTIVE.lastIndex;
    if (conversion === '%' && m[0] === '%%') {
      out += '%';
      continue;
    }
    const d: Directive = {
      flags: m[1],
      width: m[2] === undefined ? undefined : Number(m[2]),
      precision: m[3] === undefined ? undefined : Number(m[3] || '0'),
      conversion,
    };
    if (next >= args.length) throw new FormatProblem('too few arguments', 'error');
    out += formatOne(d, args[next++]);
  }
  return out;
}

/** One directive applied to one value (also what `String(x, '%...')` writes for a number). */
export function formatDirective(spec: string, v: PValue): string {
  DIRECTIVE.lastIndex = 0;
  const m = DIRECTIVE.exec(spec);
  if (!m || m[0] !== spec || m[4] === undefined || m[4] === '%')
    throw new FormatProblem(`the format '${spec}' is not evaluated by the node preview`, 'unsupported');
  return formatOne(
    {
      flags: m[1],
      width: m[2] === undefined ? undefined : Number(m[2]),
      precision: m[3] === undefined ? undefined : Number(m[3] || '0'),
      conversion: m[4],
    },
    v,
  );
}

function formatOne(d: Directive, v: PValue): string {
  switch (d.conversion) {
    case 'd':
    case 'i':
    case 'u':
      return integerText(d, toInteger(v), 10);
    case 'x':
    case 'X':
      return integerText(d, toInteger(v), 16);
    case 'o':
      return integerText(d, toInteger(v), 8);
    case 'b':
    case 'B':
      return integerText(d, toInteger(v), 2);
    case 'f':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
      return floatText(d, v);
    case 's':
      return pad(d, d.precision === undefined ? rubyToS(v) : [...rubyToS(v)].slice(0, d.precision).join(''), false);
    case 'p':
      return pad(
        d,
        d.precision === undefined ? rubyInspect(v) : [...rubyInspect(v)].slice(0, d.precision).join(''),
        false,
      );
    case 'c':
      return pad(d, charOf(v), false);
    case 'a':
    case 'A':
      throw new FormatProblem(`the format %${d.conversion} is not evaluated by the node preview`, 'unsupported');
    default:
      throw new FormatProblem(`malformed format string - %${d.conversion}`, 'error');
  }
}

/** Pads to the width: left-justified with `-`, with zeros after the sign when `zeros`, else with spaces. */
function pad(d: Directive, body: string, zeros: boolean, sign = ''): string {
  const width = d.width ?? 0;
  const length = sign.length + [...body].length;
  if (length >= width) return sign + body;
  const fill = width - length;
  if (d.flags.includes('-')) return sign + body + ' '.repeat(fill);
  if (zeros && d.flags.includes('0')) return sign + '0'.repeat(fill) + body;
  return ' '.repeat(fill) + sign + body;
}

function signOf(d: Directive, negative: boolean): string {
  if (negative) return '-';
  if (d.flags.includes('+')) return '+';
  if (d.flags.includes(' ')) return ' ';
  return '';
}

const RADIX_PREFIX: Record<string, string> = { x: '0x', X: '0X', o: '0', b: '0b', B: '0B' };

function integerText(d: Directive, n: bigint, radix: number): string {
  const upper = d.conversion === 'X';
  const negative = n < 0n;
  const explicitSign = d.flags.includes('+') || d.flags.includes(' ');
  let digits: string;
  let sign: string;
  if (negative && radix !== 10 && !explicitSign) {
    // Ruby writes a negative number in two's complement, its endless leading digits as `..` and one of them.
    if (d.flags.includes('0') || d.precision !== undefined)
      throw new FormatProblem(
        'a padded negative number in two’s complement is not evaluated by the node preview',
        'unsupported',
      );
    digits = `..${complement(n, radix)}`;
    sign = '';
  } else {
    digits = (negative ? -n : n).toString(radix);
    sign = signOf(d, negative);
  }
  if (upper) digits = digits.toUpperCase();
  if (d.precision !== undefined) digits = digits.padStart(d.precision, '0');
  const prefix = d.flags.includes('#') && n !== 0n ? (RADIX_PREFIX[d.conversion] ?? '') : '';
  if (d.conversion === 'o' && prefix && digits.startsWith('0')) return pad(d, digits, d.precision === undefined, sign);
  return pad(d, digits, d.precision === undefined, sign + prefix);
}

/** The digits of a negative n in two's complement with one leading `radix - 1` digit: -255 in hex is `f01`. */
function complement(n: bigint, radix: number): string {
  const base = BigInt(radix);
  const top = (radix - 1).toString(radix);
  for (let width = 1n, power = base; ; width++, power *= base) {
    const v = power + n;
    if (v < 0n) continue;
    const text = v.toString(radix).padStart(Number(width), '0');
    if (text[0] === top) return text;
  }
}

function floatText(d: Directive, v: PValue): string {
  const x = toFloat(v);
  const negative = x < 0 || Object.is(x, -0);
  const sign = signOf(d, negative);
  const abs = Math.abs(x);
  if (!Number.isFinite(abs))
    return pad(d, Number.isNaN(abs) ? 'NaN' : 'Inf', false, Number.isNaN(abs) ? signOf(d, false) : sign);
  const alt = d.flags.includes('#');
  const precision = d.precision ?? 6;
  let body: string;
  switch (d.conversion) {
    case 'f':
      // An Integer takes Ruby's exact integer path, which writes no point for a precision of 0, even with `#`.
      body = formatFixed(abs, precision, alt && !(typeof v === 'number' && Number.isInteger(v)));
      break;
    case 'e':
    case 'E':
      body = formatExponent(abs, precision, d.conversion === 'E', alt);
      break;
    default:
      body = formatGeneral(abs, precision, d.conversion === 'G', alt);
  }
  return pad(d, body, true, sign);
}

/** Ruby's Integer(v) as format applies it: Floats truncated, Strings read strictly (`0x1f`, `0b1`, `017`, `1_000`). */
function toInteger(v: PValue): bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  const n = numberOf(v);
  if (n !== undefined) {
    if (!Number.isFinite(n)) throw new FormatProblem(rubyFloatToS(n), 'error');
    return BigInt(Math.trunc(n));
  }
  if (typeof v === 'string') {
    const m =
      /^\s*([-+]?)(0[xX][0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|0[bB][01]+(?:_[01]+)*|0[oO]?[0-7]+(?:_[0-7]+)*|[1-9][0-9]*(?:_[0-9]+)*|0)\s*$/.exec(
        v,
      );
    if (!m) throw new FormatProblem(`invalid value for Integer(): ${inspectString(v)}`, 'error');
    let body = m[2].replace(/_/g, '');
    if (/^0[0-7]/.test(body)) body = '0o' + body.slice(1);
    else if (/^0[oO]/.test(body)) body = '0o' + body.slice(2);
    const n = BigInt(body);
    return m[1] === '-' ? -n : n;
  }
  throw new FormatProblem(`can't convert ${rubyClassWord(v)} into Integer`, 'error');
}

/** Ruby's Float(v) as format applies it. */
function toFloat(v: PValue): number {
  const n = numberOf(v);
  if (n !== undefined) return n;
  if (typeof v === 'string') {
    const t = v.trim();
    if (/^[-+]?\d+(_\d+)*(\.\d+(_\d+)*)?([eE][-+]?\d+(_\d+)*)?$/.test(t)) return Number(t.replace(/_/g, ''));
    if (/^[-+]?0[xX][0-9a-fA-F]+$/.test(t))
      return Number(BigInt(t.replace(/^([-+]?)0[xX]/, '$10x').replace(/^\+/, '')));
    throw new FormatProblem(`invalid value for Float(): ${inspectString(v)}`, 'error');
  }
  throw new FormatProblem(`can't convert ${rubyClassWord(v)} into Float`, 'error');
}

function charOf(v: PValue): string {
  if (typeof v === 'string') {
    if ([...v].length !== 1) throw new FormatProblem('%c requires a character', 'error');
    return v;
  }
  const n = toInteger(v);
  if (n < 0n || n > 0x10ffffn) throw new FormatProblem(`${n} out of char range`, 'error');
  return String.fromCodePoint(Number(n));
}

function rubyClassWord(v: PValue): string {
  if (v === null) return 'nil';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'Array';
  if (v instanceof Map) return 'Hash';
  return 'Object';
}

/** What Ruby's to_s writes for the Ruby object Puppet passes for a value. */
function rubyToS(v: PValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v) || v instanceof Map) return rubyInspect(v);
  return scalarText(v);
}

/** What Ruby's inspect writes for the Ruby object Puppet passes for a value. */
function rubyInspect(v: PValue): string {
  if (v === null) return 'nil';
  if (typeof v === 'string') return inspectString(v);
  if (Array.isArray(v)) return `[${v.map(rubyInspect).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${rubyInspect(k)}=>${rubyInspect(x)}`).join(', ')}}`;
  return scalarText(v);
}

function scalarText(v: Exclude<PValue, null | string | PValue[] | Map<PValue, PValue>>): string {
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number' || isFloatValue(v) || numberOf(v) !== undefined) return rubyNumberToS(v as number);
  if (isSpecial(v)) {
    if (v.kind === 'regex' || v.kind === 'default')
      throw new FormatProblem(
        `a ${v.kind === 'regex' ? 'Regexp' : 'default'} in a format is not evaluated by the node preview`,
        'unsupported',
      );
    return toStr(v);
  }
  return toStr(v);
}
