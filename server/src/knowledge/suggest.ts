// "Did you mean" suggestions: candidates within a small edit distance (Damerau-Levenshtein, optimal string
// alignment), closest first. The distance allowed grows with the length of the word.

/**
 * The distance between a and b, exact when it is at most `limit`; otherwise some number above `limit` (the
 * scan stops at the first row whose every cell is over it). Three rows, not a matrix: called once per candidate
 * for every unknown key, it must not allocate per call in proportion to a * b.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const cols = b.length + 1;
  let before = new Array<number>(cols).fill(0);
  let prev = new Array<number>(cols);
  let cur = new Array<number>(cols);
  for (let j = 0; j < cols; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // Every later row is at least this row's minimum (a transposition reaches back two rows, whose minimum is at
    // most one less than this one's).
    if (rowMin > limit) return limit + 1;
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length];
}

export function suggest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    const dist = editDistance(word, c, limit);
    if (dist <= limit) scored.push([c, dist]);
    else if (word.length >= 4 && (c.startsWith(word) || word.startsWith(c)) && c.length > 2)
      scored.push([c, limit + 0.5]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, max).map(([c]) => c);
}
