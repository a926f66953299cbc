// Acting as the user in the workbench: keys, clicks, and reading what is shown (a quick input's title and message,
// notifications, the colours of the editor's tokens). The extension host cannot reach the page, so the request
// goes out on the console and the `code` shim (../code, class Driver) runs it in Chromium with playwright, then
// answers in a file of $MESOS_PUPPET_DRIVE_DIR. Without the shim (a desktop VS Code) the driven tests fail with a
// message saying so; they never pass by doing nothing.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export type Action =
  | { readonly type: string }
  | { readonly press: string }
  | { readonly click: string }
  | { readonly waitFor: string; readonly text?: string; readonly gone?: boolean; readonly timeoutMs?: number }
  | { readonly texts: string }
  | { readonly colors: string };

export interface Colored {
  readonly text: string;
  readonly color: string;
}

/** Workbench selectors the suites read. */
export const workbench = {
  quickInputTitle: '.quick-input-widget .quick-input-title',
  quickInputMessage: '.quick-input-widget .quick-input-message',
  quickInputBack: '.quick-input-widget .quick-input-titlebar .codicon-quick-input-back',
  /** The focused row of a quick pick (the one Enter accepts). */
  quickInputFocused: '.quick-input-widget .quick-input-list .monaco-list-row.focused',
  quickInputRows: '.quick-input-widget .quick-input-list .monaco-list-row',
  notification: '.notifications-toasts .notification-list-item-message',
} as const;

let next = 0;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Asks `probe` every 100 ms until `done` holds or `timeoutMs` has passed, and returns the last answer: the test
 * asserts on that answer (what the editor shows), never on how long it took.
 */
export async function until<T>(probe: () => T | Thenable<T>, done: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (done(v) || Date.now() > deadline) return v;
    await sleep(100);
  }
}

/** Runs the actions in order in the workbench; resolves to what the reading actions read, one entry each. */
export async function drive(...actions: Action[]): Promise<unknown[]> {
  const dir = process.env.MESOS_PUPPET_DRIVE_DIR;
  if (!dir) throw new Error('driving the workbench needs the code-server shim (test/editors/vscode/code)');
  const id = `${process.pid}-${++next}`;
  const file = join(dir, `${id}.json`);
  // The shim picks the request out of the browser console by its tag.
  console.log(`[drive] ${JSON.stringify({ id, actions })}`);
  const deadline = Date.now() + 60_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the shim did not answer ${JSON.stringify(actions)}`);
    await sleep(50);
  }
  const answer = JSON.parse(readFileSync(file, 'utf8')) as { values?: unknown[]; error?: string };
  rmSync(file, { force: true });
  if (answer.error) throw new Error(`driving the workbench: ${answer.error}`);
  return answer.values ?? [];
}

/** The texts of the visible elements matching `selector`. */
export async function texts(selector: string): Promise<string[]> {
  return (await drive({ texts: selector }))[0] as string[];
}
