// Problems in a parsed Puppetfile that need no outside knowledge: no Forge, no git server, no module catalog.
// Some make r10k refuse the whole Puppetfile (a duplicate module, a version range, a malformed name, a module
// without a source); the others are about sources that no longer work (`git://` at GitHub, an `http://` forge)
// or options r10k ignores. Each problem carries a code from base/diagnosticCodes.ts, a message that says what to
// do, and, where the right change is clear, a fix as text edits. Syntax errors are not repeated here: the caller
// reports `model.errors` under `puppetfile/syntax`.

import type { Code } from '../../base/diagnosticCodes.js';
import { LineIndex } from '../../base/lineIndex.js';
import type { TextRange } from '../../base/textRange.js';
import type { ModuleEntry, PuppetfileModel, PuppetfileOption, PuppetfileValue, TextEdit } from './model.js';
import { isExactVersion, isVersionRange, splitModuleName } from './names.js';

export interface PuppetfileFix {
  /** What the fix does, as a command title: "Use https://". */
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface PuppetfileProblem {
  readonly code: Code;
  readonly range: TextRange;
  readonly message: string;
  readonly fix?: PuppetfileFix;
  /** True when the entry runs only under a condition, so that r10k may never meet the problem. */
  readonly conditional?: boolean;
}

/** The codes this layer reports (besides `puppetfile/syntax` for `model.errors`). */
export const PUPPETFILE_PROBLEM_CODES: readonly Code[] = [
  'puppetfile/duplicate-module',
  'puppetfile/version-range',
  'puppetfile/module-name',
  'puppetfile/no-source',
  'puppetfile/git-protocol',
  'puppetfile/http-forge',
  'puppetfile/conflicting-refs',
  'puppetfile/unknown-option',
];

/** The option keys r10k 3.x reads, over all module types (git, svn, local, forge, tarball). */
export const KNOWN_OPTIONS: readonly string[] = [
  'git',
  'svn',
  'local',
  'type',
  'version',
  'source',
  'ref',
  'tag',
  'branch',
  'commit',
  'default_branch',
  'default_branch_override',
  'install_path',
  'exclude_spec',
  'rev',
  'revision',
  'username',
  'password',
  'checksum',
];

// Options that only librarian-puppet reads, with what to write for r10k instead.
const LIBRARIAN_OPTIONS: Readonly<Record<string, string>> = {
  path: 'for a module kept in the control repo use :local => true (or :install_path)',
  github_tarball: "use :git => 'https://github.com/<owner>/<repo>' with a :tag",
};

const GIT_REF_KEYS: readonly string[] = ['ref', 'tag', 'branch', 'commit'];

// Hosts of the Puppet Forge, old and new. The current API host is forgeapi.puppet.com.
const PUPPET_FORGE_HOSTS: ReadonlySet<string> = new Set([
  'forge.puppetlabs.com',
  'forgeapi.puppetlabs.com',
  'forge.puppet.com',
  'forgeapi.puppet.com',
]);
const CURRENT_FORGE = 'https://forgeapi.puppet.com';

type Source = 'git' | 'svn' | 'local' | 'forge' | 'tarball' | 'none';

/** Lists the problems of a parsed Puppetfile, in source order. Pure; never throws. */
export function findPuppetfileProblems(model: PuppetfileModel): readonly PuppetfileProblem[] {
  const problems: PuppetfileProblem[] = [];
  let lines: LineIndex | undefined;
  const lineOf = (offset: number): number => (lines ??= new LineIndex(model.text)).position(offset).line + 1;

  for (const s of model.statements) {
    if (s.kind === 'forge' && s.url !== undefined) checkForge(model.text, s.url, problems);
  }

  const earlierByDirectory = new Map<string, ModuleEntry[]>();
  for (const entry of model.modules) {
    const before = problems.length;
    const options = symbolOptions(entry);
    const source = sourceOf(entry, options);
    checkName(entry, source, problems);
    checkVersion(entry, source, options, problems);
    if (source === 'none') {
      problems.push({
        code: 'puppetfile/no-source',
        range: entry.name?.range ?? entry.keywordRange,
        message:
          `r10k cannot tell where to get '${entry.fullName ?? 'this module'}': add :git => 'https://...' (with :tag or :ref), ` +
          `or :local => true for a module kept in the control repo, or drop the options to install it from the Forge.`,
      });
    }
    if (source === 'git') checkGitRefs(options, problems);
    const git = options.get('git') ?? (source === 'git' ? options.get('source') : undefined);
    if (git !== undefined) checkGitUrl(model.text, git.value, problems);
    for (const option of entry.options) checkOptionKey(option, problems);

    if (entry.shortName !== undefined) {
      const earlier = earlierByDirectory.get(entry.shortName) ?? [];
      // Entries in different branches of one `if` never both run: only a non-exclusive earlier one counts.
      const first = earlier.find((e) => !exclusive(e, entry));
      earlierByDirectory.set(entry.shortName, [...earlier, entry]);
      if (first !== undefined) {
        // An entry a loop made shares its line with the loop's other entries: no removal is offered.
        const removal = entry.evaluated ? undefined : wholeLines(model.text, entry.range);
        problems.push({
          code: 'puppetfile/duplicate-module',
          range: entry.name?.range ?? entry.keywordRange,
          message:
            `Module '${entry.shortName}' is already declared on line ${lineOf(first.range.start)}` +
            (first.fullName !== entry.fullName ? ` (as '${first.fullName}')` : '') +
            `; r10k refuses a Puppetfile that installs two modules into one directory: remove one of them.`,
          fix: removal && { title: 'Remove this entry', edits: [{ range: removal, newText: '' }] },
          conditional: first.conditional || entry.conditional || undefined,
        });
      }
    }
    if (entry.conditional) {
      for (let i = before; i < problems.length; i++) problems[i] = { ...problems[i], conditional: true };
    }
  }
  // A loop's body read once per element finds the same problem in the same place each time: report it once.
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.code}@${p.range.start}:${p.range.end}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => a.range.start - b.range.start);
}

/** True when two entries sit in different branches of one `if`/`case`, so that they never both run. */
function exclusive(a: ModuleEntry, b: ModuleEntry): boolean {
  for (const x of a.branches) {
    const block = x.slice(0, x.indexOf(':'));
    if (b.branches.some((y) => y !== x && y.startsWith(`${block}:`))) return true;
  }
  return false;
}

/** Applies non-overlapping edits to a text (edits may come in any order). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

/** The options r10k reads: those with a Symbol key (`:git =>` or `git:`). The last one of a name wins, as in Ruby. */
function symbolOptions(entry: ModuleEntry): Map<string, PuppetfileOption> {
  const map = new Map<string, PuppetfileOption>();
  for (const o of entry.options) if (o.key.form === 'symbol' || o.key.form === 'label') map.set(o.key.name, o);
  return map;
}

/** Which r10k module type takes the entry, in r10k's order of asking (git, svn, local, forge, tarball). */
function sourceOf(entry: ModuleEntry, options: ReadonlyMap<string, PuppetfileOption>): Source {
  if (entry.options.length === 0 && !entry.bracedOptions) return 'forge';
  const type = options.get('type')?.value;
  const typeName = type && (type.kind === 'string' || type.kind === 'symbol') ? type.value : undefined;
  if (options.has('git') || typeName === 'git') return 'git';
  if (options.has('svn') || typeName === 'svn') return 'svn';
  const local = options.get('local')?.value;
  if (
    (local !== undefined && local.kind !== 'nil' && !(local.kind === 'boolean' && !local.value)) ||
    typeName === 'local'
  ) {
    return 'local';
  }
  if (typeName === 'forge') return 'forge';
  if (typeName === 'tarball') return 'tarball';
  // A value r10k cannot know before it runs (a variable, say) may still name a type.
  if (type !== undefined && type.kind === 'expression') return 'tarball';
  return 'none';
}

function checkName(entry: ModuleEntry, source: Source, problems: PuppetfileProblem[]): void {
  const name = entry.name;
  if (name === undefined || name.kind !== 'string' || name.interpolated) return;
  const parts = splitModuleName(name.value);
  if (parts === undefined) {
    problems.push({
      code: 'puppetfile/module-name',
      range: name.range,
      message:
        `'${name.value}' is not a module name r10k accepts: write 'author/name' (letters, digits and _ in each part), ` +
        `for example 'puppetlabs/stdlib'.`,
    });
  } else if (source === 'forge' && parts.author === undefined) {
    problems.push({
      code: 'puppetfile/module-name',
      range: name.range,
      message:
        `A Forge module needs its author: write '<author>/${parts.name}' (for example 'puppetlabs/${parts.name}'), ` +
        `or give a source such as :git => 'https://...'.`,
    });
  }
}

function checkVersion(
  entry: ModuleEntry,
  source: Source,
  options: ReadonlyMap<string, PuppetfileOption>,
  problems: PuppetfileProblem[],
): void {
  if (source !== 'forge') return;
  const version = entry.version ?? options.get('version')?.value;
  if (version === undefined || version.kind === 'nil' || version.kind === 'expression') return;
  if (version.kind === 'symbol') {
    if (version.value === 'latest') return;
    problems.push({
      code: 'puppetfile/version-range',
      range: version.range,
      message: `r10k knows only the symbol :latest as a version: write :latest or an exact version such as '1.2.3'.`,
      fix: { title: 'Use :latest', edits: [{ range: version.range, newText: ':latest' }] },
    });
    return;
  }
  if (version.kind !== 'string') {
    problems.push({
      code: 'puppetfile/version-range',
      range: version.range,
      message: `A Forge version is a quoted exact version such as '1.2.3', or :latest.`,
    });
    return;
  }
  if (version.interpolated || isExactVersion(version.value)) return;
  const pinned = /\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?/.exec(version.value)?.[0];
  const quote = version.quote;
  // A computed version (a loop's interpolation) is not written anywhere as such: nothing to edit.
  const pin: PuppetfileFix | undefined =
    pinned !== undefined && isExactVersion(pinned) && !version.computed
      ? { title: `Pin ${pinned}`, edits: [{ range: version.range, newText: `${quote}${pinned}${quote}` }] }
      : undefined;
  problems.push({
    code: 'puppetfile/version-range',
    range: version.range,
    message: isVersionRange(version.value)
      ? `r10k installs one exact version and refuses the range '${version.value}': pin one release` +
        (pinned !== undefined ? ` (for example '${pinned}')` : '') +
        ` or write :latest. (librarian-puppet resolves ranges; r10k does not.)`
      : `'${version.value}' is not an exact version (major.minor.patch, such as '1.2.3'); r10k refuses it.`,
    fix: pin,
  });
}

function checkGitRefs(options: ReadonlyMap<string, PuppetfileOption>, problems: PuppetfileProblem[]): void {
  const given = GIT_REF_KEYS.filter((k) => options.has(k)).map((k) => options.get(k) as PuppetfileOption);
  if (given.length < 2) return;
  given.sort((a, b) => a.range.start - b.range.start);
  const keys = given.map((o) => `:${o.key.name}`);
  const names = `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]}`;
  const last = given[given.length - 1];
  problems.push({
    code: 'puppetfile/conflicting-refs',
    range: given[1].key.range,
    message:
      `${names} ${given.length === 2 ? 'both say' : 'all say'} which revision to check out; r10k warns and uses the ` +
      `last one (:${last.key.name}): keep only the one you mean.`,
  });
}

function checkGitUrl(text: string, value: PuppetfileValue, problems: PuppetfileProblem[]): void {
  if (value.kind !== 'string' || !value.value.startsWith('git://')) return;
  const start = value.contentRange.start;
  const editable = text.startsWith('git://', start) && !value.computed;
  const host = /^git:\/\/([^/:]+)/.exec(value.value)?.[1] ?? '';
  const github = host === 'github.com' || host === 'www.github.com';
  problems.push({
    code: 'puppetfile/git-protocol',
    range: value.range,
    message: github
      ? `GitHub turned off the unauthenticated git:// protocol on 2022-03-15, so this clone fails: use https://github.com/ instead.`
      : `The git:// protocol is unauthenticated and unencrypted, and many hosts have turned it off: use https:// instead.`,
    fix: editable
      ? { title: 'Use https://', edits: [{ range: { start, end: start + 'git://'.length }, newText: 'https://' }] }
      : undefined,
  });
}

function checkForge(text: string, url: PuppetfileValue, problems: PuppetfileProblem[]): void {
  if (url.kind !== 'string' || url.interpolated || !url.value.startsWith('http://')) return;
  const host = /^http:\/\/([^/:]+)/.exec(url.value)?.[1] ?? '';
  const puppetHost = PUPPET_FORGE_HOSTS.has(host.toLowerCase());
  const content = url.contentRange;
  const editable = text.slice(content.start, content.end) === url.value;
  const replacement = puppetHost ? CURRENT_FORGE : `https://${url.value.slice('http://'.length)}`;
  problems.push({
    code: 'puppetfile/http-forge',
    range: url.range,
    message: puppetHost
      ? `'${url.value}' is the Forge's legacy address over plain http: use '${CURRENT_FORGE}'. ` +
        `(r10k ignores this line unless forge.allow_puppetfile_override is set; librarian-puppet uses it.)`
      : `This forge is reached over plain http: use https:// so that modules cannot be altered in transit.`,
    fix: editable ? { title: `Use ${replacement}`, edits: [{ range: content, newText: replacement }] } : undefined,
  });
}

function checkOptionKey(option: PuppetfileOption, problems: PuppetfileProblem[]): void {
  const key = option.key;
  if (key.form === 'expression') return;
  const written = key.form === 'string' ? `'${key.name}' =>` : key.form === 'label' ? `${key.name}:` : `:${key.name}`;
  if (key.form === 'string') {
    if (!/^\w+$/.test(key.name)) return;
    problems.push({
      code: 'puppetfile/unknown-option',
      range: key.range,
      message: `r10k reads only Symbol keys, so it ignores ${written}: write :${key.name} =>.`,
      fix: { title: `Write :${key.name}`, edits: [{ range: key.range, newText: `:${key.name}` }] },
    });
    return;
  }
  if (KNOWN_OPTIONS.includes(key.name)) return;
  const librarian = LIBRARIAN_OPTIONS[key.name];
  if (librarian !== undefined) {
    problems.push({
      code: 'puppetfile/unknown-option',
      range: key.range,
      message: `${written} is a librarian-puppet option that r10k ignores: ${librarian}.`,
    });
    return;
  }
  const suggestion = closest(key.name, KNOWN_OPTIONS);
  const newKey = suggestion === undefined ? undefined : key.form === 'label' ? `${suggestion}:` : `:${suggestion}`;
  problems.push({
    code: 'puppetfile/unknown-option',
    range: key.range,
    message:
      suggestion !== undefined
        ? `r10k does not know the option ${written} and ignores it: did you mean ${newKey}?`
        : `r10k does not know the option ${written} and ignores it: remove it (r10k reads ${KNOWN_OPTIONS.map((k) => `:${k}`).join(', ')}).`,
    fix:
      newKey !== undefined
        ? { title: `Change to ${newKey}`, edits: [{ range: key.range, newText: newKey }] }
        : undefined,
  });
}

/** The known name within edit distance 2 of `name` (and nearer than any other), if there is one. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(name, k, bestDistance);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it is at least `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length], limit);
}

/**
 * The range of the whole lines that hold `r`, with their line break, when nothing but white space and a comment
 * shares those lines; otherwise undefined (the entry cannot be removed by deleting lines).
 */
export function wholeLines(text: string, r: TextRange): TextRange | undefined {
  const lineStart = text.lastIndexOf('\n', r.start - 1) + 1;
  if (text.slice(lineStart, r.start).trim() !== '') return undefined;
  const nl = text.indexOf('\n', r.end);
  const lineEnd = nl < 0 ? text.length : nl + 1;
  const rest = text.slice(r.end, nl < 0 ? text.length : nl).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  return { start: lineStart, end: lineEnd };
}
