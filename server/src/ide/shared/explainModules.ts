// The explanation of every module of a control repo, as data: which module, which version, from where, whether
// its facts are known — what `check --explain-modules` prints and what hover says on a Puppetfile entry, a class
// or a Hiera key.

import type { Project } from '../../workspace/project.js';
import { resolveModules, type FactsKind, type ResolvedModule } from '../../knowledge/moduleResolver.js';
import type { RepoKind, SourceKind } from '../../workspace/moduleSources.js';
import { assumedMesosRelease, type AssumedMesosRelease } from '../../knowledge/cluster/mesosRelease.js';

export interface ModuleExplanation {
  readonly name: string;
  readonly fullName?: string;
  /** The exact version, or `unknown (...)`. */
  readonly version: string;
  readonly from: SourceKind;
  readonly facts: FactsKind;
  readonly fork: boolean;
  readonly otherAuthor: boolean;
  /** One or more sentences: which version and why, and what was overruled. */
  readonly why: string;
}

export interface RepoExplanation {
  readonly root: string;
  readonly kind: RepoKind;
  readonly modules: readonly ModuleExplanation[];
  /** The Mesos release the runtime rules assume where a node's data pins no mesos::version, and from where. */
  readonly mesosRelease: AssumedMesosRelease;
}

function explanation(m: ResolvedModule): ModuleExplanation {
  return {
    name: m.name,
    ...(m.fullName ? { fullName: m.fullName } : {}),
    version: m.versionText,
    from: m.from,
    facts: m.facts,
    fork: m.fork,
    otherAuthor: m.otherAuthor,
    why: m.why,
  };
}

/** Every module the repo at root has or mentions, by name. */
export function explainModules(project: Project, root: string): RepoExplanation {
  const repo = resolveModules(project, root);
  return {
    root,
    kind: repo.kind,
    modules: [...repo.modules.values()].sort((a, b) => a.name.localeCompare(b.name)).map(explanation),
    mesosRelease: assumedMesosRelease(project, root),
  };
}

/** The explanation of one module of the repo that holds path, for hover. */
export function explainModule(project: Project, path: string, module: string): ModuleExplanation | undefined {
  const root = project.repoRoot(path);
  const m = root ? resolveModules(project, root).modules.get(module.toLowerCase()) : undefined;
  return m ? explanation(m) : undefined;
}

const KIND_WORDS: Record<RepoKind, string> = {
  r10k: 'r10k control repo',
  librarian: 'librarian-puppet repo',
  module: 'module repository',
  vagrant: 'Vagrant layout',
  plain: 'control repo',
};

/** Plain text for a terminal: the repo kind, then one block per module. */
export function formatExplanation(e: RepoExplanation, rel: (path: string) => string): string {
  const lines = [
    `${rel(e.root) || '.'}: ${KIND_WORDS[e.kind]}, ${e.modules.length} module${e.modules.length === 1 ? '' : 's'}`,
  ];
  for (const m of e.modules)
    lines.push(
      `  ${m.fullName ?? m.name} ${m.version} — ${m.from}, facts: ${m.facts}${m.fork ? ', fork' : ''}`,
      `    ${m.why}`,
    );
  lines.push(
    `  Mesos ${e.mesosRelease.version} where a node's data pins no mesos::version — from ${e.mesosRelease.from}`,
  );
  return lines.join('\n');
}
