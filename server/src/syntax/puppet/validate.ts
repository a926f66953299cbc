// Static checks that Puppet's parser runs on a manifest that parsed (`puppet parser validate` reports them as
// errors, so users see them as syntax problems): a value computed and then forgotten in a statement list, a
// class, define or node body that ends with such a value, assignment to something that is not a variable,
// variable names Puppet does not accept, names of classes, defined types and functions that are not lower-case
// '::'-separated words, `$title` / `$name` as a class or define parameter, classes, defines and nodes defined
// anywhere but at the top or in a class body (functions: only at the top), and the append operator `+>` in a
// resource declaration or resource defaults. Like Puppet, they run only when there is no syntax error.

import type { TextRange } from '../../base/textRange.js';
import { childNodes, firstSignificantToken, isNode, trimmedRange, walkNodes, type SyntaxNode } from './tree.js';

export interface ValidationError {
  readonly range: TextRange;
  readonly message: string;
}

const VARIABLE_NAME = /^(?:(?:::)?[a-z]\w*)*(?:(?:::)?[a-z_]\w*)$/;

/** A class, defined type or function name as Puppet accepts it: lower-case words joined by '::'. */
const DEFINITION_NAME = /^[a-z]\w*(?:::[a-z]\w*)*$/;

/** Parameters Puppet itself sets for every class and defined type instance. */
const RESERVED_PARAMETERS = new Set(['title', 'name']);

const DEFINITION_WHAT: Partial<Record<SyntaxNode['kind'], string>> = {
  ClassDef: 'class',
  DefineDef: 'defined type',
  FunctionDef: 'function',
  NodeDef: 'node definition',
};

export function validateManifest(root: SyntaxNode, text: string): ValidationError[] {
  const errors: ValidationError[] = [];
  const report = (node: SyntaxNode, message: string): void => {
    errors.push({ range: trimmedRange(node), message });
  };
  const visit = (node: SyntaxNode): void => {
    switch (node.kind) {
      case 'SourceFile':
      case 'Block':
        checkStatements(childNodes(node), text, report);
        break;
      case 'ClassDef':
      case 'DefineDef':
      case 'FunctionDef':
      case 'NodeDef': {
        if (node.kind !== 'NodeDef') checkDefinitionName(node, text, report);
        if (node.kind === 'ClassDef' || node.kind === 'DefineDef') checkReservedParameters(node, text, report);
        if (node.kind === 'FunctionDef') break;
        const body = childNodes(node).find((c) => c.kind === 'Block');
        const statements = body ? childNodes(body) : [];
        const last = statements[statements.length - 1];
        if (last && idem(last, text)) {
          const what =
            node.kind === 'ClassDef' ? 'a class' : node.kind === 'DefineDef' ? 'a defined type' : 'a node definition';
          report(last, `this ${describe(last, text)} has no effect: ${what} cannot end with a value that is not used`);
        }
        break;
      }
      case 'AssignExpr': {
        const target = childNodes(node)[0];
        if (target) checkAssignable(target, text, report);
        break;
      }
      case 'ResourceExpr': {
        const first = firstSignificantToken(node);
        const type = childNodes(node)[0];
        if (
          (first?.kind === 'AT' || first?.kind === 'ATAT') &&
          type?.kind === 'NameExpr' &&
          text.slice(trimmedRange(type).start, trimmedRange(type).end) === 'class'
        ) {
          report(node, 'classes cannot be virtual or exported: remove the @');
        }
        break;
      }
      case 'ResourceBody':
      case 'ResourceDefaults': {
        for (const op of childNodes(node)) {
          if (op.kind !== 'AttributeOp') continue;
          const arrow = op.children.find((c) => !isNode(c) && c.kind === 'PLUS_ARROW');
          if (!arrow) continue;
          const name = childNodes(op).find((c) => c.kind === 'AttributeName');
          const attr = name ? text.slice(trimmedRange(name).start, trimmedRange(name).end) : '';
          const where = node.kind === 'ResourceBody' ? 'a resource declaration' : 'resource defaults';
          report(
            op,
            `'+>' cannot add to '${attr}' in ${where}: appending works only in a resource override or a collector; use '=>'`,
          );
        }
        if (node.kind === 'ResourceDefaults') break;
        const splats = childNodes(node).filter(
          (op) => op.kind === 'AttributeOp' && firstSignificantToken(op)?.kind === 'STAR',
        );
        if (splats.length > 1) report(splats[1], "only one '* =>' is allowed in a resource body");
        break;
      }
      case 'VariableExpr': {
        const t = firstSignificantToken(node);
        if (t && t.kind === 'VARIABLE') {
          const name = text.slice(t.start + 1, t.end);
          if (!/^\d+$/.test(name) && !VARIABLE_NAME.test(name)) {
            report(
              node,
              `illegal variable name '$${name}': use lower-case letters, digits and '_', starting with a letter`,
            );
          }
        }
        break;
      }
    }
  };
  // Iterative: a long operator chain is a deep spine (see tree.ts).
  walkNodes(root, visit);
  checkDefinitionPlaces(root, report);
  errors.sort((a, b) => a.range.start - b.range.start);
  return errors;
}

function checkDefinitionName(node: SyntaxNode, text: string, report: (n: SyntaxNode, m: string) => void): void {
  const name = childNodes(node).find((c) => c.kind === 'DefName');
  if (!name) return;
  const range = trimmedRange(name);
  const written = text.slice(range.start, range.end);
  if (written.length === 0 || DEFINITION_NAME.test(written)) return;
  report(
    name,
    `'${written}' cannot name a ${DEFINITION_WHAT[node.kind]}: each '::'-separated part must start with a lower-case letter and hold only letters, digits and '_'`,
  );
}

function checkReservedParameters(node: SyntaxNode, text: string, report: (n: SyntaxNode, m: string) => void): void {
  const params = childNodes(node).find((c) => c.kind === 'ParamList');
  if (!params) return;
  for (const p of childNodes(params)) {
    if (p.kind !== 'Param') continue;
    const v = p.children.find((c) => !isNode(c) && c.kind === 'VARIABLE');
    if (!v) continue;
    const name = text.slice(v.start + 1, v.end);
    if (RESERVED_PARAMETERS.has(name)) {
      report(
        p,
        `'$${name}' cannot be a parameter of a ${DEFINITION_WHAT[node.kind]}: Puppet sets it for every instance`,
      );
    }
  }
}

/**
 * Classes, defined types and nodes may be defined at the top of a manifest or directly in a class body (at any
 * depth of classes); functions only at the top. Anywhere else (a define or node body, an `if`, a lambda) Puppet
 * refuses them. Iterative, like every walk over the tree.
 */
function checkDefinitionPlaces(root: SyntaxNode, report: (n: SyntaxNode, m: string) => void): void {
  // Each entry: a node and whether a class, define or node may appear among its children (`place`), and
  // whether those children are at the very top of the file (`top`).
  const stack: { node: SyntaxNode; place: boolean; top: boolean }[] = [{ node: root, place: true, top: true }];
  while (stack.length > 0) {
    const { node, place, top } = stack.pop()!;
    for (const c of node.children) {
      if (!isNode(c)) continue;
      const what = DEFINITION_WHAT[c.kind];
      if (c.kind === 'FunctionDef' && !top)
        report(c, 'a function can be defined only at the top level of a manifest, outside any class or block');
      else if (what && c.kind !== 'FunctionDef' && !place)
        report(c, `a ${what} can be defined only at the top level of a manifest or inside a class body, not here`);
      // A class's body block admits definitions.
      const childPlace = c.kind === 'ClassDef' || (c.kind === 'Block' && node.kind === 'ClassDef' && place);
      stack.push({ node: c, place: c.kind === 'Block' ? childPlace : c.kind === 'ClassDef', top: false });
    }
  }
}

/** In a list of statements, every statement but the last must do something. */
function checkStatements(
  statements: readonly SyntaxNode[],
  text: string,
  report: (n: SyntaxNode, m: string) => void,
): void {
  for (let i = 0; i < statements.length - 1; i++) {
    if (idem(statements[i], text)) {
      report(
        statements[i],
        `this ${describe(statements[i], text)} has no effect: its value is computed and then forgotten (is an operator, a comma or a parenthesis missing?)`,
      );
      return;
    }
  }
}

function checkAssignable(target: SyntaxNode, text: string, report: (n: SyntaxNode, m: string) => void): void {
  if (target.kind === 'VariableExpr') {
    const t = firstSignificantToken(target);
    const name = t ? text.slice(t.start + 1, t.end) : '';
    if (/^\d+$/.test(name)) report(target, `cannot assign to the match variable '$${name}'`);
    else if (name.includes('::'))
      report(target, `cannot assign to '$${name}': variables of other namespaces are read-only`);
    return;
  }
  if (target.kind === 'ArrayExpr') {
    for (const item of childNodes(target)) checkAssignable(item, text, report);
    return;
  }
  if (target.kind === 'AccessExpr') {
    report(target, 'cannot assign to an element ([index/key]): only variables can be assigned');
    return;
  }
  report(target, `cannot assign to ${describe(target, text)}: only variables can be assigned`);
}

/** Does evaluating the node only produce a value (no side effect), as Puppet judges it? */
function idem(node: SyntaxNode, text: string): boolean {
  switch (node.kind) {
    case 'Literal':
    case 'NameExpr':
    case 'TypeRef':
    case 'StringExpr':
    case 'HeredocExpr':
    case 'RegexExpr':
    case 'VariableExpr':
    case 'ArrayExpr':
    case 'HashExpr':
    case 'AccessExpr':
    case 'UnaryExpr':
    case 'Selector':
      return true;
    case 'BinaryExpr': {
      // A match sets $0, $1, ...: that counts as an effect.
      const op = node.children.find((c) => !isNode(c) && (c.kind === 'MATCH' || c.kind === 'NO_MATCH'));
      return op === undefined;
    }
    case 'ParenExpr': {
      const inner = childNodes(node)[0];
      return inner ? idem(inner, text) : true;
    }
    case 'Block':
      return childNodes(node).every((s) => idem(s, text));
    case 'IfExpr':
    case 'UnlessExpr':
    case 'ElsifClause':
    case 'ElseClause':
      return childNodes(node).every((c) => idem(c, text));
    case 'CaseExpr':
      return childNodes(node).every((c) => idem(c, text));
    case 'CaseOption':
      return childNodes(node).every((c) => idem(c, text));
    default:
      return false;
  }
}

function describe(node: SyntaxNode, text: string): string {
  switch (node.kind) {
    case 'VariableExpr':
      return 'variable';
    case 'NameExpr':
      return `name '${text.slice(trimmedRange(node).start, trimmedRange(node).end)}'`;
    case 'Literal':
      return 'literal value';
    case 'StringExpr':
    case 'HeredocExpr':
      return 'string';
    case 'TypeRef':
      return 'type reference';
    case 'IfExpr':
      return "'if' statement";
    case 'UnlessExpr':
      return "'unless' statement";
    case 'CaseExpr':
      return "'case' statement";
    case 'Selector':
      return 'selector';
    case 'ArrayExpr':
      return 'array';
    case 'HashExpr':
      return 'hash';
    default:
      return 'expression';
  }
}
