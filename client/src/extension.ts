// The VS Code client: starts the language server, routes Puppet, Puppetfile and YAML documents to it, and
// registers the commands. It holds no language logic: which YAML files are Hiera data is the server's call,
// made from the hiera.yaml files it finds at run time.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_STATUS_NOTIFICATION, type ServerStatus } from '../../server/src/protocol';

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
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json', pattern: '**/{data,hieradata}/**/*.json' },
    ],
    outputChannel: output,
    initializationOptions: { settings: vscode.workspace.getConfiguration('mesosPuppet') },
  };
  return new LanguageClient('mesosPuppet', 'Mesos Puppet Language Server', serverOptions, clientOptions);
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  client = createClient(context);
  client.onNotification(SERVER_STATUS_NOTIFICATION, (status: ServerStatus) => {
    output?.info(`server ${status.message}: ${status.roots.length} workspace folder(s)`);
  });
  await client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Mesos Puppet', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('mesosPuppet.showLog', () => output?.show(true)),
    vscode.commands.registerCommand('mesosPuppet.restartServer', async () => {
      if (client) await client.restart();
      else await start(context);
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
