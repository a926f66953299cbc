// The classes of the control repo's modulepath (roles, profiles, modules no bundled catalog describes) in the
// shape of a bundled catalog, so the Hiera key space treats `profile::mesos::master::marathon::port` like
// `mesos::master::options`: completion, hover, unknown keys and type checks.

import type { IndexedDefinition } from '../workspace/moduleIndex.js';
import type { CatalogClass, CatalogModule, CatalogParam } from './catalogTypes.js';

export function workspaceCatalogs(classes: readonly IndexedDefinition[]): CatalogModule[] {
  const byModule = new Map<string, CatalogClass[]>();
  for (const def of classes) {
    if (def.kind !== 'class' || !def.module) continue;
    const docs = new Map((def.definition.doc?.params ?? []).map((p) => [p.name, p.text]));
    const params = def.definition.parameters.map((p): CatalogParam => ({
      name: p.name,
      type: p.typeText?.replace(/\s+/g, ' ') ?? 'Any',
      typeSource: p.typeText ? 'declared' : 'untyped',
      ...(p.defaultText !== undefined ? { default: p.defaultText } : {}),
      required: p.defaultText === undefined,
      hieraEffective: true,
      ...(docs.get(p.name) ? { description: docs.get(p.name)!.replace(/\s+/g, ' ').trim() } : {}),
    }));
    const cls: CatalogClass = {
      name: def.name.toLowerCase(),
      kind: 'class',
      file: def.path,
      line: 0,
      ...(def.definition.inherits ? { inherits: def.definition.inherits } : {}),
      public: true,
      params,
    };
    (byModule.get(def.module) ?? byModule.set(def.module, []).get(def.module)!).push(cls);
  }
  return [...byModule].map(([name, classes]) => ({
    name,
    fullName: name,
    repository: '',
    version: '',
    tag: '',
    releaseDate: '',
    dependencies: [],
    classes,
  }));
}
