// The language server: the only code that knows the connection. Each handler converts the request into our
// terms (path, offset), asks an ide/ function, and converts the answer back. Diagnostics are computed for open
// documents shortly after each change and again for every open document when a file that changes their meaning
// (Puppetfile, hiera.yaml, metadata.json) changes.

import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  CodeActionKind,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../base/lineIndex.js';
import { uriToPath } from '../base/paths.js';
import { Project } from '../workspace/project.js';
import { nodeFileSystem } from '../workspace/nodeFileSystem.js';
import { parseSettings } from '../workspace/settings.js';
import { fileDiagnostics } from '../ide/diagnostics.js';
import { complete } from '../ide/completion.js';
import { hover } from '../ide/hover.js';
import { quickFixes } from '../ide/codeActions.js';
import { toCodeAction, toCompletionItem, toDiagnostic, toRange } from './convert.js';
import { SERVER_STATUS_NOTIFICATION, type ServerStatus } from '../protocol.js';

/** Delay between the last keystroke and the diagnostics run: short, so they feel immediate. */
const DIAGNOSTICS_DELAY_MS = 25;

const META_FILES = /(^|\/)(Puppetfile|hiera\.ya?ml|metadata\.json|environment\.conf)$/;

export function startServer(connection: Connection = createConnection()): Connection {
  const documents = new TextDocuments(TextDocument);
  let project = new Project(nodeFileSystem, []);
  let supportsSnippets = false;
  let supportsMarkdown = false;
  let supportsConfiguration = false;
  let supportsWatchRegistration = false;
  let supportsFolderEvents = false;
  const pending = new Map<string, NodeJS.Timeout>();

  const log = (message: string): void => connection.console.log(`[${new Date().toISOString().slice(11, 23)}] ${message}`);

  function cancelled(token: CancellationToken): void {
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  }

  function docPath(uri: string): string | undefined {
    return uriToPath(uri);
  }

  function publish(uri: string): void {
    pending.delete(uri);
    const doc = documents.get(uri);
    const path = docPath(uri);
    if (!doc || !path) return;
    const index = new LineIndex(doc.getText());
    const diags = fileDiagnostics(project, path).map((d) =>
      toDiagnostic(index, d, (p) => (p === path ? index : (() => { const t = project.readText(p); return t === undefined ? undefined : new LineIndex(t); })())),
    );
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: diags });
  }

  function schedule(uri: string, delay = DIAGNOSTICS_DELAY_MS): void {
    const t = pending.get(uri);
    if (t) clearTimeout(t);
    pending.set(uri, setTimeout(() => publish(uri), delay));
  }

  function revalidateAll(): void {
    for (const doc of documents.all()) schedule(doc.uri);
  }

  async function loadSettings(initial: unknown): Promise<void> {
    let raw = initial;
    if (supportsConfiguration) {
      try {
        raw = await connection.workspace.getConfiguration('mesosPuppet');
      } catch (e) {
        log(`could not read the settings: ${String(e)}`);
      }
    }
    const { settings, problems } = parseSettings(raw);
    for (const p of problems) {
      log(p);
      void connection.window.showWarningMessage(p);
    }
    project.updateSettings(settings);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    supportsSnippets = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
    supportsMarkdown = (caps.textDocument?.completion?.completionItem?.documentationFormat ?? []).includes('markdown');
    supportsConfiguration = caps.workspace?.configuration === true;
    supportsWatchRegistration = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    supportsFolderEvents = caps.workspace?.workspaceFolders === true;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const roots = folders.map(uriToPath).filter((p): p is string => p !== undefined);
    project = new Project(nodeFileSystem, roots, parseSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings).settings);
    log(`mesos-puppet language server started (pid ${process.pid}); roots: ${roots.join(', ') || '(none)'}`);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [':'], resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'mesos-puppet-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (supportsConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'mesosPuppet' });
    if (supportsWatchRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/{Puppetfile,*.Puppetfile,hiera.yaml,hiera.yml,metadata.json,environment.conf,*.pp,*.yaml,*.yml,*.json}' }],
      });
    }
    if (supportsFolderEvents) watchWorkspaceFolders();
    await loadSettings(undefined);
    const status: ServerStatus = { roots: project.roots, message: 'ready' };
    void connection.sendNotification(SERVER_STATUS_NOTIFICATION, status);
    revalidateAll();
  });

  connection.onDidChangeConfiguration(async (change) => {
    await loadSettings((change.settings as { mesosPuppet?: unknown } | undefined)?.mesosPuppet);
    revalidateAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    let meta = false;
    for (const change of params.changes) {
      const path = docPath(change.uri);
      if (!path) continue;
      project.invalidate(path);
      if (META_FILES.test(path)) meta = true;
    }
    if (meta) revalidateAll();
  });

  function watchWorkspaceFolders(): void {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
      const roots = [...project.roots.filter((r) => !removed.has(r)), ...e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p)];
      const next = new Project(nodeFileSystem, roots, project.currentSettings);
      for (const doc of documents.all()) {
        const p = docPath(doc.uri);
        if (p) next.setOpenText(p, doc.getText());
      }
      project = next;
      revalidateAll();
    });
  }

  documents.onDidOpen((e) => {
    const path = docPath(e.document.uri);
    if (path) project.setOpenText(path, e.document.getText());
    schedule(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => {
    const path = docPath(e.document.uri);
    if (!path) return;
    project.setOpenText(path, e.document.getText());
    if (META_FILES.test(path)) revalidateAll();
    else schedule(e.document.uri);
  });
  documents.onDidClose((e) => {
    const path = docPath(e.document.uri);
    if (path) project.setOpenText(path, undefined);
    const t = pending.get(e.document.uri);
    if (t) clearTimeout(t);
    pending.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    if (path && META_FILES.test(path)) revalidateAll();
  });

  connection.onCompletion((params, token) => {
    cancelled(token);
    const doc = documents.get(params.textDocument.uri);
    const path = docPath(params.textDocument.uri);
    if (!doc || !path) return null;
    const index = new LineIndex(doc.getText());
    const items = complete(project, path, index.offset(params.position));
    cancelled(token);
    return { isIncomplete: false, items: items.map((i) => toCompletionItem(index, i, supportsSnippets, supportsMarkdown)) };
  });

  connection.onHover((params, token) => {
    cancelled(token);
    const doc = documents.get(params.textDocument.uri);
    const path = docPath(params.textDocument.uri);
    if (!doc || !path) return null;
    const index = new LineIndex(doc.getText());
    const h = hover(project, path, index.offset(params.position));
    return h ? { contents: { kind: 'markdown', value: h.markdown }, range: toRange(index, h.range) } : null;
  });

  connection.onCodeAction((params, token) => {
    cancelled(token);
    const doc = documents.get(params.textDocument.uri);
    const path = docPath(params.textDocument.uri);
    if (!doc || !path) return null;
    const index = new LineIndex(doc.getText());
    const range = { start: index.offset(params.range.start), end: index.offset(params.range.end) };
    const indexFor = (p: string): LineIndex | undefined => {
      if (p === path) return index;
      const t = project.readText(p);
      return t === undefined ? undefined : new LineIndex(t);
    };
    return quickFixes(project, path, range).map((q) => toCodeAction(q.fix, toDiagnostic(index, q.diagnostic, indexFor), indexFor));
  });

  connection.onShutdown(() => {
    for (const t of pending.values()) clearTimeout(t);
    pending.clear();
    log('shutting down');
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
