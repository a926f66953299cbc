// Command-line flags of the Mesos master and agent that users commonly set through the `options` hashes of
// mesos::master and mesos::slave. Used to recognise `mesos::master::quorum` (a flag written as if it were a
// class parameter) and to complete keys inside `options`.

export const MASTER_FLAGS: readonly string[] = [
  'quorum', 'cluster', 'hostname', 'ip', 'port', 'registry', 'registry_strict', 'log_dir', 'logging_level',
  'offer_timeout', 'roles', 'weights', 'authenticate', 'authenticate_agents', 'credentials', 'acls',
  'allocation_interval', 'max_agent_ping_timeouts', 'agent_ping_timeout', 'external_log_file',
  'framework_sorter', 'max_completed_frameworks', 'max_completed_tasks_per_framework', 'zk_session_timeout',
  'advertise_ip', 'advertise_port', 'hostname_lookup', 'recovery_agent_removal_limit',
];

export const AGENT_FLAGS: readonly string[] = [
  'checkpoint', 'containerizers', 'isolation', 'resources', 'attributes', 'hostname', 'ip', 'port',
  'executor_registration_timeout', 'gc_delay', 'disk_watch_interval', 'docker', 'docker_remove_delay',
  'logging_level', 'log_dir', 'recover', 'strict', 'cgroups_hierarchy', 'cgroups_root', 'switch_user',
  'frameworks_home', 'launcher_dir', 'advertise_ip', 'advertise_port', 'default_role', 'image_providers',
  'hostname_lookup', 'credential',
];
