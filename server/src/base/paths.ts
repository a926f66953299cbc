// Conversions between file URIs and file-system paths, and path helpers that work on POSIX-style paths.

import { URI } from 'vscode-uri';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  return URI.parse(uri).fsPath;
}

export function pathToUri(path: string): string {
  return URI.file(path).toString();
}

/** The file name of a path (after the last slash). */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}
