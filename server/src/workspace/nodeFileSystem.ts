// FileSystem on top of node:fs. Synchronous on purpose: reads are small and the callers are synchronous
// pure functions; every error becomes "absent" rather than an exception. Files that are present but not read
// (too large, binary, not a regular file, unreadable) are reported to the listener set with onSkippedFile, so
// the language server can say in its log what it left out.

import * as fs from 'node:fs';
import { resolve } from 'node:path';
import type { DirEntry, FileSystem } from './fileSystem.js';

/** Files larger than this are not read: no Hiera or manifest file is legitimately this big. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** How much of a file is looked at for a NUL byte, the sign of a binary file (no manifest or YAML has one). */
const BINARY_SNIFF_BYTES = 8192;

let skipListener: ((path: string, reason: string) => void) | undefined;

/** Sets (or clears) the listener told about every file that exists but is not read, and why. */
export function onSkippedFile(listener: ((path: string, reason: string) => void) | undefined): void {
  skipListener = listener;
}

/** The folders reads are confined to (their real paths), or undefined for no confinement (the scaffold's). */
let allowedRoots: readonly string[] | undefined;

/** At most this many module folders of one module path folder are looked at for links (see confineReads). */
const MAX_MODULES_PER_FOLDER = 10_000;

/**
 * Confines reads to these folders (the workspace folders, the configured module path): a file or folder whose
 * real path lies elsewhere (a link to /etc/shadow in a data folder) is not read, and reported once as skipped.
 * `moduleFolders` (the module path the user configured) are read as Puppet reads a modulepath: a module in one
 * that is a link (Debian's /usr/share/puppet/modules/apt -> /etc/alternatives/...) is read where it leads.
 */
export function confineReads(roots: readonly string[] | undefined, moduleFolders: readonly string[] = []): void {
  if (roots === undefined) {
    allowedRoots = undefined;
    return;
  }
  const modules = moduleFolders.flatMap((dir) => {
    try {
      return fs
        .readdirSync(dir, { withFileTypes: true })
        .slice(0, MAX_MODULES_PER_FOLDER)
        .filter((d) => d.isSymbolicLink())
        .flatMap((d) => realPathOf(`${dir}/${d.name}`) ?? []);
    } catch {
      return [];
    }
  });
  allowedRoots = [...roots, ...moduleFolders].map((r) => realPathOf(r) ?? r).concat(modules);
}

function realPathOf(path: string): string | undefined {
  try {
    return fs.realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/** True when reads are confined and `path` resolves outside every allowed folder. */
function leadsOutside(path: string): boolean {
  if (!allowedRoots) return false;
  const real = realPathOf(path);
  if (real === undefined) return false;
  return !allowedRoots.some((r) => real === r || real.startsWith(r === '/' ? '/' : `${r}/`));
}

const OUTSIDE_LINK = 'a link leading outside the workspace folders and the module path (not followed)';
const OUTSIDE_PATH = 'outside the workspace folders and the module path (not read)';

/** Why a path that leads outside is skipped: through a link, or because the path itself lies outside. */
function outside(path: string): string {
  return realPathOf(path) === resolve(path) ? OUTSIDE_PATH : OUTSIDE_LINK;
}

export const nodeFileSystem: FileSystem = {
  readFile(path) {
    try {
      if (leadsOutside(path)) {
        skipListener?.(path, outside(path));
        return undefined;
      }
      const st = fs.statSync(path);
      if (!st.isFile()) {
        // A FIFO or device would block or never end; a directory has no text.
        if (!st.isDirectory()) skipListener?.(path, 'not a regular file');
        return undefined;
      }
      if (st.size > MAX_FILE_BYTES) {
        skipListener?.(path, `${(st.size / 1048576).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1048576} MB limit`);
        return undefined;
      }
      const bytes = fs.readFileSync(path);
      if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
        skipListener?.(path, 'binary file (it contains NUL bytes)');
        return undefined;
      }
      return bytes.toString('utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') skipListener?.(path, `unreadable (${code ?? String(e)})`);
      return undefined;
    }
  },
  readDirectory(path) {
    try {
      if (leadsOutside(path)) {
        skipListener?.(path, outside(path));
        return [];
      }
      return fs.readdirSync(path, { withFileTypes: true }).map((d): DirEntry => {
        let isDirectory = d.isDirectory();
        let isFile = d.isFile();
        if (d.isSymbolicLink()) {
          if (leadsOutside(`${path}/${d.name}`)) {
            skipListener?.(`${path}/${d.name}`, OUTSIDE_LINK);
            return { name: d.name, isDirectory: false, isFile: false, isSymbolicLink: true };
          }
          try {
            const st = fs.statSync(`${path}/${d.name}`);
            isDirectory = st.isDirectory();
            isFile = st.isFile();
          } catch {
            // A dangling link: neither a file nor a directory.
          }
        }
        return d.isSymbolicLink()
          ? { name: d.name, isDirectory, isFile, isSymbolicLink: true }
          : { name: d.name, isDirectory, isFile };
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
