// Completion in hiera.yaml, by place: the top-level keys, the keys of `defaults`, of a hierarchy entry and of
// eyaml `options`; the backend functions after `data_hash:` / `lookup_key:`; `5` after `version:`; and the
// variables inside `%{...}` in paths. Keys the mapping already has are left out, and so are a second location
// or a second backend for an entry that has one.

import type { Project } from '../../workspace/project.js';
import type { CompletionItem } from '../types.js';
import { yamlCursor, type YamlCursor } from '../../syntax/hiera/yamlCursor.js';
import { completeInterpolation, interpolationAt } from '../shared/interpolationCompletion.js';
import {
  BACKEND_NAMES,
  BACKENDS,
  DEFAULTS_KEYS,
  ENTRY_KEYS,
  EYAML_OPTIONS,
  LOCATION_NAMES,
  TOP_LEVEL,
  type ConfigWord,
} from './words.js';
import { hieraLayerOf } from './layer.js';

const HIERARCHIES = ['hierarchy', 'default_hierarchy', 'plan_hierarchy'];

/** Where the cursor is, as one of the places hiera.yaml has keys. */
export type ConfigPlace = 'top' | 'defaults' | 'entry' | 'options' | 'other';

export function placeOf(path: readonly string[]): ConfigPlace {
  if (path.length === 0) return 'top';
  if (path.length === 1 && path[0] === 'defaults') return 'defaults';
  if (path.length === 2 && HIERARCHIES.includes(path[0]) && path[1] === '-') return 'entry';
  if (
    path[path.length - 1] === 'options' &&
    (path.length === 2 ? path[0] === 'defaults' : path.length === 3 && HIERARCHIES.includes(path[0]))
  )
    return 'options';
  return 'other';
}

export function wordsAt(place: ConfigPlace): readonly ConfigWord[] {
  switch (place) {
    case 'top':
      return TOP_LEVEL;
    case 'defaults':
      return DEFAULTS_KEYS;
    case 'entry':
      return ENTRY_KEYS;
    case 'options':
      return EYAML_OPTIONS;
    default:
      return [];
  }
}

function keyItems(
  text: string,
  c: YamlCursor,
  words: readonly ConfigWord[],
  present: ReadonlySet<string>,
): CompletionItem[] {
  const lineStart = text.lastIndexOf('\n', c.range.start - 1) + 1;
  const indent = ' '.repeat(c.range.start - lineStart);
  const hasLocation = LOCATION_NAMES.some((k) => present.has(k));
  const hasBackend = BACKEND_NAMES.some((k) => present.has(k));
  return words
    .filter((w) => !present.has(w.name))
    .filter((w) => !(hasLocation && LOCATION_NAMES.includes(w.name)) && !(hasBackend && BACKEND_NAMES.includes(w.name)))
    .map((w, i) => {
      const value = w.value ?? '';
      const block = value.startsWith('\n');
      const snippetValue = value.replace(/\n/g, `\n${indent}`);
      return {
        label: w.name,
        kind: 'property' as const,
        documentation: w.doc,
        range: c.range,
        insertText: c.hasColon ? w.name : `${w.name}:${w.plain ? ` ${w.plain}` : ''}`,
        snippet: c.hasColon ? w.name : `${w.name}:${block ? '' : ' '}${snippetValue}`,
        sortText: String(i).padStart(2, '0'),
      };
    });
}

export function completeHieraConfig(project: Project, path: string, offset: number): CompletionItem[] {
  const text = project.readText(path) ?? '';
  const site = interpolationAt(text, offset);
  if (site) return completeInterpolation(text, offset, site, 'path', () => []);
  const c = yamlCursor(text, offset);
  const place = placeOf(c.path);
  if (c.kind === 'key') {
    let present = new Set(c.siblings);
    if (place === 'top') {
      present = new Set([...text.matchAll(/^([A-Za-z_]+)\s*:/gm)].map((m) => m[1]).filter((k) => k !== c.prefix));
      if (hieraLayerOf(project, path) !== 'module') present.add('default_hierarchy');
    }
    return keyItems(text, c, wordsAt(place), present);
  }
  if (c.kind !== 'value') return [];
  if (c.key === 'version' && place === 'top') {
    return [
      {
        label: '5',
        kind: 'value',
        documentation: 'Hiera 5, the only version environments and modules read.',
        range: c.range,
        insertText: '5',
      },
    ];
  }
  if ((c.key === 'data_hash' || c.key === 'lookup_key') && (place === 'defaults' || place === 'entry')) {
    return BACKENDS.filter((b) => b.under === c.key).map((b) => ({
      label: b.name,
      kind: 'function' as const,
      documentation: b.doc,
      range: c.range,
      insertText: b.name,
    }));
  }
  return [];
}
