// The custom requests behind the lookup preview (protocol.ts): `mesosPuppet/lookupPreview` answers what a node
// sees for one key or for all, with the files that set each value; `mesosPuppet/nodes` lists the nodes of the
// workspace's control repos. Both convert in (URIs to paths), ask ide/preview, and convert out (offsets to
// protocol ranges of the files they point into).

import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { pathToUri } from '../../base/paths.js';
import { lookupPreview } from '../../ide/preview/lookupPreview.js';
import { discoverNodes } from '../../knowledge/cluster/nodes.js';
import {
  LookupPreviewRequest,
  NodesRequest,
  type LookupPreviewParams,
  type LookupPreviewResult,
  type NodeInfo,
  type NodesParams,
  type NodesResult,
} from '../../protocol.js';
import { guarded, rootsFor, throwIfCancelled, type Feature } from '../session.js';

const MERGES = ['first', 'unique', 'hash', 'deep'];

export const lookupPreviewFeature: Feature = {
  capabilities: () => ({}),
  register(s) {
    s.connection.onRequest(
      LookupPreviewRequest,
      (params: LookupPreviewParams, token: CancellationToken): LookupPreviewResult => {
        throwIfCancelled(token);
        return guarded(s, LookupPreviewRequest.method, () => {
          const p = params ?? {};
          if (p.merge !== undefined && !MERGES.includes(p.merge))
            throw new ResponseError(LSPErrorCodes.RequestFailed, `merge must be one of ${MERGES.join(', ')}`);
          const root = rootsFor(s, p.uri)[0];
          if (!root)
            return {
              kind: 'error',
              reason: 'no-root',
              message: 'No control repo is open (no workspace folder holds this file).',
            };
          const r = lookupPreview(s.project(), {
            root,
            ...(p.node !== undefined ? { node: p.node } : {}),
            ...(p.facts !== undefined ? { facts: p.facts } : {}),
            ...(p.key !== undefined ? { key: p.key } : {}),
            ...(p.merge !== undefined ? { merge: p.merge } : {}),
            explain: p.explain === true,
            callerMerges: true,
          });
          throwIfCancelled(token);
          if (r.kind === 'error') return r;
          return {
            kind: 'ok',
            rootUri: pathToUri(r.root),
            node: r.node,
            factsDerived: r.factsDerived,
            facts: r.facts,
            entries: r.entries.map((e) => ({
              ...e,
              sources: e.sources.map(({ path, keyRange, ...rest }) => {
                const index = keyRange ? s.indexFor(path) : undefined;
                return {
                  uri: pathToUri(path),
                  ...rest,
                  ...(index && keyRange ? { range: index.range(keyRange) } : {}),
                };
              }),
            })),
            ...(r.explanation !== undefined ? { explanation: r.explanation } : {}),
          };
        });
      },
    );
    s.connection.onRequest(NodesRequest, (params: NodesParams | undefined, token: CancellationToken): NodesResult => {
      throwIfCancelled(token);
      return guarded(s, NodesRequest.method, () => {
        const nodes: NodeInfo[] = [];
        for (const root of rootsFor(s, params?.uri)) {
          for (const n of discoverNodes(s.project(), root))
            nodes.push({ certname: n.certname, rootUri: pathToUri(root), uri: pathToUri(n.path), facts: n.facts });
        }
        return { nodes };
      });
    });
  },
};
