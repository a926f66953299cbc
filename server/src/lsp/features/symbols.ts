// textDocument/documentSymbol (hierarchical when the client takes it) and workspace/symbol.

import { documentSymbols, workspaceSymbols } from '../../ide/symbols.js';
import { oneIndexPerFile, throwIfCancelled, type Feature } from '../session.js';
import { toDocumentSymbol, toSymbolInformation, toWorkspaceSymbol } from '../convert.js';

export const symbolsFeature: Feature = {
  capabilities: () => ({ documentSymbolProvider: true, workspaceSymbolProvider: true }),
  register(s) {
    s.connection.onDocumentSymbol((params, token) =>
      s.withDocument(params.textDocument.uri, token, (doc) => {
        const symbols = documentSymbols(s.project(), doc.path);
        return s.client().hierarchicalSymbols
          ? symbols.map((x) => toDocumentSymbol(doc.index, x))
          : toSymbolInformation(doc.index, doc.uri, symbols);
      }),
    );
    s.connection.onWorkspaceSymbol((params, token) => {
      throwIfCancelled(token);
      const indexFor = oneIndexPerFile(s.indexFor);
      return workspaceSymbols(s.project(), params.query).flatMap((x) => toWorkspaceSymbol(x, indexFor) ?? []);
    });
  },
};
