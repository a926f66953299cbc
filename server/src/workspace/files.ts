// Walking the file system for the files a control repo is made of, and finding the root of the control repo
// a file belongs to. Symlink loops are broken by remembering real paths; hidden folders and node_modules are
// not entered.

import type { FileSystem } from './fileSystem.js';

const SKIP_DIRS = new Set(['node_modules', '.git', '.r10k', '.tmp']);

/** Every file below `dir` (or `dir` itself when it is a file), in a stable order. */
export function walkFiles(fs: FileSystem, dir: string, out: string[] = [], seen = new Set<string>()): string[] {
  if (!fs.isDirectory(dir)) {
    if (fs.exists(dir)) out.push(dir);
    return out;
  }
  const real = fs.realPath(dir) ?? dir;
  if (seen.has(real)) return out;
  seen.add(real);
  for (const entry of [...fs.readDirectory(dir)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
    const p = dir === '/' ? `/${entry.name}` : `${dir}/${entry.name}`;
    if (entry.isDirectory) walkFiles(fs, p, out, seen);
    else if (entry.isFile) out.push(p);
  }
  return out;
}

const ROOT_MARKERS = ['environment.conf', 'Puppetfile', 'hiera.yaml'];

/** The nearest folder at or above `path` that looks like a control repo (has a Puppetfile, environment.conf or hiera.yaml). */
export function findControlRepoRoot(fs: FileSystem, path: string): string | undefined {
  let dir = fs.isDirectory(path) ? path : path.slice(0, path.lastIndexOf('/')) || '/';
  for (;;) {
    if (ROOT_MARKERS.some((m) => fs.exists(`${dir === '/' ? '' : dir}/${m}`))) {
      // A module's own hiera.yaml is not a control repo root: prefer an ancestor with a Puppetfile or environment.conf.
      const parentModules = /\/(modules|site-modules|site)\/[^/]+$/.test(dir);
      // A folder with only a hiera.yaml below one with a Puppetfile or environment.conf is that repo's Hiera folder
      // (hiera/hiera.yaml beside its data), not a control repo of its own.
      const parent = dir.slice(0, dir.lastIndexOf('/')) || '/';
      const hieraOnly = dir !== '/' && !fs.exists(`${dir}/Puppetfile`) && !fs.exists(`${dir}/environment.conf`);
      const parentRepo =
        hieraOnly && ['Puppetfile', 'environment.conf'].some((m) => fs.exists(`${parent === '/' ? '' : parent}/${m}`));
      if (parentRepo) return parent;
      if (!parentModules) return dir;
    }
    if (dir === '/' || dir === '') return undefined;
    dir = dir.slice(0, dir.lastIndexOf('/')) || '/';
  }
}
