// Conversions between file URIs and file-system paths, and path helpers that work on POSIX-style paths.

import { URI } from 'vscode-uri';

/** Paths longer than this are not analysed: Linux opens none over 4,096 bytes, and walking the parents of a 20,000-segment path cost seconds. */
export const MAX_PATH_CHARS = 4096;

/** The path of a file: URI; undefined for other schemes and for paths over MAX_PATH_CHARS. */
export function uriToPath(uri: string): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:') || uri.length > 3 * MAX_PATH_CHARS) return undefined;
  const path = URI.parse(uri).fsPath;
  return path.length > MAX_PATH_CHARS ? undefined : path;
}

export function pathToUri(path: string): string {
  return URI.file(path).toString();
}

/**
 * Joins an absolute POSIX base and a path the way Ruby's Pathname#+ does: an absolute path replaces the base, and
 * `.`, `..` and doubled slashes are resolved (`..` stops at the root).
 */
export function joinPath(base: string, path: string): string {
  const start = path.startsWith('/') ? '' : base;
  const parts: string[] = [];
  for (const seg of `${start}/${path}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}
