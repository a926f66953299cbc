// Which hiera.yaml a repo's lookups read, and how its datadirs map to the repo's folders: one answer for the
// lookup engine (preview, CLI, hover, cluster model) and node discovery, so both see the same data.
//  - `<root>/hiera.yaml` v5 (or v4, which Puppet still reads in an environment): the environment layer;
//  - a v3 file (at the root, or the shallowest hiera.yaml elsewhere, e.g. a Vagrant layout's puppet/hiera.yaml):
//    Puppet reads Hiera 3 only as the global configuration (`hiera_config`), so it is given as the global layer;
//  - a v5 file below the root (puppet/hiera.yaml) makes its folder the environment.
// Datadirs written for the machine Puppet runs on are matched to the repo's folders (workspace/hieraConfigs.ts).

import type { Project } from '../../workspace/project.js';
import { defineQuery } from '../../base/queries.js';
import { declaredDatadirsOf, hieraConfigOf, matchDatadir, repoHieraConfig } from '../../workspace/hieraConfigs.js';

export interface RepoLayers {
  /** The environment directory for the engine. */
  readonly environmentDir: string;
  /** The hiera.yaml read as the global layer (a Hiera 3 file of the repo), if any. */
  readonly globalConfigPath?: string;
  /** The repo's hiera.yaml, whichever layer reads it. */
  readonly configPath?: string;
  readonly version?: number;
  readonly mapDatadir: (configPath: string, declared: string) => string | undefined;
}

/** The layers of the repo at root: a query, read again when its hiera.yaml or the listings change. */
export function repoLayers(project: Project, root: string): RepoLayers {
  return project.query(repoLayersQuery, root);
}

const repoLayersQuery = defineQuery('repoLayers', (project: Project, root: string): RepoLayers => {
  const fs = project.view;
  const mapDatadir = (configPath: string, declared: string): string | undefined => {
    if (configPath !== root && !configPath.startsWith(`${root}/`)) return undefined;
    const dir = configPath.slice(0, configPath.lastIndexOf('/')) || '/';
    return matchDatadir(fs, dir, root, declared, project.rootOf(root) ?? root).dir;
  };
  const configPath = repoHieraConfig(fs, root);
  const parse = configPath ? hieraConfigOf(project, configPath) : undefined;
  const version = parse !== undefined ? declaredDatadirsOf(parse).version : undefined;
  const configDir = configPath ? configPath.slice(0, configPath.lastIndexOf('/')) || '/' : root;
  const layers: RepoLayers = {
    environmentDir: configDir,
    ...(configPath && version === 3 ? { globalConfigPath: configPath } : {}),
    ...(configPath ? { configPath } : {}),
    ...(version !== undefined ? { version } : {}),
    mapDatadir,
  };
  return layers;
});
