// Watching the workspace folders on disk, for editors that cannot watch files for the server (Neovim before
// 0.9, older Helix): without it, a file changed outside the editor (git pull, r10k, a new profile written by
// another tool) would stay unknown until the server restarts. One non-recursive fs.watch per folder, hidden
// folders and node_modules left out, new folders watched as they appear, and a bound on the number of folders.
// Changes are reported in batches, as the editor's file events would be.

import * as fs from 'node:fs';
import { REPO_CONFIG_FILE } from './repoConfig.js';

/** Paths whose change can matter: what the module index, the rules and the lookup engine read. */
const RELEVANT = /(^|\/)(Puppetfile|[^/]+\.Puppetfile|environment\.conf)$|\.(pp|epp|ya?ml|json)$/;

/** Folders never entered, as in walkFiles. */
const SKIP = new Set(['node_modules', '.git', '.r10k', '.tmp']);

export interface FolderWatcher {
  /** How many folders are watched now. */
  readonly folders: () => number;
  /** Settles once the folders there were at the start are all watched (they are walked a few at a time). */
  readonly ready: Promise<void>;
  close(): void;
}

export interface WatchOptions {
  /** Called with the changed paths (files, and folders that came or went), at most every `batchMs`. */
  readonly onChange: (paths: string[]) => void;
  readonly log: (message: string) => void;
  /** Folders watched at most; beyond it the rest are not, and the log says so once. */
  readonly maxFolders?: number;
  readonly batchMs?: number;
  /**
   * When the caller's view of the files began (ms since the epoch; default: now). A file written before it was
   * never seen in an older state, so it is not reported; one written since, before its folder was watched, is.
   */
  readonly since?: number;
}

/** File times come from the kernel's coarse clock, a few milliseconds behind Date.now(): a margin covers it. */
const CLOCK_MARGIN_MS = 50;

export function watchFolders(roots: readonly string[], options: WatchOptions): FolderWatcher {
  const max = options.maxFolders ?? 4000;
  const batchMs = options.batchMs ?? 50;
  /** Each watched folder, with the inode it had: a folder moved over it has another. */
  const watchers = new Map<string, { readonly watcher: fs.FSWatcher; readonly ino: number }>();
  /** Folders waiting in `todo`. */
  const queued = new Set<string>();
  const started = (options.since ?? Date.now()) - CLOCK_MARGIN_MS;
  /** Whether a file was written (or moved in: its ctime) since the start. */
  const changedSince = (path: string): boolean => {
    try {
      const st = fs.lstatSync(path);
      return Math.max(st.mtimeMs, st.ctimeMs) >= started;
    } catch {
      return false;
    }
  };
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let warned = false;
  let closed = false;

  const flush = (): void => {
    timer = undefined;
    if (closed || pending.size === 0) return;
    const paths = [...pending];
    pending.clear();
    options.onChange(paths);
  };
  const queue = (path: string): void => {
    pending.add(path);
    timer ??= setTimeout(flush, batchMs);
  };

  const unwatch = (dir: string): void => {
    for (const [d, w] of watchers) {
      if (d === dir || d.startsWith(`${dir}/`)) {
        w.watcher.close();
        watchers.delete(d);
      }
    }
  };

  // Folders still to watch, taken a few at a time between the server's messages, so that a big workspace does
  // not hold up its first answers.
  const todo: Array<{ dir: string; report: boolean }> = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let pumping = false;
  const pump = (): void => {
    pumping = false;
    if (closed) return markReady();
    for (let n = 0; n < 64 && todo.length > 0; n++) {
      const next = todo.pop()!;
      if (!queued.delete(next.dir)) continue;
      watchOne(next.dir, next.report);
    }
    if (todo.length > 0) schedule();
    else markReady();
  };
  const schedule = (): void => {
    if (!pumping) setImmediate(pump);
    pumping = true;
  };
  /** Watches `dir` and, later, the folders below it; with `report`, the files found are reported as changed (a folder moved in). */
  const watch = (dir: string, report: boolean): void => {
    queued.add(dir);
    todo.push({ dir, report });
    schedule();
  };

  const watchOne = (dir: string, report: boolean): void => {
    if (closed || watchers.has(dir)) return;
    if (watchers.size >= max) {
      if (!warned)
        options.log(
          `watching the first ${max} folders of the workspace only; changes below the others are seen when their files are opened`,
        );
      warned = true;
      return;
    }
    let entries: fs.Dirent[];
    let changedSinceStart: boolean;
    try {
      const st = fs.statSync(dir);
      const w = fs.watch(dir, { persistent: false }, (_event, name) =>
        onEvent(dir, name === null ? undefined : String(name)),
      );
      w.on('error', () => unwatch(dir));
      watchers.set(dir, { watcher: w, ino: st.ino });
      entries = fs.readdirSync(dir, { withFileTypes: true });
      // A file came or went here after we started but before this folder was watched: its event is lost, so
      // the files written since are reported now (those written before it were never read in an older state).
      changedSinceStart = st.mtimeMs >= started;
    } catch {
      // Gone or unreadable: nothing to watch.
      return;
    }
    for (const e of entries) {
      const path = `${dir}/${e.name}`;
      // Symbolic links are not followed: a link loop must not watch forever.
      if (e.isDirectory() && !e.name.startsWith('.') && !SKIP.has(e.name)) watch(path, report);
      else if (e.isFile() && RELEVANT.test(path) && (report || (changedSinceStart && changedSince(path)))) queue(path);
    }
  };

  const onEvent = (dir: string, name: string | undefined): void => {
    if (closed) return;
    if (name === undefined) {
      queue(dir);
      return;
    }
    if ((name.startsWith('.') && name !== REPO_CONFIG_FILE) || name.includes('/')) return;
    const path = `${dir}/${name}`;
    let stat: fs.Stats | undefined;
    try {
      stat = fs.lstatSync(path);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      if (SKIP.has(name)) return;
      const known = watchers.get(path);
      // A folder moved over a watched one is another folder: watch it afresh.
      if (known && known.ino !== stat.ino) unwatch(path);
      if (!watchers.has(path) && !queued.has(path)) {
        watch(path, true);
        queue(path);
      }
      return;
    }
    if (!stat && (watchers.has(path) || queued.has(path))) {
      // A folder (watched, or waiting to be) is gone: so is everything below it.
      unwatch(path);
      for (const q of [...queued]) if (q === path || q.startsWith(`${path}/`)) queued.delete(q);
      queue(path);
      return;
    }
    if (RELEVANT.test(path)) queue(path);
  };

  for (const root of roots) watch(root, false);
  if (roots.length === 0) markReady();
  return {
    folders: () => watchers.size,
    ready,
    close(): void {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.watcher.close();
      watchers.clear();
      queued.clear();
    },
  };
}
