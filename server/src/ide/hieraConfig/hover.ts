// Hover in hiera.yaml: what a key means at its place (top level, defaults, hierarchy entry, eyaml options),
// what a backend function reads, and what a variable inside `%{...}` stands for. Worked out from the text
// around the cursor, so it also answers while the file is broken.

import type { Project } from '../../workspace/project.js';
import type { Hover } from '../types.js';
import { yamlCursor } from '../../syntax/hiera/yamlCursor.js';
import { describeVariable } from '../../knowledge/interpolationWords.js';
import { interpolationAround } from '../../syntax/hiera/interpolation.js';
import { BACKENDS } from './words.js';
import { placeOf, wordsAt } from './completion.js';
import { parseHieraConfig, DEFAULT_V5_DATADIR } from '../../syntax/hiera/hieraConfig.js';
import { walkFiles } from '../../workspace/files.js';
import { templatePattern } from '../shared/whereSet.js';
import { hieraLayerOf } from './layer.js';
import { isInside, joinPath } from '../../knowledge/lookup/dataPaths.js';
import { hieraConfigOf, matchDatadir } from '../../workspace/hieraConfigs.js';

const MAX_LISTED = 8;

/** For a path or glob of a hierarchy entry: the data files it matches today (any interpolation standing for one segment). */
function locationHover(project: Project, path: string, text: string, offset: number): Hover | undefined {
  const layer = hieraLayerOf(project, path);
  const own = project.readText(path) === text ? hieraConfigOf(project, path, layer) : undefined;
  const { config } = own ?? parseHieraConfig(text, { layer });
  if (config.kind !== 'v5') return undefined;
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  for (const entry of [
    ...(config.hierarchy ?? []),
    ...(config.defaultHierarchy ?? []),
    ...(config.planHierarchy ?? []),
  ]) {
    const loc = entry.location;
    if (!loc || !['path', 'paths', 'glob', 'globs'].includes(loc.kind)) continue;
    const value = loc.values.find((v) => v.range.start <= offset && offset <= v.range.end);
    if (!value) continue;
    const datadir = entry.datadir?.value ?? config.defaults?.datadir?.value ?? DEFAULT_V5_DATADIR;
    if (datadir.includes('%{')) return undefined;
    const base = datadir.startsWith('/') ? datadir : `${dir === '/' ? '' : dir}/${datadir}`;
    if (!isInside(joinPath('/', dir), joinPath(dir, datadir))) return undefined;
    const pattern = templatePattern(`${base}/${value.value}`, loc.kind === 'glob' || loc.kind === 'globs');
    const matched = walkFiles(project.view, base)
      .filter((f) => pattern.test(f))
      .map((f) => f.slice(base.length + 1));
    const varies = value.value.includes('%{') ? ' (the variables differ per node)' : '';
    const listed = matched
      .slice(0, MAX_LISTED)
      .map((f) => `\`${f}\``)
      .join(', ');
    const markdown =
      matched.length === 0
        ? `No data file in \`${datadir}\` matches \`${value.value}\` yet${varies}.`
        : `Matches ${matched.length} data file${matched.length === 1 ? '' : 's'} in \`${datadir}\`${varies}: ${listed}${matched.length > MAX_LISTED ? ', …' : ''}.`;
    return { range: value.range, markdown };
  }
  return undefined;
}

/**
 * On the value of a `datadir` (v4/v5) or `:datadir` (v3) line: where that folder is in the repo, relative to this
 * file or matched from a path of the machine Puppet runs on (workspace/hieraConfigs.ts).
 */
function datadirHover(project: Project, path: string, text: string, offset: number): Hover | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
  const m = /^(\s*:?datadir:\s*)(['"]?)([^'"#\n]*?)\2\s*(#.*)?$/.exec(text.slice(lineStart, lineEnd));
  if (!m || m[3] === '') return undefined;
  const start = lineStart + m[1].length;
  const end = start + m[2].length * 2 + m[3].length;
  if (offset < start || offset > end) return undefined;
  const declared = m[3];
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  const top = project.rootOf(path) ?? dir;
  const match = matchDatadir(project.view, dir, project.repoRoot(path) ?? top, declared, top);
  return {
    range: { start, end },
    markdown: `**datadir** — ${match.dir ? `${match.how}.` : `${match.how}: no data of the repo is read through it.`}`,
  };
}

export function hoverHieraConfig(project: Project, path: string, offset: number): Hover | undefined {
  const text = project.readText(path) ?? '';
  const interp = interpolationAround(text, offset);
  if (interp) {
    const doc = describeVariable(interp.expr);
    return doc ? { range: { start: interp.start, end: interp.end }, markdown: doc } : undefined;
  }
  const datadir = datadirHover(project, path, text, offset);
  if (datadir) return datadir;
  const c = yamlCursor(text, offset);
  if (c.kind === 'item' || (c.kind === 'value' && c.key !== 'data_hash' && c.key !== 'lookup_key'))
    return locationHover(project, path, text, offset);
  if (c.range.start === c.range.end) return undefined;
  const word = text.slice(c.range.start, c.range.end);
  if (c.kind === 'key') {
    const w = wordsAt(placeOf(c.path)).find((x) => x.name === word);
    return w ? { range: c.range, markdown: `**${w.name}** — ${w.doc}` } : undefined;
  }
  if (c.kind === 'value' && (c.key === 'data_hash' || c.key === 'lookup_key')) {
    const b = BACKENDS.find((x) => x.name === word);
    if (b) {
      const wrongKey = b.under !== c.key ? `\n\nIt belongs under \`${b.under}\`, not \`${c.key}\`.` : '';
      return { range: c.range, markdown: `**${b.name}** (\`${b.under}\` backend) — ${b.doc}${wrongKey}` };
    }
    return {
      range: c.range,
      markdown: `**${word}** — a custom \`${c.key}\` function; it must be provided by a module on the server.`,
    };
  }
  return undefined;
}
