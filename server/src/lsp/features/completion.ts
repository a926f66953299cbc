// textDocument/completion: the ide's completion items, as snippets when the client takes them.

import { complete } from '../../ide/completion.js';
import { toCompletionItem } from '../convert.js';
import type { Feature } from '../session.js';

export const completionFeature: Feature = {
  capabilities: () => ({ completionProvider: { triggerCharacters: [':', "'", '"', '{', '.', ' '], resolveProvider: false } }),
  register(s) {
    s.connection.onCompletion((params, token) =>
      s.withDocument(params.textDocument.uri, token, (doc) => {
        const items = complete(s.project(), doc.path, doc.index.offset(params.position));
        const c = s.client();
        return { isIncomplete: false, items: items.map((i) => toCompletionItem(doc.index, i, c.snippets, c.markdown)) };
      }),
    );
  },
};
