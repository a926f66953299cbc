// A minimal LSP client for protocol tests: spawns the built server over stdio and speaks JSON-RPC through
// vscode-languageserver-protocol, recording every notification it receives.

import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const SERVER = resolve(__dirname, '../../dist/server/main.js');

export interface TestClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly diagnostics: PublishDiagnosticsParams[];
  readonly stderr: () => string;
  /** Resolves with the next publishDiagnostics for the uri that satisfies `pred`. */
  waitForDiagnostics(
    uri: string,
    pred?: (p: PublishDiagnosticsParams) => boolean,
    timeoutMs?: number,
  ): Promise<PublishDiagnosticsParams>;
  /** Resolves with the exit code once the process ends. */
  readonly exited: Promise<number | null>;
}

/** Spawns `script` (our built server by default; the bench passes a peer's, e.g. yaml-language-server) with Node. */
export function startServer(args: string[] = ['--stdio'], script: string = SERVER): TestClient {
  if (!existsSync(script))
    throw new Error(`${script} is missing${script === SERVER ? ': run `npm run build` first' : ''}`);
  // MP_SERVER_NODE_ARGS: extra Node options for the server process, e.g. `--cpu-prof` to profile a bench run.
  const nodeArgs = (process.env.MP_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const diagnostics: PublishDiagnosticsParams[] = [];
  const waiters: Array<{
    uri: string;
    pred: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }> = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.pred(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return {
    connection,
    process: child,
    diagnostics,
    stderr: () => err,
    exited,
    waitForDiagnostics(uri, pred = () => true, timeoutMs = 10000) {
      return new Promise((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          uri,
          pred,
          resolve: (p) => {
            clearTimeout(timer);
            res(p);
          },
        });
      });
    },
  };
}
