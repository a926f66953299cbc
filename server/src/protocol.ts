// Custom protocol messages shared by the language server and the VS Code client, each defined once as a typed
// message (method, params, result), so both ends agree on the shapes at compile time. The client imports only this
// file from the server's sources.

import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';

/** Sent by the server when it has (re)loaded the workspace: how many files of each kind it serves. */

export interface ServerStatus {
  readonly roots: readonly string[];
  readonly message: string;
}

// --- Lookup preview: what a node sees in Hiera (the VS Code lookup preview; any client may send these) ---

/** A position as the protocol counts it: 0-based line and UTF-16 character. */
export interface ProtocolPosition {
  readonly line: number;
  readonly character: number;
}

export interface ProtocolRange {
  readonly start: ProtocolPosition;
  readonly end: ProtocolPosition;
}

export type LookupMerge = 'first' | 'unique' | 'hash' | 'deep';

/**
 * `mesosPuppet/lookupPreview` (request, client → server): looks one key (or, without `key`, every key the node's
 * data files hold) up for a node, the way `puppet lookup --node N` would.
 */

export interface LookupPreviewParams {
  /** Any file or folder of the control repo (a workspace folder, a data file); the first workspace folder when omitted. */
  readonly uri?: string;
  /** The node's certname; may be omitted when the control repo has exactly one node. */
  readonly node?: string;
  /** The key to look up (dotted keys dig: `a.b.0`); omitted: every key the node's data files hold. */
  readonly key?: string;
  /** The node's facts as a plain map; when omitted they are derived from the node name (fqdn, hostname, domain). */
  readonly facts?: Readonly<Record<string, unknown>>;
  /** The merge to use instead of the key's own (lookup_options, else first). Only with `key`. */
  readonly merge?: LookupMerge;
  /** Also return the step-by-step explanation (the text `puppet lookup --explain` prints). Only with `key`. */
  readonly explain?: boolean;
}

/** One data file of the node's hierarchy that sets the key, highest priority first. */
export interface LookupPreviewSource {
  readonly uri: string;
  readonly layer: 'global' | 'environment' | 'module';
  readonly module?: string;
  /** The hierarchy entry's name (`Per node`, `Common`, ...). */
  readonly entry: string;
  /** The value as written in that file, before interpolation and merging (JSON). */
  readonly value: unknown;
  /** The key in that file, when it is a YAML file. */
  readonly range?: ProtocolRange;
}

export interface LookupPreviewEntry {
  readonly key: string;
  readonly outcome: 'found' | 'not-found' | 'error';
  /** The resolved value (JSON; hashes as objects), when found. */
  readonly value?: unknown;
  /** Why the lookup failed, for `error`. */
  readonly error?: string;
  /** The resolved value as YAML, as a data file would write it. */
  readonly valueYaml?: string;
  readonly merge: LookupMerge;
  /** Where the merge came from: the caller, the key's `lookup_options`, or the default (first). */
  readonly mergeSource: 'caller' | 'lookup_options' | 'default';
  /** For a merge the repo's own code asks for: the call and its file (`hiera_include in manifests/site.pp`). */
  readonly mergeVia?: string;
  readonly sources: readonly LookupPreviewSource[];
}

export type LookupPreviewResult =
  | {
      readonly kind: 'ok';
      /** The control repo's folder. */
      readonly rootUri: string;
      readonly node: string;
      /** True when the facts were derived from the node name rather than given. */
      readonly factsDerived: boolean;
      readonly facts: Readonly<Record<string, unknown>>;
      /** One entry for `key`, or every key of the node sorted by name. */
      readonly entries: readonly LookupPreviewEntry[];
      /** With `explain`: the explanation as indented text. */
      readonly explanation?: string;
    }
  | {
      readonly kind: 'error';
      /** `no-root`: no control repo; `node-required`: several nodes and none named; `no-nodes`: none found and none named. */
      readonly reason: 'no-root' | 'node-required' | 'no-nodes';
      readonly message: string;
      /** The nodes to choose from, for `node-required`. */
      readonly nodes?: readonly string[];
    };

/** `mesosPuppet/nodes` (request, client → server): the nodes of the control repos (one per node data file). */

export interface NodesParams {
  /** Restrict to the control repo holding this file or folder; every workspace folder when omitted. */
  readonly uri?: string;
}

export interface NodeInfo {
  readonly certname: string;
  /** The control repo's folder. */
  readonly rootUri: string;
  /** The node's own data file. */
  readonly uri: string;
  /** The facts its name implies (what the preview uses when given none). */
  readonly facts: Readonly<Record<string, unknown>>;
}

export interface NodesResult {
  readonly nodes: readonly NodeInfo[];
}

// --- Scaffold: the "Scaffold Mesos cluster" wizard asks the server to check inputs and to plan the files ---

export type ScaffoldField = 'masters' | 'slaves' | 'domain' | 'ip' | 'port' | 'clusterName';

/** `mesosPuppet/scaffoldCheck` (request): checks one wizard input as the user types. */

export interface ScaffoldCheckParams {
  readonly field: ScaffoldField;
  readonly value: string;
  /** The masters already chosen (slaves must differ from them). */
  readonly masters?: readonly string[];
  /** For `port`: whose port it is, and the other framework's choice (its default when absent). */
  readonly framework?: 'marathon' | 'chronos';
  readonly other?: { readonly enabled: boolean; readonly port: number };
  /** For `ip`: the host it is for, and the addresses already given (each host needs its own). */
  readonly host?: string;
  readonly ips?: Readonly<Record<string, string>>;
}

export interface ScaffoldCheckResult {
  /** Why the value is not acceptable; absent when it is. */
  readonly message?: string;
  /** The value as a list, for host lists. */
  readonly hosts?: readonly string[];
}

export interface ScaffoldOptionsDto {
  readonly masters: readonly string[];
  readonly slaves: readonly string[];
  readonly domain: string;
  readonly ips: Readonly<Record<string, string>>;
  readonly modules: 'book' | 'newest';
  readonly marathon: { readonly enabled: boolean; readonly port: number };
  readonly chronos: { readonly enabled: boolean; readonly port: number };
  readonly clusterName: string;
}

/** `mesosPuppet/scaffoldDefaults` (request, no params): the cluster the wizard proposes (three masters, ...). */

/** `mesosPuppet/scaffoldPlan` (request): the files the scaffold would write into a folder, and their state there. */

export interface ScaffoldPlanParams {
  readonly options: ScaffoldOptionsDto;
  readonly targetUri: string;
}

export interface ScaffoldPlanFile {
  readonly path: string;
  readonly uri: string;
  /** `differs`: a regular file with other content (a conflict to confirm); `blocked`: a folder, symbolic link,
   *  FIFO, socket or device is there, or above it (never replaced). */
  readonly status: 'new' | 'same' | 'differs' | 'blocked';
  readonly content: string;
  /** Why a `blocked` path is blocked, or why a file that `differs` has no diff (binary, too large). */
  readonly reason?: string;
}

export interface ScaffoldPlanResult {
  /** Problems with the options; when any, `files` is empty. */
  readonly problems: readonly string[];
  readonly files: readonly ScaffoldPlanFile[];
}

// --- Topology: the cluster picture drawn from the workspace's Hiera data ---

/** `mesosPuppet/topology` (request): every control repo's cluster, its nodes and the problems the rules found. */

export interface TopologyParams {
  readonly uri?: string;
}

export interface TopologyLink {
  readonly uri: string;
  readonly range: ProtocolRange;
}

export interface TopologyNode {
  readonly certname: string;
  readonly master: boolean;
  readonly agent: boolean;
  readonly zookeeper: boolean;
  readonly zookeeperId?: string;
  readonly definedAt: TopologyLink;
}

export interface TopologyProblem {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'information' | 'hint';
  readonly message: string;
  readonly at: TopologyLink;
}

export interface TopologyCluster {
  readonly rootUri: string;
  readonly mesosVersion?: string;
  readonly zookeeperVersion?: string;
  readonly nodes: readonly TopologyNode[];
  readonly ensemble: readonly string[];
  readonly ensembleAt?: TopologyLink;
  readonly zookeeperUrl?: string;
  readonly zookeeperUrlAt?: TopologyLink;
  readonly quorum?: { readonly value: string; readonly expected: number; readonly at?: TopologyLink };
  readonly frameworks: ReadonlyArray<{
    readonly name: 'Marathon' | 'Chronos';
    readonly port?: number;
    readonly at?: TopologyLink;
  }>;
  readonly problems: readonly TopologyProblem[];
}

export interface TopologyResult {
  readonly clusters: readonly TopologyCluster[];
}

/**
 * `mesosPuppet/nodePreview` (request, client → server): what a node gets when Puppet compiles the control repo
 * for it — the Mesos, ZooKeeper, Marathon and Chronos files with their content and origin, the packages and the
 * services — evaluated by the server without Puppet, the editor's unsaved text included.
 */
export interface NodePreviewParams {
  /** Any file or folder of the control repo; the first workspace folder when omitted. */
  readonly uri?: string;
  /** The node's certname. */
  readonly node: string;
  /** The node's facts as a plain map; when omitted: derived from the name, on a Debian 12 host. */
  readonly facts?: Readonly<Record<string, unknown>>;
  /** The files as saved on disk, without the editor's unsaved text (to compare with the last saved state). */
  readonly saved?: boolean;
  /** Also say which Hiera keys each line shows (`lineKeys`, `keySources`): one more evaluation per key read. */
  readonly lineOrigins?: boolean;
}

export interface NodePreviewFile {
  /** The path on the node (`/etc/mesos-master/quorum`). */
  readonly path: string;
  /** The exact content; null when the resource does not set it or it could not be rendered (see findings). */
  readonly content: string | null;
  readonly ensure: string | null;
  readonly origin: {
    /** `File[/etc/mesos-master/quorum]`. */
    readonly resource: string;
    /** Where the resource is declared. */
    readonly uri: string;
    readonly range: ProtocolRange;
    /** The classes and defined resources it sits in, outermost first. */
    readonly via: readonly string[];
    readonly templates?: readonly string[];
  };
  /** With `lineOrigins`: per line of the content, the Hiera keys whose value it shows ([]: the template or a default). */
  readonly lineKeys?: readonly (readonly string[])[];
}

export interface NodePreviewFinding {
  readonly kind: 'fail' | 'error' | 'warning' | 'limit' | 'unsupported';
  readonly message: string;
  readonly uri?: string;
  readonly range?: ProtocolRange;
}

export type NodePreviewResult =
  | {
      readonly kind: 'ok';
      readonly rootUri: string;
      readonly node: string;
      readonly factsDerived: boolean;
      readonly classes: readonly string[];
      readonly files: readonly NodePreviewFile[];
      readonly packages: readonly { readonly name: string; readonly ensure: string | null }[];
      readonly services: readonly {
        readonly name: string;
        readonly ensure: string | null;
        readonly enable: boolean | string | null;
      }[];
      /** False when the evaluation stopped early; the findings say where and why. */
      readonly complete: boolean;
      readonly findings: readonly NodePreviewFinding[];
      /** With `lineOrigins`: the data file each key named in `lineKeys` was found in for the node. */
      readonly keySources?: readonly { readonly key: string; readonly uri: string }[];
    }
  | {
      readonly kind: 'error';
      /** `no-root`: no control repo; `node-not-found`/`no-nodes`: the repo has no such node. */
      readonly reason: 'no-root' | 'node-not-found' | 'no-nodes';
      readonly message: string;
      readonly nodes?: readonly string[];
    };

// --- The messages ---------------------------------------------------------------------------------------------

/** `mesosPuppet/serverStatus` (notification, server → client). */
export const ServerStatusNotification = new NotificationType<ServerStatus>('mesosPuppet/serverStatus');
/** `mesosPuppet/lookupPreview` (request, client → server). */
export const LookupPreviewRequest = new RequestType<LookupPreviewParams, LookupPreviewResult, void>(
  'mesosPuppet/lookupPreview',
);
/** `mesosPuppet/nodePreview` (request, client → server). */
export const NodePreviewRequest = new RequestType<NodePreviewParams, NodePreviewResult, void>(
  'mesosPuppet/nodePreview',
);
/** `mesosPuppet/nodes` (request, client → server). */
export const NodesRequest = new RequestType<NodesParams, NodesResult, void>('mesosPuppet/nodes');
/** `mesosPuppet/scaffoldCheck` (request, client → server). */
export const ScaffoldCheckRequest = new RequestType<ScaffoldCheckParams, ScaffoldCheckResult, void>(
  'mesosPuppet/scaffoldCheck',
);
/** `mesosPuppet/scaffoldDefaults` (request, client → server). */
export const ScaffoldDefaultsRequest = new RequestType0<ScaffoldOptionsDto, void>('mesosPuppet/scaffoldDefaults');

/** `mesosPuppet/scaffoldModuleSets` (request, no params): the module sets the scaffold can write, newest first. */
export interface ScaffoldModuleSetDto {
  readonly value: ScaffoldOptionsDto['modules'];
  readonly label: string;
  /** The releases the set pins, e.g. `mesos v1.1.0, zookeeper v1.6.0, stdlib 8.6.0, apt 8.5.0`. */
  readonly description: string;
}
export const ScaffoldModuleSetsRequest = new RequestType0<ScaffoldModuleSetDto[], void>(
  'mesosPuppet/scaffoldModuleSets',
);
/** `mesosPuppet/scaffoldPlan` (request, client → server). */
export const ScaffoldPlanRequest = new RequestType<ScaffoldPlanParams, ScaffoldPlanResult, void>(
  'mesosPuppet/scaffoldPlan',
);
/** `mesosPuppet/topology` (request, client → server). */
export const TopologyRequest = new RequestType<TopologyParams, TopologyResult, void>('mesosPuppet/topology');

/**
 * `mesosPuppet/serverStats` (request, params optional): the server's memory and how long its event loop was held,
 * for the soak, the attack suite and the bench. The first request starts the event-loop monitor; each answer
 * covers the time since the previous one. With `collect`, the server first runs a full garbage collection (after
 * reading the loop's figures, so the collection is not counted as a hold) and reports what survived it.
 */
export interface ServerStatsParams {
  readonly collect?: boolean;
}
export interface ServerStats {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly heapTotalBytes: number;
  readonly externalBytes: number;
  /** The heap that survived a full collection: present only when the request asked for `collect`. */
  readonly liveHeapBytes?: number;
  /** The longest the event loop was held since the previous request (0 for the first), in ms (10 ms resolution). */
  readonly loopDelayMaxMs: number;
  /** The 99th percentile of the event loop's delays in that time, in ms. */
  readonly loopDelayP99Ms: number;
}
export const ServerStatsRequest = new RequestType<ServerStatsParams | null, ServerStats, void>(
  'mesosPuppet/serverStats',
);
