// Path handling for hierarchy locations: joining a datadir and a declared path the way Ruby's Pathname `+` does
// (an absolute path replaces the base, `.` and `..` are resolved), and expanding `glob`/`globs` patterns over the
// FileSystem the way Ruby's Dir.glob does (`*`, `?`, `[...]`, `{a,b}`, `**/`; hidden files only when the pattern
// names the dot; directory entries in byte order; directories themselves dropped).

import type { FileSystem } from '../../workspace/fileSystem.js';

/** Joins base and path like Pathname#+; both are POSIX paths. */
export function joinPath(base: string, path: string): string {
  const start = path.startsWith('/') ? '' : base;
  const parts: string[] = [];
  for (const seg of `${start}/${path}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

/** The directory part of a path. */
export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** Expands `{a,b}` alternatives (nested too), left to right, like Ruby's brace expansion in Dir.glob. */
export function expandBraces(pattern: string): string[] {
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
      if (depth === 0) {
        const inner = pattern.slice(open + 1, i);
        const alternatives = splitTopLevel(inner);
        const prefix = pattern.slice(0, open);
        const rest = pattern.slice(i + 1);
        return alternatives.flatMap((alt) => expandBraces(`${prefix}${alt}${rest}`));
      }
    }
  }
  return [pattern];
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

/** Files (not directories) matching an absolute glob pattern, in Dir.glob's order. */
export function globFiles(fs: FileSystem, pattern: string): string[] {
  const out: string[] = [];
  for (const p of expandBraces(pattern)) {
    const segs = p.split('/').filter((s) => s !== '');
    walk(fs, '', segs, 0, out);
  }
  return out.filter((f) => !fs.isDirectory(f));
}

function walk(fs: FileSystem, dir: string, segs: readonly string[], i: number, out: string[]): void {
  if (i === segs.length) {
    if (dir !== '' && fs.exists(dir)) out.push(dir);
    return;
  }
  const seg = segs[i];
  if (seg === '**') {
    // Zero directories, then each (non-hidden) subdirectory recursively.
    walk(fs, dir, segs, i + 1, out);
    for (const e of sortedEntries(fs, dir || '/')) {
      if (e.isDirectory && !e.name.startsWith('.')) walk(fs, `${dir}/${e.name}`, segs, i, out);
    }
    return;
  }
  if (!isMagic(seg)) {
    walk(fs, `${dir}/${seg}`, segs, i + 1, out);
    return;
  }
  const re = segmentRegex(seg);
  for (const e of sortedEntries(fs, dir || '/')) {
    if (e.name.startsWith('.') && !seg.startsWith('.')) continue;
    if (re.test(e.name)) walk(fs, `${dir}/${e.name}`, segs, i + 1, out);
  }
}

function sortedEntries(fs: FileSystem, dir: string): readonly { name: string; isDirectory: boolean }[] {
  if (!fs.isDirectory(dir)) return [];
  return [...fs.readDirectory(dir)].sort((a, b) => byteCompare(a.name, b.name));
}
