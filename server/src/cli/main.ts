// The `mesos-puppet` command line: the same analysis as the language server, for CI pipelines. Each command
// is a module under commands/ returning its exit code; usage and I/O problems exit 2 with a message on stderr.

import { checkCommand, USAGE as CHECK_USAGE } from './commands/check.js';
import { scaffoldCommand, USAGE as SCAFFOLD_USAGE } from './commands/scaffold.js';
import { lookupCommand, USAGE as LOOKUP_USAGE } from './commands/lookup.js';
import { UsageError } from './args.js';
import { IoError } from './errors.js';

const COMMANDS: Record<string, { run: (args: readonly string[]) => number; usage: string }> = {
  check: { run: checkCommand, usage: CHECK_USAGE },
  scaffold: { run: scaffoldCommand, usage: SCAFFOLD_USAGE },
  lookup: { run: lookupCommand, usage: LOOKUP_USAGE },
};

function usage(): string {
  return `usage: mesos-puppet <command> [options]\n\ncommands:\n${Object.values(COMMANDS)
    .map((c) => `  ${c.usage}`)
    .join('\n')}\n`;
}

export function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  if (!command) {
    process.stderr.write(usage());
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  if (command === '--version') {
    process.stdout.write('mesos-puppet 0.1.0\n');
    return 0;
  }
  const cmd = COMMANDS[command];
  try {
    if (!cmd) throw new UsageError(`unknown command '${command}'`);
    return cmd.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`mesos-puppet: ${e.message}\n${usage()}`);
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
