// Static checks that Puppet's parser runs on a manifest that parsed (`puppet parser validate` reports them as
// errors, so users see them as syntax problems): a value computed and then forgotten in a statement list, a
// class, define or node body that ends with such a value, assignment to something that is not a variable, and
// variable names Puppet does not accept. Like Puppet, they run only when there is no syntax error.

import type { TextRange } from '../../base/textRange.js';
import { childNodes, firstSignificantToken, isNode, trimmedRange, walkNodes, type SyntaxNode } from './tree.js';

export interface ValidationError {
  readonly range: TextRange;
  readonly message: string;
}

const VARIABLE_NAME = /^(?:(?:::)?[a-z]\w*)*(?:(?:::)?[a-z_]\w*)$/;

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
      case 'NodeDef': {
        if (node.kind !== 'NodeDef') checkDefinitionName(node, text, report);
        const body = childNodes(node).find((c) => c.kind === 'Block');
        const statements = body ? childNodes(body) : [];
        const last = statements[statements.length - 1];
        if (last && idem(last, text)) {
          const what = node.kind === 'ClassDef' ? 'a class' : node.kind === 'DefineDef' ? 'a defined type' : 'a node definition';
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
        if ((first?.kind === 'AT' || first?.kind === 'ATAT') && type?.kind === 'NameExpr' && text.slice(trimmedRange(type).start, trimmedRange(type).end) === 'class') {
          report(node, 'classes cannot be virtual or exported: remove the @');
        }
        break;
      }
      case 'ResourceBody': {
        const splats = childNodes(node).filter((op) => op.kind === 'AttributeOp' && firstSignificantToken(op)?.kind === 'STAR');
        if (splats.length > 1) report(splats[1], "only one '* =>' is allowed in a resource body");
        break;
      }
      case 'VariableExpr': {
        const t = firstSignificantToken(node);
        if (t && t.kind === 'VARIABLE') {
          const name = text.slice(t.start + 1, t.end);
          if (!/^\d+$/.test(name) && !VARIABLE_NAME.test(name)) {
            report(node, `illegal variable name '$${name}': use lower-case letters, digits and '_', starting with a letter`);
          }
        }
        break;
      }
    }
  };
  // Iterative: a long operator chain is a deep spine (see tree.ts).
  walkNodes(root, visit);
  return errors;
}

/**
 * Puppet accepts a class or defined type name only when every `::` segment starts with a lower-case letter and
 * holds lower-case letters, digits and '_' (checked with `puppet parser validate`: `git::git-daemon`, `Git`,
 * `_git`, `git::_daemon` and `::git` are "Unacceptable name"s; `git::d9` is fine).
 */
const DEFINITION_NAME = /^[a-z][a-z0-9_]*(?:::[a-z][a-z0-9_]*)*$/;

function checkDefinitionName(node: SyntaxNode, text: string, report: (n: SyntaxNode, m: string) => void): void {
  const nameNode = childNodes(node).find((c) => c.kind === 'DefName');
  if (!nameNode) return;
  const range = trimmedRange(nameNode);
  const name = text.slice(range.start, range.end);
  if (name === '' || DEFINITION_NAME.test(name)) return;
  const what = node.kind === 'ClassDef' ? 'class' : 'defined type';
  const fixed = name
    .replace(/^::/, '')
    .toLowerCase()
    .replace(/[^a-z0-9_:]/g, '_')
    .split('::')
    .map((seg) => seg.replace(/^[^a-z]+/, ''))
    .join('::');
  const hint = DEFINITION_NAME.test(fixed) ? ` (e.g. '${fixed}')` : '';
  report(nameNode, `unacceptable ${what} name '${name}': Puppet refuses it. Each '::' segment must start with a lower-case letter and hold only lower-case letters, digits and '_'${hint}`);
}

/** In a list of statements, every statement but the last must do something. */
function checkStatements(statements: readonly SyntaxNode[], text: string, report: (n: SyntaxNode, m: string) => void): void {
  for (let i = 0; i < statements.length - 1; i++) {
    if (idem(statements[i], text)) {
      report(statements[i], `this ${describe(statements[i], text)} has no effect: its value is computed and then forgotten (is an operator, a comma or a parenthesis missing?)`);
      return;
    }
  }
}

function checkAssignable(target: SyntaxNode, text: string, report: (n: SyntaxNode, m: string) => void): void {
  if (target.kind === 'VariableExpr') {
    const t = firstSignificantToken(target);
    const name = t ? text.slice(t.start + 1, t.end) : '';
    if (/^\d+$/.test(name)) report(target, `cannot assign to the match variable '$${name}'`);
    else if (name.includes('::')) report(target, `cannot assign to '$${name}': variables of other namespaces are read-only`);
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
