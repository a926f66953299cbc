// The problems of the whole control repo, not only of the open files: after the first module index is ready, and
// again after each change that can move findings between files (a file saved or changed on disk, a keystroke in
// a data file or a manifest, new settings), every file `mesos-puppet check` would check is checked and its
// problems published, so the Problems panel shows what the CLI shows. Open documents are left to the per-keystroke
// loop in server.ts (it sends their version); this pass covers the closed ones. It runs in short slices between
// messages, a new pass cancelling the one under way, sends a file's problems only when they changed, clears the
// problems of files that are gone, and shows its progress where the client supports it.
//
// A client that pulls diagnostics (LSP 3.17 `textDocument/diagnostic` and `workspace/diagnostic`) gets the same
// problems by asking: nothing is pushed to it. A change asks it to pull again (`workspace/diagnostic/refresh`,
// after the changes settle), and its long-running workspace request is answered when something changed since
// its last answer (files whose problems are the same are reported `unchanged`).

import type {
  CancellationToken,
  Connection,
  Diagnostic as LspDiagnostic,
  DocumentDiagnosticReport,
  PreviousResultId,
  WorkspaceDiagnosticReport,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { LineIndex } from '../base/lineIndex.js';
import { pathToUri, uriToPath } from '../base/paths.js';
import type { Project } from '../workspace/project.js';
import { walkFiles } from '../workspace/files.js';
import { fileDiagnostics, limitDiagnostics } from '../ide/diagnostics.js';
import { toDiagnostic } from './convert.js';

/** The longest stretch of checking between two looks at the incoming messages. */
const SLICE_MS = 8;
/** Quiet time after the last change before a pass starts: typing restarts the wait, not the work. */
const SETTLE_MS = 400;

export interface WorkspaceChecker {
  /** Start a pass once changes have settled (cancels a pass under way); a pulling client is asked to pull again. */
  schedule(delayMs?: number): void;
  /** `textDocument/diagnostic`: one file's problems, `unchanged` when they are those of `previousResultId`. */
  documentReport(uri: string, previousResultId: string | undefined): Promise<DocumentDiagnosticReport>;
  /** `workspace/diagnostic`: the closed files' problems, answered at once the first time, then on a change. */
  workspaceReport(previous: readonly PreviousResultId[], token: CancellationToken): Promise<WorkspaceDiagnosticReport>;
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
  /** Whether the client pulls diagnostics (then nothing is pushed), and whether it can be asked to pull again. */
  pull(): boolean;
  refreshSupported(): boolean;
  log(message: string): void;
  /** Runs `work` once no message from the editor is waiting (priority.ts): slices yield to requests. */
  whenIdle(work: () => void): void;
}

export function createWorkspaceChecker(host: CheckerHost): WorkspaceChecker {
  /** What was last sent per uri, as JSON, so an unchanged file is not sent again. */
  const sent = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let pass = 0;

  /** Pull mode: bumped on every settled change; waiting workspace requests wake up. */
  let changes = 0;
  const wake: Array<() => void> = [];
  /** Pull mode: the result id last given per uri, with the problems it stands for. */
  const results = new Map<string, { id: string; json: string }>();
  let nextId = 0;

  function schedule(delayMs = SETTLE_MS): void {
    if (timer) clearTimeout(timer);
    pass++;
    timer = setTimeout(() => {
      timer = undefined;
      if (host.warmingUp()) {
        schedule();
        return;
      }
      if (host.pull()) {
        changes++;
        for (const w of wake.splice(0)) w();
        if (host.refreshSupported()) void host.connection.languages.diagnostics.refresh().catch(() => undefined);
        return;
      }
      void run(pass);
    }, delayMs);
  }

  /** The problems of one file as the editor is sent them, or undefined after an internal error (logged). */
  function problemsOf(project: Project, path: string): LspDiagnostic[] | undefined {
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
      return limitDiagnostics(fileDiagnostics(project, path), project.currentSettings.maxDiagnosticsPerFile).map((d) =>
        toDiagnostic(index, d, indexFor),
      );
    } catch (e) {
      host.log(`internal error while checking ${path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return undefined;
    }
  }

  /** A full report with a new result id, or `unchanged` when the problems are those the client has. */
  function reportFor(
    uri: string,
    items: LspDiagnostic[],
    previous: string | undefined,
  ): { kind: 'full'; resultId: string; items: LspDiagnostic[] } | { kind: 'unchanged'; resultId: string } {
    const json = JSON.stringify(items);
    const last = results.get(uri);
    if (last && last.json === json && previous === last.id) return { kind: 'unchanged', resultId: last.id };
    const id = last && last.json === json ? last.id : `${++nextId}`;
    results.set(uri, { id, json });
    return { kind: 'full', resultId: id, items };
  }

  async function untilWarm(): Promise<void> {
    while (host.warmingUp()) await new Promise((r) => setTimeout(r, 20));
  }

  async function documentReport(uri: string, previous: string | undefined): Promise<DocumentDiagnosticReport> {
    await untilWarm();
    const path = uriToPath(uri);
    const project = host.project();
    const items = (path && problemsOf(project, path)) || [];
    return reportFor(uri, items, previous);
  }

  /** The change count each workspace answer was computed at: a request made after it waits for the next change. */
  let answeredAt = -1;

  async function workspaceReport(
    previous: readonly PreviousResultId[],
    token: CancellationToken,
  ): Promise<WorkspaceDiagnosticReport> {
    await untilWarm();
    if (previous.length > 0 && answeredAt === changes) {
      await new Promise<void>((resolve) => {
        wake.push(resolve);
        token.onCancellationRequested(() => resolve());
      });
    }
    answeredAt = changes;
    if (token.isCancellationRequested) return { items: [] };
    const project = host.project();
    const before = new Map(previous.map((p) => [p.uri, p.value]));
    const files = project.roots
      .flatMap((root) => walkFiles(project.fs, root))
      .filter((f) => project.classify(f) !== 'other');
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    const seen = new Set<string>();
    let started = performance.now();
    for (const path of files) {
      const uri = pathToUri(path);
      seen.add(uri);
      if (host.isOpen(uri)) continue;
      const problems = problemsOf(project, path);
      if (problems) items.push({ uri, version: null, ...reportFor(uri, problems, before.get(uri)) });
      if (performance.now() - started >= SLICE_MS) {
        await new Promise<void>((resolve) => host.whenIdle(resolve));
        started = performance.now();
        if (token.isCancellationRequested) return { items: [] };
      }
    }
    // A file the client had problems for that is gone now: an empty report clears them.
    for (const [uri] of before)
      if (!seen.has(uri) && !host.isOpen(uri)) items.push({ uri, version: null, kind: 'full', items: [] });
    return { items };
  }

  async function run(id: number): Promise<void> {
    const project = host.project();
    const files = project.roots
      .flatMap((root) => walkFiles(project.fs, root))
      .filter((f) => project.classify(f) !== 'other');
    const progress = host.progressSupported()
      ? await host.connection.window.createWorkDoneProgress().catch(() => undefined)
      : undefined;
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
        await new Promise<void>((resolve) => host.whenIdle(resolve));
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
    const diagnostics = problemsOf(project, path);
    if (!diagnostics) return;
    const json = JSON.stringify(diagnostics);
    if ((sent.get(uri) ?? '[]') === json) return;
    if (diagnostics.length === 0) sent.delete(uri);
    else sent.set(uri, json);
    void host.connection.sendDiagnostics({ uri, diagnostics });
  }

  return {
    schedule,
    documentReport,
    workspaceReport,
    forget: (uri) => void sent.delete(uri),
    dispose() {
      if (timer) clearTimeout(timer);
      pass++;
    },
  };
}
