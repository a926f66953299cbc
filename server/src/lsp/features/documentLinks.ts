// textDocument/documentLink: links from a Puppetfile to each module's source (git repository or Forge page).

import { puppetfileLinks } from '../../ide/puppetfile/features.js';
import { toRange } from '../convert.js';
import type { Feature } from '../session.js';

export const documentLinksFeature: Feature = {
  capabilities: () => ({ documentLinkProvider: { resolveProvider: false } }),
  register(s) {
    s.connection.onDocumentLinks((params, token) =>
      s.withDocument(params.textDocument.uri, token, (doc) =>
        s.project().classify(doc.path) === 'puppetfile'
          ? puppetfileLinks(s.project(), doc.path).map((l) => ({
              range: toRange(doc.index, l.range),
              target: l.target,
              tooltip: l.tooltip,
            }))
          : [],
      ),
    );
  },
};
