// Completion of capitalised names in manifests, scoped to what is typed: without `::`, Puppet's data types
// (`String`, `Optional`, ...), the built-in resource types as references (`Service` for `Service['x']`) and one
// item per namespace of the known type aliases (`Stdlib::`); after `Ns::`, the aliases of that namespace (the
// repo's modules first, then the bundled catalogs') and its deeper namespaces.

import type { Project } from '../../workspace/project.js';
import type { TextRange } from '../../base/textRange.js';
import type { CompletionItem } from '../types.js';
import { builtinDataType, builtinDataTypeNames } from '../../knowledge/puppetDataTypes.js';
import { builtinType, builtinTypeNames } from '../../knowledge/puppetBuiltins.js';
import { bundledTypeAlias, bundledTypeAliasNames } from '../../knowledge/types/aliases.js';
import { describeBuiltinDataType, describeBuiltinType, describeTypeAlias } from './builtins.js';
import { indexFor, relativeTo } from '../shared/classes.js';

/** A resource type as a reference spells it: `ssh_authorized_key` → `Ssh_authorized_key`. */
const capitalised = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** Alias definitions are often long patterns: the item's detail shows their start, its documentation all. */
const DETAIL_LENGTH = 60;

/** Every type alias the file can name: the repo's modules', then the bundled catalogs', as they are spelt. */
interface KnownAlias {
  readonly name: string;
  readonly definition: string;
  readonly bundled: boolean;
  /** Where it comes from, for the documentation. */
  readonly from: string;
}

function aliasNames(project: Project, path: string): Map<string, KnownAlias> {
  const out = new Map<string, KnownAlias>();
  const rel = relativeTo(project, path);
  for (const a of indexFor(project, path)?.typeAliases() ?? []) {
    const name = a.name.replace(/^::/, '');
    if (!out.has(name.toLowerCase()))
      out.set(name.toLowerCase(), {
        name,
        definition: a.alias.typeText,
        bundled: false,
        from: `defined in \`${rel(a.path)}\``,
      });
  }
  for (const name of bundledTypeAliasNames())
    if (!out.has(name.toLowerCase()))
      out.set(name.toLowerCase(), {
        name,
        definition: bundledTypeAlias(name) ?? '',
        bundled: true,
        from: 'from the bundled module catalogs',
      });
  return out;
}

export function typeNameItems(project: Project, path: string, prefix: string, range: TextRange): CompletionItem[] {
  const lead = prefix.startsWith('::') ? '::' : '';
  const typed = prefix.slice(lead.length);
  const cut = typed.lastIndexOf('::');
  // The namespace typed so far (`Stdlib::Compat::`), empty at the top level.
  const namespace = cut < 0 ? '' : typed.slice(0, cut + 2);
  const starts = (name: string): boolean => name.toLowerCase().startsWith(typed.toLowerCase());
  const items: CompletionItem[] = [];
  if (namespace === '') {
    for (const name of builtinDataTypeNames()) {
      if (!starts(name)) continue;
      const t = builtinDataType(name)!;
      items.push({
        label: name,
        kind: 'type',
        detail: t.form ?? 'data type',
        documentation: describeBuiltinDataType(t),
        range,
        insertText: lead + name,
        sortText: `0${name}`,
        filterText: lead + name,
      });
    }
    for (const type of builtinTypeNames()) {
      const name = capitalised(type);
      if (!starts(name)) continue;
      items.push({
        label: name,
        kind: 'class',
        detail: `reference to a ${type} resource`,
        documentation: describeBuiltinType(builtinType(type)!),
        range,
        insertText: lead + name,
        sortText: `1${name}`,
        filterText: lead + name,
      });
    }
  }
  // The aliases directly in the namespace typed, and one item per namespace one level deeper.
  const deeper = new Set<string>();
  for (const a of aliasNames(project, path).values()) {
    if (!a.name.toLowerCase().startsWith(namespace.toLowerCase()) || !starts(a.name)) continue;
    const rest = a.name.slice(namespace.length);
    const next = rest.indexOf('::');
    if (next >= 0) {
      deeper.add(a.name.slice(0, namespace.length + next + 2));
      continue;
    }
    const definition = a.definition.replace(/\s+/g, ' ');
    items.push({
      label: a.name,
      kind: 'type',
      detail: definition.length > DETAIL_LENGTH ? `= ${definition.slice(0, DETAIL_LENGTH - 1)}…` : `= ${definition}`,
      documentation: describeTypeAlias(a.name, definition, a.from),
      range,
      insertText: lead + a.name,
      sortText: `${a.bundled ? 3 : 2}${a.name}`,
      filterText: lead + a.name,
    });
  }
  for (const ns of [...deeper].sort()) {
    items.push({
      label: ns,
      kind: 'module',
      detail: 'type aliases',
      range,
      insertText: lead + ns,
      sortText: `4${ns}`,
      filterText: lead + ns,
      retrigger: true,
    });
  }
  return items;
}
