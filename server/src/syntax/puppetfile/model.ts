// The data model of a parsed Puppetfile: its declarations (`forge`, `moduledir`, `mod`), every module entry with
// the ranges of its name, version and options, and the syntax errors found on the way. Ranges are UTF-16 offsets
// into the text (see base/textRange.ts). The model is plain readonly data; the parser builds it, analyses read it.

import type { TextRange } from '../../base/textRange.js';

/** A value written in the Puppetfile. Only literals have a known value; anything else is an `expression`. */
export type PuppetfileValue =
  | {
      readonly kind: 'string';
      readonly range: TextRange;
      /** The value after escapes (for an interpolated string, the text as written). */
      readonly value: string;
      readonly quote: "'" | '"';
      /** The text between the quotes of the first (or only) literal. */
      readonly contentRange: TextRange;
      /** True when the string holds `#{...}`: its value is then the text as written, not what Ruby makes of it. */
      readonly interpolated: boolean;
      /** True when the value was computed (an interpolation of names a loop binds): no fix may edit its text. */
      readonly computed?: boolean;
    }
  | { readonly kind: 'symbol'; readonly range: TextRange; readonly value: string }
  | { readonly kind: 'boolean'; readonly range: TextRange; readonly value: boolean }
  | { readonly kind: 'nil'; readonly range: TextRange }
  | { readonly kind: 'number'; readonly range: TextRange; readonly text: string }
  | { readonly kind: 'hash'; readonly range: TextRange; readonly pairs: readonly PuppetfileOption[] }
  | { readonly kind: 'expression'; readonly range: TextRange; readonly text: string };

/** How an option key is written: `:git =>`, `git:`, `'git' =>` (a String key, which r10k does not read). */
export type OptionKeyForm = 'symbol' | 'label' | 'string' | 'expression';

export interface OptionKey {
  readonly range: TextRange;
  /** The key without its colon or quotes, for example `git`. */
  readonly name: string;
  readonly form: OptionKeyForm;
}

/** One `key => value` (or `key: value`) pair. */
export interface PuppetfileOption {
  readonly range: TextRange;
  readonly key: OptionKey;
  readonly value: PuppetfileValue;
}

/** `mod 'author/name', ...` */
export interface ModuleEntry {
  readonly kind: 'mod';
  /** From the `mod` keyword to the end of its last argument. */
  readonly range: TextRange;
  readonly keywordRange: TextRange;
  /** The first argument as written (normally a string). */
  readonly name: PuppetfileValue | undefined;
  /** The parts of the name when it is a plain string: `author` is absent for `'apt'`. */
  readonly fullName: string | undefined;
  readonly author: string | undefined;
  /** The name r10k installs the module under (the part after `/` or `-`). */
  readonly shortName: string | undefined;
  /** A second argument that is not an options hash: `'1.2.3'`, `:latest`, `'>=4.2.0'`. */
  readonly version: PuppetfileValue | undefined;
  /** The options hash, in source order. Empty for a Forge module given by name and version. */
  readonly options: readonly PuppetfileOption[];
  /** True when the options were written in braces: `mod 'x', { ... }`. */
  readonly bracedOptions: boolean;
  /** True when the entry was made by evaluating a loop's body for one element (no fix edits its line). */
  readonly evaluated?: boolean;
  /** True when the entry runs only under a condition (`if`, `unless`, a modifier, a `def`). */
  readonly conditional: boolean;
  /**
   * The branches of `if`/`unless`/`case` blocks the entry sits in, outermost first, each `<offset of the block's
   * keyword>:<branch number>`. Two entries in different branches of one block never both run.
   */
  readonly branches: readonly string[];
}

/** `forge 'https://forgeapi.puppet.com'` */
export interface ForgeDeclaration {
  readonly kind: 'forge';
  readonly range: TextRange;
  readonly keywordRange: TextRange;
  readonly url: PuppetfileValue | undefined;
}

/** `moduledir 'thirdparty'` */
export interface ModuledirDeclaration {
  readonly kind: 'moduledir';
  readonly range: TextRange;
  readonly keywordRange: TextRange;
  readonly path: PuppetfileValue | undefined;
}

/** `name = value`: Ruby code some Puppetfiles use to share a URL or a branch between entries. */
export interface Assignment {
  readonly kind: 'assignment';
  readonly range: TextRange;
  readonly name: string;
  readonly value: PuppetfileValue | undefined;
}

/** `metadata`: librarian-puppet installs the dependencies the repo's metadata.json declares (r10k refuses it). */
export interface MetadataDirective {
  readonly kind: 'metadata';
  readonly range: TextRange;
  readonly keywordRange: TextRange;
}

export type PuppetfileStatement =
  ModuleEntry | ForgeDeclaration | ModuledirDeclaration | Assignment | MetadataDirective;

/**
 * An error that makes r10k refuse the Puppetfile, found from its shape alone. `parse` errors are Ruby syntax
 * errors, which Ruby reports before it runs anything; `evaluate` errors are valid Ruby that fails when r10k runs
 * it (an unknown declaration, `mod` with the wrong arguments, an option on a line of its own).
 */
export interface PuppetfileSyntaxError {
  readonly stage: 'parse' | 'evaluate';
  /** Where the error is reported: on the line where r10k (Ruby's parser or r10k's evaluation) reports it. */
  readonly range: TextRange;
  /** What is wrong and what to do about it. */
  readonly message: string;
  /** Where the cause starts when that is elsewhere, for example the opening quote of an unterminated string. */
  readonly origin?: TextRange;
  /** For `evaluate` errors: true when the code runs only under a condition, so r10k may not meet the error. */
  readonly conditional?: boolean;
}

export interface PuppetfileModel {
  readonly text: string;
  readonly statements: readonly PuppetfileStatement[];
  readonly modules: readonly ModuleEntry[];
  /** The last `forge` declaration (r10k uses the last one, when it uses any). */
  readonly forge: ForgeDeclaration | undefined;
  readonly moduledir: ModuledirDeclaration | undefined;
  /** In the order found, which for each stage is the order r10k meets them. See `firstReportedError`. */
  readonly errors: readonly PuppetfileSyntaxError[];
}

/** A text edit that a fix applies. Ranges refer to the text the model was parsed from. */
export interface TextEdit {
  readonly range: TextRange;
  readonly newText: string;
}
