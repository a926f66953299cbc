// A richer protocol session on top of lspClient.ts for the fuzz, hostile-input, soak tests and the bench: the
// server's log messages are recorded, settings are answered from `workspace/configuration`, documents are
// opened and edited by offset, and the server's memory is read from /proc.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, type TestClient } from './lspClient.js';
import { ServerStatsRequest, type ServerStats } from '../../server/src/protocol.js';
import { ResponseError } from 'vscode-languageserver-protocol/node';

let built = false;

/** Builds dist/ once per test process (the protocol suites test the built server). */
export function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: join(__dirname, '../..'), stdio: 'pipe' });
  built = true;
}

export interface SessionOptions {
  readonly root?: string;
  /** Answered to workspace/configuration for `mesosPuppet`, and passed as initializationOptions.settings. */
  readonly settings?: Record<string, unknown>;
  readonly capabilities?: object;
  /** Sent as initializationOptions.trusted, as the VS Code client sends workspace trust (omitted: not sent). */
  readonly trusted?: boolean;
  /** Send `initialize`/`initialized` (default true). */
  readonly initialize?: boolean;
  /** Another language server's script to run instead of ours (the bench's peers). */
  readonly serverScript?: string;
  /**
   * init() returns once our server has prepared its first module index (default true for our server), so the
   * first diagnostics of a file opened then are the full set: during the warm-up the server publishes each
   * file's own problems first. The bench and the warm-up's own tests say false, to meet the server cold.
   */
  readonly waitForIndex?: boolean;
  /**
   * How the client answers a warning with actions (window/showMessageRequest): as a user who dismisses it
   * (default), or with an error, as a client that does not show such messages may.
   */
  readonly messageRequests?: 'dismissed' | 'rejected';
}

export interface Session extends TestClient {
  readonly logs: string[];
  readonly root?: string;
  init(): Promise<unknown>;
  open(path: string, text: string, languageId?: string): string;
  /** Replaces [start, end) of the open document's text (offsets in UTF-16 code units) with `text`. */
  change(uri: string, start: number, end: number, text: string): number;
  /** performance.now() when the last didChange was handed to the connection (after the client's own work). */
  lastChangeSentAt(): number;
  textOf(uri: string): string;
  completion(uri: string, offset: number): Promise<unknown>;
  hover(uri: string, offset: number): Promise<unknown>;
  codeAction(uri: string, start: number, end: number): Promise<unknown>;
  shutdown(): Promise<number | null>;
  /** The server's resident memory now (VmRSS) and at its peak (VmHWM), in kB. */
  memory(): { rssKb: number; peakKb: number };
  /**
   * The server's own figures (mesosPuppet/serverStats): its heap, and the longest its event loop was held since
   * the previous call (the first call starts the monitor). Recorded, never asserted on: it is a time. With
   * `collect`, the server runs a full garbage collection first and reports the heap that survived it.
   */
  stats(options?: { collect?: boolean }): Promise<ServerStats>;
}

export function uriOf(path: string): string {
  return pathToFileURL(path).toString();
}

/** Line/character (UTF-16) of an offset; lines end at \n, \r\n or \r, as in the protocol. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  // An offset between \r and \n is on the line the \r ends.
  return { line, character: offset - lineStart };
}

export function readMemory(pid: number): { rssKb: number; peakKb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: kb('VmRSS'), peakKb: kb('VmHWM') };
}

const running = new Set<TestClient>();

/**
 * Kills every server this process started that is still running. Call it from an `after` hook: a test that fails
 * half-way leaves its server running, and its open pipes would keep the test process (and the run) alive.
 */
export function killAllServers(): void {
  for (const c of running) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
  running.clear();
}

export async function startSession(options: SessionOptions = {}): Promise<Session> {
  const c = startServer(['--stdio'], options.serverScript);
  running.add(c);
  void c.exited.then(() => running.delete(c));
  const logs: string[] = [];
  const texts = new Map<string, { text: string; version: number }>();
  let changeSentAt = 0;
  c.connection.onNotification('window/logMessage', (p: { message: string }) => void logs.push(p.message));
  c.connection.onNotification('window/showMessage', (p: { message: string }) => void logs.push(p.message));
  // A warning with actions (showWarningMessage) is a request: answered as a user who dismisses it, or refused.
  c.connection.onRequest('window/showMessageRequest', (p: { message: string }) => {
    logs.push(p.message);
    if (options.messageRequests === 'rejected') return new ResponseError(-32601, 'this client shows no messages');
    return null;
  });
  c.connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
    params.items.map((i) => (i.section === 'mesosPuppet' ? (options.settings ?? null) : null)),
  );
  const pos = (uri: string, offset: number) => positionAt(texts.get(uri)?.text ?? '', offset);
  const session: Session = {
    ...c,
    logs,
    root: options.root,
    async init() {
      const root = options.root;
      const result = await c.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: root ? uriOf(root) : null,
        capabilities: options.capabilities ?? {
          workspace: { configuration: true },
          // As VS Code announces them: snippets, markdown, and the completion item defaults.
          textDocument: {
            completion: {
              completionItem: { snippetSupport: true, documentationFormat: ['markdown'] },
              completionList: {
                itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'],
              },
            },
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          },
        },
        workspaceFolders: root ? [{ uri: uriOf(root), name: 'w' }] : null,
        initializationOptions:
          options.settings || options.trusted !== undefined
            ? {
                ...(options.settings ? { settings: options.settings } : {}),
                ...(options.trusted !== undefined ? { trusted: options.trusted } : {}),
              }
            : undefined,
      });
      void c.connection.sendNotification('initialized', {});
      if (options.waitForIndex ?? !options.serverScript) {
        const deadline = Date.now() + 120_000;
        while (!logs.some((l) => l.includes('module index prepared'))) {
          if (Date.now() > deadline || c.process.exitCode !== null)
            throw new Error('the server did not prepare its module index within 120 s');
          await new Promise((r) => setTimeout(r, 5));
        }
      }
      return result;
    },
    open(path, text, languageId) {
      const uri = path.includes(':') && !path.startsWith('/') ? path : uriOf(path);
      texts.set(uri, { text, version: 1 });
      const lang = languageId ?? (path.endsWith('.pp') ? 'puppet' : /Puppetfile$/.test(path) ? 'puppetfile' : 'yaml');
      void c.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: lang, version: 1, text },
      });
      return uri;
    },
    change(uri, start, end, text) {
      const doc = texts.get(uri);
      if (!doc) throw new Error(`${uri} is not open`);
      const range = { start: positionAt(doc.text, start), end: positionAt(doc.text, end) };
      doc.text = doc.text.slice(0, start) + text + doc.text.slice(end);
      doc.version++;
      changeSentAt = performance.now();
      void c.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: doc.version },
        contentChanges: [{ range, text }],
      });
      return doc.version;
    },
    lastChangeSentAt: () => changeSentAt,
    textOf: (uri) => texts.get(uri)?.text ?? '',
    completion: (uri, offset) =>
      c.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: pos(uri, offset) }),
    hover: (uri, offset) =>
      c.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: pos(uri, offset) }),
    codeAction: (uri, start, end) =>
      c.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: pos(uri, start), end: pos(uri, end) },
        context: { diagnostics: [] },
      }),
    async shutdown() {
      await c.connection.sendRequest('shutdown');
      void c.connection.sendNotification('exit');
      return c.exited;
    },
    memory: () => readMemory(c.process.pid!),
    stats: (options) => c.connection.sendRequest(ServerStatsRequest.method, options ?? null),
  };
  if (options.initialize !== false) await session.init();
  return session;
}

/** Rejects when `p` does not settle within `ms`: every request must be answered, even with an error. */
export function answeredWithin<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]);
}

/** Known server bugs, by a line of the stack the server logs for them (each has a FIXME test in test/unit). */
export const KNOWN_SERVER_BUGS: readonly RegExp[] = [];

/** The "internal error" lines of a server log that are not explained by a known bug. */
export function unknownInternalErrors(logs: readonly string[]): string[] {
  return logs.filter((l) => /internal error/.test(l) && !KNOWN_SERVER_BUGS.some((re) => re.test(l)));
}

/** A request's answer, with a RequestFailed error (an internal error, logged by the server) counted as an answer. */
export function answeredOrFailed<T>(p: Promise<T>, onFailed: () => void): Promise<T | undefined> {
  return p.catch((e: { code?: number }) => {
    if (e?.code === -32803) {
      onFailed();
      return undefined;
    }
    throw e;
  });
}
