// "Mesos Puppet: Scaffold Mesos cluster": a wizard that asks for the cluster (every answer checked by the server
// as the user types), shows the files it would write with a diff for those that exist, writes only what the
// user confirms (new files straight to disk, so no Undo deletes them; overwritten files as undoable text edits),
// and opens the master role. With an argument it runs without
// asking (for tests and for other extensions).

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ScaffoldCheckRequest,
  ScaffoldDefaultsRequest,
  ScaffoldModuleSetsRequest,
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

/** What a wizard step answers: a value, BACK (the user pressed the Back button), or undefined (cancelled). */
const BACK = Symbol('back');
type Answer<T> = T | typeof BACK | undefined;

const STEPS = 9;

/** An input box checked by the server as the user types; Enter is refused while the server objects. */
function ask(
  client: LanguageClient,
  title: string,
  step: number,
  prompt: string,
  value: string,
  check: (v: string) => ScaffoldCheckParams,
): Promise<Answer<string>> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = `Scaffold Mesos cluster (${step}/${STEPS}): ${title}`;
    box.prompt = prompt;
    box.value = value;
    box.ignoreFocusOut = true;
    box.buttons = step > 1 ? [vscode.QuickInputButtons.Back] : [];
    let done = false;
    let asked = 0;
    const finish = (a: Answer<string>): void => {
      if (done) return;
      done = true;
      box.dispose();
      resolve(a);
    };
    const validate = async (v: string): Promise<string | undefined> => {
      const n = ++asked;
      const message = (await client.sendRequest(ScaffoldCheckRequest, check(v))).message;
      if (n === asked && !done) box.validationMessage = message;
      return message;
    };
    box.onDidChangeValue((v) => void validate(v));
    box.onDidTriggerButton((b) => {
      if (b === vscode.QuickInputButtons.Back) finish(BACK);
    });
    box.onDidAccept(async () => {
      if ((await validate(box.value)) === undefined) finish(box.value);
    });
    box.onDidHide(() => finish(undefined));
    box.show();
    void validate(value);
  });
}

/** A quick pick with a Back button from the second step on. */
function pick<T extends vscode.QuickPickItem>(
  title: string,
  step: number,
  items: readonly T[],
  many: boolean,
  selected: readonly T[],
): Promise<Answer<T[]>> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<T>();
    qp.title = `Scaffold Mesos cluster (${step}/${STEPS}): ${title}`;
    qp.items = items;
    qp.canSelectMany = many;
    qp.ignoreFocusOut = true;
    qp.buttons = step > 1 ? [vscode.QuickInputButtons.Back] : [];
    if (many) qp.selectedItems = selected;
    else qp.activeItems = selected;
    let done = false;
    const finish = (a: Answer<T[]>): void => {
      if (done) return;
      done = true;
      qp.dispose();
      resolve(a);
    };
    qp.onDidTriggerButton((b) => {
      if (b === vscode.QuickInputButtons.Back) finish(BACK);
    });
    qp.onDidAccept(() => finish(many ? [...qp.selectedItems] : [...qp.activeItems]));
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

interface ModuleItem extends vscode.QuickPickItem {
  readonly value: 'newest' | 'book';
}

/**
 * The wizard: one step after another, each answer checked by the server (ports against every daemon of the
 * masters, addresses unique across hosts), the Back button returning to the previous step with its answer kept.
 */
async function askOptions(client: LanguageClient): Promise<ScaffoldOptionsDto | undefined> {
  const proposed = await client.sendRequest(ScaffoldDefaultsRequest);
  let o: ScaffoldOptionsDto = { ...proposed, ips: {} };
  let mastersText = proposed.masters.join(',');
  let slavesText = proposed.slaves.join(',');
  let wantIps = false;
  // The sets and the releases they pin are the server's facts; the client only shows them.
  const moduleItems: ModuleItem[] = (await client.sendRequest(ScaffoldModuleSetsRequest)).map((m) => ({
    label: m.label,
    description: m.description,
    value: m.value,
  }));
  const frameworkItems: vscode.QuickPickItem[] = [{ label: 'Marathon' }, { label: 'Chronos' }];
  const hosts = (): string[] => [...o.masters, ...o.slaves];
  const steps: Array<() => Promise<Answer<unknown>>> = [
    async () => {
      const v = await ask(
        client,
        'masters',
        1,
        'Master host names, comma-separated (an odd number; three for high availability)',
        mastersText,
        (x) => ({ field: 'masters', value: x }),
      );
      if (typeof v !== 'string') return v;
      mastersText = v;
      o = {
        ...o,
        masters: (await client.sendRequest(ScaffoldCheckRequest, { field: 'masters', value: v })).hosts ?? [],
      };
      return v;
    },
    async () => {
      const v = await ask(client, 'agents', 2, 'Agent (slave) host names, comma-separated', slavesText, (x) => ({
        field: 'slaves',
        value: x,
        masters: o.masters,
      }));
      if (typeof v !== 'string') return v;
      slavesText = v;
      o = {
        ...o,
        slaves:
          (await client.sendRequest(ScaffoldCheckRequest, { field: 'slaves', value: v, masters: o.masters })).hosts ??
          [],
      };
      return v;
    },
    async () => {
      const v = await ask(
        client,
        'domain',
        3,
        'DNS domain of the nodes (certname = host.domain); leave empty for bare names',
        o.domain,
        (x) => ({ field: 'domain', value: x }),
      );
      if (typeof v === 'string') o = { ...o, domain: v.trim() };
      return v;
    },
    async () => {
      const items = [{ label: 'No' }, { label: 'Yes' }];
      const v = await pick('give IP addresses to bind to?', 4, items, false, [items[wantIps ? 1 : 0]]);
      if (Array.isArray(v)) wantIps = v[0]?.label === 'Yes';
      return v;
    },
    async () => {
      if (!wantIps) {
        o = { ...o, ips: {} };
        return 'skipped';
      }
      // One box per host; Back from the first returns to the previous step, from the others to the host before.
      const all = hosts();
      let ips: Record<string, string> = Object.fromEntries(Object.entries(o.ips).filter(([h]) => all.includes(h)));
      for (let i = 0; i < all.length;) {
        const host = all[i];
        const given = Object.fromEntries(Object.entries(ips).filter(([h]) => all.indexOf(h) < i));
        const v = await ask(
          client,
          `address of ${host}`,
          5,
          `IPv4 address of ${host} (empty: the address Facter reports for it)`,
          ips[host] ?? '',
          (x) => ({ field: 'ip', value: x, host, ips: given }),
        );
        if (v === undefined) return undefined;
        if (v === BACK) {
          if (i === 0) return BACK;
          i--;
          continue;
        }
        const { [host]: _old, ...rest } = ips;
        void _old;
        ips = v.trim() ? { ...rest, [host]: v.trim() } : rest;
        i++;
      }
      o = { ...o, ips };
      return 'done';
    },
    async () => {
      const v = await pick(
        'module versions',
        6,
        moduleItems,
        false,
        moduleItems.filter((m) => m.value === o.modules),
      );
      if (Array.isArray(v) && v[0]) o = { ...o, modules: v[0].value };
      return v;
    },
    async () => {
      const on = frameworkItems.filter((f) => (f.label === 'Marathon' ? o.marathon.enabled : o.chronos.enabled));
      const v = await pick('frameworks on the masters', 7, frameworkItems, true, on);
      if (Array.isArray(v))
        o = {
          ...o,
          marathon: { ...o.marathon, enabled: v.some((f) => f.label === 'Marathon') },
          chronos: { ...o.chronos, enabled: v.some((f) => f.label === 'Chronos') },
        };
      return v;
    },
    async () => {
      if (!o.marathon.enabled) return 'skipped';
      // Chronos is asked next: its default port (4400) counts as taken.
      const v = await ask(client, 'Marathon port', 8, 'HTTP port of Marathon', String(o.marathon.port), (x) => ({
        field: 'port',
        value: x,
        framework: 'marathon',
        ...(o.chronos.enabled ? {} : { other: o.chronos }),
      }));
      if (typeof v === 'string') o = { ...o, marathon: { ...o.marathon, port: Number(v) } };
      return v;
    },
    async () => {
      if (!o.chronos.enabled) return 'skipped';
      const v = await ask(client, 'Chronos port', 9, 'HTTP port of Chronos', String(o.chronos.port), (x) => ({
        field: 'port',
        value: x,
        framework: 'chronos',
        other: o.marathon,
      }));
      if (typeof v === 'string') o = { ...o, chronos: { ...o.chronos, port: Number(v) } };
      return v;
    },
  ];
  // Skipped steps are skipped going back too.
  const skipped: boolean[] = [];
  for (let i = 0; i < steps.length;) {
    const a = await steps[i]();
    if (a === undefined) return undefined;
    if (a === BACK) {
      do i--;
      while (i > 0 && skipped[i]);
      i = Math.max(i, 0);
      continue;
    }
    skipped[i] = a === 'skipped';
    i++;
  }
  return o;
}

async function askTarget(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const items = [
    ...folders.map((f) => ({ label: f.name, description: f.uri.fsPath, uri: f.uri as vscode.Uri | undefined })),
    { label: 'Choose another folder…', description: '', uri: undefined },
  ];
  const pick =
    folders.length === 0
      ? items[0]
      : await vscode.window.showQuickPick(items, {
          title: 'Scaffold Mesos cluster: target folder',
          ignoreFocusOut: true,
        });
  if (!pick) return undefined;
  if (pick.uri) return pick.uri;
  const chosen = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Scaffold here',
  });
  return chosen?.[0];
}

/** Lets the user review the files; returns the ones to write, or undefined when cancelled. */
async function review(
  files: readonly ScaffoldPlanFile[],
  preview: ScaffoldPreviewProvider,
): Promise<ScaffoldPlanFile[] | undefined> {
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
    void vscode.window.showInformationMessage(
      'Every file of this cluster is already there with the same content; nothing to write.',
    );
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
      await vscode.commands.executeCommand(
        'vscode.diff',
        vscode.Uri.parse(e.item.file.uri),
        right,
        `${e.item.file.path}: yours ↔ scaffold`,
        { preview: true, preserveFocus: true },
      );
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

/**
 * Writes the chosen files. New files are written straight to disk, outside the editor's undo stack: undoing a
 * workspace edit that created them would delete them, files the user may have edited since, with one Ctrl+Z and
 * no question. Existing files the user agreed to overwrite are replaced as one text edit each (so Undo in such a
 * file restores what was there) and saved. Returns what was created and what was overwritten.
 */
async function write(
  files: readonly ScaffoldPlanFile[],
): Promise<{ created: number; overwritten: number } | undefined> {
  const encoder = new TextEncoder();
  const edit = new vscode.WorkspaceEdit();
  let created = 0;
  let overwritten = 0;
  for (const f of files) {
    const uri = vscode.Uri.parse(f.uri);
    if (f.status === 'blocked') continue;
    // A new file, or one that cannot be opened as text (binary, another encoding, too large): written whole.
    if (f.status === 'new' || f.reason) {
      await vscode.workspace.fs.writeFile(uri, encoder.encode(f.content));
      if (f.status === 'new') created++;
      else overwritten++;
      continue;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), f.content);
    overwritten++;
  }
  const replaced = files.filter((x) => x.status === 'differs' && !x.reason);
  if (replaced.length > 0) {
    if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: false }))) return undefined;
    for (const f of replaced) await (await vscode.workspace.openTextDocument(vscode.Uri.parse(f.uri))).save();
  }
  return { created, overwritten };
}

/** The message after scaffolding: what was written, and what Undo does, only when it does something. */
export function scaffoldReport(created: number, overwritten: number, skipped: number): string {
  const left = skipped > 0 ? `${skipped} existing file(s) left as they were` : '';
  if (created + overwritten === 0) return `Scaffold Mesos cluster: nothing written${left ? `; ${left}` : ''}.`;
  const parts = [`${created} file(s) created`];
  if (overwritten > 0)
    parts.push(`${overwritten} existing file(s) overwritten (Undo in such a file restores its old content)`);
  if (left) parts.push(left);
  return `Scaffolded the Mesos cluster: ${parts.join(', ')}.`;
}

export async function scaffoldCommand(
  client: LanguageClient,
  preview: ScaffoldPreviewProvider,
  args?: ScaffoldArgs,
): Promise<{ written: string[]; message: string } | undefined> {
  const options = args?.options ?? (await askOptions(client));
  if (!options) return undefined;
  const target = args ? vscode.Uri.parse(args.targetUri) : await askTarget();
  if (!target) return undefined;
  const plan = await client.sendRequest(ScaffoldPlanRequest, { options, targetUri: target.toString() });
  if (plan.problems.length > 0) {
    void vscode.window.showErrorMessage(`Cannot scaffold this cluster: ${plan.problems.join(' ')}`);
    return undefined;
  }
  const chosen = args
    ? plan.files.filter(
        (f) => f.status === 'new' || (f.status === 'differs' && (args.overwrite ?? []).includes(f.path)),
      )
    : await review(plan.files, preview);
  if (!chosen) return undefined;
  const done = chosen.length > 0 ? await write(chosen) : { created: 0, overwritten: 0 };
  if (!done) {
    void vscode.window.showErrorMessage(
      'Scaffold Mesos cluster: VS Code refused to overwrite the existing files; they were left as they were.',
    );
    return undefined;
  }
  const role = plan.files.find((f) => f.path === 'site-modules/role/manifests/mesos/master.pp');
  // The role is opened when it is there: written now, or already the same.
  if (role && (role.status === 'same' || chosen.includes(role)))
    await vscode.window.showTextDocument(vscode.Uri.parse(role.uri));
  const skipped = plan.files.filter(
    (f) => (f.status === 'differs' || f.status === 'blocked') && !chosen.includes(f),
  ).length;
  const message = scaffoldReport(done.created, done.overwritten, skipped);
  void vscode.window.showInformationMessage(message);
  return { written: chosen.map((f) => f.path), message };
}
