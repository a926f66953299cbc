// Modules a repository installs with its own scripts instead of a Puppetfile: `puppet module install NAME` in a
// Dockerfile, a shell script, a Vagrantfile or a Makefile, and the module lists such a script feeds to
// `puppet module install $VAR` (a file of `author-name` lines the script names, like `modules.lst`). Their
// classes exist when the repo's setup has run, at a version we cannot see unless the command gives `--version`.

import type { Project } from './project.js';
import { defineQuery } from '../base/queries.js';

export interface ScriptInstall {
  readonly author: string;
  readonly shortName: string;
  /** `--version X` when the command gives one. */
  readonly version?: string;
  /** The script or list that says so. */
  readonly file: string;
}

const SCRIPT_FILE = /^(Dockerfile(\..*)?|.*\.dockerfile|Vagrantfile|Makefile|.*\.(sh|bash))$/i;
const SLUG = /^([a-z0-9]+)[-/]([a-z][a-z0-9_]*)$/i;
/** Folders that are not the repo's setup: installed modules carry their own development scripts. */
const SKIP = new Set(['node_modules', 'modules', 'site-modules', 'spec', 'fixtures', 'vendor', 'external']);
const MAX_DEPTH = 6;
const MAX_FOLDERS = 2000;
const MAX_SIZE = 256 * 1024;

/** The installs of one script's text, and the names of the list files it reads for a variable's installs. */
export function readScript(text: string, file: string): { installs: ScriptInstall[]; lists: string[] } {
  const installs: ScriptInstall[] = [];
  let variable = false;
  for (const m of text.matchAll(/puppet\s+module\s+install\b([^\n;&|]*)/g)) {
    const words = m[1].trim().split(/\s+/).filter(Boolean);
    let version: string | undefined;
    let slug: RegExpExecArray | null = null;
    for (let i = 0; i < words.length; i++) {
      const w = words[i].replace(/^['"]|['"]$/g, '');
      if (w === '--version' || w === '-v') version = words[++i]?.replace(/^['"]|['"]$/g, '');
      else if (w.startsWith('--version=')) version = w.slice('--version='.length);
      else if (w.startsWith('$')) variable = true;
      else if (!slug && !w.startsWith('-')) slug = SLUG.exec(w);
    }
    if (slug)
      installs.push({
        author: slug[1].toLowerCase(),
        shortName: slug[2].toLowerCase(),
        ...(version ? { version: version.replace(/^v/, '') } : {}),
        file,
      });
  }
  const lists = variable ? [...new Set([...text.matchAll(/([\w.-]+\.(?:lst|list|txt))\b/g)].map((x) => x[1]))] : [];
  return { installs, lists };
}

/** A module list: every line that is not blank or a comment is `author-name`, optionally with a version. */
export function readModuleList(text: string, file: string): ScriptInstall[] | undefined {
  const out: ScriptInstall[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [name, version, ...rest] = line.split(/\s+/);
    const slug = SLUG.exec(name);
    if (!slug || rest.length > 0 || (version !== undefined && !/^v?\d+(\.\d+)*$/.test(version))) return undefined;
    out.push({
      author: slug[1].toLowerCase(),
      shortName: slug[2].toLowerCase(),
      ...(version ? { version: version.replace(/^v/, '') } : {}),
      file,
    });
  }
  return out.length > 0 ? out : undefined;
}

/** Every module the repository at top installs with its scripts: a query, read again when a file it read changed. */
export function scriptInstalls(project: Project, top: string): readonly ScriptInstall[] {
  return project.query(scriptInstallsQuery, top);
}

const scriptInstallsQuery = defineQuery('scriptInstalls', (project: Project, top: string): ScriptInstall[] => {
  const fs = project.view;
  const scripts: string[] = [];
  const byName = new Map<string, string[]>();
  let folders = 0;
  const visit = (dir: string, depth: number): void => {
    if (++folders > MAX_FOLDERS) return;
    for (const e of fs.readDirectory(dir)) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) {
        if (depth < MAX_DEPTH && !e.name.startsWith('.') && !SKIP.has(e.name)) visit(path, depth + 1);
        continue;
      }
      if (SCRIPT_FILE.test(e.name)) scripts.push(path);
      (byName.get(e.name) ?? byName.set(e.name, []).get(e.name)!).push(path);
    }
  };
  visit(top, 0);
  const out: ScriptInstall[] = [];
  for (const path of scripts) {
    const text = fs.readFile(path);
    if (text === undefined || text.length > MAX_SIZE) continue;
    const { installs, lists } = readScript(text, path);
    out.push(...installs);
    for (const name of lists)
      for (const list of byName.get(name) ?? []) {
        const listText = fs.readFile(list);
        if (listText !== undefined && listText.length <= MAX_SIZE) out.push(...(readModuleList(listText, list) ?? []));
      }
  }
  return out;
});
