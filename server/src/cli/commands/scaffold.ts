// `mesos-puppet scaffold [DIR] --masters a,b,c --slaves x,y,z [...]`: writes the control repo of a Mesos
// cluster, the same files as the VS Code wizard. A file that exists with other content is a conflict: the
// command lists the conflicts and exits 1 without writing anything, unless --force. A path that holds a
// folder, a symbolic link, a FIFO, a socket or a device (or lies below one) is never replaced, even with
// --force. The files are written all or none.

import { resolve, relative } from 'node:path';
import { nodeFileSystem } from '../../workspace/nodeFileSystem.js';
import { nodePathProbe } from '../../workspace/pathProbe.js';
import { writeAll } from '../../workspace/writeAll.js';
import {
  checkOptions,
  DEFAULT_OPTIONS,
  parseHostList,
  type ScaffoldOptions,
} from '../../knowledge/scaffold/options.js';
import { scaffoldFiles } from '../../knowledge/scaffold/generate.js';
import { planScaffold } from '../../knowledge/scaffold/plan.js';
import { oneOf, UsageError, type CommandSpec, type ParsedArgs } from '../args.js';
import { IoError } from '../errors.js';

function port(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} takes a port number, not '${v}'`);
  return Number(v);
}

function scaffoldCommand(a: ParsedArgs): number {
  if (a.positional.length > 1) throw new UsageError('scaffold takes one target folder');
  const last = (k: string): string | undefined => a.values.get(k)?.at(-1);
  if (!last('masters') || !last('slaves'))
    throw new UsageError(
      'scaffold needs --masters and --slaves, e.g. --masters master1,master2,master3 --slaves slave1,slave2,slave3',
    );
  const ips: Record<string, string> = {};
  for (const v of a.values.get('ip') ?? []) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--ip takes HOST=ADDRESS, not '${v}'`);
    ips[v.slice(0, eq)] = v.slice(eq + 1);
  }
  const options: ScaffoldOptions = {
    masters: parseHostList(last('masters')!),
    slaves: parseHostList(last('slaves')!),
    domain: last('domain') ?? '',
    ips,
    modules: oneOf('modules', last('modules'), ['book', 'newest'] as const, DEFAULT_OPTIONS.modules),
    marathon: {
      enabled: !a.flags.has('no-marathon'),
      port: port('marathon-port', last('marathon-port'), DEFAULT_OPTIONS.marathon.port),
    },
    chronos: {
      enabled: !a.flags.has('no-chronos'),
      port: port('chronos-port', last('chronos-port'), DEFAULT_OPTIONS.chronos.port),
    },
    clusterName: last('cluster-name') ?? DEFAULT_OPTIONS.clusterName,
  };
  const problems = checkOptions(options);
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  const target = resolve(process.cwd(), a.positional[0] ?? '.');
  const plan = planScaffold(nodeFileSystem, nodePathProbe, target, scaffoldFiles(options));
  const show = (p: string): string => relative(process.cwd(), p) || p;
  const blocked = plan.filter((f) => f.status === 'blocked');
  if (blocked.length > 0) {
    process.stderr.write(
      `mesos-puppet: these paths hold something the scaffold never replaces; nothing was written (move them away first):\n${blocked.map((f) => `  ${show(f.absolutePath)}: ${f.reason}`).join('\n')}\n`,
    );
    return 1;
  }
  const conflicts = plan.filter((f) => f.status === 'differs');
  if (conflicts.length > 0 && !a.flags.has('force')) {
    process.stderr.write(
      `mesos-puppet: these files exist with other content; nothing was written (use --force to overwrite):\n${conflicts.map((f) => `  ${show(f.absolutePath)}${f.reason ? ` (${f.reason})` : ''}`).join('\n')}\n`,
    );
    return 1;
  }
  try {
    writeAll(
      plan
        .filter((f) => f.status !== 'same')
        .map((f) => ({ path: f.absolutePath, content: f.content, replace: f.status === 'differs' })),
    );
  } catch (e) {
    throw new IoError(`cannot write the scaffold, nothing was written: ${e instanceof Error ? e.message : String(e)}`);
  }
  for (const f of plan)
    process.stdout.write(
      `${f.status === 'new' ? 'created    ' : f.status === 'same' ? 'unchanged  ' : 'overwritten'} ${show(f.absolutePath)}\n`,
    );
  process.stdout.write(
    `Mesos cluster scaffolded: ${options.masters.length} masters, ${options.slaves.length} agents, ${options.modules === 'book' ? "the book's module pins" : 'the newest modules'}.\n`,
  );
  const noIp = [...options.masters, ...options.slaves].filter((h) => !options.ips[h]);
  if (noIp.length > 0) {
    process.stdout.write(
      `No --ip for ${noIp.join(', ')}: ${noIp.length === 1 ? 'it listens' : 'they listen'} on the address Facter reports (mesos::listen_address: '%{facts.networking.ip}' in the node file${noIp.length === 1 ? '' : 's'}); give --ip HOST=ADDR to choose.\n`,
    );
  }
  process.stdout.write(
    'Provide the Mesos packages (and Marathon, Chronos) from a repository of your own: the Mesosphere repository is gone (see README.md).\n',
  );
  return 0;
}

export const SCAFFOLD: CommandSpec = {
  name: 'scaffold',
  summary: 'Write the control repo of a Mesos cluster.',
  synopsis: ['scaffold [DIR] --masters a,b,c --slaves x,y,z [options]'],
  description: `Write the control repo of a Mesos cluster into DIR (default: .), the same files as the VS Code wizard.
Exit 1, writing nothing, when a file exists with other content, unless --force; 2 on usage or I/O failure.`,
  options: {
    masters: { value: 'HOST,...', help: 'The master hosts (an odd number: they also run the ZooKeeper ensemble).' },
    slaves: { value: 'HOST,...', help: 'The agent hosts.' },
    domain: { value: 'DOMAIN', help: 'The domain of every host (default: none).' },
    modules: { value: 'book|newest', help: "The module pins: the book's set or the newest (default: book)." },
    'marathon-port': { value: 'N', help: `Marathon's port (default: ${DEFAULT_OPTIONS.marathon.port}).` },
    'chronos-port': { value: 'N', help: `Chronos's port (default: ${DEFAULT_OPTIONS.chronos.port}).` },
    'no-marathon': { help: 'Do not run Marathon.' },
    'no-chronos': { help: 'Do not run Chronos.' },
    ip: { value: 'HOST=ADDR', repeatable: true, help: "A host's address." },
    'cluster-name': { value: 'NAME', help: `The Mesos cluster name (default: ${DEFAULT_OPTIONS.clusterName}).` },
    force: { help: 'Overwrite files that exist with other content.' },
  },
  run: scaffoldCommand,
};
