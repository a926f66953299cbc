// "Preview Node" in a real VS Code (code-server): the node's files, packages and services as a read-only document,
// each line's origin after it (the Hiera keys it shows; a file's template and resource) and in its hover, redrawn
// as the user types in a data file, and compared in the diff editor with the last saved state and with another
// node; the hover on a Hiera key lists the lines it becomes. Runs inside the extension host; see ../run.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testLog } from './output.js';

const extensionId = 'mesos-puppet.mesos-puppet';

interface Api {
  readonly nodeAnnotations: (uri: string) => ReadonlyArray<{ readonly line: number; readonly text: string }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls `probe` until `done` accepts its value or `timeoutMs` passes; returns the last value either way. */
async function poll<T>(timeoutMs: number, probe: () => Thenable<T> | T, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(250);
  }
}

function hoverText(hovers: readonly vscode.Hover[] | undefined): string {
  const parts: string[] = [];
  for (const h of hovers ?? []) for (const c of h.contents) parts.push(typeof c === 'string' ? c : c.value);
  return parts.join('\n---\n');
}

/** A control repo with a small ZooKeeper module: zoo.cfg from a template, myid from zk::id. */
const REPO: Record<string, string> = {
  'hiera.yaml':
    "version: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n  - name: nodes\n    path: 'nodes/%{trusted.certname}.yaml'\n  - name: common\n    path: common.yaml\n",
  'environment.conf': 'modulepath = modules\n',
  'manifests/site.pp': "node default {\n  lookup('classes', Array[String], 'unique', []).include\n}\n",
  'modules/zk/manifests/init.pp': [
    'class zk (Integer $id = 1, Array[String] $servers = []) {',
    "  package { 'zookeeperd': ensure => present }",
    '  file { \'/etc/zookeeper/conf/myid\': content => "${id}\\n" }',
    "  file { '/etc/zookeeper/conf/zoo.cfg': content => template('zk/zoo.cfg.erb') }",
    "  service { 'zookeeper': ensure => running, enable => true }",
    '}',
    '',
  ].join('\n'),
  'modules/zk/templates/zoo.cfg.erb':
    'clientPort=2181\n<% @servers.each_with_index do |s, i| -%>\nserver.<%= i + 1 %>=<%= s %>:2888:3888\n<% end -%>\n',
  'data/common.yaml': 'classes: [zk]\nzk::servers: [zk1.example.com, zk2.example.com, zk3.example.com]\n',
  'data/nodes/zk1.example.com.yaml': 'zk::id: 1\n',
  'data/nodes/zk2.example.com.yaml': 'zk::id: 2\n',
};

/** The document open at `uri` (a node document VS Code loaded). */
function docAt(uri: string): vscode.TextDocument {
  const d = vscode.workspace.textDocuments.find((x) => x.uri.toString() === uri);
  assert.ok(d, `${uri} is not open`);
  return d;
}

function lineOf(doc: vscode.TextDocument, text: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text === text) return i;
  throw new Error(`no line "${text}" in ${doc.uri.toString()}:\n${doc.getText()}`);
}

describe('Preview Node in VS Code (code-server)', () => {
  let api: Api;
  let repo: vscode.Uri;
  let preview: string;

  before(async function () {
    this.timeout(90_000);
    const ext = vscode.extensions.getExtension<Api>(extensionId);
    assert.ok(ext, `extension ${extensionId} is not installed`);
    api = await ext.activate();
    repo = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'nodeview-repo');
    for (const [rel, text] of Object.entries(REPO))
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(repo, rel), new TextEncoder().encode(text));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the node’s files, packages and services, each line’s origin after it and in its hover', async function () {
    this.timeout(90_000);
    preview = (await vscode.commands.executeCommand<string>('mesosPuppet.previewNode', {
      node: 'zk1.example.com',
      root: repo.toString(),
    }))!;
    assert.ok(preview, 'the command returned no document');
    const text = await poll(
      60_000,
      () => docAt(preview).getText(),
      (t) => t.includes('server.3=zk3.example.com:2888:3888'),
    );
    assert.equal(
      text,
      [
        '# Node zk1.example.com: what Puppet puts on it',
        '# classes: zk',
        '# facts: derived from the name (a Debian 12 host)',
        '',
        '== /etc/zookeeper/conf/myid',
        '1',
        '',
        '== /etc/zookeeper/conf/zoo.cfg',
        'clientPort=2181',
        'server.1=zk1.example.com:2888:3888',
        'server.2=zk2.example.com:2888:3888',
        'server.3=zk3.example.com:2888:3888',
        '',
        '== packages',
        'zookeeperd: present',
        '',
        '== services',
        'zookeeper: ensure running, enable true',
        '',
      ].join('\n'),
    );
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), preview, 'the preview is the active editor');
    const doc = docAt(preview);
    const annotations = new Map(api.nodeAnnotations(preview).map((a) => [doc.lineAt(a.line).text, a.text]));
    assert.equal(annotations.get('1'), '← zk::id');
    assert.equal(annotations.get('server.2=zk2.example.com:2888:3888'), '← zk::servers');
    assert.equal(annotations.get('clientPort=2181'), undefined, 'a line of the template alone has no key');
    assert.equal(
      annotations.get('== /etc/zookeeper/conf/zoo.cfg'),
      'template zk/zoo.cfg.erb · File[/etc/zookeeper/conf/zoo.cfg]',
    );
    const hover = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        new vscode.Position(lineOf(doc, 'server.1=zk1.example.com:2888:3888'), 3),
      ),
    );
    assert.match(hover, /\*\*\/etc\/zookeeper\/conf\/zoo\.cfg\*\*, line 2/);
    assert.match(hover, /Shows the value of \[`zk::servers`\]\([^)]*data\/common\.yaml\)/);
    assert.match(
      hover,
      /Template `zk\/zoo\.cfg\.erb`; `File\[\/etc\/zookeeper\/conf\/zoo\.cfg\]` declared in \[[^\]]*init\.pp:4\]/,
    );
    const plain = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        new vscode.Position(lineOf(doc, 'clientPort=2181'), 1),
      ),
    );
    assert.match(plain, /Written by the template or a default/);
  });

  it('redraws as the user types in a data file, and compares with the last saved state', async function () {
    this.timeout(90_000);
    const data = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(repo, 'data/nodes/zk1.example.com.yaml'));
    await vscode.window.showTextDocument(data, vscode.ViewColumn.One);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(data.uri, new vscode.Range(0, 0, 0, data.lineAt(0).text.length), 'zk::id: 7');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(data.isDirty, 'the edit is not saved');
    const text = await poll(
      60_000,
      () => docAt(preview).getText(),
      (t) => t.includes('== /etc/zookeeper/conf/myid\n7\n'),
    );
    assert.match(text, /== \/etc\/zookeeper\/conf\/myid\n7\n/, 'the preview follows the unsaved text');

    const [saved, current] = (await vscode.commands.executeCommand<string[]>('mesosPuppet.compareNodeWithSaved', {
      node: 'zk1.example.com',
      root: repo.toString(),
    }))!;
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `the active tab is no diff: ${tab?.label}`);
    assert.equal(tab.input.original.toString(), saved);
    assert.equal(tab.input.modified.toString(), current);
    assert.equal(tab.label, 'zk1.example.com: saved ↔ with unsaved edits');
    const before = await poll(
      60_000,
      () => docAt(saved).getText(),
      (t) => t.includes('== /etc/zookeeper/conf/myid\n1\n'),
    );
    assert.match(before, /^# Node zk1\.example\.com, as saved on disk/);
    assert.match(before, /== \/etc\/zookeeper\/conf\/myid\n1\n/);
    assert.match(docAt(current).getText(), /== \/etc\/zookeeper\/conf\/myid\n7\n/);

    // Undo the edit: the preview is the saved state again.
    await vscode.window.showTextDocument(data, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('undo');
    await poll(
      60_000,
      () => docAt(preview).getText(),
      (t) => t.includes('== /etc/zookeeper/conf/myid\n1\n'),
    );
    assert.equal(data.isDirty, false);
  });

  it('compares two nodes in the diff editor', async function () {
    this.timeout(90_000);
    const [left, right] = (await vscode.commands.executeCommand<string[]>('mesosPuppet.compareNodes', {
      node: 'zk1.example.com',
      root: repo.toString(),
      other: 'zk2.example.com',
    }))!;
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `the active tab is no diff: ${tab?.label}`);
    assert.equal(tab.label, 'zk1.example.com ↔ zk2.example.com');
    const other = await poll(
      60_000,
      () => docAt(right).getText(),
      (t) => t.includes('== /etc/zookeeper/conf/myid'),
    );
    assert.match(other, /^# Node zk2\.example\.com: /);
    assert.match(other, /== \/etc\/zookeeper\/conf\/myid\n2\n/);
    assert.match(docAt(left).getText(), /== \/etc\/zookeeper\/conf\/myid\n1\n/);
  });

  it('the hover on a Hiera key lists the lines it becomes on the nodes', async function () {
    this.timeout(90_000);
    const common = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(repo, 'data/common.yaml'));
    await vscode.window.showTextDocument(common, vscode.ViewColumn.One);
    const hover = await poll(
      60_000,
      async () =>
        hoverText(
          await vscode.commands.executeCommand<vscode.Hover[]>(
            'vscode.executeHoverProvider',
            common.uri,
            new vscode.Position(1, 5),
          ),
        ),
      (h) => h.includes('it becomes'),
    );
    assert.match(
      hover,
      /\*\*On zk1\.example\.com, zk2\.example\.com\*\* it becomes:\n\n```text\n\/etc\/zookeeper\/conf\/zoo\.cfg:2 {2}server\.1=zk1\.example\.com:2888:3888\n/,
    );
    testLog('    (node preview, diff and key lines checked)');
  });
});
