// `mesosPuppet/nodePreview` (protocol.ts): what a node gets, from ide/preview/node.ts, with paths turned into
// URIs and declaration lines into protocol ranges. The editor's unsaved text counts, as everywhere, unless the
// client asks for the saved state; with `lineOrigins`, each line's Hiera keys (ide/preview/keyLines.ts).

import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { pathToUri, uriToPath } from '../../base/paths.js';
import { nodePreview } from '../../ide/preview/node.js';
import { lineOrigins } from '../../ide/preview/keyLines.js';
import { Project } from '../../workspace/project.js';
import {
  NodePreviewRequest,
  type NodePreviewParams,
  type NodePreviewResult,
  type ProtocolRange,
} from '../../protocol.js';
import { guarded, throwIfCancelled, type Feature } from '../session.js';

/** The whole declaration line (1-based) as a range at its start. */
function lineRange(line: number): ProtocolRange {
  return { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } };
}

export const nodePreviewFeature: Feature = {
  capabilities: () => ({}),
  register(s) {
    s.connection.onRequest(
      NodePreviewRequest,
      (params: NodePreviewParams, token: CancellationToken): NodePreviewResult => {
        throwIfCancelled(token);
        return guarded(s, NodePreviewRequest.method, () => {
          if (!params || typeof params.node !== 'string' || params.node === '')
            throw new ResponseError(LSPErrorCodes.RequestFailed, 'node must be a certname');
          if (
            params.facts !== undefined &&
            (params.facts === null || typeof params.facts !== 'object' || Array.isArray(params.facts))
          ) {
            throw new ResponseError(LSPErrorCodes.RequestFailed, 'facts must be a map of fact names to values');
          }
          const open = s.project();
          // The last saved state: the same folders and settings, without the editor's text.
          const project = params.saved === true ? new Project(open.disk, open.roots, open.currentSettings) : open;
          let root: string | undefined;
          if (params.uri !== undefined) {
            const path = uriToPath(params.uri);
            if (!path) throw new ResponseError(LSPErrorCodes.RequestFailed, `not a file URI: ${params.uri}`);
            root = project.repoRoot(path);
          } else root = project.controlRepos()[0];
          if (!root)
            return {
              kind: 'error',
              reason: 'no-root',
              message: 'No control repo is open (no workspace folder holds this file).',
            };
          const r = nodePreview(project, {
            root,
            node: params.node,
            ...(params.facts !== undefined ? { facts: params.facts } : {}),
          });
          throwIfCancelled(token);
          if (r.kind === 'error') return r;
          const origins =
            params.lineOrigins === true
              ? lineOrigins(project, { root, node: params.node, ...(params.facts ? { facts: params.facts } : {}) })
              : undefined;
          throwIfCancelled(token);
          return {
            kind: 'ok',
            rootUri: pathToUri(root),
            node: r.node,
            factsDerived: r.factsDerived,
            classes: r.classes.filter((c) => c !== 'settings'),
            files: r.files.map((f) => ({
              path: f.path,
              content: f.content,
              ensure: f.ensure,
              origin: {
                resource: f.origin.resource,
                uri: pathToUri(f.origin.path),
                range: lineRange(f.origin.line),
                via: f.origin.via,
                ...(f.origin.templates ? { templates: f.origin.templates } : {}),
              },
              ...(origins && f.content
                ? {
                    lineKeys: f.content
                      .replace(/\n$/, '')
                      .split('\n')
                      .map((_, i) => origins.lineKeys.get(f.path)?.get(i) ?? []),
                  }
                : {}),
            })),
            packages: r.packages,
            services: r.services,
            complete: r.complete,
            ...(origins
              ? { keySources: [...origins.sources].map(([key, path]) => ({ key, uri: pathToUri(path) })) }
              : {}),
            findings: r.findings.map((f) => ({
              kind: f.kind,
              message: f.message,
              ...(f.path !== undefined && f.line !== undefined
                ? { uri: pathToUri(f.path), range: lineRange(f.line) }
                : {}),
            })),
          };
        });
      },
    );
  },
};
