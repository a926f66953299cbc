// Which Hiera layer a hiera.yaml configures, from where it sits: a module's (next to metadata.json, or in a
// modules folder), the global one (Puppet's confdir), or else an environment's (a control repo root). Some
// rules (default_hierarchy, hiera3_backend, version 3) depend on it.

import type { Project } from '../../workspace/project.js';
import type { HieraLayer } from '../../syntax/hiera/hieraConfig.js';

export function hieraLayerOf(project: Project, path: string): HieraLayer {
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  if (/^\/etc\/(puppetlabs\/)?puppet$/.test(dir) || /\/confdir$/.test(dir)) return 'global';
  if (project.view.exists(`${dir}/metadata.json`)) return 'module';
  const controlRepo = project.view.exists(`${dir}/Puppetfile`) || project.view.exists(`${dir}/environment.conf`);
  if (!controlRepo && /\/(modules|site-modules|site|dist)\/[^/]+$/.test(dir)) return 'module';
  return 'environment';
}
