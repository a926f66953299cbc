// What every LSP feature handler needs: the connection, the open documents, the current project, what the
// client can do, and one adapter that turns a request about a document into our terms (path, text, offsets)
// and turns cancellation and internal errors into proper responses. With it, a handler is three steps:
// convert in, ask an ide/ function, convert out.

import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type ServerCapabilities,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../base/lineIndex.js';
import { uriToPath } from '../base/paths.js';
import type { Project } from '../workspace/project.js';

export interface ClientSupport {
  readonly snippets: boolean;
  readonly markdown: boolean;
  readonly configuration: boolean;
  readonly watchRegistration: boolean;
  readonly folderEvents: boolean;
  readonly codeActionLiterals: boolean;
  readonly hierarchicalSymbols: boolean;
  readonly prepareRename: boolean;
  /** The completion item defaults the client applies (`itemDefaults`: editRange, insertTextFormat, data). */
  readonly completionDefaults: ReadonlySet<string>;
}

export interface DocumentContext {
  readonly uri: string;
  readonly path: string;
  readonly text: string;
  readonly index: LineIndex;
  readonly version: number;
}

export interface Session {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly project: () => Project;
  readonly client: () => ClientSupport;
  readonly log: (message: string) => void;
  /** A LineIndex for any file of the project (open or on disk), for results that point into other files. */
  readonly indexFor: (path: string) => LineIndex | undefined;
  /** Runs `fn` for an open document; null when the document is unknown; honours cancellation. */
  readonly withDocument: <R>(uri: string, token: CancellationToken, fn: (doc: DocumentContext) => R) => R | null;
}

/**
 * `indexFor` remembered for the length of one answer: an answer that points N times into one file (a topology
 * with 25,000 problems, references, a rename) scans that file for its lines once, not N times. The memo lives
 * and dies with the answer, so it can never be stale and never grows.
 */
export function oneIndexPerFile(
  indexFor: (path: string) => LineIndex | undefined,
): (path: string) => LineIndex | undefined {
  const seen = new Map<string, LineIndex | undefined>();
  return (path) => {
    if (seen.has(path)) return seen.get(path);
    const index = indexFor(path);
    seen.set(path, index);
    return index;
  };
}

/** A feature: the capabilities it announces and the handlers it registers. */
export interface Feature {
  readonly capabilities: (client: ClientSupport) => ServerCapabilities;
  readonly register: (session: Session) => void;
}

export function throwIfCancelled(token: CancellationToken): void {
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
}

/** Where the server is in the LSP lifecycle: before `initialize`, serving, or after `shutdown`. */
export type Lifecycle = 'uninitialized' | 'running' | 'shutdown';

/** How many distinct documents the "no answer for" log line is written for, so a busy client cannot flood the log. */
const MAX_SKIP_LOGS = 100;

export function makeWithDocument(
  documents: TextDocuments<TextDocument>,
  log: (m: string) => void,
  lifecycle: () => Lifecycle = () => 'running',
  unfollowed: (uri: string) => boolean = () => false,
  /** The line index of a document's text: the project's for that file when it holds the same text. */
  indexOf: (path: string, text: string) => LineIndex = (_, text) => new LineIndex(text),
): Session['withDocument'] {
  const skipped = new Set<string>();
  const skip = (uri: string, why: string): null => {
    if (!skipped.has(uri) && skipped.size < MAX_SKIP_LOGS) {
      skipped.add(uri);
      log(`no answer for ${uri}: ${why}`);
    }
    return null;
  };
  return (uri, token, fn) => {
    // The protocol's rules for requests outside the running state: ServerNotInitialized before initialize,
    // InvalidRequest after shutdown.
    const state = lifecycle();
    if (state === 'uninitialized')
      throw new ResponseError(ErrorCodes.ServerNotInitialized, 'mesos-puppet: the server has not been initialized');
    if (state === 'shutdown')
      throw new ResponseError(ErrorCodes.InvalidRequest, 'mesos-puppet: the server is shutting down');
    throwIfCancelled(token);
    const doc = documents.get(uri);
    const path = uriToPath(uri);
    if (!path)
      return skip(
        uri.length > 200 ? `${uri.slice(0, 200)}…` : uri,
        'only file: URIs of paths up to 4,096 characters are analysed',
      );
    if (!doc) return skip(uri, 'the document is not open');
    if (unfollowed(uri))
      return skip(
        uri,
        'the server stopped following its unsaved text (one edit held too many changes); close and reopen it',
      );
    const text = doc.getText();
    try {
      const result = fn({ uri, path, text, index: indexOf(path, text), version: doc.version });
      throwIfCancelled(token);
      return result;
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      log(`internal error while answering for ${path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      throw new ResponseError(
        LSPErrorCodes.RequestFailed,
        `mesos-puppet: internal error (${e instanceof Error ? e.message : String(e)}); see the server log`,
      );
    }
  };
}

/** Runs a custom request's work, turning an internal error into a logged, proper error response. */
export function guarded<R>(s: Pick<Session, 'log'>, what: string, fn: () => R): R {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ResponseError) throw e;
    s.log(`internal error while answering ${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    throw new ResponseError(
      LSPErrorCodes.RequestFailed,
      `mesos-puppet: internal error (${e instanceof Error ? e.message : String(e)}); see the server log`,
    );
  }
}

/**
 * The control repo folders a request is about: the one holding `uri`, else (no URI) every control repo of the
 * workspace. A URI that names no file is refused with an error the client can show.
 */
export function rootsFor(s: Session, uri: string | undefined): string[] {
  const project = s.project();
  if (uri === undefined || uri === null) return project.controlRepos();
  const path = uriToPath(uri);
  if (!path) throw new ResponseError(LSPErrorCodes.RequestFailed, `not a file URI: ${uri}`);
  const root = project.repoRoot(path);
  return root ? [root] : [];
}
