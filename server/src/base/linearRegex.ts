// Regular expressions that come from the user's files (Ruby regexes in `Pattern[...]` types, `lookup_options`
// keys, knockout prefixes) run on RE2JS, a linear-time engine: JavaScript's own engine backtracks, and a pattern
// such as `^(a+)+$` against a long value would block the server for minutes. RE2 has no lookaround and no
// backreferences; such a pattern does not compile here, and the caller then says nothing about it.

import { RE2JS } from 're2js';

export interface LinearRegex {
  /** True when the pattern matches somewhere in `input`. */
  test(input: string): boolean;
  /** The start and end of the first match at or after `from`, or undefined. */
  find(input: string, from?: number): { start: number; end: number } | undefined;
}

export type LinearCompile =
  { readonly ok: true; readonly regex: LinearRegex } | { readonly ok: false; readonly message: string };

/**
 * Compiles `source` (RE2 syntax, which shares Ruby's and JavaScript's common ground). `multiline`: `^` and `$`
 * match at line boundaries, as they always do in Ruby.
 */
export function compileLinear(
  source: string,
  options: { readonly multiline?: boolean; readonly ignoreCase?: boolean } = {},
): LinearCompile {
  let flags = 0;
  if (options.multiline) flags |= RE2JS.MULTILINE;
  if (options.ignoreCase) flags |= RE2JS.CASE_INSENSITIVE;
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, flags);
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  return {
    ok: true,
    regex: {
      test: (input) => re.test(input),
      find: (input, from = 0) => {
        const m = re.matcher(input);
        return m.find(from) ? { start: m.start(), end: m.end() } : undefined;
      },
    },
  };
}
