// What r10k accepts as a module name and as a Forge version. A module name is `name`, `author/name` or
// `author-name`, each part made of word characters; r10k installs the module in a directory named after the last
// part. A Forge version is an exact semantic version (major.minor.patch with optional pre-release and build).

export interface ModuleNameParts {
  readonly author: string | undefined;
  readonly name: string;
}

const WORD = /^\w+$/;
const AUTHOR_AND_NAME = /^(\w+)[-/](\w+)$/;

/** Splits a module name as r10k does; `undefined` when r10k would refuse the name. */
export function splitModuleName(fullName: string): ModuleNameParts | undefined {
  if (WORD.test(fullName)) return { author: undefined, name: fullName };
  const m = AUTHOR_AND_NAME.exec(fullName);
  return m ? { author: m[1], name: m[2] } : undefined;
}

const NUMBER = '(?:0|[1-9][0-9]*)';
const IDENTIFIERS = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
const EXACT_VERSION = new RegExp(`^${NUMBER}\\.${NUMBER}\\.${NUMBER}(?:-${IDENTIFIERS})?(?:\\+${IDENTIFIERS})?$`);

/** True for an exact semantic version such as `1.2.3` or `2.0.0-rc1`, the only strings r10k takes as a version. */
export function isExactVersion(version: string): boolean {
  return EXACT_VERSION.test(version);
}

/** True for a version constraint (`>=4.2.0`, `~> 1.0`, `1.x`, `>= 1.0 < 2.0`) rather than one version. */
export function isVersionRange(version: string): boolean {
  return /[<>=~^*|]|\bx\b|\.x|\s/.test(version.trim());
}
