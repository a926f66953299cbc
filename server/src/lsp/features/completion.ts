// textDocument/completion and completionItem/resolve: the ide's completion items (as snippets when the client
// takes them), with documentation filled in only for the item the editor shows. The list is marked incomplete
// so the editor asks again as the user types: key lists are narrowed to the namespace being typed.

import { complete, resolveCompletion } from '../../ide/completion.js';
import type { CompletionResolve } from '../../ide/types.js';
import { toCompletionItem } from '../convert.js';
import { guarded, type Feature } from '../session.js';

export const completionFeature: Feature = {
  capabilities: () => ({ completionProvider: { triggerCharacters: [':', "'", '"', '{', '.', ' '], resolveProvider: true } }),
  register(s) {
    s.connection.onCompletion((params, token) =>
      s.withDocument(params.textDocument.uri, token, (doc) => {
        const items = complete(s.project(), doc.path, doc.index.offset(params.position));
        const c = s.client();
        return { isIncomplete: true, items: items.map((i) => toCompletionItem(doc.index, i, c.snippets, c.markdown)) };
      }),
    );
    s.connection.onCompletionResolve((item) =>
      guarded(s, 'completionItem/resolve', () => {
        const data = item.data as CompletionResolve | undefined;
        if (!data || item.documentation) return item;
        const doc = resolveCompletion(s.project(), data);
        return doc ? { ...item, documentation: s.client().markdown ? { kind: 'markdown' as const, value: doc } : doc } : item;
      }),
    );
  },
};
