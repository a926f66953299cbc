// The language server's lifecycle: initialize and shutdown, document sync, settings, file watching, and the
// diagnostics loop. Features (completion, hover, ...) live in features/, one file each, and are registered from
// features/index.ts. Diagnostics are computed for open documents shortly after each change, and again for
// every open document when a file that changes their meaning (Puppetfile, hiera.yaml, metadata.json, a
// manifest or another data file) changes; the closed files of the repo are checked in the background by
// workspaceDiagnostics.ts, so the whole repo's problems show from the start.

import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageRequest,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument, type Range } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../base/lineIndex.js';
import type { TextChange } from '../base/textDiff.js';
import { uriToPath } from '../base/paths.js';
import { Project, type ProjectSettings } from '../workspace/project.js';
import { basename, resolve as resolvePath } from 'node:path';
import { warmUpIndex } from '../workspace/moduleIndex.js';
import { confineReads, nodeFileSystem, onSkippedFile } from '../workspace/nodeFileSystem.js';
import { parseSettings } from '../workspace/settings.js';
import { repoConfigFor, REPO_CONFIG_FILE } from '../workspace/repoConfig.js';
import { fileDiagnostics, limitDiagnostics } from '../ide/diagnostics.js';
import { watchFolders, type FolderWatcher } from '../workspace/nodeWatcher.js';
import { toDiagnostic } from './convert.js';
import { ServerStatusNotification, type ServerStatus } from '../protocol.js';
import { applyChanges, MAX_SYNC_WORK } from './sync.js';
import { makeWithDocument, oneIndexPerFile, type ClientSupport, type Lifecycle, type Session } from './session.js';
import { FEATURES } from './features/index.js';
import { createWorkspaceChecker } from './workspaceDiagnostics.js';
import { guardTextSync } from './validate.js';
import { createPriority, type Priority } from './priority.js';

/**
 * Delay between the last keystroke and the diagnostics run: changes that arrive together (a paste, a macro, a
 * multi-cursor burst) are checked once, and diagnostics still follow at once. A longer delay would not put the
 * next completion request first either: VS Code sends it 10 ms after the keystroke.
 */
const DIAGNOSTICS_DELAY_MS = 2;

/** The longest stretch of index preparation between two looks at the incoming messages. */
const WARM_UP_SLICE_MS = 8;
/**
 * The pause in the editor's messages a step too long to slice (summarising a very large manifest) waits for:
 * a user typing sends a message every few tens of milliseconds, and that step would hold up their answers.
 */
const LARGE_STEP_QUIET_MS = 250;
/** How long such a step waits at most for that pause: the index must not wait for ever on a user who types on. */
const LARGE_STEP_MAX_WAIT_MS = 3000;

/** Files whose change can change the diagnostics of other files. */
const SHARED_FILES = /(^|\/)(Puppetfile|hiera\.ya?ml|metadata\.json|environment\.conf)$|\.(pp|ya?ml|json)$/;

const NO_CLIENT: ClientSupport = {
  snippets: false,
  markdown: false,
  configuration: false,
  watchRegistration: false,
  folderEvents: false,
  codeActionLiterals: false,
  hierarchicalSymbols: false,
  prepareRename: false,
  completionDefaults: new Set(),
};

/**
 * Starts the server on `given`, by default the one the command line names. `priority` must be the one whose
 * message strategy the connection was given, so background work can yield to waiting messages (see priority.ts).
 */
export function startServer(given?: Connection, priority: Priority = createPriority()): Connection {
  const connection = given ?? createConnection({ messageStrategy: priority.messageStrategy });
  // The documents, updated from the editor's changes. A single change is remembered as an offset range with the
  // text it applied to, so the Hiera parse and the line index update only what it touched.
  const lastChange = new Map<string, { before: string; change: TextChange }>();
  // Documents whose changes the server stopped applying (one didChange over the sync budget), with the number of
  // changes that message held: answered from disk until the editor opens them again.
  const unfollowed = new Map<string, number>();
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (doc, changes, version) => {
      const before = doc.getText();
      const only = changes.length === 1 ? changes[0] : undefined;
      const range = (only as { range?: Range } | undefined)?.range;
      const change =
        only && range
          ? { start: doc.offsetAt(range.start), oldEnd: doc.offsetAt(range.end), text: only.text }
          : undefined;
      if (unfollowed.has(doc.uri)) return doc;
      let updated: TextDocument;
      if (changes.length <= 1) updated = TextDocument.update(doc, changes, version);
      else {
        const applied = applyChanges(doc, changes, version);
        if (applied.kind === 'over-budget') {
          unfollowed.set(doc.uri, applied.changes);
          lastChange.delete(doc.uri);
          return doc;
        }
        updated = applied.doc;
      }
      if (change)
        lastChange.set(doc.uri, {
          before,
          change: { start: change.start, oldEnd: change.oldEnd, newEnd: change.start + change.text.length },
        });
      else lastChange.delete(doc.uri);
      return updated;
    },
  });
  let project = new Project(nodeFileSystem, []);
  /** When the current project began reading files: the watcher reports files written since (Date.now()). */
  let projectSince = Date.now();
  let client = NO_CLIENT;
  /** Diagnostics runs waiting to start, each with the function that cancels it. */
  const pending = new Map<string, () => void>();

  let lifecycle: Lifecycle = 'uninitialized';

  // No timestamp of our own: the editors stamp each line (VS Code's log channel, Neovim's lsp.log), and a second
  // one only doubled them.
  const log = (message: string): void => connection.console.log(message);
  // A warning is shown through window/showMessageRequest, which the client answers. A client may refuse it or the
  // user dismiss it: both are normal, and the message is in the log already, so the answer is not waited for and
  // a refusal is dropped (unhandled, it ended as an internal error in the log).
  const warnUser = (message: string): void => {
    connection
      .sendRequest(ShowMessageRequest.type, { type: MessageType.Warning, message })
      .then(undefined, () => undefined);
  };

  // Say once per file what was left out and why (too large, binary, unreadable), however often it is read.
  const skippedFiles = new Set<string>();
  onSkippedFile((path, reason) => {
    if (skippedFiles.has(path) || skippedFiles.size >= 1000) return;
    skippedFiles.add(path);
    log(`skipped ${path}: ${reason}`);
  });

  const indexFor = (path: string): LineIndex | undefined => project.lineIndex(path);
  /** The index of a document's text: the project's when it holds that text (it does unless the file is unfollowed). */
  const indexOf = (path: string, text: string): LineIndex => {
    const known = project.lineIndex(path);
    return known && known.text === text ? known : new LineIndex(text);
  };

  const session: Session = {
    connection,
    documents,
    project: () => project,
    client: () => client,
    log,
    indexFor,
    withDocument: makeWithDocument(
      documents,
      log,
      () => lifecycle,
      (uri) => unfollowed.has(uri),
      indexOf,
    ),
  };

  // The first module index of each control repo is prepared in slices between requests (see warmUpIndex), so
  // the server answers from the first moment; diagnostics meanwhile say what each file says on its own, and
  // the full set, which needs the whole index, follows when it is ready.
  let warmingUp = false;
  let progressSupported = false;
  /** The client pulls diagnostics (LSP 3.17): they are answered on request, never pushed. */
  let pullDiagnostics = false;
  let refreshSupported = false;
  let configRegistration = false;
  const workspaceChecker = createWorkspaceChecker({
    connection,
    project: () => project,
    isOpen: (uri) => documents.get(uri) !== undefined,
    warmingUp: () => warmingUp,
    progressSupported: () => progressSupported,
    pull: () => pullDiagnostics,
    refreshSupported: () => refreshSupported,
    log: (m) => log(m),
    whenIdle: (work) => priority.whenIdle(work),
  });
  const waitingForIndex = new Set<string>();

  function startWarmUp(): void {
    const p = project;
    const started = performance.now();
    const jobs = p.controlRepos().map((root) => warmUpIndex(p, root));
    warmingUp = true;
    // Each job's first step runs now: it marks the warm-up under way, so a request that comes before the first
    // slice (background work yields to requests) answers without the index instead of building it itself.
    try {
      for (let i = jobs.length - 1; i >= 0; i--) if (jobs[i].next().done) jobs.splice(i, 1);
    } catch (e) {
      log(
        `internal error while preparing the module index: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      for (const job of jobs) job.return();
      jobs.length = 0;
    }
    const tick = (): void => {
      if (p !== project) return;
      const until = performance.now() + WARM_UP_SLICE_MS;
      let large = false;
      try {
        while (!large && jobs.length > 0 && performance.now() < until) {
          const step = jobs[0].next();
          if (step.done) jobs.shift();
          else large = step.value === 'large';
        }
      } catch (e) {
        // A bug in a step must not take the server down: the index is then built when first asked for.
        log(
          `internal error while preparing the module index: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        );
        for (const job of jobs) job.return();
        jobs.length = 0;
      }
      if (jobs.length > 0) {
        if (large) priority.whenQuiet(tick, LARGE_STEP_QUIET_MS, LARGE_STEP_MAX_WAIT_MS);
        else priority.whenIdle(tick);
        return;
      }
      warmingUp = false;
      log(`module index prepared in ${Math.round(performance.now() - started)} ms`);
      for (const uri of waitingForIndex) schedule(uri, 0);
      waitingForIndex.clear();
      workspaceChecker.schedule(0);
    };
    priority.whenIdle(tick);
  }

  function publish(uri: string): void {
    pending.delete(uri);
    const doc = documents.get(uri);
    const path = uriToPath(uri);
    if (!doc || !path || unfollowed.has(uri)) return;
    // A pulling client asks for the document itself; what the edit changed elsewhere, it is told to pull again.
    if (pullDiagnostics) {
      workspaceChecker.schedule();
      return;
    }
    // While the first index is prepared, what the file says on its own (syntax, its parse's problems) is
    // published at once; the full set follows when the index is ready.
    const scope = warmingUp ? 'file' : 'repo';
    if (warmingUp) waitingForIndex.add(uri);
    const index = indexOf(path, doc.getText());
    const related = oneIndexPerFile((p) => (p === path ? index : indexFor(p)));
    let diags;
    try {
      diags = limitDiagnostics(
        fileDiagnostics(project, path, { scope }),
        project.currentSettings.maxDiagnosticsPerFile,
      ).map((d) => toDiagnostic(index, d, related));
    } catch (e) {
      log(`internal error while checking ${path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return;
    }
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: diags });
  }

  function schedule(uri: string, delay = DIAGNOSTICS_DELAY_MS): void {
    pending.get(uri)?.();
    // A request the editor sent meanwhile (the completion after a keystroke) is answered first.
    pending.set(
      uri,
      priority.whenIdle(() => publish(uri), delay),
    );
  }

  function revalidateAll(except?: string): void {
    for (const doc of documents.all()) if (doc.uri !== except) schedule(doc.uri, DIAGNOSTICS_DELAY_MS * 4);
    workspaceChecker.schedule();
  }

  async function loadSettings(initial: unknown): Promise<void> {
    let raw = initial;
    if (client.configuration) {
      try {
        raw = await connection.workspace.getConfiguration('mesosPuppet');
      } catch (e) {
        log(`could not read the settings: ${String(e)}`);
      }
    }
    const { settings, problems } = parseSettings(raw);
    for (const p of problems) {
      log(p);
      warnUser(p);
    }
    editorSettings = settings;
    applySettings();
  }

  /** The editor's settings, with each control repo's .mesos-puppet.yaml module folders after the editor's. */
  let editorSettings: ProjectSettings | undefined;
  /** False when the editor says the user does not trust the workspace (VS Code's restricted mode). */
  let workspaceTrusted = true;
  /** Module folders outside the workspace a repo's .mesos-puppet.yaml names in an untrusted workspace, told once. */
  const untrustedFoldersTold = new Set<string>();
  function applySettings(): void {
    const base = editorSettings ?? project.currentSettings;
    const inside = (dir: string): boolean => project.roots.some((r) => dir === r || dir.startsWith(`${r}/`));
    // The workspace's own files cannot widen what is read unless the user trusts it (issue 17 req 2): in an
    // untrusted workspace a .mesos-puppet.yaml module folder outside the workspace folders is left out.
    const fromRepos = project
      .controlRepos()
      .flatMap((root) => repoConfigFor(project, root).config.modulePath.map((d) => resolvePath(root, d)))
      .filter((dir) => {
        if (workspaceTrusted || inside(dir)) return true;
        if (!untrustedFoldersTold.has(dir)) {
          untrustedFoldersTold.add(dir);
          log(
            `untrusted workspace: the module folder ${dir} that .mesos-puppet.yaml names lies outside the workspace and is not read`,
          );
        }
        return false;
      });
    const settings = { ...base, modulePath: [...new Set([...base.modulePath, ...fromRepos])] };
    // Unchanged settings must not start a new project generation: that would throw away every analysis cached
    // per generation (module index, cluster model) and rebuild it, as happened right after every start-up.
    if (JSON.stringify(settings) !== JSON.stringify(project.currentSettings)) project.updateSettings(settings);
    confineToProject();
  }

  /**
   * Nothing outside the workspace folders and the configured module path is read (links leading out are not
   * followed). Without workspace folders (a single file opened) the editor's files lead the way, unconfined.
   */
  function confineToProject(): void {
    const modulePath = project.currentSettings.modulePath;
    confineReads(project.roots.length === 0 ? undefined : [...project.roots, ...modulePath], modulePath);
  }

  function watchWorkspaceFolders(): void {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
      const roots = [
        ...project.roots.filter((r) => !removed.has(r)),
        ...e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p),
      ];
      const next = new Project(nodeFileSystem, roots, project.currentSettings);
      for (const doc of documents.all()) {
        const p = uriToPath(doc.uri);
        if (p) next.setOpenText(p, doc.getText());
      }
      project = next;
      projectSince = Date.now();
      confineToProject();
      watchOnOurOwn();
      startWarmUp();
      revalidateAll();
    });
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    lifecycle = 'running';
    const caps = params.capabilities;
    client = {
      snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
      markdown: (caps.textDocument?.completion?.completionItem?.documentationFormat ?? []).includes('markdown'),
      configuration: caps.workspace?.configuration === true,
      watchRegistration: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      folderEvents: caps.workspace?.workspaceFolders === true,
      codeActionLiterals: caps.textDocument?.codeAction?.codeActionLiteralSupport !== undefined,
      hierarchicalSymbols: caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
      prepareRename: caps.textDocument?.rename?.prepareSupport === true,
      completionDefaults: new Set(caps.textDocument?.completion?.completionList?.itemDefaults ?? []),
    };
    progressSupported = caps.window?.workDoneProgress === true;
    pullDiagnostics = caps.textDocument?.diagnostic !== undefined;
    configRegistration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    refreshSupported = caps.workspace?.diagnostics?.refreshSupport === true;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const roots = folders.map(uriToPath).filter((p): p is string => p !== undefined);
    const init = params.initializationOptions as { settings?: unknown; trusted?: unknown } | undefined;
    // VS Code says whether the user trusts the workspace; editors without workspace trust send nothing.
    workspaceTrusted = init?.trusted !== false;
    project = new Project(nodeFileSystem, roots, parseSettings(init?.settings).settings);
    projectSince = Date.now();
    confineToProject();
    log(`mesos-puppet language server started (pid ${process.pid}); roots: ${roots.join(', ') || '(none)'}`);
    startWarmUp();
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
    for (const f of FEATURES) Object.assign(capabilities, f.capabilities(client));
    // Problems of one file depend on others (cluster rules read every node's data).
    if (pullDiagnostics)
      capabilities.diagnosticProvider = {
        identifier: 'mesos-puppet',
        interFileDependencies: true,
        workspaceDiagnostics: true,
      };
    return { capabilities, serverInfo: { name: 'mesos-puppet-language-server', version: '0.1.0' } };
  });

  connection.onInitialized(async () => {
    // Registered only where the client can register it (eglot 1.9 warns at a registration it does not support).
    if (client.configuration && configRegistration)
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'mesosPuppet' });
    if (client.watchRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          {
            globPattern:
              '**/{Puppetfile,*.Puppetfile,hiera.yaml,hiera.yml,metadata.json,environment.conf,*.pp,*.yaml,*.yml,*.json}',
          },
        ],
      });
    }
    if (client.folderEvents) watchWorkspaceFolders();
    watchOnOurOwn();
    await loadSettings(undefined);
    const status: ServerStatus = { roots: project.roots, message: 'ready' };
    void connection.sendNotification(ServerStatusNotification, status);
    revalidateAll();
  });

  connection.onDidChangeConfiguration(async (change) => {
    await loadSettings((change.settings as { mesosPuppet?: unknown } | undefined)?.mesosPuppet);
    revalidateAll();
  });

  /** Files changed on disk, as the editor's file events or our own watcher report them. */
  function changedOnDisk(paths: readonly string[]): void {
    let shared = false;
    let config = false;
    for (const path of paths) {
      skippedFiles.delete(path);
      project.invalidate(path);
      if (SHARED_FILES.test(path) || !/\.[^/]*$/.test(path)) shared = true;
      if (path.endsWith(`/${REPO_CONFIG_FILE}`)) config = true;
    }
    if (config) applySettings();
    if (shared) revalidateAll();
  }

  connection.onDidChangeWatchedFiles((params) => {
    changedOnDisk(params.changes.map((c) => uriToPath(c.uri)).filter((p): p is string => p !== undefined));
  });

  // An editor that cannot watch files for us (Neovim before 0.9, older Helix): the server watches the workspace
  // folders itself, so that changes made outside the editor are still seen.
  let watcher: FolderWatcher | undefined;
  function watchOnOurOwn(): void {
    watcher?.close();
    watcher = undefined;
    if (client.watchRegistration || project.roots.length === 0) return;
    const w = (watcher = watchFolders(project.roots, { onChange: changedOnDisk, log, since: projectSince }));
    void w.ready.then(() => {
      if (watcher === w)
        log(`the editor does not watch files for the server: watching ${w.folders()} folders of the workspace itself`);
    });
  }

  documents.onDidOpen((e) => {
    unfollowed.delete(e.document.uri);
    const path = uriToPath(e.document.uri);
    if (path) project.setOpenText(path, e.document.getText());
    else
      log(
        `not analysing ${e.document.uri.slice(0, 200)}: only file: URIs of paths up to 4,096 characters are analysed`,
      );
    workspaceChecker.forget(e.document.uri);
    schedule(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => {
    const path = uriToPath(e.document.uri);
    if (!path) return;
    const given = unfollowed.get(e.document.uri);
    if (given !== undefined) {
      if (given < 0) return;
      unfollowed.set(e.document.uri, -1);
      // Told once; the file is served as saved on disk until it is opened again.
      project.setOpenText(path, undefined);
      pending.get(e.document.uri)?.();
      pending.delete(e.document.uri);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      const message = `mesos-puppet: one edit of ${basename(path)} came as ${given.toLocaleString('en-US')} changes, more than the server applies in one go (${MAX_SYNC_WORK.toLocaleString('en-US')} characters of work). It stopped following the unsaved text of this file: close and reopen it.`;
      log(message);
      warnUser(message);
      return;
    }
    const text = e.document.getText();
    const last = lastChange.get(e.document.uri);
    lastChange.delete(e.document.uri);
    project.setOpenText(path, text, last);
    // The line index follows each change (derived from the one before), so no later request rescans the file.
    project.lineIndex(path);
    schedule(e.document.uri);
    if (path.endsWith(`/${REPO_CONFIG_FILE}`)) applySettings();
    if (SHARED_FILES.test(path)) revalidateAll(e.document.uri);
  });
  documents.onDidClose((e) => {
    unfollowed.delete(e.document.uri);
    const path = uriToPath(e.document.uri);
    if (path) project.setOpenText(path, undefined);
    pending.get(e.document.uri)?.();
    pending.delete(e.document.uri);
    // Cleared now; the background pass publishes the file's problems as saved on disk, if it is the repo's.
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    workspaceChecker.forget(e.document.uri);
    if (path && SHARED_FILES.test(path)) revalidateAll();
    else workspaceChecker.schedule();
  });

  for (const f of FEATURES) f.register(session);
  // LSP 3.17 pull diagnostics, for clients that announce them (see workspaceDiagnostics.ts).
  connection.languages.diagnostics.on((params) =>
    workspaceChecker.documentReport(params.textDocument.uri, params.previousResultId),
  );
  connection.languages.diagnostics.onWorkspace((params, token) =>
    workspaceChecker.workspaceReport(params.previousResultIds, token),
  );

  connection.onShutdown(() => {
    if (lifecycle === 'shutdown') return;
    lifecycle = 'shutdown';
    watcher?.close();
    workspaceChecker.dispose();
    for (const cancel of pending.values()) cancel();
    pending.clear();
    log('shutting down');
  });

  documents.listen(guardTextSync(connection, log));
  connection.listen();
  // The input of the transport the command line chose, seen as it arrives (listened to after the connection
  // does, so no message is read before the connection listens); a socket or pipe is seen as messages are handled.
  if (!given) {
    if (process.argv.includes('--stdio')) priority.watchInput(process.stdin, 'data');
    else if (process.argv.includes('--node-ipc')) priority.watchInput(process, 'message');
  }
  return connection;
}
