// Reads one Hiera data file into values, the way Puppet's data_hash functions do: `yaml_data` (Psych's YAML 1.1
// flavour: `yes`/`no`/`on`/`off` are booleans, `0755` is octal, duplicate keys keep the last value, merge keys
// work, an empty file is an empty hash), `json_data`, and best-effort `eyaml_lookup_key` (plain YAML; encrypted
// values stay as their `ENC[...]` text) and `hocon_data` (only its JSON subset). YAML is read from the syntax
// layer's parse (shared with the editor when a project supplies it); each value is converted once per parse of
// its entry. Never throws: a missing or broken file is a result kind, with the message and, where known, the
// offset of the problem.

import type { FileSystem } from '../../workspace/fileSystem.js';
import {
  documentData,
  entryData,
  hasTopLevelMerge,
  markWholeFloats,
  parseHieraData,
  type HieraDataFile,
  type HieraEntry,
} from '../../syntax/hiera/dataFile.js';
import { MAX_YAML_NESTING, yamlTooDeepAt } from '../../syntax/hiera/yamlDepth.js';
import { fromPlain, isHash, type HieraHash, type HieraValue } from './values.js';
import { WholeFloat } from '../../base/wholeFloat.js';
import { defineObjectTable, type ObjectMemos } from '../../base/queries.js';

export type DataFormat = 'yaml' | 'json' | 'hocon';

/** The data format a hierarchy level's backend function reads (eyaml reads YAML files too); undefined for others. */
export function dataFormatOf(fn: string): DataFormat | undefined {
  if (fn === 'yaml_data' || fn === 'eyaml_lookup_key') return 'yaml';
  if (fn === 'json_data') return 'json';
  if (fn === 'hocon_data') return 'hocon';
  return undefined;
}

/** Why a YAML file whose values expand too many aliases is refused (the lookup error names it). */
export const ALIAS_REFUSAL = 'Excessive alias count indicates a resource exhaustion attack';

export type DataFileResult =
  | { readonly kind: 'ok'; readonly data: HieraHash; readonly warning?: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'error'; readonly message: string; readonly offset?: number };

/** Parses YAML text as Hiera data. Non-hash documents are an empty hash with a warning, as in Puppet. */
export function parseYamlData(text: string): DataFileResult {
  return yamlData(parseHieraData(text));
}

/**
 * The key/value pairs of the entries parsed in one YAML document (a chunk of a big file, or a whole file), each
 * converted once: a keystroke converts only the chunk it touched. Undefined for a value that cannot be expanded.
 */
const convertedPairs = defineObjectTable<object, Array<readonly [HieraValue, HieraValue | undefined]>>('dataPairs');

function pairsOf(
  entries: readonly HieraEntry[],
  from: number,
  to: number,
  memos: ObjectMemos | undefined,
): Array<readonly [HieraValue, HieraValue | undefined]> {
  const doc = entries[from].document;
  const converted = memos?.table(convertedPairs);
  let pairs = converted?.get(doc);
  if (!pairs || pairs.length !== to - from) {
    pairs = [];
    for (let i = from; i < to; i++) {
      const e = entries[i];
      const plain = e.valueNode === null ? null : entryData(e);
      pairs.push([
        fromPlain(e.keyValue),
        plain === undefined ? undefined : withFloats(e.document, e.valueNode, fromPlain(plain)),
      ]);
    }
    converted?.set(doc, pairs);
  }
  return pairs;
}

/** A converted value with its whole Floats (`1.0`) boxed, as the text wrote them. */
function withFloats(doc: HieraEntry['document'], node: HieraEntry['valueNode'], value: HieraValue): HieraValue {
  return markWholeFloats(doc, node, value, (n) => new WholeFloat(n)) as HieraValue;
}

/**
 * A parsed Hiera data file (the syntax layer's parse, shared with the editor features) as the data Puppet's
 * yaml_data returns. A value that cannot be expanded (an alias bomb) makes the file an error. Given the host's
 * memos, each chunk's values are converted once per parse of the chunk.
 */
export function yamlData(file: HieraDataFile, memos?: ObjectMemos): DataFileResult {
  const syntax = file.problems.find((p) => p.kind === 'yaml-syntax' || p.kind === 'too-deep');
  if (syntax) return { kind: 'error', message: syntax.message, offset: syntax.range.start };
  if (file.problems.some((p) => p.kind === 'not-a-hash')) {
    const whole = documentData(file);
    // `false` or an empty document read as an empty hash, as in Puppet; anything else is warned about.
    if (whole === null || whole === false || whole === undefined) return { kind: 'ok', data: new Map() };
    return { kind: 'ok', data: new Map(), warning: 'file does not contain a valid yaml hash' };
  }
  if (hasTopLevelMerge(file)) {
    const whole = documentData(file);
    if (whole === undefined)
      return {
        kind: 'error',
        message: ALIAS_REFUSAL,
        offset: file.entries.find((e) => e.key === '<<')?.keyRange.start,
      };
    const value = file.document
      ? withFloats(file.document, file.document.contents, fromPlain(whole))
      : fromPlain(whole);
    return { kind: 'ok', data: isHash(value) ? value : new Map() };
  }
  const data = new Map<HieraValue, HieraValue>();
  const entries = file.entries;
  for (let from = 0; from < entries.length;) {
    let to = from + 1;
    while (to < entries.length && entries[to].document === entries[from].document) to++;
    const pairs = pairsOf(entries, from, to, memos);
    for (let i = 0; i < pairs.length; i++) {
      const [k, v] = pairs[i];
      // The offset is the key of the value that cannot be expanded, where the editor says so.
      if (v === undefined) return { kind: 'error', message: ALIAS_REFUSAL, offset: entries[from + i].keyRange.start };
      data.set(k, v);
    }
    from = to;
  }
  return { kind: 'ok', data };
}

/** Parses JSON text as Hiera data. A document that is not an object is an error, as in Puppet. */
export function parseJsonData(text: string): DataFileResult {
  const deep = yamlTooDeepAt(text);
  if (deep >= 0)
    return { kind: 'error', message: `the data nests deeper than ${MAX_YAML_NESTING} levels; not read`, offset: deep };
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

/**
 * Reads and parses a data file through the FileSystem; `parsedYaml`, when given, supplies the parse of a YAML
 * file (the project's, shared with the editor) instead of parsing the text again.
 */
export function readDataFile(
  fs: FileSystem,
  path: string,
  format: DataFormat,
  parsedYaml?: (path: string) => HieraDataFile | undefined,
  memos?: ObjectMemos,
): DataFileResult {
  if (format === 'yaml' && parsedYaml) {
    const file = parsedYaml(path);
    return file ? yamlData(file, memos) : { kind: 'missing' };
  }
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
