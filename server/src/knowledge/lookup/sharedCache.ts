// One cache of parsed Hiera data files per project generation, shared by every lookup session the features open
// (one per node for the cluster rules, the hover's per-node values, the preview): a data file is parsed once
// per change, not once per node and request.

import type { Project } from '../../workspace/project.js';
import type { DataFileResult } from './dataReader.js';

const caches = new WeakMap<Project, { generation: number; files: Map<string, DataFileResult> }>();

export function sharedDataCache(project: Project): Map<string, DataFileResult> {
  const c = caches.get(project);
  if (c && c.generation === project.generation) return c.files;
  const files = new Map<string, DataFileResult>();
  caches.set(project, { generation: project.generation, files });
  return files;
}
