// What a feature needs to know about the file it works on besides its text: the module versions of the control
// repo that holds the file, its own classes (roles, profiles, other modules on the modulepath), and the Hiera
// key space they give. Queries over the project: the versions are read again only when a file they read changed
// (a Puppetfile, a metadata.json, a listing), and the space is built again only when the versions or the
// indexed classes changed, so a keystroke in a data file costs nothing here.

import type { Project } from '../workspace/project.js';
import { moduleVersions, type ModuleVersion } from '../workspace/moduleVersions.js';
import { extraPathModules, moduleIndex, moduleIndexIfReady, type IndexedDefinition } from '../workspace/moduleIndex.js';
import { buildKeySpace, type KeySpace } from './keySpace.js';
import { workspaceCatalogs } from './workspaceCatalogs.js';
import { defineQuery } from '../base/queries.js';
import { repoKind } from '../workspace/moduleSources.js';

/** The module versions of the repo at root ('' for a file outside any repo), equal while every version is. */
const versionsQuery = defineQuery(
  'moduleVersions',
  (project: Project, root: string) => moduleVersions(project, root || undefined),
  {
    equals: (a, b) => JSON.stringify([...a.entries()].sort()) === JSON.stringify([...b.entries()].sort()),
  },
);

/** The index's classes and defined types, equal while each keeps its definition (unchanged files keep theirs). */
const classesQuery = defineQuery(
  'indexedClasses',
  (project: Project, root: string): readonly IndexedDefinition[] => (root ? moduleIndex(project, root).classes() : []),
  {
    equals: (a, b) =>
      a.length === b.length &&
      a.every((d, i) => d.definition === b[i]!.definition && d.kind === b[i]!.kind && d.module === b[i]!.module),
  },
);

/** True when root is a module repository; a boolean, so a Puppetfile edit that keeps it does not rebuild the space. */
const moduleRepoQuery = defineQuery(
  'isModuleRepo',
  (project: Project, root: string): boolean => root !== '' && repoKind(project, root) === 'module',
);

/** The modules found on the extra module path only, equal while the same names are. */
const extraPathQuery = defineQuery(
  'extraPathModules',
  (project: Project, root: string): ReadonlySet<string> => (root ? extraPathModules(project, root) : new Set()),
  { equals: (a, b) => a.size === b.size && [...a].every((n) => b.has(n)) },
);

const keySpaceQuery = defineQuery('keySpace', (project: Project, root: string): KeySpace => {
  const versions: Map<string, ModuleVersion> = project.query(versionsQuery, root);
  return buildKeySpace(versions, workspaceCatalogs(project.query(classesQuery, root)), {
    undeclaredUnknown: project.query(moduleRepoQuery, root),
    extraPath: project.query(extraPathQuery, root),
  });
});

const quickKeySpaceQuery = defineQuery('quickKeySpace', (project: Project, root: string): KeySpace =>
  buildKeySpace(project.query(versionsQuery, root), [], {
    undeclaredUnknown: project.query(moduleRepoQuery, root),
  }),
);

export function keySpaceFor(project: Project, path: string): KeySpace {
  return project.query(keySpaceQuery, project.repoRoot(path) ?? '');
}

/**
 * The key space without waiting for the module index: the full space when the index is ready (see
 * moduleIndexIfReady), else the bundled modules at the repo's versions alone (`complete` false), which is what
 * the first completion after start-up can offer while the index is being prepared.
 */
export function quickKeySpace(project: Project, path: string): { space: KeySpace; complete: boolean } {
  const root = project.repoRoot(path) ?? '';
  if (!root || moduleIndexIfReady(project, root)) return { space: keySpaceFor(project, path), complete: true };
  return { space: project.query(quickKeySpaceQuery, root), complete: false };
}
