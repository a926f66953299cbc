// Completion in any file, by kind: the entry point the language server calls.

import type { Project } from '../workspace/project.js';
import { completePuppetfile } from './puppetfile/features.js';
import type { CompletionItem, CompletionResolve } from './types.js';
import { completeHieraData, resolveHieraKey } from './hiera/completion.js';
import { completeManifest, resolvePuppetClass } from './manifest/completion.js';
import { completeHieraConfig } from './hieraConfig/completion.js';

/**
 * At most this many items per list. The language server marks every list incomplete, so the editor asks again as
 * the user types and the list narrows to what is typed; past this, a list is more than anyone reads, and costs
 * its size on the wire and in the editor on each keystroke (thousands of classes with a module corpus).
 */
export const MAX_COMPLETION_ITEMS = 300;

export function complete(project: Project, path: string, offset: number): CompletionItem[] {
  return capped(allItems(project, path, offset), project.readText(path) ?? '', offset);
}

function allItems(project: Project, path: string, offset: number): CompletionItem[] {
  switch (project.classify(path)) {
    case 'hiera-data':
      return completeHieraData(project, path, offset);
    case 'puppet':
      return completeManifest(project, path, offset);
    case 'puppetfile':
      return completePuppetfile(project, path, offset);
    case 'hiera-config':
      return completeHieraConfig(project, path, offset);
    default:
      return [];
  }
}

/**
 * A list longer than MAX_COMPLETION_ITEMS keeps the items that match what is typed before the cursor (as a
 * prefix first, then as the editors' fuzzy subsequence), in the list's own order (sortText, then label).
 */
function capped(items: CompletionItem[], text: string, offset: number): CompletionItem[] {
  if (items.length <= MAX_COMPLETION_ITEMS) return items;
  const rank = (i: CompletionItem): number => {
    const typed = text.slice(i.range.start, Math.max(i.range.start, offset)).toLowerCase();
    const word = (i.filterText ?? i.label).toLowerCase();
    if (word.startsWith(typed)) return 0;
    let at = 0;
    for (const c of typed) {
      at = word.indexOf(c, at) + 1;
      if (at === 0) return 2;
    }
    return 1;
  };
  return items
    .map((item) => ({ item, rank: rank(item), key: item.sortText ?? item.label }))
    .filter((x) => x.rank < 2)
    .sort(
      (a, b) =>
        a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || (a.item.label < b.item.label ? -1 : 1),
    )
    .slice(0, MAX_COMPLETION_ITEMS)
    .map((x) => x.item);
}

/** Fills in what a completion item left for later (its documentation). */
export function resolveCompletion(project: Project, data: CompletionResolve): string | undefined {
  switch (data.kind) {
    case 'hiera-key':
      return resolveHieraKey(project, data.path, data.key);
    case 'puppet-class':
      return resolvePuppetClass(project, data.path, data.name);
  }
}
