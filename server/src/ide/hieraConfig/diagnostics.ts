// Diagnostics of a hiera.yaml: the problems the parser finds (syntax, keys Puppet rejects, wrong types,
// backends and locations, malformed interpolation in paths) and datadirs that do not exist. The rules live in
// syntax/hiera/hieraConfig.ts; this file gives them their severity and the file system to check folders with.

import type { Project } from '../../workspace/project.js';
import { CODES } from '../../base/diagnosticCodes.js';
import { checkHieraConfigDirectories } from '../../syntax/hiera/hieraConfig.js';
import { hieraConfigOf } from '../../workspace/hieraConfigs.js';
import type { Diagnostic } from '../types.js';
import { hieraLayerOf } from './layer.js';

export function hieraConfigDiagnostics(project: Project, path: string): Diagnostic[] {
  const parsed = hieraConfigOf(project, path, hieraLayerOf(project, path));
  if (parsed === undefined) return [];
  const { config, problems } = parsed;
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  const all = [...problems, ...checkHieraConfigDirectories(config, dir, project.view)];
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
