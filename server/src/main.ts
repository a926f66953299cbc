// Entry point of the language server (`mesos-puppet-language-server`). The transport comes from the command
// line: `--stdio` for any LSP editor, `--node-ipc` when VS Code starts it, `--socket=N`.

import { startServer } from './lsp/server.js';

const transports = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];
if (process.argv.includes('--version')) {
  console.log('mesos-puppet-language-server 0.1.0');
  process.exit(0);
}
if (!process.argv.slice(2).some((a) => transports.some((t) => a.startsWith(t)))) {
  console.error('usage: mesos-puppet-language-server --stdio | --node-ipc | --socket=PORT');
  process.exit(2);
}
// Last line of defence: a bug in work scheduled outside a message handler (a timer, a watcher callback) is logged,
// not the end of the server the editor relies on. Handlers themselves answer errors through the connection.
process.on('uncaughtException', (e) => {
  console.error(`mesos-puppet: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
});
startServer();
