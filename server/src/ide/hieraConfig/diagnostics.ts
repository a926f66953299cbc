// Diagnostics of a hiera.yaml: the problems the parser finds (syntax, keys Puppet rejects, wrong types,
// backends and locations, malformed interpolation in paths) and datadirs that do not exist. The rules live in
// syntax/hiera/hieraConfig.ts; this file gives them their severity and the file system to check folders with,
// and names the globs the lookup engine refuses to expand (knowledge/lookup/dataPaths.ts), where they are written.

import type { Project } from '../../workspace/project.js';
import { CODES } from '../../base/diagnosticCodes.js';
import {
  checkHieraConfigDirectories,
  type HieraConfigModel,
  type HieraConfigProblem,
} from '../../syntax/hiera/hieraConfig.js';
import { braceCount, GLOB_LIMITS } from '../../knowledge/lookup/dataPaths.js';
import { hieraConfigOf } from '../../workspace/hieraConfigs.js';
import type { Diagnostic } from '../types.js';
import { hieraLayerOf } from './layer.js';

export function hieraConfigDiagnostics(project: Project, path: string): Diagnostic[] {
  const parsed = hieraConfigOf(project, path, hieraLayerOf(project, path));
  if (parsed === undefined) return [];
  const { config, problems } = parsed;
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  const all = [...problems, ...checkHieraConfigDirectories(config, dir, project.view), ...globsPastLimit(config)];
  return all.map((p) => ({
    range: p.range,
    code: p.code,
    severity: CODES[p.code].severity,
    message: p.message,
    ...('fix' in p && p.fix
      ? {
          fixes: [
            {
              title: p.fix.title,
              edits: p.fix.edits.map((e) => ({ path, range: e.range, newText: e.newText })),
              preferred: true,
            },
          ],
        }
      : {}),
  }));
}

/** Globs whose {…} groups expand past the patterns the lookup engine tries: every lookup fails at that level. */
function globsPastLimit(config: HieraConfigModel): HieraConfigProblem[] {
  if (config.kind !== 'v5') return [];
  const out: HieraConfigProblem[] = [];
  for (const e of [...(config.hierarchy ?? []), ...(config.defaultHierarchy ?? []), ...(config.planHierarchy ?? [])]) {
    if (e.location?.kind !== 'glob' && e.location?.kind !== 'globs') continue;
    for (const v of e.location.values) {
      if (braceCount(v.value) <= GLOB_LIMITS.patterns) continue;
      out.push({
        range: v.range,
        code: 'limits/glob',
        message: `This glob expands to more than ${GLOB_LIMITS.patterns} patterns (its {…} groups multiply); the editor does not expand it. Every lookup through this hierarchy fails at this level; the files themselves are still checked. Use fewer {…} groups, or split the level.`,
      });
    }
  }
  return out;
}
