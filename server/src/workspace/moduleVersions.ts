// Which version of each module the control repo uses: the installed module's metadata.json (in the root's
// `modules/`, `site-modules/`, `site/` or the extra module path) wins, else the Puppetfile's pin.

import type { Project } from './project.js';
import { readPuppetfilePins } from './puppetfilePins.js';

export interface ModuleVersion {
  readonly installed?: string;
  readonly pinned?: string;
}

const DEFAULT_MODULE_DIRS = ['modules', 'site-modules', 'site'];

export function moduleVersions(project: Project, root: string | undefined): Map<string, ModuleVersion> {
  const result = new Map<string, ModuleVersion>();
  if (root) {
    const puppetfile = project.readText(`${root}/Puppetfile`);
    if (puppetfile !== undefined) {
      for (const [name, version] of readPuppetfilePins(puppetfile)) result.set(name, { pinned: version });
    }
  }
  const dirs = [...(root ? DEFAULT_MODULE_DIRS.map((d) => `${root}/${d}`) : []), ...project.currentSettings.modulePath];
  for (const dir of dirs) {
    for (const entry of project.fs.readDirectory(dir)) {
      if (!entry.isDirectory || result.get(entry.name)?.installed) continue;
      const meta = project.fs.readFile(`${dir}/${entry.name}/metadata.json`);
      if (!meta) continue;
      try {
        const version = JSON.parse(meta).version;
        if (typeof version === 'string') result.set(entry.name, { ...result.get(entry.name), installed: version });
      } catch {
        // A broken metadata.json says nothing about the version.
      }
    }
  }
  return result;
}
