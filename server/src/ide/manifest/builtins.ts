// Hover text for Puppet's built-in resource types, their attributes, the metaparameters, the built-in
// functions and data types: the facts Puppet declares (kind, accepted values, namevar, provider features,
// signatures, alias definitions) with our own one-line descriptions from knowledge/puppetBuiltins.ts and
// knowledge/puppetDataTypes.ts; and type aliases of modules (`Stdlib::Port`) with their definition.

import {
  attributeDescription,
  BUILTINS_PUPPET_VERSION,
  metaparameterDescription,
  metaparameterValues,
  type BuiltinAttribute,
  type BuiltinFunction,
  type BuiltinType,
} from '../../knowledge/puppetBuiltins.js';
import type { BuiltinDataType } from '../../knowledge/puppetDataTypes.js';

const code = (s: string): string => `\`${s}\``;

export function describeBuiltinType(type: BuiltinType): string {
  const namevar = type.attributes.find((a) => a.namevar);
  const lines = [
    type.module
      ? `**${type.name}** — resource type of ${type.module.name} ${type.module.version}, a core module the Puppet ${BUILTINS_PUPPET_VERSION.split('.')[0]} agent packages bundle`
      : `**${type.name}** — resource type built into Puppet ${BUILTINS_PUPPET_VERSION}`,
  ];
  if (type.description) lines.push('', type.description);
  const properties = type.attributes.filter((a) => a.kind === 'property').map((a) => code(a.name));
  const params = type.attributes.filter((a) => a.kind === 'param').map((a) => code(a.name));
  if (properties.length > 0) lines.push('', `Properties: ${properties.join(', ')}`);
  if (params.length > 0) lines.push('', `Parameters: ${params.join(', ')}`);
  if (namevar) lines.push('', `The title sets ${code(namevar.name)} unless it is given.`);
  return lines.join('\n');
}

export function describeBuiltinAttribute(typeName: string, a: BuiltinAttribute): string {
  const lines = [
    `**${typeName}**.${code(a.name)} — ${a.kind === 'property' ? 'property (state Puppet checks and changes)' : 'parameter'}`,
  ];
  const description = attributeDescription(typeName, a.name);
  if (description) lines.push('', description);
  if (a.values && a.values.length > 0) lines.push('', `Values: ${a.values.map(code).join(', ')}`);
  if (a.namevar) lines.push('', 'Defaults to the resource title.');
  if (a.requiredFeatures && a.requiredFeatures.length > 0)
    lines.push('', `Needs a provider with: ${a.requiredFeatures.map(code).join(', ')}`);
  return lines.join('\n');
}

export function describeMetaparameter(name: string): string {
  const description = metaparameterDescription(name);
  const values = metaparameterValues(name);
  return [
    `${code(name)} — metaparameter, valid on every resource`,
    ...(description ? ['', description] : []),
    ...(values ? ['', `Values: ${values.map(code).join(', ')}`] : []),
  ].join('\n');
}

export function describeBuiltinFunction(f: BuiltinFunction): string {
  const lines = [`**${f.name}()** — function built into Puppet ${BUILTINS_PUPPET_VERSION}`];
  if (f.description) lines.push('', f.description);
  if (f.signatures.length > 0) lines.push('', '```puppet', ...functionSignatures(f), '```');
  return lines.join('\n');
}

/** Each signature of a function as a call would read: `split(String $str, String $pattern)`. */
export function functionSignatures(f: BuiltinFunction): string[] {
  return f.signatures.map((s) => {
    // Puppet prints named aliases as `Name = Type`: the type alone reads better.
    const params = s.params.map((p, i) => `${(s.types[i] ?? 'Any').replace(/\b[A-Z]\w* = /g, '')} $${p}`).join(', ');
    return `${f.name}(${params})${s.block ? ` |block: ${s.block.replace(/\b[A-Z]\w* = /g, '')}|` : ''}`;
  });
}

/** Puppet's alias definitions longer than this (RichData's) say less than our description. */
const ALIAS_SHOWN = 120;

export function describeBuiltinDataType(t: BuiltinDataType): string {
  const lines = [`**${t.name}** — data type built into Puppet ${BUILTINS_PUPPET_VERSION}`];
  if (t.description) lines.push('', t.description);
  if (t.form) lines.push('', '```puppet', t.form, '```');
  if (t.alias && t.alias.length <= ALIAS_SHOWN) lines.push('', `Puppet defines it as ${code(t.alias)}.`);
  return lines.join('\n');
}

/** A type alias: its definition, its summary when documented, and where it comes from. */
export function describeTypeAlias(name: string, definition: string, from: string, summary?: string): string {
  const lines = [`**${name}** — type alias, ${from}`];
  if (summary) lines.push('', summary);
  lines.push('', '```puppet', `type ${name} = ${definition}`, '```');
  return lines.join('\n');
}
