// The per-node lookup preview shared by `mesos-puppet lookup` and the editor's `mesosPuppet/lookupPreview`
// request: for one node of a control repo, the value of one key (or of every key the node's data files hold),
// where each value comes from (the data files that set it, highest priority first), and on request the
// explanation `puppet lookup --explain` would print. The node's facts are given, or derived from its name; the
// node may be left out when the repo has exactly one. Results are data with offsets; the callers render them.

import type { Project } from '../../workspace/project.js';
import type { TextRange } from '../../base/textRange.js';
import { createLookupSession, type LookupOutcome, type LookupSession } from '../../knowledge/lookup/engine.js';
import { findKeyOccurrences, listResolvedKeys } from '../../knowledge/lookup/queries.js';
import { renderExplanation, type LayerName } from '../../knowledge/lookup/explain.js';
import type { MergeSpec, MergeStrategyName } from '../../knowledge/lookup/mergeStrategy.js';
import { nodeLookupContext } from '../../knowledge/lookup/nodeContext.js';
import { toJson, yamlText } from '../../knowledge/lookup/values.js';
import { discoverNodes, factsFor } from '../../knowledge/cluster/nodes.js';
import { parsedManifest } from '../../workspace/moduleIndex.js';

export interface PreviewRequest {
  /** The control repo (environment) folder. */
  readonly root: string;
  readonly node?: string;
  readonly facts?: Readonly<Record<string, unknown>>;
  /** Omitted: every key. */
  readonly key?: string;
  readonly merge?: MergeStrategyName;
  readonly explain?: boolean;
  /**
   * Use the merge the repo's main manifests ask for (`hiera_include('classes')` merges arrays): what the node gets,
   * for the editor's preview. Off for `mesos-puppet lookup`, which answers as `puppet lookup` does.
   */
  readonly callerMerges?: boolean;
}

export interface PreviewSource {
  readonly path: string;
  readonly layer: LayerName;
  readonly module?: string;
  readonly entry: string;
  readonly value: unknown;
  readonly keyRange?: TextRange;
}

export interface PreviewEntry {
  readonly key: string;
  readonly outcome: 'found' | 'not-found' | 'error';
  readonly value?: unknown;
  readonly error?: string;
  /** The resolved value as YAML, as it would be written in a data file. */
  readonly valueYaml?: string;
  readonly merge: MergeStrategyName;
  readonly mergeSource: 'caller' | 'lookup_options' | 'default';
  /** For a merge the repo's own code asks for: the call and file (`hiera_include in manifests/site.pp`). */
  readonly mergeVia?: string;
  readonly sources: readonly PreviewSource[];
}

export type PreviewResult =
  | {
      readonly kind: 'ok';
      readonly root: string;
      readonly node: string;
      readonly factsDerived: boolean;
      readonly facts: Readonly<Record<string, unknown>>;
      readonly entries: readonly PreviewEntry[];
      readonly explanation?: string;
    }
  | {
      readonly kind: 'error';
      readonly reason: 'node-required' | 'no-nodes';
      readonly message: string;
      readonly nodes?: readonly string[];
    };

function mergeName(spec: MergeSpec): MergeStrategyName {
  return spec.strategy;
}

/** The merge each key gets from the repo's main manifests: `hiera_include` and `hiera_array` merge arrays, `hiera_hash` hashes. */
const CALL_MERGES: Readonly<Record<string, MergeStrategyName>> = {
  hiera_include: 'unique',
  hiera_array: 'unique',
  hiera_hash: 'hash',
};

/**
 * Keys the repo's main manifests (`manifests/*.pp`) look up with a merge of their own, such as
 * `hiera_include('classes')`: the preview shows the value that call gets, not the first-found one.
 */
function callerMerges(project: Project, root: string): Map<string, { merge: MergeStrategyName; via: string }> {
  const out = new Map<string, { merge: MergeStrategyName; via: string }>();
  const dir = `${root}/manifests`;
  for (const entry of project.view.readDirectory(dir)) {
    if (!entry.isFile || !entry.name.endsWith('.pp')) continue;
    const parsed = parsedManifest(project, `${dir}/${entry.name}`);
    for (const l of parsed?.summary.lookups ?? []) {
      const merge = Object.hasOwn(CALL_MERGES, l.function) ? CALL_MERGES[l.function] : undefined;
      if (merge && !out.has(l.key)) out.set(l.key, { merge, via: `${l.function} in manifests/${entry.name}` });
    }
  }
  return out;
}

function entryOf(
  session: LookupSession,
  key: string,
  outcome: LookupOutcome,
  merge: MergeSpec,
  mergeSource: PreviewEntry['mergeSource'],
  mergeVia?: string,
): PreviewEntry {
  const sources: PreviewSource[] = findKeyOccurrences(session, key).map((o) => ({
    path: o.path,
    layer: o.layer,
    ...(o.module ? { module: o.module } : {}),
    entry: o.entry,
    value: toJson(o.rawValue, true),
    ...(o.keyRange ? { keyRange: o.keyRange } : {}),
  }));
  return {
    key,
    outcome: outcome.kind,
    ...(outcome.kind === 'found'
      ? {
          value: toJson(outcome.value, true),
          valueYaml: yamlText(toJson(outcome.value, true)).trimEnd(),
        }
      : {}),
    ...(outcome.kind === 'error' ? { error: outcome.message } : {}),
    merge: mergeName(merge),
    mergeSource,
    ...(mergeVia ? { mergeVia } : {}),
    sources,
  };
}

/** Runs a preview. Never throws: engine failures are `error` outcomes of the key. */
export function lookupPreview(project: Project, req: PreviewRequest): PreviewResult {
  let node = req.node;
  if (node === undefined) {
    const nodes = discoverNodes(project, req.root).map((n) => n.certname);
    if (nodes.length === 0) {
      return {
        kind: 'error',
        reason: 'no-nodes',
        message: 'The control repo has no node data files (for example data/nodes/<certname>.yaml); name the node.',
      };
    }
    if (nodes.length > 1) {
      return {
        kind: 'error',
        reason: 'node-required',
        message: `The control repo has ${nodes.length} nodes; name one (${nodes.join(', ')}).`,
        nodes,
      };
    }
    node = nodes[0];
  }
  const facts = req.facts ?? factsFor(node);
  const session = createLookupSession(nodeLookupContext(project, req.root, node, facts));
  let entries: PreviewEntry[];
  let explanation: string | undefined;
  const callers = req.callerMerges
    ? callerMerges(project, req.root)
    : new Map<string, { merge: MergeStrategyName; via: string }>();
  if (req.key !== undefined) {
    const caller = req.merge === undefined ? callers.get(req.key) : undefined;
    const r = session.lookup(req.key, req.merge ?? caller?.merge);
    entries = [entryOf(session, req.key, r.outcome, r.merge, r.mergeSource, caller?.via)];
    if (req.explain) explanation = renderExplanation(r.explanation);
  } else {
    entries = listResolvedKeys(session).map((r) => {
      const caller = callers.get(r.key);
      if (!caller) return entryOf(session, r.key, r.outcome, r.merge, r.mergeSource);
      const merged = session.lookup(r.key, caller.merge);
      return entryOf(session, r.key, merged.outcome, merged.merge, merged.mergeSource, caller.via);
    });
  }
  return {
    kind: 'ok',
    root: req.root,
    node,
    factsDerived: req.facts === undefined,
    facts,
    entries,
    ...(explanation !== undefined ? { explanation } : {}),
  };
}
