// The custom requests behind the cluster views: `mesosPuppet/topology` (the picture of each control repo's
// cluster), and the scaffold wizard's `mesosPuppet/scaffoldCheck` and `mesosPuppet/scaffoldPlan`. Convert in
// (URIs to paths), ask ide/, convert out (paths and offsets to URIs and ranges).

import type { CancellationToken } from 'vscode-languageserver/node';
import { pathToUri, uriToPath } from '../../base/paths.js';
import type { Place } from '../../knowledge/cluster/model.js';
import { topology, type Topology } from '../../ide/topology.js';
import type { LineIndex } from '../../base/lineIndex.js';
import {
  checkDomain,
  checkFrameworkPort,
  checkHostIp,
  checkHostName,
  checkIp,
  checkMasters,
  checkOptions,
  checkPort,
  checkSlaves,
  DEFAULT_OPTIONS,
  parseHostList,
  type ScaffoldOptions,
} from '../../knowledge/scaffold/options.js';
import { moduleSetChoices, scaffoldFiles } from '../../knowledge/scaffold/generate.js';
import { planScaffold } from '../../knowledge/scaffold/plan.js';
import { nodePathProbe } from '../../workspace/pathProbe.js';
import {
  ScaffoldCheckRequest,
  ScaffoldDefaultsRequest,
  ScaffoldModuleSetsRequest,
  type ScaffoldModuleSetDto,
  type ScaffoldOptionsDto,
  ScaffoldPlanRequest,
  TopologyRequest,
  type ScaffoldCheckParams,
  type ScaffoldCheckResult,
  type ScaffoldPlanParams,
  type ScaffoldPlanResult,
  type TopologyCluster,
  type TopologyLink,
  type TopologyParams,
  type TopologyResult,
} from '../../protocol.js';
import { guarded, oneIndexPerFile, rootsFor, throwIfCancelled, type Feature, type Session } from '../session.js';

type IndexFor = (path: string) => LineIndex | undefined;

function link(indexFor: IndexFor, at: Place | undefined): TopologyLink | undefined {
  if (!at) return undefined;
  const index = indexFor(at.path);
  return index ? { uri: pathToUri(at.path), range: index.range(at.range) } : undefined;
}

function topologyOf(s: Session, root: string): TopologyCluster {
  return topologyCluster(topology(s.project(), root), s.indexFor);
}

/** A repo's topology in protocol terms; each file it points into is scanned for its lines once. */
export function topologyCluster(t: Topology, indexFor: IndexFor): TopologyCluster {
  const files = oneIndexPerFile(indexFor);
  const root = t.root;
  const opt = <T>(k: string, v: T | undefined): Record<string, T> => (v === undefined ? {} : { [k]: v });
  return {
    rootUri: pathToUri(root),
    ...opt('mesosVersion', t.mesosVersion),
    ...opt('zookeeperVersion', t.zookeeperVersion),
    nodes: t.nodes.map((n) => ({
      certname: n.certname,
      master: n.master,
      agent: n.agent,
      zookeeper: n.zookeeper,
      ...opt('zookeeperId', n.zookeeperId),
      definedAt: link(files, n.definedAt)!,
    })),
    ensemble: t.ensemble,
    ...opt('ensembleAt', link(files, t.ensembleAt)),
    ...opt('zookeeperUrl', t.zookeeperUrl),
    ...opt('zookeeperUrlAt', link(files, t.zookeeperUrlAt)),
    ...(t.quorum
      ? { quorum: { value: t.quorum.value, expected: t.quorum.expected, ...opt('at', link(files, t.quorum.at)) } }
      : {}),
    frameworks: t.frameworks.map((f) => ({ name: f.name, ...opt('port', f.port), ...opt('at', link(files, f.at)) })),
    problems: t.problems.flatMap((p) => {
      const at = link(files, p.at);
      return at ? [{ code: p.code, severity: p.severity, message: p.message, at }] : [];
    }),
  };
}

function check(params: ScaffoldCheckParams): ScaffoldCheckResult {
  const v = params.value ?? '';
  const msg = (m: string | undefined): ScaffoldCheckResult => (m ? { message: m } : {});
  switch (params.field) {
    case 'masters': {
      const hosts = parseHostList(v);
      return { ...msg(checkMasters(hosts)), hosts };
    }
    case 'slaves': {
      const hosts = parseHostList(v);
      return { ...msg(checkSlaves(hosts, params.masters ?? [])), hosts };
    }
    case 'domain':
      return msg(checkDomain(v.trim()));
    case 'ip':
      return msg(
        v.trim() === ''
          ? undefined
          : params.host
            ? checkHostIp(v.trim(), params.host, params.ips ?? {})
            : checkIp(v.trim()),
      );
    case 'port':
      if (!/^\d+$/.test(v.trim())) return msg(`'${v}' is not a port number`);
      return msg(
        params.framework ? checkFrameworkPort(params.framework, Number(v), params.other) : checkPort(Number(v)),
      );
    case 'clusterName':
      return msg(/^[A-Za-z0-9_.-]+$/.test(v) ? undefined : 'use letters, digits, ".", "_" and "-"');
    default:
      return msg(checkHostName(v));
  }
}

export const clusterFeature: Feature = {
  capabilities: () => ({}),
  register(s) {
    s.connection.onRequest(TopologyRequest, (params: TopologyParams, token: CancellationToken): TopologyResult => {
      throwIfCancelled(token);
      return guarded(s, TopologyRequest.method, () => ({
        clusters: rootsFor(s, params?.uri).map((r) => topologyOf(s, r)),
      }));
    });
    s.connection.onRequest(ScaffoldDefaultsRequest, (): ScaffoldOptionsDto => DEFAULT_OPTIONS);
    s.connection.onRequest(ScaffoldModuleSetsRequest, (): ScaffoldModuleSetDto[] => moduleSetChoices());
    s.connection.onRequest(ScaffoldCheckRequest, (params: ScaffoldCheckParams): ScaffoldCheckResult =>
      guarded(s, ScaffoldCheckRequest.method, () => check(params)),
    );
    s.connection.onRequest(ScaffoldPlanRequest, (params: ScaffoldPlanParams): ScaffoldPlanResult =>
      guarded(s, ScaffoldPlanRequest.method, () => {
        const target = uriToPath(params.targetUri);
        if (!target) return { problems: [`not a file URI: ${params.targetUri}`], files: [] };
        const options: ScaffoldOptions = params.options;
        const problems = checkOptions(options);
        if (problems.length > 0) return { problems, files: [] };
        const plan = planScaffold(s.project().view, nodePathProbe, target, scaffoldFiles(options));
        return {
          problems: [],
          files: plan.map((f) => ({
            path: f.path,
            uri: pathToUri(f.absolutePath),
            status: f.status,
            content: f.content,
            ...(f.reason ? { reason: f.reason } : {}),
          })),
        };
      }),
    );
  },
};
