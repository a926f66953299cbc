// The problems of the whole control repo, not only of the open files: after the first module index is ready, and
// again after each change that can move findings between files (a file saved or changed on disk, a keystroke in
// a data file or a manifest, new settings), every file `mesos-puppet check` would check is checked and its
// problems published, so the Problems panel shows what the CLI shows. Open documents are left to the per-keystroke
// loop in server.ts (it sends their version); this pass covers the closed ones. It runs in short slices between
// messages, a new pass cancelling the one under way, sends a file's problems only when they changed, clears the
// problems of files that are gone, and shows its progress where the client supports it.

import type { Connection, Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { LineIndex } from '../base/lineIndex.js';
import { pathToUri } from '../base/paths.js';
import type { Project } from '../workspace/project.js';
import { walkFiles } from '../workspace/files.js';
import { fileDiagnostics, limitDiagnostics } from '../ide/diagnostics.js';
import { toDiagnostic } from './convert.js';

/** The longest stretch of checking between two looks at the incoming messages. */
const SLICE_MS = 8;
/** Quiet time after the last change before a pass starts: typing restarts the wait, not the work. */
const SETTLE_MS = 400;

export interface WorkspaceChecker {
  /** Start a pass once changes have settled (cancels a pass under way). */
  schedule(delayMs?: number): void;
  /** The document is open now, or was just closed: what was sent for it no longer stands. */
  forget(uri: string): void;
  dispose(): void;
}

export interface CheckerHost {
  readonly connection: Connection;
  project(): Project;
  /** Whether the editor has the document open (the per-keystroke loop publishes it). */
  isOpen(uri: string): boolean;
  /** Whether the first module index is still being prepared (diagnostics wait for it). */
  warmingUp(): boolean;
  progressSupported(): boolean;
  log(message: string): void;
}

export function createWorkspaceChecker(host: CheckerHost): WorkspaceChecker {
  /** What was last sent per uri, as JSON, so an unchanged file is not sent again. */
  const sent = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let pass = 0;

  function schedule(delayMs = SETTLE_MS): void {
    if (timer) clearTimeout(timer);
    pass++;
    timer = setTimeout(() => {
      timer = undefined;
      if (host.warmingUp()) {
        schedule();
        return;
      }
      void run(pass);
    }, delayMs);
  }

  async function run(id: number): Promise<void> {
    const project = host.project();
    const files = project.roots.flatMap((root) => walkFiles(project.fs, root)).filter((f) => project.classify(f) !== 'other');
    const progress = host.progressSupported() ? await host.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin('Checking the control repo', 0, `${files.length} files`, false);
    const seen = new Set<string>();
    let done = 0;
    let started = performance.now();
    for (const path of files) {
      if (id !== pass || host.project() !== project) {
        progress?.done();
        return;
      }
      const uri = pathToUri(path);
      seen.add(uri);
      done++;
      if (!host.isOpen(uri)) publish(project, path, uri);
      if (performance.now() - started >= SLICE_MS) {
        progress?.report(Math.round((done / files.length) * 100), `${done} of ${files.length} files`);
        await new Promise((resolve) => setImmediate(resolve));
        started = performance.now();
      }
    }
    // Files that were checked before and are gone now (deleted, renamed, moved out): their problems go too.
    for (const uri of [...sent.keys()]) {
      if (seen.has(uri) || host.isOpen(uri)) continue;
      sent.delete(uri);
      void host.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    progress?.done();
  }

  function publish(project: Project, path: string, uri: string): void {
    let diagnostics: LspDiagnostic[];
    try {
      const text = project.readText(path) ?? '';
      const index = new LineIndex(text);
      const indexes = new Map<string, LineIndex>([[path, index]]);
      const indexFor = (p: string): LineIndex | undefined => {
        let i = indexes.get(p);
        if (!i) {
          const t = project.readText(p);
          if (t === undefined) return undefined;
          indexes.set(p, (i = new LineIndex(t)));
        }
        return i;
      };
      diagnostics = limitDiagnostics(fileDiagnostics(project, path), project.currentSettings.maxDiagnosticsPerFile).map((d) => toDiagnostic(index, d, indexFor));
    } catch (e) {
      host.log(`internal error while checking ${path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return;
    }
    const json = JSON.stringify(diagnostics);
    if ((sent.get(uri) ?? '[]') === json) return;
    if (diagnostics.length === 0) sent.delete(uri);
    else sent.set(uri, json);
    void host.connection.sendDiagnostics({ uri, diagnostics });
  }

  return {
    schedule,
    forget: (uri) => void sent.delete(uri),
    dispose() {
      if (timer) clearTimeout(timer);
      pass++;
    },
  };
}
