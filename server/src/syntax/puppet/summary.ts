// Extracts a ManifestSummary from a parsed manifest: the definitions (classes, defined types, nodes, type
// aliases, functions) with parameters and doc comments, and the references the module index resolves
// (included classes, resource-like class declarations, Class['x'], lookup keys, resource declarations).
// Works on trees with errors too: whatever parsed is summarised, the rest is skipped.

import type { TextRange } from '../../base/textRange.js';
import { docCommentBefore } from './docComment.js';
import type { Token } from './lexer.js';
import { stringContentRange, stringValue } from './strings.js';
import type {
  ClassReference,
  DefinitionSummary,
  FunctionSummary,
  IncludeReference,
  LookupReference,
  ManifestSummary,
  NodeSummary,
  ParameterSummary,
  ResourceDeclaration,
  ResourceLikeClass,
  TypeAliasSummary,
} from './summaryTypes.js';
import {
  childNodes,
  childOfKind,
  firstSignificantToken,
  isNode,
  tokenOfKind,
  trimmedRange,
  walkNodes,
  type SyntaxNode,
} from './tree.js';

/** The part of a parse that the summary needs (PuppetParse satisfies it). */
export interface SummaryInput {
  readonly tree: SyntaxNode;
  readonly tokens: readonly Token[];
}

const INCLUDE_FUNCTIONS = new Set(['include', 'contain', 'require']);
const LOOKUP_FUNCTIONS = new Set(['lookup', 'hiera', 'hiera_array', 'hiera_hash', 'hiera_include']);

/** The text of a bare word (a NameExpr of one NAME token), which Puppet evaluates to that string. */
function bareWord(node: SyntaxNode, text: string): string | undefined {
  if (node.kind !== 'NameExpr') return undefined;
  const tokens = node.children.filter((c) => !isNode(c) && c.kind !== 'WHITESPACE' && c.kind !== 'COMMENT');
  return tokens.length === 1 && !isNode(tokens[0]) && tokens[0].kind === 'NAME'
    ? text.slice(tokens[0].start, tokens[0].end)
    : undefined;
}

export function summarizeManifest(parse: SummaryInput, text: string): ManifestSummary {
  const definitions: DefinitionSummary[] = [];
  const nodes: NodeSummary[] = [];
  const typeAliases: TypeAliasSummary[] = [];
  const functions: FunctionSummary[] = [];
  const includes: IncludeReference[] = [];
  const resourceLikeClasses: ResourceLikeClass[] = [];
  const classReferences: ClassReference[] = [];
  const lookups: LookupReference[] = [];
  const resources: ResourceDeclaration[] = [];
  const src = (r: TextRange): string => text.slice(r.start, r.end);

  walkNodes(parse.tree, (node) => {
    switch (node.kind) {
      case 'ClassDef':
      case 'DefineDef': {
        const name = definitionName(node, text);
        if (!name) return;
        const inherits = childOfKind(node, 'Inherits');
        const parent = inherits ? significantAfterKeyword(inherits, text) : undefined;
        definitions.push({
          kind: node.kind === 'ClassDef' ? 'class' : 'define',
          name: name.name,
          nameRange: name.range,
          range: trimmedRange(node),
          inherits: parent?.replace(/^::/, ''),
          parameters: parameters(node, text),
          doc: docCommentBefore(text, trimmedRange(node).start),
        });
        return;
      }
      case 'FunctionDef': {
        const name = definitionName(node, text);
        if (!name) return;
        const ret = childOfKind(node, 'ReturnType');
        const retType = ret ? childNodes(ret)[0] : undefined;
        functions.push({
          name: name.name,
          nameRange: name.range,
          range: trimmedRange(node),
          parameters: parameters(node, text),
          returnType: retType ? normalizeType(src(trimmedRange(retType))) : undefined,
          doc: docCommentBefore(text, trimmedRange(node).start),
        });
        return;
      }
      case 'TypeAlias': {
        const name = definitionName(node, text);
        const value = childNodes(node).filter((c) => c.kind !== 'DefName');
        if (!name || value.length === 0) return;
        const range = { start: trimmedRange(value[0]).start, end: trimmedRange(value[value.length - 1]).end };
        typeAliases.push({
          name: name.name,
          nameRange: name.range,
          range: trimmedRange(node),
          typeText: normalizeType(src(range)),
          doc: docCommentBefore(text, trimmedRange(node).start),
        });
        return;
      }
      case 'NodeDef': {
        const names: string[] = [];
        const nameRanges: TextRange[] = [];
        for (const h of childNodes(node)) {
          if (h.kind !== 'HostName') continue;
          nameRanges.push(trimmedRange(h));
          const inner = childNodes(h)[0];
          const first = firstSignificantToken(h);
          if (inner) names.push(stringValue(inner, text) ?? src(trimmedRange(inner)));
          else if (first?.kind === 'SQ_STRING')
            names.push(text.slice(first.start + 1, first.end - 1).replace(/\\([\\'])/g, '$1'));
          else names.push(hostText(h, text));
        }
        nodes.push({ names, nameRanges, range: trimmedRange(node) });
        return;
      }
      case 'StatementCall':
      case 'CallExpr': {
        const fn = calleeName(node, text);
        if (!fn) return;
        const args = argumentNodes(node);
        if (INCLUDE_FUNCTIONS.has(fn)) {
          for (const a of args)
            for (const n of classNames(a, text)) includes.push({ function: fn as IncludeReference['function'], ...n });
        } else if (LOOKUP_FUNCTIONS.has(fn) && args.length > 0) {
          // A bare word is a string in Puppet: `lookup(ocf::secret)` looks up 'ocf::secret'.
          const key = stringValue(args[0], text) ?? bareWord(args[0], text);
          if (key !== undefined) lookups.push({ function: fn, key, keyRange: stringContentRange(args[0]) });
        }
        return;
      }
      case 'AccessExpr': {
        const [lhs, ...keys] = childNodes(node);
        if (lhs?.kind === 'TypeRef' && src(trimmedRange(lhs)) === 'Class') {
          for (const k of keys) for (const n of classNames(k, text)) classReferences.push(n);
        }
        return;
      }
      case 'ResourceExpr': {
        const decl = resourceDeclaration(node, text);
        if (!decl) return;
        resources.push(decl);
        if (decl.type === 'class') {
          for (const body of childNodes(node).filter((c) => c.kind === 'ResourceBody')) {
            const title = childOfKind(body, 'ResourceTitle');
            const titleExpr = title ? childNodes(title)[0] : undefined;
            if (!titleExpr) continue;
            const attributes = childNodes(body)
              .filter((c) => c.kind === 'AttributeOp')
              .map((op) => {
                const nameNode = childOfKind(op, 'AttributeName')!;
                const value = childNodes(op).find((c) => c.kind !== 'AttributeName');
                return {
                  name: src(trimmedRange(nameNode)),
                  range: trimmedRange(nameNode),
                  valueText: value ? src(trimmedRange(value)) : '',
                };
              });
            for (const n of classNames(titleExpr, text))
              resourceLikeClasses.push({ name: n.name, titleRange: n.range, attributes });
          }
        }
        return;
      }
    }
  });
  return {
    definitions,
    nodes,
    typeAliases,
    functions,
    includes,
    resourceLikeClasses,
    classReferences,
    lookups,
    resources,
  };
}

function definitionName(node: SyntaxNode, text: string): { name: string; range: TextRange } | undefined {
  const n = childOfKind(node, 'DefName');
  const t = n ? firstSignificantToken(n) : undefined;
  if (!t) return undefined;
  const raw = text.slice(t.start, t.end);
  const strip = raw.startsWith('::') ? 2 : 0;
  return { name: raw.slice(strip), range: { start: t.start + strip, end: t.end } };
}

function significantAfterKeyword(node: SyntaxNode, text: string): string | undefined {
  const toks = node.children.filter((c) => !isNode(c) && c.kind !== 'WHITESPACE' && c.kind !== 'COMMENT');
  const t = toks[1];
  return t ? text.slice(t.start, t.end) : undefined;
}

function hostText(h: SyntaxNode, text: string): string {
  const r = trimmedRange(h);
  return text.slice(r.start, r.end);
}

/** Parameters of a class, define or function, in order. */
function parameters(node: SyntaxNode, text: string): ParameterSummary[] {
  const list = childOfKind(node, 'ParamList');
  if (!list) return [];
  const out: ParameterSummary[] = [];
  for (const p of childNodes(list)) {
    if (p.kind !== 'Param') continue;
    const v = tokenOfKind(p, 'VARIABLE');
    if (!v) continue;
    const type = childOfKind(p, 'ParamType');
    const def = childOfKind(p, 'ParamDefault');
    const defValue = def ? childNodes(def)[0] : undefined;
    out.push({
      name: text.slice(v.start + 1, v.end),
      nameRange: { start: v.start, end: v.end },
      typeText: type ? text.slice(trimmedRange(type).start, trimmedRange(type).end) : undefined,
      defaultText: defValue ? text.slice(trimmedRange(defValue).start, trimmedRange(defValue).end) : undefined,
    });
  }
  return out;
}

/**
 * A type as written, on one line: comments removed and line breaks with their indentation collapsed. The
 * summary keeps parameter types exactly as written (as puppet strings does); this is for one-line displays.
 */
export function normalizeType(source: string): string {
  if (!source.includes('\n') && !source.includes('#')) return source;
  return source
    .replace(/#[^\n]*/g, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\[\s+/g, '[')
    .replace(/\s+\]/g, ']')
    .trim();
}

function calleeName(node: SyntaxNode, text: string): string | undefined {
  if (node.kind === 'StatementCall') {
    const t = tokenOfKind(node, 'NAME');
    return t ? text.slice(t.start, t.end) : undefined;
  }
  const callee = childNodes(node)[0];
  if (!callee || callee.kind !== 'NameExpr') return undefined;
  const r = trimmedRange(callee);
  return text.slice(r.start, r.end);
}

function argumentNodes(node: SyntaxNode): SyntaxNode[] {
  const list = childOfKind(node, 'ArgList');
  return list ? childNodes(list) : [];
}

/** Class names in an argument: a string, a bare name, Class['x'], or an array of those. */
function classNames(arg: SyntaxNode, text: string): { name: string; range: TextRange }[] {
  if (arg.kind === 'ArrayExpr') return childNodes(arg).flatMap((c) => classNames(c, text));
  if (arg.kind === 'NameExpr' || arg.kind === 'StringExpr' || arg.kind === 'Literal') {
    let value: string | undefined;
    let range: TextRange;
    if (arg.kind === 'StringExpr') {
      value = stringValue(arg, text);
      range = stringContentRange(arg);
    } else {
      range = trimmedRange(arg);
      value = text.slice(range.start, range.end);
    }
    if (value === undefined || value.length === 0) return [];
    if (value.startsWith('::')) {
      value = value.slice(2);
      if (text.startsWith('::', range.start)) range = { start: range.start + 2, end: range.end };
    }
    return [{ name: value, range }];
  }
  if (arg.kind === 'AccessExpr') {
    const [lhs, ...keys] = childNodes(arg);
    const r = lhs ? trimmedRange(lhs) : undefined;
    if (r && text.slice(r.start, r.end) === 'Class') return keys.flatMap((k) => classNames(k, text));
  }
  return [];
}

function resourceDeclaration(node: SyntaxNode, text: string): ResourceDeclaration | undefined {
  const children = childNodes(node);
  const typeNode = children.find((c) => c.kind === 'NameExpr');
  if (!typeNode) return undefined;
  const typeRange = trimmedRange(typeNode);
  let form: ResourceDeclaration['form'] = 'regular';
  const first = firstSignificantToken(node);
  if (first?.kind === 'AT') form = 'virtual';
  if (first?.kind === 'ATAT') form = 'exported';
  const titles: { value: string | undefined; range: TextRange }[] = [];
  const attributes: { name: string; range: TextRange }[] = [];
  for (const body of children) {
    if (body.kind !== 'ResourceBody') continue;
    for (const op of childNodes(body)) {
      const nameNode = op.kind === 'AttributeOp' ? childOfKind(op, 'AttributeName') : undefined;
      if (nameNode)
        attributes.push({
          name: text.slice(trimmedRange(nameNode).start, trimmedRange(nameNode).end),
          range: trimmedRange(nameNode),
        });
    }
    const title = childOfKind(body, 'ResourceTitle');
    const expr = title ? childNodes(title)[0] : undefined;
    if (!expr) continue;
    const items = expr.kind === 'ArrayExpr' ? childNodes(expr) : [expr];
    for (const item of items) {
      const value = stringValue(item, text);
      titles.push({
        value,
        range: value !== undefined && item.kind === 'StringExpr' ? stringContentRange(item) : trimmedRange(item),
      });
    }
  }
  return { type: text.slice(typeRange.start, typeRange.end).replace(/^::/, ''), typeRange, form, titles, attributes };
}
