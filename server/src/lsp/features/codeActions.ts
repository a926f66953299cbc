// textDocument/codeAction: the quick fixes the diagnostics carry.

import { CodeActionKind } from 'vscode-languageserver/node';
import { quickFixes } from '../../ide/codeActions.js';
import { toCodeAction, toDiagnostic } from '../convert.js';
import { oneIndexPerFile, type Feature } from '../session.js';

export const codeActionsFeature: Feature = {
  capabilities: () => ({ codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] } }),
  register(s) {
    s.connection.onCodeAction((params, token) =>
      s.withDocument(params.textDocument.uri, token, (doc) => {
        const range = { start: doc.index.offset(params.range.start), end: doc.index.offset(params.range.end) };
        const indexFor = oneIndexPerFile((p: string) => (p === doc.path ? doc.index : s.indexFor(p)));
        return quickFixes(s.project(), doc.path, range).map((q) =>
          toCodeAction(q.fix, toDiagnostic(doc.index, q.diagnostic, indexFor), indexFor),
        );
      }),
    );
  },
};
