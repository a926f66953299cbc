// What each key and backend of a version 5 hiera.yaml means, in our own words, for completion and hover. The
// tables also say where a key may appear (top level, `defaults`, a hierarchy entry, `options`), which is what
// completion offers at each place.

export interface ConfigWord {
  readonly name: string;
  readonly doc: string;
  /** What completion inserts after `name: ` (a snippet; `\n` starts an indented block). */
  readonly value?: string;
  readonly plain?: string;
}

export const TOP_LEVEL: readonly ConfigWord[] = [
  {
    name: 'version',
    doc: 'The format of this file. Must be `5`; files without it are read as Hiera 3, which environments and modules ignore.',
    value: '5',
    plain: '5',
  },
  {
    name: 'defaults',
    doc: 'Settings every hierarchy entry inherits unless it sets its own: `datadir` (default `data`) and one backend (default `data_hash: yaml_data`), plus `options`.',
    value: '\n  datadir: ${1:data}\n  data_hash: ${2|yaml_data,json_data,hocon_data|}',
    plain: '',
  },
  {
    name: 'hierarchy',
    doc: 'The levels Hiera searches, most specific first. Each entry has a `name`, a location (`path`, `paths`, `glob`, `globs`, `mapped_paths`, `uri`, `uris`) and may override the backend, `datadir` and `options`.',
    value: "\n  - name: '${1:Per node}'\n    path: '${2:nodes/%{trusted.certname\\}.yaml}'",
    plain: '',
  },
  {
    name: 'default_hierarchy',
    doc: "Only in a module's hiera.yaml: a hierarchy searched after all other layers, and only when they found nothing; for a module's defaults that users can still override.",
  },
  {
    name: 'plan_hierarchy',
    doc: 'The hierarchy Bolt plans use instead of `hierarchy` (no node facts are available in a plan).',
  },
];

const BACKEND_DOC = {
  data_hash:
    'A function that reads a whole data file into a hash (`yaml_data`, `json_data`, `hocon_data`, or your own). The usual choice.',
  lookup_key: 'A function asked for one key at a time (`eyaml_lookup_key` for encrypted values, or your own).',
  data_dig: 'A function asked for a key and digs into the data itself (dotted keys); rarely needed.',
  hiera3_backend: 'Runs an old Hiera 3 backend by name; only allowed in the global hiera.yaml.',
};

export const DEFAULTS_KEYS: readonly ConfigWord[] = [
  {
    name: 'datadir',
    doc: "The folder the entries' paths are relative to, itself relative to this hiera.yaml. Default `data`.",
    value: '${1:data}',
    plain: 'data',
  },
  { name: 'data_hash', doc: BACKEND_DOC.data_hash, value: '${1|yaml_data,json_data,hocon_data|}', plain: 'yaml_data' },
  { name: 'lookup_key', doc: BACKEND_DOC.lookup_key, value: '${1:eyaml_lookup_key}', plain: 'eyaml_lookup_key' },
  { name: 'data_dig', doc: BACKEND_DOC.data_dig },
  {
    name: 'options',
    doc: 'Settings passed to the backend function (for eyaml: the key files). `path` and `uri` are reserved.',
    value: '\n  ${1:key}: ${2:value}',
    plain: '',
  },
];

export const ENTRY_KEYS: readonly ConfigWord[] = [
  {
    name: 'name',
    doc: 'A name for this level, unique in the hierarchy; `puppet lookup --explain` shows it.',
    value: "'${1}'",
    plain: "''",
  },
  {
    name: 'path',
    doc: 'One data file, relative to the datadir. May use variables: `nodes/%{trusted.certname}.yaml`. A file that does not exist is skipped.',
    value: "'${1}.yaml'",
    plain: "''",
  },
  { name: 'paths', doc: 'Several data files, searched in order, as one level.', value: "\n  - '${1}.yaml'", plain: '' },
  {
    name: 'glob',
    doc: 'A shell pattern of data files (`*`, `**`, `{a,b}`), relative to the datadir; matches are read in sorted order.',
    value: "'${1}/*.yaml'",
    plain: "''",
  },
  { name: 'globs', doc: 'Several shell patterns of data files.', value: "\n  - '${1}/*.yaml'", plain: '' },
  {
    name: 'mapped_paths',
    doc: 'One data file per element of a list fact: `[fact_holding_a_list, name_for_each_element, template]`, e.g. `[services, svc, "services/%{svc}.yaml"]`.',
    value: '[${1:fact}, ${2:item}, "${3:dir}/%{${2:item}\\}.yaml"]',
    plain: '[]',
  },
  {
    name: 'uri',
    doc: 'A location that is not a file, handed to a custom backend as is.',
    value: "'${1}'",
    plain: "''",
  },
  { name: 'uris', doc: 'Several non-file locations for a custom backend.', value: "\n  - '${1}'", plain: '' },
  {
    name: 'datadir',
    doc: "This entry's own data folder instead of the default one.",
    value: '${1:data}',
    plain: 'data',
  },
  { name: 'data_hash', doc: BACKEND_DOC.data_hash, value: '${1|yaml_data,json_data,hocon_data|}', plain: 'yaml_data' },
  { name: 'lookup_key', doc: BACKEND_DOC.lookup_key, value: '${1:eyaml_lookup_key}', plain: 'eyaml_lookup_key' },
  { name: 'data_dig', doc: BACKEND_DOC.data_dig },
  { name: 'hiera3_backend', doc: BACKEND_DOC.hiera3_backend },
  {
    name: 'options',
    doc: "Settings passed to this entry's backend (for eyaml: `pkcs7_private_key`, `pkcs7_public_key`).",
    value: '\n  ${1:key}: ${2:value}',
    plain: '',
  },
];

export const LOCATION_NAMES = ['path', 'paths', 'glob', 'globs', 'mapped_paths', 'uri', 'uris'];
export const BACKEND_NAMES = ['data_hash', 'lookup_key', 'data_dig', 'hiera3_backend'];

export interface BackendWord extends ConfigWord {
  readonly under: 'data_hash' | 'lookup_key';
}

export const BACKENDS: readonly BackendWord[] = [
  { name: 'yaml_data', under: 'data_hash', doc: 'Reads YAML data files (`.yaml`). The default backend.' },
  { name: 'json_data', under: 'data_hash', doc: 'Reads JSON data files (`.json`).' },
  {
    name: 'hocon_data',
    under: 'data_hash',
    doc: 'Reads HOCON data files (`.conf`); needs the hocon gem on the server.',
  },
  {
    name: 'eyaml_lookup_key',
    under: 'lookup_key',
    doc: 'Reads YAML files whose values may be encrypted (`ENC[PKCS7,...]`) with hiera-eyaml; set `pkcs7_private_key` and `pkcs7_public_key` in `options`.',
  },
];

export const EYAML_OPTIONS: readonly ConfigWord[] = [
  {
    name: 'pkcs7_private_key',
    doc: 'The private key file hiera-eyaml decrypts with, on the server.',
    value: '${1:/etc/puppetlabs/puppet/eyaml/private_key.pkcs7.pem}',
    plain: '',
  },
  {
    name: 'pkcs7_public_key',
    doc: 'The public key file hiera-eyaml encrypts with.',
    value: '${1:/etc/puppetlabs/puppet/eyaml/public_key.pkcs7.pem}',
    plain: '',
  },
];
