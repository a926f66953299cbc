// Find references in any file: for a class, every include/contain/require, resource-like declaration,
// Class['x'], inherits and Hiera `classes` entry that names it; for a class parameter, every data file key
// `<class>::<param>`, every resource-like declaration that passes it, `$param` uses and lookups; for a plain
// Hiera key, every data file that sets it and every place that interpolates or looks it up.

import type { Project } from '../workspace/project.js';
import type { Location } from './navigation/types.js';
import { navTarget } from './navigation/target.js';
import { indexFor } from './shared/classes.js';
import { keyOccurrences, paramOccurrences } from './navigation/occurrences.js';

export function findReferences(
  project: Project,
  path: string,
  offset: number,
  includeDeclaration: boolean,
): Location[] {
  const target = navTarget(project, path, offset);
  if (!target) return [];
  if (target.kind === 'class') {
    const index = indexFor(project, path);
    const out: Location[] = [];
    if (includeDeclaration)
      for (const d of index?.definitionsNamed(target.name) ?? [])
        out.push({ path: d.path, range: d.definition.nameRange });
    for (const u of index?.references(target.name) ?? []) out.push({ path: u.path, range: u.range });
    return out;
  }
  const occurrences =
    target.kind === 'param'
      ? paramOccurrences(project, path, target.className, target.param)
      : keyOccurrences(project, path, target.key);
  return occurrences
    .filter((o) => o.role !== 'doc' && (includeDeclaration || o.role !== 'declaration'))
    .map((o) => ({ path: o.path, range: o.range }));
}
