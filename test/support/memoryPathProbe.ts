// A PathProbe over an in-memory file system, for hermetic tests of the scaffold planner: regular files and
// folders come from the file system; `specials` adds what an in-memory map cannot hold (links, FIFOs, sockets,
// devices, binary bytes). A special entry wins over the file system.

import type { FileSystem } from '../../server/src/workspace/fileSystem.js';
import type { PathInfo, PathProbe } from '../../server/src/workspace/pathProbe.js';

export interface SpecialEntry {
  readonly info: PathInfo;
  /** The bytes of a regular file the file system cannot show as text. */
  readonly bytes?: Uint8Array;
}

export function memoryPathProbe(
  fs: FileSystem,
  specials: Record<string, SpecialEntry> = {},
): PathProbe & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    inspect(path) {
      const special = specials[path];
      if (special) return special.info;
      const text = fs.readFile(path);
      if (text !== undefined) return { kind: 'file', size: new TextEncoder().encode(text).length };
      return fs.isDirectory(path) ? { kind: 'directory' } : { kind: 'missing' };
    },
    readBytes(path) {
      reads.push(path);
      const special = specials[path];
      if (special) return special.info.kind === 'file' ? special.bytes : undefined;
      const text = fs.readFile(path);
      return text === undefined ? undefined : new TextEncoder().encode(text);
    },
    realPath: (path) => path,
  };
}
