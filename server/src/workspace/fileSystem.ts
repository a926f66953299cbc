// The file-system interface every layer above syntax reads through. The language server and the CLI pass the
// Node implementation (nodeFileSystem.ts); tests pass an in-memory one (test/support/memoryFileSystem.ts), so
// features stay hermetic. Paths are absolute POSIX paths. Reads never throw: a missing or unreadable file is
// `undefined`, so a file deleted during indexing is simply skipped.

export interface DirEntry {
  readonly name: string;
  readonly isDirectory: boolean;
  readonly isFile: boolean;
  /** A symbolic link (isDirectory/isFile then describe its target). Globs' `**` does not descend into these. */
  readonly isSymbolicLink?: boolean;
}

export interface FileSystem {
  readFile(path: string): string | undefined;
  readDirectory(path: string): readonly DirEntry[];
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  /** Canonical path (symlinks resolved), or undefined when it cannot be resolved. Used to break symlink loops. */
  realPath(path: string): string | undefined;
}
