// "Did you mean" suggestions: candidates within a small edit distance (Damerau-Levenshtein, optimal string
// alignment), closest first. The distance allowed grows with the length of the word.

/** Rows of the distance table, reused by every call (grown when a longer word comes): no allocation per call. */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
/** Stands for "over the limit" in the cells outside the band. */
const FAR = 0x3fffffff;

/**
 * The distance between a and b, exact when it is at most `limit`; otherwise some number above `limit`. Only the
 * cells within `limit` of the diagonal are computed (a path through any other cell costs more than `limit`), and
 * the scan stops at the first row whose every cell is over it. Called once per candidate for every unknown key
 * (25,000 unknown keys against a module's 500 are 12.5 million calls), so it allocates nothing per call.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // What both words start and end with costs nothing (keys of one class share `mesos::master::`): the table
  // covers only what lies between.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  if (start > 0 || endA < a.length || endB < b.length) {
    a = a.slice(start, endA);
    b = b.slice(start, endB);
  }
  const band = Math.min(limit, Math.max(a.length, b.length));
  const cols = b.length + 1;
  if (rows[0].length < cols + 1) {
    const n = Math.max(cols + 1, rows[0].length * 2);
    rows = [new Int32Array(n), new Int32Array(n), new Int32Array(n)];
  }
  let [before, prev, cur] = rows;
  for (let j = 0; j < cols; j++) prev[j] = j <= band ? j : FAR;
  prev[cols] = FAR;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - band);
    const hi = Math.min(b.length, i + band);
    cur[lo - 1] = lo === 1 && i <= band ? i : FAR;
    let rowMin = cur[lo - 1]!;
    for (let j = lo; j <= hi; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // The next row reads one cell past this row's band: it is over the limit.
    if (hi + 1 <= cols) cur[hi + 1] = FAR;
    // Every later row is at least this row's minimum (a transposition reaches back two rows, whose minimum is at
    // most one less than this one's).
    if (rowMin > limit) return limit + 1;
    [before, prev, cur] = [prev, cur, before];
  }
  const d = prev[b.length]!;
  return d > limit ? limit + 1 : d;
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
