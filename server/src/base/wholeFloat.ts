// A Float whose value is whole (`1.0`, `-2.0`), which a JavaScript number cannot tell from the Integer 1.
// Puppet and Ruby keep the difference and print it: `1.0` in a template or an interpolation, `1` for the
// Integer. Hiera values and the evaluator's values carry such a Float as this box; any other number is an
// Integer when whole and a Float when not.

import { shortestDigits } from './rubyFloatDigits.js';

export class WholeFloat {
  constructor(readonly value: number) {}

  /** JSON.stringify (a protocol message, a plain JSON dump) writes the number; `jsonText` writes `1.0`. */
  toJSON(): number {
    return this.value;
  }
}

/** The number a value stands for (a number or a WholeFloat), else undefined. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof WholeFloat) return v.value;
  return undefined;
}

/** True for a Float: a WholeFloat, or a number with a fraction (or not finite). */
export function isFloatValue(v: unknown): boolean {
  return v instanceof WholeFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/** A number as a value: a Float with a whole value is boxed, every other number stays as it is. */
export function numberValue(n: number, float: boolean): number | WholeFloat {
  return float && Number.isInteger(n) ? new WholeFloat(n) : n;
}

/**
 * Ruby's `Float#to_s`: the shortest digits that read back as the same Float, written `1.0`, `2.5`, `0.0001`; with an
 * exponent (`1.0e+16`, `1.0e-05`) from 10^16 up, or from 10^15 up when no digit falls after the point
 * (`1.0e+15` but `1234567890123456.8`), and below 10^-4.
 */
export function rubyFloatToS(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? 'Infinity' : '-Infinity';
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  const sign = f < 0 ? '-' : '';
  const { digits, decpt } = shortestDigits(Math.abs(f));
  if (decpt > 0 && (decpt <= 15 || decpt < digits.length)) {
    const whole = digits.slice(0, decpt).padEnd(decpt, '0');
    return `${sign}${whole}.${digits.slice(decpt) || '0'}`;
  }
  if (decpt <= 0 && decpt > -4) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  const exp = decpt - 1;
  const mant = `${digits[0]}.${digits.slice(1) || '0'}`;
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** How Ruby prints a number value: Integers as digits, Floats as `rubyFloatToS`. */
export function rubyNumberToS(v: number | WholeFloat): string {
  return isFloatValue(v) ? rubyFloatToS(numberOf(v)!) : String(v);
}

/**
 * JSON text as Ruby's JSON generator writes it, which is how `puppet lookup --render-as json` prints: Floats as
 * Ruby prints them (`1.0`, `1.0e+20`), WholeFloats included; anything else as JSON.stringify writes it. With
 * `indent`, laid out as JSON.stringify lays out with that indent.
 */
export function jsonText(v: unknown, indent = 0): string {
  return json(v, indent, '') ?? 'null';
}

function json(v: unknown, indent: number, at: string): string | undefined {
  if (v instanceof WholeFloat || (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)))
    return rubyFloatToS(numberOf(v)!);
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const inner = at + ' '.repeat(indent);
  const open = indent > 0 ? `\n${inner}` : '';
  const sep = indent > 0 ? `,\n${inner}` : ',';
  const close = indent > 0 ? `\n${at}` : '';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${open}${v.map((x) => json(x, indent, inner) ?? 'null').join(sep)}${close}]`;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function')
    return json((v as { toJSON: () => unknown }).toJSON(), indent, at);
  const colon = indent > 0 ? ': ' : ':';
  const parts: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    const text = json(x, indent, inner);
    if (text !== undefined) parts.push(`${JSON.stringify(k)}${colon}${text}`);
  }
  return parts.length === 0 ? '{}' : `{${open}${parts.join(sep)}${close}}`;
}
