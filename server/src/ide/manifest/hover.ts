// Hover in manifests: a class or defined type (signature, summary, defining file) and a class parameter (type,
// default, owner, description), from the module index, else the bundled catalog; a lookup() key shows the data
// files that set it; Puppet's built-in resource types, their attributes, the metaparameters and the built-in
// functions and data types show Puppet's facts with our descriptions; a type alias shows its definition.

import type { Project } from '../../workspace/project.js';
import type { Hover } from '../types.js';
import { parsedManifest } from '../../workspace/moduleIndex.js';
import { describeClassInfo, describeParamInfo, findClassInfo, indexFor, relativeTo } from '../shared/classes.js';
import { manifestTarget } from '../shared/manifestTarget.js';
import { explainModule } from '../shared/explainModules.js';
import { keyDefinitions } from '../shared/hieraKeys.js';
import { builtinAttribute, builtinFunction, builtinType, METAPARAMETERS } from '../../knowledge/puppetBuiltins.js';
import { builtinDataType } from '../../knowledge/puppetDataTypes.js';
import { bundledTypeAlias, bundledTypeAliasNames } from '../../knowledge/types/aliases.js';
import {
  describeBuiltinAttribute,
  describeBuiltinDataType,
  describeBuiltinFunction,
  describeBuiltinType,
  describeMetaparameter,
  describeTypeAlias,
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
  if (target.kind === 'type-name') return typeNameHover(project, path, target.name, target.range);
  const places = keyDefinitions(project, path, target.key);
  const where =
    places.length === 0
      ? 'No data file of this repo sets it.'
      : `Set in ${[...new Set(places.map((p) => `\`${rel(p.path)}\``))].join(', ')}.`;
  return { range: target.range, markdown: `Hiera key \`${target.key}\`. ${where}` };
}

/**
 * A data type of Puppet's, a resource type in a reference (`Service['x']`), a type alias of a module, or a
 * defined type or class in a reference (`Profile::Vhost['x']`).
 */
function typeNameHover(project: Project, path: string, name: string, range: Hover['range']): Hover | undefined {
  const data = builtinDataType(name);
  if (data) return { range, markdown: describeBuiltinDataType(data) };
  const resource = name.includes('::') ? undefined : builtinType(name);
  if (resource) return { range, markdown: describeBuiltinType(resource) };
  // The repo's modules first, as Puppet loads them; then the aliases of the bundled catalogs.
  const indexed = indexFor(project, path)?.typeAlias(name);
  if (indexed) {
    const doc = indexed.alias.doc;
    const summary = doc?.summary ?? doc?.text.split(/\n\s*\n/)[0]?.trim();
    return {
      range,
      markdown: describeTypeAlias(
        indexed.name.replace(/^::/, ''),
        indexed.alias.typeText,
        `defined in \`${relativeTo(project, path)(indexed.path)}\``,
        summary || undefined,
      ),
    };
  }
  const bundled = bundledTypeAlias(name);
  if (bundled === undefined) {
    // A reference to a defined type's resource or a class (`Profile::Vhost['x']`): what it is.
    const info = findClassInfo(project, path, name);
    return info && { range, markdown: describeClassInfo(info, relativeTo(project, path)) };
  }
  const spelt = bundledTypeAliasNames().find((n) => n.toLowerCase() === name.toLowerCase()) ?? name;
  return { range, markdown: describeTypeAlias(spelt, bundled, 'from the bundled module catalogs') };
}
