// Reads one Hiera data file into values, the way Puppet's data_hash functions do: `yaml_data` (Psych's YAML 1.1
// flavour: `yes`/`no`/`on`/`off` are booleans, `0755` is octal, duplicate keys keep the last value, merge keys
// work, an empty file is an empty hash), `json_data`, and best-effort `eyaml_lookup_key` (plain YAML; encrypted
// values stay as their `ENC[...]` text) and `hocon_data` (only its JSON subset). No cache: the caller reads each
// file at most once per lookup. Never throws: a missing or broken file is a result kind, with the message and,
// where known, the offset of the problem.

import { parseDocument, type ScalarTag } from 'yaml';
import type { FileSystem } from '../../workspace/fileSystem.js';
import { fromPlain, isHash, type HieraHash } from './values.js';

/** The most alias expansions one data file may need; legitimate Hiera data needs a handful. */
const MAX_ALIAS_COUNT = 1000;

export type DataFormat = 'yaml' | 'json' | 'hocon';

export type DataFileResult =
  | { readonly kind: 'ok'; readonly data: HieraHash; readonly warning?: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'error'; readonly message: string; readonly offset?: number };

const psychBool: ScalarTag = {
  identify: (v) => typeof v === 'boolean',
  default: true,
  tag: 'tag:yaml.org,2002:bool',
  test: /^(?:[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF)$/,
  resolve: (s) => /^(?:y|t|on)/i.test(s),
};

const psychOctal: ScalarTag = {
  identify: (v) => typeof v === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  test: /^[-+]?0[0-7_]+$/,
  resolve: (s) => (s.startsWith('-') ? -1 : 1) * Number.parseInt(s.replace(/^[-+]?0/, '').replace(/_/g, ''), 8),
};

/** Parses YAML text as Hiera data. Non-hash documents are an empty hash with a warning, as in Puppet. */
export function parseYamlData(text: string): DataFileResult {
  try {
    const doc = parseDocument(text, {
      schema: 'core',
      customTags: (tags) => [psychBool, psychOctal, ...tags],
      uniqueKeys: false,
      merge: true,
      prettyErrors: false,
    });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      return { kind: 'error', message: e.message.split('\n')[0], offset: e.pos[0] };
    }
    // A bounded alias expansion: a "billion laughs" file is an error, not a server out of memory.
    const value = fromPlain(doc.toJS({ mapAsMap: true, maxAliasCount: MAX_ALIAS_COUNT }));
    if (value === null || value === false) return { kind: 'ok', data: new Map() };
    if (!isHash(value)) return { kind: 'ok', data: new Map(), warning: 'file does not contain a valid yaml hash' };
    return { kind: 'ok', data: value };
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}

/** Parses JSON text as Hiera data. A document that is not an object is an error, as in Puppet. */
export function parseJsonData(text: string): DataFileResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    return { kind: 'error', message, offset: at ? Number(at[1]) : undefined };
  }
  const value = fromPlain(raw);
  if (!isHash(value)) return { kind: 'error', message: 'the JSON document is not a hash' };
  return { kind: 'ok', data: value };
}

/** Reads and parses a data file through the FileSystem. */
export function readDataFile(fs: FileSystem, path: string, format: DataFormat): DataFileResult {
  const text = fs.readFile(path);
  if (text === undefined) return { kind: 'missing' };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (format === 'json') return parseJsonData(body);
  if (format === 'hocon') {
    const json = parseJsonData(body);
    return json.kind === 'ok' ? json : { kind: 'error', message: 'HOCON data is only read when it is plain JSON' };
  }
  return parseYamlData(body);
}
