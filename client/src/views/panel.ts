// One webview panel per view kind, reused and refreshed: the page's links come back as "open" messages and
// open the file at the line. The panel redraws when the user saves a file and when a file of the repo changes on
// disk (a git checkout, another editor), so the picture follows the data.

import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export class ViewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly viewType: string,
    private readonly title: string,
    private readonly render: (nonce: string) => Promise<string>,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(
      '**/{Puppetfile,*.pp,*.yaml,*.yml,*.json,environment.conf}',
    );
    const soon = (): void => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(), 300);
    };
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument(() => void this.refresh()),
      watcher,
      watcher.onDidChange(soon),
      watcher.onDidCreate(soon),
      watcher.onDidDelete(soon),
    );
  }

  /** A burst of file events (a checkout) redraws once. */
  private timer: NodeJS.Timeout | undefined;

  /** The HTML last shown, for tests. */
  lastHtml = '';

  async show(): Promise<void> {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(this.viewType, this.title, vscode.ViewColumn.Beside, {
        enableScripts: true,
        retainContextWhenHidden: false,
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage(
        async (m: { command?: string; uri?: string; line?: number; character?: number }) => {
          if (m.command !== 'open' || !m.uri) return;
          const pos = new vscode.Position(m.line ?? 0, m.character ?? 0);
          await vscode.window.showTextDocument(vscode.Uri.parse(m.uri), {
            selection: new vscode.Range(pos, pos),
            viewColumn: vscode.ViewColumn.One,
          });
        },
      );
    } else this.panel.reveal();
    await this.refresh();
  }

  async refresh(): Promise<void> {
    if (!this.panel) return;
    this.lastHtml = await this.render(randomBytes(16).toString('base64'));
    this.panel.webview.html = this.lastHtml;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
