// Which files are not the user's code: installed and vendored third-party modules (in a modulepath folder of the
// control repo and pinned by its Puppetfile, locked by Puppetfile.lock or brought by a git submodule; or with a
// metadata.json by another author than the repo's own modules; or on the extra module path) and test fixtures
// (`spec/fixtures/`). By default diagnostics report inside them only what breaks the user's catalog.

import type { Project } from './project.js';
import { resolveModulePath } from './moduleIndex.js';
import { readMetadata, repoModules } from './moduleSources.js';

const SITE_DIRS = new Set(['site', 'site-modules']);
const OWN_NAMES = new Set(['role', 'roles', 'profile', 'profiles', 'site']);

/** The repo's own authors: its root metadata.json and the metadata.json of its site modules. */
function ownAuthors(project: Project, root: string, modulePath: readonly string[]): Set<string> {
  const out = new Set<string>();
  const rootAuthor = readMetadata(project.view.readFile(`${root}/metadata.json`))?.author;
  if (rootAuthor) out.add(rootAuthor);
  for (const entry of modulePath) {
    if (!SITE_DIRS.has(entry.slice(entry.lastIndexOf('/') + 1))) continue;
    for (const e of project.view.readDirectory(entry)) {
      const a = e.isDirectory
        ? readMetadata(project.view.readFile(`${entry}/${e.name}/metadata.json`))?.author
        : undefined;
      if (a) out.add(a);
    }
  }
  return out;
}

/** Why a file is third-party code (a few words), or undefined when it is the user's. */
export function vendoredReason(project: Project, path: string): string | undefined {
  if (/\/spec\/fixtures\//.test(path)) return 'a test fixture';
  const root = project.repoRoot(path);
  if (!root) return undefined;
  const extra = project.currentSettings.modulePath.map((d) => d.replace(/\/$/, ''));
  const modulePath = resolveModulePath(project, root);
  for (const entry of [...modulePath, ...extra]) {
    if (!path.startsWith(`${entry}/`)) continue;
    const name = path.slice(entry.length + 1).split('/')[0];
    if (!name || name === path.slice(entry.length + 1)) continue;
    if (extra.includes(entry)) return `module ${name} from the extra module path`;
    const sources = repoModules(project, root, modulePath).modules.get(name) ?? [];
    const pinned = sources.find((s) => s.kind === 'puppetfile' || s.kind === 'lock' || s.kind === 'submodule');
    if (pinned)
      return `module ${name}, installed from ${pinned.kind === 'puppetfile' ? 'the Puppetfile' : pinned.kind === 'lock' ? 'Puppetfile.lock' : 'a git submodule'}`;
    if (SITE_DIRS.has(entry.slice(entry.lastIndexOf('/') + 1)) || OWN_NAMES.has(name)) return undefined;
    const author = readMetadata(project.view.readFile(`${entry}/${name}/metadata.json`))?.author;
    if (author && !ownAuthors(project, root, modulePath).has(author)) return `module ${name} by ${author}`;
    return undefined;
  }
  return undefined;
}
