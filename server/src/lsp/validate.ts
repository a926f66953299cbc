// The text synchronisation notifications, checked before `TextDocuments` sees them. A client may send anything:
// a didOpen without `text` (or `text: null`) used to be stored as a document whose text was undefined, and the
// diagnostics run after it threw outside any handler and killed the server. A malformed notification is logged
// and ignored (notifications have no response to carry an error); requests that fail validation are answered with
// an error by their handlers.

import type { Connection } from 'vscode-languageserver/node';

type Check = (params: unknown) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isUint = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Longer URIs are refused: no file system opens such a path, and walking its parents would cost its length squared. */
export const MAX_URI_CHARS = 8192;

function checkUri(td: unknown): string | undefined {
  if (!isObject(td)) return 'textDocument is not an object';
  if (typeof td.uri !== 'string') return 'textDocument.uri is not a string';
  if (td.uri.length > MAX_URI_CHARS) return `textDocument.uri is longer than ${MAX_URI_CHARS} characters`;
  return undefined;
}

function checkPosition(p: unknown): boolean {
  return isObject(p) && isUint(p.line) && isUint(p.character);
}

const checkOpen: Check = (params) => {
  if (!isObject(params)) return 'params is not an object';
  const bad = checkUri(params.textDocument);
  if (bad) return bad;
  const td = params.textDocument as Record<string, unknown>;
  if (typeof td.text !== 'string') return 'textDocument.text is not a string';
  if (typeof td.languageId !== 'string') return 'textDocument.languageId is not a string';
  if (typeof td.version !== 'number' || !Number.isInteger(td.version)) return 'textDocument.version is not an integer';
  return undefined;
};

const checkChange: Check = (params) => {
  if (!isObject(params)) return 'params is not an object';
  const bad = checkUri(params.textDocument);
  if (bad) return bad;
  const td = params.textDocument as Record<string, unknown>;
  if (typeof td.version !== 'number' || !Number.isInteger(td.version)) return 'textDocument.version is not an integer';
  const changes = params.contentChanges;
  if (!Array.isArray(changes)) return 'contentChanges is not an array';
  for (let i = 0; i < changes.length; i++) {
    const c: unknown = changes[i];
    if (!isObject(c) || typeof c.text !== 'string') return `contentChanges[${i}].text is not a string`;
    if (c.range !== undefined && !(isObject(c.range) && checkPosition(c.range.start) && checkPosition(c.range.end)))
      return `contentChanges[${i}].range is not a range`;
  }
  return undefined;
};

const checkDocument: Check = (params) => (isObject(params) ? checkUri(params.textDocument) : 'params is not an object');

const CHECKS: Record<string, [string, Check]> = {
  onDidOpenTextDocument: ['textDocument/didOpen', checkOpen],
  onDidChangeTextDocument: ['textDocument/didChange', checkChange],
  onDidCloseTextDocument: ['textDocument/didClose', checkDocument],
  onWillSaveTextDocument: ['textDocument/willSave', checkDocument],
  onWillSaveTextDocumentWaitUntil: ['textDocument/willSaveWaitUntil', checkDocument],
  onDidSaveTextDocument: ['textDocument/didSave', checkDocument],
};

/** How many malformed messages are logged; a flood of them must not flood the log. */
const MAX_LOGGED = 100;

/**
 * The connection as `TextDocuments.listen` should see it: every sync handler it registers only runs on
 * well-formed params; others are logged (the first MAX_LOGGED) and dropped.
 */
export function guardTextSync(connection: Connection, log: (message: string) => void): Connection {
  let logged = 0;
  return new Proxy(connection, {
    get(target, prop, receiver) {
      const entry = typeof prop === 'string' ? CHECKS[prop] : undefined;
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (!entry || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      const [method, check] = entry;
      return (handler: (params: unknown, ...rest: unknown[]) => unknown) =>
        (value as (h: unknown) => unknown).call(target, (params: unknown, ...rest: unknown[]) => {
          const problem = check(params);
          if (problem === undefined) return handler(params, ...rest);
          if (logged++ < MAX_LOGGED) log(`ignored a malformed ${method}: ${problem}`);
          return method === 'textDocument/willSaveWaitUntil' ? [] : undefined;
        });
    },
    set(target, prop, value) {
      return Reflect.set(target, prop, value);
    },
  });
}
