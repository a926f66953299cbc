// The cluster as the rules see it: every node of the control repo with its role (Mesos master, agent,
// ZooKeeper member) and the values Hiera gives it, each value with the place that set it, so a finding can
// point at the line to change. Built in ide/cluster from the data files and the lookup engine; the rules in
// rules.ts only read it.

import type { TextRange } from '../../base/textRange.js';
import type { VersionChoice } from '../catalog.js';

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
   * The classes the node gets: its `classes` and, when the manifests are indexed, every class those declare
   * (roles include profiles, profiles declare modules).
   */
  readonly classes?: readonly string[];
  readonly get: (key: string) => NodeValue | undefined;
}

export interface ClusterModel {
  readonly nodes: readonly ClusterNode[];
  /** Nodes whose lookups fail (a data file their hierarchy reads does not parse): no rule sees their role. */
  readonly unreadable?: ReadonlyArray<{ readonly certname: string; readonly error: string }>;
  readonly mesos?: VersionChoice;
  readonly zookeeper?: VersionChoice;
  readonly java?: VersionChoice;
}
