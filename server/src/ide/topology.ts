// The picture of a control repo's cluster: which nodes are masters, agents and ZooKeeper servers, the ensemble
// with its ids, the quorum, the ZooKeeper URL, Marathon and Chronos with their ports, and every problem the
// cluster rules found, each with the place in the data files that defines it. The topology view draws this.

import type { Project } from '../workspace/project.js';
import type { Place } from '../knowledge/cluster/model.js';
import { versionOf } from '../knowledge/cluster/versions.js';
import type { Severity } from '../base/diagnosticCodes.js';
import { clustersOf, ensembleOf, majority } from '../knowledge/cluster/ensemble.js';
import { classExpansion, clusterModel } from '../knowledge/cluster/model.js';
import { fileDiagnostics } from './diagnostics.js';

export interface TopologyNodeView {
  readonly certname: string;
  readonly master: boolean;
  readonly agent: boolean;
  readonly zookeeper: boolean;
  readonly zookeeperId?: string;
  readonly definedAt: Place;
}

export interface TopologyProblemView {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly at: Place;
}

export interface Topology {
  readonly root: string;
  readonly mesosVersion?: string;
  readonly zookeeperVersion?: string;
  readonly nodes: readonly TopologyNodeView[];
  readonly ensemble: readonly string[];
  readonly ensembleAt?: Place;
  readonly zookeeperUrl?: string;
  readonly zookeeperUrlAt?: Place;
  readonly quorum?: { readonly value: string; readonly expected: number; readonly at?: Place };
  readonly frameworks: ReadonlyArray<{
    readonly name: 'Marathon' | 'Chronos';
    readonly port?: number;
    readonly at?: Place;
  }>;
  readonly problems: readonly TopologyProblemView[];
}

const FRAMEWORK_KEYS = [
  { name: 'Marathon' as const, key: 'profile::mesos::master::marathon::port', flag: /marathon/ },
  { name: 'Chronos' as const, key: 'profile::mesos::master::chronos::port', flag: /chronos/ },
];

export function topology(project: Project, root: string): Topology {
  const model = clusterModel(project, root);
  const expand = classExpansion(project, root);
  const nodes = model.nodes.map((n) => {
    const id = n.isZookeeper ? n.get('zookeeper::id') : undefined;
    return {
      certname: n.certname,
      master: n.isMaster,
      agent: n.isAgent,
      zookeeper: n.isZookeeper,
      ...(id ? { zookeeperId: String(id.value) } : {}),
      definedAt: n.definedAt,
    };
  });
  // The cluster shown: the first with masters (each cluster is judged apart by the rules; see ensemble.ts).
  const clusters = clustersOf(model);
  const shown = clusters.find((c) => c.masters.length > 0) ?? clusters[0];
  const zkNode =
    shown?.zookeepers.find((n) => n.get('zookeeper::servers')) ??
    model.nodes.find((n) => n.isZookeeper && n.get('zookeeper::servers'));
  const servers = zkNode?.get('zookeeper::servers');
  const ensemble = ensembleOf(servers)?.members.map((m) => m.host) ?? [];
  const mesosNode =
    [...(shown?.masters ?? []), ...(shown?.agents ?? [])].find((n) => n.get('mesos::zookeeper')) ??
    model.nodes.find((n) => (n.isMaster || n.isAgent) && n.get('mesos::zookeeper'));
  const url = mesosNode?.get('mesos::zookeeper');
  const masters = shown?.masters ?? [];
  const options = masters[0]?.get('mesos::master::options');
  const q =
    options && typeof options.value === 'object' && options.value !== null
      ? (options.value as Record<string, unknown>).quorum
      : undefined;
  const runs = (flag: RegExp): boolean =>
    masters.some((m) => {
      const classes = m.get('classes')?.value;
      const names = Array.isArray(classes) ? classes.map(String) : [];
      return names.some((c) => flag.test(c) || (expand ? expand(c).some((x) => flag.test(x)) : false));
    });
  const frameworks = FRAMEWORK_KEYS.flatMap((f) => {
    const v = masters.map((m) => m.get(f.key)).find(Boolean);
    if (!v && !runs(f.flag)) return [];
    return [{ name: f.name, ...(v ? { port: Number(v.value) } : {}), ...(v?.valueAt ? { at: v.valueAt } : {}) }];
  });
  // Every problem of every data file of the cluster, the per-key rules included.
  const paths = new Set<string>([...model.nodes.map((n) => n.definedAt.path)]);
  for (const n of model.nodes)
    for (const key of ['mesos::zookeeper', 'zookeeper::servers', 'mesos::master::options', 'classes']) {
      const v = n.get(key);
      if (v?.keyAt) paths.add(v.keyAt.path);
    }
  const problems: TopologyProblemView[] = [];
  for (const path of [...paths].sort()) {
    for (const d of fileDiagnostics(project, path))
      problems.push({ code: d.code, severity: d.severity, message: d.message, at: { path, range: d.range } });
  }
  return {
    root,
    ...(versionOf(model.mesos) ? { mesosVersion: versionOf(model.mesos)! } : {}),
    ...(versionOf(model.zookeeper) ? { zookeeperVersion: versionOf(model.zookeeper)! } : {}),
    nodes,
    ensemble,
    ...(servers?.valueAt ? { ensembleAt: servers.valueAt } : {}),
    ...(url ? { zookeeperUrl: Array.isArray(url.value) ? (url.value as unknown[]).join(',') : String(url.value) } : {}),
    ...(url?.valueAt ? { zookeeperUrlAt: url.valueAt } : {}),
    ...(q !== undefined
      ? {
          quorum: {
            value: String(q),
            expected: majority(masters.length),
            ...(options?.entryAt(['quorum'])?.value ? { at: options.entryAt(['quorum'])!.value! } : {}),
          },
        }
      : masters.length > 0
        ? { quorum: { value: '(not set)', expected: majority(masters.length) } }
        : {}),
    frameworks,
    problems,
  };
}
