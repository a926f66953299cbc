// Hover in manifests: a class or defined type (signature, summary, defining file) and a class parameter (type,
// default, owner, description), from the module index, else the bundled catalog; a lookup() key shows the data
// files that set it; Puppet's built-in resource types, their attributes, the metaparameters and the built-in
// functions show Puppet's facts with our descriptions.

import type { Project } from '../../workspace/project.js';
import type { Hover } from '../types.js';
import { parsedManifest } from '../../workspace/moduleIndex.js';
import { describeClassInfo, describeParamInfo, findClassInfo, relativeTo } from '../shared/classes.js';
import { manifestTarget } from '../shared/manifestTarget.js';
import { explainModule } from '../shared/explainModules.js';
import { keyDefinitions } from '../shared/hieraKeys.js';
import { builtinAttribute, builtinFunction, builtinType, METAPARAMETERS } from '../../knowledge/puppetBuiltins.js';
import {
  describeBuiltinAttribute,
  describeBuiltinFunction,
  describeBuiltinType,
  describeMetaparameter,
} from './builtins.js';

export function hoverManifest(project: Project, path: string, offset: number): Hover | undefined {
  const parsed = parsedManifest(project, path);
  if (!parsed) return undefined;
  const target = manifestTarget(parsed, offset);
  if (!target) return undefined;
  const rel = relativeTo(project, path);
  if (target.kind === 'class') {
    const info = findClassInfo(project, path, target.name);
    const module = explainModule(project, path, target.name.replace(/^::/, '').split('::')[0]);
    if (!info) {
      return module
        ? {
            range: target.range,
            markdown: `Class \`${target.name}\`: not found in what this repo has of its module.\n\nModule: ${module.why}`,
          }
        : {
            range: target.range,
            markdown: `Unknown class \`${target.name}\`: no module on the modulepath or in the bundled catalogs defines it.`,
          };
    }
    // The repo's own code (no version of its own) needs no word on versions.
    const versioned = module && !(module.from === 'installed' && module.version.startsWith('unversioned'));
    return { range: target.range, markdown: describeClassInfo(info, rel, versioned ? module.why : undefined) };
  }
  if (target.kind === 'param') {
    const info = findClassInfo(project, path, target.className);
    const p = info?.params.find((x) => x.name === target.param);
    if (!info || !p) return undefined;
    return { range: target.range, markdown: describeParamInfo(info, p, rel) };
  }
  if (target.kind === 'builtin-type') {
    const type = builtinType(target.type);
    return type && { range: target.range, markdown: describeBuiltinType(type) };
  }
  if (target.kind === 'resource-attribute') {
    const a = builtinAttribute(target.type, target.attribute);
    if (a) return { range: target.range, markdown: describeBuiltinAttribute(target.type, a) };
    return METAPARAMETERS.includes(target.attribute)
      ? { range: target.range, markdown: describeMetaparameter(target.attribute) }
      : undefined;
  }
  if (target.kind === 'builtin-function') {
    const f = builtinFunction(target.name);
    return f && { range: target.range, markdown: describeBuiltinFunction(f) };
  }
  const places = keyDefinitions(project, path, target.key);
  const where =
    places.length === 0
      ? 'No data file of this repo sets it.'
      : `Set in ${[...new Set(places.map((p) => `\`${rel(p.path)}\``))].join(', ')}.`;
  return { range: target.range, markdown: `Hiera key \`${target.key}\`. ${where}` };
}
