// What a feature needs to know about the file it works on besides its text: the module versions of the control
// repo that holds the file and the Hiera key space they give. Memoised per root on the inputs that decide it
// (the Puppetfile's text and the installed versions), so a keystroke in a data file does not rebuild it.

import type { Project } from '../workspace/project.js';
import { moduleVersions } from '../workspace/moduleVersions.js';
import { buildKeySpace, type KeySpace } from '../knowledge/keySpace.js';

const memo = new WeakMap<Project, Map<string, { signature: string; space: KeySpace }>>();

export function keySpaceFor(project: Project, path: string): KeySpace {
  const root = project.repoRoot(path) ?? '';
  const versions = moduleVersions(project, root || undefined);
  const signature = JSON.stringify([...versions.entries()].sort());
  let perProject = memo.get(project);
  if (!perProject) memo.set(project, (perProject = new Map()));
  const cached = perProject.get(root);
  if (cached && cached.signature === signature) return cached.space;
  const space = buildKeySpace(versions);
  perProject.set(root, { signature, space });
  return space;
}
