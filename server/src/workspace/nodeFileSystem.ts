// FileSystem on top of node:fs. Synchronous on purpose: reads are small and the callers are synchronous
// pure functions; every error becomes "absent" rather than an exception.

import * as fs from 'node:fs';
import type { DirEntry, FileSystem } from './fileSystem.js';

/** Files larger than this are not read: no Hiera or manifest file is legitimately this big. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export const nodeFileSystem: FileSystem = {
  readFile(path) {
    try {
      const st = fs.statSync(path);
      if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
      return fs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  readDirectory(path) {
    try {
      return fs.readdirSync(path, { withFileTypes: true }).map((d): DirEntry => {
        let isDirectory = d.isDirectory();
        let isFile = d.isFile();
        if (d.isSymbolicLink()) {
          try {
            const st = fs.statSync(`${path}/${d.name}`);
            isDirectory = st.isDirectory();
            isFile = st.isFile();
          } catch {
            // A dangling link: neither a file nor a directory.
          }
        }
        return { name: d.name, isDirectory, isFile };
      });
    } catch {
      return [];
    }
  },
  exists(path) {
    return fs.existsSync(path);
  },
  isDirectory(path) {
    try {
      return fs.statSync(path).isDirectory();
    } catch {
      return false;
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
