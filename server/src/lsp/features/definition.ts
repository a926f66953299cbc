// textDocument/definition: classes, parameters and Hiera keys, from manifests and data files.

import { findDefinition } from '../../ide/definition.js';
import { toLocations } from '../convert.js';
import { oneIndexPerFile, type Feature } from '../session.js';

export const definitionFeature: Feature = {
  capabilities: () => ({ definitionProvider: true }),
  register(s) {
    s.connection.onDefinition((params, token) =>
      s.withDocument(params.textDocument.uri, token, (doc) => {
        const indexFor = oneIndexPerFile((p: string) => (p === doc.path ? doc.index : s.indexFor(p)));
        return toLocations(findDefinition(s.project(), doc.path, doc.index.offset(params.position)), indexFor);
      }),
    );
  },
};
