// textDocument/foldingRange: brackets, heredocs and comment blocks in manifests; nested mappings in Hiera data.

import { foldingRanges } from '../../ide/folding.js';
import { toFoldingRange } from '../convert.js';
import type { Feature } from '../session.js';

export const foldingFeature: Feature = {
  capabilities: () => ({ foldingRangeProvider: true }),
  register(s) {
    s.connection.onFoldingRanges((params, token) =>
      s.withDocument(params.textDocument.uri, token, (doc) =>
        foldingRanges(s.project(), doc.path).flatMap((f) => toFoldingRange(doc.index, f) ?? []),
      ),
    );
  },
};
