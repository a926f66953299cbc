// The Hiera snippets (snippets/hiera.json: a master node, an agent node, the cluster's common data) offered by the
// server, and only in Hiera data files: contributed to VS Code for the `yaml` language they appeared in every
// YAML file, a CI workflow included. Served here, every LSP editor gets them, each with its plain expansion for
// clients without snippet support.

import snippets from '../../../../snippets/hiera.json';
import type { TextRange } from '../../base/textRange.js';
import type { CompletionItem } from '../types.js';
import { expandSnippet } from '../shared/snippetText.js';

interface SnippetSource {
  readonly prefix: string | readonly string[];
  readonly description: string;
  readonly body: string | readonly string[];
}

const SOURCES = snippets as Readonly<Record<string, SnippetSource>>;

/** The snippets whose prefix starts with what is typed at a top-level key (all of them for an empty word). */
export function hieraSnippetItems(typed: string, range: TextRange): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const [name, s] of Object.entries(SOURCES)) {
    const prefixes = typeof s.prefix === 'string' ? [s.prefix] : s.prefix;
    if (!prefixes.some((p) => p.startsWith(typed.toLowerCase()))) continue;
    const body = typeof s.body === 'string' ? s.body : s.body.join('\n');
    items.push({
      label: prefixes[0],
      kind: 'snippet',
      detail: name,
      documentation: s.description,
      range,
      insertText: expandSnippet(body).text,
      snippet: body,
      sortText: `9${prefixes[0]}`,
      filterText: prefixes.join(' '),
    });
  }
  return items;
}
