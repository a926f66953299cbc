// Requests first: the server's background work (the module index's warm-up slices, the diagnostics published
// after a change, the workspace check's slices) runs only when no message from the editor is waiting. The
// connection reads a message's bytes in one turn of the event loop, decodes it in that turn's check phase and
// handles it in the next, one message per turn. Background work looks once per turn whether input arrived or
// a message was handled since its last look, and runs only after two looks in a row saw neither: a message on
// its way cannot pass two turns unseen. A slice already running is not interrupted: a request arriving
// meanwhile waits for that slice only.

import type { Message, MessageStrategy } from 'vscode-languageserver/node';

export interface Priority {
  /** Given to the connection: counts each message as it is handled. */
  readonly messageStrategy: MessageStrategy;
  /** Counts each chunk of input the connection reads from `source` (stdin's `data`, the IPC channel's `message`). */
  watchInput(source: NodeJS.EventEmitter, event: string): void;
  /**
   * Runs `work` once no message is waiting (after at least `delayMs`). The returned function cancels it if it
   * has not run yet.
   */
  whenIdle(work: () => void, delayMs?: number): () => void;
  /**
   * Runs `work` once neither input nor a message came for `quietMs` (the user paused), and none is waiting: for
   * a step too long to slice, which would hold up the answers to the keystrokes of a user typing. A user who
   * never pauses that long is not made to wait for ever: after `maxWaitMs` the step runs as soon as no message
   * is waiting.
   */
  whenQuiet(work: () => void, quietMs: number, maxWaitMs?: number): () => void;
}

export function createPriority(): Priority {
  /** Messages handled plus chunks of input seen: a change between two looks means a message may be waiting. */
  let activity = 0;
  let lastActivityAt = -Infinity;
  const seeActivity = (): void => {
    activity++;
    lastActivityAt = performance.now();
  };
  const watchInput = (source: NodeJS.EventEmitter, event: string): void => {
    source.on(event, seeActivity);
  };
  const messageStrategy: MessageStrategy = {
    handleMessage(
      message: Message,
      next: (message: Message) => ReturnType<MessageStrategy['handleMessage']>,
    ): ReturnType<MessageStrategy['handleMessage']> {
      seeActivity();
      return next(message);
    },
  };
  function whenIdle(work: () => void, delayMs = 0): () => void {
    let seen = activity;
    let quiet = 0;
    let cancelled = false;
    let timer: NodeJS.Timeout | undefined;
    let turn: NodeJS.Immediate | undefined;
    const look = (): void => {
      turn = undefined;
      if (cancelled) return;
      if (activity === seen) quiet++;
      else {
        seen = activity;
        quiet = 0;
      }
      if (quiet >= 2) work();
      else turn = setImmediate(look);
    };
    if (delayMs > 0)
      timer = setTimeout(() => {
        timer = undefined;
        look();
      }, delayMs);
    else turn = setImmediate(look);
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      if (turn) clearImmediate(turn);
    };
  }
  function whenQuiet(work: () => void, quietMs: number, maxWaitMs = Infinity): () => void {
    let cancel = (): void => {};
    const deadline = performance.now() + maxWaitMs;
    const check = (): void => {
      const now = performance.now();
      const quietFor = now - lastActivityAt;
      if (quietFor >= quietMs || now >= deadline) cancel = whenIdle(work);
      else {
        const timer = setTimeout(check, Math.min(quietMs - quietFor, deadline - now));
        cancel = () => clearTimeout(timer);
      }
    };
    check();
    return () => cancel();
  }
  return { messageStrategy, watchInput, whenIdle, whenQuiet };
}
