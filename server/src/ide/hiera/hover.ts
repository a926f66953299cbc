// Hover on a top-level key of a Hiera data file: what the key sets (see describeKey.ts), or, for a key the
// module does not have, what is wrong with it.

import type { Project } from '../../workspace/project.js';
import { keySpaceFor } from '../context.js';
import { resolveKey } from '../../knowledge/keySpace.js';
import type { Hover } from '../types.js';
import { describeParam } from './describeKey.js';
import { unknownKeyMessage } from './diagnostics.js';

export function hoverHieraData(project: Project, path: string, offset: number): Hover | undefined {
  const file = project.hieraData(path);
  const entry = file?.entries.find((e) => e.keyRange.start <= offset && offset <= e.keyRange.end);
  if (!entry) return undefined;
  const meaning = resolveKey(keySpaceFor(project, path), entry.key);
  if (meaning.kind === 'param') return { range: entry.keyRange, markdown: describeParam(meaning.cls, meaning.param) };
  if (meaning.kind === 'site') return undefined;
  return { range: entry.keyRange, markdown: unknownKeyMessage(entry.key, meaning) };
}
