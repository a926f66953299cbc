// Markdown that explains a class parameter reached through a Hiera key: where it comes from (module and
// version, and why that version), its type, default and our description. Shared by hover and completion.

import type { CatalogParam } from '../../knowledge/catalogTypes.js';
import type { KnownClass } from '../../knowledge/keySpace.js';
import { typeAsWritten } from '../../knowledge/types/typeModel.js';

const REASON: Record<string, string> = {
  installed: 'installed',
  pinned: 'pinned by the Puppetfile',
  newest: 'newest bundled; nothing pins it',
  workspace: 'in this control repo',
};

export function versionLabel(cls: KnownClass): string {
  const c = cls.choice;
  if (c.reason === 'workspace') return `defined in ${cls.cls.file}`;
  const exact = !c.requested || c.requested === c.module.version;
  const base = `${c.module.fullName} ${c.module.tag}`;
  return exact ? `${base}, ${REASON[c.reason]}` : `${base} (closest bundled to ${c.requested}, ${REASON[c.reason]})`;
}

export function paramSignature(param: CatalogParam): string {
  const def = param.default !== undefined ? ` = ${param.default}` : '';
  return `${typeAsWritten(param.type)} $${param.name}${def}`;
}

export function describeParam(cls: KnownClass, param: CatalogParam): string {
  const lines: string[] = [];
  lines.push('```puppet', paramSignature(param), '```');
  lines.push(`Parameter of class \`${cls.name}\` — ${versionLabel(cls)}.`);
  if (param.resolvedDefault !== undefined) lines.push('', `Default resolves to \`${param.resolvedDefault}\`.`);
  if (param.typeSource !== 'declared')
    lines.push(
      '',
      `Type inferred from ${param.typeSource === 'default-literal' ? 'the default value' : `\`${param.typeSource}\``}; the module declares none.`,
    );
  if (param.description) lines.push('', param.description);
  if (!param.hieraEffective) {
    lines.push(
      '',
      `**No effect from Hiera:** the module passes this parameter itself when it declares \`${cls.name}\`, so a Hiera value is ignored.`,
    );
  }
  return lines.join('\n');
}
