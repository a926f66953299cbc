// The one catalogue of diagnostic codes. Every diagnostic the server or the CLI reports carries one of these
// stable ids (`<area>/<rule>`), its default severity and a one-line summary of the rule (used in docs and in
// `mesos-puppet check --list-rules`). Messages themselves are built where the problem is found, and must say
// what to do. Each code has at least one test that triggers it and one that does not.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface CodeInfo {
  readonly severity: Severity;
  readonly summary: string;
}

function codes<T extends Record<string, CodeInfo>>(table: T): { readonly [K in keyof T]: CodeInfo } {
  return table;
}

export const CODES = codes({
  // --- hiera data files ---
  'hiera/yaml-syntax': { severity: 'error', summary: 'The data file is not valid YAML.' },
  'hiera/duplicate-key': {
    severity: 'error',
    summary: 'A key appears twice in the same mapping; Puppet keeps only one.',
  },
  'hiera/not-a-hash': { severity: 'error', summary: 'A Hiera data file must hold a mapping of keys to values.' },
  'hiera/unknown-key': { severity: 'warning', summary: 'The key names a parameter that the class does not have.' },
  'hiera/type-mismatch': {
    severity: 'error',
    summary: "The value does not match the parameter's type; Puppet rejects it when it compiles the catalog.",
  },
  'hiera/shape-mismatch': {
    severity: 'warning',
    summary:
      'The module declares no type, but its default is a different kind of value (scalar, list or hash) than the one given.',
  },
  'hiera/no-effect': {
    severity: 'warning',
    summary: 'The module passes this parameter itself, so a Hiera value for it is ignored.',
  },
  'hiera/interpolation-syntax': {
    severity: 'error',
    summary:
      'A %{...} interpolation Puppet cannot evaluate: a malformed call, an invalid variable name, or alias() that is not the whole string.',
  },
  'hiera/interpolation-unclosed': {
    severity: 'warning',
    summary: "A '%{' is never closed; Puppet keeps it as literal text.",
  },
  'hiera/unknown-interpolation-function': {
    severity: 'error',
    summary: 'An interpolation calls a function other than lookup, hiera, alias, literal and scope; the lookup fails.',
  },
  'hiera/lookup-cycle': {
    severity: 'error',
    summary:
      "A key's value looks itself up again through lookup/alias/hiera references; Puppet stops with a recursion error.",
  },
  'hiera/single-colon-key': {
    severity: 'warning',
    summary:
      "A key has a single ':' where its '::' form names a class parameter (or a key the manifests look up): no lookup asks for it as written.",
  },
  'hiera/leading-colons': {
    severity: 'warning',
    summary: "A key written with a leading '::' is never found: Hiera 5 looks keys up without it.",
  },
  'hiera/rules-stopped': {
    severity: 'information',
    summary:
      'A data file that does not parse (or that the analysis refuses: too deep, too many aliases) or a hierarchy glob past its limit stops the lookups of the nodes that read it, so the cluster rules are not checked for them; the file at fault and each such node say so.',
  },
  'hiera/lookup-options-interpolation': {
    severity: 'warning',
    summary:
      'lookup_options hold interpolation; they are read for every lookup, so a node-dependent or self-referencing value there misleads every key.',
  },

  // --- work limits: what the analysis leaves out of hostile or absurd input, the rest still served ---
  'limits/outside': {
    severity: 'information',
    summary:
      'A datadir or data path lies outside the directory of its hiera.yaml; the editor does not read outside the workspace, so lookups and checks leave it out.',
  },
  'limits/hierarchy': {
    severity: 'information',
    summary:
      'A hierarchy has more levels than the analysis reads (100); lookups and checks leave out the levels past it.',
  },
  'limits/nesting': {
    severity: 'information',
    summary: 'The text nests deeper than the analysis follows (YAML: 256 levels); the file is not analysed.',
  },
  'limits/aliases': {
    severity: 'information',
    summary:
      'A value of a data file expands YAML aliases more often than the analysis follows (1000); the file is not expanded, so lookups reading it fail. The other files are still checked.',
  },
  'limits/glob': {
    severity: 'information',
    summary:
      "A hierarchy glob's {…} groups expand to more patterns than the analysis tries (1024); lookups through that hierarchy fail at its level. The files are still checked on their own.",
  },

  // --- the editor's view of a file ---
  'editor/problems-not-shown': {
    severity: 'information',
    summary:
      'The file has more problems than mesosPuppet.maxDiagnosticsPerFile; the editor is sent the most severe ones and this note.',
  },

  // --- the repo's own configuration and inline suppressions ---
  'config/invalid': {
    severity: 'error',
    summary: "The control repo's .mesos-puppet.yaml is not valid; the settings at fault keep their defaults.",
  },
  'suppression/unused': {
    severity: 'information',
    summary: 'A mesos-puppet: disable comment names a code that reports nothing where it applies; remove it.',
  },
  'suppression/unknown-code': {
    severity: 'information',
    summary: 'A mesos-puppet: disable comment names a code that does not exist (see check --list-rules).',
  },
  'suppression/malformed': {
    severity: 'information',
    summary: 'A mesos-puppet: comment is not disable-line, disable-next-line or disable-file followed by codes.',
  },

  // --- Mesos cluster rules (knowledge/cluster) ---
  'mesos/quorum-majority': {
    severity: 'error',
    summary:
      "The masters' quorum must be more than half the masters of their cluster (the nodes sharing one ZooKeeper ensemble), and no more than all of them.",
  },
  'mesos/option-unquoted': {
    severity: 'error',
    summary:
      'Before mesos v0.6.4, option values must be strings: a number compiles, then fails when the catalog is applied.',
  },
  'mesos/options-reserved': {
    severity: 'error',
    summary:
      'work_dir (and from mesos v0.7.1 logger) are managed by the module; setting them through options declares the same file twice.',
  },
  'mesos/unknown-flag': {
    severity: 'warning',
    summary:
      "An options key is not a flag of that Mesos daemon (the other daemon's flag, or a misspelt one): Mesos stops at a flag it does not know, so the daemon does not start.",
  },
  'mesos/checkpoint-no-effect': {
    severity: 'warning',
    summary:
      'mesos::slave::checkpoint has had no effect since mesos v0.4.1, and Mesos 0.22 and later refuse the flag: remove the key.',
  },
  'mesos/tmp-work-dir': {
    severity: 'warning',
    summary: 'A work directory under /tmp is cleaned by the system; Mesos loses its state.',
  },
  'mesos/zk-url': {
    severity: 'error',
    summary: 'The mesos::zookeeper URL must read zk://host:port[,host:port...]/path.',
  },
  'mesos/zk-ensemble': {
    severity: 'error',
    summary:
      'The mesos::zookeeper URL reaches no server of the ZooKeeper ensemble (hosts not in zookeeper::servers, or the wrong client port).',
  },
  'mesos/zk-ensemble-partial': {
    severity: 'warning',
    summary:
      'The mesos::zookeeper URL names only some servers of the ensemble (or extra hosts): it works, but cannot fail over to the servers it leaves out.',
  },
  'mesos/zk-url-differs': {
    severity: 'warning',
    summary:
      "An agent's ZooKeeper URL (ensemble and path) is one no master of the repo uses: the agent never finds a master.",
  },
  'mesos/framework-port-clash': {
    severity: 'error',
    summary: 'Marathon and Chronos on the same master must listen on different ports.',
  },
  'zookeeper/ensemble-odd': {
    severity: 'warning',
    summary: 'A ZooKeeper ensemble of an even size tolerates no more failures than one server fewer.',
  },
  'zookeeper/servers-format': {
    severity: 'error',
    summary: 'zookeeper::servers entries must have the form the module version writes into zoo.cfg.',
  },
  'zookeeper/id-range': {
    severity: 'warning',
    summary: 'zookeeper::id should be a whole number from 1 to 255, as ZooKeeper documents myid.',
  },
  'zookeeper/id-position': {
    severity: 'error',
    summary: "zookeeper::id must equal the node's 1-based position in zookeeper::servers.",
  },
  'zookeeper/id-unique': { severity: 'error', summary: 'Two members of one ZooKeeper ensemble share an id.' },
  'zookeeper/not-in-ensemble': {
    severity: 'error',
    summary: 'A node that runs ZooKeeper is not listed in zookeeper::servers.',
  },

  // --- runtime rules: will the cluster start (knowledge/cluster/runtimeRules.ts) ---
  'mesos/flag-refused': {
    severity: 'error',
    summary:
      'An options key is a flag the Mesos release in use does not have (removed, like checkpoint in 0.22, or not added yet): the daemon refuses to start.',
  },
  'mesos/both-daemons': {
    severity: 'warning',
    summary:
      'The Mesos package starts both daemons; before mesos v0.8.0 (single_role), or with single_role off, nothing stops the one the node should not run.',
  },
  'mesos/no-address': {
    severity: 'warning',
    summary:
      'A Mesos daemon is not told its address: it announces what the host name resolves to, which is 127.0.1.1 on a default Debian or Ubuntu host.',
  },
  'mesos/java-too-old': {
    severity: 'error',
    summary: 'Marathon 0.11 and later needs Java 8; the java module version in use installs Java 7 or older.',
  },
  'mesos/zk-daemon-url': {
    severity: 'warning',
    summary:
      'The ZooKeeper URL a Mesos daemon really uses (its own zookeeper parameter or mesos::zookeeper, Array forms joined with zk_path and zk_default_port) differs between nodes.',
  },
  'mesos/port-clash': {
    severity: 'error',
    summary:
      'Two services on one node listen on the same port (defaults included: 5050, 5051, 2181, 2888, 3888, Marathon 8080, Chronos 4400).',
  },
  'zookeeper/servers-integer-keys': {
    severity: 'error',
    summary:
      'zookeeper::servers as a Hash needs String keys from zookeeper v0.8.0 (Hash[String,String]); unquoted numbers fail compilation.',
  },
  'mesos/repo-retired': {
    severity: 'warning',
    summary: 'The mesos module points the package manager at repos.mesosphere.io, which no longer serves packages.',
  },
  'mesos/os-unsupported': {
    severity: 'warning',
    summary:
      "A node's facts give an OS release that the mesos module release in use does not support (its metadata.json operatingsystem_support).",
  },

  // --- puppet manifests (syntax) ---
  'puppet/syntax': { severity: 'error', summary: 'The manifest does not parse.' },
  'puppet/unknown-class': {
    severity: 'warning',
    summary: 'No module on the modulepath, pinned by the Puppetfile or in the bundled catalogs defines the class.',
  },
  'puppet/unknown-parameter': {
    severity: 'error',
    summary:
      'A resource-like class declaration passes a parameter the class does not have; the catalog does not compile.',
  },
  'puppet/unknown-attribute': {
    severity: 'error',
    summary:
      'A resource of a type built into Puppet sets an attribute the type does not have; the catalog does not compile.',
  },
  'puppet/unacceptable-location': {
    severity: 'warning',
    summary:
      "A definition's name does not match its file: <module>/manifests/a/b.pp must define <module>::a::b (init.pp the module).",
  },
  'puppet/role-declares-resources': {
    severity: 'warning',
    summary: 'A role declares resources; roles should only include profiles.',
  },
  'puppet/profile-includes-role': {
    severity: 'warning',
    summary: 'A profile declares a role; roles include profiles, never the reverse.',
  },
  'puppet/hiera-include': {
    severity: 'warning',
    summary: "hiera_include is deprecated since Puppet 7; use lookup('classes', Array[String], 'unique', []).include.",
  },

  // --- Puppetfile ---
  'puppetfile/syntax': { severity: 'error', summary: 'The Puppetfile is not valid for r10k.' },
  'puppetfile/duplicate-module': {
    severity: 'error',
    summary: 'Two entries install the same module directory; r10k refuses the Puppetfile.',
  },
  'puppetfile/version-range': {
    severity: 'error',
    summary: 'A Forge module version must be exact or :latest; r10k refuses ranges.',
  },
  'puppetfile/module-name': {
    severity: 'error',
    summary: "The module name is not 'author/name' (or 'name' for a git or local module).",
  },
  'puppetfile/no-source': {
    severity: 'error',
    summary: 'A module with options names no source (:git, :svn, :local or :type).',
  },
  'puppetfile/git-protocol': {
    severity: 'warning',
    summary: 'The unauthenticated git:// protocol no longer works at GitHub (since 2022-03-15).',
  },
  'puppetfile/http-forge': {
    severity: 'warning',
    summary: 'The forge is given over plain http; the current API is https://forgeapi.puppet.com.',
  },
  'puppetfile/conflicting-refs': {
    severity: 'warning',
    summary: 'A git module gives more than one of :ref, :tag, :branch and :commit.',
  },
  'puppetfile/unknown-option': {
    severity: 'warning',
    summary: 'r10k does not know this module option and ignores it.',
  },
  'puppetfile/unknown-tag': {
    severity: 'error',
    summary: 'The module has no such tag or version; r10k cannot resolve it.',
  },
  'puppetfile/missing-dependency': {
    severity: 'warning',
    summary: 'A pinned module needs another module that the Puppetfile does not install.',
  },
  'puppetfile/dependency-conflict': {
    severity: 'error',
    summary: "A pin does not satisfy another module's requirement.",
  },
  'puppetfile/unused-module': {
    severity: 'information',
    summary: 'No manifest uses the module and no other pinned module needs it.',
  },
  'puppetfile/module-not-checked': {
    severity: 'information',
    summary:
      'The repo uses a module that is neither installed nor described by bundled facts: its names are not checked.',
  },

  // --- hiera.yaml ---
  'hiera-config/yaml-syntax': { severity: 'error', summary: 'hiera.yaml is not valid YAML.' },
  'hiera-config/not-a-mapping': {
    severity: 'error',
    summary: 'hiera.yaml must hold a mapping; Puppet falls back to a default configuration.',
  },
  'hiera-config/unknown-key': {
    severity: 'error',
    summary: 'A key that Puppet does not accept at this place in hiera.yaml.',
  },
  'hiera-config/wrong-type': {
    severity: 'error',
    summary: 'A hiera.yaml value has the wrong type (for example a list where a string is expected).',
  },
  'hiera-config/unsupported-version': {
    severity: 'error',
    summary: 'The version is not one Puppet reads here (not 5; version 4 in the global layer).',
  },
  'hiera-config/version-4': {
    severity: 'warning',
    summary: 'A Hiera 4 configuration: deprecated, read only in environments and modules; migrate to version 5.',
  },
  'hiera-config/version-3': {
    severity: 'information',
    summary: 'A Hiera 3 configuration: only the global layer reads it; migrate to version 5.',
  },
  'hiera-config/missing-name': { severity: 'error', summary: 'A hierarchy entry has no name.' },
  'hiera-config/duplicate-name': { severity: 'error', summary: 'Two hierarchy entries share a name.' },
  'hiera-config/missing-backend': {
    severity: 'error',
    summary: 'A hierarchy entry names no backend function and defaults name none either.',
  },
  'hiera-config/multiple-backends': {
    severity: 'error',
    summary: 'A hierarchy entry (or defaults) names more than one backend function.',
  },
  'hiera-config/backend-kind': {
    severity: 'warning',
    summary: 'A built-in backend function is used under the wrong key (e.g. yaml_data as lookup_key).',
  },
  'hiera-config/missing-location': {
    severity: 'error',
    summary: 'A file-based hierarchy entry has no path, paths, glob, globs, uri, uris or mapped_paths.',
  },
  'hiera-config/multiple-locations': {
    severity: 'error',
    summary: 'A hierarchy entry has more than one kind of location.',
  },
  'hiera-config/interpolation': {
    severity: 'error',
    summary: 'A malformed %{...} interpolation in a path or datadir.',
  },
  'hiera-config/function-in-path': {
    severity: 'error',
    summary: 'Interpolation functions (lookup, alias, ...) are not allowed in paths and datadirs.',
  },
  'hiera-config/reserved-option': {
    severity: 'error',
    summary: "The options 'path' and 'uri' are reserved by Puppet.",
  },
  'hiera-config/default-hierarchy-not-in-module': {
    severity: 'error',
    summary: 'default_hierarchy is only allowed in a module hiera.yaml.',
  },
  'hiera-config/hiera3-backend-not-global': {
    severity: 'error',
    summary: 'hiera3_backend is only allowed in the global hiera.yaml.',
  },
  'hiera-config/missing-datadir': {
    severity: 'warning',
    summary: 'The datadir does not exist, so the entries that use it find nothing.',
  },
});

export type Code = keyof typeof CODES;

export function isCode(id: string): id is Code {
  return Object.prototype.hasOwnProperty.call(CODES, id);
}
