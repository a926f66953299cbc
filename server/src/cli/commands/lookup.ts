// `mesos-puppet lookup KEY --node N [--facts F] [--merge first|unique|hash|deep] [--explain] [--all]
// [--format text|yaml|json] [PATH]`: what `puppet lookup` would answer for a node of the control repo at PATH,
// without Puppet. The facts come from a YAML or JSON file, else from the node name; the node may be left out
// when the repo has exactly one. Exit 0 when found, 1 when not found or the lookup fails (as Puppet does),
// 2 on a usage or I/O problem.

import { resolve, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { MAX_YAML_NESTING, yamlTooDeepAt } from '../../syntax/hiera/yamlDepth.js';
import { LineIndex } from '../../base/lineIndex.js';
import { nodeFileSystem } from '../../workspace/nodeFileSystem.js';
import { confineCliReads, modulePathOption, reportSkippedFiles } from '../readScope.js';
import { Project } from '../../workspace/project.js';
import { findControlRepoRoot } from '../../workspace/files.js';
import { lookupPreview, type PreviewEntry } from '../../ide/preview/lookupPreview.js';
import { notFoundReason } from '../../ide/preview/notFound.js';
import { oneOf, UsageError, type CommandSpec, type ParsedArgs } from '../args.js';
import { IoError } from '../errors.js';
import { jsonText, WholeFloat } from '../../base/wholeFloat.js';
import { yamlText } from '../../knowledge/lookup/values.js';

const MERGES = ['first', 'unique', 'hash', 'deep'] as const;
const FORMATS = ['text', 'yaml', 'json'] as const;

/** Reads a facts file: a plain YAML/JSON map, or Puppet's wrapped form (`name:` and `values:`). */
export function readFactsFile(text: string): Record<string, unknown> | string {
  let data: unknown;
  if (yamlTooDeepAt(text) >= 0) return `nested deeper than ${MAX_YAML_NESTING} levels`;
  try {
    const doc = parseDocument(text, { logLevel: 'silent' });
    if (doc.errors.length > 0) return `not valid YAML or JSON (${doc.errors[0].message.split('\n')[0]})`;
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return `not valid YAML or JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return 'it must hold a mapping of fact names to values';
  const map = data as Record<string, unknown>;
  if (typeof map.name === 'string' && map.values && typeof map.values === 'object' && !Array.isArray(map.values))
    return map.values as Record<string, unknown>;
  return map;
}

/** A value on one line: a String quoted as in YAML, anything else as JSON with Puppet's Floats (`1.0`). */
function renderScalarish(v: unknown): string {
  return typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : jsonText(v);
}

function yamlDocument(v: unknown): string {
  const body = yamlText(v, { lineWidth: 0 }).trimEnd();
  return v !== null && typeof v === 'object' && !(v instanceof WholeFloat) && Object.keys(v as object).length > 0
    ? `---\n${body}\n`
    : `--- ${body}\n`;
}

function sourcesText(cwd: string, e: PreviewEntry): string[] {
  return e.sources.map((s, i) => {
    const where = `${relative(cwd, s.path) || s.path}${s.keyRange ? `:${lineOf(s.path, s.keyRange.start)}` : ''}`;
    const layer = s.layer === 'environment' ? '' : `, ${s.layer}${s.module ? ` ${s.module}` : ''} layer`;
    return `  ${i === 0 ? 'set in' : 'also  '} ${where} (${s.entry}${layer}): ${renderScalarish(s.value)}`;
  });
}

function lineOf(path: string, offset: number): number {
  const text = nodeFileSystem.readFile(path);
  return text === undefined ? 1 : new LineIndex(text).position(offset).line + 1;
}

function lookupCommand(a: ParsedArgs): number {
  reportSkippedFiles();
  const format = oneOf('format', a.values.get('format')?.at(-1), FORMATS, 'text');
  const mergeArg = a.values.get('merge')?.at(-1);
  const merge = mergeArg === undefined ? undefined : oneOf('merge', mergeArg, MERGES, 'first');
  const all = a.flags.has('all');
  const explain = a.flags.has('explain');
  const positional = [...a.positional];
  const key = all ? undefined : positional.shift();
  if (!all && (key === undefined || key === '')) throw new UsageError('lookup needs a KEY (or --all)');
  if (all && (merge !== undefined || explain))
    throw new UsageError('--merge and --explain apply to one KEY, not to --all');
  if (positional.length > 1) throw new UsageError(`lookup takes one PATH, not ${positional.length}`);
  const cwd = process.cwd();
  const target = resolve(cwd, positional[0] ?? '.');
  const fs = nodeFileSystem;
  if (!fs.exists(target)) throw new IoError(`${positional[0] ?? '.'}: no such file or directory`);
  const root = findControlRepoRoot(fs, target) ?? (fs.isDirectory(target) ? target : resolve(target, '..'));
  let facts: Record<string, unknown> | undefined;
  const factsPath = a.values.get('facts')?.at(-1);
  if (factsPath !== undefined) {
    const text = fs.readFile(resolve(cwd, factsPath));
    if (text === undefined) throw new IoError(`${factsPath}: cannot read the facts file`);
    const parsed = readFactsFile(text);
    if (typeof parsed === 'string') throw new IoError(`${factsPath}: ${parsed}`);
    facts = parsed;
  }
  const modulePath = modulePathOption(a.values.get('module-path')).map((d) => resolve(cwd, d));
  // Nothing outside the control repo and the module path is read (a facts file was read above, as named).
  confineCliReads([target, root], modulePath);
  const project = new Project(fs, [root], { modulePath });
  const result = lookupPreview(project, { root, node: a.values.get('node')?.at(-1), facts, key, merge, explain });
  if (result.kind === 'error') throw new UsageError(result.message);

  const first = key !== undefined ? result.entries[0] : undefined;
  const why =
    first?.outcome === 'not-found'
      ? notFoundReason(project, root, result.node, first.key, facts !== undefined, (p) => relative(cwd, p) || p)
      : undefined;
  if (format === 'json') {
    const out = {
      node: result.node,
      factsDerived: result.factsDerived,
      ...(key !== undefined
        ? { ...jsonEntry(cwd, result.entries[0]) }
        : { keys: result.entries.map((e) => jsonEntry(cwd, e)) }),
      ...(why !== undefined ? { reason: why } : {}),
      ...(result.explanation !== undefined ? { explanation: result.explanation } : {}),
    };
    process.stdout.write(`${jsonText(out, 2)}\n`);
  } else if (explain && result.explanation !== undefined) {
    process.stdout.write(`${result.explanation}\n`);
  } else if (key !== undefined) {
    const e = result.entries[0];
    if (format === 'yaml') {
      if (e.outcome === 'found') process.stdout.write(yamlDocument(e.value));
    } else if (e.outcome === 'found') {
      const merged =
        e.merge === 'first'
          ? ''
          : ` (merge ${e.merge}${e.mergeSource === 'lookup_options' ? ' from lookup_options' : ''})`;
      process.stdout.write(
        [`${e.key} = ${renderScalarish(e.value)}${merged}`, ...sourcesText(cwd, e)].join('\n') + '\n',
      );
    }
  } else if (format === 'yaml') {
    const map: Record<string, unknown> = {};
    for (const e of result.entries) if (e.outcome === 'found') map[e.key] = e.value;
    process.stdout.write(yamlDocument(map));
  } else {
    const lines = result.entries.map((e) => {
      const v =
        e.outcome === 'found' ? renderScalarish(e.value) : e.outcome === 'error' ? `error: ${e.error}` : 'not found';
      const from = e.sources[0]
        ? `  # ${relative(cwd, e.sources[0].path) || e.sources[0].path}${e.sources.length > 1 ? ` (+${e.sources.length - 1})` : ''}`
        : '';
      return `${e.key} = ${v}${from}`;
    });
    process.stdout.write(`${lines.join('\n')}${lines.length > 0 ? '\n' : ''}`);
  }
  if (key === undefined) return 0;
  const e = result.entries[0];
  if (e.outcome === 'error' && format !== 'json' && !explain)
    process.stderr.write(`mesos-puppet: lookup of '${e.key}' failed: ${e.error}\n`);
  if (why !== undefined && format !== 'json') process.stderr.write(`mesos-puppet: ${why}\n`);
  return e.outcome === 'found' ? 0 : 1;
}

function jsonEntry(cwd: string, e: PreviewEntry): Record<string, unknown> {
  return {
    key: e.key,
    found: e.outcome === 'found',
    ...(e.outcome === 'found' ? { value: e.value } : {}),
    ...(e.outcome === 'error' ? { error: e.error } : {}),
    merge: e.merge,
    mergeSource: e.mergeSource,
    sources: e.sources.map((s) => ({
      file: relative(cwd, s.path) || s.path,
      layer: s.layer,
      ...(s.module ? { module: s.module } : {}),
      entry: s.entry,
      value: s.value,
      ...(s.keyRange ? { line: lineOf(s.path, s.keyRange.start) } : {}),
    })),
  };
}

export const LOOKUP: CommandSpec = {
  name: 'lookup',
  summary: 'What `puppet lookup` answers for a node, without Puppet.',
  synopsis: [
    'lookup KEY [options] [PATH]',
    'lookup --all [--node NAME] [--facts FILE] [--format text|yaml|json] [PATH]',
  ],
  description: `What \`puppet lookup\` answers for a node of the control repo at PATH (default: .): the value and the
data files that set it (--all: every key the node sees). Facts from a YAML or JSON file, else from the
node name. Exit 0 when found, 1 when not found, 2 on usage or I/O failure.`,
  options: {
    node: { value: 'NAME', help: 'The node to look up for (may be left out when the repo has exactly one).' },
    facts: { value: 'FILE', help: "The node's facts, a YAML or JSON file (default: derived from the node name)." },
    merge: { value: 'first|unique|hash|deep', help: 'The merge behaviour (default: lookup_options, else first).' },
    explain: { help: 'Explain how the value was found, hierarchy level by level.' },
    all: { help: 'Every key the node sees, instead of one KEY.' },
    format: { value: 'text|yaml|json', help: 'How to print the answer (default: text).' },
    'module-path': {
      value: 'DIR[:DIR...]',
      repeatable: true,
      help: "Module folders to read after the control repo's own modulepath.",
    },
  },
  run: lookupCommand,
};
