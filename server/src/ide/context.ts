// What a feature needs to know about the file it works on besides its text: the module versions of the control
// repo that holds the file, its own classes (roles, profiles, other modules on the modulepath), and the Hiera
// key space they give. Recomputed at most once per project generation, and rebuilt only when its inputs (the
// versions, the indexed classes) changed, so a keystroke in a data file costs nothing here.

import type { Project } from '../workspace/project.js';
import { moduleVersions } from '../workspace/moduleVersions.js';
import { moduleIndex, moduleIndexIfReady } from '../workspace/moduleIndex.js';
import { buildKeySpace, type KeySpace } from '../knowledge/keySpace.js';
import { workspaceCatalogs } from '../knowledge/workspaceCatalogs.js';

interface Memo {
  generation: number;
  versionMap: ReturnType<typeof moduleVersions>;
  versions: string;
  /** The index's class definitions the space was built from (compared by identity: unchanged files keep theirs). */
  definitions: readonly object[];
  space: KeySpace;
}

function sameDefinitions(a: readonly object[], b: readonly object[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

const memo = new WeakMap<Project, Map<string, Memo>>();

export function keySpaceFor(project: Project, path: string): KeySpace {
  const root = project.repoRoot(path) ?? '';
  let perProject = memo.get(project);
  if (!perProject) memo.set(project, (perProject = new Map()));
  const cached = perProject.get(root);
  if (cached && cached.generation === project.generation) return cached.space;
  // The versions come from the Puppetfile and the installed modules' metadata.json: read them again only when
  // one of those may have changed (a keystroke in a data file or manifest cannot change them).
  const changed = cached ? project.changedSince(cached.generation) : undefined;
  const versionsMayDiffer = !changed || changed.some((p) => /(^|\/)(Puppetfile|metadata\.json)$/.test(p) || !project.isOpen(p));
  const versions = versionsMayDiffer || !cached ? moduleVersions(project, root || undefined) : cached.versionMap;
  const versionKey = JSON.stringify([...versions.entries()].sort());
  const index = root ? moduleIndex(project, root) : undefined;
  const definitions = index ? index.classes().map((c) => c.definition) : [];
  if (cached && cached.versions === versionKey && sameDefinitions(cached.definitions, definitions)) {
    cached.generation = project.generation;
    return cached.space;
  }
  const space = buildKeySpace(versions, index ? workspaceCatalogs(index) : []);
  perProject.set(root, { generation: project.generation, versionMap: versions, versions: versionKey, definitions, space });
  return space;
}

const quick = new WeakMap<Project, { generation: number; root: string; space: KeySpace }>();

/**
 * The key space without waiting for the module index: the full space when the index is ready (see
 * moduleIndexIfReady), else the bundled modules at the repo's versions alone (`complete` false), which is what
 * the first completion after start-up can offer while the index is being prepared.
 */
export function quickKeySpace(project: Project, path: string): { space: KeySpace; complete: boolean } {
  const root = project.repoRoot(path) ?? '';
  if (!root || moduleIndexIfReady(project, root)) return { space: keySpaceFor(project, path), complete: true };
  const hit = quick.get(project);
  if (hit && hit.generation === project.generation && hit.root === root) return { space: hit.space, complete: false };
  const space = buildKeySpace(moduleVersions(project, root), []);
  quick.set(project, { generation: project.generation, root, space });
  return { space, complete: false };
}
