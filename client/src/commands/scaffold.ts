// "Mesos Puppet: Scaffold Mesos cluster": a wizard that asks for the cluster (every answer checked by the server
// as the user types), shows the files it would write with a diff for those that exist, writes only what the
// user confirms, as one undoable workspace edit, and opens the master role. With an argument it runs without
// asking (for tests and for other extensions).

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ScaffoldCheckRequest,
  ScaffoldDefaultsRequest,
  ScaffoldPlanRequest,
  type ScaffoldCheckParams,
  type ScaffoldOptionsDto,
  type ScaffoldPlanFile,
} from '../../../server/src/protocol';

export interface ScaffoldArgs {
  readonly options: ScaffoldOptionsDto;
  readonly targetUri: string;
  /** Paths (relative) of existing files the caller agrees to overwrite; others are left alone. */
  readonly overwrite?: readonly string[];
}

/** Shows the scaffold's content for a path, for the diff view. */
export class ScaffoldPreviewProvider implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'mesos-puppet-scaffold';
  private readonly contents = new Map<string, string>();
  set(path: string, content: string): vscode.Uri {
    this.contents.set(path, content);
    return vscode.Uri.from({ scheme: ScaffoldPreviewProvider.scheme, path: `/${path}` });
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path.slice(1)) ?? '';
  }
}

async function ask(client: LanguageClient, title: string, step: number, prompt: string, value: string, check: (v: string) => ScaffoldCheckParams): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `Scaffold Mesos cluster (${step}/7): ${title}`,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: async (v) => (await client.sendRequest(ScaffoldCheckRequest, check(v))).message,
  });
}

async function askOptions(client: LanguageClient): Promise<ScaffoldOptionsDto | undefined> {
  const proposed = await client.sendRequest(ScaffoldDefaultsRequest);
  const mastersText = await ask(client, 'masters', 1, 'Master host names, comma-separated (an odd number; three for high availability)', proposed.masters.join(','), (v) => ({ field: 'masters', value: v }));
  if (mastersText === undefined) return undefined;
  const masters = (await client.sendRequest(ScaffoldCheckRequest, { field: 'masters', value: mastersText })).hosts ?? [];
  const slavesText = await ask(client, 'agents', 2, 'Agent (slave) host names, comma-separated', proposed.slaves.join(','), (v) => ({ field: 'slaves', value: v, masters }));
  if (slavesText === undefined) return undefined;
  const slaves = (await client.sendRequest(ScaffoldCheckRequest, { field: 'slaves', value: slavesText, masters })).hosts ?? [];
  const domain = await ask(client, 'domain', 3, 'DNS domain of the nodes (certname = host.domain); leave empty for bare names', '', (v) => ({ field: 'domain', value: v }));
  if (domain === undefined) return undefined;
  const ips: Record<string, string> = {};
  const wantIps = await vscode.window.showQuickPick(['No', 'Yes'], { title: 'Scaffold Mesos cluster (4/7): give IP addresses to bind to?', ignoreFocusOut: true });
  if (wantIps === undefined) return undefined;
  if (wantIps === 'Yes') {
    for (const host of [...masters, ...slaves]) {
      const ip = await ask(client, `address of ${host}`, 4, `IPv4 address of ${host} (empty: the address Facter reports for it)`, '', (v) => ({ field: 'ip', value: v }));
      if (ip === undefined) return undefined;
      if (ip.trim()) ips[host] = ip.trim();
    }
  }
  const set = await vscode.window.showQuickPick(
    [
      { label: 'Newest that works', description: 'mesos v1.1.0, zookeeper v1.6.0, stdlib 8.6.0, apt 8.5.0', value: 'newest' as const },
      { label: 'As the book pins them (2015)', description: 'mesos v0.5.2, zookeeper v0.3.5, stdlib 4.5.1; the dead git:// source fixed', value: 'book' as const },
    ],
    { title: 'Scaffold Mesos cluster (5/7): module versions', ignoreFocusOut: true },
  );
  if (!set) return undefined;
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Marathon', picked: true },
      { label: 'Chronos', picked: true },
    ],
    { title: 'Scaffold Mesos cluster (6/7): frameworks on the masters', canPickMany: true, ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  const port = async (name: string, dflt: number): Promise<number | undefined> => {
    const v = await ask(client, `${name} port`, 7, `HTTP port of ${name}`, String(dflt), (x) => ({ field: 'port', value: x }));
    return v === undefined ? undefined : Number(v);
  };
  const marathonOn = picked.some((p) => p.label === 'Marathon');
  const chronosOn = picked.some((p) => p.label === 'Chronos');
  const marathonPort = marathonOn ? await port('Marathon', proposed.marathon.port) : proposed.marathon.port;
  if (marathonPort === undefined) return undefined;
  const chronosPort = chronosOn ? await port('Chronos', proposed.chronos.port) : proposed.chronos.port;
  if (chronosPort === undefined) return undefined;
  return { ...proposed, masters, slaves, domain: domain.trim(), ips, modules: set.value, marathon: { enabled: marathonOn, port: marathonPort }, chronos: { enabled: chronosOn, port: chronosPort } };
}

async function askTarget(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const items = [...folders.map((f) => ({ label: f.name, description: f.uri.fsPath, uri: f.uri as vscode.Uri | undefined })), { label: 'Choose another folder…', description: '', uri: undefined }];
  const pick = folders.length === 0 ? items[0] : await vscode.window.showQuickPick(items, { title: 'Scaffold Mesos cluster: target folder', ignoreFocusOut: true });
  if (!pick) return undefined;
  if (pick.uri) return pick.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Scaffold here' });
  return chosen?.[0];
}

/** Lets the user review the files; returns the ones to write, or undefined when cancelled. */
async function review(files: readonly ScaffoldPlanFile[], preview: ScaffoldPreviewProvider): Promise<ScaffoldPlanFile[] | undefined> {
  const diffButton = { iconPath: new vscode.ThemeIcon('diff'), tooltip: 'Show the changes to this file' };
  const items = files
    .filter((f) => f.status !== 'same')
    .map((f) => ({
      label: f.path,
      description:
        f.status === 'new'
          ? 'new file'
          : f.status === 'differs'
            ? `conflict: exists with other content${f.reason ? ` (${f.reason})` : ''}: overwrite?`
            : `conflict: ${f.reason ?? 'something that is not a regular file is there'}; left alone`,
      picked: f.status === 'new',
      buttons: f.status === 'differs' && !f.reason ? [diffButton] : [],
      file: f,
    }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Every file of this cluster is already there with the same content; nothing to write.');
    return [];
  }
  const qp = vscode.window.createQuickPick<(typeof items)[number]>();
  qp.title = 'Scaffold Mesos cluster: the files to write (unticked files are left alone)';
  qp.canSelectMany = true;
  qp.ignoreFocusOut = true;
  qp.items = items;
  qp.selectedItems = items.filter((i) => i.picked);
  return new Promise((resolve) => {
    qp.onDidTriggerItemButton(async (e) => {
      const right = preview.set(e.item.file.path, e.item.file.content);
      await vscode.commands.executeCommand('vscode.diff', vscode.Uri.parse(e.item.file.uri), right, `${e.item.file.path}: yours ↔ scaffold`, { preview: true, preserveFocus: true });
    });
    qp.onDidAccept(() => {
      // A blocked path (a folder, a link, a FIFO, ... is there) is never written, ticked or not.
      const chosen = qp.selectedItems.map((i) => i.file).filter((f) => f.status !== 'blocked');
      qp.hide();
      resolve(chosen);
    });
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
}

/** Writes the chosen files as one workspace edit (so one undo reverts it) and saves them. */
async function write(files: readonly ScaffoldPlanFile[]): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  const encoder = new TextEncoder();
  for (const f of files) {
    const uri = vscode.Uri.parse(f.uri);
    if (f.status === 'blocked') continue;
    if (f.status === 'new') edit.createFile(uri, { contents: encoder.encode(f.content), ignoreIfExists: false });
    // A file that cannot be opened as text (binary, another encoding, too large) is replaced as a whole.
    else if (f.reason) edit.createFile(uri, { contents: encoder.encode(f.content), overwrite: true });
    else {
      const doc = await vscode.workspace.openTextDocument(uri);
      edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), f.content);
    }
  }
  const ok = await vscode.workspace.applyEdit(edit, { isRefactoring: false });
  if (ok) {
    for (const f of files.filter((x) => x.status === 'differs' && !x.reason)) await (await vscode.workspace.openTextDocument(vscode.Uri.parse(f.uri))).save();
  }
  return ok;
}

export async function scaffoldCommand(client: LanguageClient, preview: ScaffoldPreviewProvider, args?: ScaffoldArgs): Promise<{ written: string[] } | undefined> {
  const options = args?.options ?? (await askOptions(client));
  if (!options) return undefined;
  const target = args ? vscode.Uri.parse(args.targetUri) : await askTarget();
  if (!target) return undefined;
  const plan = await client.sendRequest(ScaffoldPlanRequest, { options, targetUri: target.toString() });
  if (plan.problems.length > 0) {
    void vscode.window.showErrorMessage(`Cannot scaffold this cluster: ${plan.problems.join(' ')}`);
    return undefined;
  }
  const chosen = args ? plan.files.filter((f) => f.status === 'new' || (f.status === 'differs' && (args.overwrite ?? []).includes(f.path))) : await review(plan.files, preview);
  if (!chosen) return undefined;
  if (chosen.length > 0 && !(await write(chosen))) {
    void vscode.window.showErrorMessage('Scaffold Mesos cluster: VS Code refused the edit; nothing was written.');
    return undefined;
  }
  const role = plan.files.find((f) => f.path === 'site-modules/role/manifests/mesos/master.pp');
  if (role) await vscode.window.showTextDocument(vscode.Uri.parse(role.uri));
  const skipped = plan.files.filter((f) => (f.status === 'differs' || f.status === 'blocked') && !chosen.includes(f)).length;
  void vscode.window.showInformationMessage(`Scaffolded the Mesos cluster: ${chosen.length} file(s) written${skipped > 0 ? `, ${skipped} existing file(s) left as they were` : ''}. Undo reverts it.`);
  return { written: chosen.map((f) => f.path) };
}
