// textDocument/prepareRename and textDocument/rename: a class parameter or a Hiera key, with every data file
// key and resource-like declaration following, as one WorkspaceEdit. A refused rename is an error response
// whose message the editor shows.

import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { prepareRename, rename } from '../../ide/rename.js';
import { toRange, toWorkspaceEdit } from '../convert.js';
import { oneIndexPerFile, type Feature } from '../session.js';

export const renameFeature: Feature = {
  capabilities: (client) => ({ renameProvider: client.prepareRename ? { prepareProvider: true } : true }),
  register(s) {
    s.connection.onPrepareRename((params, token) =>
      s.withDocument(params.textDocument.uri, token, (doc) => {
        const r = prepareRename(s.project(), doc.path, doc.index.offset(params.position));
        if (!r) return null;
        if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
        return { range: toRange(doc.index, r.range), placeholder: r.placeholder };
      }),
    );
    s.connection.onRenameRequest((params, token) =>
      s.withDocument(params.textDocument.uri, token, (doc) => {
        const r = rename(s.project(), doc.path, doc.index.offset(params.position), params.newName);
        if (!r) return null;
        if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
        return toWorkspaceEdit(
          r.edits,
          oneIndexPerFile((p) => (p === doc.path ? doc.index : s.indexFor(p))),
        );
      }),
    );
  },
};
