// librarian-puppet's Puppetfile.lock: the modules it resolved, each with the exact version it installed, where
// from (a FORGE, GIT or PATH section) and the requirements that version declares on other modules. The format is
// Bundler's: sections at column 0, `remote:`/`ref:`/`sha:` at two spaces, `specs:` entries at four
// (`author-name (1.2.3)`) with their dependencies at six (`author-name (>= 1.0.0, < 2.0.0)`). Never throws: a
// line it does not understand is skipped.

import type { TextRange } from '../../base/textRange.js';

export interface LockDependency {
  /** As written: `puppetlabs-stdlib` or `puppetlabs/stdlib`. */
  readonly fullName: string;
  readonly shortName: string;
  /** Bundler writes `>= 4.2.0, < 9.0.0`; without parentheses, any version. */
  readonly requirement: string;
}

export interface LockSpec {
  readonly fullName: string;
  readonly author: string | undefined;
  readonly shortName: string;
  readonly version: string;
  readonly source: {
    readonly kind: 'forge' | 'git' | 'path' | 'other';
    readonly remote?: string;
    readonly ref?: string;
    readonly sha?: string;
  };
  readonly dependencies: readonly LockDependency[];
  readonly range: TextRange;
}

export interface PuppetfileLock {
  readonly specs: readonly LockSpec[];
  /** The DEPENDENCIES section: what the Puppetfile asked for. */
  readonly dependencies: readonly LockDependency[];
}

function splitName(fullName: string): { author: string | undefined; shortName: string } {
  const m = /^([^/-]+)[-/](.+)$/.exec(fullName);
  return m ? { author: m[1], shortName: m[2] } : { author: undefined, shortName: fullName };
}

export function parsePuppetfileLock(text: string): PuppetfileLock {
  const specs: LockSpec[] = [];
  const dependencies: LockDependency[] = [];
  let section = '';
  let source: { kind: LockSpec['source']['kind']; remote?: string; ref?: string; sha?: string } = { kind: 'other' };
  let current: { spec: Omit<LockSpec, 'dependencies'>; deps: LockDependency[] } | undefined;
  const flush = (): void => {
    if (current) specs.push({ ...current.spec, dependencies: current.deps });
    current = undefined;
  };
  let offset = 0;
  for (const raw of text.split('\n')) {
    const start = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    if (indent === 0) {
      flush();
      section = body;
      source = {
        kind: section === 'FORGE' ? 'forge' : section === 'GIT' ? 'git' : section === 'PATH' ? 'path' : 'other',
      };
      continue;
    }
    const entry = /^([^\s()]+)(?:\s+\(([^)]*)\))?!?$/.exec(body);
    if (section === 'DEPENDENCIES') {
      if (entry)
        dependencies.push({
          fullName: entry[1],
          shortName: splitName(entry[1]).shortName,
          requirement: entry[2] ?? '',
        });
      continue;
    }
    if (indent === 2) {
      const kv = /^(remote|ref|sha|revision|path):\s*(.*)$/.exec(body);
      if (kv) {
        if (kv[1] === 'remote' || kv[1] === 'path') source.remote = kv[2];
        else if (kv[1] === 'ref') source.ref = kv[2];
        else source.sha = kv[2];
      }
      continue;
    }
    if (!entry) continue;
    if (indent === 4) {
      flush();
      const { author, shortName } = splitName(entry[1]);
      current = {
        spec: {
          fullName: entry[1],
          author,
          shortName,
          version: (entry[2] ?? '').trim(),
          source: { ...source },
          range: { start: start + indent, end: start + line.length },
        },
        deps: [],
      };
    } else if (indent >= 6 && current) {
      current.deps.push({ fullName: entry[1], shortName: splitName(entry[1]).shortName, requirement: entry[2] ?? '' });
    }
  }
  flush();
  return { specs, dependencies };
}
