// The cluster and runtime rules' findings over a whole control repo, computed once per repo and revision as a
// query, grouped by the file they point into. Every data file's diagnostics and the topology read their slice
// from here, so the rules never run again per node file.

import type { Project } from '../../workspace/project.js';
import { defineQuery } from '../../base/queries.js';
import { moduleIndex } from '../../workspace/moduleIndex.js';
import type { Finding } from './keyRules.js';
import { clusterRules } from './clusterRules.js';
import { runtimeRules } from './runtimeRules.js';
import type { ClusterModel } from './model.js';
import { classExpansion, clusterModel } from './model.js';
import { assumedMesosRelease } from './mesosRelease.js';
import { nodeFactsReader } from './nodeFacts.js';

export interface RepoClusterFindings {
  /** The model the rules judged (its `unreadable` nodes are those whose lookups failed). */
  readonly model: ClusterModel;
  /** Path → the findings that point into that file, cluster rules first, then runtime rules. */
  readonly byPath: ReadonlyMap<string, readonly Finding[]>;
}

const clusterFindingsQuery = defineQuery('clusterFindings', (project: Project, root: string): RepoClusterFindings => {
  // Roles and profiles are followed through the module index when it knows any class; without manifests the
  // rules fall back to recognising classes by name.
  const index = moduleIndex(project, root);
  const expand = classExpansion(project, root);
  const model = clusterModel(project, root);
  const { version: mesosVersion, from } = assumedMesosRelease(project, root);
  const facts = nodeFactsReader(project, root);
  const runtime = runtimeRules(model, {
    mesosVersion,
    mesosVersionFrom: from,
    expanded: expand !== undefined,
    classText: (cls) => {
      const def = index.findClass(cls);
      return def ? index.file(def.path)?.text : undefined;
    },
    readText: (p) => project.readText(p),
    ...(facts ? { nodeFacts: facts } : {}),
  });
  const byPath = new Map<string, Finding[]>();
  for (const f of [...clusterRules(model), ...runtime]) {
    const list = byPath.get(f.path);
    if (list) list.push(f);
    else byPath.set(f.path, [f]);
  }
  return { model, byPath };
});

/** The cluster and runtime rules' findings of the repo at root, once per revision of what they read. */
export function repoClusterFindings(project: Project, root: string): RepoClusterFindings {
  return project.query(clusterFindingsQuery, root);
}
