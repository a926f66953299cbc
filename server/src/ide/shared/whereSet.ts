// Where a Hiera key is set across the hierarchy, for hover. In a node's own data file: the files of that node's
// hierarchy that set the key, highest priority first, and the value the node ends up with (under the key's
// merge). In any other data file (common.yaml, a per-OS or per-role level): the repo's files that set the key,
// level by level in hierarchy order, and the value each node ends up with.

import type { Project } from '../../workspace/project.js';
import { parseHieraConfig, DEFAULT_V5_DATADIR } from '../../syntax/hiera/hieraConfig.js';
import { maskInterpolations } from '../../syntax/hiera/interpolation.js';
import { hieraConfigOf } from '../../workspace/hieraConfigs.js';
import { createLookupSession } from '../../knowledge/lookup/engine.js';
import { findKeyOccurrences } from '../../knowledge/lookup/queries.js';
import { toJson } from '../../knowledge/lookup/values.js';
import { discoverNodes } from '../../knowledge/cluster/nodes.js';
import { nodeLookupContext } from '../../knowledge/lookup/nodeContext.js';
import { repoDataFiles } from './repoData.js';
import { rolesOf } from '../../knowledge/cluster/model.js';
import { moduleIndexIfReady } from '../../workspace/moduleIndex.js';

const MAX_NODES = 12;
const MAX_VALUE = 80;

export function shortValue(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? 'undef');
  } catch {
    s = String(v);
  }
  if (s === 'null') s = 'undef';
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

function rel(root: string, path: string): string {
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

/** A regex for the data files a hierarchy path or glob matches, any interpolation standing for one path segment. */
export function templatePattern(template: string, glob: boolean): RegExp {
  let re = '';
  const body = maskInterpolations(template, '\u0000');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\u0000') re += '[^/]+';
    else if (glob && c === '*' && body[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (glob && c === '*') re += '[^/]*';
    else if (glob && c === '?') re += '[^/]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

interface Level {
  readonly name: string;
  readonly files: readonly string[];
}

/** The repo's data files per hierarchy level of the environment's hiera.yaml, in order. */
function levels(project: Project, root: string, extra: string): Level[] {
  const files = repoDataFiles(project, root, extra);
  const { config } =
    hieraConfigOf(project, `${root}/hiera.yaml`, 'environment') ??
    parseHieraConfig('version: 5\n', { layer: 'environment' });
  if (config.kind !== 'v5') return [];
  const entries = config.hierarchy ?? [
    {
      name: { value: 'Common', range: { start: 0, end: 0 } },
      location: {
        kind: 'path' as const,
        keyRange: { start: 0, end: 0 },
        values: [{ value: 'common.yaml', range: { start: 0, end: 0 } }],
      },
      keys: [],
      range: { start: 0, end: 0 },
    },
  ];
  const defaultDatadir = config.defaults?.datadir?.value ?? DEFAULT_V5_DATADIR;
  const out: Level[] = [];
  const used = new Set<string>();
  for (const e of entries) {
    const loc = e.location;
    if (!loc || loc.kind === 'uri' || loc.kind === 'uris') continue;
    const datadir = e.datadir?.value ?? defaultDatadir;
    const dir = datadir.startsWith('/') ? datadir : maskInterpolations(`${root}/${datadir}`, '\u0000');
    const templates = loc.kind === 'mapped_paths' ? loc.values.slice(2) : loc.values;
    const glob = loc.kind === 'glob' || loc.kind === 'globs';
    const matched: string[] = [];
    for (const t of templates) {
      const pattern = templatePattern(`${dir}/${t.value}`.replace(/\u0000/g, '%{x}'), glob);
      for (const f of files) if (!used.has(f) && pattern.test(f)) matched.push(f);
    }
    matched.forEach((f) => used.add(f));
    if (matched.length > 0) out.push({ name: e.name?.value ?? '(unnamed)', files: matched });
  }
  return out;
}

/** Markdown for the hover: where the key is set and what the nodes get; undefined when there is nothing to add. */
export function whereSetMarkdown(project: Project, path: string, key: string): string | undefined {
  const root = project.repoRoot(path);
  if (!root || !project.readText(`${root}/hiera.yaml`)) return undefined;
  const nodes = discoverNodes(project, root);
  const own = nodes.find((n) => n.path === path);
  const lines: string[] = [];
  if (own) {
    const session = createLookupSession(nodeLookupContext(project, root, own.certname));
    const occ = findKeyOccurrences(session, key);
    if (occ.length === 0) return undefined;
    lines.push(`**Node \`${own.certname}\`**, highest priority first:`);
    occ.forEach((o, i) =>
      lines.push(
        `${i + 1}. \`${rel(root, o.path)}\` (${o.entry}) — \`${shortValue(toJson(o.rawValue))}\`${o.path === path ? ' ← this file' : ''}`,
      ),
    );
    const r = session.lookup(key);
    if (r.outcome.kind === 'found')
      lines.push(
        '',
        `Resolves to \`${shortValue(toJson(r.outcome.value))}\`${r.merge.strategy === 'first' ? '' : ` (merge ${r.merge.strategy})`}.`,
      );
    else if (r.outcome.kind === 'error') lines.push('', `The lookup fails: ${r.outcome.message}`);
    return lines.join('\n');
  }
  const setIn: string[] = [];
  for (const level of levels(project, root, path)) {
    for (const f of level.files) {
      const entry = project.hieraData(f)?.entries.find((e) => e.key === key);
      if (entry)
        setIn.push(
          `- \`${rel(root, f)}\` (${level.name}) — \`${shortValue(entry.value)}\`${f === path ? ' ← this file' : ''}`,
        );
    }
  }
  if (setIn.length === 0) return undefined;
  lines.push('**Set in**, by hierarchy level:', ...setIn);
  if (nodes.length > 0) {
    // A key of mesos::master or mesos::slave matters only on the nodes that run that daemon: only theirs are listed.
    const daemon = /^:*mesos::(master|slave)::/.exec(key)?.[1] as 'master' | 'slave' | undefined;
    let index: ReturnType<typeof moduleIndexIfReady>;
    try {
      index = daemon ? moduleIndexIfReady(project, root) : undefined;
    } catch {
      index = undefined;
    }
    const expand = index && index.classes().length > 0 ? index.expandIncludes : undefined;
    const resolved: string[] = [];
    let shown = 0;
    let matching = 0;
    for (const n of nodes) {
      const session = createLookupSession(nodeLookupContext(project, root, n.certname));
      if (daemon) {
        const c = session.lookup('classes');
        const value = c.outcome.kind === 'found' ? toJson(c.outcome.value) : [];
        const classes = Array.isArray(value)
          ? value.filter((x): x is string => typeof x === 'string')
          : typeof value === 'string'
            ? [value]
            : [];
        const roles = rolesOf(classes, expand);
        if (!(daemon === 'master' ? roles.master : roles.agent)) continue;
      }
      matching++;
      if (shown >= MAX_NODES) continue;
      shown++;
      const r = session.lookup(key);
      resolved.push(
        `\`${n.certname}\` ${r.outcome.kind === 'found' ? `\`${shortValue(toJson(r.outcome.value))}\`` : r.outcome.kind === 'error' ? 'fails' : 'not found'}`,
      );
    }
    const who = daemon === 'master' ? 'Per master' : daemon === 'slave' ? 'Per agent' : 'Per node';
    if (resolved.length > 0)
      lines.push('', `**${who}:** ${resolved.join(', ')}${matching > shown ? `, … (${matching - shown} more)` : ''}.`);
    else if (daemon) lines.push('', `No node of the repo runs the Mesos ${daemon === 'master' ? 'master' : 'agent'}.`);
  }
  return lines.join('\n');
}
