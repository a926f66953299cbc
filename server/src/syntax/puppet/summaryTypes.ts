// The shape of a manifest summary: the facts about one .pp file that the module index keeps (definitions with
// their parameters and docs, type aliases, functions, and references to classes, lookup keys and resources).
// Plain readonly data, so summaries can be cached and compared without the tree.

import type { TextRange } from '../../base/textRange.js';

/** A doc comment read puppet-strings style (YARD tags). */
export interface DocComment {
  /** The text before the first tag. */
  readonly text: string;
  readonly summary: string | undefined;
  readonly params: readonly { readonly name: string; readonly types: readonly string[]; readonly text: string }[];
  readonly examples: readonly { readonly title: string; readonly text: string }[];
}

export interface ParameterSummary {
  readonly name: string;
  /** The range of `$name`. */
  readonly nameRange: TextRange;
  /** The type exactly as written (as puppet strings reports it); undefined when the parameter has no type. */
  readonly typeText: string | undefined;
  /** The default value as written; undefined when there is none. */
  readonly defaultText: string | undefined;
}

export interface DefinitionSummary {
  readonly kind: 'class' | 'define';
  /** The name as written, without a leading '::'. */
  readonly name: string;
  readonly nameRange: TextRange;
  /** From the keyword to the closing '}'. */
  readonly range: TextRange;
  readonly inherits: string | undefined;
  readonly parameters: readonly ParameterSummary[];
  readonly doc: DocComment | undefined;
}

export interface NodeSummary {
  /** Host names as written (strings without quotes, regexes with slashes, 'default'). */
  readonly names: readonly string[];
  /** The range of each host name, in the order of `names`. */
  readonly nameRanges: readonly TextRange[];
  readonly range: TextRange;
}

export interface TypeAliasSummary {
  readonly name: string;
  readonly nameRange: TextRange;
  readonly range: TextRange;
  readonly typeText: string;
  readonly doc: DocComment | undefined;
}

export interface FunctionSummary {
  readonly name: string;
  readonly nameRange: TextRange;
  readonly range: TextRange;
  readonly parameters: readonly ParameterSummary[];
  readonly returnType: string | undefined;
  readonly doc: DocComment | undefined;
}

/** `include x`, `contain x`, `require x` (with or without parentheses): one entry per class name. */
export interface IncludeReference {
  readonly function: 'include' | 'contain' | 'require';
  readonly name: string;
  /** The range of the name (inside the quotes for a string). */
  readonly range: TextRange;
}

/** `class { 'x': p => v }` */
export interface ResourceLikeClass {
  readonly name: string;
  readonly titleRange: TextRange;
  readonly attributes: readonly { readonly name: string; readonly range: TextRange; readonly valueText: string }[];
}

/** `Class['x']` */
export interface ClassReference {
  readonly name: string;
  readonly range: TextRange;
}

/** `lookup('key', ...)`, `hiera('key')` and relatives. */
export interface LookupReference {
  readonly function: string;
  readonly key: string;
  readonly keyRange: TextRange;
}

export interface ResourceDeclaration {
  /** The resource type as written ('file', 'apt::source'); 'class' for resource-like class declarations. */
  readonly type: string;
  readonly typeRange: TextRange;
  readonly form: 'regular' | 'virtual' | 'exported';
  /** One entry per title; `value` is undefined when the title is not a constant string. */
  readonly titles: readonly { readonly value: string | undefined; readonly range: TextRange }[];
  /** The attribute names its bodies set (`ensure`, `*` for a splat), in order. */
  readonly attributes: readonly { readonly name: string; readonly range: TextRange }[];
}

export interface ManifestSummary {
  readonly definitions: readonly DefinitionSummary[];
  readonly nodes: readonly NodeSummary[];
  readonly typeAliases: readonly TypeAliasSummary[];
  readonly functions: readonly FunctionSummary[];
  readonly includes: readonly IncludeReference[];
  readonly resourceLikeClasses: readonly ResourceLikeClass[];
  readonly classReferences: readonly ClassReference[];
  readonly lookups: readonly LookupReference[];
  readonly resources: readonly ResourceDeclaration[];
}
