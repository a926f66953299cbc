// A manifest of a control repo in a real VS Code (code-server): the hover of a module's class shows its signature
// as Puppet code (no "Any (default undef)"), and a parameter accepted from the suggestions, typed and chosen with
// Enter, leaves the cursor where the value goes: inside `{}` for a Hash, not after `{},`. The repo is a copy of the
// book's in the workspace's `manifest-repo/` folder (book/ stays unopened for workspace.suite.ts).
import * as assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { drive, until } from './drive.js';

const repoRoot = join(__dirname, '..', '..', '..', '..', '..');

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

describe('a manifest in VS Code (code-server)', () => {
  let doc: vscode.TextDocument;
  let editor: vscode.TextEditor;
  const text = "class profile::probe {\n  class { 'mesos::master':\n    \n  }\n}\n";

  before(async function () {
    this.timeout(60_000);
    const repo = join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'manifest-repo');
    cpSync(join(repoRoot, 'test', 'fixtures', 'workspaces', 'book'), repo, { recursive: true });
    const file = join(repo, 'site-modules', 'profile', 'manifests', 'probe.pp');
    writeFileSync(file, text);
    doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    editor = await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'puppet');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it("shows a module class's signature as Puppet code", async function () {
    this.timeout(60_000);
    const at = doc.positionAt(text.indexOf('mesos::master') + 3);
    const shown = await until(
      async () =>
        hoverText(
          (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at)) ?? [],
        ),
      (t) => t.includes('class mesos::master('),
    );
    assert.match(shown, /class mesos::master\(/);
    assert.match(shown, /^ {2}Any \$listen_address = \$mesos::listen_address,$/m);
    assert.doesNotMatch(shown, /\(default undef\)/);
  });

  it('leaves the cursor inside the braces of a Hash parameter accepted from the suggestions', async function () {
    this.timeout(60_000);
    const line = 2;
    editor.selection = new vscode.Selection(line, 4, line, 4);
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await drive({ type: 'env_v' });
    await drive(
      { press: 'Control+Space' },
      { waitFor: '.editor-widget.suggest-widget .monaco-list-row.focused', text: 'env_var' },
      { press: 'Enter' },
    );
    const inserted = await until(
      () => doc.lineAt(line).text,
      (t) => t.includes('{}'),
    );
    assert.equal(inserted, '    env_var => {},');
    const cursor = await until(
      () => editor.selection.active,
      (p) => p.character === inserted.indexOf('{') + 1,
    );
    assert.deepEqual([cursor.line, cursor.character], [line, inserted.indexOf('{') + 1], 'the cursor is inside {}');
  });
});
