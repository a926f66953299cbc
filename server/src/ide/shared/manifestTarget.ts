// What the name under the cursor in a manifest refers to: a class or defined type (where it is declared,
// included, referenced or used as a resource type), a class parameter (in the parameter list, as an attribute
// of a resource-like declaration, or as a variable), a Hiera key given to lookup(), Puppet's own resource types,
// attributes and functions, or a type name (`String`, `Stdlib::Port`). Hover, definition, references and rename
// start here.

import type { TextRange } from '../../base/textRange.js';
import { normalizeClassName, type ParsedManifest } from '../../workspace/moduleIndex.js';
import type { DefinitionSummary, Token } from '../../syntax/puppet/index.js';
import { builtinFunction, builtinType, METAPARAMETERS } from '../../knowledge/puppetBuiltins.js';

export type ManifestTarget =
  | { readonly kind: 'class'; readonly name: string; readonly range: TextRange; readonly isDefinition: boolean }
  | {
      readonly kind: 'param';
      readonly className: string;
      readonly param: string;
      /** The name without a '$'. */
      readonly range: TextRange;
      readonly isDefinition: boolean;
    }
  | { readonly kind: 'lookup-key'; readonly key: string; readonly range: TextRange }
  /** A resource of a type built into Puppet (`package`, `service`, ...). */
  | { readonly kind: 'builtin-type'; readonly type: string; readonly range: TextRange }
  /** An attribute in a resource body: of a built-in type, or a metaparameter of any resource. */
  | {
      readonly kind: 'resource-attribute';
      readonly type: string;
      readonly attribute: string;
      readonly range: TextRange;
    }
  /** A call of a function built into Puppet. */
  | { readonly kind: 'builtin-function'; readonly name: string; readonly range: TextRange }
  /**
   * A capitalised name that is not a class: a data type (`String`, `Stdlib::Port`) or a resource type in a
   * reference (`Service['x']`), as written.
   */
  | { readonly kind: 'type-name'; readonly name: string; readonly range: TextRange };

const inside = (r: TextRange, offset: number): boolean => r.start <= offset && offset <= r.end;

/** The innermost class or define whose range holds the offset. */
export function enclosingDefinition(defs: readonly DefinitionSummary[], offset: number): DefinitionSummary | undefined {
  let best: DefinitionSummary | undefined;
  for (const d of defs)
    if (d.range.start <= offset && offset < d.range.end && (!best || d.range.start >= best.range.start)) best = d;
  return best;
}

export function manifestTarget(parsed: ParsedManifest, offset: number): ManifestTarget | undefined {
  const { summary: s, text } = parsed;
  for (const d of s.definitions) {
    if (inside(d.nameRange, offset))
      return { kind: 'class', name: normalizeClassName(d.name), range: d.nameRange, isDefinition: true };
    for (const p of d.parameters) {
      if (inside(p.nameRange, offset)) {
        return {
          kind: 'param',
          className: normalizeClassName(d.name),
          param: p.name,
          range: { start: p.nameRange.start + 1, end: p.nameRange.end },
          isDefinition: true,
        };
      }
    }
    if (d.inherits) {
      const kw = text.slice(d.range.start, d.range.end).search(/\binherits\b/);
      const at = kw < 0 ? -1 : text.indexOf(d.inherits, d.range.start + kw + 8);
      if (at >= 0 && inside({ start: at, end: at + d.inherits.length }, offset)) {
        return {
          kind: 'class',
          name: normalizeClassName(d.inherits),
          range: { start: at, end: at + d.inherits.length },
          isDefinition: false,
        };
      }
    }
  }
  for (const i of s.includes)
    if (inside(i.range, offset))
      return { kind: 'class', name: normalizeClassName(i.name), range: i.range, isDefinition: false };
  for (const r of s.resourceLikeClasses) {
    if (inside(r.titleRange, offset))
      return { kind: 'class', name: normalizeClassName(r.name), range: r.titleRange, isDefinition: false };
    for (const a of r.attributes) {
      if (inside(a.range, offset))
        return {
          kind: 'param',
          className: normalizeClassName(r.name),
          param: a.name,
          range: a.range,
          isDefinition: false,
        };
    }
  }
  for (const c of s.classReferences)
    if (inside(c.range, offset))
      return { kind: 'class', name: normalizeClassName(c.name), range: c.range, isDefinition: false };
  for (const l of s.lookups)
    if (inside(l.keyRange, offset)) return { kind: 'lookup-key', key: l.key, range: l.keyRange };
  for (const r of s.resources) {
    if (r.type !== 'class' && r.type.includes('::') && inside(r.typeRange, offset)) {
      return { kind: 'class', name: normalizeClassName(r.type), range: r.typeRange, isDefinition: false };
    }
    if (builtinType(r.type) && inside(r.typeRange, offset))
      return { kind: 'builtin-type', type: r.type.toLowerCase(), range: r.typeRange };
  }
  return variableTarget(parsed, offset) ?? builtinTarget(parsed, offset) ?? typeNameTarget(parsed, offset);
}

/** A capitalised name (`Optional`, `Stdlib::Port`, `Package`) the offers above did not claim. */
function typeNameTarget(parsed: ParsedManifest, offset: number): ManifestTarget | undefined {
  const tok = parsed.parse.tokens.find((t) => t.kind === 'CLASSREF' && t.start <= offset && offset <= t.end);
  if (!tok) return undefined;
  const name = parsed.text.slice(tok.start, tok.end).replace(/^::/, '');
  const lead = tok.end - tok.start - name.length;
  return { kind: 'type-name', name, range: { start: tok.start + lead, end: tok.end } };
}

/** `$param` inside a class that has that parameter, or `$cls::param` anywhere. */
function variableTarget(parsed: ParsedManifest, offset: number): ManifestTarget | undefined {
  const tok = parsed.parse.tokens.find(
    (t) => (t.kind === 'VARIABLE' || t.kind === 'INTERP_VAR') && t.start <= offset && offset <= t.end,
  );
  let name: string | undefined;
  let start: number;
  if (tok) {
    name = parsed.text.slice(tok.start + 1, tok.end);
    start = tok.start + 1;
  } else {
    // `${name}` in a string: the lexer gives a NAME between INTERP_OPEN and INTERP_CLOSE.
    const i = parsed.parse.tokens.findIndex((t) => t.kind === 'NAME' && t.start <= offset && offset <= t.end);
    const prev = i > 0 ? parsed.parse.tokens[i - 1] : undefined;
    const next = parsed.parse.tokens[i + 1];
    if (i < 0 || prev?.kind !== 'INTERP_OPEN' || next?.kind !== 'INTERP_CLOSE') return undefined;
    name = parsed.text.slice(parsed.parse.tokens[i].start, parsed.parse.tokens[i].end);
    start = parsed.parse.tokens[i].start;
  }
  if (!name) return undefined;
  const lead = name.startsWith('::') ? 2 : 0;
  const bare = name.slice(lead);
  const cut = bare.lastIndexOf('::');
  if (cut > 0) {
    const className = bare.slice(0, cut);
    const param = bare.slice(cut + 2);
    return {
      kind: 'param',
      className: normalizeClassName(className),
      param,
      range: { start: start + lead + cut + 2, end: start + name.length },
      isDefinition: false,
    };
  }
  const def = enclosingDefinition(parsed.summary.definitions, offset);
  if (def && def.parameters.some((p) => p.name === bare)) {
    return {
      kind: 'param',
      className: normalizeClassName(def.name),
      param: bare,
      range: { start, end: start + name.length },
      isDefinition: false,
    };
  }
  return undefined;
}

const TRIVIA = new Set(['WHITESPACE', 'COMMENT', 'HEREDOC_BODY', 'EOF']);

/**
 * An attribute name of a resource body (`ensure =>` in `service { 'x': ... }`) or a call of a built-in function,
 * in either style: `each($ports) |$p| {...}` or `$ports.each |$p| {...}`.
 */
function builtinTarget(parsed: ParsedManifest, offset: number): ManifestTarget | undefined {
  const tokens = parsed.parse.tokens;
  const i = tokens.findIndex((t) => t.kind === 'NAME' && t.start <= offset && offset <= t.end);
  if (i < 0) return undefined;
  const tok = tokens[i];
  const name = parsed.text.slice(tok.start, tok.end);
  const range = { start: tok.start, end: tok.end };
  const next = nextSignificant(tokens, i);
  if (next?.kind === 'FAT_ARROW' || next?.kind === 'PLUS_ARROW') {
    const type = enclosingResourceType(parsed, i);
    if (type === undefined) return undefined;
    if (METAPARAMETERS.includes(name)) return { kind: 'resource-attribute', type, attribute: name, range };
    const t = builtinType(type);
    return t?.attributes.some((a) => a.name === name)
      ? { kind: 'resource-attribute', type: t.name, attribute: name, range }
      : undefined;
  }
  if (
    builtinFunction(name) &&
    (next?.kind === 'L_PAREN' ||
      next?.kind === 'WS_L_PAREN' ||
      isStatementCall(tokens, i) ||
      previousSignificant(tokens, i)?.kind === 'DOT')
  ) {
    return { kind: 'builtin-function', name, range };
  }
  return undefined;
}

function previousSignificant(tokens: readonly Token[], i: number): Token | undefined {
  for (let j = i - 1; j >= 0; j--) if (!TRIVIA.has(tokens[j].kind)) return tokens[j];
  return undefined;
}

function nextSignificant(tokens: readonly Token[], i: number): Token | undefined {
  for (let j = i + 1; j < tokens.length; j++) if (!TRIVIA.has(tokens[j].kind)) return tokens[j];
  return undefined;
}

/** `include x`, `notice 'y'`: a name at the start of a statement followed by an argument. */
function isStatementCall(tokens: readonly Token[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && TRIVIA.has(tokens[j].kind)) j--;
  const prev = j >= 0 ? tokens[j].kind : 'START';
  const next = nextSignificant(tokens, i)?.kind;
  return (
    (prev === 'START' || prev === 'L_BRACE' || prev === 'R_BRACE' || prev === 'SEMI') &&
    (next === 'NAME' || next === 'SQ_STRING' || next === 'DQ_OPEN' || next === 'LIST_START' || next === 'L_BRACK')
  );
}

/** The type name before the unmatched '{' around token i (`service` in `service { 'x': ... }`), lower-cased. */
function enclosingResourceType(parsed: ParsedManifest, i: number): string | undefined {
  const tokens = parsed.parse.tokens;
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const k = tokens[j].kind;
    if (k === 'R_BRACE' || k === 'R_BRACK' || k === 'R_PAREN') depth++;
    else if (k === 'L_BRACE' || k === 'L_BRACK' || k === 'LIST_START' || k === 'L_PAREN' || k === 'WS_L_PAREN') {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (k !== 'L_BRACE') return undefined;
      let b = j - 1;
      while (b >= 0 && TRIVIA.has(tokens[b].kind)) b--;
      if (b < 0) return undefined;
      // `service { ...`, or resource defaults `Service { ...`.
      if (tokens[b].kind === 'NAME' || tokens[b].kind === 'CLASSREF')
        return parsed.text.slice(tokens[b].start, tokens[b].end).replace(/^::/, '').toLowerCase();
      if (tokens[b].kind === 'CLASS_KW') return 'class';
      return undefined;
    }
  }
  return undefined;
}
