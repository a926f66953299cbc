// Puppet's own resource types, metaparameters and functions: the facts come from the installed Puppet 7 through
// its API (scripts/puppet-builtins.rb → sources/puppet-builtins.json, checked by an oracle test); the descriptions
// below are ours. Hover and completion in manifests read them, so `package`, `service`, `file`, `exec` and their
// attributes are explained like the classes of a module.

import facts from './sources/puppet-builtins.json';

export interface BuiltinAttribute {
  readonly name: string;
  /** A parameter says how Puppet manages the resource; a property is state Puppet reads and changes on the node. */
  readonly kind: 'param' | 'property';
  /** The values Puppet accepts, where the type names them (others may be allowed too: a version for `ensure`). */
  readonly values?: readonly string[];
  /** The attribute the title sets when it is not given. */
  readonly namevar?: boolean;
  /** Provider features the attribute needs (a provider without them refuses it). */
  readonly requiredFeatures?: readonly string[];
}

export interface BuiltinType {
  readonly name: string;
  readonly attributes: readonly BuiltinAttribute[];
  readonly description?: string;
  /** For a type of one of Puppet's core modules (`cron`, `host`, `mount`, ...): that module and its version. */
  readonly module?: { readonly name: string; readonly version: string };
}

export interface BuiltinSignature {
  readonly params: readonly string[];
  readonly types: readonly string[];
  readonly block?: string;
}

export interface BuiltinFunction {
  readonly name: string;
  /** Empty for the older functions, which declare no signature. */
  readonly signatures: readonly BuiltinSignature[];
  readonly description?: string;
}

interface Facts {
  readonly puppet: string;
  readonly metaparameters: readonly string[];
  /** The values Puppet names for a metaparameter (`loglevel`, `noop`). */
  readonly metaparameterValues: Readonly<Record<string, readonly string[]>>;
  /** The core modules recorded (`puppetlabs-cron_core`) and their versions. */
  readonly modules: Readonly<Record<string, string>>;
  readonly types: Readonly<
    Record<string, { readonly attributes: readonly BuiltinAttribute[]; readonly module?: string }>
  >;
  readonly functions: Readonly<Record<string, readonly BuiltinSignature[]>>;
}

const FACTS = facts as Facts;

/** The Puppet release the facts were recorded from. */
export const BUILTINS_PUPPET_VERSION = FACTS.puppet;

const TYPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  augeas: 'Edits a configuration file in place through an Augeas lens, one path expression at a time.',
  cron: "A line of a user's crontab: the command and when it runs (unset time fields mean every).",
  exec: 'Runs a command on the node. Make it idempotent with `creates`, `onlyif`, `unless` or `refreshonly`, or it runs on every Puppet run.',
  file: 'A file, directory or symbolic link: its content or source, owner, group and mode.',
  filebucket: 'Where Puppet keeps backups of the files it replaces.',
  group: 'A group account on the node.',
  host: 'A line of the hosts file (`/etc/hosts`): an address and the names it answers to.',
  mount: 'A filesystem: its line in the fstab and whether it is mounted now.',
  notify: 'Writes a message to the agent log on every run; useful while debugging, noisy in reports.',
  package: "A software package, installed or removed through the platform's package manager (apt on Debian).",
  resources: 'Settings for every resource of one type, chiefly purging the instances Puppet does not manage.',
  selboolean: 'An SELinux boolean: its value now and whether the value survives a reboot.',
  selmodule: 'An SELinux policy module, loaded or removed.',
  ssh_authorized_key: "A public key allowed to log in as a user (a line of the user's `authorized_keys`).",
  sshkey: "A host's public key in the system-wide known hosts file.",
  schedule: 'A time window that resources can be limited to with the `schedule` metaparameter.',
  service: 'A system service (systemd on current Debian): whether it runs now and whether it starts at boot.',
  stage: 'A run stage: classes assigned to a stage are applied before or after the main stage.',
  tidy: 'Removes files under a path that match an age, size or name pattern.',
  user: 'A user account on the node.',
};

/** Descriptions of attributes, by `type.attribute`, then by attribute name alone for those that mean the same everywhere. */
const ATTRIBUTE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  name: "The resource's name on the node; it defaults to the title.",
  provider: "The backend that manages the resource; Puppet picks the platform's default when unset.",
  ensure: 'The state Puppet brings the resource to.',
  'package.ensure':
    '`present`/`installed` installs any version, `latest` upgrades on every run, `absent` removes, `purged` removes with configuration; a version string pins that version.',
  'package.install_options': 'Extra options passed to the package manager when installing.',
  'package.source': 'Where to get the package when the package manager cannot find it by name (a file or URL).',
  'service.ensure':
    '`running` starts the service if it is stopped, `stopped` stops it; unset leaves the current state alone.',
  'service.enable': 'Whether the service starts at boot (`true`/`false`; `mask` prevents any start with systemd).',
  'service.hasstatus':
    "Whether the init system can report the service's status; without it Puppet looks for the process.",
  'service.hasrestart': 'Whether the init system can restart the service; without it Puppet stops then starts it.',
  'service.restart': "A command that restarts the service, used instead of the init system's.",
  'service.start': "A command that starts the service, used instead of the init system's.",
  'service.stop': "A command that stops the service, used instead of the init system's.",
  'service.status': 'A command whose exit code says whether the service runs (0 = running).',
  'file.ensure': '`file`, `directory`, `link` (see `target`), `present` or `absent`.',
  'file.content':
    "The file's whole content as a string (from `template()`, `epp()` or a literal). Exclusive with `source`.",
  'file.source':
    'Where to copy the file from: `puppet:///modules/NAME/PATH`, a local path or a URL. Exclusive with `content`.',
  'file.owner': 'The user that owns the file (name or uid).',
  'file.group': 'The group that owns the file (name or gid).',
  'file.mode': "The permissions, as an octal string such as `'0644'` (quote it: an unquoted 0644 is a number).",
  'file.path': 'The absolute path of the file; it defaults to the title.',
  'file.target': 'For `ensure => link`, the file the link points to.',
  'file.recurse': "Whether to manage the directory's contents too (`true`, `remote`, `false`).",
  'file.purge': 'With `recurse`, remove files in the directory that Puppet does not manage.',
  'file.replace': 'Whether to replace a file that exists with different content (`false` only creates it).',
  'file.validate_cmd':
    'A command that must accept the new content before it replaces the file; `%` stands for the temporary file.',
  'file.backup': 'Where to keep the old content when the file is replaced (a filebucket name, a suffix, or `false`).',
  'exec.command': 'The command to run; it defaults to the title. Without `path` it must be fully qualified.',
  'exec.path': 'The directories where commands are looked up (an array or a colon-separated string).',
  'exec.creates': 'A file the command creates: the command is skipped when it exists.',
  'exec.onlyif': 'Run the command only if this command exits 0.',
  'exec.unless': 'Run the command only if this command exits non-zero.',
  'exec.refreshonly': 'Run the command only when a resource it subscribes to changes.',
  'exec.returns': 'The exit codes that count as success (default 0).',
  'exec.timeout': 'Seconds before the command is killed (default 300; 0 for none).',
  'exec.environment': 'Extra environment variables, as `NAME=value` strings.',
  'exec.cwd': 'The directory the command runs in.',
  'exec.user': 'The user the command runs as (the agent must run as root).',
  'exec.logoutput': "Whether to log the command's output: `true`, `false` or `on_failure` (the default).",
  'user.home': "The user's home directory; `managehome` creates or removes it.",
  'user.managehome': 'Whether to create the home directory with the user and remove it with the user.',
  'user.shell': "The user's login shell.",
  'user.groups': 'Supplementary groups of the user (see `membership`).',
  'user.uid': 'The numeric user id.',
  'user.gid': 'The primary group (name or gid).',
  'user.system': 'Whether it is a system account (an id below the system threshold).',
  'group.gid': 'The numeric group id.',
  'group.members': "The group's members, where the provider manages them.",
  'notify.message': 'The message to log; it defaults to the title.',
  'cron.command': 'The command the line runs, as the shell of the crontab runs it.',
  'cron.user': 'The user whose crontab holds the line (and who runs the command).',
  'cron.minute': 'Minutes of the hour (0-59) it runs at: a number, a range, a step such as `*/5`, or an array.',
  'cron.hour': 'Hours of the day (0-23) it runs at: a number, a range, a step, or an array.',
  'cron.monthday': 'Days of the month (1-31) it runs on.',
  'cron.month': 'Months (1-12 or names) it runs in.',
  'cron.weekday': 'Days of the week (0-7, 0 and 7 both Sunday, or names) it runs on.',
  'cron.special': 'A shorthand instead of the time fields: `reboot`, `daily`, `hourly`, ...',
  'cron.environment': 'Variables set above the line, as `NAME=value` strings (`MAILTO=...`, `PATH=...`).',
  'cron.name': "Puppet's name for the line, kept as a comment above it so the line can be found again.",
  'cron.target': "The crontab the line is written to; by default the user's own.",
  'host.ip': 'The address the names resolve to.',
  'host.host_aliases': 'Further names for the same address.',
  'host.name': 'The canonical host name; it defaults to the title.',
  'host.comment': 'A comment written after the entry.',
  'host.target': 'The hosts file to edit (default `/etc/hosts`).',
  'mount.ensure':
    '`mounted` writes the fstab line and mounts, `unmounted` keeps the line and unmounts, `present`/`defined` only write the line, `absent` unmounts and removes it.',
  'mount.device': 'What to mount: a device, `UUID=...`, `LABEL=...` or a remote `host:/path`.',
  'mount.fstype': 'The filesystem type (`ext4`, `nfs`, `tmpfs`, ...).',
  'mount.options': 'Mount options, comma-separated as in the fstab (`defaults`, `noatime`, ...).',
  'mount.name': 'The mount point; it defaults to the title.',
  'mount.atboot': 'Whether the filesystem mounts at boot.',
  'mount.dump': 'The fstab dump field (0 or 1).',
  'mount.pass': 'The fstab fsck order field (0 skips the check).',
  'mount.remounts': 'Whether a change of options can be applied with a remount rather than unmount and mount.',
  'mount.target': 'The fstab file to edit (default `/etc/fstab`).',
  'ssh_authorized_key.user': 'The user whose `authorized_keys` holds the key.',
  'ssh_authorized_key.key': 'The public key itself, without its type or comment.',
  'ssh_authorized_key.type': 'The key algorithm.',
  'ssh_authorized_key.options': 'Options in front of the key (`from=...`, `command=...`, `no-pty`).',
  'ssh_authorized_key.name': "The key's comment, which identifies it in the file; it defaults to the title.",
  'sshkey.key': 'The public key itself, without its type.',
  'sshkey.type': 'The key algorithm.',
  'sshkey.host_aliases': 'Further names and addresses of the same host.',
  'augeas.changes': 'The Augeas commands to apply (`set`, `rm`, `clear`, ...), one string or an array.',
  'augeas.context': 'A path prefixed to the relative paths of `changes` and `onlyif` (`/files/etc/ssh/sshd_config`).',
  'augeas.onlyif': 'A condition on the tree; the changes are applied only when it holds.',
  'augeas.incl': 'The file to load, with `lens`: only that file is read, which is faster.',
  'augeas.lens': 'The lens that reads `incl` (`Sshd.lns`).',
};

const METAPARAMETER_DESCRIPTIONS: Readonly<Record<string, string>> = {
  alias: 'Other names the resource can be referred to by.',
  audit: 'Attributes whose changes are reported without being managed.',
  before: 'Resources to apply after this one.',
  loglevel: "The log level of this resource's messages.",
  noop: 'Report what would change without changing it.',
  notify: 'Resources to apply after this one and refresh when it changes (a service restarts).',
  require: 'Resources to apply before this one.',
  schedule: 'A schedule resource limiting when this resource is applied.',
  stage: 'The run stage of a class.',
  subscribe: 'Resources to apply before this one; this one refreshes when they change.',
  tag: 'Extra tags, for `puppet agent --tags` and collectors.',
};

const FUNCTION_DESCRIPTIONS: Readonly<Record<string, string>> = {
  abs: 'The absolute value of a number.',
  alert: 'Logs a message on the Puppet server at alert level.',
  all: 'Whether the block is true for every element.',
  annotate: 'Attaches annotations (extra typed data) to an object, or reads them.',
  any: 'Whether the block is true for at least one element.',
  binary_file: 'Returns the content of a `module/file` as a Binary value, for files that are not text.',
  break: 'Stops the iteration the block belongs to (`each`, `map`, ...) at once.',
  call: 'Calls a function by its name given as a string, or runs a Deferred value now.',
  camelcase: 'Turns `snake_case` text into `CamelCase` (each string of an array too).',
  capitalize: 'Upper-cases the first letter of the text (each string of an array too).',
  ceiling: 'The smallest integer not below the number.',
  chomp: 'Removes one trailing line break from the text (each string of an array too).',
  chop: 'Removes the last character from the text (each string of an array too).',
  compare: 'Compares two values of the same kind: -1, 0 or 1 (strings may ignore case).',
  crit: 'Logs a message on the Puppet server at critical level.',
  debug: 'Logs a message on the Puppet server at debug level.',
  digest: "The hex digest of a string with the server's configured digest algorithm.",
  downcase: 'Lower-cases the text (each string of an array, each key and value of a hash too).',
  emerg: 'Logs a message on the Puppet server at emergency level.',
  err: 'Logs a message on the Puppet server at error level.',
  eyaml_lookup_key: 'The Hiera backend that reads eyaml files and decrypts their encrypted values.',
  find_file: 'The absolute path of the first `module/file` found, or undef.',
  find_template: 'The absolute path of the first template (`module/file.erb`) found, or undef.',
  floor: 'The largest integer not above the number.',
  get: "Digs into a value with a dotted path (`$facts.get('os.family')`); a default or block when it is missing.",
  getvar: "The value of a variable named by a string, with an optional dotted path into it (`getvar('ntp::servers')`).",
  group_by: 'A hash of the elements grouped by what the block returns for each.',
  hocon_data: 'The Hiera backend that reads HOCON files.',
  import: 'Removed from the language: always fails (use `include` and the autoloader).',
  index: 'The index or key of the first element that the block accepts or that equals the value, else undef.',
  info: 'Logs a message on the Puppet server at info level.',
  json_data: 'The Hiera backend that reads JSON files.',
  lstrip: 'Removes leading whitespace from the text (each string of an array too).',
  match: 'The matches of a regular expression in a string, captures included; undef when it does not match.',
  max: 'The greatest of the values (a block may compare them).',
  min: 'The smallest of the values (a block may compare them).',
  module_directory: 'The folder of the first of the named modules found in the environment, or undef.',
  next: 'Ends this call of the block, giving a value to the iteration (`map` collects it).',
  partition: 'Two arrays: the elements the block accepts, and the others.',
  return: 'Returns from the enclosing function, class or defined type body (with a value from a function).',
  reverse_each: 'Walks the elements from last to first (an iterator without a block).',
  round: 'The nearest integer (halves away from zero).',
  rstrip: 'Removes trailing whitespace from the text (each string of an array too).',
  scanf: 'Reads values out of a string with a scanf-like format.',
  slice: 'Cuts the elements into groups of the size given.',
  step: 'Every nth element from the first (an iterator without a block).',
  strftime: 'Formats a time (or now) with `%Y-%m-%d`-style directives, in a timezone when given.',
  strip: 'Removes leading and trailing whitespace from the text (each string of an array too).',
  tree_each: 'Walks a nested structure of arrays and hashes, calling the block with each path and value.',
  unwrap: 'The value inside a Sensitive (or the value itself when it is not one).',
  upcase: 'Upper-cases the text (each string of an array, each key and value of a hash too).',
  yaml_data: 'The Hiera backend that reads YAML files (the default).',
  lookup: 'Looks a key up in Hiera (global, environment, then module data), with a type, merge strategy and default.',
  hiera: 'Looks a key up in Hiera (the older API; `lookup()` replaces it).',
  hiera_array:
    'Looks a key up in Hiera, merging arrays from every level (the older API; `lookup()` with `unique` merge replaces it).',
  hiera_hash:
    'Looks a key up in Hiera, merging hashes from every level (the older API; `lookup()` with `hash` merge replaces it).',
  hiera_include:
    'Includes the classes named by an array key merged from every Hiera level (the older way to classify nodes).',
  include: 'Declares classes, once however often they are included.',
  contain: 'Declares classes and contains them in the calling class, so relationships with it reach them.',
  require: 'Declares classes and makes the calling class depend on them.',
  template: "Renders ERB templates (`module/file.erb`) with the calling scope's variables; several are concatenated.",
  inline_template: "Renders an ERB string with the calling scope's variables.",
  epp: 'Renders an EPP template (`module/file.epp`) with the parameters given.',
  inline_epp: 'Renders an EPP string with the parameters given.',
  file: 'Returns the content of the first file found among the `module/file` names given.',
  fail: 'Stops the catalog compilation with an error message.',
  create_resources: 'Declares resources of a type from a hash of titles to attributes.',
  defined: 'Whether a class, resource type, resource or variable is known at this point of the compilation.',
  each: 'Calls the block for each element of an array or hash.',
  map: "Returns the block's result for each element.",
  filter: 'Returns the elements for which the block is true.',
  reduce: 'Combines the elements into one value with the block.',
  join: 'Joins the elements of an array into a string with a separator.',
  split: 'Splits a string into an array at a separator (a string or a regular expression).',
  regsubst: 'Replaces the matches of a regular expression in a string.',
  sprintf: 'Formats a string (`%s`, `%d`, ...).',
  versioncmp: 'Compares two version strings: -1, 0 or 1.',
  notice: 'Logs a message on the Puppet server at notice level.',
  warning: 'Logs a message on the Puppet server at warning level.',
  fqdn_rand: 'A random number below the maximum that stays the same for each node (its FQDN is the seed).',
  realize: 'Makes virtual resources real.',
  tag: 'Adds tags to the calling class or defined type.',
  tagged: 'Whether the calling scope has all the tags given.',
  shellquote: 'Quotes the arguments for a POSIX shell.',
  empty: 'Whether a string, array or hash is empty.',
  length: 'The number of characters, elements or entries.',
  size: 'The number of characters, elements or entries.',
  keys: 'The keys of a hash.',
  values: 'The values of a hash.',
  dig: 'Walks into nested hashes and arrays by keys and indexes; undef when a step is missing.',
  assert_type: 'Checks that a value has a type, failing the compilation (or calling the block) when it does not.',
  type: 'The Puppet data type of a value.',
  unique: 'The elements without duplicates.',
  flatten: 'Flattens nested arrays into one.',
  sort: 'The elements in order.',
  then: 'Calls the block with the value unless it is undef.',
  lest: 'Calls the block when the value is undef, else returns the value.',
  with: 'Calls the block with the arguments given.',
  new: "Creates a value of a type from another value (`Integer.new('42')`).",
  convert_to: 'Converts a value to a type.',
  sha256: 'The SHA-256 hex digest of a string.',
  md5: 'The MD5 hex digest of a string.',
  sha1: 'The SHA-1 hex digest of a string.',
  generate: 'Runs a command on the Puppet server at compile time and returns its output.',
};

export const METAPARAMETERS: readonly string[] = FACTS.metaparameters;

/** The names of the built-in resource types, sorted. */
export function builtinTypeNames(): string[] {
  return Object.keys(FACTS.types).sort();
}

export function builtinType(name: string): BuiltinType | undefined {
  const key = name.toLowerCase();
  const t = Object.hasOwn(FACTS.types, key) ? FACTS.types[key] : undefined;
  if (!t) return undefined;
  const module = t.module === undefined ? undefined : { name: t.module, version: FACTS.modules[t.module] };
  return { name: key, attributes: t.attributes, description: TYPE_DESCRIPTIONS[key], ...(module && { module }) };
}

export function builtinAttribute(typeName: string, attribute: string): BuiltinAttribute | undefined {
  return builtinType(typeName)?.attributes.find((a) => a.name === attribute);
}

export function attributeDescription(typeName: string, attribute: string): string | undefined {
  return (
    ATTRIBUTE_DESCRIPTIONS[`${typeName}.${attribute}`] ??
    (Object.hasOwn(ATTRIBUTE_DESCRIPTIONS, attribute) ? ATTRIBUTE_DESCRIPTIONS[attribute] : undefined)
  );
}

/** The values Puppet names for a metaparameter (`noop => true`), or undefined. */
export function metaparameterValues(name: string): readonly string[] | undefined {
  return Object.hasOwn(FACTS.metaparameterValues, name) ? FACTS.metaparameterValues[name] : undefined;
}

export function metaparameterDescription(name: string): string | undefined {
  return Object.hasOwn(METAPARAMETER_DESCRIPTIONS, name) ? METAPARAMETER_DESCRIPTIONS[name] : undefined;
}

/** The names of the built-in functions, sorted. */
export function builtinFunctionNames(): string[] {
  return Object.keys(FACTS.functions).sort();
}

export function builtinFunction(name: string): BuiltinFunction | undefined {
  if (!Object.hasOwn(FACTS.functions, name)) return undefined;
  return {
    name,
    signatures: FACTS.functions[name],
    description: Object.hasOwn(FUNCTION_DESCRIPTIONS, name) ? FUNCTION_DESCRIPTIONS[name] : undefined,
  };
}
