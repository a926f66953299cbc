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
startServer();
