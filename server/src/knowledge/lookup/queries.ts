// Questions an editor asks about Hiera data for one node, answered on top of a lookup session:
//  - where is this key set? Every layer, hierarchy entry and existing data file of the node's hierarchy that
//    holds the key, in priority order, with the raw value and the offset range of the key in the file (hover,
//    go to definition);
//  - what does this node see? Every key found in the node's data files with its resolved value under the key's
//    own merge (the per-node lookup preview).

import { parseHieraData, type HieraDataFile } from '../../syntax/hiera/dataFile.js';
import type { TextRange } from '../../base/textRange.js';
import { defineObjectTable } from '../../base/queries.js';
import {
  createLookupSession,
  type LookupContext,
  type LookupOutcome,
  type LookupSession,
  type ResolvedLayer,
} from './engine.js';
import type { LayerName } from './explain.js';
import type { MergeSpec } from './mergeStrategy.js';
import { dataFormatOf } from './dataReader.js';
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
      const format = dataFormatOf(entry.functionName);
      if (!format || !entry.locations) continue;
      for (const loc of entry.locations) {
        if (!loc.exists) continue;
        const data = session.readData(loc.path, format);
        session.context.recordRead?.(loc.path, data.kind === 'ok' && layer.layer !== 'module' ? root : undefined);
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

/** The range of the top-level keys asked about, per parse of a file (held by the host's memos). */
const keyRangeTable = defineObjectTable<HieraDataFile, Map<string, TextRange | undefined>>('yamlKeyRanges');

/** The parse of a YAML data file: the host's when the context supplies one, else parsed for this question. */
function parsed(session: LookupSession, path: string): HieraDataFile | undefined {
  const own = session.context.parsedYaml;
  if (own) return own(path);
  const text = session.context.fs.readFile(path);
  return text === undefined ? undefined : parseHieraData(text);
}

function yamlKeyRange(session: LookupSession, path: string, key: string): TextRange | undefined {
  const file = parsed(session, path);
  if (!file) return undefined;
  const table = session.context.memos?.table(keyRangeTable);
  let ranges = table?.get(file);
  if (!ranges) {
    ranges = new Map<string, TextRange | undefined>();
    table?.set(file, ranges);
  }
  if (ranges.has(key)) return ranges.get(key);
  // A few keys are asked about per file and parse: a search beats indexing every key of a big file. The last
  // occurrence of a duplicated key is the one whose value is read.
  let found: TextRange | undefined;
  for (let i = file.entries.length - 1; i >= 0; i--) {
    const e = file.entries[i];
    if (e.key === key && typeof e.keyValue !== 'object') {
      found = e.keyRange;
      break;
    }
  }
  ranges.set(key, found);
  return found;
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
      const format = dataFormatOf(entry.functionName);
      if (!format || !entry.locations) continue;
      for (const loc of entry.locations) {
        if (!loc.exists) continue;
        const data = session.readData(loc.path, format);
        session.context.recordRead?.(loc.path, undefined);
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
