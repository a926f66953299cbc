// Rename a class parameter or a Hiera key across the control repo, as one set of edits: the parameter's
// declaration and `$param` uses, every resource-like declaration's attribute, every data file key and every
// interpolation or lookup() of the key. A parameter of a class that is not in the repo (only in the bundled
// catalogs) cannot be renamed here: its module would not follow.

import type { Project } from '../workspace/project.js';
import type { TextEdit } from './types.js';
import type { PrepareRename } from './navigation/types.js';
import { navTarget } from './navigation/target.js';
import { findClassInfo } from './shared/classes.js';
import { keyOccurrences, paramOccurrences } from './navigation/occurrences.js';
import { splitParamKey } from './shared/hieraKeys.js';

export function prepareRename(project: Project, path: string, offset: number): PrepareRename | undefined {
  const target = navTarget(project, path, offset);
  if (!target) return undefined;
  if (target.kind === 'class')
    return { error: 'Renaming a class moves its file; rename parameters and Hiera keys here.' };
  if (target.kind === 'param') {
    const info = findClassInfo(project, path, target.className);
    if (info?.source === 'bundled') {
      return {
        error: `'${target.param}' is a parameter of ${target.className} from ${info.choice.module.fullName}, which this repo does not contain; it cannot be renamed.`,
      };
    }
    return { range: target.range, placeholder: target.param };
  }
  const split = splitParamKey(target.key);
  const info = split ? findClassInfo(project, path, split.className) : undefined;
  if (split && info?.source === 'bundled' && info.params.some((p) => p.name === split.param)) {
    return {
      error: `'${target.key}' sets a parameter of ${info.name} from ${info.choice.module.fullName}, which this repo does not contain; renaming the key would stop it setting anything.`,
    };
  }
  return { range: target.range, placeholder: target.key };
}

const PARAM_NAME = /^[a-z_][a-z0-9_]*$/;
const KEY_NAME = /^[A-Za-z0-9_][A-Za-z0-9_:-]*$/;

/** The edits of a rename, or an error message when the rename is not possible or the name is not valid. */
export function rename(
  project: Project,
  path: string,
  offset: number,
  newName: string,
): { edits: TextEdit[] } | { error: string } | undefined {
  const prep = prepareRename(project, path, offset);
  if (!prep) return undefined;
  if ('error' in prep) return prep;
  const target = navTarget(project, path, offset)!;
  if (target.kind === 'param') {
    if (!PARAM_NAME.test(newName))
      return {
        error: `'${newName}' is not a valid parameter name (lower case letters, digits and '_', not starting with a digit).`,
      };
    return {
      edits: paramOccurrences(project, path, target.className, target.param).map((o) => ({
        path: o.path,
        range: o.range,
        newText: newName,
      })),
    };
  }
  if (target.kind === 'key') {
    if (!KEY_NAME.test(newName) || newName.includes(':::') || newName.endsWith(':'))
      return { error: `'${newName}' is not a valid Hiera key.` };
    return {
      edits: keyOccurrences(project, path, target.key).map((o) => ({ path: o.path, range: o.range, newText: newName })),
    };
  }
  return undefined;
}
