// "Preview Node": what a node gets, as a read-only document per node — its Mesos, ZooKeeper, Marathon and Chronos
// files with their content, its packages and services — redrawn as the user types, and compared in VS Code's diff
// editor with another node or with the last saved state. Each line says where it comes from: a decoration names
// the Hiera keys whose value it shows (the file's header names its template and resource), and hovering it gives
// the places as links. Every fact comes from the server (`mesosPuppet/nodePreview`); this file only lays the
// answer out as text.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  NodePreviewRequest,
  NodesRequest,
  type NodePreviewFile,
  type NodePreviewResult,
} from '../../../server/src/protocol';

export const NODE_SCHEME = 'mesos-puppet-node';

/** What one line of a node document is, for its decoration and hover. */
type LineInfo =
  | { readonly kind: 'header'; readonly file: NodePreviewFile }
  | {
      readonly kind: 'content';
      readonly file: NodePreviewFile;
      readonly line: number;
      readonly keys: readonly string[];
    };

interface Rendered {
  readonly text: string;
  readonly lines: ReadonlyMap<number, LineInfo>;
  readonly keySources: ReadonlyMap<string, string>;
}

export interface NodeDocArgs {
  readonly node: string;
  /** The control repo (any file or folder in it); the workspace's first when omitted. */
  readonly root?: string;
  /** The files as saved, without unsaved edits. */
  readonly saved?: boolean;
}

export function nodeDocUri(a: NodeDocArgs): vscode.Uri {
  const query = new URLSearchParams({
    node: a.node,
    ...(a.root ? { root: a.root } : {}),
    ...(a.saved ? { saved: '1' } : {}),
  });
  // The path is what the tab shows.
  return vscode.Uri.from({
    scheme: NODE_SCHEME,
    path: `/${a.node}${a.saved ? ' (saved)' : ''}`,
    query: query.toString(),
  });
}

function argsOf(uri: vscode.Uri): NodeDocArgs {
  const q = new URLSearchParams(uri.query);
  const root = q.get('root');
  return {
    node: q.get('node') ?? uri.path.slice(1),
    ...(root ? { root } : {}),
    ...(q.get('saved') ? { saved: true } : {}),
  };
}

/** The answer as text: a header, each file as `== PATH` and its exact content, then the packages and services. */
export function renderNode(r: NodePreviewResult, a: NodeDocArgs): Rendered {
  const out: string[] = [];
  const lines = new Map<number, LineInfo>();
  if (r.kind === 'error') {
    out.push(`# Node ${a.node}: ${r.message}`);
    return { text: `${out.join('\n')}\n`, lines, keySources: new Map() };
  }
  out.push(`# Node ${r.node}${a.saved ? ', as saved on disk' : ''}: what Puppet puts on it`);
  out.push(`# classes: ${r.classes.join(', ') || '(none)'}`);
  if (r.factsDerived) out.push('# facts: derived from the name (a Debian 12 host)');
  for (const f of r.files) {
    out.push('');
    lines.set(out.length, { kind: 'header', file: f });
    out.push(`== ${f.path}`);
    if (f.content === null) out.push('(content not managed or not known)');
    else if (f.content === '') out.push('(empty)');
    else
      f.content
        .replace(/\n$/, '')
        .split('\n')
        .forEach((text, i) => {
          lines.set(out.length, { kind: 'content', file: f, line: i, keys: f.lineKeys?.[i] ?? [] });
          out.push(text);
        });
  }
  if (r.packages.length > 0)
    out.push('', '== packages', ...r.packages.map((p) => `${p.name}: ${p.ensure ?? 'present'}`));
  if (r.services.length > 0)
    out.push(
      '',
      '== services',
      ...r.services.map(
        (s) => `${s.name}: ensure ${s.ensure ?? '(unmanaged)'}, enable ${String(s.enable ?? '(unmanaged)')}`,
      ),
    );
  if (r.findings.length > 0) {
    out.push('', r.complete ? '== notes' : '== incomplete: Puppet would stop, or the preview does not model this');
    for (const f of r.findings) out.push(`${f.kind}: ${f.message}`);
  }
  const keySources = new Map((r.keySources ?? []).map((k) => [k.key, k.uri]));
  return { text: `${out.join('\n')}\n`, lines, keySources };
}

const keyList = (keys: readonly string[]): string => keys.join(', ');

export class NodePreviews implements vscode.TextDocumentContentProvider, vscode.HoverProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly rendered = new Map<string, Rendered>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em' },
  });

  constructor(private readonly client: () => LanguageClient) {
    const watcher = vscode.workspace.createFileSystemWatcher(
      '**/{Puppetfile,*.pp,*.erb,*.yaml,*.yml,*.json,environment.conf}',
    );
    this.disposables.push(
      this.changed,
      this.decoration,
      watcher,
      // Unsaved edits change the current state; saves and disk changes change both.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme === 'file' || e.document.uri.scheme === 'untitled') this.soon(false);
      }),
      vscode.workspace.onDidSaveTextDocument(() => this.soon(true)),
      watcher.onDidChange(() => this.soon(true)),
      watcher.onDidCreate(() => this.soon(true)),
      watcher.onDidDelete(() => this.soon(true)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorate()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === NODE_SCHEME) this.rendered.delete(d.uri.toString());
      }),
    );
  }

  /** Redraws the open node documents once a burst of changes is over. */
  private soon(savedToo: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      for (const d of vscode.workspace.textDocuments)
        if (d.uri.scheme === NODE_SCHEME && (savedToo || !argsOf(d.uri).saved)) this.changed.fire(d.uri);
    }, 300);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const a = argsOf(uri);
    let r: NodePreviewResult;
    try {
      r = await this.client().sendRequest(NodePreviewRequest, {
        node: a.node,
        ...(a.root ? { uri: a.root } : {}),
        ...(a.saved ? { saved: true } : {}),
        lineOrigins: true,
      });
    } catch (e) {
      return `# Node ${a.node}: the language server did not answer (${e instanceof Error ? e.message : String(e)})\n`;
    }
    const rendered = renderNode(r, a);
    this.rendered.set(uri.toString(), rendered);
    setTimeout(() => this.decorate(), 0);
    return rendered.text;
  }

  /** The origin after each line: the Hiera keys a content line shows; a file header's template and resource. */
  annotations(uri: string): Array<{ line: number; text: string }> {
    const r = this.rendered.get(uri);
    if (!r) return [];
    const out: Array<{ line: number; text: string }> = [];
    for (const [line, info] of r.lines) {
      const text =
        info.kind === 'header'
          ? [...(info.file.origin.templates ?? []).map((t) => `template ${t}`), info.file.origin.resource].join(' · ')
          : info.keys.length > 0
            ? `← ${keyList(info.keys)}`
            : undefined;
      if (text) out.push({ line, text });
    }
    return out;
  }

  /** The line origins, faded after each line of every visible node document (either side of a diff too). */
  private decorate(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.scheme !== NODE_SCHEME) continue;
      const options: vscode.DecorationOptions[] = [];
      for (const { line, text } of this.annotations(editor.document.uri.toString())) {
        if (line >= editor.document.lineCount) continue;
        const end = editor.document.lineAt(line).range.end;
        options.push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: text } } });
      }
      editor.setDecorations(this.decoration, options);
    }
  }

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const r = this.rendered.get(doc.uri.toString());
    const info = r?.lines.get(pos.line);
    if (!r || !info) return undefined;
    const o = info.file.origin;
    const md = new vscode.MarkdownString();
    const at = vscode.Uri.parse(o.uri).with({ fragment: `L${o.range.start.line + 1}` });
    if (info.kind === 'content') {
      md.appendMarkdown(`**${info.file.path}**, line ${info.line + 1}\n\n`);
      if (info.keys.length > 0)
        md.appendMarkdown(
          `Shows the value of ${info.keys
            .map((k) => {
              const src = r.keySources.get(k);
              return src
                ? `[\`${k}\`](${vscode.Uri.parse(src).toString()}) (${vscode.workspace.asRelativePath(vscode.Uri.parse(src))})`
                : `\`${k}\``;
            })
            .join(', ')}.\n\n`,
        );
      else md.appendMarkdown('Written by the template or a default: no Hiera key of this node changes it.\n\n');
    } else md.appendMarkdown(`**${info.file.path}**\n\n`);
    if (o.templates?.length) md.appendMarkdown(`Template ${o.templates.map((t) => `\`${t}\``).join(', ')}; `);
    md.appendMarkdown(
      `\`${o.resource}\` declared in [${vscode.workspace.asRelativePath(vscode.Uri.parse(o.uri))}:${o.range.start.line + 1}](${at.toString()})${o.via.length ? `, in ${o.via.map((v) => `\`${v}\``).join(' › ')}` : ''}.`,
    );
    return new vscode.Hover(md, doc.lineAt(pos.line).range);
  }

  /** The text and line origins last shown for a node document (for tests). */
  lastText(uri: string): string | undefined {
    return this.rendered.get(uri)?.text;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** Asks which node: the nodes of the workspace. */
async function pickNode(client: LanguageClient, title: string, except?: string): Promise<NodeDocArgs | undefined> {
  const { nodes } = await client.sendRequest(NodesRequest, {});
  const pick = await vscode.window.showQuickPick(
    nodes
      .filter((n) => n.certname !== except)
      .map((n) => ({
        label: n.certname,
        description: vscode.workspace.asRelativePath(vscode.Uri.parse(n.uri)),
        root: n.rootUri,
      })),
    { title },
  );
  return pick ? { node: pick.label, root: pick.root } : undefined;
}

/** The node of the active node document, if one is active. */
function activeNode(): NodeDocArgs | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === NODE_SCHEME ? { ...argsOf(uri), saved: false } : undefined;
}

export function registerNodePreview(context: vscode.ExtensionContext, client: () => LanguageClient): NodePreviews {
  const previews = new NodePreviews(client);
  context.subscriptions.push(
    previews,
    vscode.workspace.registerTextDocumentContentProvider(NODE_SCHEME, previews),
    vscode.languages.registerHoverProvider({ scheme: NODE_SCHEME }, previews),
    vscode.commands.registerCommand('mesosPuppet.previewNode', async (args?: NodeDocArgs) => {
      const a = args ?? (await pickNode(client(), 'Preview Node: which node?'));
      if (!a) return undefined;
      const uri = nodeDocUri({ ...a, saved: false });
      await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: false });
      return uri.toString();
    }),
    vscode.commands.registerCommand('mesosPuppet.compareNodeWithSaved', async (args?: NodeDocArgs) => {
      const a = args ?? activeNode() ?? (await pickNode(client(), 'Compare with the last saved state: which node?'));
      if (!a) return undefined;
      const saved = nodeDocUri({ ...a, saved: true });
      const current = nodeDocUri({ ...a, saved: false });
      await vscode.commands.executeCommand('vscode.diff', saved, current, `${a.node}: saved ↔ with unsaved edits`, {
        preview: false,
      });
      return [saved.toString(), current.toString()];
    }),
    vscode.commands.registerCommand(
      'mesosPuppet.compareNodes',
      async (args?: NodeDocArgs & { readonly other?: string }) => {
        const a = args ?? activeNode() ?? (await pickNode(client(), 'Compare nodes: the first node?'));
        if (!a) return undefined;
        const other = args?.other ?? (await pickNode(client(), `Compare ${a.node} with which node?`, a.node))?.node;
        if (!other) return undefined;
        const left = nodeDocUri({ ...a, saved: false });
        const right = nodeDocUri({ ...a, node: other, saved: false });
        await vscode.commands.executeCommand('vscode.diff', left, right, `${a.node} ↔ ${other}`, { preview: false });
        return [left.toString(), right.toString()];
      },
    ),
  );
  return previews;
}
