// The `mesos-puppet` command line: the same analysis as the language server, for CI pipelines. Each command
// is a module under commands/ exporting its spec (forms, options table, what it does) and returning its exit
// code; usage and I/O problems exit 2 with a message on stderr. `--help` anywhere prints help and exits 0.

import { CHECK } from './commands/check.js';
import { SCAFFOLD } from './commands/scaffold.js';
import { LOOKUP } from './commands/lookup.js';
import { NODE } from './commands/node.js';
import { commandHelp, parseArgs, UsageError, type CommandSpec } from './args.js';
import { IoError } from './errors.js';

const COMMANDS: Record<string, CommandSpec> = { check: CHECK, scaffold: SCAFFOLD, lookup: LOOKUP, node: NODE };

const VERSION = '0.1.0';

function usage(): string {
  const rows = Object.values(COMMANDS).map((c) => `  ${c.name.padEnd(9)} ${c.summary}`);
  return `usage: mesos-puppet <command> [options]\n\ncommands:\n${rows.join('\n')}\n\nRun 'mesos-puppet <command> --help' for a command's options.\n`;
}

export function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  if (!command) {
    process.stderr.write(usage());
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    const about = rest[0] !== undefined ? COMMANDS[rest[0]] : undefined;
    process.stdout.write(about ? commandHelp(about) : usage());
    return 0;
  }
  if (command === '--version' || command === '-V') {
    process.stdout.write(`mesos-puppet ${VERSION}\n`);
    return 0;
  }
  const cmd = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
  try {
    if (!cmd) throw new UsageError(`unknown command '${command}'`);
    const args = parseArgs(rest, cmd.options);
    if (args.help) {
      process.stdout.write(commandHelp(cmd));
      return 0;
    }
    return cmd.run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(
        `mesos-puppet: ${e.message}\n${cmd ? `Run 'mesos-puppet ${cmd.name} --help' for its options.\n` : usage()}`,
      );
      return 2;
    }
    if (e instanceof IoError) {
      process.stderr.write(`mesos-puppet: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
