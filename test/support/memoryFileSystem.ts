// An in-memory FileSystem for hermetic tests: a map from absolute path to text. Directories are implied by
// the files below them.

import type { DirEntry, FileSystem } from '../../server/src/workspace/fileSystem.js';

export function memoryFileSystem(files: Record<string, string>): FileSystem & { files: Map<string, string> } {
  const map = new Map(Object.entries(files));
  const isDir = (path: string): boolean => {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const p of map.keys()) if (p.startsWith(prefix)) return true;
    return false;
  };
  return {
    files: map,
    readFile: (path) => map.get(path),
    readDirectory(path) {
      const prefix = path.endsWith('/') ? path : `${path}/`;
      const seen = new Map<string, DirEntry>();
      for (const p of map.keys()) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        const slash = rest.indexOf('/');
        const name = slash < 0 ? rest : rest.slice(0, slash);
        if (!seen.has(name)) seen.set(name, { name, isDirectory: slash >= 0, isFile: slash < 0 });
      }
      return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
    },
    exists: (path) => map.has(path) || isDir(path),
    isDirectory: isDir,
    realPath: (path) => (map.has(path) || isDir(path) ? path : undefined),
  };
}
