// Records the catalog of a module that no Debian package ships (puppetlabs-java) from a checkout of one of its
// releases, with our own indexer, into server/src/knowledge/sources/recorded/<name>-<version>.json. The
// recorded facts are committed; generate-catalog.ts merges them into the bundled catalogs.
//   node --import tsx scripts/record-module.ts <module checkout> [--v-tags]

import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { indexModule } from './generate-catalog.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: record-module.ts <module checkout> [--v-tags]');
  process.exit(2);
}
const module = indexModule(resolve(dir), { scope: 'hiera', vTags: process.argv.includes('--v-tags'), releaseDates: {} });
// Descriptions are applied when the bundled catalogs are generated; the record holds facts only.
const facts = { ...module, classes: module.classes.map((c) => ({ ...c, params: c.params.map(({ description: _d, ...p }) => p) })) };
const out = join(__dirname, '../server/src/knowledge/sources/recorded', `${module.name}-${module.version}.json`);
writeFileSync(out, `${JSON.stringify(facts, null, 1)}\n`);
console.log(`record-module: wrote ${out} (${module.classes.length} classes)`);
