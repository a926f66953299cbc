// Rules on one Hiera key as it is written in one data file, for the module versions the repo uses. They need no
// knowledge of the other nodes, so they run on every data file, used by a node or not; rules that compare
// nodes are in clusterRules.ts.

import { CODES, type Code } from '../../base/diagnosticCodes.js';
import type { Fix } from '../../base/edits.js';
import type { TextRange } from '../../base/textRange.js';
import { isQuotedScalar, nestedRanges, type HieraEntry } from '../../syntax/hiera/dataFile.js';
import type { VersionChoice } from '../catalog.js';
import { atLeast, below, MESOS, versionOf, ZOOKEEPER } from './versions.js';
import { hostOf, parseZkUrl } from './zkUrl.js';
import { majority } from './ensemble.js';
import { afterLine, indentAt, wholeLines, yamlQuote } from './textEdits.js';
import { isMap, isScalar, type Node } from 'yaml';
import { acceptsFlag, flagsOf, mesosFlag, type OptionsDaemon } from '../mesosFlags.js';
import { editDistance } from '../suggest.js';

export interface Finding {
  readonly code: Code;
  readonly path: string;
  readonly range: TextRange;
  readonly message: string;
  readonly fixes?: readonly Fix[];
  readonly unnecessary?: boolean;
}

export interface RuleVersions {
  readonly mesos?: VersionChoice;
  readonly zookeeper?: VersionChoice;
}

export function finding(
  code: Code,
  path: string,
  range: TextRange,
  message: string,
  extra: Partial<Pick<Finding, 'fixes' | 'unnecessary'>> = {},
): Finding {
  void CODES[code];
  return { code, path, range, message, ...extra };
}

function tag(choice: VersionChoice | undefined): string {
  const v = versionOf(choice);
  return v ? `v${v}` : 'the version in use';
}

/** Moves `checkpoint: true` from the dead parameter into the options hash of the same file. */
function checkpointFix(path: string, text: string, entry: HieraEntry, all: readonly HieraEntry[]): Fix | undefined {
  if (!isScalar(entry.valueNode)) return undefined;
  const value = String(entry.valueNode.source ?? entry.value);
  const remove = {
    path,
    range: wholeLines(text, { start: entry.keyRange.start, end: entry.valueRange.end }),
    newText: '',
  };
  const options = all.find((e) => e.key === 'mesos::slave::options');
  if (!options) {
    return {
      title: 'Move to mesos::slave::options: {checkpoint: ...}',
      edits: [{ ...remove, newText: `mesos::slave::options:\n  checkpoint: ${value}\n` }],
      preferred: true,
    };
  }
  if (!isMap(options.valueNode) || options.valueNode.flow) return undefined;
  if (nestedRanges(options.valueNode, ['checkpoint']))
    return {
      title: 'Remove mesos::slave::checkpoint (options already sets checkpoint)',
      edits: [remove],
      preferred: true,
    };
  const first = options.valueNode.items[0]?.key as Node | undefined;
  const indent = first?.range ? indentAt(text, first.range[0]) : '  ';
  const at = afterLine(text, options.keyRange.end);
  return {
    title: 'Move to mesos::slave::options: {checkpoint: ...}',
    edits: [{ path, range: { start: at, end: at }, newText: `${indent}checkpoint: ${value}\n` }, remove],
    preferred: true,
  };
}

function optionsRules(
  path: string,
  text: string,
  entry: HieraEntry,
  all: readonly HieraEntry[],
  cls: 'master' | 'slave',
  v: RuleVersions,
): Finding[] {
  const out: Finding[] = [];
  const node = entry.valueNode;
  if (!isMap(node)) return out;
  const reserved = ['work_dir', ...(atLeast(v.mesos, MESOS.loggerManaged) || !v.mesos ? ['logger'] : [])];
  for (const pair of node.items) {
    const k = pair.key as Node | null;
    const val = pair.value as Node | null;
    if (!isScalar(k) || !k.range) continue;
    const name = String(k.value);
    const keyRange = { start: k.range[0], end: k.range[1] };
    if (reserved.includes(name)) {
      const instead =
        name === 'work_dir'
          ? `set mesos::${cls}::work_dir instead`
          : `use mesos::${cls}::syslog_logger to turn syslog logging on or off`;
      // work_dir has a parameter of the same meaning; logger's parameter (syslog_logger) means something else.
      const move =
        name === 'work_dir'
          ? moveOptionOut(path, text, entry, pair, all, { key: `mesos::${cls}::work_dir` })
          : undefined;
      out.push(
        finding(
          'mesos/options-reserved',
          path,
          keyRange,
          `'${name}' must not be set through mesos::${cls}::options: mesos ${tag(v.mesos)} writes that flag file itself, so the catalog declares it twice and fails to compile. ${instead[0].toUpperCase()}${instead.slice(1)}.`,
          move ? { fixes: [move] } : {},
        ),
      );
    }
    if (!reserved.includes(name)) {
      const unknown = unknownFlag(path, keyRange, name, cls === 'master' ? 'master' : 'agent');
      // The other daemon's flag: the fix its message proposes moves it into that daemon's options.
      const other = cls === 'master' ? 'slave' : 'master';
      const move =
        unknown && !unknown.fixes
          ? moveOptionOut(path, text, entry, pair, all, { key: `mesos::${other}::options`, flag: name })
          : undefined;
      if (unknown) out.push(move ? { ...unknown, fixes: [move] } : unknown);
    }
    if (
      isScalar(val) &&
      val.range &&
      typeof val.value === 'number' &&
      !isQuotedScalar(val) &&
      below(v.mesos, MESOS.numericOptions)
    ) {
      const raw = String(val.source ?? val.value);
      const range = { start: val.range[0], end: val.range[1] };
      out.push(
        finding(
          'mesos/option-unquoted',
          path,
          range,
          `Option '${name}' is the number ${raw}; mesos ${tag(v.mesos)} writes option values as file content, which must be a string: the catalog compiles, then fails when it is applied. Quote it: '${raw}'.`,
          {
            fixes: [
              { title: `Quote the value: '${raw}'`, edits: [{ path, range, newText: `'${raw}'` }], preferred: true },
            ],
          },
        ),
      );
    }
  }
  return out;
}

/**
 * An options key the daemon does not take: a flag of the other daemon only, or a near miss of one of its own
 * (the flag list is not complete, so anything else is left alone). Mesos stops at a flag it does not know.
 */
/**
 * The fix that takes one `flag: value` pair out of a block options hash and sets it elsewhere in the same file:
 * as the top-level key `to.key`, or (with `to.flag`) as a flag of the options hash `to.key`. The hash's entry
 * goes when the pair was its only one. When the target already sets it, the pair is only removed. Undefined for
 * forms a line edit cannot move safely (flow hashes, values over several lines).
 */
function moveOptionOut(
  path: string,
  text: string,
  entry: HieraEntry,
  pair: { key: unknown; value: unknown },
  all: readonly HieraEntry[],
  to: { key: string; flag?: string },
): Fix | undefined {
  const node = entry.valueNode;
  const k = pair.key as Node | null;
  const val = pair.value as Node | null;
  if (!isMap(node) || node.flow || !isScalar(k) || !k.range || !isScalar(val) || !val.range) return undefined;
  const value = text.slice(val.range[0], val.range[1]);
  if (value.includes('\n')) return undefined;
  const whole = wholeLines(text, {
    start: entry.keyRange.start,
    end: Math.max(entry.keyRange.end, entry.valueRange.end - 1),
  });
  const only = node.items.length === 1;
  const remove = {
    path,
    range: only ? whole : wholeLines(text, { start: k.range[0], end: val.range[1] }),
    newText: '',
  };
  const name = String(k.value);
  const target = all.find((e) => e.key === to.key);
  const label = to.flag ? `${to.key} as '${to.flag}'` : to.key;
  if (target && (!to.flag || nestedRanges(target.valueNode, [to.flag])))
    return { title: `Remove '${name}' (${label} is already set)`, edits: [remove] };
  let insert: { at: number; newText: string };
  if (!to.flag) insert = { at: whole.end, newText: `${to.key}: ${value}\n` };
  else if (!target) insert = { at: whole.end, newText: `${to.key}:\n  ${to.flag}: ${value}\n` };
  else {
    const t = target.valueNode;
    if (!isMap(t) || t.flow) return undefined;
    const first = t.items[0]?.key as Node | undefined;
    const indent = first?.range ? indentAt(text, first.range[0]) : '  ';
    insert = { at: afterLine(text, target.keyRange.end), newText: `${indent}${to.flag}: ${value}\n` };
  }
  // Removing the whole hash and adding a line where it ended is one replacement.
  const edits =
    only && insert.at === whole.end
      ? [{ ...remove, newText: insert.newText }]
      : [remove, { path, range: { start: insert.at, end: insert.at }, newText: insert.newText }];
  return { title: `Move '${name}' to ${label}`, edits, preferred: true };
}

function unknownFlag(path: string, range: TextRange, name: string, daemon: OptionsDaemon): Finding | undefined {
  const binary = daemon === 'master' ? 'mesos-master' : 'mesos-slave';
  // Mesos reads flag names in lower case, and takes dashes literally.
  const lower = name.toLowerCase();
  const flag = mesosFlag(lower);
  const underscored = lower.includes('-') ? mesosFlag(lower.replace(/-/g, '_')) : undefined;
  if (!flag && underscored && acceptsFlag(daemon, underscored)) {
    return finding(
      'mesos/unknown-flag',
      path,
      range,
      `${binary} has no flag '${name}': Mesos flag names are written with underscores, '${underscored.name}', and Mesos stops at a flag it does not know, so the ${daemon} would not start.`,
      {
        fixes: [
          {
            title: `Change to '${underscored.name}'`,
            edits: [{ path, range, newText: underscored.name }],
            preferred: true,
          },
        ],
      },
    );
  }
  if (flag) {
    if (acceptsFlag(daemon, flag)) return undefined;
    const home = flag.daemon === 'master' ? 'mesos::master::options' : 'mesos::slave::options';
    return finding(
      'mesos/unknown-flag',
      path,
      range,
      `'${name}' is a flag of the Mesos ${flag.daemon} only: ${binary} stops at a flag it does not know, so it would not start. Set it in ${home}.`,
    );
  }
  if (name.length < 5) return undefined;
  const limit = name.length < 8 ? 1 : 2;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of flagsOf(daemon)) {
    const distance = editDistance(lower, candidate.name, limit);
    if (distance <= limit && (!best || distance < best.distance)) best = { name: candidate.name, distance };
  }
  if (!best) return undefined;
  return finding(
    'mesos/unknown-flag',
    path,
    range,
    `${binary} has no flag '${name}'. Did you mean '${best.name}'? Every options key becomes a flag, and Mesos stops at a flag it does not know, so the ${daemon} would not start.`,
    {
      fixes: [{ title: `Change to '${best.name}'`, edits: [{ path, range, newText: best.name }], preferred: true }],
    },
  );
}

function zkUrlRules(path: string, entry: HieraEntry, v: RuleVersions): Finding[] {
  const out: Finding[] = [];
  const value = entry.value;
  if (typeof value === 'string') {
    if (value.includes('%{')) return out;
    const parsed = parseZkUrl(value);
    if (parsed.kind === 'invalid') {
      const fixes: Fix[] = parsed.suggestion
        ? [
            {
              title: `Change to '${parsed.suggestion}'`,
              edits: [{ path, range: entry.valueRange, newText: yamlQuote(parsed.suggestion) }],
              preferred: true,
            },
          ]
        : [];
      out.push(
        finding(
          'mesos/zk-url',
          path,
          entry.valueRange,
          `The ZooKeeper URL '${value}' ${parsed.problem}. Write zk://host1:2181,host2:2181,host3:2181/mesos.`,
          { fixes },
        ),
      );
    } else if (parsed.kind === 'zk') {
      const noPort = parsed.hosts.filter((h) => h.port === undefined);
      if (noPort.length > 0) {
        const fixed = `zk://${parsed.hosts.map((h) => `${h.host}:${h.port ?? 2181}`).join(',')}${parsed.path}`;
        out.push(
          finding(
            'mesos/zk-url',
            path,
            entry.valueRange,
            `The ZooKeeper URL names ${noPort.map((h) => `'${h.host}'`).join(', ')} without a port; Mesos needs host:port for every server. Add :2181.`,
            {
              fixes: [
                {
                  title: `Change to '${fixed}'`,
                  edits: [{ path, range: entry.valueRange, newText: yamlQuote(fixed) }],
                  preferred: true,
                },
              ],
            },
          ),
        );
      }
    }
  } else if (Array.isArray(value) && atLeast(v.mesos, MESOS.zookeeperArray)) {
    value.forEach((h, i) => {
      if (typeof h === 'string' && !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(h.trim())) {
        const r = nestedRanges(entry.valueNode, [i])?.value ?? entry.valueRange;
        out.push(
          finding(
            'mesos/zk-url',
            path,
            r,
            `'${h}' is not a ZooKeeper host: mesos ${tag(v.mesos)} takes a list of host or host:port entries and builds the zk:// URL itself.`,
          ),
        );
      }
    });
  }
  return out;
}

function serversRules(path: string, entry: HieraEntry, v: RuleVersions): Finding[] {
  const out: Finding[] = [];
  const value = entry.value;
  const zk = v.zookeeper;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if (zk && below(zk, ZOOKEEPER.serversHash)) {
      out.push(
        finding(
          'zookeeper/servers-format',
          path,
          entry.valueRange,
          `zookeeper ${tag(zk)} takes zookeeper::servers as a list; the Hash form {id => host} arrived in v0.6.0.`,
        ),
      );
    }
    const n = Object.keys(value).length;
    if (n > 0 && n % 2 === 0) out.push(finding('zookeeper/ensemble-odd', path, entry.valueRange, ensembleMessage(n)));
    return out;
  }
  if (!Array.isArray(value)) return out;
  if (value.length > 0 && value.length % 2 === 0)
    out.push(finding('zookeeper/ensemble-odd', path, entry.valueRange, ensembleMessage(value.length)));
  value.forEach((s, i) => {
    if (typeof s !== 'string') return;
    const r = nestedRanges(entry.valueNode, [i])?.value ?? entry.valueRange;
    const parts = s.split(':');
    if (zk && below(zk, ZOOKEEPER.serversPortsAppended) && parts.length !== 3) {
      const fixed = `${parts[0]}:2888:3888`;
      out.push(
        finding(
          'zookeeper/servers-format',
          path,
          r,
          `zookeeper ${tag(zk)} writes each entry verbatim as server.N=<entry>, so it must read host:2888:3888; '${s}' gives an invalid zoo.cfg.`,
          {
            fixes: [
              {
                title: `Change to '${fixed}'`,
                edits: [{ path, range: r, newText: yamlQuote(fixed) }],
                preferred: true,
              },
            ],
          },
        ),
      );
    } else if (
      zk &&
      atLeast(zk, ZOOKEEPER.serversPortsAppended) &&
      below(zk, ZOOKEEPER.serversPortsStripped) &&
      parts.length > 1
    ) {
      out.push(
        finding(
          'zookeeper/servers-format',
          path,
          r,
          `zookeeper ${tag(zk)} appends :2888:3888 to each entry itself, so '${s}' becomes ${s}:2888:3888 in zoo.cfg. Write the host alone.`,
          {
            fixes: [
              {
                title: `Change to '${hostOf(s)}'`,
                edits: [{ path, range: r, newText: yamlQuote(hostOf(s)) }],
                preferred: true,
              },
            ],
          },
        ),
      );
    }
  });
  return out;
}

function ensembleMessage(n: number): string {
  return `The ZooKeeper ensemble has ${n} servers. An even ensemble survives no more failures than ${n - 1} servers would (a majority of ${n} is ${majority(n)}); use ${n - 1} or ${n + 1}.`;
}

function idRange(path: string, entry: HieraEntry): Finding[] {
  const v = entry.value;
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  if (s !== undefined && /^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 255) return [];
  if (typeof v === 'string' && v.includes('%{')) return [];
  if (v === null || v === undefined) return [];
  const message =
    s !== undefined && /^-?\d+$/.test(s)
      ? `zookeeper::id is ${JSON.stringify(v)}; ZooKeeper documents myid as a number from 1 to 255, unique in the ensemble (some features, such as TTL nodes, refuse larger ids). Use 1 to 255.`
      : `zookeeper::id is ${JSON.stringify(v)}; ZooKeeper reads myid as a whole number and will not start with anything else. Use a number from 1 to 255, unique in the ensemble.`;
  return [finding('zookeeper/id-range', path, entry.valueRange, message)];
}

/** Every rule that looks at one entry of one data file. */
/** True for the keys keyRules looks at (mesos:: and zookeeper:: keys): callers may skip every other entry. */
export function hasKeyRules(key: string): boolean {
  return /^(::)?(mesos|zookeeper)::/.test(key);
}

export function keyRules(
  path: string,
  text: string,
  entry: HieraEntry,
  all: readonly HieraEntry[],
  v: RuleVersions,
): Finding[] {
  if (!hasKeyRules(entry.key)) return [];
  const key = entry.key.startsWith('::') ? entry.key.slice(2) : entry.key;
  switch (key) {
    case 'mesos::slave::checkpoint': {
      if (v.mesos && below(v.mesos, MESOS.checkpointDead)) return [];
      const move = checkpointFix(path, text, entry, all);
      // Mesos 0.22 removed the agent's checkpoint flag (it always checkpoints since), and every Mesos the
      // module's supported packages install is newer: removing the key is the fix to prefer.
      const remove: Fix = {
        title: 'Remove mesos::slave::checkpoint (Mesos 0.22 and later always checkpoint)',
        edits: [
          { path, range: wholeLines(text, { start: entry.keyRange.start, end: entry.valueRange.end }), newText: '' },
        ],
        preferred: true,
      };
      const moveOld =
        move && move.title.startsWith('Move')
          ? [{ ...move, title: `${move.title} (Mesos before 0.22 only)`, preferred: false }]
          : [];
      return [
        finding(
          'mesos/checkpoint-no-effect',
          path,
          entry.keyRange,
          `mesos::slave::checkpoint has no effect: mesos ${tag(v.mesos)} declares it but has not used it since v0.4.1. From Mesos 0.22 agents always checkpoint and refuse the flag, so remove the key; only on Mesos before 0.22 would mesos::slave::options: {checkpoint: true} turn it on.`,
          { unnecessary: true, fixes: [remove, ...moveOld] },
        ),
      ];
    }
    case 'mesos::master::options':
      return optionsRules(path, text, entry, all, 'master', v);
    case 'mesos::slave::options':
      return optionsRules(path, text, entry, all, 'slave', v);
    case 'mesos::master::work_dir':
    case 'mesos::slave::work_dir':
    case 'mesos::work_dir':
      return typeof entry.value === 'string' && /^\/tmp(\/|$)/.test(entry.value)
        ? [
            finding(
              'mesos/tmp-work-dir',
              path,
              entry.valueRange,
              `${entry.value} is under /tmp, which the system cleans: Mesos loses its state (agents their checkpoints, masters the replicated log). Use /var/lib/mesos.`,
              {
                fixes: [
                  {
                    title: "Change to '/var/lib/mesos'",
                    edits: [{ path, range: entry.valueRange, newText: '/var/lib/mesos' }],
                    preferred: true,
                  },
                ],
              },
            ),
          ]
        : [];
    case 'mesos::zookeeper':
    case 'mesos::master::zookeeper':
    case 'mesos::slave::zookeeper':
      return zkUrlRules(path, entry, v);
    case 'zookeeper::servers':
      return serversRules(path, entry, v);
    case 'zookeeper::id':
      return idRange(path, entry);
    default:
      return [];
  }
}
