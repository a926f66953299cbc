// Completion in Hiera data files: top-level keys from the class parameters of the modules the repo uses.
// Each item inserts `key: ` and a value placeholder that fits the parameter's type. Keys the file already
// sets are left out; keys that Hiera cannot change are offered last and marked.

import type { Project } from '../../workspace/project.js';
import { keySpaceFor } from '../context.js';
import { allKeys } from '../../knowledge/keySpace.js';
import type { CatalogParam } from '../../knowledge/catalogTypes.js';
import type { CompletionItem } from '../types.js';
import { cursorContext } from './keyContext.js';
import { describeParam } from './describeKey.js';

/** A snippet for the value of a parameter of this type, after `key: `. */
export function valuePlaceholder(param: CatalogParam): { snippet: string; plain: string } {
  const t = param.type.replace(/^Optional\[(.*)\]$/, '$1');
  if (/^Boolean/.test(t)) return { snippet: '${1|true,false|}', plain: param.default === 'true' ? 'true' : 'false' };
  if (/^(Integer|Float|Numeric)/.test(t)) {
    const d = param.resolvedDefault ?? param.default;
    const v = d && /^-?\d+(\.\d+)?$/.test(d) ? d : '0';
    return { snippet: `\${1:${v}}`, plain: v };
  }
  if (/^Hash/.test(t)) return { snippet: '\n  ${1:key}: ${2:value}', plain: '{}' };
  if (/^(Array|Tuple)/.test(t)) return { snippet: '\n  - ${1:value}', plain: '[]' };
  if (/^(String|Enum|Pattern|Stdlib::)/.test(t)) return { snippet: "'${1}'", plain: "''" };
  return { snippet: '${1}', plain: '' };
}

export function completeHieraData(project: Project, path: string, offset: number): CompletionItem[] {
  const text = project.readText(path) ?? '';
  const ctx = cursorContext(text, offset);
  if (ctx.kind !== 'top-level-key') return [];
  const space = keySpaceFor(project, path);
  const present = new Set(
    (project.hieraData(path)?.entries ?? []).filter((e) => !(e.keyRange.start <= offset && offset <= e.keyRange.end)).map((e) => e.key),
  );
  const items: CompletionItem[] = [];
  for (const { key, cls, param } of allKeys(space)) {
    if (present.has(key)) continue;
    const value = valuePlaceholder(param);
    const rank = !param.hieraEffective ? 3 : cls.cls.public ? 0 : 2;
    items.push({
      label: key,
      kind: 'property',
      detail: param.hieraEffective ? `${param.type} — ${cls.choice.module.name} ${cls.choice.module.tag}` : `${param.type} — no effect from Hiera`,
      documentation: describeParam(cls, param),
      range: ctx.range,
      insertText: ctx.hasColon ? key : `${key}: ${value.plain}`,
      snippet: ctx.hasColon ? key : `${key}:${value.snippet.startsWith('\n') ? '' : ' '}${value.snippet}`,
      sortText: `${rank}${key}`,
      filterText: key,
      ...(param.hieraEffective ? {} : { deprecated: true }),
    });
  }
  return items;
}
