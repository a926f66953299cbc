// `mesos-puppet node NAME [--facts FILE] [--format text|json] [--module-path DIRS] [PATH]`: what a node of the
// control repo at PATH gets from its manifests and Hiera data — the Mesos/ZooKeeper/Marathon/Chronos files with
// their content and origin, the packages and the services — evaluated without Puppet (ide/preview/node.ts).
// Exit 0 when the evaluation is complete, 1 when the node is not found or the evaluation stopped early (a
// `fail()`, an error Puppet would stop at, something the preview does not model), 2 on a usage or I/O problem.

import { relative, resolve } from 'node:path';
import { nodeFileSystem } from '../../workspace/nodeFileSystem.js';
import { confineCliReads, modulePathOption, reportSkippedFiles } from '../readScope.js';
import { Project } from '../../workspace/project.js';
import { findControlRepoRoot } from '../../workspace/files.js';
import { ASSUMED_PUPPET_VERSION, assumedAddress, nodePreview, type NodePreviewResult } from '../../ide/preview/node.js';
import { lineOrigins } from '../../ide/preview/keyLines.js';
import { oneOf, UsageError, type CommandSpec, type ParsedArgs } from '../args.js';
import { IoError } from '../errors.js';
import { readFactsFile } from './lookup.js';

const FORMATS = ['text', 'json'] as const;

type Ok = Extract<NodePreviewResult, { kind: 'ok' }>;

function renderText(r: Ok, show: (p: string) => string): string {
  const out: string[] = [];
  out.push(
    `node ${r.node}${
      r.factsDerived
        ? ` (facts derived from the name: Debian 12 amd64, Puppet ${ASSUMED_PUPPET_VERSION}, stand-in address ${assumedAddress(r.node)}; --facts to give them)`
        : r.factsFrom !== undefined
          ? ` (facts from ${r.factsFrom})`
          : ''
    }`,
  );
  out.push(`classes: ${r.classes.filter((c) => c !== 'settings').join(', ') || '(none)'}`);
  for (const f of r.files) {
    const from = [
      f.origin.resource,
      ...(f.origin.templates ?? []).map((t) => `template ${t}`),
      `${show(f.origin.path)}:${f.origin.line}`,
    ].join(', ');
    out.push('', `== ${f.path}  (${from})`);
    if (f.content === null) out.push('   (content not managed or not known)');
    else if (f.content === '') out.push('   (empty)');
    else
      out.push(
        ...f.content
          .replace(/\n$/, '')
          .split('\n')
          .map((l) => `   ${l}`),
      );
  }
  if (r.packages.length > 0)
    out.push('', 'packages:', ...r.packages.map((p) => `  ${p.name}: ${p.ensure ?? 'present'}`));
  if (r.services.length > 0)
    out.push(
      '',
      'services:',
      ...r.services.map((s) => `  ${s.name}: ensure ${s.ensure ?? '(unmanaged)'}, enable ${s.enable ?? '(unmanaged)'}`),
    );
  if (r.findings.length > 0) {
    out.push('', r.complete ? 'notes:' : 'incomplete:');
    for (const f of r.findings) out.push(`  ${f.path ? `${show(f.path)}:${f.line}: ` : ''}${f.kind}: ${f.message}`);
  }
  return `${out.join('\n')}\n`;
}

function nodeCommand(a: ParsedArgs): number {
  reportSkippedFiles();
  const format = oneOf('format', a.values.get('format')?.at(-1), FORMATS, 'text');
  const positional = [...a.positional];
  const name = positional.shift();
  if (name === undefined || name === '')
    throw new UsageError("node needs a NAME (the certname of one of the repo's nodes)");
  if (positional.length > 1) throw new UsageError(`node takes one PATH, not ${positional.length}`);
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
  const r = nodePreview(project, { root, node: name, ...(facts ? { facts } : {}) });
  const show = (p: string): string => relative(cwd, p) || p;
  if (r.kind === 'error') {
    if (format === 'json')
      process.stdout.write(`${JSON.stringify({ node: name, error: r.message, nodes: r.nodes }, null, 2)}\n`);
    process.stderr.write(`mesos-puppet: ${r.message}\n`);
    return 1;
  }
  if (format === 'json') {
    // Each line's origin, as the hover gives it: the Hiera keys whose value the line shows (each with the data
    // file it was found in); a line without keys is the template's or the resource's own text (`origin`).
    const origins = lineOrigins(project, { root, node: name, ...(facts ? { facts } : {}) });
    const linesOf = (path: string, content: string | null) =>
      content === null || content === ''
        ? []
        : content
            .replace(/\n$/, '')
            .split('\n')
            .map((text, i) => ({
              line: i + 1,
              text,
              keys: (origins.lineKeys.get(path)?.get(i) ?? []).map((key) => {
                const source = origins.sources.get(key);
                return { key, source: source === undefined ? null : show(source) };
              }),
            }));
    const out = {
      node: r.node,
      factsDerived: r.factsDerived,
      ...(r.factsFrom !== undefined ? { factsFrom: r.factsFrom } : {}),
      complete: r.complete,
      classes: r.classes.filter((c) => c !== 'settings'),
      files: r.files.map((f) => ({
        path: f.path,
        content: f.content,
        ensure: f.ensure,
        origin: { ...f.origin, path: show(f.origin.path) },
        lines: linesOf(f.path, f.content),
      })),
      packages: r.packages,
      services: r.services,
      findings: r.findings.map((f) => ({ ...f, ...(f.path ? { path: show(f.path) } : {}) })),
      unclearKeys: [...origins.unclear].map(([key, reason]) => ({ key, reason })),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else process.stdout.write(renderText(r, show));
  return r.complete ? 0 : 1;
}

export const NODE: CommandSpec = {
  name: 'node',
  summary: 'What a node gets: its Mesos/ZooKeeper files, packages and services, without Puppet.',
  synopsis: ['node NAME [--facts FILE] [--format text|json] [PATH]'],
  description: `Evaluates the control repo at PATH (default: .) for the node NAME as Puppet would compile it: the
files under /etc/mesos*, /etc/default/mesos*, /etc/zookeeper, /etc/marathon and /etc/chronos with their content
and the resource, class and template each comes from, the packages and the services; in JSON, each line with the
Hiera keys whose value it shows and the data file of each. Facts from a YAML or JSON file, else derived from the
name (a Debian 12 amd64 host, Puppet 7.23.0, a stand-in address in 192.0.2.0/24). Exit 0 when complete, 1 when the node is not found or the
evaluation stopped early (a fail(), an error Puppet would stop at, code the preview does not model; each is
printed with its place), 2 on usage or I/O failure.`,
  options: {
    facts: { value: 'FILE', help: "The node's facts, a YAML or JSON file (default: derived from the node name)." },
    format: { value: 'text|json', help: 'How to print the answer (default: text).' },
    'module-path': {
      value: 'DIR[:DIR...]',
      repeatable: true,
      help: "Module folders to read after the control repo's own modulepath.",
    },
  },
  run: nodeCommand,
};
