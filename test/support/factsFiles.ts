// The module facts that scripts/build.mjs copies to dist/facts, for the tests that list what a package ships.

import { readdirSync, type Dirent } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** The module facts scripts/build.mjs copies to dist/facts (every file but the .md), relative paths. */
export function factsFiles(): string[] {
  const dir = join(ROOT, 'server/src/knowledge/sources/modules');
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile() && !e.name.endsWith('.md'))
    .map((e) => relative(dir, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)))
    .sort();
}
