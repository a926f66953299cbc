// What a class name means to a manifest feature: a class or defined type of the module index (the repo's own
// code and installed modules, with its file), else one from the bundled catalogs at the version the repo uses.
// Completion, hover, diagnostics and navigation all resolve names here, so they agree.

import type { Project } from '../../workspace/project.js';
import {
  moduleIndex,
  normalizeClassName,
  type IndexedDefinition,
  type ModuleIndex,
} from '../../workspace/moduleIndex.js';
import { moduleVersions } from '../../workspace/moduleVersions.js';
import { resolveModules } from '../../knowledge/moduleResolver.js';
import type { CatalogClass, CatalogParam } from '../../knowledge/catalogTypes.js';
import type { VersionChoice } from '../../knowledge/catalog.js';
import { keySpaceFor } from '../../knowledge/context.js';
import { describeParam } from './describeKey.js';
import type { TextRange } from '../../base/textRange.js';
import { typeAsWritten } from '../../knowledge/types/typeModel.js';

/** The control repo root of a file: the workspace root that holds it, else the nearest folder that looks like one. */
export function rootFor(project: Project, path: string): string | undefined {
  return project.repoRoot(path);
}

/** The module index of the file's control repo, or undefined for a file outside any. */
export function indexFor(project: Project, path: string): ModuleIndex | undefined {
  const root = rootFor(project, path);
  return root ? moduleIndex(project, root) : undefined;
}

export interface ParamInfo {
  readonly name: string;
  readonly type: string | undefined;
  readonly default: string | undefined;
  /** Where the parameter is declared, for an indexed class. */
  readonly at?: { readonly path: string; readonly range: TextRange };
  /** The bundled catalog's parameter, for a bundled class. */
  readonly catalog?: CatalogParam;
  readonly doc?: string;
}

export type ClassInfo =
  | {
      readonly source: 'index';
      readonly name: string;
      readonly kind: 'class' | 'define';
      readonly def: IndexedDefinition;
      readonly params: readonly ParamInfo[];
    }
  | {
      readonly source: 'bundled';
      readonly name: string;
      readonly kind: 'class' | 'define';
      readonly cls: CatalogClass;
      readonly choice: VersionChoice;
      readonly params: readonly ParamInfo[];
    };

function indexedInfo(def: IndexedDefinition): ClassInfo {
  const docs = new Map((def.definition.doc?.params ?? []).map((p) => [p.name, p.text]));
  return {
    source: 'index',
    name: def.name,
    kind: def.kind,
    def,
    params: def.definition.parameters.map((p) => ({
      name: p.name,
      type: p.typeText,
      default: p.defaultText,
      at: { path: def.path, range: p.nameRange },
      ...(docs.get(p.name) ? { doc: docs.get(p.name) } : {}),
    })),
  };
}

function bundledInfo(cls: CatalogClass, choice: VersionChoice): ClassInfo {
  return {
    source: 'bundled',
    name: cls.name,
    kind: cls.kind === 'class' ? 'class' : 'define',
    cls,
    choice,
    params: cls.params.map((p) => ({
      name: p.name,
      type: typeAsWritten(p.type),
      default: p.default,
      catalog: p,
      ...(p.description ? { doc: p.description } : {}),
    })),
  };
}

/**
 * Every bundled class and defined type at the version the repo uses, for the modules that are not installed
 * (an installed module is read from disk: its files are the truth).
 */
export function bundledClasses(project: Project, path: string): Array<{ cls: CatalogClass; choice: VersionChoice }> {
  const index = indexFor(project, path);
  const out: Array<{ cls: CatalogClass; choice: VersionChoice }> = [];
  for (const choice of keySpaceFor(project, path).modules.values()) {
    if (index?.findModule(choice.module.name)) continue;
    for (const cls of choice.module.classes) out.push({ cls, choice });
  }
  return out;
}

/** A class or defined type by name: indexed first, else bundled. */
export function findClassInfo(project: Project, path: string, name: string): ClassInfo | undefined {
  const key = normalizeClassName(name);
  const def = indexFor(project, path)?.findClass(key);
  if (def) return indexedInfo(def);
  const found = bundledClasses(project, path).find((b) => b.cls.name === key);
  return found ? bundledInfo(found.cls, found.choice) : undefined;
}

/**
 * Whether the repo can know a module at all: it is indexed, bundled, or at least pinned by the Puppetfile (then
 * a class we cannot see is not reported: the module is simply not installed here).
 */
export function moduleKnowledge(
  project: Project,
  path: string,
  module: string,
): 'indexed' | 'bundled' | 'pinned-only' | 'unknown' {
  if (indexFor(project, path)?.findModule(module)) return 'indexed';
  if (keySpaceFor(project, path).modules.has(module)) return 'bundled';
  const root = rootFor(project, path);
  if (moduleVersions(project, root).has(module)) return 'pinned-only';
  // `puppet module install` in the repo's scripts brings the dependencies of what it installs: for a module whose
  // dependencies we do not know (no facts), any other module may be one of them.
  if (
    root &&
    [...resolveModules(project, root).modules.values()].some((m) => m.from === 'script' && m.facts === 'none')
  )
    return 'pinned-only';
  return 'unknown';
}

/** Puppet's metaparameters, valid on every resource (the list is Puppet's, recorded with the built-in types). */
export { METAPARAMETERS } from '../../knowledge/puppetBuiltins.js';

/** A one-line type text for display. */
export function oneLine(text: string | undefined): string | undefined {
  return text?.replace(/\s*\n\s*/g, ' ');
}

/** Markdown for a parameter: signature, owner, default, description. */
export function describeParamInfo(owner: ClassInfo, p: ParamInfo, relPath: (path: string) => string): string {
  // A bundled parameter is explained as Hiera hover explains it (version, resolved default, our description).
  if (owner.source === 'bundled' && p.catalog)
    return describeParam({ name: owner.name, cls: owner.cls, choice: owner.choice }, p.catalog);
  const lines = [
    '```puppet',
    `${oneLine(p.type) ?? 'Any'} $${p.name}${p.default !== undefined ? ` = ${oneLine(p.default)}` : ''}`,
    '```',
  ];
  if (owner.source === 'index')
    lines.push(
      `Parameter of ${owner.kind === 'class' ? 'class' : 'defined type'} \`${owner.name}\` — \`${relPath(owner.def.path)}\`.`,
    );
  else
    lines.push(
      `Parameter of ${owner.kind === 'class' ? 'class' : 'defined type'} \`${owner.name}\` — ${owner.choice.module.fullName} ${owner.choice.module.tag} (bundled catalog).`,
    );
  if (p.doc) lines.push('', p.doc);
  return lines.join('\n');
}

/** Markdown for a class: its signature, summary and where it is defined. */
export function describeClassInfo(info: ClassInfo, relPath: (path: string) => string, why?: string): string {
  const word = info.kind === 'class' ? 'class' : 'define';
  const params = info.params.map(
    (p) =>
      `  ${p.type ? `${oneLine(p.type)} ` : ''}$${p.name}${p.default !== undefined ? ` = ${oneLine(p.default)}` : ''},`,
  );
  const lines = [
    '```puppet',
    params.length > 0 ? `${word} ${info.name}(\n${params.join('\n')}\n)` : `${word} ${info.name}`,
    '```',
  ];
  if (info.source === 'index') {
    const doc = info.def.definition.doc;
    const summary = doc?.summary ?? doc?.text.split(/\n\s*\n/)[0];
    if (summary) lines.push(summary.trim(), '');
    lines.push(`Defined in \`${relPath(info.def.path)}\`${info.def.module ? ` (module \`${info.def.module}\`)` : ''}.`);
  } else {
    lines.push(
      `From ${info.choice.module.fullName} ${info.choice.module.tag} (bundled catalog; not installed in this repo).`,
    );
  }
  if (why) lines.push('', `Module: ${why}`);
  return lines.join('\n');
}

/** A path relative to the file's control repo root, for display. */
export function relativeTo(project: Project, from: string): (path: string) => string {
  const root = rootFor(project, from);
  return (p) => (root && p.startsWith(`${root}/`) ? p.slice(root.length + 1) : p);
}
