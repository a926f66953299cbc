// "Install Modules with r10k": opens a terminal in the control repo (the folder of a Puppetfile in the workspace)
// and runs r10k there, as the walkthrough's second step tells the user to. The walkthrough ticks that step when
// this command runs, not when its title is clicked. Nothing is decided here about the modules themselves: r10k
// reads the Puppetfile, and the language server reports what it pins.

import * as vscode from 'vscode';

/** What the terminal runs: every module at the version the Puppetfile pins (`puppet module install` ignores pins). */
export const R10K_INSTALL = 'r10k puppetfile install --verbose';

/** The folders holding a Puppetfile, installed modules' own Puppetfiles left out. */
async function controlRepos(): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles('**/Puppetfile', '**/{modules,node_modules,.git,vendor}/**', 50);
  return found.map((f) => vscode.Uri.joinPath(f, '..')).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

/** Asks which control repo when the workspace has several; undefined when there is none or the user cancels. */
async function pickRepo(): Promise<vscode.Uri | undefined> {
  const repos = await controlRepos();
  if (repos.length === 0) {
    void vscode.window.showWarningMessage(
      'No Puppetfile in this workspace: scaffold the cluster first (Mesos Puppet: Scaffold Mesos Cluster).',
    );
    return undefined;
  }
  if (repos.length === 1) return repos[0];
  const picked = await vscode.window.showQuickPick(
    repos.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'Install the modules of which control repo?' },
  );
  return picked?.uri;
}

/** Runs r10k in a terminal in the chosen control repo; resolves to that terminal (for tests) or undefined. */
export async function installModulesCommand(): Promise<vscode.Terminal | undefined> {
  // r10k evaluates the Puppetfile, which is Ruby: in a workspace the user has not trusted, nothing runs it.
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      "Install Modules runs r10k on this workspace's Puppetfile (Ruby code): trust the workspace first.",
    );
    return undefined;
  }
  const cwd = await pickRepo();
  if (!cwd) return undefined;
  const terminal = vscode.window.createTerminal({ name: 'r10k', cwd });
  terminal.show();
  terminal.sendText(R10K_INSTALL);
  return terminal;
}
