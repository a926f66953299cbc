// Where a repo's Hiera configuration and data are, wherever they sit: every hiera.yaml (v3, v4, v5) of a repo, not
// only the one at a control repo's root (Vagrant layouts keep `puppet/hiera.yaml`), and each datadir it declares
// matched to a folder of the repo. A datadir written for the machine Puppet runs on
// (`/etc/puppet/hieradata/%{::environment}`, `/etc/puppetlabs/code/environments/%{environment}/hieradata`,
// `/vagrant/hieradata`) names no folder here; it is matched by what is left once the environment path prefix and
// interpolated segments are taken away, the longest tail that exists in the repo winning. Each match says how it
// was made, for hover. Node discovery, the lookup engine and file classification all read these matches.

import type { FileSystem } from './fileSystem.js';
import type { Project } from './project.js';
import { defineQuery } from '../base/queries.js';
import {
  DEFAULT_V5_DATADIR,
  parseHieraConfig,
  type HieraConfigParse,
  type HieraLayer,
} from '../syntax/hiera/hieraConfig.js';

const hieraConfigQuery = defineQuery('hieraConfig', (project: Project, key: string) => {
  const cut = key.indexOf('\u0000');
  const text = project.readText(key.slice(cut + 1));
  const layer = key.slice(0, cut);
  return text === undefined ? undefined : parseHieraConfig(text, layer ? { layer: layer as HieraLayer } : {});
});

/**
 * The parse of a hiera.yaml of the project as the editor sees it (read for `layer`), or undefined when it cannot
 * be read: one parse per text, shared by every lookup session (one per node) and feature.
 */
export function hieraConfigOf(project: Project, path: string, layer?: HieraLayer): HieraConfigParse | undefined {
  return project.query(hieraConfigQuery, `${layer ?? ''}\u0000${path}`);
}

export interface DatadirMatch {
  /** The datadir as hiera.yaml writes it. */
  readonly declared: string;
  /** The repo folder it stands for, or undefined when none was found. */
  readonly dir: string | undefined;
  /** How the folder was found, in words for hover. */
  readonly how: string;
}

export interface FoundHieraConfig {
  readonly path: string;
  /** 3, 4 or 5; undefined when the file cannot be read as a Hiera configuration. */
  readonly version: number | undefined;
  readonly datadirs: readonly DatadirMatch[];
}

/** Folders never searched for a hiera.yaml: installed or vendored modules, test fixtures, tooling. */
const SKIP = new Set(['node_modules', 'vendor', 'spec', 'fixtures', 'modules', 'site-modules', '.git']);
const MAX_DEPTH = 4;

/** Every hiera.yaml of a repo (its own, not those of the modules it holds), shallowest first. */
export function findHieraConfigs(fs: FileSystem, root: string): string[] {
  const out: Array<{ path: string; depth: number }> = [];
  const visit = (dir: string, depth: number): void => {
    for (const e of fs.readDirectory(dir)) {
      if (e.isFile && (e.name === 'hiera.yaml' || e.name === 'hiera.yml'))
        out.push({ path: `${dir}/${e.name}`, depth });
    }
    if (depth >= MAX_DEPTH) return;
    for (const e of fs.readDirectory(dir)) {
      if (!e.isDirectory || e.name.startsWith('.') || SKIP.has(e.name)) continue;
      // A module's own folder (metadata.json) keeps a module-layer hiera.yaml.
      if (fs.exists(`${dir}/${e.name}/metadata.json`)) continue;
      visit(`${dir}/${e.name}`, depth + 1);
    }
  };
  visit(root, 0);
  return out.sort((a, b) => a.depth - b.depth || (a.path < b.path ? -1 : 1)).map((x) => x.path);
}

/** Puppet's default Hiera 3 datadir. */
const V3_DEFAULT_DATADIR = '/etc/puppetlabs/code/environments/%{::environment}/hieradata';

/**
 * The datadirs a hiera.yaml declares, with its version: v3 `:datadir:` of the yaml and json backends, v4
 * `datadir`, v5 defaults and entries. Read from a parse of the one hiera.yaml parser (syntax/hiera/hieraConfig.ts):
 * in the editor the project's (hieraConfigOf), so a hiera.yaml is parsed once per text, whatever its size.
 */
export function declaredDatadirsOf(parse: HieraConfigParse): { version: number | undefined; datadirs: string[] } {
  const { config } = parse;
  const out: string[] = [];
  switch (config.kind) {
    case 'invalid':
      return { version: undefined, datadirs: [] };
    case 'v3':
      for (const b of config.backends)
        if ((b.name.value === 'yaml' || b.name.value === 'json') && b.datadir) out.push(b.datadir.value);
      if (out.length === 0) out.push(V3_DEFAULT_DATADIR);
      return { version: 3, datadirs: [...new Set(out)] };
    case 'v4':
      out.push(config.datadir?.value ?? DEFAULT_V5_DATADIR, ...config.hierarchyDatadirs.map((d) => d.value));
      return { version: 4, datadirs: [...new Set(out)] };
    case 'v5':
      out.push(config.defaults?.datadir?.value ?? DEFAULT_V5_DATADIR);
      for (const e of config.hierarchy ?? []) if (e.datadir) out.push(e.datadir.value);
      return { version: 5, datadirs: [...new Set(out)] };
  }
}

const ENVIRONMENT_VARIABLE = /^%\{(::)?(environment|server_facts\.environment|facts\.environment)\}$/;

function join(dir: string, rel: string): string {
  const parts: string[] = [];
  for (const seg of `${dir}/${rel}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

function relative(root: string, path: string): string {
  if (!path.startsWith(`${root}/`) && path !== root) {
    const up = root.slice(0, root.lastIndexOf('/'));
    if (up && path.startsWith(`${up}/`)) return `../${path.slice(up.length + 1)}`;
  }
  return path === root ? '.' : path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

/**
 * The repo folder a datadir stands for. `configDir` holds the hiera.yaml, `root` is the repo (the folder searched
 * for tails, with configDir's ancestors up to it).
 */
export function matchDatadir(
  fs: FileSystem,
  configDir: string,
  root: string,
  declared: string,
  top: string = root,
): DatadirMatch {
  const d = declared.trim();
  const interpolated = d.includes('%{');
  // Paths in messages are relative to the workspace folder (or the repo, when that is not inside it).
  const limit = top.length <= root.length && root.startsWith(top) ? top : root;
  if (!interpolated && !d.startsWith('/')) {
    const dir = join(configDir, d);
    return { declared, dir, how: `'${d}' relative to the folder of hiera.yaml: ${relative(limit, dir)}/` };
  }
  if (!interpolated && fs.isDirectory(d) && (d === root || d.startsWith(`${root}/`))) {
    return { declared, dir: d, how: `the absolute path ${d}, inside the repo` };
  }
  const segments = d.split('/').filter((s) => s !== '' && s !== '.');
  // A datadir that is one variable alone (`%{::hiera_datadir}`, set to where the data is checked out): the folder
  // of hiera.yaml when it holds the data (YAML files beside it).
  if (
    /^%\{[^}]*\}$/.test(d) &&
    fs.readDirectory(configDir).some((e) => e.isFile && /\.ya?ml$/.test(e.name) && !/^hiera\.ya?ml$/.test(e.name))
  ) {
    return {
      declared,
      dir: configDir,
      how: `'${d}' is a variable alone: the folder of hiera.yaml, which holds the data (${relative(limit, configDir) || '.'}/)`,
    };
  }
  const bases: string[] = [];
  // The folder of hiera.yaml and its ancestors up to the workspace folder (a Vagrant repo mounted at /vagrant
  // writes /vagrant/puppet/hieradata for the repo's puppet/hieradata).
  for (let dir = configDir; ; dir = dir.slice(0, dir.lastIndexOf('/')) || '/') {
    bases.push(dir);
    if (dir === limit || dir === '/' || !dir.startsWith(`${limit}/`)) break;
  }
  if (!bases.includes(root)) bases.push(root);
  // An environment path (…/environments/%{environment}/hieradata): the repo is the environment, so what follows
  // the environment segment is a path inside it.
  const envAt = segments.findIndex((s) => ENVIRONMENT_VARIABLE.test(s));
  if (envAt >= 0 && envAt < segments.length - 1 && !segments.slice(envAt + 1).some((s) => s.includes('%{'))) {
    const rest = segments.slice(envAt + 1).join('/');
    for (const base of bases) {
      const dir = join(base, rest);
      if (fs.isDirectory(dir)) {
        return {
          declared,
          dir,
          how: `'${d}' with the environment path '/${segments.slice(0, envAt + 1).join('/')}/' taken away: ${rest}/ of the environment, ${relative(limit, dir)}/ here`,
        };
      }
    }
  }
  // Otherwise: the segments without interpolation (an environment segment may stand for a folder 'production'),
  // matched by the longest tail that exists.
  const plain = segments.filter((s) => !s.includes('%{'));
  const trailingEnvironment = envAt === segments.length - 1;
  for (let start = 0; start < plain.length; start++) {
    const tail = plain.slice(start).join('/');
    for (const base of bases) {
      const dir = join(base, tail);
      if (!fs.isDirectory(dir)) continue;
      const production = `${dir}/production`;
      if (trailingEnvironment && fs.isDirectory(production)) {
        return {
          declared,
          dir: production,
          how: `'${d}' matched by its tail '${tail}/%{environment}' to ${relative(limit, production)}/ (the environment 'production')`,
        };
      }
      const dropped = interpolated ? ', its interpolated parts left out' : '';
      return {
        declared,
        dir,
        how: `'${d}' matched by its tail '${tail}'${dropped} to ${relative(limit, dir)}/ in the repo`,
      };
    }
  }
  return { declared, dir: undefined, how: `'${d}' names no folder of the repo (no tail of it exists here)` };
}

/** A hiera.yaml with its version and its datadirs matched to the repo. */
export function readHieraConfig(fs: FileSystem, path: string, root: string, top: string = root): FoundHieraConfig {
  const text = fs.readFile(path);
  if (text === undefined) return { path, version: undefined, datadirs: [] };
  const { version, datadirs } = declaredDatadirsOf(parseHieraConfig(text));
  const configDir = path.slice(0, path.lastIndexOf('/')) || '/';
  return { path, version, datadirs: datadirs.map((d) => matchDatadir(fs, configDir, root, d, top)) };
}

/**
 * The hiera.yaml that describes a repo's data for lookups: `<root>/hiera.yaml` when there is one, else the
 * shallowest hiera.yaml in the repo (for example `puppet/hiera.yaml` of a Vagrant layout).
 */
export function repoHieraConfig(fs: FileSystem, root: string): string | undefined {
  for (const name of ['hiera.yaml', 'hiera.yml']) if (fs.exists(`${root}/${name}`)) return `${root}/${name}`;
  return findHieraConfigs(fs, root)[0];
}

/**
 * Which hiera.yaml's datadir, written for another machine (absolute or interpolated), was matched to the folder
 * holding this data file, and how: for hover. Undefined when the file sits in a plainly relative datadir.
 */
export function dataFileOrigin(
  fs: FileSystem,
  path: string,
  top: string,
): { config: string; version: number | undefined; match: DatadirMatch } | undefined {
  for (const config of findHieraConfigs(fs, top)) {
    const found = readHieraConfig(fs, config, top, top);
    for (const match of found.datadirs) {
      const d = match.declared.trim();
      if (!match.dir || (!d.startsWith('/') && !d.includes('%{'))) continue;
      if (path.startsWith(`${match.dir}/`)) return { config, version: found.version, match };
    }
  }
  return undefined;
}
