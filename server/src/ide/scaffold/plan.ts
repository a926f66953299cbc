// What scaffolding would do to a folder: which files are new, which exist with the same content (left alone)
// and which exist with other content (a conflict: never overwritten without consent). The wizard shows this
// list with diffs; the CLI refuses on conflicts unless --force.

import type { FileSystem } from '../../workspace/fileSystem.js';
import type { GeneratedFile } from './generate.js';

export type FileStatus = 'new' | 'same' | 'differs';

export interface PlannedFile extends GeneratedFile {
  readonly absolutePath: string;
  readonly status: FileStatus;
  /** The current content, for a diff. */
  readonly existing?: string;
}

export function planScaffold(fs: FileSystem, target: string, files: readonly GeneratedFile[]): PlannedFile[] {
  return files.map((f) => {
    const absolutePath = `${target.replace(/\/$/, '')}/${f.path}`;
    const existing = fs.readFile(absolutePath);
    if (existing === undefined) return { ...f, absolutePath, status: 'new' as const };
    return { ...f, absolutePath, status: existing === f.content ? ('same' as const) : ('differs' as const), existing };
  });
}
