// What the cursor names, in any file kind, in the terms navigation works with: a class (or defined type), a
// class parameter, or a Hiera key. A Hiera key `<class>::<param>` (in a data file, an interpolation or a
// lookup() call) is the parameter when an indexed class has it; otherwise it is a plain key.

import type { Project } from '../../workspace/project.js';
import type { TextRange } from '../../base/textRange.js';
import { parsedManifest } from '../../workspace/moduleIndex.js';
import { manifestTarget } from '../shared/manifestTarget.js';
import { indexFor } from '../shared/classes.js';
import { hieraTarget, splitParamKey } from '../shared/hieraKeys.js';

export type NavTarget = (
  | { readonly kind: 'class'; readonly name: string; readonly range: TextRange }
  | { readonly kind: 'param'; readonly className: string; readonly param: string; readonly range: TextRange }
  | { readonly kind: 'key'; readonly key: string; readonly range: TextRange }
) & {
  /**
   * How the cursor names it: 'code' (a manifest name, a `classes` entry, `%{class::param}`), 'data-key' (a
   * top-level key of a data file), or 'key-use' (lookup('k') or `%{lookup('k')}`, `%{alias('k')}`,
   * `%{hiera('k')}`: definition goes to the data that sets the key).
   */
  readonly via: 'code' | 'data-key' | 'key-use';
};

/** A key as a parameter of an indexed class, with the range of the parameter's segment. */
function keyTarget(
  project: Project,
  path: string,
  key: string,
  range: TextRange,
  text: string,
  via: NavTarget['via'],
): NavTarget {
  const split = splitParamKey(key);
  const def = split ? indexFor(project, path)?.findClass(split.className) : undefined;
  if (split && def?.definition.parameters.some((p) => p.name === split.param)) {
    const written = text.slice(range.start, range.end);
    const at = written.split('.')[0].lastIndexOf(`::${split.param}`);
    const r = at < 0 ? range : { start: range.start + at + 2, end: range.start + at + 2 + split.param.length };
    return { kind: 'param', className: split.className, param: split.param, range: r, via };
  }
  const written = text.slice(range.start, range.end);
  const bare = key.replace(/^::/, '').split('.')[0];
  const at = written.indexOf(bare);
  return {
    kind: 'key',
    key: bare,
    range: at < 0 ? range : { start: range.start + at, end: range.start + at + bare.length },
    via,
  };
}

export function navTarget(project: Project, path: string, offset: number): NavTarget | undefined {
  const kind = project.classify(path);
  const text = project.readText(path) ?? '';
  if (kind === 'puppet') {
    const parsed = parsedManifest(project, path);
    const t = parsed ? manifestTarget(parsed, offset) : undefined;
    if (!t) return undefined;
    if (t.kind === 'class') return { kind: 'class', name: t.name, range: t.range, via: 'code' };
    if (t.kind === 'param')
      return { kind: 'param', className: t.className, param: t.param, range: t.range, via: 'code' };
    if (t.kind === 'lookup-key') return keyTarget(project, path, t.key, t.range, text, 'key-use');
    // Puppet's own types and functions have no definition in the repo to go to.
    return undefined;
  }
  if (kind === 'hiera-data') {
    const t = hieraTarget(project, path, offset);
    if (!t) return undefined;
    if (t.kind === 'class') return { kind: 'class', name: t.name, range: t.range, via: 'code' };
    if (t.kind === 'key') return keyTarget(project, path, t.key, t.range, text, 'data-key');
    return keyTarget(project, path, t.use.key, t.use.range, text, t.use.form === 'variable' ? 'code' : 'key-use');
  }
  return undefined;
}
