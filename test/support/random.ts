// Seeded randomness for fuzzing, soak and bench workloads: a small PRNG (mulberry32) so a failing input can be
// reproduced from its seed, plus the mutations the fuzzers apply to seed texts. Nothing here knows a language;
// the generators that do live next to the tests that use them (test/support/generators.ts).

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    pick: (items) => items[int(items.length)],
    chance: (p) => next() < p,
  };
}

/** The seed of this run: FUZZ_SEED when set (to reproduce a failure), else a fixed default. */
export function seedFromEnv(fallback = 20260711): number {
  const s = Number(process.env.FUZZ_SEED);
  return Number.isFinite(s) && process.env.FUZZ_SEED !== '' && process.env.FUZZ_SEED !== undefined ? s : fallback;
}

/** FUZZ_ITERATIONS scales every fuzzer's input count; unset means the small CI budget. */
export function iterations(ciDefault: number): number {
  const n = Number(process.env.FUZZ_ITERATIONS);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : ciDefault;
}

/** Characters that stress lexers: delimiters, quotes, escapes, newlines, non-ASCII, surrogates, NUL. */
export const NASTY_CHARS = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '"',
  "'",
  '`',
  '\\',
  '$',
  '%',
  '#',
  ':',
  ',',
  '=',
  '>',
  '<',
  '|',
  '-',
  '@',
  '&',
  '*',
  '!',
  '?',
  '/',
  '.',
  '\n',
  '\r',
  '\r\n',
  '\t',
  ' ',
  '\0',
  '\u00e9',
  '\u200b',
  '\ufeff',
  '\ud83d\ude00',
  '\ud800',
  '\udc00',
  '\u2028',
];

/** Applies 1..maxOps random byte-level and token-level mutations to `text`. */
export function mutate(r: Rng, text: string, tokens: readonly string[], maxOps = 4): string {
  let t = text;
  const ops = r.range(1, maxOps);
  for (let i = 0; i < ops; i++) {
    const at = r.int(t.length + 1);
    switch (r.int(8)) {
      case 0: // insert a nasty character
        t = t.slice(0, at) + r.pick(NASTY_CHARS) + t.slice(at);
        break;
      case 1: // insert a token of the language
        t = t.slice(0, at) + r.pick(tokens) + t.slice(at);
        break;
      case 2: {
        // delete a span
        const len = r.int(Math.min(40, t.length - at) + 1);
        t = t.slice(0, at) + t.slice(at + len);
        break;
      }
      case 3: {
        // duplicate a span
        const len = r.int(Math.min(200, t.length - at) + 1);
        t = t.slice(0, at + len) + t.slice(at, at + len) + t.slice(at + len);
        break;
      }
      case 4: {
        // move a span elsewhere
        const len = r.int(Math.min(80, t.length - at) + 1);
        const piece = t.slice(at, at + len);
        const rest = t.slice(0, at) + t.slice(at + len);
        const to = r.int(rest.length + 1);
        t = rest.slice(0, to) + piece + rest.slice(to);
        break;
      }
      case 5: // truncate
        t = t.slice(0, at);
        break;
      case 6: {
        // replace one character
        if (at < t.length) t = t.slice(0, at) + r.pick(NASTY_CHARS) + t.slice(at + 1);
        break;
      }
      default: {
        // change indentation of a line (matters to YAML)
        const lineStart = t.lastIndexOf('\n', at - 1) + 1;
        t = r.chance(0.5)
          ? t.slice(0, lineStart) + r.pick([' ', '  ', '\t', '    ']) + t.slice(lineStart)
          : t.slice(0, lineStart) + t.slice(lineStart).replace(/^[ \t]/, '');
      }
    }
  }
  return t;
}
