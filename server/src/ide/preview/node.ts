// What a node gets: the evaluator (knowledge/evaluate) run on the control repo's main manifests for one node,
// with the repo's Hiera data through the lookup engine, reduced to what an operator reviews — the files under
// the Mesos, ZooKeeper, Marathon and Chronos configuration folders with their exact content and where each comes
// from, the packages and the services. Shared by `mesos-puppet node` and the `mesosPuppet/nodePreview` request.

import type { Project } from '../../workspace/project.js';
import { parsedManifest } from '../../workspace/moduleIndex.js';
import { childNodes } from '../../syntax/puppet/index.js';
import { createLookupSession } from '../../knowledge/lookup/engine.js';
import { discoverNodes, factsFor } from '../../knowledge/cluster/nodes.js';
import { nodeFactsReader } from '../../knowledge/cluster/nodeFacts.js';
import { lookupModulePath, nodeLookupContext } from '../../knowledge/lookup/nodeContext.js';
import {
  evaluateNode,
  type CatalogResource,
  type EvalFinding,
  type EvalHost,
  type EvalResult,
} from '../../knowledge/evaluate/evaluator.js';
import type { HieraValue } from '../../knowledge/lookup/values.js';
import type { ExplainNode } from '../../knowledge/lookup/explain.js';
import { toStr, type PValue } from '../../knowledge/evaluate/values.js';

export interface NodeFileOrigin {
  /** `File[/etc/mesos-master/quorum]`. */
  readonly resource: string;
  /** Where the resource was declared. */
  readonly path: string;
  readonly line: number;
  /** The classes and defined resources it sits in, outermost first. */
  readonly via: readonly string[];
  /** The templates its content was rendered from (`mesos/master.erb`). */
  readonly templates?: readonly string[];
}

export interface NodeFile {
  readonly path: string;
  /** Undefined when the resource manages the file without setting its content. */
  readonly content: string | null;
  readonly ensure: string | null;
  readonly origin: NodeFileOrigin;
}

export interface NodePackage {
  readonly name: string;
  readonly ensure: string | null;
}

export interface NodeService {
  readonly name: string;
  readonly ensure: string | null;
  readonly enable: boolean | string | null;
}

export interface NodePreviewFinding {
  readonly kind: EvalFinding['kind'];
  readonly message: string;
  readonly path?: string;
  readonly line?: number;
}

export type NodePreviewResult =
  | {
      readonly kind: 'ok';
      readonly node: string;
      readonly factsDerived: boolean;
      /** The repo's facts file the node's facts came from (relative to the repo when inside it). */
      readonly factsFrom?: string;
      readonly classes: readonly string[];
      readonly files: readonly NodeFile[];
      readonly packages: readonly NodePackage[];
      readonly services: readonly NodeService[];
      /** False when the evaluation stopped early (fail(), an error Puppet would stop at, something not modelled). */
      readonly complete: boolean;
      readonly findings: readonly NodePreviewFinding[];
    }
  | {
      readonly kind: 'error';
      readonly reason: 'node-not-found' | 'no-nodes';
      readonly message: string;
      readonly nodes: readonly string[];
    };

export interface NodePreviewRequest {
  readonly root: string;
  readonly node: string;
  readonly facts?: Readonly<Record<string, unknown>>;
  /** The evaluator's step budget (default: EVAL_STEPS). */
  readonly maxSteps?: number;
}

/** The folders whose files the preview shows. */
const SHOWN =
  /^\/etc\/(mesos|default\/mesos|zookeeper|marathon|chronos)|^\/etc\/default\/(marathon|chronos|zookeeper)|\/zoo\.cfg$|\/myid$/;

/** The Puppet release whose behaviour the preview follows (and whose version it reports as `puppetversion`). */
export const ASSUMED_PUPPET_VERSION = '7.23.0';

/**
 * A stand-in address for a node whose facts are not given: one of the documentation range 192.0.2.0/24 (RFC
 * 5737), the same for the same name, so that nodes differ and no real host is named.
 */
export function assumedAddress(certname: string): string {
  let h = 2166136261;
  for (let i = 0; i < certname.length; i++) h = Math.imul(h ^ certname.charCodeAt(i), 16777619);
  return `192.0.2.${((h >>> 0) % 254) + 1}`;
}

/**
 * Facts assumed when none are given: the node's names, a stand-in address (`assumedAddress`), the Puppet
 * release, and a Debian 12 amd64 host (the modules choose packages and paths by OS family, and read
 * `puppetversion`, `ipaddress` and `hardwaremodel`). `--facts` replaces them.
 */
export function assumedFacts(certname: string): Record<string, unknown> {
  const names = factsFor(certname);
  const ip = assumedAddress(certname);
  return {
    ...names,
    puppetversion: ASSUMED_PUPPET_VERSION,
    ipaddress: ip,
    ipaddress_eth0: ip,
    kernel: 'Linux',
    architecture: 'amd64',
    hardwaremodel: 'x86_64',
    osfamily: 'Debian',
    operatingsystem: 'Debian',
    operatingsystemmajrelease: '12',
    operatingsystemrelease: '12.0',
    lsbdistcodename: 'bookworm',
    lsbdistid: 'Debian',
    os: {
      family: 'Debian',
      name: 'Debian',
      architecture: 'amd64',
      hardware: 'x86_64',
      release: { major: '12', minor: '0', full: '12.0' },
      distro: { codename: 'bookworm' },
    },
    networking: {
      ...(names.networking as Record<string, unknown>),
      ip,
      primary: 'eth0',
      interfaces: { eth0: { ip } },
    },
    path: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  };
}

/** The main manifest files as Puppet reads them: environment.conf's `manifest`, else `manifests/`, sorted. */
export function mainManifests(project: Project, root: string): string[] {
  const conf = project.readText(`${root}/environment.conf`);
  const setting = conf ? /^\s*manifest\s*=\s*(.+?)\s*$/m.exec(conf)?.[1] : undefined;
  const target =
    setting && !setting.includes('$')
      ? setting.startsWith('/')
        ? setting
        : `${root}/${setting.replace(/^\.\//, '')}`
      : `${root}/manifests`;
  if (target.endsWith('.pp')) return project.readText(target) === undefined ? [] : [target];
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 8) return;
    const entries = [...project.view.readDirectory(dir)].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      if (e.isDirectory) walk(`${dir}/${e.name}`, depth + 1);
      else if (e.isFile && e.name.endsWith('.pp')) out.push(`${dir}/${e.name}`);
    }
  };
  walk(target, 0);
  return out;
}

function str(v: PValue | undefined): string | null {
  return v === undefined || v === null ? null : toStr(v);
}

function fileOf(r: CatalogResource): NodeFile {
  const content = r.params.get('content');
  return {
    path: str(r.params.get('path')) ?? r.title,
    // Content that is not a String is refused by the agent (the evaluator warns): the file gets none.
    content: typeof content === 'string' ? content : null,
    ensure: str(r.params.get('ensure')),
    origin: {
      resource: `File[${r.title}]`,
      path: r.declared.path,
      line: r.declared.line,
      via: r.containers,
      ...(r.templates ? { templates: r.templates } : {}),
    },
  };
}

/** Whether a `node 'name'` definition of the main manifests names the node literally. */
function namedInNodeDefinition(project: Project, root: string, certname: string): boolean {
  for (const path of mainManifests(project, root)) {
    const p = parsedManifest(project, path);
    if (!p) continue;
    for (const def of childNodes(p.parse.tree)) {
      if (def.kind !== 'NodeDef') continue;
      for (const h of childNodes(def)) {
        if (
          h.kind === 'HostName' &&
          p.text
            .slice(h.start, h.end)
            .trim()
            .replace(/^['"]|['"]$/g, '')
            .toLowerCase() === certname.toLowerCase()
        )
          return true;
      }
    }
  }
  return false;
}

/** A Hiera value the evaluation read, as the lookup engine found it. */
export interface FoundKey {
  readonly value: HieraValue;
  readonly explanation: readonly ExplainNode[];
}

/**
 * The facts the preview uses for a node when the request gives none: the repo's facts file for the node (the
 * folder `check --facts`, the `factsDir` setting or `.mesos-puppet.yaml` `facts:` names, as the runtime rules
 * read it), else the facts assumed from its name (assumedFacts).
 */
export function previewFacts(
  project: Project,
  root: string,
  node: string,
): { readonly facts: Readonly<Record<string, unknown>>; readonly from?: string } {
  const file = nodeFactsReader(project, root)?.(node);
  return file ? { facts: file.facts, from: file.from } : { facts: assumedFacts(node) };
}

/**
 * Runs the evaluator for a node the repo has. `override` may replace what a lookup found (the key lines vary one
 * key's value to see which lines it becomes). Returns the run and every key a lookup found, in the order read.
 */
export function evaluateFor(
  project: Project,
  req: NodePreviewRequest,
  override?: (key: string, found: HieraValue) => HieraValue,
): { readonly result: EvalResult; readonly found: ReadonlyMap<string, FoundKey> } {
  const facts = req.facts ?? previewFacts(project, req.root, req.node).facts;
  const session = createLookupSession(nodeLookupContext(project, req.root, req.node, facts));
  const found = new Map<string, FoundKey>();
  const host: EvalHost = {
    readText: (path) => project.readText(path),
    parse: (path) => {
      const p = parsedManifest(project, path);
      return p ? { text: p.text, parse: p.parse } : undefined;
    },
    modulePath: lookupModulePath(project, req.root),
    listModules: (dir) =>
      project.view
        .readDirectory(dir)
        .filter((e) => e.isDirectory)
        .map((e) => e.name),
    lookup: (key, merge) => {
      const r = session.lookup(key, merge);
      if (r.outcome.kind !== 'found') return r.outcome;
      if (!found.has(key)) found.set(key, { value: r.outcome.value, explanation: r.explanation });
      return override ? { kind: 'found', value: override(key, r.outcome.value) } : r.outcome;
    },
  };
  const result = evaluateNode({
    host,
    certname: req.node,
    facts,
    manifests: mainManifests(project, req.root),
    skipMissingClasses: true,
    ...(req.maxSteps !== undefined ? { maxSteps: req.maxSteps } : {}),
  });
  return { result, found };
}

/** What the preview shows of a run: the files of the shown folders (sorted by path), the packages, the services. */
export function shownOf(result: EvalResult): {
  readonly files: readonly NodeFile[];
  readonly packages: readonly NodePackage[];
  readonly services: readonly NodeService[];
} {
  const files: NodeFile[] = [];
  const packages: NodePackage[] = [];
  const services: NodeService[] = [];
  for (const r of result.resources) {
    if (r.type === 'file') {
      const f = fileOf(r);
      if (SHOWN.test(f.path) && f.ensure !== 'absent' && f.ensure !== 'directory' && f.ensure !== 'link') files.push(f);
    } else if (r.type === 'package')
      packages.push({ name: str(r.params.get('name')) ?? r.title, ensure: str(r.params.get('ensure')) ?? 'present' });
    else if (r.type === 'service') {
      const enable = r.params.get('enable');
      services.push({
        name: str(r.params.get('name')) ?? r.title,
        ensure: str(r.params.get('ensure')),
        enable: typeof enable === 'boolean' ? enable : str(enable),
      });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, packages, services };
}

/** What the node gets, by evaluating the repo's manifests for it. Never throws. */
export function nodePreview(project: Project, req: NodePreviewRequest): NodePreviewResult {
  const known = discoverNodes(project, req.root).map((n) => n.certname);
  if (!known.includes(req.node) && !namedInNodeDefinition(project, req.root, req.node)) {
    if (known.length === 0)
      return {
        kind: 'error',
        reason: 'no-nodes',
        message: `The control repo has no node data files, so it has no node '${req.node}'.`,
        nodes: [],
      };
    return {
      kind: 'error',
      reason: 'node-not-found',
      message: `The control repo has no node '${req.node}' (its nodes: ${known.join(', ')}).`,
      nodes: known,
    };
  }
  const { result } = evaluateFor(project, req);
  const { files, packages, services } = shownOf(result);
  const factsFrom = req.facts === undefined ? previewFacts(project, req.root, req.node).from : undefined;
  return {
    kind: 'ok',
    node: req.node,
    factsDerived: req.facts === undefined && factsFrom === undefined,
    ...(factsFrom !== undefined ? { factsFrom } : {}),
    classes: result.classes,
    files,
    packages,
    services,
    complete: result.complete,
    findings: result.findings.map((f) => ({
      kind: f.kind,
      message: f.message,
      ...(f.place ? { path: f.place.path, line: f.place.line } : {}),
    })),
  };
}
