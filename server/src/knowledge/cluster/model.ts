// The cluster model of one control repo, as the rules see it: every node with its role (Mesos master, agent,
// ZooKeeper member) and the values Hiera gives it, each value resolved by the lookup engine exactly as Puppet
// would for that node, with the place in the data files that set it, so a finding can point at the line to
// change. The types come first, then the builder. The model is a query of the project (base/queries.ts), updated
// from its previous value: a keystroke costs one update, shared by every file's diagnostics and the topology.
// The rules (keyRules, clusterRules, runtimeRules) only read it.

import type { TextRange } from '../../base/textRange.js';
import { defineObjectTable, defineQuery, type ObjectMemos } from '../../base/queries.js';
import { moduleIndex } from '../../workspace/moduleIndex.js';
import { computeClusters, indexHosts, type Cluster, type HostIndex } from './ensemble.js';
import type { Project } from '../../workspace/project.js';
import type { VersionChoice } from '../catalog.js';
import { createLookupSession, type LookupSession } from '../lookup/engine.js';
import { repoLayers } from '../lookup/repoLayers.js';
import { projectLookupHooks } from '../lookup/projectData.js';
import { findKeyOccurrences } from '../lookup/queries.js';
import { toJson } from '../lookup/values.js';
import { hasTopLevelMerge, nestedRanges, type HieraDataFile, type HieraEntry } from '../../syntax/hiera/dataFile.js';
import { keySpaceFor } from '../context.js';
import { discoverNodes, type DiscoveredNode } from './nodes.js';

export interface Place {
  readonly path: string;
  readonly range: TextRange;
}

export interface NodeValue {
  /** The resolved value as plain data (hashes as objects). */
  readonly value: unknown;
  /** The key in the data file that won (or, for merged values, the highest-priority one). */
  readonly keyAt?: Place;
  /** The value's range in that file. */
  readonly valueAt?: Place;
  /** The range of a nested entry of the value (`['quorum']`, `[1]`), in the file that holds it. */
  readonly entryAt: (path: ReadonlyArray<string | number>) => { key?: Place; value?: Place } | undefined;
}

export interface ClusterNode {
  readonly certname: string;
  readonly isMaster: boolean;
  readonly isAgent: boolean;
  readonly isZookeeper: boolean;
  /** Where the node is defined: its own data file, or its `node` definition. */
  readonly definedAt: Place;
  /** An empty range at the end of the node's own data file, where a fix can add a key. */
  readonly appendAt: Place & { readonly needsNewline: boolean };
  /** Where its role comes from (its `classes` entry), when known. */
  readonly roleAt?: Place;
  /**
   * Where the node is given one of its roles: the item of the `classes` in its own data file naming the class that
   * makes it a Mesos master, an agent or a ZooKeeper server (itself or through what it declares). A finding about
   * the agent sits on the agent's role, not on `classes:`. Undefined when its own file gives it no such class
   * (classes shared in common.yaml or a role's file): a finding about one node stays in that node's file.
   */
  readonly roleEntryAt: (role: Role) => Place | undefined;
  /**
   * The classes the node gets: its `classes` and, when the manifests are indexed, every class those declare
   * (roles include profiles, profiles declare modules).
   */
  readonly classes?: readonly string[];
  readonly get: (key: string) => NodeValue | undefined;
}

export interface ClusterModel {
  readonly nodes: readonly ClusterNode[];
  /**
   * Nodes whose lookups fail (a data file their hierarchy reads does not parse or is refused, a glob past its
   * limit): no rule sees their role. `path` is the node's own data file.
   */
  readonly unreadable?: ReadonlyArray<{ readonly certname: string; readonly path: string; readonly error: string }>;
  readonly mesos?: VersionChoice;
  readonly zookeeper?: VersionChoice;
  readonly java?: VersionChoice;
  /** The clusters of the model (ensemble.ts), computed on first use and kept with the model. */
  readonly clusters?: readonly Cluster[];
  /** Its nodes indexed by the hosts that name them (ensemble.ts), built on first use and kept with the model. */
  readonly hosts?: HostIndex;
}

/** The roles a node can have, as RoleSets names them. */
export type Role = 'master' | 'agent' | 'zookeeper';

export interface RoleSets {
  readonly master: boolean;
  readonly agent: boolean;
  readonly zookeeper: boolean;
  /** Every class the node gets, its own and those they declare (when `expand` is given). */
  readonly classes: readonly string[];
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
  return { master, agent, zookeeper, classes: names };
}

function valueOf(project: Project, session: LookupSession, key: string): NodeValue | undefined {
  const result = session.lookup(key);
  if (result.outcome.kind !== 'found') return undefined;
  const value = toJson(result.outcome.value);
  const top = findKeyOccurrences(session, key)[0];
  const path = top?.path;
  // The places are looked up when asked for, in the file as it is then: a value kept across keystrokes (see
  // clusterModel) points at where its entry is now. The entry is the key's last occurrence, the one Puppet reads.
  const entry = (): HieraEntry | undefined =>
    path ? lastEntryOf(project.queries, project.hieraData(path), key) : undefined;
  const fallbackKey = top?.keyRange ? { path: top.path, range: top.keyRange } : undefined;
  return {
    value,
    get keyAt(): Place | undefined {
      const e = entry();
      return e && path ? { path, range: e.keyRange } : fallbackKey;
    },
    get valueAt(): Place | undefined {
      const e = entry();
      return e && path ? { path, range: e.valueRange } : undefined;
    },
    entryAt: (sub) => {
      const e = entry();
      if (!path || !e) return undefined;
      const r = nestedRanges(e.valueNode, sub);
      return r
        ? { ...(r.key ? { key: { path, range: r.key } } : {}), ...(r.value ? { value: { path, range: r.value } } : {}) }
        : undefined;
    },
  };
}

const lastEntryTable = defineObjectTable<HieraDataFile, Map<string, HieraEntry | undefined>>('lastEntries');

/** The last entry of a key in a parse of a file (the one whose value is read), memoised per parse. */
function lastEntryOf(memos: ObjectMemos, file: HieraDataFile | undefined, key: string): HieraEntry | undefined {
  if (!file) return undefined;
  const lastEntries = memos.table(lastEntryTable);
  let known = lastEntries.get(file);
  if (!known) {
    known = new Map<string, HieraEntry | undefined>();
    lastEntries.set(file, known);
  }
  if (known.has(key)) return known.get(key);
  let found: HieraEntry | undefined;
  if (file.chunks) {
    // A big file: each chunk's keys are indexed once, so a key is found in a look per chunk.
    for (let k = file.chunks.length - 1; k >= 0 && !found; k--)
      found = chunkKeys(memos, file.chunks[k].entries).get(key);
  } else {
    for (let i = file.entries.length - 1; i >= 0 && !found; i--)
      if (file.entries[i].key === key) found = file.entries[i];
  }
  known.set(key, found);
  return found;
}

const chunkKeyTable = defineObjectTable<object, Map<string, HieraEntry>>('chunkKeys');

/** The last entry of each key in one chunk, memoised per chunk (its YAML document). */
function chunkKeys(memos: ObjectMemos, entries: readonly HieraEntry[]): ReadonlyMap<string, HieraEntry> {
  if (entries.length === 0) return new Map();
  const chunkKeyMaps = memos.table(chunkKeyTable);
  let map = chunkKeyMaps.get(entries[0].document);
  if (!map) {
    map = new Map();
    for (const e of entries) map.set(e.key, e);
    chunkKeyMaps.set(entries[0].document, map);
  }
  return map;
}

/** A read of one key of one data file: the entry it resolved to and its value then (undefined when absent). */
interface KeyRead {
  readonly entry: HieraEntry | undefined;
  readonly value: string | undefined;
}

function readOf(memos: ObjectMemos, file: HieraDataFile, key: string): KeyRead {
  const entry = lastEntryOf(memos, file, key);
  return { entry, value: entry ? JSON.stringify([entry.keyValue, entry.value]) : undefined };
}

/**
 * What one node's lookups read from the data files: per file, each key looked at with the entry and value it
 * found, or 'whole' when the answer depended on the whole file (a broken file, a module's data).
 */
type NodeReads = Map<string, Map<string, KeyRead> | 'whole'>;

function recorder(project: Project, reads: NodeReads): (path: string, key: string | undefined) => void {
  return (path, key) => {
    const known = reads.get(path);
    if (known === 'whole') return;
    const file = project.hieraData(path);
    if (key === undefined || !file || file.problems.some((p) => p.kind !== 'duplicate-key') || hasTopLevelMerge(file)) {
      reads.set(path, 'whole');
      return;
    }
    const keys = known ?? new Map<string, KeyRead>();
    if (!keys.has(key)) keys.set(key, readOf(project.queries, file, key));
    reads.set(path, keys);
  };
}

/** How one changed data file differs for the reads: which keys must be compared by value. */
interface FileChange {
  readonly file: HieraDataFile | undefined;
  /** Keys in chunks parsed since the last look (all keys when the file is parsed whole). */
  readonly fresh: ReadonlySet<string> | 'all';
  /** The chunks (YAML documents) the file holds now. */
  readonly documents: ReadonlySet<object>;
}

/** True when a node's reads give the same answers in the changed files. */
function stillValid(memos: ObjectMemos, reads: NodeReads, changes: ReadonlyMap<string, FileChange>): boolean {
  for (const [path, change] of changes) {
    const keys = reads.get(path);
    if (keys === undefined) continue;
    if (
      keys === 'whole' ||
      !change.file ||
      change.file.problems.some((p) => p.kind !== 'duplicate-key') ||
      hasTopLevelMerge(change.file)
    )
      return false;
    for (const [key, read] of keys) {
      const moved = read.entry !== undefined && !change.documents.has(read.entry.document);
      if (change.fresh !== 'all' && !change.fresh.has(key) && !moved) continue;
      if (readOf(memos, change.file, key).value !== read.value) return false;
    }
  }
  return true;
}

function chunkDocuments(file: HieraDataFile | undefined): Set<object> {
  const out = new Set<object>();
  if (file?.chunks) for (const c of file.chunks) for (const e of c.entries.slice(0, 1)) out.add(e.document);
  else for (const e of file?.entries ?? []) out.add(e.document);
  return out;
}

interface NodeState {
  readonly discovered: DiscoveredNode;
  /** The values looked up so far, kept while the node's reads stay valid. */
  readonly values: Map<string, NodeValue | undefined>;
  /** The classes Hiera gives the node (`classes`, unique merge). */
  readonly classes: readonly string[];
  readonly roles: RoleSets;
  readonly reads: NodeReads;
  /** Why the node's classes could not be looked up (a data file it reads is broken). */
  readonly failure?: string;
  /** The node as the model shows it (made once per state). */
  node?: ClusterNode;
}

/**
 * A node of the model over its kept values; a value not asked for yet is looked up in the current files (a
 * session of the current generation). Kept as long as its state is.
 */
function nodeOf(
  project: Project,
  root: string,
  state: NodeState,
  expand: ((cls: string) => readonly string[]) | undefined,
): ClusterNode {
  let session: { generation: number; session: LookupSession } | undefined;
  const get = (key: string): NodeValue | undefined => {
    if (!state.values.has(key)) {
      if (session?.generation !== project.generation) {
        session = {
          generation: project.generation,
          session: nodeSession(project, root, state.discovered, state.reads),
        };
      }
      state.values.set(key, valueOf(project, session.session, key));
    }
    return state.values.get(key);
  };
  const d = state.discovered;
  // The places in the node's own file are read when a rule asks (for its findings): most nodes have none, and
  // a keystroke should not read two thousand node files.
  const own = (): readonly HieraEntry[] => project.hieraData(d.path)?.entries ?? [];
  return {
    certname: d.certname,
    isMaster: state.roles.master,
    isAgent: state.roles.agent,
    isZookeeper: state.roles.zookeeper,
    classes: state.roles.classes,
    get definedAt(): Place {
      const firstKey = own()[0];
      return { path: d.path, range: firstKey ? firstKey.keyRange : { start: 0, end: 0 } };
    },
    get appendAt(): Place & { readonly needsNewline: boolean } {
      const ownText = project.readText(d.path) ?? '';
      return {
        path: d.path,
        range: { start: ownText.length, end: ownText.length },
        needsNewline: ownText.length > 0 && !ownText.endsWith('\n'),
      };
    },
    get roleAt(): Place | undefined {
      const classesEntry = own().find((e) => e.key === 'classes');
      return classesEntry ? { path: d.path, range: classesEntry.keyRange } : undefined;
    },
    roleEntryAt(role: Role): Place | undefined {
      const entry = lastEntryOf(project.queries, project.hieraData(d.path), 'classes');
      const range = entry && classItemWithRole(entry, role, expand);
      return range ? { path: d.path, range } : undefined;
    },
    get,
  };
}

/** The range of the first class of a `classes` entry (a list or one name) that gives the role, if one does. */
function classItemWithRole(
  entry: HieraEntry,
  role: Role,
  expand: ((cls: string) => readonly string[]) | undefined,
): TextRange | undefined {
  const items = Array.isArray(entry.value)
    ? entry.value.map((v, i) => [v, [i]] as const)
    : [[entry.value, []] as const];
  for (const [cls, at] of items) {
    if (typeof cls !== 'string' || !rolesOf([cls], expand)[role]) continue;
    const range = nestedRanges(entry.valueNode, at)?.value;
    if (range) return range;
  }
  return undefined;
}

function nodeSession(project: Project, root: string, d: DiscoveredNode, reads: NodeReads): LookupSession {
  const layers = repoLayers(project, root);
  return createLookupSession({
    fs: project.view,
    environmentDir: layers.environmentDir,
    ...(layers.globalConfigPath ? { globalConfigPath: layers.globalConfigPath } : {}),
    mapDatadir: layers.mapDatadir,
    node: { certname: d.certname, facts: d.facts },
    ...projectLookupHooks(project),
    recordRead: recorder(project, reads),
  });
}

function newNodeState(
  project: Project,
  root: string,
  d: DiscoveredNode,
  expand?: (cls: string) => readonly string[],
): NodeState {
  const reads: NodeReads = new Map();
  const session = nodeSession(project, root, d, reads);
  const classesResult = session.lookup('classes', 'unique');
  const found = classesResult.outcome.kind === 'found' ? toJson(classesResult.outcome.value) : [];
  const classes = (Array.isArray(found) ? found : [found]).filter((c): c is string => typeof c === 'string');
  return {
    discovered: d,
    values: new Map(),
    classes,
    roles: rolesOf(classes, expand),
    reads,
    ...(classesResult.outcome.kind === 'error' ? { failure: classesResult.outcome.message } : {}),
  };
}

/**
 * The same module facts for the rules: the key space is made again after a manifest changed, with choices equal
 * by value (a module of the repo's modulepath is described by its manifests, compared whole).
 */
function sameChoice(a: VersionChoice | undefined, b: VersionChoice | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.reason !== b.reason || a.requested !== b.requested || a.exact !== b.exact) return false;
  return a.module === b.module || JSON.stringify(a.module) === JSON.stringify(b.module);
}

function sameRoles(a: RoleSets, b: RoleSets): boolean {
  return (
    a.master === b.master &&
    a.agent === b.agent &&
    a.zookeeper === b.zookeeper &&
    a.classes.length === b.classes.length &&
    a.classes.every((c, i) => c === b.classes[i])
  );
}

/**
 * A kept node after a manifest changed: its lookups still hold (manifests are no Hiera data), but what its
 * classes declare may not. The same state when its roles are the same, else one with the new roles over the same
 * looked-up values. `roles` memoises the expansion per list of classes for one build (nodes share roles).
 */
function withRoles(
  st: NodeState,
  expand: ((cls: string) => readonly string[]) | undefined,
  roles: Map<string, RoleSets>,
): NodeState {
  const key = st.classes.join('\n');
  let r = roles.get(key);
  if (!r) roles.set(key, (r = rolesOf(st.classes, expand)));
  return sameRoles(r, st.roles)
    ? st
    : {
        discovered: st.discovered,
        values: st.values,
        classes: st.classes,
        roles: r,
        reads: st.reads,
        ...(st.failure !== undefined ? { failure: st.failure } : {}),
      };
}

interface Built {
  readonly generation: number;
  readonly model: ClusterModel;
  readonly nodes: readonly NodeState[];
  /** Per data file read: the chunks it held when last looked at. */
  readonly documents: Map<string, Set<object>>;
  readonly expand?: (cls: string) => readonly string[];
}

/**
 * The cluster model of a control repo: a query, updated from its previous value. Across changes each node keeps
 * what it looked up while nothing it read changed: a keystroke in a data file costs a look at the keys each node
 * read from that file (by entry, then by value), and a lookup only for the nodes whose answers may differ. Roles
 * and profiles are followed through the module index when it knows any class; without manifests the rules fall
 * back to recognising classes by name.
 */
export function clusterModel(project: Project, root: string): ClusterModel {
  return project.query(clusterModelQuery, root).model;
}

/** The model with its clusters computed when first asked for, held by the model itself. */
function withClusters(base: Omit<ClusterModel, 'clusters' | 'hosts'>): ClusterModel {
  let clusters: readonly Cluster[] | undefined;
  let hosts: HostIndex | undefined;
  const model: ClusterModel = {
    ...base,
    get clusters() {
      return (clusters ??= computeClusters(model));
    },
    get hosts() {
      return (hosts ??= indexHosts(model.nodes));
    },
  };
  return model;
}

/**
 * What a class declares, through the module index, when the repo's manifests are indexed (it knows a class);
 * undefined otherwise. The one choice the model, the rules and the topology share.
 */
export function classExpansion(project: Project, root: string): ((cls: string) => readonly string[]) | undefined {
  const index = moduleIndex(project, root);
  return index.classes().length > 0 ? index.expandIncludes : undefined;
}

const clusterModelQuery = defineQuery('clusterModel', (project: Project, root: string, cached: Built | undefined) =>
  buildModel(project, root, classExpansion(project, root), cached),
);

function buildModel(
  project: Project,
  root: string,
  expand: ((cls: string) => readonly string[]) | undefined,
  cached: Built | undefined,
): Built {
  if (cached && cached.generation === project.generation) return cached;
  const space = keySpaceFor(project, `${root}/hiera.yaml`);
  const mesos = space.modules.get('mesos');
  const zookeeper = space.modules.get('zookeeper');
  const java = space.modules.get('java');
  const changed = cached ? project.changedSince(cached.generation) : undefined;
  // Only edits to open data files and to manifests can leave looked-up values as they were (a manifest is no
  // Hiera data: it changes what a node's classes declare, not what its lookups find); anything else starts over.
  // A manifest opened before it is saved may add a module folder the lookups see, so it starts over too.
  const openedOrClosed =
    cached && changed && changed.length > 0 ? project.openedOrClosedSince(cached.generation) : undefined;
  const manifestEdit = (p: string): boolean =>
    project.classify(p) === 'puppet' && project.fs.exists(p) && !(openedOrClosed?.has(p) && !project.isOpen(p));
  const keep =
    cached !== undefined &&
    changed !== undefined &&
    (cached.expand === undefined) === (expand === undefined) &&
    sameChoice(cached.model.mesos, mesos) &&
    sameChoice(cached.model.zookeeper, zookeeper) &&
    sameChoice(cached.model.java, java) &&
    changed.every((p) => (project.isOpen(p) && project.classify(p) === 'hiera-data') || manifestEdit(p));
  const manifestsChanged = keep && changed.some((p) => project.classify(p) === 'puppet');
  const documents = keep ? cached.documents : new Map<string, Set<object>>();
  let states: NodeState[];
  if (keep) {
    const changes = new Map<string, FileChange>();
    for (const path of changed) {
      if (project.classify(path) === 'puppet') continue;
      const file = project.hieraData(path);
      const now = chunkDocuments(file);
      const before = documents.get(path);
      let fresh: Set<string> | 'all' = 'all';
      if (file?.chunks && before) {
        fresh = new Set();
        for (const c of file.chunks)
          if (c.entries.length > 0 && !before.has(c.entries[0].document)) for (const e of c.entries) fresh.add(e.key);
      }
      changes.set(path, { file, fresh, documents: now });
      documents.set(path, now);
    }
    const discovered = discoverNodes(project, root);
    const sameNodes =
      discovered.length === cached.nodes.length && discovered.every((d, i) => d === cached.nodes[i].discovered);
    const roles = new Map<string, RoleSets>();
    states = sameNodes
      ? cached.nodes.map((st) =>
          !stillValid(project.queries, st.reads, changes)
            ? newNodeState(project, root, st.discovered, expand)
            : manifestsChanged
              ? withRoles(st, expand, roles)
              : st,
        )
      : discovered.map((d) => newNodeState(project, root, d, expand));
  } else {
    states = discoverNodes(project, root).map((d) => newNodeState(project, root, d, expand));
  }
  let same = keep && states.length === cached.nodes.length;
  for (let i = 0; i < states.length; i++) {
    const st = states[i];
    if (st.node) continue;
    same = false;
    st.node = nodeOf(project, root, st, expand);
    for (const path of st.reads.keys())
      if (!documents.has(path)) documents.set(path, chunkDocuments(project.hieraData(path)));
  }
  // When every node was kept, so is the model object.
  const unreadable = states
    .filter((st) => st.failure !== undefined)
    .map((st) => ({ certname: st.discovered.certname, path: st.discovered.path, error: st.failure! }));
  const model: ClusterModel =
    same && keep
      ? cached.model
      : withClusters({
          nodes: states.map((st) => st.node!),
          ...(unreadable.length > 0 ? { unreadable } : {}),
          ...(mesos ? { mesos } : {}),
          ...(zookeeper ? { zookeeper } : {}),
          ...(java ? { java } : {}),
        });
  return { generation: project.generation, model, nodes: states, documents, expand };
}
