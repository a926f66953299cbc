// Which nodes a control repo has: one for every data file that a node-specific hierarchy level of the
// repo's hiera.yaml (v5, or v3 read as the global layer; see lookup/repoLayers.ts) matches (`nodes/%{trusted.certname}.yaml`, `%{facts.fqdn}`, `%{::clientcert}`, ...).
// The node's name comes from the file name; its facts are what that name implies (fqdn, hostname, domain).

import { defineQuery } from '../../base/queries.js';
import type { Project } from '../../workspace/project.js';
import { DEFAULT_V5_DATADIR } from '../../syntax/hiera/hieraConfig.js';
import { templateParts } from '../../syntax/hiera/interpolation.js';
import { hieraConfigOf } from '../../workspace/hieraConfigs.js';
import { isInside, joinPath } from '../lookup/dataPaths.js';
import { repoLayers } from '../lookup/repoLayers.js';

export interface DiscoveredNode {
  readonly certname: string;
  /** The node's own data file. */
  readonly path: string;
  readonly facts: Readonly<Record<string, unknown>>;
}

/** Interpolations that stand for the node's name in a hierarchy path. */
const NODE_VARIABLES =
  /^(::)?(trusted\.certname|facts\.fqdn|fqdn|clientcert|facts\.clientcert|facts\.networking\.fqdn|trusted\.hostname|facts\.hostname|hostname|facts\.networking\.hostname)$/;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regex for the data files a path template matches, capturing the node name; undefined if it has no node variable. */
export function nodePathPattern(template: string): RegExp | undefined {
  const { parts, unclosed } = templateParts(template);
  if (unclosed) return undefined;
  let sawNode = false;
  let re = '';
  for (const part of parts) {
    if ('literal' in part) re += escapeRegex(part.literal);
    else if (NODE_VARIABLES.test(part.expr) && !sawNode) {
      re += '([^/]+?)';
      sawNode = true;
    } else re += '[^/]+';
  }
  return sawNode ? new RegExp(`^${re}$`) : undefined;
}

export function factsFor(certname: string): Record<string, unknown> {
  const dot = certname.indexOf('.');
  const hostname = dot < 0 ? certname : certname.slice(0, dot);
  const domain = dot < 0 ? '' : certname.slice(dot + 1);
  return {
    fqdn: certname,
    hostname,
    domain,
    clientcert: certname,
    networking: { fqdn: certname, hostname, domain },
  };
}

function filesUnder(project: Project, dir: string, prefix = '', out: string[] = [], depth = 0): string[] {
  if (depth > 8) return out;
  // The view: a node file opened in the editor and not saved yet is a node already.
  for (const e of project.view.readDirectory(dir)) {
    if (e.name.startsWith('.')) continue;
    if (e.isDirectory) filesUnder(project, `${dir}/${e.name}`, `${prefix}${e.name}/`, out, depth + 1);
    else if (e.isFile) out.push(`${prefix}${e.name}`);
  }
  return out;
}

/** Node names in natural order (master2 before master10); one collator, not one per comparison. */
const byName = new Intl.Collator(undefined, { numeric: true });

/**
 * The nodes of a control repo: one per data file that a hierarchy level naming the node matches. A query: it
 * reads the listings and hiera.yaml, so a keystroke in a data file keeps it, and an equal list (the same
 * certnames at the same paths) is the same array.
 */
export function discoverNodes(project: Project, root: string): DiscoveredNode[] {
  return project.query(nodesQuery, root);
}

const nodesQuery = defineQuery('discoverNodes', (project: Project, root: string) => findNodes(project, root), {
  equals: (a, b) => a.length === b.length && a.every((n, i) => n.certname === b[i]!.certname && n.path === b[i]!.path),
});

function findNodes(project: Project, root: string): DiscoveredNode[] {
  // The same hiera.yaml and datadirs the lookup engine reads (repoLayers): nodes and lookups see the same data.
  const layers = repoLayers(project, root);
  if (!layers.configPath) return [];
  const parsed = hieraConfigOf(project, layers.configPath, layers.globalConfigPath ? 'global' : 'environment');
  if (parsed === undefined) return [];
  const configDir = layers.configPath.slice(0, layers.configPath.lastIndexOf('/')) || '/';
  const { config } = parsed;
  const dirOf = (datadir: string): string =>
    (datadir.startsWith('/') || datadir.includes('%{') ? layers.mapDatadir(layers.configPath!, datadir) : undefined) ??
    (datadir.startsWith('/') ? datadir : `${configDir}/${datadir}`);
  // Each level: its folder and its path templates.
  const levels: Array<{ dir: string; templates: string[] }> = [];
  if (config.kind === 'v5') {
    const defaultDatadir = config.defaults?.datadir?.value ?? DEFAULT_V5_DATADIR;
    for (const entry of config.hierarchy ?? []) {
      const loc = entry.location;
      if (!loc || !['path', 'paths'].includes(loc.kind)) continue;
      levels.push({ dir: dirOf(entry.datadir?.value ?? defaultDatadir), templates: loc.values.map((v) => v.value) });
    }
  } else if (config.kind === 'v3') {
    // Hiera 3: each backend's datadir, the hierarchy's paths with the backend's extension.
    for (const b of config.backends) {
      const backend = b.name.value;
      if (backend !== 'yaml' && backend !== 'json') continue;
      const ext = `.${b.extension?.value ?? backend}`;
      const dir = dirOf(b.datadir?.value ?? '/etc/puppetlabs/code/environments/%{::environment}/hieradata');
      levels.push({
        dir,
        templates: config.hierarchy.map((h) => (h.value.endsWith(ext) ? h.value : `${h.value}${ext}`)),
      });
    }
  } else return [];
  const nodes = new Map<string, DiscoveredNode>();
  const listings = new Map<string, string[]>();
  for (const { dir, templates } of levels) {
    // A datadir outside the repo (`/`, `../../..`) is not walked (hiera.yaml's diagnostics say so); one matched
    // into the repo from an absolute or interpolated path is inside it.
    if (!isInside(joinPath('/', root), dir)) continue;
    for (const template of templates) {
      const pattern = nodePathPattern(template);
      if (!pattern) continue;
      let files = listings.get(dir);
      if (!files) listings.set(dir, (files = filesUnder(project, dir)));
      for (const f of files) {
        const m = pattern.exec(f);
        if (m && !nodes.has(m[1])) nodes.set(m[1], { certname: m[1], path: `${dir}/${f}`, facts: factsFor(m[1]) });
      }
    }
  }
  return [...nodes.values()].sort((a, b) => byName.compare(a.certname, b.certname));
}
