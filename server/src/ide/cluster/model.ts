// Builds the cluster model (knowledge/cluster/model.ts) of one control repo: its nodes, their roles from the
// classes Hiera gives them, and each value the rules ask for, resolved by the lookup engine exactly as Puppet
// would for that node, with the place in the data files that set it. Cached per project generation: a
// keystroke costs one rebuild, shared by every file's diagnostics.

import type { Project } from '../../workspace/project.js';
import type { ClusterModel, ClusterNode, NodeValue, Place } from '../../knowledge/cluster/model.js';
import { createLookupSession, type LookupSession } from '../lookup/engine.js';
import type { DataFileResult } from '../lookup/dataReader.js';
import { sharedDataCache } from '../lookup/sharedCache.js';
import { findKeyOccurrences } from '../lookup/queries.js';
import { toJson } from '../lookup/values.js';
import { nestedRanges } from '../../syntax/hiera/dataFile.js';
import { keySpaceFor } from '../context.js';
import { discoverNodes, type DiscoveredNode } from './nodes.js';

export interface RoleSets {
  readonly master: boolean;
  readonly agent: boolean;
  readonly zookeeper: boolean;
}

/**
 * What a node runs, from the classes it is given. A class counts when it is, or by its name clearly stands
 * for, a Mesos master, a Mesos agent or a ZooKeeper server; `expand` adds the classes a class declares
 * (roles include profiles, profiles declare modules) when the manifests are indexed.
 */
export function rolesOf(classes: readonly string[], expand?: (cls: string) => readonly string[]): RoleSets {
  const all = new Set<string>();
  const queue = [...classes];
  while (queue.length > 0 && all.size < 1000) {
    const c = queue.shift()!.replace(/^::/, '');
    if (all.has(c)) continue;
    all.add(c);
    if (expand) queue.push(...expand(c));
  }
  const names = [...all];
  const master = names.some((c) => c === 'mesos::master' || (/mesos/.test(c) && /(^|::)master$/.test(c)));
  const agent = names.some((c) => c === 'mesos::slave' || (/mesos/.test(c) && /(^|::)(slave|agent)$/.test(c)));
  // Without the manifests' expansion, a master role is taken to run the ZooKeeper ensemble too, as the
  // scenario's role::mesos::master does.
  const zookeeper = names.some((c) => c === 'zookeeper' || /(^|::)zookeeper$/.test(c)) || (!expand && master);
  return { master, agent, zookeeper };
}

function valueOf(project: Project, session: LookupSession, key: string): NodeValue | undefined {
  const result = session.lookup(key);
  if (result.outcome.kind !== 'found') return undefined;
  const value = toJson(result.outcome.value);
  const top = findKeyOccurrences(session, key)[0];
  let keyAt: Place | undefined;
  let valueAt: Place | undefined;
  let valueNode = null as Parameters<typeof nestedRanges>[0];
  if (top) {
    const entry = project.hieraData(top.path)?.entries.find((e) => e.key === key);
    if (entry) {
      keyAt = { path: top.path, range: entry.keyRange };
      valueAt = { path: top.path, range: entry.valueRange };
      valueNode = entry.valueNode;
    } else if (top.keyRange) keyAt = { path: top.path, range: top.keyRange };
  }
  const path = top?.path;
  return {
    value,
    ...(keyAt ? { keyAt } : {}),
    ...(valueAt ? { valueAt } : {}),
    entryAt: (sub) => {
      if (!path) return undefined;
      const r = nestedRanges(valueNode, sub);
      return r ? { ...(r.key ? { key: { path, range: r.key } } : {}), ...(r.value ? { value: { path, range: r.value } } : {}) } : undefined;
    },
  };
}

function buildNode(project: Project, root: string, d: DiscoveredNode, dataCache: Map<string, DataFileResult>, expand?: (cls: string) => readonly string[]): ClusterNode {
  const session = createLookupSession({ fs: project.view, environmentDir: root, node: { certname: d.certname, facts: d.facts }, dataCache });
  const cache = new Map<string, NodeValue | undefined>();
  const get = (key: string): NodeValue | undefined => {
    if (!cache.has(key)) cache.set(key, valueOf(project, session, key));
    return cache.get(key);
  };
  const classesResult = session.lookup('classes', 'unique');
  const found = classesResult.outcome.kind === 'found' ? toJson(classesResult.outcome.value) : [];
  const classes = (Array.isArray(found) ? found : [found]).filter((c): c is string => typeof c === 'string');
  const roles = rolesOf(classes, expand);
  const ownEntries = project.hieraData(d.path)?.entries ?? [];
  const classesEntry = ownEntries.find((e) => e.key === 'classes');
  const firstKey = ownEntries[0];
  const ownText = project.readText(d.path) ?? '';
  return {
    certname: d.certname,
    isMaster: roles.master,
    isAgent: roles.agent,
    isZookeeper: roles.zookeeper,
    definedAt: { path: d.path, range: firstKey ? firstKey.keyRange : { start: 0, end: 0 } },
    appendAt: { path: d.path, range: { start: ownText.length, end: ownText.length }, needsNewline: ownText.length > 0 && !ownText.endsWith('\n') },
    ...(classesEntry ? { roleAt: { path: d.path, range: classesEntry.keyRange } } : {}),
    get,
  };
}

const memo = new WeakMap<Project, Map<string, { generation: number; model: ClusterModel }>>();

export function clusterModel(project: Project, root: string, expand?: (cls: string) => readonly string[]): ClusterModel {
  let perProject = memo.get(project);
  if (!perProject) memo.set(project, (perProject = new Map()));
  const cached = perProject.get(root);
  if (cached && cached.generation === project.generation) return cached.model;
  const space = keySpaceFor(project, `${root}/hiera.yaml`);
  const dataCache = sharedDataCache(project);
  const nodes = discoverNodes(project, root).map((d) => buildNode(project, root, d, dataCache, expand));
  const mesos = space.modules.get('mesos');
  const zookeeper = space.modules.get('zookeeper');
  const model: ClusterModel = { nodes, ...(mesos ? { mesos } : {}), ...(zookeeper ? { zookeeper } : {}) };
  perProject.set(root, { generation: project.generation, model });
  return model;
}
