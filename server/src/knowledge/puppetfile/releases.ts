// What is known about the releases of the modules a Mesos control repo pins: their tags, and the dependency
// requirements each release declares (sources/module-releases.json, facts read from the public repositories),
// completed by the bundled catalogs. Also the requirements that real compilation has shown to be looser than
// the metadata says.

import releases from '../sources/module-releases.json';
import { compareVersions, releaseCatalog } from '../catalog.js';

export interface Dependency {
  readonly name: string;
  readonly requirement: string;
}

export interface ModuleReleases {
  readonly shortName: string;
  readonly fullName: string;
  readonly source: string;
  readonly tags: readonly string[];
}

interface RawModule {
  readonly fullName: string;
  readonly source: string;
  readonly tags: readonly string[];
  readonly dependencies: Readonly<Record<string, readonly Dependency[]>>;
  /** The commit of each tag (scripts/release-commits.ts). */
  readonly commits?: Readonly<Record<string, string>>;
}

const MODULES = (releases as { modules: Record<string, RawModule> }).modules;

export function knownModules(): ModuleReleases[] {
  return Object.entries(MODULES).map(([shortName, m]) => ({
    shortName,
    fullName: m.fullName,
    source: m.source,
    tags: m.tags,
  }));
}

export function releasesOf(shortName: string): ModuleReleases | undefined {
  const m = MODULES[shortName];
  return m ? { shortName, fullName: m.fullName, source: m.source, tags: m.tags } : undefined;
}

/**
 * The release tag of the upstream repository whose commit this is (a full hash, or an abbreviation of at least
 * 7 hex digits), or undefined: an internal mirror pinned at that commit installs exactly that release.
 */
export function releaseAtCommit(shortName: string, commit: string): string | undefined {
  const c = commit.trim().toLowerCase();
  if (!/^[0-9a-f]{7,40}$/.test(c)) return undefined;
  const commits = MODULES[shortName]?.commits ?? {};
  return Object.keys(commits).find((tag) => commits[tag].startsWith(c));
}

/** The tag of a release given as a tag or a version (`v0.5.2`, `0.5.2`), or undefined when there is none. */
export function tagFor(shortName: string, versionOrTag: string): string | undefined {
  const tags = MODULES[shortName]?.tags ?? [];
  return (
    tags.find((t) => t === versionOrTag) ?? tags.find((t) => t.replace(/^v/, '') === versionOrTag.replace(/^v/, ''))
  );
}

/**
 * Requirements that compilation on Puppet 7 shows to be looser than the metadata: mesos v1.1.0 declares
 * stdlib < 7 and apt < 8, but compiles and runs with stdlib 8.x and apt 8.5.0, and `puppet catalog compile` of a
 * master and an agent with `repo => 'mesosphere'` (Apt::Source[mesos] and its key declared) succeeds with apt
 * 9.0.2 and stdlib 8.5.0; stdlib 9 removed is_string, which it calls.
 */
const PROVEN: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'mesos@1.1.0': { 'puppetlabs/stdlib': '>= 2.4.0 < 9.0.0', 'puppetlabs/apt': '>= 3.0.0 < 10.0.0' },
};

/** The dependencies a release declares (metadata.json, else the bundled catalog), with proven requirements applied. */
export function dependenciesOf(shortName: string, versionOrTag: string): readonly Dependency[] | undefined {
  const tag = tagFor(shortName, versionOrTag);
  const version = (tag ?? versionOrTag).replace(/^v/, '');
  const declared = (tag && MODULES[shortName]?.dependencies[tag]) ?? releaseCatalog(shortName, version)?.dependencies;
  if (!declared) return undefined;
  const proven = PROVEN[`${shortName}@${version}`] ?? {};
  return declared.map((d) => ({
    name: d.name.replace('-', '/'),
    requirement: proven[d.name.replace('-', '/')] ?? d.requirement,
  }));
}

/** Whether a version satisfies a requirement such as `>= 4.2.0 < 7.0.0`, `4.x`, `1.2.3` or `>=1.0.0`. */
export function satisfies(version: string, requirement: string): boolean {
  const v = version.replace(/^v/, '');
  const req = requirement.trim();
  if (req === '' || req === '*') return true;
  const x = /^(\d+)(?:\.(\d+))?\.x$/.exec(req);
  if (x) {
    const [maj, min] = v.split('.');
    return maj === x[1] && (x[2] === undefined || min === x[2]);
  }
  const parts = [...req.matchAll(/(>=|<=|>|<|=)?\s*(\d+(?:\.\d+)*)/g)];
  if (parts.length === 0) return true;
  return parts.every(([, op, ver]) => {
    const c = compareVersions(v, ver);
    switch (op) {
      case '>=':
        return c >= 0;
      case '>':
        return c > 0;
      case '<=':
        return c <= 0;
      case '<':
        return c < 0;
      default:
        return c === 0;
    }
  });
}

/** The newest known tag of a module that satisfies a requirement. */
export function newestSatisfying(shortName: string, requirement: string): string | undefined {
  const tags = [...(MODULES[shortName]?.tags ?? [])].reverse();
  return tags.find((t) => satisfies(t, requirement));
}
