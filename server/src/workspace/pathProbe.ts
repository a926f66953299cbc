// What is at a path, without following it or opening it: the scaffold must know whether a path it would write
// holds a regular file, a folder, a symbolic link (and where it leads), or a FIFO, socket or device (opening
// one of those can block forever). `nodePathProbe` asks the operating system with lstat; tests pass their own.

import * as fs from 'node:fs';

export type PathKind = 'missing' | 'file' | 'directory' | 'symlink' | 'fifo' | 'socket' | 'device' | 'other';

export interface PathInfo {
  readonly kind: PathKind;
  /** Size in bytes of a regular file. */
  readonly size?: number;
  /** For a symbolic link: the canonical path it leads to, or undefined when it leads nowhere (dangling, a loop). */
  readonly resolved?: string;
  /** For a symbolic link that resolves: what is there (a file, a folder, ...). */
  readonly resolvedKind?: PathKind;
}

export interface PathProbe {
  inspect(path: string): PathInfo;
  /** The bytes of a regular file (never opens anything else), or undefined. */
  readBytes(path: string): Uint8Array | undefined;
  /** The canonical path, or undefined when it does not exist. */
  realPath(path: string): string | undefined;
}

function kindOf(st: fs.Stats): PathKind {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'directory';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  if (st.isBlockDevice() || st.isCharacterDevice()) return 'device';
  return 'other';
}

export const nodePathProbe: PathProbe = {
  inspect(path) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(path);
    } catch {
      return { kind: 'missing' };
    }
    const kind = kindOf(st);
    if (kind === 'file') return { kind, size: st.size };
    if (kind !== 'symlink') return { kind };
    try {
      const resolved = fs.realpathSync(path);
      return { kind, resolved, resolvedKind: kindOf(fs.statSync(resolved)) };
    } catch {
      return { kind };
    }
  },
  readBytes(path) {
    let fd: number | undefined;
    try {
      // O_NOFOLLOW and O_NONBLOCK: a path that became a link or a FIFO since it was inspected is not followed
      // and cannot block; fstat then makes sure it is a regular file before anything is read.
      fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
      if (!fs.fstatSync(fd).isFile()) return undefined;
      return fs.readFileSync(fd);
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  },
  realPath(path) {
    try {
      return fs.realpathSync(path);
    } catch {
      return undefined;
    }
  },
};
