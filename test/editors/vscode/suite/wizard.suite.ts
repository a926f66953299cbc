// The scaffold wizard as a user meets it in a real VS Code (code-server): typed into with the keyboard, its Back
// button clicked, its messages read off the quick input (see drive.ts). It refuses one address for two hosts,
// Marathon on the Mesos master's port and Chronos on Marathon's, goes back a step keeping the answer given there,
// and proposes the newest module set. Cancelled at the target folder, it writes nothing.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { drive, texts, workbench } from './drive.js';

/** Waits for the wizard's step `n` titled `title` (the quick input's title reads "(n/9): title"). */
async function atStep(n: number, title: string): Promise<void> {
  await drive({ waitFor: workbench.quickInputTitle, text: `(${n}/9): ${title}` });
}

/** Replaces the input box's value with `text`, as typed. */
async function typeOver(text: string): Promise<void> {
  await drive({ press: 'Control+A' }, { press: 'Backspace' }, { type: text });
}

/** Waits until the quick input shows a message holding `text`. */
async function says(text: string): Promise<string> {
  await drive({ waitFor: workbench.quickInputMessage, text });
  return (await texts(workbench.quickInputMessage)).join('\n');
}

describe('the scaffold wizard, typed into (code-server)', () => {
  it('checks ports and addresses as typed, goes Back keeping answers, proposes the newest modules', async function () {
    this.timeout(120_000);
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const run = vscode.commands.executeCommand<unknown>('mesosPuppet.scaffold');
    try {
      await atStep(1, 'masters');
      assert.deepEqual(await texts(workbench.quickInputBack), [], 'no Back on the first step');
      await typeOver('master1,master2');
      assert.match(await says('use an odd number'), /2 masters: use an odd number \(1 or 3\)/);
      await drive({ press: 'Enter' }); // refused: the step stays
      await typeOver('master1,master2,master3');
      await drive({ waitFor: workbench.quickInputMessage, text: 'use an odd number', gone: true }, { press: 'Enter' });
      await atStep(2, 'agents');
      await drive({ press: 'Enter' });
      await atStep(3, 'domain');
      await drive({ press: 'Enter' });
      await atStep(4, 'give IP addresses to bind to?');
      await drive({ press: 'ArrowDown' }, { press: 'Enter' }); // Yes
      await atStep(5, 'address of master1');
      await drive({ type: '10.0.0.1' }, { press: 'Enter' });
      await atStep(5, 'address of master2');
      await drive({ type: '10.0.0.1' });
      assert.match(await says('already'), /10\.0\.0\.1 is already the address of master1; each host needs its own/);
      await drive({ press: 'Enter' });
      await atStep(5, 'address of master2'); // refused
      // Back to master1: the address given there is kept.
      await drive({ click: workbench.quickInputBack });
      await atStep(5, 'address of master1');
      assert.deepEqual(await texts('.quick-input-widget .quick-input-box input'), ['10.0.0.1']);
      await drive({ press: 'Enter' });
      await atStep(5, 'address of master2');
      await typeOver('10.0.0.2');
      await drive({ waitFor: workbench.quickInputMessage, text: 'already', gone: true }, { press: 'Enter' });
      // The others take the address Facter reports (an empty answer).
      for (const host of ['master3', 'slave1', 'slave2', 'slave3']) {
        await atStep(5, `address of ${host}`);
        await drive({ press: 'Enter' });
      }
      await atStep(6, 'module versions');
      assert.match((await texts(workbench.quickInputFocused)).join(''), /^Newest that works/);
      await drive({ press: 'Enter' });
      await atStep(7, 'frameworks on the masters');
      await drive({ press: 'Enter' }); // both, as proposed
      await atStep(8, 'Marathon port');
      await typeOver('5050');
      assert.match(await says("master's"), /port 5050 is the Mesos master's; Marathon runs on the masters beside it/);
      await drive({ press: 'Enter' });
      await atStep(8, 'Marathon port'); // refused
      await typeOver('8080');
      await drive({ waitFor: workbench.quickInputMessage, text: "master's", gone: true }, { press: 'Enter' });
      await atStep(9, 'Chronos port');
      await typeOver('8080');
      assert.match(await says("Marathon's"), /port 8080 is Marathon's; Chronos and Marathon run on the same masters/);
      // Back to Marathon's port, which keeps its answer, then forward again.
      await drive({ click: workbench.quickInputBack });
      await atStep(8, 'Marathon port');
      assert.deepEqual(await texts('.quick-input-widget .quick-input-box input'), ['8080']);
      await drive({ press: 'Enter' });
      await atStep(9, 'Chronos port');
      await typeOver('4400');
      await drive({ waitFor: workbench.quickInputMessage, text: "Marathon's", gone: true }, { press: 'Enter' });
      // Asked where to write; Escape cancels, and nothing is written.
      await drive({ waitFor: workbench.quickInputTitle, text: 'target folder' }, { press: 'Escape' });
      assert.equal(await run, undefined);
      assert.equal(existsSync(join(folder, 'Puppetfile')), false, 'a cancelled wizard writes nothing');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
  });
});
