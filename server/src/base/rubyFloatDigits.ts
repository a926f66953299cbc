// The decimal digits Ruby prints for a Float: the shortest digits that read back as the same Float (Float#to_s,
// YAML, JSON) and the digits rounded to a count (Kernel#format's %f, %e, %g, which Puppet's sprintf and String()
// use). Rounding to a count is where Ruby is not what exact arithmetic gives: for up to 14 digits Ruby's dtoa
// first tries ordinary floating-point arithmetic, and when the part it drops is too close to one half for that
// arithmetic to tell, it rounds the last digit it kept to even (`format('%.2f', 2.675)` is "2.68", `format('%.1f',
// 533.45)` is "533.4", while the exact values would give 2.67 and 533.5). Past 14 digits, or when the quick try
// is sure, the digits are those of the exact binary value, rounded half to even. This file repeats those steps
// with the same double arithmetic, so the digits agree; test/oracle/ruby-numbers.test.ts holds them to Ruby.

interface FloatDigits {
  /** The significant digits, without trailing zeros; empty when the value rounds to nothing at that count. */
  readonly digits: string;
  /** Where the decimal point goes: the value is 0.DIGITS × 10^decpt. */
  readonly decpt: number;
}

/** The shortest digits that read back as `x` (x > 0, finite): what Float#to_s prints. */
export function shortestDigits(x: number): FloatDigits {
  const [mant, exp] = x.toExponential().split('e');
  const digits = mant.replace('.', '').replace(/0+$/, '');
  return { digits: digits.length > 0 ? digits : '0', decpt: Number(exp) + 1 };
}

/**
 * The digits of `x` (x > 0, finite) rounded as Ruby rounds them: `fixed` with `count` digits after the decimal
 * point (%f, dtoa's mode 3), else `count` significant digits (%e and %g, mode 2).
 */
function roundedDigits(x: number, count: number, fixed: boolean): FloatDigits {
  // Whether the quick try is made depends on dtoa's estimate of the exponent, as in Ruby.
  const estimate = estimatedExponent(x);
  const ilim = fixed ? count + estimate.k + 1 : Math.max(count, 1);
  if (ilim < 0) return { digits: '', decpt: -count };
  let half = false;
  if (ilim <= QUICK_MAX) {
    const quick = quickDigits(x, count, fixed, estimate);
    if ('digits' in quick) return quick;
    half = quick.half;
  }
  const scale = fixed ? count : Math.max(count, 1) - 1 - exactExponent(x);
  // A whole number below 10^15 is rounded exactly, half to even, whatever the quick try found, and a last digit
  // kept as it was is not followed by the removal of trailing zeros.
  if (Number.isInteger(x) && estimate.k <= QUICK_MAX) return exactDigits(x, scale, 'whole');
  return exactDigits(x, scale, half ? 'half' : 'exact');
}

const QUICK_MAX = 14;
const TENS = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const BIG_TENS = [1e16, 1e32, 1e64, 1e128, 1e256];

/** floor(log10(x)), exactly. */
function exactExponent(x: number): number {
  let k = Math.floor(Math.log10(x));
  // log10 may be off by one next to a power of ten; settle it on exact values.
  const { num, den } = ratio(x);
  while (compareScaled(num, den, k) < 0) k--;
  while (compareScaled(num, den, k + 1) >= 0) k++;
  return k;
}

/** x = num / den exactly. */
function ratio(x: number): { num: bigint; den: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = biased - 1075;
  if (biased === 0) e = -1074;
  else mant |= 1n << 52n;
  return e >= 0 ? { num: mant << BigInt(e), den: 1n } : { num: mant, den: 1n << BigInt(-e) };
}

/** Compares num/den with 10^k. */
function compareScaled(num: bigint, den: bigint, k: number): number {
  const a = k >= 0 ? num : num * 10n ** BigInt(-k);
  const b = k >= 0 ? den * 10n ** BigInt(k) : den;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The exact digits of x × 10^scale rounded to an integer, half to even, the way each of Ruby's two exact paths
 * leaves them. `exact`: trailing zeros removed. `half` (after a quick try that found the dropped part too close to
 * one half): rounded up only when the last digit below any 9s is odd, those 9s dropped, trailing zeros kept.
 * `whole` (a whole number below 10^15): trailing zeros kept when the last digit stays and something was dropped.
 */
function exactDigits(x: number, scale: number, path: 'exact' | 'half' | 'whole'): FloatDigits {
  const { num, den } = ratio(x);
  const n = scale >= 0 ? num * 10n ** BigInt(scale) : num;
  const d = scale >= 0 ? den : den * 10n ** BigInt(-scale);
  const q = n / d;
  const rest = n % d;
  const twice = rest * 2n;
  const up = twice > d || (twice === d && q % 2n === 1n);
  const text = q === 0n ? '' : q.toString();
  const decpt = text.length - scale;
  if (!up) {
    if (q === 0n) return { digits: '', decpt: -scale };
    return { digits: path === 'whole' && rest !== 0n ? text : text.replace(/0+$/, ''), decpt };
  }
  if (path !== 'half') {
    const next = (q + 1n).toString();
    return { digits: next.replace(/0+$/, ''), decpt: next.length - scale };
  }
  const kept = text.replace(/9+$/, '');
  if (kept.length === 0) return { digits: '1', decpt: decpt + 1 };
  const last = Number(kept[kept.length - 1]);
  return { digits: last % 2 === 1 ? kept.slice(0, -1) + String(last + 1) : kept, decpt };
}

/** dtoa's estimate of floor(log10(x)), which may be one too high when it is not checked against a power of ten. */
function estimatedExponent(x: number): { k: number; checked: boolean } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const biased = (view.getUint32(0) >>> 20) & 0x7ff;
  if (biased === 0) return { k: exactExponent(x), checked: true };
  const i = biased - 1023;
  view.setUint32(0, (view.getUint32(0) & 0x000fffff) | 0x3ff00000);
  const d2 = view.getFloat64(0);
  const ds = (d2 - 1.5) * 0.289529654602168 + 0.1760912590558 + i * 0.301029995663981;
  let k = Math.trunc(ds);
  if (ds < 0 && ds !== k) k--;
  if (k >= 0 && k <= 22) {
    if (x < TENS[k]) k--;
    return { k, checked: true };
  }
  return { k, checked: false };
}

/**
 * Ruby's quick try in double arithmetic. When it cannot decide, the exact digits decide, told whether the try
 * found the dropped part too close to one half (`half`).
 */
function quickDigits(
  x: number,
  count: number,
  fixed: boolean,
  estimate: { k: number; checked: boolean },
): FloatDigits | { half: boolean } {
  const failed = { half: false };
  let k = estimate.k;
  const checked = estimate.checked;
  let ilim = fixed ? count + k + 1 : Math.max(count, 1);
  const ilim1 = fixed ? ilim - 1 : ilim;
  if (ilim < 0 || ilim > QUICK_MAX) return failed;
  let d = x;
  let ieps = 2;
  if (k > 0) {
    let ds = TENS[k & 0xf];
    let j = k >> 4;
    if (j & 0x10) {
      j &= 0xf;
      d /= BIG_TENS[4];
      ieps++;
    }
    for (let i = 0; j; j >>= 1, i++)
      if (j & 1) {
        ieps++;
        ds *= BIG_TENS[i];
      }
    d /= ds;
  } else if (k < 0) {
    const j1 = -k;
    d *= TENS[j1 & 0xf];
    for (let j = j1 >> 4, i = 0; j; j >>= 1, i++)
      if (j & 1) {
        ieps++;
        d *= BIG_TENS[i];
      }
  }
  if (!checked && d < 1 && ilim > 0) {
    if (ilim1 <= 0) return failed;
    ilim = ilim1;
    k--;
    d *= 10;
    ieps++;
  }
  let eps = (ieps * d + 7) * 2 ** -52;
  if (ilim === 0) {
    d -= 5;
    if (d > eps) return { digits: '1', decpt: k + 2 };
    if (d < -eps) return { digits: '', decpt: -count };
    return failed;
  }
  eps *= TENS[ilim - 1];
  let digits = '';
  for (let i = 1; ; i++, d *= 10) {
    const l = Math.trunc(d);
    d -= l;
    if (d === 0) ilim = i;
    digits += String(l);
    if (i === ilim) {
      if (d > 0.5 + eps) return bumpUp(digits, k);
      if (d < 0.5 - eps) return { digits: digits.replace(/0+$/, ''), decpt: k + 1 };
      // Too close to one half to tell: an odd last digit is rounded up here, an even one left to the exact digits.
      return Number(digits[digits.length - 1]) % 2 === 1 ? bumpUp(digits, k) : { half: true };
    }
  }
}

function bumpUp(digits: string, k: number): FloatDigits {
  let s = digits;
  while (s.length > 0 && s[s.length - 1] === '9') s = s.slice(0, -1);
  if (s.length === 0) return { digits: '1', decpt: k + 2 };
  return { digits: s.slice(0, -1) + String(Number(s[s.length - 1]) + 1), decpt: k + 1 };
}

/** `%.<prec>f` of |x| (no sign): as Ruby's format writes it. */
export function formatFixed(x: number, prec: number, alt = false): string {
  const { digits, decpt } = x === 0 ? { digits: '', decpt: 0 } : roundedDigits(x, prec, true);
  const whole = decpt <= 0 ? '0' : digits.slice(0, decpt).padEnd(decpt, '0');
  const frac = decpt < 0 ? '0'.repeat(-decpt) + digits : digits.slice(Math.max(decpt, 0));
  const fraction = frac.slice(0, prec).padEnd(prec, '0');
  return prec > 0 || alt ? `${whole}.${fraction}` : whole;
}

/** `%.<prec>e` of |x| (no sign). */
export function formatExponent(x: number, prec: number, upper = false, alt = false): string {
  const { digits, decpt } = x === 0 ? { digits: '0', decpt: 1 } : roundedDigits(x, prec + 1, false);
  const mant = digits.padEnd(prec + 1, '0');
  const exp = decpt - 1;
  const body = `${mant[0]}${prec > 0 || alt ? '.' : ''}${mant.slice(1)}`;
  return `${body}${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** `%.<prec>g` of |x| (no sign): %e when the exponent is below -4 or not below the precision, else %f. */
export function formatGeneral(x: number, prec: number, upper = false, alt = false): string {
  const p = prec === 0 ? 1 : prec;
  const { digits, decpt } = x === 0 ? { digits: '0', decpt: 1 } : roundedDigits(x, p, false);
  const exp = decpt - 1;
  if (exp < -4 || exp >= p) {
    const mant = alt ? digits.padEnd(p, '0') : digits;
    const body = mant.length > 1 || alt ? `${mant[0]}.${mant.slice(1)}` : mant;
    return `${body}${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const all = alt ? digits.padEnd(p, '0') : digits;
  const whole = decpt <= 0 ? '0' : all.slice(0, decpt).padEnd(decpt, '0');
  const frac = decpt < 0 ? '0'.repeat(-decpt) + all : all.slice(Math.max(decpt, 0));
  return frac.length > 0 || alt ? `${whole}.${frac}` : whole;
}
