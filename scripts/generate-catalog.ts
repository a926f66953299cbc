// Regenerates server/src/knowledge/generated/index.json, the small part of the bundled catalogs that is loaded
// at start-up, from files inside the repository only:
//  - server/src/knowledge/sources/modules/<full-name>.json: every indexed release of each module, facts made by
//    our indexer from the modules' public repositories (refreshed by scripts/refresh-module-facts.ts). These
//    files are bundled as they are (copied to dist/facts) and read at run time on a module's first use;
//  - server/src/knowledge/sources/descriptions.yaml: our descriptions, applied to every release at run time.
// The index holds which modules and releases exist, the type aliases (the newest release that defines a name
// wins) and our descriptions. Run with `npm run catalog`; `--check` exits 1 when the committed index is out of date.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { CatalogIndex } from '../server/src/knowledge/catalog.js';
import { compareVersions } from '../server/src/knowledge/versions.js';
import { decodeRelease, type ModuleFacts } from '../server/src/knowledge/moduleFacts.js';

const root = resolve(__dirname, '..');
export const SOURCES_DIR = join(root, 'server/src/knowledge/sources/modules');
export const DESCRIPTIONS = join(root, 'server/src/knowledge/sources/descriptions.yaml');
export const OUTPUT = join(root, 'server/src/knowledge/generated/index.json');

/**
 * Which module a short name means when two modules share it: `archive` is puppet/archive (the Forge's, which
 * control repos pin); gini/archive is reached by its full name.
 */
export const PRIMARY: Readonly<Record<string, string>> = { archive: 'puppet-archive' };

export interface Descriptions {
  [module: string]: { keys?: Record<string, string>; params?: Record<string, string> };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function describe(desc: Descriptions[string] | undefined, className: string, param: string): string | undefined {
  const d = desc?.keys?.[`${className}::${param}`] ?? desc?.params?.[param];
  return d ? oneLine(d) : undefined;
}

/** Our descriptions on a release's parameters (tests and the indexer's checks; at run time the catalog applies them). */
export function withDescriptions<
  M extends {
    name: string;
    classes: readonly { name: string; params: readonly { name: string; description?: string }[] }[];
  },
>(m: M, descriptions: Descriptions): M {
  const desc = descriptions[m.name];
  return {
    ...m,
    classes: m.classes.map((c) => ({
      ...c,
      params: c.params.map(({ description: _d, ...p }) => {
        const description = describe(desc, c.name, p.name);
        return { ...p, ...(description ? { description } : {}) };
      }),
    })),
  };
}

export function readSources(dir = SOURCES_DIR): ModuleFacts[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ModuleFacts);
}

/** Our descriptions, each on one line, by module, then `keys` (full Hiera keys) and `params` (any class's parameter of that name). */
function normalizedDescriptions(descriptions: Descriptions): CatalogIndex['descriptions'] {
  const one = (r: Record<string, string> | undefined) =>
    Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, oneLine(v)]));
  return Object.fromEntries(
    Object.entries(descriptions).map(([m, d]) => [m, { keys: one(d.keys), params: one(d.params) }]),
  );
}

/** The text of generated/index.json. */
export function generate(sourcesDir = SOURCES_DIR, descriptionsFile = DESCRIPTIONS): string {
  const descriptions = parse(readFileSync(descriptionsFile, 'utf8')) as Descriptions;
  const sources = readSources(sourcesDir);
  const modules: Array<CatalogIndex['modules'][number]> = [];
  const aliases = new Map<string, string>();
  for (const facts of sources) {
    const releases = facts.releases
      .map((r) => decodeRelease(facts, r))
      .sort((a, b) => compareVersions(a.version, b.version));
    const secondary =
      sources.some((f) => f.name === facts.name && f !== facts) && PRIMARY[facts.name] !== facts.fullName;
    modules.push({
      name: facts.name,
      fullName: facts.fullName,
      ...(secondary ? { secondary } : {}),
      versions: releases.map((r) => r.version),
      tags: releases.map((r) => r.tag),
    });
    if (!secondary)
      for (const r of releases) for (const [n, t] of Object.entries(r.typeAliases ?? {})) aliases.set(n, t);
  }
  const typeAliases = Object.fromEntries([...aliases].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return (
    `{\n"modules": [\n${modules.map((m) => JSON.stringify(m)).join(',\n')}\n],\n` +
    `"typeAliases": ${JSON.stringify(typeAliases, null, 1)},\n` +
    `"descriptions": ${JSON.stringify(normalizedDescriptions(descriptions), null, 1)}\n}\n`
  );
}

function main(): void {
  let text: string;
  try {
    text = generate();
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
  if (process.argv.includes('--check')) {
    if (!existsSync(OUTPUT) || readFileSync(OUTPUT, 'utf8') !== text) {
      console.error('generate-catalog: generated/index.json is out of date; run `npm run catalog`');
      process.exit(1);
    }
    console.log('generate-catalog: generated/index.json is up to date');
    return;
  }
  writeFileSync(OUTPUT, text);
  console.log(`generate-catalog: wrote ${OUTPUT}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) main();
