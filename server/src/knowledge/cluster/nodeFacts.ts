// Node facts the repo provides: `check --facts DIR`, else `.mesos-puppet.yaml` `facts: DIR`, names a folder of `<certname>.yaml` or
// `<certname>.json` files, as `puppet facts show` / `facter -y` print them (the facts at the top level) or as a
// Puppet server keeps them (`--- !ruby/object:Puppet::Node::Facts` with the facts under `values`). Without such
// a file a node's facts are only what its name implies, and rules that need more say nothing.

import { parseDocument } from 'yaml';
import type { Project } from '../../workspace/project.js';
import { repoConfigFor } from '../../workspace/repoConfig.js';

export interface NodeFacts {
  readonly facts: Readonly<Record<string, unknown>>;
  /** The file, relative to the repo root when inside it. */
  readonly from: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Reads one facts file's text: the facts, or undefined when it holds no mapping of facts. */
export function parseFactsText(text: string): Record<string, unknown> | undefined {
  const doc = parseDocument(text, { logLevel: 'silent', uniqueKeys: false });
  if (doc.errors.length > 0) return undefined;
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (!isRecord(data)) return undefined;
  // A Puppet server's cache: name, values (the facts), timestamp, expiration.
  if (isRecord(data.values) && typeof data.name === 'string') return data.values;
  return data;
}

/** The facts files of the repo at root, by certname (read on demand). */
export function nodeFactsReader(
  project: Project,
  root: string,
): ((certname: string) => NodeFacts | undefined) | undefined {
  const dir = project.currentSettings.factsDir ?? repoConfigFor(project, root).config.facts;
  if (!dir) return undefined;
  const base = dir.startsWith('/')
    ? dir.replace(/\/+$/, '')
    : `${root === '/' ? '' : root}/${dir.replace(/^\.\//, '').replace(/\/+$/, '')}`;
  return (certname) => {
    for (const ext of ['yaml', 'json']) {
      const path = `${base}/${certname}.${ext}`;
      const text = project.readText(path);
      if (text === undefined) continue;
      const facts = parseFactsText(text);
      if (facts) return { facts, from: path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path };
    }
    return undefined;
  };
}
