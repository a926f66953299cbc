// What scaffolding would do to a folder: which files are new, which exist with the same content (left alone),
// which exist with other content (a conflict: never overwritten without consent), and which paths hold
// something that is not a regular file — a folder, a symbolic link, a FIFO, a socket, a device — or lie below
// such a thing (blocked: never replaced, followed or opened, even with consent). Every existing path is
// compared, whatever its size or encoding: a file we cannot show as text (binary, UTF-16, huge) is compared
// byte for byte. The wizard shows this list with diffs; the CLI refuses on conflicts unless --force and always
// on blocked paths.

import type { FileSystem } from '../../workspace/fileSystem.js';
import type { PathInfo, PathKind, PathProbe } from '../../workspace/pathProbe.js';
import type { GeneratedFile } from './generate.js';

export type FileStatus = 'new' | 'same' | 'differs' | 'blocked';

export interface PlannedFile extends GeneratedFile {
  readonly absolutePath: string;
  readonly status: FileStatus;
  /** The current content, for a diff (absent when it is not text we can show). */
  readonly existing?: string;
  /** Why a file that differs has no diff, or why a path is blocked. */
  readonly reason?: string;
}

const KIND_NAMES: Record<PathKind, string> = {
  missing: 'nothing',
  file: 'a file',
  directory: 'a folder',
  symlink: 'a symbolic link',
  fifo: 'a FIFO (named pipe)',
  socket: 'a socket',
  device: 'a device',
  other: 'a special file',
};

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Plans the files into `target`. `fs` gives the text a user sees (the editor's unsaved text included);
 * `probe` says what kind of thing each path is, without following or opening it.
 */
export function planScaffold(
  fs: FileSystem,
  probe: PathProbe,
  target: string,
  files: readonly GeneratedFile[],
): PlannedFile[] {
  const base = target.replace(/\/+$/, '') || '/';
  // Links are judged against the target's canonical path (the target itself may be reached through a link the
  // user chose).
  const root = probe.realPath(base) ?? base;
  const folderVerdicts = new Map<string, string | undefined>();
  /** Why the folder at `rel` (relative to the target) cannot hold files, or undefined when it can (or is missing). */
  const folderProblem = (rel: string): string | undefined => {
    if (folderVerdicts.has(rel)) return folderVerdicts.get(rel);
    const info = probe.inspect(`${base}/${rel}`);
    let problem: string | undefined;
    if (info.kind === 'symlink') {
      if (info.resolved === undefined) problem = `'${rel}' is a symbolic link that leads nowhere`;
      else if (!inside(root, info.resolved))
        problem = `'${rel}' is a symbolic link leading out of the target folder (to ${info.resolved})`;
      else if (info.resolvedKind !== 'directory')
        problem = `'${rel}' is a symbolic link to ${KIND_NAMES[info.resolvedKind ?? 'other']}, not to a folder`;
    } else if (info.kind !== 'missing' && info.kind !== 'directory')
      problem = `'${rel}' is ${KIND_NAMES[info.kind]}, not a folder`;
    folderVerdicts.set(rel, problem);
    return problem;
  };
  return files.map((f): PlannedFile => {
    const absolutePath = `${base}/${f.path}`;
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const problem = folderProblem(parts.slice(0, i).join('/'));
      if (problem) return { ...f, absolutePath, status: 'blocked', reason: problem };
    }
    const info: PathInfo = probe.inspect(absolutePath);
    if (info.kind === 'missing') return { ...f, absolutePath, status: 'new' };
    if (info.kind === 'file') return compareFile(fs, probe, f, absolutePath, absolutePath, 'differs');
    if (info.kind === 'symlink') {
      if (info.resolved === undefined)
        return { ...f, absolutePath, status: 'blocked', reason: 'a symbolic link that leads nowhere is there' };
      if (!inside(root, info.resolved))
        return {
          ...f,
          absolutePath,
          status: 'blocked',
          reason: `a symbolic link leading out of the target folder (to ${info.resolved}) is there`,
        };
      if (info.resolvedKind !== 'file')
        return {
          ...f,
          absolutePath,
          status: 'blocked',
          reason: `a symbolic link to ${KIND_NAMES[info.resolvedKind ?? 'other']} is there`,
        };
      // A link to a file of the target: fine when that file already has the content; never written through.
      const compared = compareFile(fs, probe, f, absolutePath, info.resolved, 'blocked');
      return compared.status === 'same'
        ? compared
        : { ...compared, reason: `a symbolic link (to ${info.resolved}) is there` };
    }
    return { ...f, absolutePath, status: 'blocked', reason: `${KIND_NAMES[info.kind]} is there` };
  });
}

function compareFile(
  fs: FileSystem,
  probe: PathProbe,
  f: GeneratedFile,
  absolutePath: string,
  realFile: string,
  otherwise: 'differs' | 'blocked',
): PlannedFile {
  const text = fs.readFile(realFile);
  if (text !== undefined) {
    return text === f.content
      ? { ...f, absolutePath, status: 'same' }
      : { ...f, absolutePath, status: otherwise, existing: text };
  }
  // Not readable as text (binary, NUL bytes as in UTF-16, over the size limit): compare the bytes.
  const wanted = new TextEncoder().encode(f.content);
  const info = probe.inspect(realFile);
  if (info.size === wanted.length) {
    const bytes = probe.readBytes(realFile);
    if (bytes && sameBytes(bytes, wanted)) return { ...f, absolutePath, status: 'same' };
  }
  return {
    ...f,
    absolutePath,
    status: otherwise,
    reason: 'it holds content that cannot be shown as text (binary, another encoding or too large)',
  };
}
