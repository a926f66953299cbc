// Rules that compare the nodes of a cluster: the masters' quorum, the ZooKeeper ensemble against the URL Mesos
// uses, ZooKeeper ids against positions, work directories, framework ports. Each finding points at the place
// in the data files that set the value (so a value shared by many nodes is reported once), with a fix where
// one exists.

import type { Fix } from '../../base/edits.js';
import type { ClusterModel, ClusterNode, Place } from './model.js';
import { finding, type Finding } from './keyRules.js';
import { atLeast, below, MESOS, versionOf, ZOOKEEPER } from './versions.js';
import { parseZkUrl } from './zkUrl.js';
import {
  clustersOf,
  ensembleOf,
  judgeQuorum,
  majority,
  hostIndexOf,
  unresolvable,
  zkTargetOf,
  type Cluster,
  type Ensemble,
  type ZkTarget,
} from './ensemble.js';
import { yamlQuote } from './textEdits.js';

function tag(v: string | undefined): string {
  return v ? `v${v}` : '';
}

function replaceFix(title: string, at: Place | undefined, newText: string): Fix[] {
  return at ? [{ title, edits: [{ path: at.path, range: at.range, newText }], preferred: true }] : [];
}

/** How a cluster is named in messages when the repo has more than one (counted once, by the caller). */
function clusterName(c: Cluster, withMasters: number): string {
  if (withMasters < 2) return 'the cluster';
  const hosts = c.ensemble ? c.ensemble.members.map((m) => m.host).join(',') : c.key.replace(/\/.*$/, '');
  return hosts
    ? `the cluster on ZooKeeper ${hosts}${c.path && c.path !== '/' ? c.path : ''}`
    : 'the masters without a ZooKeeper URL';
}

function quorumRule(model: ClusterModel): Finding[] {
  const out: Finding[] = [];
  const all = clustersOf(model);
  const withMasters = all.filter((x) => x.masters.length > 0).length;
  for (const cluster of all) {
    const masters = cluster.masters;
    const n = masters.length;
    if (n === 0) continue;
    const expected = majority(n);
    const name = clusterName(cluster, withMasters);
    let list: string | undefined;
    for (const m of masters) {
      const opts = m.get('mesos::master::options');
      const q =
        opts && typeof opts.value === 'object' && opts.value !== null
          ? (opts.value as Record<string, unknown>).quorum
          : undefined;
      if (q === undefined) {
        if (n > 1) {
          const at = opts?.keyAt ?? m.roleEntryAt('master') ?? m.roleAt ?? m.definedAt;
          out.push(
            finding(
              'mesos/quorum-majority',
              at.path,
              at.range,
              `Master ${m.certname} has no quorum, but ${name} has ${n} masters: without --quorum the masters do not start. Set mesos::master::options: {quorum: '${expected}'} (a majority of ${n}).`,
            ),
          );
        }
        continue;
      }
      const verdict = judgeQuorum(q, n);
      if (verdict === 'ok') continue;
      const at = opts!.entryAt(['quorum'])?.value ?? opts!.valueAt ?? m.definedAt;
      list ??= `${n} master${n === 1 ? '' : 's'} (${masters.map((x) => x.certname).join(', ')})`;
      const why =
        verdict === 'too-small'
          ? `it must be a majority, ${expected} or more: a smaller quorum lets two halves of the cluster elect two leaders.`
          : verdict === 'too-large'
            ? `no write can ever gather ${String(q).trim()} masters, so the registry never recovers and no master is elected. Use a majority, ${expected}.`
            : `the quorum must be a whole number, a majority: ${expected}.`;
      out.push(
        finding(
          'mesos/quorum-majority',
          at.path,
          at.range,
          `quorum is ${JSON.stringify(q)}, but ${name} has ${list}: ${why}`,
          {
            fixes: replaceFix(`Set quorum to '${expected}'`, opts!.entryAt(['quorum'])?.value, `'${expected}'`),
          },
        ),
      );
    }
  }
  return out;
}

function ensembleRules(model: ClusterModel): Finding[] {
  const out: Finding[] = [];
  const zkIsString = atLeast(model.zookeeper, ZOOKEEPER.idString);
  // Ids whose position cannot be told (the ensemble names addresses no node's data gives), per ensemble.
  const unplaced = new Map<string, Map<string, ClusterNode[]>>();
  const index = hostIndexOf(model);
  for (const node of model.nodes.filter((n) => n.isZookeeper)) {
    const idv = node.get('zookeeper::id');
    const ensemble = ensembleOf(node.get('zookeeper::servers'));
    // A server without an ensemble runs standalone: its id matters to no one.
    if (!ensemble) continue;
    const id = idv ? String(idv.value).trim() : '1';
    const member = index.memberFor(ensemble, node);
    if (!member) {
      if (ensemble.members.some((m) => unresolvable(m.host, index))) {
        const ids = unplaced.get(ensemble.key) ?? unplaced.set(ensemble.key, new Map()).get(ensemble.key)!;
        (ids.get(id) ?? ids.set(id, []).get(id)!).push(node);
        continue;
      }
      const at = ensemble.at ?? node.definedAt;
      out.push(
        finding(
          'zookeeper/not-in-ensemble',
          at.path,
          at.range,
          `${node.certname} runs ZooKeeper but is not in zookeeper::servers (${ensemble.members.map((m) => m.host).join(', ')}): it cannot join the ensemble. Add it, or stop declaring ZooKeeper on it.`,
        ),
      );
      continue;
    }
    if (String(member.id) === id) continue;
    const at = idv?.valueAt ?? node.roleEntryAt('zookeeper') ?? node.roleAt ?? node.definedAt;
    const quoted = zkIsString || (idv?.valueAt !== undefined && typeof idv.value === 'string');
    const newText = quoted ? `'${member.id}'` : String(member.id);
    out.push(
      finding(
        'zookeeper/id-position',
        at.path,
        at.range,
        `${node.certname} is server ${member.id} in zookeeper::servers, but its zookeeper::id is ${idv ? JSON.stringify(idv.value) : "the default '1'"}: ZooKeeper matches myid to server.N, so the node cannot join. Set zookeeper::id: ${newText} in ${node.certname}'s own data.`,
        {
          fixes:
            idv?.valueAt && idv.valueAt.path === node.definedAt.path
              ? replaceFix(`Set zookeeper::id to ${newText}`, idv.valueAt, newText)
              : [],
        },
      ),
    );
  }
  for (const ids of unplaced.values()) {
    for (const [id, nodes] of ids) {
      if (nodes.length < 2) continue;
      for (const node of nodes) {
        const at = node.get('zookeeper::id')?.valueAt ?? node.definedAt;
        out.push(
          finding(
            'zookeeper/id-unique',
            at.path,
            at.range,
            `${nodes.map((n) => n.certname).join(', ')} are in the same ensemble and all have zookeeper::id ${id}; each ZooKeeper server needs its own id. Set zookeeper::id per node.`,
          ),
        );
      }
    }
  }
  return out;
}

function zkUrlRules(model: ClusterModel): Finding[] {
  const out: Finding[] = [];
  const all = clustersOf(model);
  const ensembles = all.filter((c) => c.ensemble);
  // With one ensemble in the repo, a URL that names none of it is still meant for it.
  const only = new Set(ensembles.map((c) => c.ensemble!.key)).size === 1 ? ensembles[0].ensemble : undefined;
  const mastersKnown = all.some((c) => c.masters.length > 0);
  const index = hostIndexOf(model);
  // The one URL every master uses, written as a string, when they agree: computed once, for every agent.
  let mastersUrl: { url: unknown } | undefined;
  const theMastersUrl = (): unknown => {
    if (!mastersUrl) {
      const urls = new Set(all.flatMap((c) => c.masters).map((m) => zkTargetOf(m, 'master')?.value.value));
      mastersUrl = { url: urls.size === 1 ? [...urls][0] : undefined };
    }
    return mastersUrl.url;
  };
  // Whether a host is the same server as a member of the ensemble (by name, or through a node's addresses).
  const memberTests = new Map<Ensemble, (host: string) => boolean>();
  for (const cluster of all) {
    const ensemble = cluster.ensemble ?? only;
    for (const [daemon, nodes] of [
      ['master', cluster.masters],
      ['slave', cluster.agents],
    ] as const) {
      for (const n of nodes) {
        const target = zkTargetOf(n, daemon);
        if (!target) continue;
        const v = target.value;
        const at = v.valueAt ?? n.definedAt;
        if (daemon === 'slave' && mastersKnown && cluster.masters.length === 0) {
          // When every master uses one URL written as a string, the fix writes it in the agent's place.
          const url = theMastersUrl();
          const fixes =
            typeof url === 'string' && typeof v.value === 'string' && v.valueAt
              ? [
                  {
                    title: `Change to the masters' URL '${url}'`,
                    edits: [{ path: v.valueAt.path, range: v.valueAt.range, newText: yamlQuote(url) }],
                    preferred: true,
                  },
                ]
              : undefined;
          out.push(
            finding(
              'mesos/zk-url-differs',
              at.path,
              at.range,
              `Agent ${n.certname} looks for its master at ${describe(target)}, where no master of this repo registers: the agent never finds a master. Use the masters' ZooKeeper URL.`,
              fixes ? { fixes } : {},
            ),
          );
          continue;
        }
        if (!ensemble || typeof v.value !== 'string') continue;
        const parsed = parseZkUrl(v.value);
        if (parsed.kind !== 'zk') continue;
        const zkNode = cluster.zookeepers[0];
        const clientPort = Number((zkNode ?? n).get('zookeeper::client_port')?.value ?? 2181);
        const hosts = parsed.hosts;
        let isMember = memberTests.get(ensemble);
        if (!isMember) memberTests.set(ensemble, (isMember = index.matcher(ensemble.members.map((m) => m.host))));
        const isHost = index.matcher(hosts.map((h) => h.host));
        const missing = ensemble.members.filter((m) => !isHost(m.host)).map((m) => m.host);
        const extra = hosts.filter((h) => !isMember(h.host)).map((h) => h.host);
        const extraSet = new Set(extra);
        const wrongPort = hosts.filter((h) => h.port !== undefined && h.port !== clientPort);
        const reachable = hosts.filter((h) => !extraSet.has(h.host) && (h.port ?? 2181) === clientPort);
        // Hosts given as addresses no node's data explains may be the ensemble's own: say nothing about them.
        const unsure = [...missing, ...extra].some((h) => unresolvable(h, index));
        if ((missing.length === 0 && extra.length === 0 && wrongPort.length === 0) || (unsure && reachable.length > 0))
          continue;
        const parts: string[] = [];
        if (extra.length > 0)
          parts.push(`names ${extra.join(', ')}, which ${extra.length === 1 ? 'is' : 'are'} not in zookeeper::servers`);
        if (missing.length > 0) parts.push(`leaves out ${missing.join(', ')}`);
        if (wrongPort.length > 0)
          parts.push(
            `uses ${wrongPort.map((h) => `${h.host}:${h.port}`).join(', ')} where ZooKeeper listens on ${clientPort}`,
          );
        const fixed = `zk://${ensemble.members.map((m) => `${m.host}:${clientPort}`).join(',')}${parsed.path}`;
        const fixes = replaceFix(`Change to '${fixed}'`, v.valueAt, yamlQuote(fixed));
        if (reachable.length === 0) {
          out.push(
            finding(
              'mesos/zk-ensemble',
              at.path,
              at.range,
              `The ZooKeeper URL ${parts.join('; ')}: it reaches no server of the ensemble, so the daemon never connects. It should name the ensemble of zookeeper::servers: ${fixed}.`,
              { fixes },
            ),
          );
        } else {
          out.push(
            finding(
              'mesos/zk-ensemble-partial',
              at.path,
              at.range,
              `The ZooKeeper URL ${parts.join('; ')}. It works while ${reachable.map((h) => h.host).join(', ')} ${reachable.length === 1 ? 'is' : 'are'} up, but the daemon cannot fail over to the servers it does not name: name the whole ensemble, ${fixed}.`,
              { fixes },
            ),
          );
        }
      }
    }
  }
  return out;
}

function describe(t: ZkTarget): string {
  return `${t.hosts.join(',')}${t.path}`;
}

function workDirRule(model: ClusterModel): Finding[] {
  if (!below(model.mesos, MESOS.workDirDefaultFixed)) return [];
  const out: Finding[] = [];
  for (const n of model.nodes.filter((x) => x.isAgent)) {
    if (n.get('mesos::slave::work_dir')) continue;
    // On the class that makes the node an agent: a node that is master and agent has its warning on the agent.
    const at = n.roleEntryAt('agent') ?? n.roleAt ?? n.definedAt;
    out.push(
      finding(
        'mesos/tmp-work-dir',
        at.path,
        at.range,
        `Agent ${n.certname} keeps the default work_dir of mesos ${tag(versionOf(model.mesos))}, /tmp/mesos, which the system cleans: the agent loses its checkpoints and sandboxes. Set mesos::slave::work_dir: /var/lib/mesos.`,
        {
          fixes: [
            {
              title: `Add mesos::slave::work_dir: /var/lib/mesos to ${n.certname}'s data`,
              edits: [
                {
                  path: n.appendAt.path,
                  range: n.appendAt.range,
                  newText: `${n.appendAt.needsNewline ? '\n' : ''}mesos::slave::work_dir: /var/lib/mesos\n`,
                },
              ],
            },
          ],
        },
      ),
    );
  }
  return out;
}

const MARATHON_PORT_KEYS = ['profile::mesos::master::marathon::port', 'profile::marathon::port'];
const CHRONOS_PORT_KEYS = ['profile::mesos::master::chronos::port', 'profile::chronos::port'];

function portRule(model: ClusterModel, defaults: { marathon?: number; chronos?: number }): Finding[] {
  const out: Finding[] = [];
  for (const m of model.nodes.filter((n) => n.isMaster)) {
    const mv = MARATHON_PORT_KEYS.map((k) => m.get(k)).find(Boolean);
    const cv = CHRONOS_PORT_KEYS.map((k) => m.get(k)).find(Boolean);
    const mp = mv ? Number(mv.value) : defaults.marathon;
    const cp = cv ? Number(cv.value) : defaults.chronos;
    if (mp === undefined || cp === undefined || mp !== cp) continue;
    const at = cv?.valueAt ?? mv?.valueAt ?? m.definedAt;
    out.push(
      finding(
        'mesos/framework-port-clash',
        at.path,
        at.range,
        `Marathon and Chronos both listen on port ${mp} on ${m.certname}: the second one fails to start. Give Chronos its packaged port, 4400.`,
      ),
    );
  }
  return out;
}

/** Every cluster rule; findings at the same place with the same code are reported once. */
export function clusterRules(
  model: ClusterModel,
  frameworkDefaults: { marathon?: number; chronos?: number } = {},
): Finding[] {
  const all = [
    ...quorumRule(model),
    ...ensembleRules(model),
    ...zkUrlRules(model),
    ...workDirRule(model),
    ...portRule(model, frameworkDefaults),
  ];
  const seen = new Set<string>();
  return all.filter((f) => {
    const k = `${f.code}|${f.path}|${f.range.start}|${f.range.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
