// A bound on how deeply a YAML text nests, found in one linear pass before any parser recurses into it.
//
// The `yaml` package composes nodes recursively. A deep enough text (100,000 compact `- ` on one line, 200 kB)
// leaves the stack at its limit, and V8 then aborts the whole process when it next compiles a regular expression
// ("RegExpCompiler Allocation failed") instead of throwing. So the depth is measured first and a deeper text is
// not handed to the parser at all.
//
// The measure is an upper bound, never below the real depth: per line, the nesting of its indentation (a stack
// of columns), the compact indicators that open it (`- - - x`, `? `), plus the flow brackets open at that point
// (quoted scalars skipped). Block scalars (`|`, `>`) are skipped whole. Over-counting is harmless: the limit is
// far above any real data (Hiera data rarely nests ten levels).

/** Deeper texts are not parsed: far above real data, far below where the parser's recursion fails. */
export const MAX_YAML_NESTING = 256;

/** The offset where the nesting first goes over `limit`, or -1 when it never does. */
export function yamlTooDeepAt(text: string, limit = MAX_YAML_NESTING): number {
  const indents: number[] = [];
  let flow = 0;
  let blockScalarIndent = -1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    let eol = text.indexOf('\n', i);
    if (eol < 0) eol = n;
    let p = i;
    while (p < eol && text.charCodeAt(p) === 32) p++;
    const indent = p - i;
    const blank = p >= eol || text[p] === '\r' || (text[p] === '#' && flow === 0);
    if (blockScalarIndent >= 0) {
      if (blank || indent > blockScalarIndent) {
        i = eol + 1;
        continue;
      }
      blockScalarIndent = -1;
    }
    if (blank) {
      i = eol + 1;
      continue;
    }
    if (flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
    }
    let depth = indents.length + flow;
    // Compact indicators opening nested collections on this line: `- - x`, `? - x`, `- key: - x` is not YAML.
    while (p < eol && flow === 0) {
      const c = text[p];
      if (
        (c === '-' || c === '?' || c === ':') &&
        (p + 1 >= eol || text[p + 1] === ' ' || text[p + 1] === '\t' || text[p + 1] === '\r')
      ) {
        if (++depth > limit) return p;
        p++;
        while (p < eol && (text[p] === ' ' || text[p] === '\t')) p++;
      } else break;
    }
    if (depth > limit) return p;
    // The rest of the line: flow brackets, quoted scalars, a comment, a block scalar header.
    let tokenStart = true;
    let scalarIndicator = false;
    for (; p < eol; p++) {
      const c = text[p];
      if (c === '#' && (p === 0 || text[p - 1] === ' ' || text[p - 1] === '\t')) break;
      if ((c === '"' || c === "'") && tokenStart) {
        p = skipQuoted(text, p, c);
        if (p >= n) return -1;
        // A quoted scalar may span lines: continue from where it ends.
        if (p > eol) {
          eol = text.indexOf('\n', p);
          if (eol < 0) eol = n;
        }
        tokenStart = false;
        continue;
      }
      if ((c === '[' || c === '{') && (tokenStart || flow > 0)) {
        flow++;
        if (++depth > limit) return p;
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
        depth--;
      }
      if (c === '|' || c === '>') scalarIndicator = true;
      tokenStart = c === ' ' || c === '\t' || c === '[' || c === '{' || c === ',' || (c === ':' && flow > 0);
    }
    if (scalarIndicator && flow === 0 && /(^|\s)[|>][-+0-9]*\s*(#.*)?$/.test(text.slice(Math.max(i, eol - 80), eol))) {
      blockScalarIndent = indent;
    }
    i = eol + 1;
  }
  return -1;
}

/** The index just past the closing quote of the scalar opened at `at` (or the text's length when unclosed). */
function skipQuoted(text: string, at: number, quote: string): number {
  let p = at + 1;
  for (;;) {
    const q = text.indexOf(quote, p);
    if (q < 0) return text.length;
    if (quote === '"') {
      let backslashes = 0;
      while (text[q - 1 - backslashes] === '\\') backslashes++;
      if (backslashes % 2 === 1) {
        p = q + 1;
        continue;
      }
      return q;
    }
    if (text[q + 1] === "'") {
      p = q + 2;
      continue;
    }
    return q;
  }
}
