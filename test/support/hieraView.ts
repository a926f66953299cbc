// A parsed Hiera data file as plain data (entries, ranges, values, node shapes, problems, the data read from it),
// so that two parses can be compared with deepEqual: the incremental parse against the whole one.

import { isCollection, isPair, type Node } from 'yaml';
import type { HieraDataFile } from '../../server/src/syntax/hiera/dataFile.js';
import { yamlData } from '../../server/src/knowledge/lookup/dataReader.js';
import { toJson } from '../../server/src/knowledge/lookup/values.js';

function nodeShape(node: unknown, depth = 0): unknown {
  if (!node || typeof node !== 'object' || depth > 100) return null;
  if (isPair(node)) return [nodeShape(node.key, depth + 1), nodeShape(node.value, depth + 1)];
  const r = (node as { range?: number[] }).range;
  return {
    range: r ? [...r] : null,
    items: isCollection(node) ? node.items.map((x) => nodeShape(x, depth + 1)) : undefined,
  };
}

/** Everything a feature can read from a parse, as plain data. */
export function view(f: HieraDataFile): unknown {
  const data = yamlData(f);
  return {
    entries: f.entries.map((e) => ({
      key: e.key,
      keyRange: e.keyRange,
      valueRange: e.valueRange,
      value: e.value,
      node: nodeShape(e.valueNode as Node | null),
    })),
    problems: f.problems,
    data: data.kind === 'ok' ? toJson(data.data) : data,
  };
}
