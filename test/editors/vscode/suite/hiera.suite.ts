// The extension in a real VS Code (code-server) with the hiera-basic fixture workspace open: it activates on its
// own, starts the language server, and the server's completion, hover and diagnostics reach the editor for a Hiera
// data file (language `yaml`). Runs inside the extension host; see ../run.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testLog } from './output.js';

const extensionId = 'mesos-puppet.mesos-puppet'; // publisher.name in package.json
const readyTimeoutMs = 60_000;

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

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

/** The position at the end of the first line whose text is exactly `text`. */
function endOfLine(doc: vscode.TextDocument, text: string): vscode.Position {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text === text) return new vscode.Position(i, text.length);
  throw new Error(`no line "${text}" in ${doc.uri.fsPath}`);
}

/** The line of the first key `key:` in a Hiera data file. */
function keyLine(doc: vscode.TextDocument, key: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.startsWith(`${key}:`)) return i;
  throw new Error(`no key "${key}" in ${doc.uri.fsPath}`);
}

async function completionLabels(doc: vscode.TextDocument, at: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList | undefined>(
    'vscode.executeCompletionItemProvider',
    doc.uri,
    at,
  );
  return list?.items.map(labelOf) ?? [];
}

function hoverText(hovers: readonly vscode.Hover[]): string {
  const parts: string[] = [];
  for (const h of hovers) for (const c of h.contents) parts.push(typeof c === 'string' ? c : c.value);
  return parts.join('\n---\n');
}

const unknownKeys = (uri: vscode.Uri) =>
  vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === 'hiera/unknown-key');

describe('mesos-puppet in VS Code (code-server) on a Hiera workspace', () => {
  let doc: vscode.TextDocument;

  before(async function () {
    this.timeout(readyTimeoutMs + 30_000);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test run opened no workspace folder');
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'data', 'common.yaml'));
    await vscode.window.showTextDocument(doc);
    // Wait until the server answers with our items: that proves activation, server start and indexing.
    const at = endOfLine(doc, 'mesos::');
    const started = Date.now();
    const labels = await poll(
      readyTimeoutMs,
      () => completionLabels(doc, at),
      (l) => l.includes('mesos::zookeeper'),
    );
    testLog(`    (server ready after ${Date.now() - started} ms; ${labels.length} completion items)`);
  });

  after(async () => {
    // Close the document's unsaved test edit without saving it.
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('activates by itself (activation events), without an explicit activate()', () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `extension ${extensionId} is not loaded`);
    testLog(`    (loaded from ${ext.extensionUri.fsPath})`);
    assert.equal(ext.isActive, true);
  });

  it('contributes the puppet and puppetfile languages and leaves Hiera data as yaml', async () => {
    const languages = await vscode.languages.getLanguages();
    assert.ok(languages.includes('puppet'), 'language puppet missing');
    assert.ok(languages.includes('puppetfile'), 'language puppetfile missing');
    assert.equal(doc.languageId, 'yaml');
  });

  it('completes mesos:: keys', async () => {
    const labels = await completionLabels(doc, endOfLine(doc, 'mesos::'));
    for (const expected of ['mesos::zookeeper', 'mesos::master::options', 'mesos::slave::checkpoint']) {
      assert.ok(labels.includes(expected), `${expected} missing from completions: ${labels.slice(0, 40).join(', ')}`);
    }
  });

  it('applies the item defaults of a completion list: the snippet, the range it replaces, and the resolved documentation', async () => {
    const at = endOfLine(doc, 'mesos::');
    // The fourth argument asks VS Code to resolve that many items, as it does for the item it shows.
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      at,
      undefined,
      500,
    );
    const zk = list.items.find((i) => labelOf(i) === 'mesos::zookeeper');
    assert.ok(zk, 'mesos::zookeeper offered');
    assert.ok(zk.insertText instanceof vscode.SnippetString, 'a snippet');
    // The key, then a tab stop for the value (quoted when the workspace's mesos version takes a String only).
    assert.match(zk.insertText.value, /^mesos::zookeeper: '?\$\{1\}'?$/);
    const range = zk.range instanceof vscode.Range ? zk.range : zk.range!.replacing;
    assert.deepEqual([range.start.line, range.start.character, range.end.character], [at.line, 0, at.character]);
    const documentation = typeof zk.documentation === 'string' ? zk.documentation : zk.documentation?.value;
    assert.match(documentation ?? '', /ZooKeeper URL/);
  });

  it('completes zookeeper:: keys', async () => {
    const labels = await completionLabels(doc, endOfLine(doc, 'zookeeper::'));
    assert.ok(
      labels.includes('zookeeper::id'),
      `zookeeper::id missing from completions: ${labels.slice(0, 40).join(', ')}`,
    );
  });

  it('hovers a key with its type', async () => {
    // In another data file: completion leaves out keys the file already sets, so common.yaml must not set it.
    const folder = vscode.workspace.workspaceFolders![0];
    const node = await vscode.workspace.openTextDocument(
      vscode.Uri.joinPath(folder.uri, 'data', 'nodes', 'mesos-master1.example.com.yaml'),
    );
    const at = new vscode.Position(keyLine(node, 'mesos::zookeeper'), 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', node.uri, at);
    const text = hoverText(hovers ?? []);
    assert.ok(text.includes('String'), `hover does not mention String: ${JSON.stringify(text)}`);
  });

  it('reports a misspelt key as hiera/unknown-key', async () => {
    const line = keyLine(doc, 'mesos::master::quorom');
    const diags = await poll(
      readyTimeoutMs,
      () => unknownKeys(doc.uri),
      (ds) => ds.some((d) => d.range.start.line === line),
    );
    const all = vscode.languages
      .getDiagnostics(doc.uri)
      .map((d) => `${d.range.start.line}: [${codeOf(d)}] ${d.message}`);
    assert.ok(
      diags.some((d) => d.range.start.line === line),
      `no hiera/unknown-key on line ${line}; diagnostics: ${JSON.stringify(all)}`,
    );
  });

  it("hovers the README's misspelt key with what it was meant to be, not the finding again", async () => {
    const line = keyLine(doc, 'mesos::master::quorom');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(line, 17),
    );
    const text = hoverText(hovers ?? []);
    const finding = unknownKeys(doc.uri).find((d) => d.range.start.line === line);
    assert.ok(finding, 'the finding is shown');
    assert.match(text, /\*\*quorum\*\* is a Mesos flag/);
    // The editor shows the finding's message beside the hover already.
    assert.equal(text.includes(finding.message), false, text);
  });

  it("fixes the README's misspelt key with Ctrl+.: quorum moves into mesos::master::options", async () => {
    const line = keyLine(doc, 'mesos::master::quorom');
    const finding = unknownKeys(doc.uri).find((d) => d.range.start.line === line);
    assert.ok(finding, 'the finding is shown');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      finding.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = (actions ?? []).map((a) => a.title);
    const fix = (actions ?? []).find((a) => a.edit && /quorum/.test(a.title));
    assert.ok(fix?.edit, `no quick fix for the misspelt key; offered: ${JSON.stringify(titles)}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the fix applies');
    assert.match(doc.getText(), /^mesos::master::options:\n {2}quorum: 2$/m);
    assert.doesNotMatch(doc.getText(), /^mesos::master::quorom/m);
    const left = await poll(
      readyTimeoutMs,
      () => unknownKeys(doc.uri),
      (ds) => ds.every((d) => !/quorom/.test(d.message)),
    );
    assert.deepEqual(
      left.filter((d) => /quorom/.test(d.message)),
      [],
    );
    // Back to the file as it was, for the tests after this one.
    await vscode.commands.executeCommand('undo');
  });

  it('diagnoses unsaved edits (the client syncs changes)', async () => {
    const line = doc.lineCount; // a new last line: no earlier diagnostic can sit there
    const edit = new vscode.WorkspaceEdit();
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    edit.insert(doc.uri, end, '\nmesos::slave::checkpointt: true');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
    assert.equal(doc.isDirty, true);
    const diags = await poll(
      readyTimeoutMs,
      () => unknownKeys(doc.uri),
      (ds) => ds.some((d) => d.range.start.line === line),
    );
    assert.ok(
      diags.some((d) => d.range.start.line === line),
      `no hiera/unknown-key on the inserted line ${line}: ${JSON.stringify(diags.map((d) => d.range.start.line))}`,
    );
  });
});
