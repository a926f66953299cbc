// Test fixtures in one string: `#- /path` lines start a file, `$0` marks the cursor (`\$0` is a literal "$0").
// A fixture without a header is one file at /work/data/common.yaml.

export interface Fixture {
  readonly files: Record<string, string>;
  /** The file that holds the cursor, and the cursor's offset in it. */
  readonly cursor?: { readonly path: string; readonly offset: number };
}

export function parseFixture(text: string, defaultPath = '/work/data/common.yaml'): Fixture {
  const files: Record<string, string> = {};
  let cursor: Fixture['cursor'];
  const chunks = text.split(/^#- (\/\S+)[ \t]*\n/m);
  const pairs: Array<[string, string]> = [];
  if (chunks.length === 1) pairs.push([defaultPath, chunks[0]]);
  else for (let i = 1; i < chunks.length; i += 2) pairs.push([chunks[i], chunks[i + 1] ?? '']);
  for (const [path, raw] of pairs) {
    let body = '';
    for (let i = 0; i < raw.length; i++) {
      if (raw.startsWith('\\$0', i)) {
        body += '$0';
        i += 2;
      } else if (raw.startsWith('$0', i)) {
        cursor = { path, offset: body.length };
        i += 1;
      } else body += raw[i];
    }
    files[path] = body;
  }
  return { files, cursor };
}
