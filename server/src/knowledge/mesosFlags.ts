// Command-line flags of the Mesos master and agent, as users set them through the `options` hashes of
// mesos::master and mesos::slave: the module writes each key to a file under /etc/mesos-master/ or
// /etc/mesos-slave/, and the packaged init wrapper passes every file as `--<name>=<content>` (true/false as
// `--<name>` / `--no-<name>`). Mesos stops at a flag it does not know, so a misspelt key keeps the daemon from
// starting. The list covers the flags a cluster commonly sets, in their names before and after Mesos 1.0
// renamed "slave" to "agent" (the old names are still accepted), and flags that a version added or removed say
// which; it is not every flag, so a key that is not listed is only reported when it is
// close to one that is, or belongs to the other daemon only. Names and defaults are Mesos facts; the summaries
// are ours.

import { compareVersions } from './catalog.js';

export type FlagDaemon = 'master' | 'agent' | 'both';

export interface MesosFlag {
  readonly name: string;
  readonly daemon: FlagDaemon;
  /** true/false: the module writes a flag file that turns it on or off. */
  readonly boolean?: boolean;
  /** The default, or the default per daemon when they differ. */
  readonly default?: string | Readonly<Record<OptionsDaemon, string>>;
  readonly summary: string;
  /** The newer name (for the old names, which Mesos still accepts as aliases). */
  readonly renamedTo?: string;
  /**
   * The Mesos version that introduced the name (per daemon where the two differ); an older Mesos refuses it.
   * Checked against the flag loaders of every Mesos release (src/master/flags.cpp, src/slave/flags.cpp,
   * src/logging/flags.cpp and the daemons' main.cpp at each release tag); where a patch release took a flag in
   * early (role_sorter in 1.4.2, max_completed_* in 0.24.2, executor_reregistration_timeout in 1.1.3), the
   * earliest release is given, so no version that accepts the flag is ever told it refuses it.
   */
  readonly since?: string | Readonly<Record<OptionsDaemon, string>>;
  /** The Mesos version that removed the flag; a newer Mesos refuses it. */
  readonly removedIn?: string;
}

const M: FlagDaemon = 'master';
const A: FlagDaemon = 'agent';
const B: FlagDaemon = 'both';

function f(name: string, daemon: FlagDaemon, summary: string, extra: Partial<MesosFlag> = {}): MesosFlag {
  return { name, daemon, summary, ...extra };
}

export const MESOS_FLAGS: readonly MesosFlag[] = [
  // --- both daemons ---
  f('hostname', B, 'The host name this daemon advertises to the others (and in ZooKeeper for a master).', {
    since: { master: '0.18', agent: '0.15' },
  }),
  f('ip', B, 'The address to listen on.'),
  f('port', B, 'The port to listen on.', { default: { master: '5050', agent: '5051' } }),
  f('advertise_ip', B, 'The address to announce instead of `ip`, for hosts behind NAT or in containers.', {
    since: { master: '0.24', agent: '0.27' },
  }),
  f('advertise_port', B, 'The port to announce instead of `port`.', { since: { master: '0.24', agent: '0.27' } }),
  f(
    'hostname_lookup',
    B,
    'Whether to find the host name by a DNS lookup when `hostname` is not set; off uses the IP address.',
    { boolean: true, default: 'true', since: '0.25' },
  ),
  f('log_dir', B, 'Where to write log files; without it, logs go to stderr only.'),
  f('logging_level', B, 'The lowest level that is logged: INFO, WARNING or ERROR.', { default: 'INFO', since: '0.19' }),
  f(
    'external_log_file',
    B,
    'A log file written by something else (syslog, a supervisor) that the web UI should show.',
    { since: '0.22' },
  ),
  f('quiet', B, 'Log to files only, not to stderr.', { boolean: true, default: 'false' }),
  f('logbufsecs', B, 'How many seconds log lines may be buffered before they are written.', { default: '0' }),
  f('modules', B, 'JSON (or a file path) naming the Mesos modules to load.', { since: '0.21' }),
  f('modules_dir', B, 'A folder of JSON files naming the Mesos modules to load.', { since: '1.0' }),
  f('hooks', B, 'Comma-separated hook modules to install.', { since: '0.22' }),
  f('http_authenticators', B, 'The authenticators used for the HTTP endpoints.', {
    since: { master: '0.27', agent: '1.0' },
  }),
  f('acls', B, 'JSON (or a file path) with the access control lists that the authorizer applies.', {
    since: { master: '0.20', agent: '1.0' },
  }),
  f(
    'work_dir',
    B,
    'Where the daemon keeps its state. Set through the work_dir class parameter, never through options.',
    { since: { master: '0.16', agent: '0.10' } },
  ),

  // --- master ---
  f('quorum', M, 'How many masters must agree on a replicated-log write: a majority of the masters, floor(n/2) + 1.', {
    since: '0.19',
  }),
  f('cluster', M, 'A human-readable name of the cluster, shown in the web UI.'),
  f('zk', M, 'The ZooKeeper URL for leader election; the module writes it to /etc/mesos/zk instead.'),
  f('zk_session_timeout', B, 'The ZooKeeper session timeout (the agent takes it from Mesos 1.5).', {
    default: '10secs',
    since: { master: '0.19', agent: '1.5' },
  }),
  f(
    'registry',
    M,
    'Where the master keeps its registry of agents: replicated_log (required for several masters) or in_memory.',
    { default: 'replicated_log', since: '0.16' },
  ),
  f('registry_strict', M, 'Whether the master refuses agents the registry does not know (an experimental setting).', {
    boolean: true,
    default: 'false',
    since: '0.19',
  }),
  f('registry_fetch_timeout', M, 'How long to wait for the registry on recovery before giving up.', {
    default: '1mins',
    since: '0.19',
  }),
  f('registry_store_timeout', M, 'How long to wait for a registry write before the master aborts.', {
    default: '20secs',
    since: '0.19',
  }),
  f('offer_timeout', M, 'How long an offer may stay unanswered before it is rescinded; unset, offers stay.', {
    since: '0.21',
  }),
  f('roles', M, 'The roles frameworks may register with, comma-separated (deprecated from Mesos 1.3).', {
    since: '0.14',
  }),
  f('weights', M, 'Allocation weights per role: role=weight,...', { since: '0.14' }),
  f('allocation_interval', M, 'The time between batch allocations of resources to frameworks.', {
    default: '1secs',
    since: '0.11',
  }),
  f('allocator', M, 'The allocator to use.', {
    default: 'HierarchicalDRF (hierarchical from Mesos 1.7)',
    since: '0.23',
  }),
  f('framework_sorter', M, 'How resources are shared among frameworks: drf or random.', {
    default: 'drf',
    since: '0.11',
  }),
  f('user_sorter', M, 'How resources are shared among roles (or users, before Mesos 1.0): drf or random.', {
    default: 'drf',
    renamedTo: 'role_sorter',
    since: '0.11',
  }),
  f('role_sorter', M, 'How resources are shared among roles: drf or random.', { default: 'drf', since: '1.4.2' }),
  f('authenticate', M, 'Require frameworks to authenticate (renamed authenticate_frameworks in Mesos 1.0).', {
    boolean: true,
    default: 'false',
    renamedTo: 'authenticate_frameworks',
    since: '0.15',
  }),
  f('authenticate_frameworks', M, 'Require frameworks to authenticate.', {
    boolean: true,
    default: 'false',
    since: '1.0',
  }),
  f('authenticate_slaves', M, 'Require agents to authenticate (renamed authenticate_agents in Mesos 1.0).', {
    boolean: true,
    default: 'false',
    renamedTo: 'authenticate_agents',
    since: '0.19',
  }),
  f('authenticate_agents', M, 'Require agents to authenticate.', { boolean: true, default: 'false', since: '1.0' }),
  f('authenticators', M, 'The authenticator module used for frameworks and agents.', {
    default: 'crammd5',
    since: '0.21',
  }),
  f('credentials', M, 'A file with the credentials (principal and secret) that frameworks and agents may use.', {
    since: '0.15',
  }),
  f(
    'slave_ping_timeout',
    M,
    'How long the master waits for an agent to answer a ping (renamed agent_ping_timeout in Mesos 1.0).',
    { default: '15secs', renamedTo: 'agent_ping_timeout', since: '0.23' },
  ),
  f('agent_ping_timeout', M, 'How long the master waits for an agent to answer a ping.', {
    default: '15secs',
    since: '1.0',
  }),
  f(
    'max_slave_ping_timeouts',
    M,
    'Missed pings after which an agent is removed (renamed max_agent_ping_timeouts in Mesos 1.0).',
    { default: '5', renamedTo: 'max_agent_ping_timeouts', since: '0.23' },
  ),
  f('max_agent_ping_timeouts', M, 'Missed pings after which an agent is removed.', { default: '5', since: '1.0' }),
  f(
    'slave_reregister_timeout',
    M,
    'How long agents have to register again after a master failover (renamed agent_reregister_timeout in Mesos 1.0).',
    { default: '10mins', renamedTo: 'agent_reregister_timeout', since: '0.19' },
  ),
  f('agent_reregister_timeout', M, 'How long agents have to register again after a master failover.', {
    default: '10mins',
    since: '1.0',
  }),
  f(
    'slave_removal_rate_limit',
    M,
    'How fast agents that fail health checks may be removed, e.g. 1/10mins (renamed agent_removal_rate_limit in Mesos 1.0).',
    { renamedTo: 'agent_removal_rate_limit', since: '0.22' },
  ),
  f('agent_removal_rate_limit', M, 'How fast agents that fail health checks may be removed, e.g. 1/10mins.', {
    since: '1.0',
  }),
  f(
    'recovery_slave_removal_limit',
    M,
    'The largest share of agents that may be removed after a failover, e.g. 100% (renamed recovery_agent_removal_limit in Mesos 1.0).',
    { default: '100%', renamedTo: 'recovery_agent_removal_limit', since: '0.19' },
  ),
  f('recovery_agent_removal_limit', M, 'The largest share of agents that may be removed after a failover, e.g. 100%.', {
    default: '100%',
    since: '1.0',
  }),
  f('max_completed_frameworks', M, 'How many finished frameworks the master remembers.', {
    default: '50',
    since: '0.24.2',
  }),
  f('max_completed_tasks_per_framework', M, 'How many finished tasks per framework the master remembers.', {
    default: '1000',
    since: '0.24.2',
  }),
  f('rate_limits', M, 'JSON (or a file path) with the message rate limits per framework principal.', { since: '0.20' }),
  f('webui_dir', M, 'The folder the web UI is served from.'),
  f('whitelist', M, 'A file listing the agents that may receive offers (deprecated).'),
  f('log_auto_initialize', M, 'Whether the replicated log initialises itself on first start.', {
    boolean: true,
    default: 'true',
    since: '0.19',
  }),

  // --- agent ---
  f(
    'master',
    A,
    'Where the master is: host:port, or a zk:// URL; the module writes the ZooKeeper URL to /etc/mesos/zk instead.',
  ),
  f(
    'checkpoint',
    A,
    'Whether the agent checkpoints task and executor state so it can recover after a restart. From Mesos 0.22 it always does, and the flag is gone.',
    { boolean: true, removedIn: '0.22', since: '0.13' },
  ),
  f('containerizers', A, 'The containerizers to use, in order of preference: mesos, docker, or docker,mesos.', {
    default: 'mesos',
    since: '0.20',
  }),
  f(
    'isolation',
    A,
    'The isolators of the Mesos containerizer, e.g. cgroups/cpu,cgroups/mem. The isolation class parameter sets it too.',
    { default: 'posix/cpu,posix/mem' },
  ),
  f(
    'resources',
    A,
    'The resources the agent offers, e.g. cpus:4;mem:8192;ports:[31000-32000]; unset, they are detected.',
  ),
  f('attributes', A, 'Attributes frameworks can place tasks by, e.g. rack:r1;zone:a.'),
  f('default_role', A, 'The role of resources that name none.', { default: '*', since: '0.14' }),
  f(
    'executor_registration_timeout',
    A,
    'How long an executor has to register; raise it when Docker images are pulled on first launch.',
    { default: '1mins', since: '0.13' },
  ),
  f('executor_reregistration_timeout', A, 'How long executors have to register again with a restarted agent.', {
    default: '2secs',
    since: '1.1.3',
  }),
  f('executor_shutdown_grace_period', A, 'How long an executor has to shut down before it is killed.', {
    default: '5secs',
  }),
  f('gc_delay', A, 'How long the sandboxes of finished executors are kept before they are deleted.', {
    default: '1weeks',
  }),
  f('gc_disk_headroom', A, 'How much free disk to keep by shortening gc_delay, as a fraction of the disk.', {
    default: '0.1',
    since: '0.22',
  }),
  f('disk_watch_interval', A, 'How often disk usage is checked for sandbox garbage collection.', { default: '1mins' }),
  f('docker', A, 'The path of the docker executable.', { default: 'docker', since: '0.20' }),
  f('docker_remove_delay', A, 'How long to wait before a finished Docker container is removed.', {
    default: '6hrs',
    since: '0.21',
  }),
  f('docker_stop_timeout', A, 'How long Docker waits for a container to stop before it kills it.', {
    default: '0secs',
    since: '0.21.1',
  }),
  f('docker_socket', A, 'The socket of the Docker daemon.', { default: '/var/run/docker.sock', since: '0.23' }),
  f('docker_registry', A, 'The default registry Docker images are pulled from.', { since: '0.26' }),
  f('image_providers', A, 'The container image formats the Mesos containerizer accepts: docker, appc.', {
    since: '0.25',
  }),
  f('recover', A, 'After a restart, reconnect to running executors (reconnect) or kill them (cleanup).', {
    default: 'reconnect',
    since: '0.13',
  }),
  f('recovery_timeout', A, 'How long a restarted agent has to recover before its executors shut themselves down.', {
    default: '15mins',
    since: '0.14',
  }),
  f('strict', A, 'Whether a recovery error stops the agent; off, the agent skips what it cannot recover.', {
    boolean: true,
    default: 'true',
    since: '0.13',
  }),
  f('cgroups_hierarchy', A, 'Where the cgroup hierarchies are mounted.', { default: '/sys/fs/cgroup', since: '0.13' }),
  f('cgroups_root', A, 'The cgroup under which task cgroups are created.', { default: 'mesos', since: '0.13' }),
  f('cgroups_enable_cfs', A, 'Enforce CPU limits with CFS quotas, not just shares.', {
    boolean: true,
    default: 'false',
    since: '0.13',
  }),
  f('cgroups_limit_swap', A, 'Limit swap together with memory.', { boolean: true, default: 'false', since: '0.20' }),
  f('switch_user', A, "Run tasks as the framework's user rather than as the agent's.", {
    boolean: true,
    default: 'true',
  }),
  f('frameworks_home', A, 'The folder relative executor paths are resolved in.'),
  f('launcher_dir', A, 'The folder of the Mesos helper binaries.'),
  f('credential', A, 'A file with the principal and secret the agent authenticates with.', { since: '0.19' }),
  f('fetcher_cache_dir', A, 'Where the fetcher caches downloaded URIs.', { since: '0.23' }),
  f('fetcher_cache_size', A, 'How much disk the fetcher cache may use.', { default: '2GB', since: '0.23' }),
  f('sandbox_directory', A, 'Where the sandbox is mounted inside a container.', {
    default: '/mnt/mesos/sandbox',
    since: '0.24',
  }),
  f(
    'systemd_enable_support',
    A,
    'Move executors out of the agent\u2019s systemd cgroup so they survive an agent restart.',
    { boolean: true, default: 'true', since: '0.27.1' },
  ),
  f('enforce_container_disk_quota', A, 'Kill tasks that use more disk than they asked for.', {
    boolean: true,
    default: 'false',
    since: '0.22',
  }),
  f('executor_environment_variables', A, 'JSON with the environment that executors get instead of the agent\u2019s.', {
    since: '0.23',
  }),
];

const byName = new Map(MESOS_FLAGS.map((x) => [x.name, x]));

/** The Mesos daemon an options hash feeds. */
export type OptionsDaemon = 'master' | 'agent';

export function mesosFlag(name: string): MesosFlag | undefined {
  return byName.get(name);
}

/** True when the daemon accepts the flag (as far as the list knows). */
export function acceptsFlag(daemon: OptionsDaemon, flag: MesosFlag): boolean {
  return flag.daemon === 'both' || flag.daemon === daemon;
}

export function flagsOf(daemon: OptionsDaemon): readonly MesosFlag[] {
  return MESOS_FLAGS.filter((x) => acceptsFlag(daemon, x));
}

/** The flag's default for the daemon, if the list knows it. */
export function flagDefault(flag: MesosFlag, daemon: OptionsDaemon): string | undefined {
  return typeof flag.default === 'object' ? flag.default[daemon] : flag.default;
}

/** The Mesos version from which the daemon accepts the flag, if the list knows one. */
export function flagSince(flag: MesosFlag, daemon: OptionsDaemon): string | undefined {
  return typeof flag.since === 'object' ? flag.since[daemon] : flag.since;
}

/**
 * The oldest Mesos anyone can still install is 0.22 (shared/docs/domain.md): a flag that came before it needs no
 * "from version" note in hover and completion.
 */
export const OLDEST_INSTALLABLE_MESOS = '0.22';

/** The version from which the daemon accepts the flag, when that is newer than any Mesos one can install. */
export function notableSince(flag: MesosFlag, daemon: OptionsDaemon): string | undefined {
  const since = flagSince(flag, daemon);
  return since && compareVersions(since, OLDEST_INSTALLABLE_MESOS) > 0 ? since : undefined;
}

/**
 * Whether a daemon of that Mesos version refuses the flag: 'removed' (it was taken out before that version),
 * 'not-yet' (it came later), or undefined (accepted, or the list does not know).
 */
export function refusal(
  flag: MesosFlag,
  daemon: OptionsDaemon,
  mesosVersion: string,
): 'removed' | 'not-yet' | undefined {
  if (!acceptsFlag(daemon, flag)) return undefined;
  if (flag.removedIn && compareVersions(mesosVersion, flag.removedIn) >= 0) return 'removed';
  const since = flagSince(flag, daemon);
  if (since && compareVersions(mesosVersion, since) < 0) return 'not-yet';
  return undefined;
}

/** The flag files' folder of the daemon. */
export function flagFolder(daemon: OptionsDaemon): string {
  return daemon === 'master' ? '/etc/mesos-master' : '/etc/mesos-slave';
}

export const MASTER_FLAGS: readonly string[] = flagsOf('master').map((x) => x.name);
export const AGENT_FLAGS: readonly string[] = flagsOf('agent').map((x) => x.name);
