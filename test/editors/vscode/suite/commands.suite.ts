// The extension's commands in a real VS Code (code-server): "Scaffold Mesos Cluster" writes the control repo
// (new files outside the undo stack, so Ctrl+Z deletes none), keeps a file the user changed unless told to overwrite
// it (then Ctrl+Z in it restores the old content, as the report says), and opens the master role; the
// topology and lookup preview panels draw what the server answers. Runs inside the extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { drive, texts, workbench } from './drive.js';
import { testLog } from './output.js';

const extensionId = 'mesos-puppet.mesos-puppet';

interface Api {
  readonly views: { topology: () => string; lookup: () => string };
}

const OPTIONS = {
  masters: ['master1', 'master2', 'master3'],
  slaves: ['slave1', 'slave2', 'slave3'],
  domain: 'example.com',
  ips: {},
  modules: 'book',
  marathon: { enabled: true, port: 8080 },
  chronos: { enabled: true, port: 4400 },
  clusterName: 'mesos',
};

/** Waits until the document's text (synced from the workbench after a key press) is `text`; returns it then. */
async function textBecomes(doc: vscode.TextDocument, text: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (doc.getText() !== text && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return doc.getText();
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

describe('mesos-puppet commands in VS Code (code-server)', () => {
  let api: Api;
  let target: vscode.Uri;
  let scaffolded: string[] = [];

  before(async function () {
    this.timeout(90_000);
    const ext = vscode.extensions.getExtension<Api>(extensionId);
    assert.ok(ext, `extension ${extensionId} is not installed`);
    api = await ext.activate();
    const folder = vscode.workspace.workspaceFolders![0];
    target = vscode.Uri.joinPath(folder.uri, 'cluster');
    await vscode.workspace.fs.createDirectory(target);
    // The user already has a hiera.yaml of their own there.
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(target, 'hiera.yaml'),
      new TextEncoder().encode('version: 5 # mine\n'),
    );
  });

  it('scaffolds the cluster, leaves the user’s file alone, and opens the master role', async function () {
    this.timeout(60_000);
    const result = await vscode.commands.executeCommand<{ written: string[]; message: string }>(
      'mesosPuppet.scaffold',
      {
        options: OPTIONS,
        targetUri: target.toString(),
      },
    );
    assert.ok(result, 'the command returned nothing');
    assert.ok(result.written.includes('Puppetfile'));
    assert.ok(!result.written.includes('hiera.yaml'), 'an existing file is never overwritten without consent');
    for (const f of [
      'Puppetfile',
      'data/common.yaml',
      'data/nodes/master2.example.com.yaml',
      'site-modules/role/manifests/mesos/master.pp',
    ]) {
      assert.ok(await exists(vscode.Uri.joinPath(target, f)), `${f} was not written`);
    }
    assert.equal(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(target, 'hiera.yaml'))),
      'version: 5 # mine\n',
    );
    assert.match(vscode.window.activeTextEditor?.document.uri.path ?? '', /role\/manifests\/mesos\/master\.pp$/);
    // The report says what happened, shown as VS Code shows it, and promises no Undo that would delete files.
    const report = `Scaffolded the Mesos cluster: ${result.written.length} file(s) created, 1 existing file(s) left as they were.`;
    assert.equal(result.message, report);
    await drive({ waitFor: workbench.notification, text: report });
    scaffolded = result.written;
    testLog(`    (scaffold wrote ${result.written.length} files)`);
  });

  it('Ctrl+Z and Ctrl+Shift+Z in the opened role file undo and redo the typing only; no scaffolded file is deleted', async function () {
    this.timeout(60_000);
    const editor = vscode.window.activeTextEditor!;
    const role = editor.document;
    const written = role.getText();
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    // The user types a comment, then presses Ctrl+Z more often than they typed, then redoes as often.
    await drive({ type: '# x' });
    assert.equal(await textBecomes(role, `# x${written}`), `# x${written}`);
    await drive({ press: 'Control+Z' }, { press: 'Control+Z' }, { press: 'Control+Z' }, { press: 'Control+Z' });
    assert.equal(await textBecomes(role, written), written, 'the typing is undone');
    // The Ctrl+Z beyond the typing reach nothing: no question pops up, and every file stays.
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await texts('.monaco-dialog-box'), [], 'Undo asks nothing');
    for (const f of scaffolded) assert.ok(await exists(vscode.Uri.joinPath(target, f)), `${f} was deleted by Undo`);
    await drive({ press: 'Control+Shift+Z' }, { press: 'Control+Shift+Z' }, { press: 'Control+Shift+Z' });
    assert.equal(await textBecomes(role, `# x${written}`), `# x${written}`, 'the typing is redone');
    for (const f of scaffolded) assert.ok(await exists(vscode.Uri.joinPath(target, f)), `${f} is missing after Redo`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    // Run again: every file is there already, nothing is written, and the message says so.
    const again = await vscode.commands.executeCommand<{ written: string[]; message: string }>('mesosPuppet.scaffold', {
      options: OPTIONS,
      targetUri: target.toString(),
    });
    assert.deepEqual(again.written, []);
    assert.equal(again.message, 'Scaffold Mesos cluster: nothing written; 1 existing file(s) left as they were.');
  });

  it('overwrites an existing file when told to', async function () {
    this.timeout(60_000);
    const hiera = vscode.Uri.joinPath(target, 'hiera.yaml');
    const result = await vscode.commands.executeCommand<{ written: string[]; message: string }>(
      'mesosPuppet.scaffold',
      {
        options: OPTIONS,
        targetUri: target.toString(),
        overwrite: ['hiera.yaml'],
      },
    );
    assert.deepEqual(result.written, ['hiera.yaml']);
    assert.match(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(hiera)),
      /nodes\/%\{trusted\.certname\}\.yaml/,
    );
    // The report promises that Undo in that file restores the old content: Ctrl+Z there does.
    assert.equal(
      result.message,
      'Scaffolded the Mesos cluster: 0 file(s) created, 1 existing file(s) overwritten (Undo in such a file restores its old content).',
    );
    const doc = await vscode.workspace.openTextDocument(hiera);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    const scaffoldedText = doc.getText();
    await drive({ press: 'Control+Z' });
    assert.equal(await textBecomes(doc, 'version: 5 # mine\n'), 'version: 5 # mine\n');
    await drive({ press: 'Control+Shift+Z' });
    assert.equal(await textBecomes(doc, scaffoldedText), scaffoldedText);
    assert.equal(doc.isDirty, false, 'redone to the saved content');
  });

  it('draws the topology of the scaffolded cluster', async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('mesosPuppet.showTopology');
    const html = api.views.topology();
    for (const host of ['master1.example.com', 'master2.example.com', 'slave3.example.com'])
      assert.match(html, new RegExp(host.replace(/\./g, '\\.')));
    assert.match(html, /a majority of 3 masters is 2/);
  });

  it('previews the Hiera lookup of a node', async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('mesosPuppet.lookupPreview', {
      node: 'master2.example.com',
      uri: target.toString(),
    });
    const html = api.views.lookup();
    assert.match(html, /Hiera lookup preview: master2\.example\.com/);
    assert.match(html, /zookeeper::id/);
  });
});
