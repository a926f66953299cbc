// Version thresholds of the mesos and zookeeper modules that change what a correct value looks like. Each
// threshold is a fact checked against the module sources (see shared/docs/domain.md).

import { compareVersions, type VersionChoice } from '../catalog.js';

/** The version the repo asks for (installed or pinned), else the bundled catalog's. */
export function versionOf(choice: VersionChoice | undefined): string | undefined {
  return choice ? (choice.requested ?? choice.module.version) : undefined;
}

export function atLeast(choice: VersionChoice | undefined, version: string): boolean {
  const v = versionOf(choice);
  return v !== undefined && compareVersions(v, version) >= 0;
}

export function below(choice: VersionChoice | undefined, version: string): boolean {
  const v = versionOf(choice);
  return v !== undefined && compareVersions(v, version) < 0;
}

export const MESOS = {
  /** `mesos::slave::checkpoint` stopped doing anything. */
  checkpointDead: '0.4.1',
  /** Option values may be numbers (written with a newline) from here; before, they must be strings. */
  numericOptions: '0.6.4',
  /** The agent's work_dir default moved from /tmp/mesos to /var/lib/mesos. */
  workDirDefaultFixed: '0.9.0',
  /** `logger` joined `work_dir` as a key the module manages itself. */
  loggerManaged: '0.7.1',
  /** `mesos::zookeeper` may be an Array of hosts. */
  zookeeperArray: '0.8.0',
} as const;

export const ZOOKEEPER = {
  /** Entries of `servers` get the ports appended (without stripping) from here ... */
  serversPortsAppended: '0.3.6',
  /** ... and from here anything after the first ':' is stripped first. */
  serversPortsStripped: '0.5.1',
  /** `servers` may be a Hash {id => host}: zoo.cfg.erb iterates `each_pair` from v0.6.0 (an Array is turned into one). */
  serversHash: '0.6.0',
  /** `id` must be a String. */
  idString: '0.8.0',
} as const;

/**
 * Parameters that take more kinds of value than their untyped default shows, and from which release: the
 * zookeeper module declared no type for `servers` before v0.8.0, and its default is a list, yet zoo.cfg.erb takes
 * the Hash form from v0.6.0. The catalog reads the kind from the default, so it alone would call a Hash wrong.
 */
const WIDER_SHAPES: Readonly<Record<string, { readonly module: string; readonly hash: string }>> = {
  'zookeeper::servers': { module: 'zookeeper', hash: ZOOKEEPER.serversHash },
};

/**
 * Whether a Hash for `key` is judged by what the module's releases do rather than by its untyped default's kind:
 * from the release that takes the Hash form it is right, and before it the domain rule
 * (`zookeeper/servers-format`) says so with the release it arrived in, so the generic shape finding would only
 * repeat it.
 */
export function hashJudgedByRelease(key: string, choice: VersionChoice | undefined): boolean {
  const wider = WIDER_SHAPES[key];
  return wider !== undefined && choice?.module.name === wider.module;
}
