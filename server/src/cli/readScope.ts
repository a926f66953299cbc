// What the CLI may read (issue 17): the folders it checks (each file's control repo), the module path it is given
// and the facts folder, nothing else. A link that leads elsewhere (a data file linked to /etc/shadow, a datadir or
// modulepath folder linked out) is not followed, and each file left unread is named once on stderr. The module
// path is capped as the mesosPuppet.modulePath setting is.

import { confineReads, onSkippedFile } from '../workspace/nodeFileSystem.js';
import { MAX_MODULE_PATH_ENTRIES } from '../workspace/settings.js';

/**
 * `--module-path` values (each a `:`-separated list) as the folders given, the first MAX_MODULE_PATH_ENTRIES of
 * them; a longer list is cut there with a warning on stderr.
 */
export function modulePathOption(values: readonly string[] | undefined): string[] {
  const all = (values ?? []).flatMap((v) => v.split(':').filter(Boolean));
  if (all.length > MAX_MODULE_PATH_ENTRIES)
    process.stderr.write(
      `mesos-puppet: warning: --module-path lists ${all.length.toLocaleString('en-US')} folders; only the first ${MAX_MODULE_PATH_ENTRIES} are read (the rest, from ${JSON.stringify(all[MAX_MODULE_PATH_ENTRIES]).slice(0, 200)} on, are left out)\n`,
    );
  return all.slice(0, MAX_MODULE_PATH_ENTRIES);
}

/**
 * Reads from now on stay inside these folders (their real paths); the modules of `modulePath` are read where
 * their links lead, as Puppet reads a modulepath.
 */
export function confineCliReads(folders: readonly string[], modulePath: readonly string[] = []): void {
  confineReads([...new Set([...folders, ...modulePath])], modulePath);
}

/** For the length of one command: every file left unread is named once on stderr, with the reason. */
export function reportSkippedFiles(): void {
  const told = new Set<string>();
  onSkippedFile((path, reason) => {
    if (told.has(path)) return;
    told.add(path);
    process.stderr.write(`mesos-puppet: skipped ${path}: ${reason}\n`);
  });
}
