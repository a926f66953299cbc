// The lookup context of one node of a control repo, as the lookup preview, the node preview and the key's
// "where set" hover ask for it: the repo's Hiera layers, the module path Puppet searches for module data, the
// node's facts (given, or derived from its name), the shared data-file cache and the editor's unsaved text.

import type { Project } from '../../workspace/project.js';
import { environmentModulePath } from '../../workspace/moduleIndex.js';
import { factsFor } from '../cluster/nodes.js';
import type { LookupContext } from './engine.js';
import { repoLayers } from './repoLayers.js';
import { projectLookupHooks } from './projectData.js';

/**
 * The module directories Puppet searches for module data: `modulepath` of environment.conf (relative entries
 * from the repo, `$basemodulepath` standing for the project's module path setting), else `modules` and then the
 * setting. Unlike the module index, no `site-modules` guess: Puppet does not make one either.
 */
export function lookupModulePath(project: Project, root: string): string[] {
  const conf = project.readText(`${root}/environment.conf`);
  const setting = conf === undefined ? undefined : environmentModulePath(conf);
  const base = project.currentSettings.modulePath;
  const entries =
    setting === undefined || setting === '' ? ['modules', '$basemodulepath'] : setting.split(':').map((e) => e.trim());
  const out: string[] = [];
  for (const e of entries) {
    if (e === '') continue;
    if (e === '$basemodulepath' || e === '${basemodulepath}') out.push(...base);
    else if (!e.includes('$')) out.push(e.startsWith('/') ? e : `${root}/${e.replace(/^\.\//, '')}`);
  }
  return [...new Set(out)];
}

/** A lookup context for a node of the repo: the editor's unsaved text included. */
export function nodeLookupContext(
  project: Project,
  root: string,
  certname: string,
  facts?: Readonly<Record<string, unknown>>,
): LookupContext {
  const layers = repoLayers(project, root);
  return {
    fs: project.view,
    environmentDir: layers.environmentDir,
    ...(layers.globalConfigPath ? { globalConfigPath: layers.globalConfigPath } : {}),
    mapDatadir: layers.mapDatadir,
    modulePath: lookupModulePath(project, root),
    node: { certname, facts: facts ?? factsFor(certname) },
    ...projectLookupHooks(project),
  };
}
