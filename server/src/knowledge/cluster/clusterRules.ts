// Rules that compare the nodes of a cluster: the masters' quorum, the ZooKeeper ensemble against the URL Mesos
// uses, ZooKeeper ids against positions, work directories, framework ports. Each finding points at the place
// in the data files that set the value (so a value shared by many nodes is reported once), with a fix where
// one exists.

import type { Fix } from '../../base/edits.js';
import type { ClusterModel, ClusterNode, NodeValue, Place } from './model.js';
import { finding, type Finding } from './keyRules.js';
import { atLeast, below, MESOS, versionOf, ZOOKEEPER } from './versions.js';
import { hostOf, parseZkUrl, sameHost } from './zkUrl.js';
import { yamlQuote } from './textEdits.js';

function tag(v: string | undefined): string {
  return v ? `v${v}` : '';
}

function replaceFix(title: string, at: Place | undefined, newText: string): Fix[] {
  return at ? [{ title, edits: [{ path: at.path, range: at.range, newText }], preferred: true }] : [];
}

function quorumRule(model: ClusterModel): Finding[] {
  const masters = model.nodes.filter((n) => n.isMaster);
  const n = masters.length;
  if (n === 0) return [];
  const expected = Math.floor(n / 2) + 1;
  const out: Finding[] = [];
  for (const m of masters) {
    const opts = m.get('mesos::master::options');
    const q = opts && typeof opts.value === 'object' && opts.value !== null ? (opts.value as Record<string, unknown>).quorum : undefined;
    if (q === undefined) {
      if (n > 1) {
        const at = opts?.keyAt ?? m.roleAt ?? m.definedAt;
        out.push(finding('mesos/quorum-majority', at.path, at.range, `Master ${m.certname} has no quorum, but the cluster has ${n} masters: without --quorum the masters do not start. Set mesos::master::options: {quorum: '${expected}'} (a majority of ${n}).`));
      }
      continue;
    }
    if (Number(q) === expected && String(q).trim() !== '') continue;
    const at = opts!.entryAt(['quorum'])?.value ?? opts!.valueAt ?? m.definedAt;
    out.push(
      finding('mesos/quorum-majority', at.path, at.range, `quorum is ${JSON.stringify(q)}, but the cluster has ${n} master${n === 1 ? '' : 's'} (${masters.map((x) => x.certname).join(', ')}): it must be a majority, ${expected}. ${Number(q) < expected ? 'A smaller quorum lets two halves of the cluster elect two leaders.' : 'A larger quorum stops the cluster when fewer masters fail than it should survive.'}`, {
        fixes: replaceFix(`Set quorum to '${expected}'`, opts!.entryAt(['quorum'])?.value, `'${expected}'`),
      }),
    );
  }
  return out;
}

interface Ensemble {
  /** Host names in order, for the Array form; ids with hosts for the Hash form. */
  readonly members: ReadonlyArray<{ readonly id: number; readonly host: string }>;
  readonly at?: Place;
}

function ensembleOf(v: NodeValue | undefined): Ensemble | undefined {
  if (!v) return undefined;
  if (Array.isArray(v.value)) {
    return { members: v.value.filter((s): s is string => typeof s === 'string').map((s, i) => ({ id: i + 1, host: hostOf(s) })), ...(v.valueAt ? { at: v.valueAt } : {}) };
  }
  if (v.value && typeof v.value === 'object') {
    return { members: Object.entries(v.value as Record<string, unknown>).map(([id, h]) => ({ id: Number(id), host: hostOf(String(h)) })), ...(v.valueAt ? { at: v.valueAt } : {}) };
  }
  return undefined;
}

function ensembleRules(model: ClusterModel): Finding[] {
  const out: Finding[] = [];
  const zkNodes = model.nodes.filter((n) => n.isZookeeper);
  const zkIsString = atLeast(model.zookeeper, ZOOKEEPER.idString);
  const ids = new Map<string, ClusterNode[]>();
  for (const node of zkNodes) {
    const idv = node.get('zookeeper::id');
    const ensemble = ensembleOf(node.get('zookeeper::servers'));
    const id = idv ? String(idv.value).trim() : '1';
    if (!ensemble || ensemble.members.length === 0) {
      (ids.get(id) ?? ids.set(id, []).get(id)!).push(node);
      continue;
    }
    const member = ensemble.members.find((m) => sameHost(m.host, node.certname));
    if (!member) {
      const at = ensemble.at ?? node.definedAt;
      out.push(finding('zookeeper/not-in-ensemble', at.path, at.range, `${node.certname} runs ZooKeeper but is not in zookeeper::servers (${ensemble.members.map((m) => m.host).join(', ')}): it cannot join the ensemble. Add it, or stop declaring ZooKeeper on it.`));
      continue;
    }
    if (String(member.id) === id) continue;
    const at = idv?.valueAt ?? node.roleAt ?? node.definedAt;
    const quoted = zkIsString || (idv?.valueAt !== undefined && typeof idv.value === 'string');
    const newText = quoted ? `'${member.id}'` : String(member.id);
    out.push(
      finding('zookeeper/id-position', at.path, at.range, `${node.certname} is server ${member.id} in zookeeper::servers, but its zookeeper::id is ${idv ? JSON.stringify(idv.value) : "the default '1'"}: ZooKeeper matches myid to server.N, so the node cannot join. Set zookeeper::id: ${newText} in ${node.certname}'s own data.`, {
        fixes: idv?.valueAt && idv.valueAt.path === node.definedAt.path ? replaceFix(`Set zookeeper::id to ${newText}`, idv.valueAt, newText) : [],
      }),
    );
  }
  for (const [id, nodes] of ids) {
    if (nodes.length < 2) continue;
    for (const node of nodes) {
      const at = node.get('zookeeper::id')?.valueAt ?? node.definedAt;
      out.push(finding('zookeeper/id-unique', at.path, at.range, `${nodes.map((n) => n.certname).join(', ')} all have zookeeper::id ${id}; each ZooKeeper server needs its own id. Set zookeeper::id per node.`));
    }
  }
  return out;
}

function zkUrlRules(model: ClusterModel): Finding[] {
  const out: Finding[] = [];
  const mesosNodes = model.nodes.filter((n) => n.isMaster || n.isAgent);
  // The ensemble everyone should point at: the servers list the ZooKeeper nodes agree on.
  const lists = new Map<string, Ensemble>();
  for (const n of model.nodes.filter((x) => x.isZookeeper)) {
    const e = ensembleOf(n.get('zookeeper::servers'));
    if (e && e.members.length > 0) lists.set(e.members.map((m) => m.host).join(','), e);
  }
  const ensemble = lists.size === 1 ? [...lists.values()][0] : undefined;
  const urls = new Map<string, ClusterNode[]>();
  for (const n of mesosNodes) {
    const v = n.get('mesos::zookeeper');
    if (!v || typeof v.value !== 'string') continue;
    (urls.get(v.value) ?? urls.set(v.value, []).get(v.value)!).push(n);
    const parsed = parseZkUrl(v.value);
    if (parsed.kind !== 'zk' || !ensemble) continue;
    const hosts = parsed.hosts.map((h) => h.host);
    const missing = ensemble.members.filter((m) => !hosts.some((h) => sameHost(h, m.host))).map((m) => m.host);
    const extra = hosts.filter((h) => !ensemble.members.some((m) => sameHost(h, m.host)));
    const clientPort = Number(n.get('zookeeper::client_port')?.value ?? 2181);
    const wrongPort = parsed.hosts.filter((h) => h.port !== undefined && h.port !== clientPort).map((h) => `${h.host}:${h.port}`);
    if (missing.length === 0 && extra.length === 0 && wrongPort.length === 0) continue;
    const parts: string[] = [];
    if (extra.length > 0) parts.push(`names ${extra.join(', ')}, which ${extra.length === 1 ? 'is' : 'are'} not in zookeeper::servers`);
    if (missing.length > 0) parts.push(`leaves out ${missing.join(', ')}`);
    if (wrongPort.length > 0) parts.push(`uses ${wrongPort.join(', ')} where ZooKeeper listens on ${clientPort}`);
    const fixed = `zk://${ensemble.members.map((m) => `${m.host}:${clientPort}`).join(',')}${parsed.path}`;
    const at = v.valueAt ?? n.definedAt;
    out.push(
      finding('mesos/zk-ensemble', at.path, at.range, `The ZooKeeper URL ${parts.join('; ')}. It must name the ensemble of zookeeper::servers: ${fixed}.`, {
        fixes: replaceFix(`Change to '${fixed}'`, v.valueAt, yamlQuote(fixed)),
      }),
    );
  }
  if (urls.size > 1) {
    const [majority] = [...urls.entries()].sort((a, b) => b[1].length - a[1].length)[0];
    for (const [url, nodes] of urls) {
      if (url === majority) continue;
      for (const n of nodes) {
        const at = n.get('mesos::zookeeper')?.valueAt ?? n.definedAt;
        out.push(finding('mesos/zk-url-differs', at.path, at.range, `${n.certname} uses the ZooKeeper URL ${url}, the other Mesos nodes ${majority}: masters and agents on different URLs form separate clusters.`));
      }
    }
  }
  return out;
}

function workDirRule(model: ClusterModel): Finding[] {
  if (!below(model.mesos, MESOS.workDirDefaultFixed)) return [];
  const out: Finding[] = [];
  for (const n of model.nodes.filter((x) => x.isAgent)) {
    if (n.get('mesos::slave::work_dir')) continue;
    const at = n.roleAt ?? n.definedAt;
    out.push(
      finding('mesos/tmp-work-dir', at.path, at.range, `Agent ${n.certname} keeps the default work_dir of mesos ${tag(versionOf(model.mesos))}, /tmp/mesos, which the system cleans: the agent loses its checkpoints and sandboxes. Set mesos::slave::work_dir: /var/lib/mesos.`, {
        fixes: [
          {
            title: `Add mesos::slave::work_dir: /var/lib/mesos to ${n.certname}'s data`,
            edits: [{ path: n.appendAt.path, range: n.appendAt.range, newText: `${n.appendAt.needsNewline ? '\n' : ''}mesos::slave::work_dir: /var/lib/mesos\n` }],
          },
        ],
      }),
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
    out.push(finding('mesos/framework-port-clash', at.path, at.range, `Marathon and Chronos both listen on port ${mp} on ${m.certname}: the second one fails to start. Give Chronos its packaged port, 4400.`));
  }
  return out;
}

/** Every cluster rule; findings at the same place with the same code are reported once. */
export function clusterRules(model: ClusterModel, frameworkDefaults: { marathon?: number; chronos?: number } = {}): Finding[] {
  const all = [...quorumRule(model), ...ensembleRules(model), ...zkUrlRules(model), ...workDirRule(model), ...portRule(model, frameworkDefaults)];
  const seen = new Set<string>();
  return all.filter((f) => {
    const k = `${f.code}|${f.path}|${f.range.start}|${f.range.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
