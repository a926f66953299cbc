// The command line of every command, read from one declarative table per command (name → what it takes and
// what it does) on node:util's parseArgs: `--flag`, `--opt value`, `--opt=value`, repeated options, positional
// arguments, `--` to end options. Unknown options are usage errors (exit 2), never ignored. The same table
// prints the command's `--help`, so adding an option is one line.

import { parseArgs as nodeParseArgs } from 'node:util';

export class UsageError extends Error {}

export interface OptionSpec {
  /** The placeholder of the option's value (`DIR`, `text|json`); an option without one is on/off. */
  readonly value?: string;
  /** One line (or two) for `--help`. */
  readonly help: string;
  /** The option may be given several times (`--rule A --rule B`); otherwise the last one counts. */
  readonly repeatable?: boolean;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

export interface CommandSpec {
  readonly name: string;
  /** The forms of the command, each after `mesos-puppet `. */
  readonly synopsis: readonly string[];
  /** One line for the list of commands. */
  readonly summary: string;
  /** What the command does and what its exit codes mean. */
  readonly description: string;
  readonly options: OptionTable;
  readonly run: (args: ParsedArgs) => number;
}

export interface ParsedArgs {
  /** Every value given for each option that takes one, in order. */
  readonly values: Map<string, string[]>;
  readonly flags: Set<string>;
  readonly positional: string[];
  /** `--help` or `-h` was given. */
  readonly help: boolean;
}

export function parseArgs(args: readonly string[], table: OptionTable): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; multiple: boolean; short?: string }> = {
    help: { type: 'boolean', multiple: false, short: 'h' },
  };
  for (const [name, spec] of Object.entries(table))
    options[name] =
      spec.value !== undefined ? { type: 'string', multiple: true } : { type: 'boolean', multiple: false };
  let parsed: ReturnType<typeof nodeParseArgs>;
  try {
    parsed = nodeParseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(usageMessage(e));
  }
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (const [name, v] of Object.entries(parsed.values)) {
    if (name === 'help') continue;
    if (Array.isArray(v)) {
      if (v.some((x) => x === '')) throw new UsageError(`--${name} needs a value`);
      values.set(name, v as string[]);
    } else if (v === true) flags.add(name);
  }
  return { values, flags, positional: parsed.positionals, help: parsed.values.help === true };
}

function usageMessage(e: unknown): string {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option '${option}'`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return /does not take an argument/.test(message)
      ? `${option.replace(/=.*/, '')} takes no value`
      : `${option} needs a value`;
  }
  return message.split('\n')[0];
}

/** The `--help` text of a command: its forms, what it does, and one line per option from its table. */
export function commandHelp(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(
    ([name, o]) =>
      [`--${name}${o.value !== undefined ? ` ${o.value}` : ''}${o.repeatable ? ' (repeatable)' : ''}`, o.help] as const,
  );
  rows.push(['--help, -h', 'Show this help.']);
  const width = Math.min(34, Math.max(...rows.map(([l]) => l.length)));
  const options = rows.map(([l, h]) =>
    l.length > width ? `  ${l}\n  ${' '.repeat(width)}  ${h}` : `  ${l.padEnd(width)}  ${h}`,
  );
  return `usage: ${spec.synopsis.map((s, i) => `${i === 0 ? '' : '       '}mesos-puppet ${s}`).join('\n')}\n\n${spec.description}\n\noptions:\n${options.join('\n')}\n`;
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], dflt: T): T {
  if (value === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${name} takes ${allowed.join(' or ')}, not '${value}'`);
  return value as T;
}
