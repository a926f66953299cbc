// Questions an editor asks about Hiera data for one node, answered on top of a lookup session:
//  - where is this key set? Every layer, hierarchy entry and existing data file of the node's hierarchy that
//    holds the key, in priority order, with the raw value and the offset range of the key in the file (hover,
//    go to definition);
//  - what does this node see? Every key found in the node's data files with its resolved value under the key's
//    own merge (the per-node lookup preview).

import { isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import type { TextRange } from '../../base/textRange.js';
import { createLookupSession, type LookupContext, type LookupOutcome, type LookupSession, type ResolvedLayer } from './engine.js';
import type { LayerName } from './explain.js';
import type { MergeSpec } from './mergeStrategy.js';
import type { DataFormat } from './dataReader.js';
import { hashGet, hashHas, type HieraValue } from './values.js';

export interface KeyOccurrence {
  readonly layer: LayerName;
  readonly module?: string;
  readonly entry: string;
  readonly path: string;
  /** The value as written (before interpolation). */
  readonly rawValue: HieraValue;
  /** The key's range in the file, when the file is YAML and the key is a plain top-level key. */
  readonly keyRange?: TextRange;
}

function formatOf(fn: string): DataFormat | undefined {
  if (fn === 'yaml_data' || fn === 'eyaml_lookup_key') return 'yaml';
  if (fn === 'json_data') return 'json';
  if (fn === 'hocon_data') return 'hocon';
  return undefined;
}

function layersFor(session: LookupSession, rootKey: string): readonly ResolvedLayer[] {
  const q = rootKey.indexOf('::');
  const moduleName = q < 0 ? undefined : rootKey.slice(0, q);
  return session.layers().filter((l) => l.layer !== 'module' || l.module === moduleName);
}

/** Every place in the node's hierarchy that sets the key (its root, for a dotted key), highest priority first. */
export function findKeyOccurrences(context: LookupContext | LookupSession, key: string): KeyOccurrence[] {
  const session = 'lookup' in context ? context : createLookupSession(context);
  const root = key.split('.')[0];
  const out: KeyOccurrence[] = [];
  for (const layer of layersFor(session, root)) {
    for (const entry of [...layer.entries, ...(layer.defaultEntries ?? [])]) {
      const format = formatOf(entry.functionName);
      if (!format || !entry.locations) continue;
      for (const loc of entry.locations) {
        if (!loc.exists) continue;
        const data = session.readData(loc.path, format);
        if (data.kind !== 'ok' || !hashHas(data.data, root)) continue;
        if (layer.layer === 'module' && !root.startsWith(`${layer.module}::`)) continue;
        out.push({
          layer: layer.layer,
          module: layer.module,
          entry: entry.name,
          path: loc.path,
          rawValue: hashGet(data.data, root) as HieraValue,
          keyRange: format === 'yaml' ? yamlKeyRange(session, loc.path, root) : undefined,
        });
      }
    }
  }
  return out;
}

/** Top-level key ranges of the YAML files asked about last, by path and text: parsed once, not per node. */
const keyRangeCache = new Map<string, { text: string; ranges: Map<string, TextRange> }>();
const KEY_RANGE_CACHE_SIZE = 64;

function yamlKeyRange(session: LookupSession, path: string, key: string): TextRange | undefined {
  const text = session.context.fs.readFile(path);
  if (text === undefined) return undefined;
  let hit = keyRangeCache.get(path);
  if (!hit || hit.text !== text) {
    const ranges = new Map<string, TextRange>();
    const doc = parseDocument(text, { uniqueKeys: false });
    if (isMap(doc.contents)) {
      for (const pair of doc.contents.items) {
        const k = pair.key as YamlNode | null;
        if (isScalar(k) && k.range) ranges.set(String(k.value), { start: k.range[0], end: k.range[1] });
      }
    }
    hit = { text, ranges };
    keyRangeCache.delete(path);
    keyRangeCache.set(path, hit);
    if (keyRangeCache.size > KEY_RANGE_CACHE_SIZE) keyRangeCache.delete(keyRangeCache.keys().next().value!);
  }
  return hit.ranges.get(key);
}

export interface ResolvedKey {
  readonly key: string;
  readonly outcome: LookupOutcome;
  readonly merge: MergeSpec;
  readonly mergeSource: 'caller' | 'lookup_options' | 'default';
}

/** Every key the node's data files hold (lookup_options excluded), sorted, with its resolved value. */
export function listResolvedKeys(context: LookupContext | LookupSession): ResolvedKey[] {
  const session = 'lookup' in context ? context : createLookupSession(context);
  const keys = new Set<string>();
  for (const layer of session.layers()) {
    for (const entry of [...layer.entries, ...(layer.defaultEntries ?? [])]) {
      const format = formatOf(entry.functionName);
      if (!format || !entry.locations) continue;
      for (const loc of entry.locations) {
        if (!loc.exists) continue;
        const data = session.readData(loc.path, format);
        if (data.kind !== 'ok') continue;
        for (const k of data.data.keys()) {
          if (typeof k !== 'string' || k === 'lookup_options') continue;
          if (layer.layer === 'module' && !k.startsWith(`${layer.module}::`)) continue;
          keys.add(k);
        }
      }
    }
  }
  return [...keys].sort().map((key) => {
    const r = session.lookup(key.includes('.') ? `"${key}"` : key);
    return { key, outcome: r.outcome, merge: r.merge, mergeSource: r.mergeSource };
  });
}
