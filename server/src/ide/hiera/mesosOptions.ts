// Inside the `options` hashes of mesos::master and mesos::slave, whose keys become Mesos command-line flags:
// completion of the flags that daemon takes (not the ones already set), and hover that says what a flag does
// and which file the module writes it to. The rule about unknown flags is in knowledge/cluster/keyRules.ts.

import { isMap, isScalar, type Node } from 'yaml';
import type { TextRange } from '../../base/textRange.js';
import type { HieraDataFile } from '../../syntax/hiera/dataFile.js';
import {
  acceptsFlag,
  flagDefault,
  flagFolder,
  flagsOf,
  notableSince,
  mesosFlag,
  type MesosFlag,
  type OptionsDaemon,
} from '../../knowledge/mesosFlags.js';
import type { CompletionItem, Hover } from '../types.js';

/** The daemon whose flags a top-level key's options hash holds, if it is one. */
export function optionsDaemon(key: string): OptionsDaemon | undefined {
  const k = key.startsWith('::') ? key.slice(2) : key;
  return k === 'mesos::master::options' ? 'master' : k === 'mesos::slave::options' ? 'agent' : undefined;
}

const BINARY: Record<OptionsDaemon, string> = { master: 'mesos-master', agent: 'mesos-slave' };

/** What a flag does, for hover and completion documentation. */
export function describeFlag(flag: MesosFlag, daemon: OptionsDaemon): string {
  const lines = [
    `**--${flag.name}** — flag of ${flag.daemon === 'both' ? 'the Mesos master and agent' : `the Mesos ${flag.daemon}`}`,
    '',
    flag.summary,
  ];
  if (flag.renamedTo)
    lines.push(
      '',
      `An older name of \`${flag.renamedTo}\`; Mesos still accepts it, so it suits clusters of any Mesos version.`,
    );
  const since = notableSince(flag, daemon);
  if (since)
    lines.push('', `Mesos ${since} and later only: an older ${BINARY[daemon]} refuses the flag and does not start.`);
  if (flag.removedIn)
    lines.push(
      '',
      `Removed in Mesos ${flag.removedIn}: ${BINARY[daemon]} of that version or later refuses the flag and does not start.`,
    );
  const dflt = flagDefault(flag, daemon);
  if (dflt) lines.push('', `Default: \`${dflt}\``);
  const file = `${flagFolder(daemon)}/${flag.name}`;
  lines.push(
    '',
    flag.boolean
      ? `The module writes \`true\` as the file \`${flagFolder(daemon)}/?${flag.name}\` and \`false\` as \`?no-${flag.name}\`; ${BINARY[daemon]} is then started with \`--${flag.name}\` or \`--no-${flag.name}\`.`
      : `The module writes the value to \`${file}\`; ${BINARY[daemon]} is started with \`--${flag.name}=<value>\`.`,
  );
  return lines.join('\n');
}

function versionNote(flag: MesosFlag, daemon: OptionsDaemon): string {
  const since = notableSince(flag, daemon);
  if (flag.removedIn) return ` — removed in Mesos ${flag.removedIn}`;
  if (flag.renamedTo) return ` — older name of ${flag.renamedTo}, still accepted`;
  if (since) return ` — Mesos ${since} and later`;
  return '';
}

/** Flag names for a key position inside an options hash: the daemon's flags, minus those already set and work_dir. */
export function completeFlags(
  daemon: OptionsDaemon,
  range: TextRange,
  hasColon: boolean,
  present: readonly string[],
): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const flag of flagsOf(daemon)) {
    if (present.includes(flag.name) || flag.name === 'work_dir') continue;
    const dflt = flagDefault(flag, daemon);
    const value = flag.boolean ? { snippet: '${1|true,false|}', plain: 'true' } : { snippet: "'${1}'", plain: "''" };
    items.push({
      label: flag.name,
      kind: 'property',
      detail: `--${flag.name}${dflt ? ` (default ${dflt})` : ''}${versionNote(flag, daemon)}`,
      documentation: describeFlag(flag, daemon),
      range,
      insertText: hasColon ? flag.name : `${flag.name}: ${value.plain}`,
      snippet: hasColon ? flag.name : `${flag.name}: ${value.snippet}`,
      // Current names first, then the older names; removed flags last, struck through.
      sortText: `${flag.removedIn ? 2 : flag.renamedTo ? 1 : 0}${flag.name}`,
      filterText: flag.name,
      ...(flag.removedIn ? { deprecated: true } : {}),
    });
  }
  return items;
}

/** Hover on a flag inside an options hash. */
export function hoverFlag(file: HieraDataFile, offset: number): Hover | undefined {
  const entry = file.entries.find((e) => e.valueRange.start <= offset && offset <= e.valueRange.end);
  const daemon = entry ? optionsDaemon(entry.key) : undefined;
  if (!entry || !daemon || !isMap(entry.valueNode)) return undefined;
  for (const pair of entry.valueNode.items) {
    const k = pair.key as Node | null;
    if (!isScalar(k) || !k.range || offset < k.range[0] || offset > k.range[1]) continue;
    // Mesos reads flag names in lower case.
    const flag = mesosFlag(String(k.value).toLowerCase());
    if (!flag || !acceptsFlag(daemon, flag)) return undefined;
    return { range: { start: k.range[0], end: k.range[1] }, markdown: describeFlag(flag, daemon) };
  }
  return undefined;
}
