// Hover in a Hiera data file. On a top-level key: what the key sets (see describeKey.ts), or, for a key the
// module does not have, what is wrong with it; then where the key is set across the hierarchy and what the
// nodes get (whereSet.ts), and the lines of the nodes' files it becomes (preview/keyLines.ts). On a Mesos flag
// inside an options hash: what the flag does (mesosOptions.ts).
// Inside `%{...}`: what the variable stands for, or, for lookup/alias/hiera, the referenced key's places.

import type { Project } from '../../workspace/project.js';
import { dataFileOrigin } from '../../workspace/hieraConfigs.js';
import { quickKeySpace } from '../../knowledge/context.js';
import { resolveKey, type KeyMeaning, type KeySpace } from '../../knowledge/keySpace.js';
import { explainModule } from '../shared/explainModules.js';
import type { Hover } from '../types.js';
import { describeParam } from '../shared/describeKey.js';
import { unknownKeyMessage } from './diagnostics.js';
import { whereSetMarkdown } from '../shared/whereSet.js';
import { describeVariable, FUNCTION_WORDS } from '../../knowledge/interpolationWords.js';
import { interpolationAround } from '../../syntax/hiera/interpolation.js';
import { hoverFlag } from './mesosOptions.js';
import { assumedMesosRelease } from '../../knowledge/cluster/mesosRelease.js';

function join(...parts: Array<string | undefined>): string | undefined {
  const kept = parts.filter((p): p is string => p !== undefined && p !== '');
  return kept.length > 0 ? kept.join('\n\n---\n\n') : undefined;
}

function hoverInterpolation(project: Project, path: string, offset: number): Hover | undefined {
  const text = project.readText(path) ?? '';
  const at = interpolationAround(text, offset);
  if (!at) return undefined;
  const range = { start: at.start, end: at.end };
  const call = /^\s*(\w+)\((?:"([^"]+)"|'([^']+)')\)\s*$/.exec(at.expr);
  if (call) {
    const fn = FUNCTION_WORDS.find((f) => f.name === call[1]);
    const arg = call[2] ?? call[3];
    if (!fn)
      return {
        range,
        markdown: `\`${call[1]}\` is not an interpolation function; Hiera knows ${FUNCTION_WORDS.map((f) => `\`${f.name}\``).join(', ')}.`,
      };
    const places =
      fn.name === 'lookup' || fn.name === 'alias' || fn.name === 'hiera'
        ? whereSetMarkdown(project, path, arg.split('.')[0])
        : undefined;
    return { range, markdown: join(`**${fn.name}('${arg}')** — ${fn.doc}`, places) ?? '' };
  }
  const doc = describeVariable(at.expr);
  return doc ? { range, markdown: doc } : undefined;
}

/** What the node preview says about a key (the lines it becomes on a node), given by the hover dispatcher. */
export type KeyLinesMarkdown = (project: Project, path: string, key: string) => string | undefined;

export function hoverHieraData(
  project: Project,
  path: string,
  offset: number,
  keyLinesMarkdown: KeyLinesMarkdown,
): Hover | undefined {
  const inside = hoverInterpolation(project, path, offset);
  if (inside) return inside;
  const file = project.hieraData(path);
  const entry = file?.entries.find((e) => e.keyRange.start <= offset && offset <= e.keyRange.end);
  if (!entry) {
    const flag = file ? hoverFlag(file, offset) : undefined;
    if (flag) return { ...flag, markdown: join(flag.markdown, mesosReleaseMarkdown(project, path)) ?? flag.markdown };
    // Elsewhere in a file of a matched datadir: where its hiera.yaml is and how the datadir was matched.
    const origin = originMarkdown(project, path);
    if (!origin) return undefined;
    const text = project.readText(path) ?? '';
    const start = text.lastIndexOf('\n', offset - 1) + 1;
    const end = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
    return { range: { start, end }, markdown: origin };
  }
  // While the module index is being prepared the key space holds the bundled modules' keys alone: a key found
  // there is described; one not found may be a parameter of the repo's own classes, so nothing is said of it yet.
  const { space, complete } = quickKeySpace(project, path);
  const meaning = resolveKey(space, entry.key);
  const head =
    meaning.kind === 'param'
      ? describeParam(meaning.cls, meaning.param)
      : meaning.kind === 'site' || !complete
        ? undefined
        : unknownKeyHover(space, entry.key, meaning);
  // Which version of the key's module is in use, and why (for a module the repo has or mentions).
  const parts = entry.key.replace(/^::/, '').split('::');
  const module = parts.length > 1 ? explainModule(project, path, parts[0]) : undefined;
  const markdown = join(
    join(join(head, module ? `Module: ${module.why}` : undefined), whereSetMarkdown(project, path, entry.key)),
    keyLinesMarkdown(project, path, entry.key),
    originMarkdown(project, path),
  );
  return markdown ? { range: entry.keyRange, markdown } : undefined;
}

/**
 * The hover of a key the class does not have. The editor shows the finding's message beside the hover, so the
 * hover does not say it again: it describes what the key was probably meant to be (the nearest parameter, or the
 * Mesos flag and the options hash that sets it). Without a suggestion, the explanation itself.
 */
function unknownKeyHover(
  space: KeySpace,
  key: string,
  meaning: Exclude<KeyMeaning, { kind: 'param' | 'site' }>,
): string {
  if ((meaning.kind === 'unknown-param' || meaning.kind === 'unknown-class') && meaning.suggestions.length > 0) {
    const nearest = resolveKey(space, meaning.suggestions[0]);
    if (nearest.kind === 'param')
      return `Probably meant \`${meaning.suggestions[0]}\`:\n\n${describeParam(nearest.cls, nearest.param)}`;
  }
  if (meaning.kind === 'unknown-param' && meaning.optionsKey) {
    return `**${meaning.optionsKey.flag}** is a Mesos flag: it is set as a key of \`${meaning.optionsKey.key}\` (the quick fix moves it there), not as a class parameter.`;
  }
  return unknownKeyMessage(key, meaning);
}

/** Which Mesos release the flags of this file are checked against, and where that comes from. */
function mesosReleaseMarkdown(project: Project, path: string): string | undefined {
  const root = project.repoRoot(path);
  if (!root) return undefined;
  const pin = project.hieraData(path)?.entries.find((e) => e.key === 'mesos::version' || e.key === 'mesos::ensure');
  const pinned =
    pin && typeof pin.value === 'string' ? /^(?:\d+:)?(\d+\.\d+(?:\.\d+)?)/.exec(pin.value.trim())?.[1] : undefined;
  if (pinned) return `Checked against Mesos ${pinned}, from \`${pin!.key}\` in this file.`;
  const r = assumedMesosRelease(project, root);
  return `Checked against Mesos ${r.version}, from ${r.from}, for nodes whose data pins no \`mesos::version\` (a pin in Hiera wins).`;
}

/** For a data file in a datadir written for another machine: which hiera.yaml reads it, and how it was matched. */
function originMarkdown(project: Project, path: string): string | undefined {
  const top = project.rootOf(path);
  if (!top) return undefined;
  const origin = dataFileOrigin(project.view, path, top);
  if (!origin) return undefined;
  const rel = origin.config.startsWith(`${top}/`) ? origin.config.slice(top.length + 1) : origin.config;
  return `Hiera data of \`${rel}\`${origin.version ? ` (version ${origin.version})` : ''}: its datadir ${origin.match.how}.`;
}
