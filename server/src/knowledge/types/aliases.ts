// Type aliases bundled with the catalogs: those of the indexed modules (stdlib's `Stdlib::Absolutepath`,
// `Stdlib::Port`, ..., apt's `Apt::Proxy`; the newest release that defines a name wins), listed in the catalog
// index by scripts/generate-catalog.ts. `bundledTypeAlias` is an AliasResolver for checkValue.

import { CATALOG_INDEX } from '../catalog.js';
import type { AliasResolver } from './typeCheck.js';

let index: Map<string, string> | undefined;

/** Alias name (lower case: Puppet finds types case-insensitively) → type text. */
function aliasIndex(): Map<string, string> {
  if (index) return index;
  index = new Map();
  for (const [name, text] of Object.entries(CATALOG_INDEX.typeAliases)) {
    index.set(name.toLowerCase(), text);
  }
  return index;
}

/** The definition of a bundled type alias (`Stdlib::Port` → `Integer[0, 65535]`), or undefined when unknown. */
export const bundledTypeAlias: AliasResolver = (name) => aliasIndex().get(name.replace(/^::/, '').toLowerCase());

/** Names of all bundled type aliases, as the modules spell them, sorted. */
export function bundledTypeAliasNames(): string[] {
  return Object.keys(CATALOG_INDEX.typeAliases).sort();
}
