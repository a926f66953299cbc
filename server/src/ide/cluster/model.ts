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
import { nestedRanges, type HieraDataFile, type HieraEntry } from '../../syntax/hiera/dataFile.js';
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
  // The entry the value comes from (the last occurrence of the key, the one Puppet reads). Its ranges are read
  // when asked for, so a model kept across keystrokes (see clusterModel) points at where the entry is now.
  const entry = top ? lastEntry(project.hieraData(top.path)?.entries ?? [], key) : undefined;
  const path = top?.path;
  const fallbackKey = top && !entry && top.keyRange ? { path: top.path, range: top.keyRange } : undefined;
  return {
    value,
    get keyAt(): Place | undefined {
      return entry && path ? { path, range: entry.keyRange } : fallbackKey;
    },
    get valueAt(): Place | undefined {
      return entry && path ? { path, range: entry.valueRange } : undefined;
    },
    entryAt: (sub) => {
      if (!path || !entry) return undefined;
      const r = nestedRanges(entry.valueNode, sub);
      return r ? { ...(r.key ? { key: { path, range: r.key } } : {}), ...(r.value ? { value: { path, range: r.value } } : {}) } : undefined;
    },
  };
}

function lastEntry(entries: readonly HieraEntry[], key: string): HieraEntry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i].key === key) return entries[i];
  return undefined;
}

/**
 * What a model read from the data files: per file, the entry each key it looked up resolved to (undefined when
 * absent), or 'whole' when it depended on the whole file. A keystroke that leaves every such entry as it was
 * (the same object: see syntax/hiera/dataFile.ts) cannot change what the model says.
 */
class Reads {
  private readonly files = new Map<string, Map<string, HieraEntry | undefined> | 'whole'>();
  /** Per file read key by key: the chunks (YAML documents) its entries were checked in. */
  private readonly checked = new Map<string, Set<object>>();

  constructor(private readonly project: Project) {}

  readonly record = (path: string, key: string | undefined): void => {
    const known = this.files.get(path);
    if (known === 'whole') return;
    const file = this.project.hieraData(path);
    if (key === undefined || !file || !file.chunks) {
      // A file held whole is parsed anew on every change: any change to it counts.
      this.files.set(path, 'whole');
      return;
    }
    const keys = known ?? new Map<string, HieraEntry | undefined>();
    if (!keys.has(key)) keys.set(key, lastEntry(file.entries, key));
    this.files.set(path, keys);
    if (!known) this.checked.set(path, chunkDocuments(file));
  };

  /** True when none of the changed paths can change what was read: all are open data files, same entries. */
  unchangedBy(changed: readonly string[]): boolean {
    for (const path of changed) {
      if (!this.project.isOpen(path) || this.project.classify(path) !== 'hiera-data') return false;
      const keys = this.files.get(path);
      if (keys === undefined) continue;
      if (keys === 'whole') return false;
      const file = this.project.hieraData(path);
      if (!file?.chunks) return false;
      // A chunk seen before holds the same entry objects; only the chunks parsed since can hold a new occurrence
      // of a key read. Every entry read must still be there (its chunk kept).
      const before = this.checked.get(path) ?? new Set<object>();
      const now = new Set<object>();
      for (const c of file.chunks) {
        const doc = c.entries[0]?.document;
        if (!doc) continue;
        now.add(doc);
        if (!before.has(doc)) for (const e of c.entries) if (keys.has(e.key)) return false;
      }
      for (const entry of keys.values()) if (entry !== undefined && !now.has(entry.document)) return false;
      this.checked.set(path, now);
    }
    return true;
  }
}

function chunkDocuments(file: HieraDataFile): Set<object> {
  const out = new Set<object>();
  for (const c of file.chunks ?? []) if (c.entries[0]) out.add(c.entries[0].document);
  return out;
}

interface NodeState {
  readonly discovered: DiscoveredNode;
  /** The values looked up so far, kept while the model is. */
  readonly values: Map<string, NodeValue | undefined>;
  readonly roles: RoleSets;
}

/** A node of the model over its kept values; a value not asked for yet is looked up in the current files. */
function nodeOf(project: Project, root: string, state: NodeState, dataCache: Map<string, DataFileResult>, reads: Reads): ClusterNode {
  let session: LookupSession | undefined;
  const get = (key: string): NodeValue | undefined => {
    if (!state.values.has(key)) {
      session ??= nodeSession(project, root, state.discovered, dataCache, reads);
      state.values.set(key, valueOf(project, session, key));
    }
    return state.values.get(key);
  };
  const d = state.discovered;
  const ownEntries = project.hieraData(d.path)?.entries ?? [];
  const classesEntry = ownEntries.find((e) => e.key === 'classes');
  const firstKey = ownEntries[0];
  const ownText = project.readText(d.path) ?? '';
  return {
    certname: d.certname,
    isMaster: state.roles.master,
    isAgent: state.roles.agent,
    isZookeeper: state.roles.zookeeper,
    definedAt: { path: d.path, range: firstKey ? firstKey.keyRange : { start: 0, end: 0 } },
    appendAt: { path: d.path, range: { start: ownText.length, end: ownText.length }, needsNewline: ownText.length > 0 && !ownText.endsWith('\n') },
    ...(classesEntry ? { roleAt: { path: d.path, range: classesEntry.keyRange } } : {}),
    get,
  };
}

function nodeSession(project: Project, root: string, d: DiscoveredNode, dataCache: Map<string, DataFileResult>, reads: Reads): LookupSession {
  return createLookupSession({
    fs: project.view,
    environmentDir: root,
    node: { certname: d.certname, facts: d.facts },
    dataCache,
    parsedYaml: (path) => project.hieraData(path),
    recordRead: reads.record,
  });
}

function newNodeState(project: Project, root: string, d: DiscoveredNode, dataCache: Map<string, DataFileResult>, reads: Reads, expand?: (cls: string) => readonly string[]): NodeState {
  const session = nodeSession(project, root, d, dataCache, reads);
  const classesResult = session.lookup('classes', 'unique');
  const found = classesResult.outcome.kind === 'found' ? toJson(classesResult.outcome.value) : [];
  const classes = (Array.isArray(found) ? found : [found]).filter((c): c is string => typeof c === 'string');
  return { discovered: d, values: new Map(), roles: rolesOf(classes, expand) };
}

interface Built {
  generation: number;
  readonly model: ClusterModel;
  readonly nodes: readonly NodeState[];
  readonly reads: Reads;
  readonly expand?: (cls: string) => readonly string[];
}

const memo = new WeakMap<Project, Map<string, Built>>();

/**
 * The cluster model of a control repo. Kept across generations while nothing it read changed: a keystroke in a
 * data file that leaves every entry the lookups resolved to as it was (the usual case: typing in a value the
 * cluster rules do not look at) costs a check of those entries, not a lookup per node and key.
 */
export function clusterModel(project: Project, root: string, expand?: (cls: string) => readonly string[]): ClusterModel {
  let perProject = memo.get(project);
  if (!perProject) memo.set(project, (perProject = new Map()));
  const cached = perProject.get(root);
  if (cached && cached.generation === project.generation) return cached.model;
  const space = keySpaceFor(project, `${root}/hiera.yaml`);
  const dataCache = sharedDataCache(project);
  const mesos = space.modules.get('mesos');
  const zookeeper = space.modules.get('zookeeper');
  const changed = cached ? project.changedSince(cached.generation) : undefined;
  const keep =
    cached !== undefined &&
    changed !== undefined &&
    (cached.expand === undefined) === (expand === undefined) &&
    cached.model.mesos === mesos &&
    cached.model.zookeeper === zookeeper &&
    cached.reads.unchangedBy(changed);
  const reads = keep ? cached.reads : new Reads(project);
  const states = keep ? cached.nodes : discoverNodes(project, root).map((d) => newNodeState(project, root, d, dataCache, reads, expand));
  const nodes = states.map((st) => nodeOf(project, root, st, dataCache, reads));
  const model: ClusterModel = { nodes, ...(mesos ? { mesos } : {}), ...(zookeeper ? { zookeeper } : {}) };
  perProject.set(root, { generation: project.generation, model, nodes: states, reads, expand });
  return model;
}
