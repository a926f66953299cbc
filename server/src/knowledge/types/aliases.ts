// Type aliases bundled with the catalogs: those of the modules indexed from Debian's packages (stdlib's
// `Stdlib::Absolutepath`, `Stdlib::Port`, ..., apt's `Apt::Proxy`), generated into catalogs.json by
// scripts/generate-catalog.ts. `bundledTypeAlias` is an AliasResolver for checkValue.

import { CATALOGS, compareVersions } from '../catalog.js';
import { trustBundledPatterns, type AliasResolver } from './typeCheck.js';

let index: Map<string, string> | undefined;

/** Alias name (lower case: Puppet finds types case-insensitively) → type text; the newest module version wins. */
function aliasIndex(): Map<string, string> {
  if (index) return index;
  index = new Map();
  const modules = [...CATALOGS.modules].sort((a, b) => compareVersions(a.version, b.version));
  for (const m of modules) {
    for (const [name, text] of Object.entries(m.typeAliases ?? {})) {
      index.set(name.toLowerCase(), text);
      trustBundledPatterns(text);
    }
  }
  return index;
}

/** The definition of a bundled type alias (`Stdlib::Port` → `Integer[0, 65535]`), or undefined when unknown. */
export const bundledTypeAlias: AliasResolver = (name) => aliasIndex().get(name.replace(/^::/, '').toLowerCase());

/** Names of all bundled type aliases, as the modules spell them, sorted. */
export function bundledTypeAliasNames(): string[] {
  const names = new Set<string>();
  for (const m of CATALOGS.modules) for (const name of Object.keys(m.typeAliases ?? {})) names.add(name);
  return [...names].sort();
}
