// A unified diff of one file's text before and after `check --fix-dry-run`'s fixes, as `diff -u` prints it
// (3 lines of context), so a user or a CI log can read or `patch` what --fix would change.

const CONTEXT = 3;
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = lineOps(a, b);
  const out = [`--- a/${file}`, `+++ b/${file}`];
  // Hunks: runs of changes with up to 2*CONTEXT unchanged lines between them.
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind === ' ') {
      i++;
      continue;
    }
    let start = i;
    let end = i;
    for (let j = i; j < ops.length; j++) {
      if (ops[j].kind !== ' ') end = j;
      else if (j - end > 2 * CONTEXT) break;
    }
    start = Math.max(0, start - CONTEXT);
    const stop = Math.min(ops.length - 1, end + CONTEXT);
    let oldLine = 1;
    let newLine = 1;
    for (let k = 0; k < start; k++) {
      if (ops[k].kind !== '+') oldLine++;
      if (ops[k].kind !== '-') newLine++;
    }
    const body = ops.slice(start, stop + 1);
    const oldCount = body.filter((o) => o.kind !== '+').length;
    const newCount = body.filter((o) => o.kind !== '-').length;
    out.push(
      `@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@`,
    );
    for (const o of body) {
      out.push(`${o.kind}${o.line.endsWith('\n') ? o.line.slice(0, -1) : o.line}`);
      if (!o.line.endsWith('\n')) out.push('\\ No newline at end of file');
    }
    i = stop + 1;
  }
  return `${out.join('\n')}\n`;
}

function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The line operations turning `a` into `b`: common ends kept, the middle by longest common subsequence. */
function lineOps(a: string[], b: string[]): Op[] {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  const ma = a.slice(p, a.length - s);
  const mb = b.slice(p, b.length - s);
  const middle: Op[] = [];
  if (ma.length === mb.length && ma.length * mb.length > MAX_CELLS) {
    // Too long for the table; fixes keep the line count, so pair the lines.
    ma.forEach((line, k) =>
      line === mb[k] ? middle.push({ kind: ' ', line }) : middle.push({ kind: '-', line }, { kind: '+', line: mb[k] }),
    );
  } else if (ma.length * mb.length > MAX_CELLS) {
    for (const line of ma) middle.push({ kind: '-', line });
    for (const line of mb) middle.push({ kind: '+', line });
  } else {
    const n = ma.length;
    const m = mb.length;
    const lcs = new Uint32Array((n + 1) * (m + 1));
    for (let x = n - 1; x >= 0; x--)
      for (let y = m - 1; y >= 0; y--)
        lcs[x * (m + 1) + y] =
          ma[x] === mb[y]
            ? lcs[(x + 1) * (m + 1) + y + 1] + 1
            : Math.max(lcs[(x + 1) * (m + 1) + y], lcs[x * (m + 1) + y + 1]);
    let x = 0;
    let y = 0;
    while (x < n || y < m) {
      if (x < n && y < m && ma[x] === mb[y]) {
        middle.push({ kind: ' ', line: ma[x++] });
        y++;
      } else if (y < m && (x === n || lcs[x * (m + 1) + y + 1] >= lcs[(x + 1) * (m + 1) + y]))
        middle.push({ kind: '+', line: mb[y++] });
      else middle.push({ kind: '-', line: ma[x++] });
    }
    // diff -u lists removals before additions within a change.
    for (let k = 0; k < middle.length;) {
      let e = k;
      while (e < middle.length && middle[e].kind !== ' ') e++;
      if (e > k)
        middle.splice(
          k,
          e - k,
          ...middle.slice(k, e).sort((u, v) => (u.kind === v.kind ? 0 : u.kind === '-' ? -1 : 1)),
        );
      k = e + 1;
    }
  }
  return [
    ...a.slice(0, p).map((line) => ({ kind: ' ' as const, line })),
    ...middle,
    ...a.slice(a.length - s).map((line) => ({ kind: ' ' as const, line })),
  ];
}
