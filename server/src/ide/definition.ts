// Go to definition in any file: a class name (manifests, Hiera `classes` arrays) goes to the class's
// definition; a parameter (an attribute of a resource-like declaration, `$param`, a Hiera key
// `<class>::<param>`) to its declaration in the class; a Hiera key that is no indexed parameter (lookup('k'),
// `%{lookup('k')}`, `%{alias('k')}`, `%{hiera('k')}`) to every data file of the repo that sets it. A class
// that is only in the bundled catalogs has no file here: nothing is returned.

import type { Project } from '../workspace/project.js';
import type { Location } from './navigation/types.js';
import { navTarget } from './navigation/target.js';
import { indexFor } from './shared/classes.js';
import { keyDefinitions } from './shared/hieraKeys.js';

export type { Location } from './navigation/types.js';

export function findDefinition(project: Project, path: string, offset: number): Location[] {
  const target = navTarget(project, path, offset);
  if (!target) return [];
  const index = indexFor(project, path);
  if (target.via === 'key-use' && target.kind !== 'class') {
    return keyDefinitions(project, path, target.kind === 'param' ? `${target.className}::${target.param}` : target.key);
  }
  if (target.kind === 'class')
    return (index?.definitionsNamed(target.name) ?? []).map((d) => ({ path: d.path, range: d.definition.nameRange }));
  if (target.kind === 'param') {
    const def = index?.findClass(target.className);
    const p = def?.definition.parameters.find((x) => x.name === target.param);
    if (def && p) return [{ path: def.path, range: p.nameRange }];
    return [];
  }
  // A data file's own key that is no indexed parameter: its definition is in a module we cannot see.
  return target.via === 'data-key' ? [] : keyDefinitions(project, path, target.key);
}
