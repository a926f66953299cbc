// Path handling for hierarchy locations: joining a datadir and a declared path the way Ruby's Pathname `+` does
// (an absolute path replaces the base, `.` and `..` are resolved), and expanding `glob`/`globs` patterns over the
// FileSystem the way Ruby's Dir.glob does (`*`, `?`, `[...]`, `{a,b}`, `**/`; hidden files only when the pattern
// names the dot; directory entries in byte order; directories themselves dropped).

import type { FileSystem } from '../../workspace/fileSystem.js';

export { joinPath } from '../../base/paths.js';

/** The directory part of a path. */
export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/**
 * Limits of one glob, far above a real hierarchy: 26 `{a,b}` groups make 67 million patterns, and `**` over a
 * big tree visits every directory. Past a limit, globFiles throws GlobLimitError (the lookup fails, naming it).
 */
export const GLOB_LIMITS = { patterns: 1024, directories: 20_000, matches: 10_000 } as const;

export class GlobLimitError extends Error {}

/** True when `path` is `root` or below it (both normalised absolute paths). */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root === '/' ? '/' : `${root}/`);
}

/** The first top-level `{...}` group of a glob (escapes skipped): the offsets of its braces, or undefined. */
function firstBraceGroup(pattern: string): { open: number; close: number } | undefined {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) return { open, close: i };
    }
  }
  return undefined;
}

/** How many patterns expandBraces would make, counted without making them (capped just above `cap`). */
export function braceCount(pattern: string, cap = GLOB_LIMITS.patterns): number {
  const group = firstBraceGroup(pattern);
  if (!group) return 1;
  let inner = 0;
  for (const alt of splitTopLevel(pattern.slice(group.open + 1, group.close))) {
    inner += braceCount(alt, cap);
    if (inner > cap) return cap + 1;
  }
  const rest = braceCount(pattern.slice(group.close + 1), cap);
  return inner * rest > cap ? cap + 1 : inner * rest;
}

/** Expands `{a,b}` alternatives (nested too), left to right, like Ruby's brace expansion in Dir.glob. */
export function expandBraces(pattern: string): string[] {
  const group = firstBraceGroup(pattern);
  if (!group) return [pattern];
  const prefix = pattern.slice(0, group.open);
  const rest = pattern.slice(group.close + 1);
  return splitTopLevel(pattern.slice(group.open + 1, group.close)).flatMap((alt) =>
    expandBraces(`${prefix}${alt}${rest}`),
  );
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(last, i));
      last = i + 1;
    }
  }
  out.push(s.slice(last));
  return out;
}

function segmentRegex(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = seg.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        let body = seg.slice(i + 1, close);
        if (body.startsWith('!') || body.startsWith('^')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < seg.length) {
      re += seg[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const isMagic = (seg: string): boolean => /[*?[]/.test(seg);

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Files (not directories) matching an absolute glob pattern, in Dir.glob's order. As in Ruby, `**` does not
 * descend into symbolic links to directories (two links to `.` made the walk exponential). Throws GlobLimitError
 * past GLOB_LIMITS.
 */
export function globFiles(fs: FileSystem, pattern: string): string[] {
  const count = braceCount(pattern);
  if (count > GLOB_LIMITS.patterns)
    throw new GlobLimitError(
      `the glob '${pattern.slice(0, 120)}' expands to more than ${GLOB_LIMITS.patterns} patterns`,
    );
  const out: string[] = [];
  const budget = { directories: GLOB_LIMITS.directories, pattern };
  for (const p of expandBraces(pattern)) {
    const segs = p.split('/').filter((s) => s !== '');
    walk(fs, '', segs, 0, out, budget);
  }
  return out.filter((f) => !fs.isDirectory(f));
}

function walk(
  fs: FileSystem,
  dir: string,
  segs: readonly string[],
  i: number,
  out: string[],
  budget: { directories: number; pattern: string },
): void {
  if (i === segs.length) {
    if (dir !== '' && fs.exists(dir)) {
      if (out.length >= GLOB_LIMITS.matches)
        throw new GlobLimitError(
          `the glob '${budget.pattern.slice(0, 120)}' matches more than ${GLOB_LIMITS.matches} files`,
        );
      out.push(dir);
    }
    return;
  }
  const seg = segs[i];
  if (seg === '**') {
    // Zero directories, then each (non-hidden, not linked) subdirectory recursively.
    walk(fs, dir, segs, i + 1, out, budget);
    for (const e of sortedEntries(fs, dir || '/', budget)) {
      if (e.isDirectory && !e.isSymbolicLink && !e.name.startsWith('.'))
        walk(fs, `${dir}/${e.name}`, segs, i, out, budget);
    }
    return;
  }
  if (!isMagic(seg)) {
    walk(fs, `${dir}/${seg}`, segs, i + 1, out, budget);
    return;
  }
  const re = segmentRegex(seg);
  for (const e of sortedEntries(fs, dir || '/', budget)) {
    if (e.name.startsWith('.') && !seg.startsWith('.')) continue;
    if (re.test(e.name)) walk(fs, `${dir}/${e.name}`, segs, i + 1, out, budget);
  }
}

function sortedEntries(
  fs: FileSystem,
  dir: string,
  budget: { directories: number; pattern: string },
): readonly { name: string; isDirectory: boolean; isSymbolicLink?: boolean }[] {
  if (!fs.isDirectory(dir)) return [];
  if (--budget.directories < 0)
    throw new GlobLimitError(
      `the glob '${budget.pattern.slice(0, 120)}' reads more than ${GLOB_LIMITS.directories} directories`,
    );
  return [...fs.readDirectory(dir)].sort((a, b) => byteCompare(a.name, b.name));
}
