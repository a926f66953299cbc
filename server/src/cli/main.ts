// The `mesos-puppet` command line: the same analysis as the language server, for CI pipelines.

import { runCheck, formatText } from './check.js';

const USAGE = `usage: mesos-puppet <command> [options]

commands:
  check [--format text|json] [--module-path DIR[:DIR...]] [PATH...]
      Report the problems in every Puppet manifest, Hiera file and Puppetfile under PATH (default: .).
      Exit 0 without errors, 1 with errors, 2 on usage or I/O failure.
`;

function fail(message: string): never {
  process.stderr.write(`mesos-puppet: ${message}\n`);
  process.exit(2);
}

function parseCheckArgs(args: string[]): { format: 'text' | 'json'; paths: string[]; modulePath: string[] } {
  let format: 'text' | 'json' = 'text';
  const paths: string[] = [];
  const modulePath: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (v !== 'text' && v !== 'json') fail(`--format takes text or json, not ${v === undefined ? 'nothing' : `'${v}'`}`);
      format = v;
    } else if (a === '--module-path' || a.startsWith('--module-path=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (!v) fail('--module-path takes a list of folders separated by ":"');
      modulePath.push(...v.split(':').filter(Boolean));
    } else if (a.startsWith('-')) fail(`unknown option '${a}'\n${USAGE}`);
    else paths.push(a);
  }
  return { format, paths, modulePath };
}

export function main(argv: string[]): void {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    process.exit(command ? 0 : 2);
  }
  if (command === '--version') {
    process.stdout.write('mesos-puppet 0.1.0\n');
    return;
  }
  if (command !== 'check') fail(`unknown command '${command}'\n${USAGE}`);
  const args = parseCheckArgs(rest);
  const result = runCheck({ cwd: process.cwd(), paths: args.paths, modulePath: args.modulePath });
  if ('error' in result) fail(result.error);
  process.stdout.write(args.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : `${formatText(result)}\n`);
  process.exitCode = result.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

main(process.argv.slice(2));
