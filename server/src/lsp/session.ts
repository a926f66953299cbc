// What every LSP feature handler needs: the connection, the open documents, the current project, what the
// client can do, and one adapter that turns a request about a document into our terms (path, text, offsets)
// and turns cancellation and internal errors into proper responses. With it, a handler is three steps:
// convert in, ask an ide/ function, convert out.

import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type ServerCapabilities, type TextDocuments } from 'vscode-languageserver/node';
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

/** A feature: the capabilities it announces and the handlers it registers. */
export interface Feature {
  readonly capabilities: (client: ClientSupport) => ServerCapabilities;
  readonly register: (session: Session) => void;
}

export function throwIfCancelled(token: CancellationToken): void {
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
}

export function makeWithDocument(documents: TextDocuments<TextDocument>, log: (m: string) => void): Session['withDocument'] {
  return (uri, token, fn) => {
    throwIfCancelled(token);
    const doc = documents.get(uri);
    const path = uriToPath(uri);
    if (!doc || !path) return null;
    const text = doc.getText();
    try {
      const result = fn({ uri, path, text, index: new LineIndex(text), version: doc.version });
      throwIfCancelled(token);
      return result;
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      log(`internal error while answering for ${path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      throw new ResponseError(LSPErrorCodes.RequestFailed, `mesos-puppet: internal error (${e instanceof Error ? e.message : String(e)}); see the server log`);
    }
  };
}
