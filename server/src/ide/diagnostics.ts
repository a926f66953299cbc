// Diagnostics of any file, by kind. This is the single entry point that both the language server and
// `mesos-puppet check` call, so the two always report the same thing.

import type { Project } from '../workspace/project.js';
import type { Diagnostic } from './types.js';
import { puppetfileDiagnostics } from './puppetfile/diagnostics.js';
import { hieraDataDiagnostics } from './hiera/diagnostics.js';
import { manifestDiagnostics } from './manifest/diagnostics.js';
import { hieraConfigDiagnostics } from './hieraConfig/diagnostics.js';

export function fileDiagnostics(project: Project, path: string): Diagnostic[] {
  return byKind(project, path).sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}

function byKind(project: Project, path: string): Diagnostic[] {
  switch (project.classify(path)) {
    case 'hiera-data':
      return hieraDataDiagnostics(project, path);
    case 'puppet':
      return manifestDiagnostics(project, path);
    case 'hiera-config':
      return hieraConfigDiagnostics(project, path);
    case 'puppetfile':
      return puppetfileDiagnostics(project, path);
    default:
      return [];
  }
}
