// Writes a set of files all or not at all. Every file is first written to a temporary file beside its
// destination (so a full disk or an I/O error surfaces before anything the user has is touched); then each
// temporary file takes its destination's place: a new file by a hard link, which fails rather than replace
// anything that appeared meanwhile, a replaced file by a rename after a hard-linked backup of the old one. On
// any failure everything done so far is undone — replaced files restored, new files and folders removed — and
// the error is thrown. Nothing is written through a symbolic link: the destinations' folders are checked with
// lstat before anything is created.

import * as nodeFs from 'node:fs';
import { basename, dirname } from 'node:path';

export interface FileWrite {
  readonly path: string;
  readonly content: string;
  /** True to replace a regular file that is there; false when the path must not exist. */
  readonly replace: boolean;
}

/** The file operations used, replaceable by a test to make one of them fail. */
export type WriteOps = Pick<
  typeof nodeFs,
  'mkdirSync' | 'rmdirSync' | 'writeFileSync' | 'linkSync' | 'renameSync' | 'unlinkSync' | 'lstatSync'
>;

export class WriteAllError extends Error {}

export function writeAll(files: readonly FileWrite[], ops: WriteOps = nodeFs): void {
  const createdDirs: string[] = [];
  const temps: { temp: string; file: FileWrite }[] = [];
  const backups = new Map<string, string>();
  const placed: string[] = [];
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const kind = (path: string): 'missing' | 'directory' | 'file' | 'other' => {
    try {
      const st = ops.lstatSync(path);
      return st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other';
    } catch {
      return 'missing';
    }
  };
  const ensureDir = (dir: string): void => {
    const k = kind(dir);
    if (k === 'directory') return;
    if (k !== 'missing') throw new WriteAllError(`${dir} is not a folder`);
    ensureDir(dirname(dir));
    ops.mkdirSync(dir);
    createdDirs.push(dir);
  };
  try {
    files.forEach((f, i) => {
      ensureDir(dirname(f.path));
      const temp = `${dirname(f.path)}/.${basename(f.path)}.${tag}-${i}.tmp`;
      ops.writeFileSync(temp, f.content, { flag: 'wx' });
      temps.push({ temp, file: f });
    });
    for (const { temp, file } of temps) {
      const k = kind(file.path);
      if (file.replace) {
        if (k !== 'file') throw new WriteAllError(`${file.path} is no longer a regular file`);
        const backup = `${temp}.old`;
        ops.linkSync(file.path, backup);
        backups.set(file.path, backup);
        ops.renameSync(temp, file.path);
      } else {
        if (k !== 'missing') throw new WriteAllError(`${file.path} appeared while the scaffold was being written`);
        ops.linkSync(temp, file.path);
        ops.unlinkSync(temp);
      }
      placed.push(file.path);
    }
  } catch (e) {
    const quietly = (f: () => void): void => {
      try {
        f();
      } catch {
        // Best effort: undo as much as can be undone.
      }
    };
    for (const path of placed.reverse()) {
      const backup = backups.get(path);
      if (backup) quietly(() => ops.renameSync(backup, path));
      else quietly(() => ops.unlinkSync(path));
    }
    for (const backup of backups.values()) quietly(() => ops.unlinkSync(backup));
    for (const { temp } of temps) quietly(() => ops.unlinkSync(temp));
    for (const dir of createdDirs.reverse()) quietly(() => ops.rmdirSync(dir));
    throw e instanceof WriteAllError ? e : new WriteAllError(e instanceof Error ? e.message : String(e));
  }
  for (const backup of backups.values()) {
    try {
      ops.unlinkSync(backup);
    } catch {
      // A leftover backup is harmless.
    }
  }
}
