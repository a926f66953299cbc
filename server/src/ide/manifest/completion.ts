// Completion in manifests: class names where a class is named (after include/contain/require, as the title of
// `class { '...': }`, in `Class['...']`) — the repo's roles and profiles first, then installed modules, then
// the bundled catalogs' classes, each described when the editor shows it (completionItem/resolve) — parameters
// in a resource-like class declaration, with type and default, the attributes and values of Puppet's
// built-in resource types (`package`, `service`, `file`, `exec`, ...), and type names (typeCompletion.ts).

import type { Project } from '../../workspace/project.js';
import type { CompletionItem } from '../types.js';
import { parsedManifest } from '../../workspace/moduleIndex.js';
import { manifestCursor } from './cursor.js';
import {
  bundledClasses,
  describeClassInfo,
  describeParamInfo,
  findClassInfo,
  indexFor,
  oneLine,
  relativeTo,
} from '../shared/classes.js';
import {
  builtinAttribute,
  builtinFunction,
  builtinFunctionNames,
  builtinType,
  builtinTypeNames,
  METAPARAMETERS,
  metaparameterValues,
  type BuiltinFunction,
} from '../../knowledge/puppetBuiltins.js';
import {
  describeBuiltinAttribute,
  describeBuiltinFunction,
  describeBuiltinType,
  functionSignatures,
} from './builtins.js';
import { classSnippetItems } from './snippets.js';
import { typeNameItems } from './typeCompletion.js';
import { autoloadName, type ParsedManifest } from '../../workspace/moduleIndex.js';

function isSiteClass(name: string): boolean {
  return /^(role|profile)(::|$)/.test(name);
}

export function completeManifest(project: Project, path: string, offset: number): CompletionItem[] {
  const parsed = parsedManifest(project, path);
  if (!parsed) return [];
  const cursor = manifestCursor(parsed.text, parsed.parse.tokens, offset);
  // include, class { }, and Class[] all name classes only; defined types are declared as resources.
  if (cursor.kind === 'class-name') {
    // Inside a class, including or declaring that class again names nothing new (a resource-like declaration
    // of itself fails to compile); a Class['...'] reference to it orders against it, so it stays.
    const own = cursor.form === 'class-reference' ? undefined : enclosingClass(parsed, offset);
    return classNameItems(project, path, cursor.range, true).filter((i) => i.label.toLowerCase() !== own);
  }
  if (cursor.kind === 'class-attribute')
    return attributeItems(project, path, cursor.className, cursor.range, cursor.present);
  if (cursor.kind === 'resource-attribute') return builtinAttributeItems(cursor.typeName, cursor.range, cursor.present);
  if (cursor.kind === 'attribute-value') {
    const values = builtinValueItems(cursor.typeName, cursor.attribute, cursor.range);
    // A value Puppet names no words for is an expression: `content => template(...)`.
    return values.length > 0 || cursor.prefix === '' || cursor.quoted
      ? values
      : codeNameItems(false, cursor.prefix, cursor.range);
  }
  if (cursor.kind === 'type-name') return typeNameItems(project, path, cursor.prefix, cursor.range);
  if (cursor.kind === 'code-name') {
    const fresh = newFileItems(project, path, parsed, offset);
    return fresh.length > 0 ? fresh : codeNameItems(cursor.statement, cursor.prefix, cursor.range);
  }
  return newFileItems(project, path, parsed, offset);
}

/** The name of the innermost class whose body holds `offset`, without a leading '::'. */
function enclosingClass(parsed: ParsedManifest, offset: number): string | undefined {
  let inner: ParsedManifest['summary']['definitions'][number] | undefined;
  for (const d of parsed.summary.definitions) {
    if (d.kind !== 'class' || offset <= d.nameRange.end || offset >= d.range.end) continue;
    if (!inner || d.range.start >= inner.range.start) inner = d;
  }
  return inner?.name.toLowerCase();
}

function classNameItems(
  project: Project,
  path: string,
  range: { start: number; end: number },
  classesOnly: boolean,
): CompletionItem[] {
  const rel = relativeTo(project, path);
  const index = indexFor(project, path);
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const def of index?.classes() ?? []) {
    if (def.kind !== 'class' && classesOnly) continue;
    const name = def.name.replace(/^::/, '');
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    const rank = isSiteClass(name) ? 0 : 1;
    items.push({
      label: name,
      kind: 'class',
      detail: `${def.kind === 'define' ? 'defined type' : 'class'} — ${rel(def.path)}`,
      resolve: { kind: 'puppet-class', path, name },
      range,
      insertText: name,
      sortText: `${rank}${name}`,
      filterText: name,
    });
  }
  for (const { cls, choice } of bundledClasses(project, path)) {
    if (cls.kind !== 'class' && classesOnly) continue;
    if (seen.has(cls.name)) continue;
    seen.add(cls.name);
    items.push({
      label: cls.name,
      kind: 'class',
      detail: `${cls.kind === 'class' ? 'class' : 'defined type'} — ${choice.module.fullName} ${choice.module.tag} (bundled)`,
      resolve: { kind: 'puppet-class', path, name: cls.name },
      range,
      insertText: cls.name,
      sortText: `${cls.public ? 2 : 3}${cls.name}`,
      filterText: cls.name,
    });
  }
  return items;
}

/**
 * The documentation of a class completion item, computed when the editor shows the item: a corpus on the
 * modulepath offers a couple of thousand classes, and describing each one for every request took most of it.
 */
export function resolvePuppetClass(project: Project, path: string, name: string): string | undefined {
  const info = findClassInfo(project, path, name);
  return info ? describeClassInfo(info, relativeTo(project, path)) : undefined;
}

/** A snippet for a Puppet value of this type. */
function puppetPlaceholder(type: string | undefined): string {
  const t = (type ?? '').replace(/^Optional\[(.*)\]$/s, '$1');
  if (/^Boolean/.test(t)) return '${1|true,false|}';
  if (/^(Integer|Float|Numeric)/.test(t)) return '${1:0}';
  if (/^(Hash|Struct)/.test(t)) return '{${1}}';
  if (/^(Array|Tuple)/.test(t)) return '[${1}]';
  if (/^(String|Enum|Pattern|Stdlib::)/.test(t)) return "'${1}'";
  return '${1}';
}

function attributeItems(
  project: Project,
  path: string,
  className: string,
  range: { start: number; end: number },
  present: readonly string[],
): CompletionItem[] {
  const info = findClassInfo(project, path, className);
  const rel = relativeTo(project, path);
  const items: CompletionItem[] = [];
  const taken = new Set(present);
  for (const p of info?.params ?? []) {
    if (taken.has(p.name)) continue;
    const required = p.default === undefined;
    items.push({
      label: p.name,
      kind: 'property',
      detail: `${oneLine(p.type) ?? 'Any'}${p.default !== undefined ? ` = ${oneLine(p.default)}` : ' (required)'}`,
      documentation: describeParamInfo(info!, p, rel),
      range,
      insertText: `${p.name} => `,
      snippet: `${p.name} => ${puppetPlaceholder(p.type)},`,
      sortText: `${required ? 0 : 1}${p.name}`,
      filterText: p.name,
    });
  }
  for (const m of METAPARAMETERS) {
    if (taken.has(m) || info?.params.some((p) => p.name === m)) continue;
    items.push({
      label: m,
      kind: 'keyword',
      detail: 'metaparameter',
      range,
      insertText: `${m} => `,
      snippet: `${m} => \${1},`,
      sortText: `9${m}`,
      filterText: m,
    });
  }
  return items;
}

/** The attributes of a built-in resource type not set yet, then the metaparameters; nothing for other types. */
function builtinAttributeItems(
  typeName: string,
  range: { start: number; end: number },
  present: readonly string[],
): CompletionItem[] {
  const type = builtinType(typeName);
  if (!type) return [];
  const taken = new Set(present);
  const items: CompletionItem[] = [];
  for (const a of type.attributes) {
    if (taken.has(a.name)) continue;
    // ensure first: it is what almost every resource sets; the namevar last, as the title usually sets it.
    const rank = a.name === 'ensure' ? 0 : a.namevar ? 2 : 1;
    const values = a.values && a.values.length > 0 ? `\${1|${a.values.join(',')}|}` : '${1}';
    items.push({
      label: a.name,
      kind: 'property',
      detail: `${a.kind === 'property' ? 'property' : 'parameter'} of ${type.name}${a.values ? ` — ${a.values.join(', ')}` : ''}`,
      documentation: describeBuiltinAttribute(type.name, a),
      range,
      insertText: `${a.name} => `,
      snippet: `${a.name} => ${values},`,
      sortText: `${rank}${a.name}`,
      filterText: a.name,
    });
  }
  for (const m of METAPARAMETERS) {
    if (taken.has(m)) continue;
    items.push({
      label: m,
      kind: 'keyword',
      detail: 'metaparameter',
      range,
      insertText: `${m} => `,
      snippet: `${m} => \${1},`,
      sortText: `9${m}`,
      filterText: m,
    });
  }
  return items;
}

/** The values a built-in type's attribute or a metaparameter accepts, where Puppet names them (`ensure => running`). */
function builtinValueItems(
  typeName: string,
  attribute: string,
  range: { start: number; end: number },
): CompletionItem[] {
  const a = builtinAttribute(typeName, attribute);
  // A metaparameter's values are the same on every resource, a defined type's included.
  const values = a ? a.values : METAPARAMETERS.includes(attribute) ? metaparameterValues(attribute) : undefined;
  return (values ?? []).map((v, i) => ({
    label: v,
    kind: 'value' as const,
    detail: `${attribute} of ${typeName.toLowerCase()}`,
    range,
    insertText: v,
    sortText: String(i).padStart(3, '0'),
    filterText: v,
  }));
}

/** Functions the language calls as statements, by custom without parentheses (`include profile::base`). */
const STATEMENT_FUNCTIONS = new Set(['include', 'contain', 'require', 'realize', 'tag']);

/**
 * Where code starts: at a statement, the built-in resource types (as a resource with its title to fill in) and
 * the built-in functions; in an expression, the functions. Only those starting with what is typed.
 */
function codeNameItems(statement: boolean, prefix: string, range: { start: number; end: number }): CompletionItem[] {
  const items: CompletionItem[] = [];
  if (statement) {
    for (const name of builtinTypeNames()) {
      if (!name.startsWith(prefix)) continue;
      const type = builtinType(name)!;
      items.push({
        label: name,
        kind: 'class',
        detail: type.module ? `resource type (${type.module.name})` : 'resource type',
        documentation: describeBuiltinType(type),
        range,
        insertText: name,
        snippet: `${name} { '\${1:title}':\n  \${0}\n}`,
        sortText: `0${name}`,
        filterText: name,
      });
    }
  }
  for (const name of builtinFunctionNames()) {
    if (!name.startsWith(prefix)) continue;
    const f = builtinFunction(name)!;
    items.push({
      label: name,
      kind: 'function',
      // The first signature, and how many more there are.
      detail: signatureDetail(f),
      documentation: describeBuiltinFunction(f),
      range,
      insertText: name,
      snippet: statement && STATEMENT_FUNCTIONS.has(name) ? `${name} \${1}` : `${name}(\${1})`,
      sortText: `1${name}`,
      filterText: name,
    });
  }
  return items;
}

function signatureDetail(f: BuiltinFunction): string {
  const [first, ...others] = functionSignatures(f);
  // An older (3.x API) function declares no signature.
  if (first === undefined) return `${f.name}(...)`;
  return others.length > 0 ? `${first} (+${others.length} more)` : first;
}

/** In a manifest with no code yet (comments at most), at the start of a line: the class its path calls for. */
function newFileItems(project: Project, path: string, parsed: ParsedManifest, offset: number): CompletionItem[] {
  const lineStart = parsed.text.lastIndexOf('\n', offset - 1) + 1;
  const typed = parsed.text.slice(lineStart, offset);
  if (!/^[a-z_:]*$/.test(typed)) return [];
  const code = parsed.parse.tokens.filter((t) => t.kind !== 'WHITESPACE' && t.kind !== 'COMMENT' && t.kind !== 'EOF');
  if (
    code.some(
      (t) => t.start < lineStart || t.end > offset + (parsed.text.slice(offset).match(/^[a-z_:]*/)?.[0].length ?? 0),
    )
  )
    return [];
  const at = indexFor(project, path)?.file(path);
  const expected = at?.module && at.area === 'manifests' ? autoloadName(at.module, at.area, at.relative) : undefined;
  return expected ? classSnippetItems(expected, typed, { start: lineStart, end: offset }) : [];
}
