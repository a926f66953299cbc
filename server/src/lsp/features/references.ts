// textDocument/references: uses of classes, parameters and Hiera keys across the control repo.

import { findReferences } from '../../ide/references.js';
import { toLocations } from '../convert.js';
import { oneIndexPerFile, type Feature } from '../session.js';

export const referencesFeature: Feature = {
  capabilities: () => ({ referencesProvider: true }),
  register(s) {
    s.connection.onReferences((params, token) =>
      s.withDocument(params.textDocument.uri, token, (doc) => {
        const indexFor = oneIndexPerFile((p: string) => (p === doc.path ? doc.index : s.indexFor(p)));
        const found = findReferences(
          s.project(),
          doc.path,
          doc.index.offset(params.position),
          params.context.includeDeclaration,
        );
        return toLocations(found, indexFor);
      }),
    );
  },
};
