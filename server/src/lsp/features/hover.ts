// textDocument/hover: markdown from the ide.

import { hover } from '../../ide/hover.js';
import { toRange } from '../convert.js';
import type { Feature } from '../session.js';

export const hoverFeature: Feature = {
  capabilities: () => ({ hoverProvider: true }),
  register(s) {
    s.connection.onHover((params, token) =>
      s.withDocument(params.textDocument.uri, token, (doc) => {
        const h = hover(s.project(), doc.path, doc.index.offset(params.position));
        return h
          ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: toRange(doc.index, h.range) }
          : null;
      }),
    );
  },
};
