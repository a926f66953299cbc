// A small, strict command-line reader shared by the commands: `--flag`, `--opt value`, `--opt=value`,
// positional arguments. Unknown options are usage errors (exit 2), never ignored.

export class UsageError extends Error {}

export interface ArgSpec {
  /** Options that take a value. */
  readonly values?: readonly string[];
  /** Options that are on/off. */
  readonly flags?: readonly string[];
}

export interface ParsedArgs {
  readonly values: Map<string, string[]>;
  readonly flags: Set<string>;
  readonly positional: string[];
}

export function parseArgs(args: readonly string[], spec: ArgSpec): ParsedArgs {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '-') {
      if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'`);
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    if (spec.flags?.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
    } else if (spec.values?.includes(name)) {
      const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`--${name} needs a value`);
      (values.get(name) ?? values.set(name, []).get(name)!).push(v);
    } else throw new UsageError(`unknown option '--${name}'`);
  }
  return { values, flags, positional };
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], dflt: T): T {
  if (value === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} takes ${allowed.join(' or ')}, not '${value}'`);
  return value as T;
}
