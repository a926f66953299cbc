// Regenerates server/src/knowledge/generated/catalogs.json, the module catalogs bundled with the extension.
// Facts (classes, parameters, types, defaults, hiera_effective) come from the research tables in
// ../shared/data/modules (or $MESOS_PUPPET_FACTS); descriptions come from our own
// server/src/knowledge/sources/descriptions.yaml. Run with `npm run catalog`; `--check` exits 1 when the
// committed file is out of date.

import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { CatalogClass, CatalogModule, CatalogParam, Catalogs } from '../server/src/knowledge/catalogTypes.js';

const root = resolve(__dirname, '..');
export const FACTS_DIR = process.env.MESOS_PUPPET_FACTS ?? resolve(root, '../shared/data/modules');
export const OUTPUT = join(root, 'server/src/knowledge/generated/catalogs.json');

interface Descriptions {
  [module: string]: { keys?: Record<string, string>; params?: Record<string, string> };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function convertParam(raw: any, className: string, desc: Descriptions[string] | undefined): CatalogParam {
  const key = `${className}::${raw.name}`;
  const description = desc?.keys?.[key] ?? desc?.params?.[raw.name];
  const p: CatalogParam = {
    name: raw.name,
    type: raw.declared_type ?? raw.type ?? 'Any',
    typeSource: raw.declared_type ? 'declared' : (raw.type_source ?? 'unknown'),
    ...(raw.default != null ? { default: String(raw.default) } : {}),
    ...(raw.resolved_default != null && raw.resolved_default !== raw.default ? { resolvedDefault: String(raw.resolved_default) } : {}),
    required: Boolean(raw.required),
    hieraEffective: raw.hiera_effective !== false,
    ...(description ? { description: oneLine(description) } : {}),
  };
  return p;
}

export function generate(factsDir = FACTS_DIR): Catalogs {
  const descriptions = parse(readFileSync(join(root, 'server/src/knowledge/sources/descriptions.yaml'), 'utf8')) as Descriptions;
  const modules: CatalogModule[] = [];
  for (const file of readdirSync(factsDir).filter((f) => f.endsWith('.params.json')).sort()) {
    const raw = JSON.parse(readFileSync(join(factsDir, file), 'utf8'));
    const fullName: string = raw.module;
    const name = fullName.split(/[-/]/).pop()!;
    const desc = descriptions[name];
    const classes: CatalogClass[] = raw.classes.map(
      (c: any): CatalogClass => ({
        name: c.name,
        kind: c.kind === 'defined_type' ? 'defined_type' : 'class',
        file: c.file,
        line: c.line,
        ...(c.inherits ? { inherits: c.inherits } : {}),
        public: Boolean(c.public_entry_point),
        params: c.params.map((p: any) => convertParam(p, c.name, desc)),
      }),
    );
    modules.push({
      name,
      fullName,
      repository: raw.repository,
      version: String(raw.metadata_version ?? raw.tag).replace(/^v/, ''),
      tag: raw.tag,
      releaseDate: String(raw.commit_date ?? '').slice(0, 10),
      dependencies: (raw.dependencies ?? []).map((d: any) => ({ name: d.name, requirement: d.version_requirement ?? '' })),
      classes,
    });
  }
  return { modules };
}

function main(): void {
  if (!existsSync(FACTS_DIR)) {
    console.error(`generate-catalog: facts folder ${FACTS_DIR} not found (set MESOS_PUPPET_FACTS)`);
    process.exit(2);
  }
  const text = `${JSON.stringify(generate(), null, 1)}\n`;
  if (process.argv.includes('--check')) {
    const current = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '';
    if (current !== text) {
      console.error('generate-catalog: catalogs.json is out of date; run `npm run catalog`');
      process.exit(1);
    }
    console.log('generate-catalog: catalogs.json is up to date');
    return;
  }
  writeFileSync(OUTPUT, text);
  console.log(`generate-catalog: wrote ${OUTPUT}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) main();
