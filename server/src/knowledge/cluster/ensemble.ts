// The one definition of a ZooKeeper ensemble, of a Mesos cluster and of its quorum. Every rule, the topology
// and the scaffold read these; nothing else decides which nodes form a cluster or what a valid quorum is.
//
// - An ensemble is the list of servers `zookeeper::servers` gives (Array: ids 1, 2, ... in order, as every
//   release of deric/zookeeper numbers them; Hash: the ids it names). Its identity is the set of its hosts.
// - A host matches a node by name (equal, or one is the short name of the other) or by address: the node's
//   certname when it is an address, and the addresses its data binds daemons to (`zookeeper::client_ip`,
//   `mesos::listen_address`, `mesos::{master,slave}::listen_address`, the `ip` option). The module's own README
//   writes servers as IP addresses.
// - A cluster is the nodes sharing one ensemble: the ZooKeeper servers listed in it, and the Mesos masters and
//   agents whose ZooKeeper URL names any of its hosts with the same znode path (two Mesos clusters may share an
//   ensemble under different paths; they never see each other's masters). Mesos nodes whose URL names no known
//   ensemble are grouped by the hosts and path of their URL; those with no URL at all form one group.
// - The quorum of a cluster is valid when it is more than half of that cluster's masters and no more than all of
//   them (Mesos's replicated log needs `quorum` masters to write; 3 of 3 works but survives no failure).

import type { ClusterModel, ClusterNode, NodeValue, Place } from './model.js';
import { hostOf, parseZkUrl, sameHost } from './zkUrl.js';

export interface EnsembleMember {
  /** The server id (`server.N` in zoo.cfg). */
  readonly id: number;
  /** The host as written, without ports. */
  readonly host: string;
}

export interface Ensemble {
  readonly members: readonly EnsembleMember[];
  /** Where the list is written (the value that won for the node it was read from). */
  readonly at?: Place;
  /** The ensemble's identity: its hosts, lower-cased and sorted. */
  readonly key: string;
}

/** The ensemble a `zookeeper::servers` value describes, or undefined when it lists none. */
export function ensembleOf(v: NodeValue | undefined): Ensemble | undefined {
  if (!v) return undefined;
  let members: EnsembleMember[] | undefined;
  if (Array.isArray(v.value)) {
    members = v.value
      .filter((s): s is string => typeof s === 'string' && s.trim() !== '')
      .map((s, i) => ({ id: i + 1, host: hostOf(s) }));
  } else if (v.value && typeof v.value === 'object') {
    members = Object.entries(v.value as Record<string, unknown>)
      .filter(([, h]) => typeof h === 'string' || typeof h === 'number')
      .map(([id, h]) => ({ id: Number(id), host: hostOf(String(h)) }));
  }
  if (!members || members.length === 0) return undefined;
  return { members, key: ensembleKey(members.map((m) => m.host)), ...(v.valueAt ? { at: v.valueAt } : {}) };
}

function ensembleKey(hosts: readonly string[]): string {
  return [...new Set(hosts.map((h) => h.toLowerCase()))].sort().join(',');
}

/** Floor(n/2) + 1: the smallest quorum of n masters that two halves of the cluster cannot both reach. */
export function majority(masters: number): number {
  return Math.floor(masters / 2) + 1;
}

export type QuorumVerdict = 'ok' | 'too-small' | 'too-large' | 'not-a-number';

/** Whether `quorum` works for a cluster of `masters` masters: more than half of them, at most all of them. */
export function judgeQuorum(quorum: unknown, masters: number): QuorumVerdict {
  const s = typeof quorum === 'number' ? String(quorum) : typeof quorum === 'string' ? quorum.trim() : '';
  if (!/^\d+$/.test(s)) return 'not-a-number';
  const q = Number(s);
  if (q < majority(masters)) return 'too-small';
  if (q > masters) return 'too-large';
  return 'ok';
}

/** True for a dotted IPv4 address or a bracketed/colon IPv6 one. */
export function isAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || /^\[?[0-9a-fA-F]*:[0-9a-fA-F:]+\]?$/.test(host);
}

const ADDRESS_KEYS = [
  'zookeeper::client_ip',
  'mesos::listen_address',
  'mesos::master::listen_address',
  'mesos::slave::listen_address',
];

/** The addresses a node's data says it has (beyond its name). */
export function addressesOf(node: ClusterNode): string[] {
  const out = new Set<string>();
  if (isAddress(node.certname)) out.add(node.certname);
  for (const key of ADDRESS_KEYS) {
    const v = node.get(key)?.value;
    if (typeof v === 'string' && isAddress(v.trim())) out.add(v.trim());
  }
  for (const key of ['mesos::master::options', 'mesos::slave::options']) {
    const v = node.get(key)?.value;
    const ip = v && typeof v === 'object' ? (v as Record<string, unknown>).ip : undefined;
    if (typeof ip === 'string' && isAddress(ip.trim())) out.add(ip.trim());
  }
  return [...out];
}

/** Whether a host written in the ensemble or a URL names this node, by name or by address. */
export function namesNode(host: string, node: ClusterNode): boolean {
  if (sameHost(host, node.certname)) return true;
  return isAddress(host) && addressesOf(node).includes(host);
}

/** The short name of a lower-cased host name: what sameHost compares a name with. */
function shortOf(lower: string): string {
  return lower.split('.')[0];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The nodes of a model indexed once by the names and addresses a host written in the data can use for them, so
 * that matching a host costs a few map lookups instead of a scan of every node (a repo of n masters whose URLs
 * each name n hosts would otherwise cost n^4 comparisons). `lookups` counts the map lookups made: the work the
 * tests measure.
 */
export interface HostIndex {
  /** The nodes a host names, in model order: the nodes `namesNode(host, n)` holds for. */
  nodesNamed(host: string): readonly ClusterNode[];
  /** The first member of the ensemble that names this node (`memberFor`), each ensemble indexed once. */
  memberFor(ensemble: Ensemble, node: ClusterNode): EnsembleMember | undefined;
  /** A test of whether a host is one of `hosts` (by name, or through a node both name), built once. */
  matcher(hosts: readonly string[]): (host: string) => boolean;
  readonly lookups: number;
}

export function indexHosts(nodes: readonly ClusterNode[]): HostIndex {
  const byName = new Map<string, ClusterNode[]>();
  const byShort = new Map<string, ClusterNode[]>();
  const byAddress = new Map<string, ClusterNode[]>();
  const order = new Map<ClusterNode, number>();
  nodes.forEach((n, i) => {
    order.set(n, i);
    const lower = n.certname.toLowerCase();
    push(byName, lower, n);
    push(byShort, shortOf(lower), n);
    for (const a of addressesOf(n)) push(byAddress, a, n);
  });
  const members = new Map<string, Map<ClusterNode, EnsembleMember>>();
  const state = { lookups: 0 };
  const nodesNamed = (host: string): readonly ClusterNode[] => {
    const x = host.toLowerCase();
    state.lookups += 4;
    const found = new Set<ClusterNode>([
      ...(byName.get(x) ?? []),
      ...(byName.get(shortOf(x)) ?? []),
      ...(byShort.get(x) ?? []),
      ...(isAddress(host) ? (byAddress.get(host) ?? []) : []),
    ]);
    return found.size < 2 ? [...found] : [...found].sort((a, b) => order.get(a)! - order.get(b)!);
  };
  return {
    nodesNamed,
    memberFor(ensemble, node) {
      const key = JSON.stringify(ensemble.members.map((m) => [m.id, m.host]));
      let of = members.get(key);
      if (!of) {
        of = new Map();
        for (const m of ensemble.members) for (const n of nodesNamed(m.host)) if (!of.has(n)) of.set(n, m);
        members.set(key, of);
      }
      state.lookups += 1;
      return of.get(node);
    },
    matcher(hosts) {
      const names = new Set<string>();
      const shorts = new Set<string>();
      const named = new Set<ClusterNode>();
      for (const h of hosts) {
        const x = h.toLowerCase();
        names.add(x);
        shorts.add(shortOf(x));
        for (const n of nodesNamed(h)) named.add(n);
      }
      // sameHost(h, host) for some h: equal names, or one is the short name of the other.
      return (host) => {
        const y = host.toLowerCase();
        state.lookups += 3;
        if (names.has(y) || names.has(shortOf(y)) || shorts.has(y)) return true;
        return nodesNamed(host).some((n) => named.has(n));
      };
    },
    get lookups() {
      return state.lookups;
    },
  };
}

/** The model's host index: the one it keeps, or one built for this call. */
export function hostIndexOf(model: ClusterModel): HostIndex {
  return model.hosts ?? indexHosts(model.nodes);
}

/**
 * True when a host cannot be matched to any node with certainty: an address when no node's data says which
 * node has it. Rules say nothing about such hosts.
 */
export function unresolvable(host: string, hosts: HostIndex): boolean {
  return isAddress(host) && hosts.nodesNamed(host).length === 0;
}

/** The ZooKeeper servers a Mesos daemon is told to use: hosts and znode path, from the String or Array form. */
export interface ZkTarget {
  readonly hosts: readonly string[];
  readonly path: string;
  /** The key whose value it is. */
  readonly key: string;
  readonly value: NodeValue;
}

/** The ZooKeeper URL a node's Mesos daemon uses (the daemon's own key first, then `mesos::zookeeper`). */
export function zkTargetOf(node: ClusterNode, daemon: 'master' | 'slave'): ZkTarget | undefined {
  for (const key of [`mesos::${daemon}::zookeeper`, 'mesos::zookeeper']) {
    const v = node.get(key);
    if (!v) continue;
    if (typeof v.value === 'string') {
      if (v.value.trim() === '' || v.value.includes('%{')) continue;
      const parsed = parseZkUrl(v.value);
      if (parsed.kind === 'zk')
        return { hosts: parsed.hosts.map((h) => h.host), path: parsed.path.replace(/\/+$/, '') || '/', key, value: v };
      if (parsed.kind === 'invalid' && /has no ZooKeeper path|empty ZooKeeper path/.test(parsed.problem)) {
        const body = v.value
          .trim()
          .replace(/^zk:\/\//, '')
          .replace(/^[^@/]*@/, '')
          .replace(/\/+$/, '');
        return {
          hosts: body
            .split(',')
            .map((h) => hostOf(h))
            .filter((h) => h !== ''),
          path: '/',
          key,
          value: v,
        };
      }
      return undefined;
    }
    if (Array.isArray(v.value)) {
      const hosts = v.value.filter((h): h is string => typeof h === 'string' && h.trim() !== '').map((h) => hostOf(h));
      if (hosts.length === 0) continue;
      const zkPath = node.get(`mesos::${daemon}::zk_path`)?.value ?? node.get('mesos::zk_path')?.value ?? 'mesos';
      return { hosts, path: `/${String(zkPath).replace(/^\/+/, '')}`.replace(/\/+$/, '') || '/', key, value: v };
    }
  }
  return undefined;
}

/** One Mesos cluster: the nodes sharing one ensemble (and znode path). */
export interface Cluster {
  /** A stable identity: the ensemble's hosts (or the URL's) and the path. */
  readonly key: string;
  readonly ensemble?: Ensemble;
  /** The znode path its Mesos nodes use, when they use one. */
  readonly path?: string;
  readonly masters: readonly ClusterNode[];
  readonly agents: readonly ClusterNode[];
  /** The ZooKeeper servers of its ensemble among the repo's nodes. */
  readonly zookeepers: readonly ClusterNode[];
}

/** The clusters of a repo, in the order their first node appears: the model's own when it keeps them. */
export function clustersOf(model: ClusterModel): readonly Cluster[] {
  return model.clusters ?? computeClusters(model);
}

/** The clusters of a model, computed (the cluster model builder keeps them with the model). */
export function computeClusters(model: ClusterModel): readonly Cluster[] {
  // The ensembles the ZooKeeper nodes are given, each with its servers.
  const ensembles = new Map<string, { ensemble: Ensemble; zookeepers: ClusterNode[] }>();
  for (const n of model.nodes) {
    if (!n.isZookeeper) continue;
    const e = ensembleOf(n.get('zookeeper::servers'));
    if (!e) continue;
    const group = ensembles.get(e.key) ?? ensembles.set(e.key, { ensemble: e, zookeepers: [] }).get(e.key)!;
    group.zookeepers.push(n);
  }
  // The first ensemble (in the order above) one of whose members each name matches by sameHost, indexed once:
  // by the member's lower-cased name and by its short name.
  const firstByName = new Map<string, number>();
  const firstByShort = new Map<string, number>();
  const list = [...ensembles.values()].map((g) => g.ensemble);
  list.forEach((e, i) => {
    for (const m of e.members) {
      const lower = m.host.toLowerCase();
      if (!firstByName.has(lower)) firstByName.set(lower, i);
      if (!firstByShort.has(shortOf(lower))) firstByShort.set(shortOf(lower), i);
    }
  });
  const findEnsemble = (hosts: readonly string[]): Ensemble | undefined => {
    let first = list.length;
    for (const h of hosts) {
      const x = h.toLowerCase();
      // sameHost(h, m): equal names, h's short name is m, or m's short name is h.
      for (const i of [firstByName.get(x), firstByName.get(shortOf(x)), firstByShort.get(x)])
        if (i !== undefined && i < first) first = i;
    }
    return list[first];
  };
  const groups = new Map<
    string,
    { ensemble?: Ensemble; path?: string; masters: ClusterNode[]; agents: ClusterNode[] }
  >();
  const join = (n: ClusterNode, daemon: 'master' | 'slave'): void => {
    const target = zkTargetOf(n, daemon);
    const ensemble = target ? findEnsemble(target.hosts) : undefined;
    const key = target ? `${ensemble ? ensemble.key : ensembleKey(target.hosts)}${target.path}` : '';
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = { ...(ensemble ? { ensemble } : {}), ...(target ? { path: target.path } : {}), masters: [], agents: [] }),
      );
    (daemon === 'master' ? g.masters : g.agents).push(n);
  };
  for (const n of model.nodes) {
    if (n.isMaster) join(n, 'master');
    if (n.isAgent) join(n, 'slave');
  }
  const out: Cluster[] = [];
  const used = new Set<string>();
  for (const [key, g] of groups) {
    const zk = g.ensemble ? ensembles.get(g.ensemble.key) : undefined;
    if (g.ensemble) used.add(g.ensemble.key);
    out.push({
      key,
      ...(g.ensemble ? { ensemble: g.ensemble } : {}),
      ...(g.path ? { path: g.path } : {}),
      masters: g.masters,
      agents: g.agents,
      zookeepers: zk?.zookeepers ?? [],
    });
  }
  for (const [key, { ensemble, zookeepers }] of ensembles) {
    if (!used.has(key)) out.push({ key, ensemble, masters: [], agents: [], zookeepers });
  }
  return out;
}
