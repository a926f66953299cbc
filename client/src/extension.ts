// The VS Code client: starts the language server, routes Puppet, Puppetfile and YAML documents to it, and
// registers the commands and views. It holds no language logic: which YAML file is Hiera data, what a wizard
// answer is worth, what the cluster looks like, all come from the server; the client asks and draws.

import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  LookupPreviewRequest,
  NodesRequest,
  ServerStatusNotification,
  TopologyRequest,
  type ServerStatus,
} from '../../server/src/protocol';
import { scaffoldCommand, ScaffoldPreviewProvider, type ScaffoldArgs } from './commands/scaffold';
import { installModulesCommand } from './commands/installModules';
import { ViewPanel } from './views/panel';
import { topologyHtml } from './views/topologyHtml';
import { lookupHtml } from './views/lookupHtml';
import { registerNodePreview } from './views/nodePreview';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server/main.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'puppet' },
      { scheme: 'untitled', language: 'puppet' },
      { scheme: 'file', language: 'puppetfile' },
      // Every YAML and JSON file: which of them are Hiera data (any datadir a hiera.yaml names) is the server's
      // knowledge, and it answers nothing for the others.
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
    ],
    outputChannel: output,
    // In an untrusted workspace VS Code already hides the workspace's restricted settings; the server is told
    // too, so the repo's own .mesos-puppet.yaml cannot widen what it reads either.
    initializationOptions: {
      settings: vscode.workspace.getConfiguration('mesosPuppet'),
      trusted: vscode.workspace.isTrusted,
    },
  };
  return new LanguageClient('mesosPuppet', 'Mesos Puppet Language Server', serverOptions, clientOptions);
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  client = createClient(context);
  client.onNotification(ServerStatusNotification, (status: ServerStatus) => {
    output?.info(`server ${status.message}: ${status.roots.length} workspace folder(s)`);
  });
  await client.start();
}

function running(): LanguageClient {
  if (!client)
    throw new Error('the Mesos Puppet language server is not running; run "Mesos Puppet: Restart Language Server"');
  return client;
}

interface LookupArgs {
  readonly node: string;
  readonly facts?: Record<string, unknown>;
  /** The control repo (any file or folder in it); the workspace's first when omitted. */
  readonly uri?: string;
}

/** Asks which node to preview: the nodes of the workspace, or a certname typed in. */
async function pickNode(): Promise<{ node: string; uri?: string } | undefined> {
  const { nodes } = await running().sendRequest(NodesRequest, {});
  const typed = '$(edit) Type a certname…';
  const pick = await vscode.window.showQuickPick(
    [
      ...nodes.map((n) => ({
        label: n.certname,
        description: vscode.workspace.asRelativePath(vscode.Uri.parse(n.uri)),
        uri: n.rootUri as string | undefined,
      })),
      { label: typed, description: '', uri: undefined },
    ],
    { title: 'Hiera lookup preview: which node?' },
  );
  if (!pick) return undefined;
  if (pick.label !== typed) return { node: pick.label, ...(pick.uri ? { uri: pick.uri } : {}) };
  const node = await vscode.window.showInputBox({
    title: 'Hiera lookup preview',
    prompt: 'The node’s certname (trusted.certname)',
  });
  return node ? { node } : undefined;
}

/** Reads a facts file (YAML or JSON) the user picks, parsed by the server-side format rules: we only pass JSON. */
async function pickFacts(): Promise<Record<string, unknown> | undefined | null> {
  const choice = await vscode.window.showQuickPick(['Derive facts from the node name', 'Use a facts file (JSON)…'], {
    title: 'Hiera lookup preview: facts',
  });
  if (!choice) return null;
  if (choice.startsWith('Derive')) return undefined;
  const file = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { 'Facts (JSON)': ['json'] },
    openLabel: 'Use these facts',
  });
  if (!file?.[0]) return null;
  try {
    return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file[0]))) as Record<string, unknown>;
  } catch (e) {
    void vscode.window.showErrorMessage(
      `Cannot read ${file[0].fsPath} as JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
    return null;
  }
}

export interface ExtensionApi {
  /** The HTML the topology and lookup panels show now (for tests). */
  readonly views: { topology: () => string; lookup: () => string };
  /** The origin shown after each line of a node document (for tests). */
  readonly nodeAnnotations: (uri: string) => ReadonlyArray<{ readonly line: number; readonly text: string }>;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  output = vscode.window.createOutputChannel('Mesos Puppet', { log: true });
  const preview = new ScaffoldPreviewProvider();
  let lookupArgs: LookupArgs | undefined;
  const topology = new ViewPanel('mesosPuppet.topology', 'Mesos cluster topology', async (nonce) =>
    topologyHtml(await running().sendRequest(TopologyRequest, {}), nonce),
  );
  const lookup = new ViewPanel('mesosPuppet.lookupPreview', 'Hiera lookup preview', async (nonce) =>
    lookupHtml(await running().sendRequest(LookupPreviewRequest, { ...lookupArgs }), nonce),
  );
  context.subscriptions.push(
    output,
    topology,
    lookup,
    vscode.workspace.registerTextDocumentContentProvider(ScaffoldPreviewProvider.scheme, preview),
    vscode.commands.registerCommand('mesosPuppet.showLog', () => output?.show(true)),
    vscode.commands.registerCommand('mesosPuppet.restartServer', async () => {
      if (client) await client.restart();
      else await start(context);
    }),
    // Settings restricted in untrusted workspaces (package.json) take their workspace values once trusted: the
    // server is started again with them (its initialization options are read when the client is created).
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      if (client) await client.stop();
      await start(context);
    }),
    vscode.commands.registerCommand('mesosPuppet.scaffold', (args?: ScaffoldArgs) =>
      scaffoldCommand(running(), preview, args),
    ),
    vscode.commands.registerCommand('mesosPuppet.installModules', installModulesCommand),
    vscode.commands.registerCommand('mesosPuppet.showTopology', () => topology.show()),
    vscode.commands.registerCommand('mesosPuppet.lookupPreview', async (args?: LookupArgs) => {
      if (args) lookupArgs = args;
      else {
        const picked = await pickNode();
        if (!picked) return;
        const facts = await pickFacts();
        if (facts === null) return;
        lookupArgs = { ...picked, ...(facts ? { facts } : {}) };
      }
      await lookup.show();
    }),
  );
  const nodes = registerNodePreview(context, running);
  await start(context);
  return {
    views: { topology: () => topology.lastHtml, lookup: () => lookup.lastHtml },
    nodeAnnotations: (uri) => nodes.annotations(uri),
  };
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
