// Requests first (lsp/priority.ts): background work given to `whenIdle` (warm-up slices, diagnostics runs,
// the workspace check's slices) runs only when no message from the editor is waiting. The tests drive a real
// JSON-RPC connection over in-memory streams and record the order of events, never their times.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import {
  createMessageConnection,
  RequestType0,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { createPriority, type Priority } from '../../server/src/lsp/priority.js';

const Ask = new RequestType0<string, void>('test/ask');

interface Pair {
  readonly server: MessageConnection;
  readonly priority: Priority;
  /** Puts a request on the server's input as the editor's pipe delivers it: its bytes at once. */
  send(id: number): void;
}

function connect(): Pair {
  const input = new PassThrough();
  const output = new PassThrough();
  output.resume();
  const priority = createPriority();
  const server = createMessageConnection(new StreamMessageReader(input), new StreamMessageWriter(output), undefined, {
    messageStrategy: priority.messageStrategy,
  });
  server.listen();
  priority.watchInput(input, 'data');
  const send = (id: number): void => {
    const body = JSON.stringify({ jsonrpc: '2.0', id, method: Ask.method });
    input.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  return { server, priority, send };
}

/** Runs `slices` background slices one after the other, each through whenIdle; `during(n)` runs inside slice n. */
function background(p: Priority, events: string[], slices: number, during: (n: number) => void): Promise<void> {
  return new Promise((done) => {
    let n = 0;
    const slice = (): void => {
      n++;
      events.push(`slice ${n}`);
      during(n);
      if (n < slices) p.whenIdle(slice);
      else done();
    };
    p.whenIdle(slice);
  });
}

test('requests sent during a background slice are all answered before the next slice runs', async () => {
  const { server, priority, send } = connect();
  const events: string[] = [];
  let asked = 0;
  server.onRequest(Ask, () => {
    asked++;
    events.push(`answer ${asked}`);
    return `answer ${asked}`;
  });
  await background(priority, events, 4, (n) => {
    // Three requests arrive together while slice 2 runs, as completion, hover and a code action do. A pipe's
    // bytes reach the process once the running callback returns: here, right after the slice.
    if (n === 2) setImmediate(() => [1, 2, 3].forEach(send));
  });
  assert.deepEqual(events, ['slice 1', 'slice 2', 'answer 1', 'answer 2', 'answer 3', 'slice 3', 'slice 4']);
  server.dispose();
});

test('a diagnostics run due after a keystroke waits for the completion sent after it', async () => {
  const { server, priority, send } = connect();
  const events: string[] = [];
  server.onRequest(Ask, () => {
    events.push('completion answered');
    return 'items';
  });
  // The keystroke's diagnostics are due; the completion request has arrived when their time comes.
  const ran = new Promise<void>((resolve) =>
    priority.whenIdle(() => {
      events.push('diagnostics run');
      resolve();
    }),
  );
  send(1);
  await ran;
  assert.deepEqual(events, ['completion answered', 'diagnostics run']);
  server.dispose();
});

test('cancelled background work never runs', async () => {
  const { server, priority } = connect();
  const events: string[] = [];
  const cancel = priority.whenIdle(() => events.push('cancelled work'));
  cancel();
  await new Promise<void>((resolve) => priority.whenIdle(() => resolve()));
  assert.deepEqual(events, []);
  server.dispose();
});

test('a step held for a pause in typing runs after its longest wait even while the user types on', async () => {
  const priority = createPriority();
  const input = new EventEmitter();
  priority.watchInput(input, 'data');
  const events: string[] = [];
  // A keystroke every few milliseconds: the 60-second pause the step asks for never comes.
  let typing = true;
  input.emit('data');
  const keystrokes = setInterval(() => input.emit('data'), 5);
  const stopTyping = setTimeout(() => {
    typing = false;
    events.push('user stopped typing');
  }, 60_000);
  await new Promise<void>((resolve) =>
    priority.whenQuiet(
      () => {
        events.push(typing ? 'held step ran while the user typed' : 'held step ran after typing stopped');
        resolve();
      },
      60_000,
      50,
    ),
  );
  clearInterval(keystrokes);
  clearTimeout(stopTyping);
  assert.deepEqual(events, ['held step ran while the user typed']);
});
