// Diagnostics of a manifest: syntax errors; classes named nowhere (neither indexed nor bundled); parameters a
// resource-like class declaration passes that the class does not have, and attributes a built-in resource type
// does not have (did-you-mean fixes); definitions whose name does not match their file (Puppet's "Unacceptable
// location"); roles that declare resources and profiles that include roles (the roles-and-profiles pattern); and
// hiera_include, deprecated in Puppet 7.

import type { Project } from '../../workspace/project.js';
import { CODES, type Code } from '../../base/diagnosticCodes.js';
import type { Diagnostic, Fix } from '../types.js';
import {
  autoloadName,
  extraPathModules,
  normalizeClassName,
  parsedManifest,
  type FileArea,
} from '../../workspace/moduleIndex.js';
import { suggest } from '../../knowledge/suggest.js';
import { builtinType } from '../../knowledge/puppetBuiltins.js';
import { trimmedRange, walkNodes, type ManifestSummary, type SyntaxNode } from '../../syntax/puppet/index.js';
import { bundledClasses, findClassInfo, indexFor, METAPARAMETERS, moduleKnowledge } from '../shared/classes.js';
import { enclosingDefinition } from '../shared/manifestTarget.js';
import { keySpaceFor } from '../../knowledge/context.js';
import { resolveKey } from '../../knowledge/keySpace.js';
import type { TextRange } from '../../base/textRange.js';
import { ownMetadata } from '../../workspace/moduleSources.js';

function diag(code: Code, d: Omit<Diagnostic, 'code' | 'severity'>): Diagnostic {
  return { code, severity: CODES[code].severity, ...d };
}

/** Classes Puppet always has. */
const BUILTIN_CLASSES = new Set(['settings', 'main']);

/**
 * Attributes a built-in resource type does not have (`package { 'x': enable => true }`): the file alone says so,
 * without the index. Only the types of Puppet itself: a repo may install another release of a core module
 * (cron_core, ...) with other attributes.
 */
function builtinAttributeDiagnostics(path: string, s: ManifestSummary): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of s.resources) {
    const type = builtinType(r.type);
    if (!type || type.module) continue;
    const names = type.attributes.map((a) => a.name);
    for (const a of r.attributes) {
      if (names.includes(a.name) || METAPARAMETERS.includes(a.name) || a.name === '*') continue;
      const suggestions = suggest(a.name, [...names, ...METAPARAMETERS]);
      out.push(
        diag('puppet/unknown-attribute', {
          range: a.range,
          message: `Puppet's '${type.name}' type has no attribute '${a.name}'.${suggestions.length > 0 ? ` Did you mean ${suggestions.map((x) => `'${x}'`).join(' or ')}?` : ''}`,
          fixes: suggestions.map((sug, i) => ({
            title: `Change to '${sug}'`,
            edits: [{ path, range: a.range, newText: sug }],
            preferred: i === 0 && suggestions.length === 1,
          })),
        }),
      );
    }
  }
  return out;
}

/** What a manifest says on its own, without the index: its syntax errors and attributes its built-in types lack. */
export function manifestSyntaxDiagnostics(project: Project, path: string): Diagnostic[] {
  const parsed = parsedManifest(project, path);
  if (!parsed) return [];
  return [
    ...parsed.parse.errors.map((e) => diag('puppet/syntax', { range: e.range, message: e.message })),
    ...builtinAttributeDiagnostics(path, parsed.summary),
  ];
}

export function manifestDiagnostics(project: Project, path: string): Diagnostic[] {
  const parsed = parsedManifest(project, path);
  if (!parsed) return [];
  const { summary: s, text } = parsed;
  const out: Diagnostic[] = parsed.parse.errors.map((e) =>
    diag('puppet/syntax', { range: e.range, message: e.message }),
  );
  const index = indexFor(project, path);
  // Modules found on the extra module path only are named so: they are not the repo's.
  let extra: ReadonlySet<string> | undefined;
  const fromExtraPath = (module: string | undefined): boolean => {
    const root = project.repoRoot(path);
    if (!module || !root) return false;
    extra ??= extraPathModules(project, root);
    return extra.has(module);
  };

  // Unknown classes.
  const names: Array<{ name: string; range: { start: number; end: number } }> = [
    ...s.includes.map((i) => ({ name: i.name, range: i.range })),
    ...s.resourceLikeClasses.map((r) => ({ name: r.name, range: r.titleRange })),
    ...s.classReferences.map((c) => ({ name: c.name, range: c.range })),
  ];
  const ownClasses = new Set(s.definitions.map((d) => normalizeClassName(d.name)));
  for (const { name, range } of names) {
    const key = normalizeClassName(name);
    if (
      key === '' ||
      /[$"{}]/.test(key) ||
      BUILTIN_CLASSES.has(key) ||
      ownClasses.has(key) ||
      findClassInfo(project, path, key)
    )
      continue;
    const module = key.split('::')[0];
    const known = moduleKnowledge(project, path, module);
    // Say only what is known: a module the repo has (pinned, locked, a dependency, a submodule) but whose classes
    // we cannot see, or whose bundled facts are of another version, may well have the class.
    // A module repository's own classes are all in view, whatever is bundled under its name.
    const own = ownModule(project, path) === module;
    if (
      !own &&
      (known === 'pinned-only' ||
        (known === 'bundled' &&
          (keySpaceFor(project, path).unsure.has(module) || partialCatalog(project, path, module))))
    )
      continue;
    // Puppet 3 also tried a bare name relative to the enclosing class (`include install` inside `docker` found
    // `docker::install`); Puppet 4 removed that lookup, so the same code now fails to compile.
    const relative = relativeMatch(project, path, s.definitions, range.start, key);
    if (relative) {
      out.push(
        diag('puppet/unknown-class', {
          range,
          message: `Unknown class '${key}': Puppet 4 and later look only for a top-level class '${key}', and there is none. Puppet 3 also tried the name relative to the enclosing class and found '${relative}'. Write '${relative}'.`,
          fixes: [{ title: `Change to '${relative}'`, edits: [{ path, range, newText: relative }], preferred: true }],
        }),
      );
      continue;
    }
    const candidates = new Set<string>([
      ...(index?.classes() ?? []).map((c) => normalizeClassName(c.name)),
      ...bundledClasses(project, path).map((b) => b.cls.name),
    ]);
    const suggestions = suggest(key, candidates);
    const why = own
      ? `module '${module}' (this repository) has no such class`
      : known === 'unknown'
        ? `no module '${module}' is on the modulepath, pinned by the Puppetfile or in the bundled catalogs`
        : known === 'indexed'
          ? fromExtraPath(module)
            ? `module ${module} from the extra module path has no such class`
            : `module '${module}' has no such class`
          : `the bundled catalog of module '${module}' has no such class`;
    const fixes: Fix[] = suggestions.map((sug, i) => ({
      title: `Change to '${sug}'`,
      edits: [{ path, range, newText: sug }],
      preferred: i === 0 && suggestions.length === 1,
    }));
    out.push(
      diag('puppet/unknown-class', {
        range,
        message: `Unknown class '${key}': ${why}.${suggestions.length > 0 ? ` Did you mean ${suggestions.map((x) => `'${x}'`).join(' or ')}?` : ''}`,
        fixes,
      }),
    );
  }

  // Unknown parameters of resource-like class declarations.
  for (const r of s.resourceLikeClasses) {
    const info = findClassInfo(project, path, r.name);
    if (!info) continue;
    if (info.source === 'bundled' && keySpaceFor(project, path).unsure.has(info.choice.module.name)) {
      out.push(...unknownInAnyRelease(project, path, info.name, r.attributes));
      continue;
    }
    const params = info.params.map((p) => p.name);
    for (const a of r.attributes) {
      if (params.includes(a.name) || METAPARAMETERS.includes(a.name) || a.name === '*') continue;
      const suggestions = suggest(a.name, params);
      const where =
        info.source !== 'index'
          ? ` (${info.choice.module.fullName} ${info.choice.module.tag})`
          : fromExtraPath(info.def.module)
            ? ` (${info.def.module} from the extra module path)`
            : '';
      out.push(
        diag('puppet/unknown-parameter', {
          range: a.range,
          message: `Class '${info.name}'${where} has no parameter '${a.name}'.${suggestions.length > 0 ? ` Did you mean ${suggestions.map((x) => `'${x}'`).join(' or ')}?` : ''}`,
          fixes: suggestions.map((sug, i) => ({
            title: `Change to '${sug}'`,
            edits: [{ path, range: a.range, newText: sug }],
            preferred: i === 0 && suggestions.length === 1,
          })),
        }),
      );
    }
  }

  out.push(...builtinAttributeDiagnostics(path, s));

  // Unacceptable location: a module file must define the name its path gives.
  const location = moduleLocation(project, index?.file(path), index !== undefined, path);
  if (location) {
    const expected = autoloadName(location.module, location.area, location.relative);
    const topLevel = [...s.definitions, ...s.typeAliases, ...s.functions].filter(
      (d) => !s.definitions.some((o) => o !== d && o.range.start < d.range.start && d.range.end <= o.range.end),
    );
    for (const d of topLevel) {
      const kind = 'kind' in d ? d.kind : location.area === 'types' ? 'type' : 'function';
      if (expected && d.name.replace(/^::/, '').toLowerCase() === expected.toLowerCase()) continue;
      if (!expected) continue;
      const where = `Unacceptable location: the ${kind === 'define' ? 'defined type' : kind} '${d.name}' is in '${location.module}/${location.area}/${location.relative}', where Puppet's autoloader only finds '${expected}'.`;
      // A file name Puppet cannot turn into a name (scm-api.pp: '-' is refused in names): only moving helps.
      if (!expected.split('::').every((seg) => /^[a-z][a-z0-9_]*$/i.test(seg))) {
        const file = `${location.module}/${location.area}/${d.name.replace(/^::/, '').split('::').slice(1).join('/') || 'init'}.pp`;
        out.push(
          diag('puppet/unacceptable-location', {
            range: d.nameRange,
            message: `${where} Puppet refuses that name: move it to '${file}', the file its name gives.`,
          }),
        );
        continue;
      }
      out.push(
        diag('puppet/unacceptable-location', {
          range: d.nameRange,
          message: `${where} Rename it to '${expected}' or move it to the file its name gives.`,
          fixes: [{ title: `Rename to '${expected}'`, edits: [{ path, range: d.nameRange, newText: expected }] }],
        }),
      );
    }
  }

  // Roles and profiles.
  for (const d of s.definitions) {
    if (d.kind !== 'class') continue;
    const name = normalizeClassName(d.name);
    const within = (r: { start: number }): boolean => enclosingDefinition(s.definitions, r.start) === d;
    if (/^role(::|$)/.test(name)) {
      for (const r of s.resources) {
        if (r.type === 'class' || !within(r.typeRange)) continue;
        out.push(
          diag('puppet/role-declares-resources', {
            range: r.typeRange,
            message: `Role '${name}' declares a '${r.type}' resource. A role should only include profiles; move the resource into a profile.`,
          }),
        );
      }
    }
    if (/^profile(::|$)/.test(name)) {
      for (const u of [
        ...s.includes.map((i) => ({ name: i.name, range: i.range })),
        ...s.resourceLikeClasses.map((r) => ({ name: r.name, range: r.titleRange })),
      ]) {
        if (!/^role(::|$)/.test(normalizeClassName(u.name)) || !within(u.range)) continue;
        out.push(
          diag('puppet/profile-includes-role', {
            range: u.range,
            message: `Profile '${name}' declares the role '${normalizeClassName(u.name)}'. Roles include profiles, never the other way round; a node gets exactly one role.`,
          }),
        );
      }
    }
  }

  // hiera_include.
  for (const l of s.lookups) {
    if (l.function !== 'hiera_include') continue;
    const call = callAround(parsed.parse.tree, l.keyRange.start);
    const range = call ?? l.keyRange;
    const quote = text[l.keyRange.start - 1] === '"' ? '"' : "'";
    const replacement = `lookup(${quote}${l.key}${quote}, Array[String], 'unique', []).include`;
    out.push(
      diag('puppet/hiera-include', {
        range,
        message: `hiera_include is deprecated (Puppet 7 warns, later versions remove it). Use ${replacement}.`,
        ...(call
          ? {
              fixes: [
                {
                  title: `Replace with ${replacement}`,
                  edits: [{ path, range: call, newText: replacement }],
                  preferred: true,
                },
              ],
            }
          : {}),
      }),
    );
  }
  return out;
}

/**
 * True when the bundled catalog of a module lists only some of its classes (the public ones Hiera can set, as for
 * apt and stdlib): a class missing from it, such as `apt::update`, may well exist. A catalog that lists private
 * classes too lists them all.
 */
function partialCatalog(project: Project, path: string, module: string): boolean {
  const choice = keySpaceFor(project, path).modules.get(module);
  return choice !== undefined && choice.reason !== 'workspace' && !choice.module.classes.some((c) => !c.public);
}

/** The module a module repository is (its root metadata.json's name), if the file's repo is one. */
function ownModule(project: Project, path: string): string | undefined {
  const root = project.repoRoot(path);
  return root ? ownMetadata(project, root)?.shortName : undefined;
}

/** The range of the innermost call (with or without parentheses) that holds the offset. */
function callAround(tree: SyntaxNode, offset: number): { start: number; end: number } | undefined {
  let best: SyntaxNode | undefined;
  walkNodes(tree, (n) => {
    if (
      (n.kind === 'CallExpr' || n.kind === 'StatementCall') &&
      n.start <= offset &&
      offset < n.end &&
      (!best || n.start >= best.start)
    )
      best = n;
  });
  return best ? trimmedRange(best) : undefined;
}

/**
 * The class a bare name meant under Puppet 3's relative lookup: inside `a::b`, `include c` tried `a::b::c`, then
 * `a::c`, before the top-level `c`. Undefined when the name has a namespace or no such class exists.
 */
function relativeMatch(
  project: Project,
  path: string,
  definitions: Parameters<typeof enclosingDefinition>[0],
  offset: number,
  key: string,
): string | undefined {
  if (key.includes('::')) return undefined;
  const outer = enclosingDefinition(definitions, offset);
  if (!outer) return undefined;
  const own = normalizeClassName(outer.name);
  const parts = own.split('::');
  for (let n = parts.length; n > 0; n--) {
    const candidate = `${parts.slice(0, n).join('::')}::${key}`;
    // `include docker` inside `g10b::docker` found the class itself under Puppet 3: never the meant one.
    if (candidate === own) continue;
    if (definitions.some((d) => normalizeClassName(d.name) === candidate) || findClassInfo(project, path, candidate))
      return candidate;
  }
  return undefined;
}

/** The module, area and relative path of a module file, from the index or, for a file outside it, from its path. */
function moduleLocation(
  project: Project,
  indexed: { module: string | undefined; area: FileArea; relative: string } | undefined,
  hasIndex: boolean,
  path: string,
): { module: string; area: FileArea; relative: string } | undefined {
  if (indexed) {
    if (!indexed.module || indexed.area === 'site') return undefined;
    return { module: indexed.module, area: indexed.area, relative: indexed.relative };
  }
  // A file of a control repo that is not on its modulepath is not autoloaded: nothing to check.
  if (hasIndex) return undefined;
  const m = /^(.*)\/([a-z][a-z0-9_]*)\/(manifests|types|functions)\/(.+\.pp)$/.exec(path);
  if (!m || !project.fs.exists(`${m[1]}/${m[2]}/metadata.json`)) return undefined;
  return { module: m[2], area: m[3] as FileArea, relative: m[4] };
}

/**
 * Parameters of a resource-like declaration of a bundled class whose exact version is not known (a branch, a
 * version between releases, a range): one is reported only when no release the version in use may be has it
 * (the key space's window), as the Hiera keys are.
 */
function unknownInAnyRelease(
  project: Project,
  path: string,
  className: string,
  attributes: readonly { readonly name: string; readonly range: TextRange }[],
): Diagnostic[] {
  const space = keySpaceFor(project, path);
  const out: Diagnostic[] = [];
  for (const a of attributes) {
    if (METAPARAMETERS.includes(a.name) || a.name === '*') continue;
    const m = resolveKey(space, `${className}::${a.name}`);
    if (m.kind !== 'unknown-param' || !m.inNoRelease) continue;
    const version = m.module.requested
      ? `${m.module.module.fullName} ${m.module.requested}, a version no bundled release has`
      : `${m.module.module.fullName}, version unknown`;
    const names = m.suggestions.map((k) => k.slice(k.lastIndexOf('::') + 2));
    out.push(
      diag('puppet/unknown-parameter', {
        range: a.range,
        message: `Class '${className}' (${version}) has no parameter '${a.name}' in any release from ${m.inNoRelease.first} to ${m.inNoRelease.last}.${names.length > 0 ? ` Did you mean ${names.map((x) => `'${x}'`).join(' or ')}?` : ''}`,
        fixes: names.map((sug, i) => ({
          title: `Change to '${sug}'`,
          edits: [{ path, range: a.range, newText: sug }],
          preferred: i === 0 && names.length === 1,
        })),
      }),
    );
  }
  return out;
}
