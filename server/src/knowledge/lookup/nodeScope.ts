// The variables a lookup can see for one node, as `puppet lookup --node N --facts F` sets them up: every fact as
// a top-scope variable (`%{fqdn}`, `%{::fqdn}`), the `facts` hash, `trusted` (certname from the node name,
// authenticated "local", hostname and domain split from the certname, empty extensions and external),
// `server_facts` (empty unless given), `environment`, and `name`/`title` ("main", the top scope's own).

import { fromPlain, isHash, type HieraValue } from './values.js';

export interface LookupNode {
  /** The node name; becomes `trusted.certname`. */
  readonly certname: string;
  /** The node's facts as a plain map (as in a facts YAML or JSON file). */
  readonly facts: Readonly<Record<string, unknown>>;
  /** Extra or overriding trusted data (for example `extensions`). */
  readonly trusted?: Readonly<Record<string, unknown>>;
  readonly serverFacts?: Readonly<Record<string, unknown>>;
  /** The environment name; `production` when omitted. */
  readonly environment?: string;
  /** Other top-scope variables (for example ENC parameters). */
  readonly variables?: Readonly<Record<string, unknown>>;
}

export interface NodeScope {
  /** A top-scope variable by name (a leading `::` is allowed); undefined when the variable does not exist. */
  readonly get: (name: string) => HieraValue | undefined;
  /** A scope that also has the given local variables (used by mapped_paths). */
  readonly withLocal: (name: string, value: HieraValue) => NodeScope;
}

export function nodeScope(node: LookupNode): NodeScope {
  const vars = new Map<string, HieraValue>();
  const facts = fromPlain(node.facts);
  if (isHash(facts)) for (const [k, v] of facts) if (typeof k === 'string') vars.set(k, v);
  const dot = node.certname.indexOf('.');
  const trusted = new Map<HieraValue, HieraValue>([
    ['authenticated', 'local'],
    ['certname', node.certname],
    ['extensions', new Map()],
    ['hostname', dot < 0 ? node.certname : node.certname.slice(0, dot)],
    ['domain', dot < 0 ? null : node.certname.slice(dot + 1)],
    ['external', new Map()],
  ]);
  const extraTrusted = fromPlain(node.trusted ?? {});
  if (isHash(extraTrusted)) for (const [k, v] of extraTrusted) trusted.set(k, v);
  vars.set('facts', isHash(facts) ? facts : new Map());
  vars.set('trusted', trusted);
  vars.set('server_facts', fromPlain(node.serverFacts ?? {}));
  vars.set('environment', node.environment ?? 'production');
  vars.set('name', 'main');
  vars.set('title', 'main');
  const extra = fromPlain(node.variables ?? {});
  if (isHash(extra)) for (const [k, v] of extra) if (typeof k === 'string') vars.set(k, v);
  return makeScope(vars);
}

function makeScope(vars: ReadonlyMap<string, HieraValue>): NodeScope {
  const scope: NodeScope = {
    get: (name) => {
      const plain = name.startsWith('::') ? name.slice(2) : name;
      return vars.get(plain);
    },
    withLocal: (name, value) => {
      const next = new Map(vars);
      next.set(name, value);
      return makeScope(next);
    },
  };
  return scope;
}
