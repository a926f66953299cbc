// What uses each module in a control repo: classes and defined types (include, resource-like, Hiera `classes`,
// a defined type declared as a resource), resource types (`vcsrepo`, `ini_setting`, `sysctl::value`), functions
// (`query_facts(...)`), templates and files served from a module (`template('ntp/ntp.conf.erb')`,
// `puppet:///modules/ntp/...`), and the dependency edges of installed modules' metadata.json and Puppetfile.lock.
// A name is attributed to a module by the installed copies' own lib/ folders when they have it, else by its first
// segment and the names well-known modules give their types and functions. Used by "unused module", which must
// stay silent when unsure: every attribution here errs towards "used".

import type { Project } from '../workspace/project.js';
import { extraPathModules, moduleIndex } from '../workspace/moduleIndex.js';
import { walkFiles } from '../workspace/files.js';
import type { RepoModules } from '../workspace/moduleSources.js';

/** Resource types and functions whose module is not their first segment (facts from the modules' lib/ folders). */
const PROVIDED_BY: Readonly<Record<string, string>> = {
  ini_setting: 'inifile',
  ini_subsetting: 'inifile',
  create_ini_settings: 'inifile',
  file_line: 'stdlib',
  anchor: 'stdlib',
  concat_file: 'concat',
  concat_fragment: 'concat',
  apt_key: 'apt',
  query_facts: 'puppetdbquery',
  query_nodes: 'puppetdbquery',
  query_resources: 'puppetdbquery',
  yumrepo: 'yumrepo_core',
  cron: 'cron_core',
  host: 'host_core',
  mount: 'mount_core',
  ssh_authorized_key: 'sshkeys_core',
  sshkey: 'sshkeys_core',
  augeas: 'augeas_core',
  selboolean: 'selinux_core',
  selmodule: 'selinux_core',
  zfs: 'zfs_core',
  zpool: 'zfs_core',
  zone: 'zone_core',
  mailalias: 'mailalias_core',
  k5login: 'k5login_core',
  datacat_fragment: 'datacat',
  datacat_collector: 'datacat',
  archive: 'archive',
  java_ks: 'java_ks',
  sysctl: 'sysctl',
  vcsrepo: 'vcsrepo',
};

const NAME = /^[a-z][a-z0-9_]*(::[a-z][a-z0-9_]*)*$/;
const KEYWORDS = new Set([
  'if',
  'elsif',
  'unless',
  'case',
  'class',
  'define',
  'node',
  'function',
  'and',
  'or',
  'in',
  'plan',
  'type',
  'application',
  'site',
]);

/** The Ruby types and functions an installed module ships, name → module. */
function libNames(project: Project, modules: ReadonlyArray<{ name: string; dir: string }>): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of modules) {
    for (const sub of ['lib/puppet/type', 'lib/puppet/functions', 'lib/puppet/parser/functions']) {
      const dir = `${m.dir}/${sub}`;
      if (!project.view.isDirectory(dir)) continue;
      for (const f of walkFiles(project.view, dir)) {
        if (!f.endsWith('.rb')) continue;
        out.set(
          f
            .slice(dir.length + 1, -3)
            .split('/')
            .join('::'),
          m.name,
        );
      }
    }
  }
  return out;
}

/** The modules a resource type or function name may come from (several when unsure: all count as used). */
function modulesOf(name: string, lib: ReadonlyMap<string, string>): string[] {
  const n = name.toLowerCase().replace(/^::/, '');
  const out = new Set<string>();
  const fromLib = lib.get(n);
  if (fromLib) out.add(fromLib);
  const first = n.split('::')[0];
  out.add(first);
  if (PROVIDED_BY[n]) out.add(PROVIDED_BY[n]);
  const prefix = /^([a-z][a-z0-9]*)_/.exec(first);
  if (prefix) out.add(prefix[1]);
  return [...out];
}

/** Module short name → what uses it (a few words each), for the repo at root. */
export function moduleUses(project: Project, root: string, repo: RepoModules): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  const add = (module: string, what: string): void => {
    const list = uses.get(module) ?? uses.set(module, []).get(module)!;
    if (list.length < 5 && !list.includes(what)) list.push(what);
  };
  const index = moduleIndex(project, root);
  const lib = libNames(project, index.modules());
  // The extra module path's copies are another machine's: what they use says nothing about the repo.
  const extra = extraPathModules(project, root);
  const repoOwn = (module: string | undefined): boolean => module === undefined || !extra.has(module);
  for (const ref of index.allReferences()) {
    const owner = index.file(ref.path)?.module;
    const mod = ref.className.split('::')[0];
    if (owner !== mod && repoOwn(owner)) add(mod, `${ref.kind} ${ref.className}`);
  }
  for (const f of index.files()) {
    if (!repoOwn(f.module)) continue;
    for (const r of f.summary.resources) {
      const type = r.type.toLowerCase();
      if (type === 'class' || !NAME.test(type)) continue;
      for (const m of modulesOf(type, lib)) if (m !== f.module) add(m, `resource type ${type}`);
    }
    for (const call of f.text.matchAll(/(?<![$\w:])((?:::)?[a-z][a-z0-9_]*(?:::[a-z][a-z0-9_]*)*)\s*\(/g)) {
      const name = call[1].replace(/^::/, '');
      if (KEYWORDS.has(name)) continue;
      for (const m of modulesOf(name, lib)) if (m !== f.module) add(m, `function ${name}`);
    }
    for (const t of f.text.matchAll(/\b(?:template|epp|file)\(\s*['"]([a-z][a-z0-9_]*)\//g))
      if (t[1] !== f.module) add(t[1], `template ${t[1]}/...`);
    for (const u of f.text.matchAll(/puppet:\/\/[^/'"]*\/modules\/([a-z][a-z0-9_]*)\//g))
      if (u[1] !== f.module) add(u[1], `file source puppet:///modules/${u[1]}/...`);
  }
  // A key set in Hiera for a module's class: the repo means to use it (through a role the index may not see).
  for (const path of index.dataFiles()) {
    for (const e of project.hieraData(path)?.entries ?? []) {
      const parts = e.key.replace(/^::/, '').split('::');
      if (parts.length > 1) add(parts[0].toLowerCase(), `Hiera key ${e.key}`);
    }
  }
  for (const [name, sources] of repo.modules) {
    for (const s of sources)
      if (s.kind === 'metadata' && s.requiredBy && s.requiredBy !== name) add(name, `dependency of ${s.requiredBy}`);
  }
  return uses;
}
