// Our attack suite (issue 17): one entry per category of hostile input, each with ONE generator parameterised by
// a size, the budget that bounds the work it causes, and the outcome a user must see at any size. Both sides use
// this catalogue: test/protocol/attacks.test.ts runs every entry at its CI size and asserts the outcome (never a
// time), and `npm run bench:attacks` (bench/attacks.ts) runs every entry at its bench size (the attacker's) and
// records the answer time, the longest hold of the event loop and the memory beside the same outcome check. The
// dedicated CI tests listed in each entry's `ciTests` (in-process work counts, the exact messages) build their
// input with the same generators.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MAX_YAML_NESTING } from '../../server/src/syntax/hiera/yamlDepth.js';
import { MAX_HIERARCHY_LEVELS } from '../../server/src/syntax/hiera/hieraConfig.js';
import { MAX_MODULE_PATH_ENTRIES } from '../../server/src/workspace/settings.js';
import { MAX_DOCUMENT_SYMBOLS } from '../../server/src/ide/symbols.js';
import { MAX_SYNC_WORK } from '../../server/src/lsp/sync.js';
import { LOOKUP_LIMITS } from '../../server/src/knowledge/lookup/engine.js';
import { GLOB_LIMITS } from '../../server/src/knowledge/lookup/dataPaths.js';
import { MAX_FILE_BYTES } from '../../server/src/workspace/nodeFileSystem.js';
import { answeredWithin, startSession, uriOf, type Session } from './lspSession.js';

// --- the generators: text (or a repo's files) as a function of the size ---

/** A data file whose one value is `n` nested block sequences in compact form (`- - - … x`). */
export const deepDashes = (n: number): string => `a:\n${'- '.repeat(n)}x\n`;

/** A value of `n` nested flow sequences (`[[[…]]]`). */
export const deepFlow = (n: number): string => `mesos::master::options: ${'['.repeat(n)}${']'.repeat(n)}\n`;

/** `n` levels of anchors, each a list of nine aliases of the previous: 9^`n` leaves once expanded. */
export function aliasBomb(n: number): string {
  let text = `l0: &l0 [${Array(9).fill('"lol"').join(',')}]\n`;
  for (let i = 1; i < n; i++)
    text += `l${i}: &l${i} [${Array(9)
      .fill(`*l${i - 1}`)
      .join(',')}]\n`;
  return `${text}mesos::master::options: *l${n - 1}\n`;
}

/** A class whose one statement nests `n` array brackets: Puppet code deeper than the parser's limit. */
export const deepPuppetArrays = (n: number): string =>
  `class profile::deep {\n  $a = ${'['.repeat(n)}${']'.repeat(n)}\n}\n`;

/** `lookup_options` that convert `key` to an Array, and the value that makes `value` elements. */
export const convertToBomb = (key: string): string => `lookup_options:\n  ${key}:\n    convert_to: Array\n`;

/** Keys k0..k`n`, each interpolating the previous twice: k`n` is 2^`n` copies of `ab`. */
export const doublingInterpolation = (n: number): string =>
  `k0: ab\n${Array.from({ length: n }, (_, i) => `k${i + 1}: "%{lookup('k${i}')}%{lookup('k${i}')}"`).join('\n')}\n`;

/**
 * A `lookup_options` regex key with nested quantifiers, and a key of `n` a's plus one b that it almost matches,
 * written as an explicit key (`? key`): YAML allows an implicit key at most 1024 characters long.
 */
export const redosLookupOptions = (n: number): string =>
  `lookup_options:\n  '^(mesos::a+)+$':\n    merge: deep\n? mesos::${'a'.repeat(n)}b\n: 1\n`;

/** The string a `Pattern[/^(a+)+$/]` backtracks exponentially on: `n` a's and a character that fails it. */
export const redosPatternValue = (n: number): string => `${'a'.repeat(n)}!`;

/** A glob of `n` `{a,b}` groups: 2^`n` patterns once expanded. */
export const braceBomb = (n: number): string => '{a,b}'.repeat(n);

/** A hiera.yaml of `n` levels (each a path interpolating a fact), between the book's node and common levels. */
export const deepHierarchy = (n: number): string =>
  `${HIERA_HEAD}  - name: node\n    path: nodes/%{trusted.certname}.yaml\n${Array.from({ length: n }, (_, i) => `  - name: l${i}\n    path: l${i}/%{facts.os.family}.yaml\n`).join('')}  - name: common\n    path: common.yaml\n`;

/** A node file of `n` keys that name no parameter: `n` warnings in the file and in the topology. */
export const unknownKeysNode = (n: number): string =>
  `classes:\n  - role::mesos::master\nzookeeper::id: '1'\n${Array.from({ length: n }, (_, i) => `mesos::master::no_such_${i}: 1\n`).join('')}`;

/** A data file of `n` top-level keys with one nested key each (2`n` lines). */
export const keysWithNested = (n: number): string =>
  Array.from({ length: n }, (_, i) => `key${i}:\n  nested${i}: ${i}\n`).join('');

/** `n` folders for the modulePath setting, none of which exists. */
export const modulePathEntries = (n: number, base = '/nonexistent/modules'): string[] =>
  Array.from({ length: n }, (_, i) => `${base}${i}`);

/** The path of a file `n` folders deep: a URI of `n` segments. */
export const deepPath = (n: number): string => `${'a/'.repeat(n)}x.yaml`;

/**
 * One didChange's content changes for a file of `lines` lines of `a`, in reverse document order as an editor
 * sends a multi-cursor edit: line i becomes `k<i>: 1`, and the last `last` when given.
 */
export function reverseLineEdits(
  lines: number,
  last?: string,
): Array<{ range: { start: Position; end: Position }; text: string }> {
  return Array.from({ length: lines }, (_, k) => {
    const line = lines - 1 - k;
    return {
      range: { start: { line, character: 0 }, end: { line, character: 1 } },
      text: k === 0 && last !== undefined ? last : `k${line}: 1`,
    };
  });
}

/** A Puppetfile of `n` modules named through Ruby: a word list with `each`, a Hash with `each`, and a `def`. */
export function rubyPuppetfile(n: number): string {
  const words = Array.from({ length: n }, (_, i) => `m${i}`);
  const half = words.slice(0, Math.ceil(n / 2));
  const rest = words.slice(half.length);
  return (
    `forge 'https://forge.puppet.com'\n` +
    `def pinned(name, version)\n  mod name, version\nend\n` +
    `%w[${half.join(' ')}].each do |m|\n  mod "acme/#{m}", '1.0.0'\nend\n` +
    `{ ${rest.map((m) => `'acme/${m}' => '2.0.0'`).join(', ')} }.each { |name, v| mod name, v }\n`
  );
}

interface Position {
  readonly line: number;
  readonly character: number;
}

const HIERA_HEAD = 'version: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n';

// --- the catalogue ---

/** Where an attack runs: a copy of the book repo at `root`, and a folder beside it that is outside the workspace. */
export interface AttackPlace {
  readonly root: string;
  readonly outside: string;
  /** A file of the book repo as it was copied. */
  readonly book: (path: string) => string;
}

/** What the repo holds for the attack: files (path relative to the root → text) and links (path → target). */
export interface AttackWorkspace {
  readonly files?: Readonly<Record<string, string | Buffer>>;
  readonly links?: Readonly<Record<string, string>>;
}

/** What the user was told: `gist` for a report line, `told` everything (messages, answers, logs) to judge. */
export interface AttackOutcome {
  readonly gist: string;
  readonly told: string;
}

interface AttackBase {
  readonly id: string;
  /** The category as issue 17 names it. */
  readonly category: string;
  /** What the size counts. */
  readonly unit: string;
  /** CI: small, over the budget, asserted. Bench: the attacker's size, measured. */
  readonly sizes: { readonly ci: number; readonly bench: number };
  /** The limit that bounds the work, with its value. */
  readonly budget: string;
  /** The expected outcome in words. */
  readonly expected: string;
  /** Must match what the user was told at size n. */
  readonly told: (n: number) => RegExp;
  /** Must not match it (a leak, a crash, a false error). */
  readonly notTold?: RegExp;
  /** The server's (or CLI's) peak resident memory must stay under this. */
  readonly memoryMb: number;
  /** The dedicated CI tests of the category (file › name), beside the catalogue's own run. */
  readonly ciTests: readonly string[];
  readonly workspace?: (n: number, at: AttackPlace) => AttackWorkspace;
}

export interface ServerAttack extends AttackBase {
  readonly via: 'server';
  readonly settings?: (n: number, at: AttackPlace) => Record<string, unknown>;
  readonly trusted?: boolean;
  readonly ask: (s: Session, at: AttackPlace, n: number, deadlineMs: number) => Promise<AttackOutcome>;
}

export interface CliAttack extends AttackBase {
  readonly via: 'cli';
  readonly run: (at: AttackPlace, n: number, deadlineMs: number) => AttackOutcome;
}

export type Attack = ServerAttack | CliAttack;

const MB = 1024 * 1024;
const CLI = join(__dirname, '../../dist/cli/main.js');
const BOOK = join(__dirname, '../fixtures/workspaces/book');
const PROTOCOL = 'test/protocol/attacks.test.ts';
const BUDGETS = 'test/unit/budgets.test.ts';
const BOUNDED = 'test/unit/bounded-work.test.ts';

/** The diagnostics of a file opened with its text on disk: codes for the gist, messages for the judge. */
async function openAndCheck(s: Session, at: AttackPlace, path: string, deadlineMs: number): Promise<AttackOutcome> {
  const uri = s.open(join(at.root, path), readFileSync(join(at.root, path), 'utf8'));
  return diagnosticsOf(s, uri, deadlineMs);
}

async function diagnosticsOf(s: Session, uri: string, deadlineMs: number): Promise<AttackOutcome> {
  const p = await s.waitForDiagnostics(uri, (d) => d.version === 1, deadlineMs);
  const codes = [...new Set(p.diagnostics.map((d) => String(d.code)))].sort();
  return {
    gist: `${p.diagnostics.length} diagnostics: ${codes.join(', ')}`,
    told: p.diagnostics.map((d) => `${String(d.code)}: ${d.message}`).join('\n'),
  };
}

/** The lookup preview of one key for master1, as the preview panel shows it. */
async function preview(s: Session, at: AttackPlace, key: string, deadlineMs: number): Promise<AttackOutcome> {
  const r = (await answeredWithin(
    s.connection.sendRequest('mesosPuppet/lookupPreview', {
      uri: uriOf(join(at.root, 'data/nodes/master1.yaml')),
      node: 'master1',
      key,
    }),
    deadlineMs,
    `lookup preview of ${key}`,
  )) as { kind: string; entries?: Array<{ outcome: string; value?: unknown; error?: string }>; message?: string };
  const e = r.entries?.[0];
  const said = e ? `${e.outcome}: ${e.error ?? JSON.stringify(e.value)}` : `${r.kind}: ${r.message}`;
  return { gist: `preview ${key.slice(0, 40)} → ${said.slice(0, 160)}`, told: said };
}

const join2 = (a: AttackOutcome, b: AttackOutcome): AttackOutcome => ({
  gist: `${a.gist}; ${b.gist}`,
  told: `${a.told}\n${b.told}`,
});

const logsOf = (s: Session): string => s.logs.join('\n');

function cli(args: string[], cwd: string, deadlineMs: number) {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: deadlineMs,
    maxBuffer: 64 * MB,
  });
}

/** The masters m0..m`n-1` of one ensemble, each naming all of them, with the book's quorum of 2. */
export function manyMasters(n: number): Record<string, string> {
  const zk = Array.from({ length: n }, (_, i) => `m${i}:2181`).join(',');
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++)
    out[`data/nodes/m${i}.yaml`] =
      `classes:\n  - role::mesos::master\nmesos::master::options:\n  quorum: '2'\nmesos::zookeeper: 'zk://${zk}/mesos'\nzookeeper::id: ${i + 1}\n`;
  return out;
}

export const ATTACKS = {
  deepYaml: {
    id: 'deep-yaml',
    category: 'deep YAML: nested block-sequence dashes in a data file',
    unit: 'levels',
    sizes: { ci: 100_000, bench: 100_000 },
    budget: `nesting measured before parsing: ${MAX_YAML_NESTING} levels`,
    expected: 'a limits/nesting note on the file, no entries read, the rest of the repo served',
    told: () => /limits\/nesting: The data nests deeper than 256 levels/,
    memoryMb: 512,
    ciTests: [
      `${PROTOCOL} › data the repository controls: …`,
      `${BUDGETS} › a data file of 100,000 nested dashes is not parsed: …`,
    ],
    via: 'server',
    workspace: (n) => ({ files: { 'data/deep.yaml': deepDashes(n) } }),
    ask: (s, at, _n, ms) => openAndCheck(s, at, 'data/deep.yaml', ms),
  },
  deepYamlCli: {
    id: 'deep-yaml-cli',
    category: 'deep YAML through `mesos-puppet check` (used to be a V8 abort)',
    unit: 'levels',
    sizes: { ci: 100_000, bench: 100_000 },
    budget: `nesting measured before parsing: ${MAX_YAML_NESTING} levels`,
    expected: 'exit 0 with an information note [limits/nesting]; never a V8 abort',
    told: () => /^exit 0\n[\s\S]*information \[limits\/nesting\] The data nests deeper than 256 levels/,
    notTold: /FATAL|Allocation failed|RangeError/,
    memoryMb: 512,
    ciTests: [`${PROTOCOL} › the CLI on a data file of 100,000 nested dashes: …`],
    via: 'cli',
    workspace: (n) => ({ files: { 'data/deep.yaml': deepDashes(n) } }),
    run: (at, _n, ms) => {
      const r = cli(['check', join(at.root, 'data/deep.yaml')], at.root, ms);
      return {
        gist: `exit ${r.status}: ${r.stdout.split('\n')[0].slice(0, 140)}`,
        told: `exit ${r.status}\n${r.stdout}${r.stderr}`,
      };
    },
  },
  deepFlowYaml: {
    id: 'deep-flow-yaml',
    category: 'deep YAML: flow brackets nested in a data file of the hierarchy',
    unit: 'levels',
    sizes: { ci: 10_000, bench: 1_000_000 },
    budget: `nesting measured before parsing: ${MAX_YAML_NESTING} levels`,
    expected: 'a limits/nesting note on the file, a hiera/rules-stopped note on each node file; the rest served',
    told: () =>
      /^(?=[^]*^limits\/nesting: The data nests deeper than 256 levels)(?=[^]*^hiera\/rules-stopped: The cluster rules are not checked for node master1, because its lookups fail \(Unable to parse \([^)]*common\.yaml\): The data nests deeper)/m,
    memoryMb: 512,
    ciTests: [`${BUDGETS} › flow brackets, JSON data and hiera.yaml nested 100,000 deep are refused the same way`],
    via: 'server',
    workspace: (n, at) => ({ files: { 'data/common.yaml': `${at.book('data/common.yaml')}\n${deepFlow(n)}` } }),
    ask: async (s, at, _n, ms) =>
      join2(
        await openAndCheck(s, at, 'data/common.yaml', ms),
        await openAndCheck(s, at, 'data/nodes/master1.yaml', ms),
      ),
  },
  aliasBomb: {
    id: 'alias-bomb',
    category: 'YAML alias bomb in a data file of the hierarchy',
    unit: 'levels of nine aliases',
    sizes: { ci: 9, bench: 30 },
    budget: 'aliases are not expanded past a budget: the file is refused',
    expected:
      'a limits/aliases note on the value, a hiera/rules-stopped note on each node file; lookups fail with the refusal named',
    told: () =>
      /^(?=[^]*^limits\/aliases: The value of 'l\d+' expands YAML aliases more than 1000 times)(?=[^]*^hiera\/rules-stopped: The cluster rules are not checked for node master1, because its lookups fail \(Unable to parse \([^)]*common\.yaml\): Excessive alias count)(?=[^]*^error: Unable to parse \([^)]*common\.yaml\): Excessive alias count)/m,
    memoryMb: 512,
    ciTests: [
      'test/unit/hostile.test.ts › a YAML alias bomb (9^9 leaves) …',
      'test/protocol/hostile.test.ts › a YAML alias bomb in a data file outside the hierarchy',
    ],
    via: 'server',
    workspace: (n, at) => ({ files: { 'data/common.yaml': `${at.book('data/common.yaml')}\n${aliasBomb(n)}` } }),
    ask: async (s, at, _n, ms) =>
      join2(
        join2(
          await openAndCheck(s, at, 'data/common.yaml', ms),
          await openAndCheck(s, at, 'data/nodes/master1.yaml', ms),
        ),
        await preview(s, at, 'mesos::master::options', ms),
      ),
  },
  deepPuppet: {
    id: 'deep-puppet',
    category: 'deep Puppet: array brackets nested in a manifest',
    unit: 'levels',
    sizes: { ci: 10_000, bench: 100_000 },
    budget: 'parser depth checked before recursing: one error at level 200',
    expected: 'one puppet/syntax error, the rest of the manifest read',
    told: () => /^puppet\/syntax: [^\n]*nest/m,
    memoryMb: 512,
    ciTests: ['test/unit/hostile.test.ts › Puppet code nested 10,000 deep: …'],
    via: 'server',
    workspace: (n) => ({ files: { 'site-modules/profile/manifests/deep.pp': deepPuppetArrays(n) } }),
    ask: (s, at, _n, ms) => openAndCheck(s, at, 'site-modules/profile/manifests/deep.pp', ms),
  },
  convertTo: {
    id: 'convert-to',
    category: 'huge convert_to: convert_to Array on a big Integer, opening a node file',
    unit: 'the Integer converted',
    sizes: { ci: 4_000_000_000, bench: 4_000_000_000 },
    budget: `${LOOKUP_LIMITS.convertedElements} elements built by a conversion, checked before allocating`,
    expected: 'the node file checked; the preview names the limit',
    told: (n) => new RegExp(`Converting ${n} to an Array makes ${n} elements; this engine builds at most 100000`),
    memoryMb: 512,
    ciTests: [`${PROTOCOL} › data the repository controls: …`, `${BUDGETS} › convert_to Array on 4000000000 …`],
    via: 'server',
    workspace: (n, at) => ({
      files: {
        'data/common.yaml': `${at.book('data/common.yaml')}\n${convertToBomb('zookeeper::id')}`,
        'data/nodes/master1.yaml': at
          .book('data/nodes/master1.yaml')
          .replace(/zookeeper::id: .*/, `zookeeper::id: ${n}`),
      },
    }),
    ask: async (s, at, _n, ms) =>
      join2(await openAndCheck(s, at, 'data/nodes/master1.yaml', ms), await preview(s, at, 'zookeeper::id', ms)),
  },
  didOpenWithoutText: {
    id: 'did-open-without-text',
    category: 'didOpen without text (or with text: null)',
    unit: 'malformed didOpens',
    sizes: { ci: 2, bench: 10_000 },
    budget: 'every client message validated before use',
    expected: 'each ignored, the first 100 logged; the server answers on',
    // The server logs the first 100 malformed messages (MAX_LOGGED in lsp/validate.ts) and drops the rest quietly.
    told: (n) =>
      new RegExp(
        `^${Math.min(n, 100)} ignored and logged\n[^]*ignored a malformed textDocument/didOpen: textDocument\\.text is not a string`,
      ),
    memoryMb: 512,
    ciTests: [`${PROTOCOL} › malformed client messages are logged and ignored, …`],
    via: 'server',
    ask: async (s, at, n, ms) => {
      const uri = uriOf(join(at.root, 'data/nodes/master1.yaml'));
      for (let i = 0; i < n; i++)
        void s.connection.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: 'yaml', version: 1, ...(i % 2 ? { text: null } : {}) },
        });
      const h = await answeredWithin(s.hover(uri, 0), ms, 'hover after the malformed didOpens');
      const ignored = s.logs.filter((l) => l.includes('ignored a malformed textDocument/didOpen')).length;
      return {
        gist: `${ignored} ignored and logged; hover: ${JSON.stringify(h)}`,
        told: `${ignored} ignored and logged\n${logsOf(s)}`,
      };
    },
  },
  globBomb: {
    id: 'glob-bomb',
    category: 'glob bomb: a hierarchy glob of many {a,b} groups',
    unit: '{a,b} groups',
    sizes: { ci: 26, bench: 26 },
    budget: `a glob expands to at most ${GLOB_LIMITS.patterns} patterns, counted before expanding`,
    expected: 'a limits/glob note on the glob, a hiera/rules-stopped note on the node file; the lookup names the limit',
    told: () =>
      /^(?=[^]*^limits\/glob: This glob expands to more than 1024 patterns)(?=[^]*^hiera\/rules-stopped: The cluster rules are not checked for node master1, because its lookups fail \(Hiera: the glob '[^']*' expands to more than 1024 patterns)(?=[^]*^error: Hiera: the glob '[^']*' expands to more than 1024 patterns)/m,
    memoryMb: 512,
    ciTests: [`${BUDGETS} › a glob of 26 {a,b} groups is refused before expanding; …`],
    via: 'server',
    workspace: (n) => ({
      files: {
        'hiera.yaml': `${HIERA_HEAD}  - name: bomb\n    glob: '${braceBomb(n)}.yaml'\n  - name: node\n    path: nodes/%{trusted.certname}.yaml\n`,
      },
    }),
    ask: async (s, at, _n, ms) =>
      join2(
        join2(await openAndCheck(s, at, 'hiera.yaml', ms), await openAndCheck(s, at, 'data/nodes/master1.yaml', ms)),
        await preview(s, at, 'mesos::zookeeper', ms),
      ),
  },
  globLinksToDot: {
    id: 'glob-links-to-dot',
    category: "symlinks to '.': a `**` glob over directory links to their own folder",
    unit: "links to '.'",
    sizes: { ci: 2, bench: 10 },
    budget: "`**` does not descend into directory links (as Ruby's does not): one walk of the real tree",
    expected: 'the lookup answers from the real files',
    told: () => /^found: "zk:\/\/master1:2181,master2:2181,master3:2181\/mesos"$/m,
    memoryMb: 512,
    ciTests: [`${BUDGETS} › a glob's ** does not descend into directory links …`],
    via: 'server',
    workspace: (n) => ({
      files: {
        'hiera.yaml': `${HIERA_HEAD}  - name: all\n    glob: '**/master1.yaml'\n`,
      },
      links: Object.fromEntries(Array.from({ length: n }, (_, i) => [`data/loop${i}`, '.'])),
    }),
    ask: (s, at, _n, ms) => preview(s, at, 'mesos::zookeeper', ms),
  },
  datadirClimb: {
    id: 'datadir-climb',
    category: 'datadir `/` or climbing `../../..`',
    unit: "'../' steps",
    sizes: { ci: 3, bench: 64 },
    budget: "nothing outside the hiera.yaml's folder is read: the datadir is refused before any walk",
    expected: 'a limits/outside note on hiera.yaml; nothing outside read',
    told: () => /limits\/outside: The datadir '[./]*' lies outside the folder of this hiera\.yaml/,
    memoryMb: 512,
    ciTests: [`${BUDGETS} › datadirs and paths that climb out of the repo are not read, …`],
    via: 'server',
    workspace: (n) => ({
      files: {
        'hiera.yaml': `${HIERA_HEAD}  - name: climb\n    datadir: ${'../'.repeat(n)}\n    glob: '**/*.yaml'\n  - name: common\n    path: common.yaml\n`,
      },
    }),
    ask: (s, at, _n, ms) => openAndCheck(s, at, 'hiera.yaml', ms),
  },
  redosLookupOptions: {
    id: 'redos-lookup-options',
    category: 'ReDoS in a lookup_options regex key',
    unit: 'characters of the key',
    sizes: { ci: 1_000, bench: 100_000 },
    budget: 'user regexes run on a linear-time engine',
    expected: 'the key found at once, its value unchanged',
    told: () => /^found: 1$/m,
    memoryMb: 512,
    ciTests: [`${PROTOCOL} › data the repository controls: …`, `${BUDGETS} › ReDoS in a lookup_options regex key …`],
    via: 'server',
    workspace: (n, at) => ({
      files: { 'data/common.yaml': `${at.book('data/common.yaml')}\n${redosLookupOptions(n)}` },
    }),
    ask: async (s, at, n, ms) =>
      join2(
        await openAndCheck(s, at, 'data/nodes/master1.yaml', ms),
        await preview(s, at, `mesos::${'a'.repeat(n)}b`, ms),
      ),
  },
  redosPattern: {
    id: 'redos-pattern',
    category: 'ReDoS in a Pattern[...] parameter type',
    unit: 'characters of the value',
    sizes: { ci: 50_000, bench: 1_000_000 },
    budget: 'user regexes run on a linear-time engine',
    expected: 'a hiera/type-mismatch warning on the value, at once',
    told: () => /hiera\/type-mismatch: [^\n]*Pattern\[\/\^\(a\+\)\+\$\/\]/,
    memoryMb: 512,
    ciTests: [`${BUDGETS} › ReDoS in a Pattern type answers at once; …`],
    via: 'server',
    workspace: (n, at) => ({
      files: {
        'site-modules/profile/manifests/redos.pp': `class profile::redos (\n  Pattern[/^(a+)+$/] $name_re = 'a',\n) {}\n`,
        'data/common.yaml': `${at.book('data/common.yaml')}\nprofile::redos::name_re: '${redosPatternValue(n)}'\n`,
      },
    }),
    ask: (s, at, _n, ms) => openAndCheck(s, at, 'data/common.yaml', ms),
  },
  exponentialInterpolation: {
    id: 'exponential-interpolation',
    category: 'exponential %{lookup()} interpolation',
    unit: 'doublings',
    sizes: { ci: 60, bench: 60 },
    budget: `${LOOKUP_LIMITS.interpolations} interpolated strings per lookup, and 1,000,000 characters per string`,
    expected: 'the lookup fails with the limit named',
    told: () => /interpolates more than 20000 strings/,
    memoryMb: 512,
    ciTests: [`${PROTOCOL} › data the repository controls: …`, `${BUDGETS} › exponential %{lookup()} interpolation …`],
    via: 'server',
    workspace: (n, at) => ({
      files: { 'data/common.yaml': `${at.book('data/common.yaml')}\n${doublingInterpolation(n)}` },
    }),
    ask: (s, at, n, ms) => preview(s, at, `k${n}`, ms),
  },
  topologyManyProblems: {
    id: 'topology-many-problems',
    category: 'quadratic: the topology request with many problems',
    unit: 'unknown keys in one node file',
    sizes: { ci: 2_000, bench: 25_000 },
    budget: "one line index per file, however many problems point into it; the editor's list capped",
    expected: 'every problem in the topology; the editor told how many it does not show',
    told: (n) => new RegExp(`^topology: ${n} unknown keys\n[^]*editor/problems-not-shown`),
    memoryMb: 512,
    ciTests: [`${BOUNDED} › topology with 25,000 problems in one node file: …`],
    via: 'server',
    workspace: (n) => ({ files: { 'data/nodes/master1.yaml': unknownKeysNode(n) } }),
    ask: async (s, at, _n, ms) => {
      const first = await openAndCheck(s, at, 'data/nodes/master1.yaml', ms);
      const t = (await answeredWithin(s.connection.sendRequest('mesosPuppet/topology', {}), ms, 'topology')) as {
        clusters?: Array<{ problems?: Array<{ code: string }> }>;
      };
      const problems = (t.clusters ?? []).flatMap((c) => c.problems ?? []);
      const unknown = problems.filter((p) => p.code === 'hiera/unknown-key').length;
      return {
        gist: `${first.gist}; topology: ${problems.length} problems`,
        told: `topology: ${unknown} unknown keys\n${first.told}`,
      };
    },
  },
  documentSymbolBig: {
    id: 'document-symbol-big',
    category: 'quadratic: documentSymbol on a big data file',
    unit: 'top-level keys (two lines each)',
    sizes: { ci: 6_000, bench: 50_000 },
    budget: `${MAX_DOCUMENT_SYMBOLS} symbols, then one that says how many keys are left out`,
    expected: `${MAX_DOCUMENT_SYMBOLS.toLocaleString('en-US')} symbols and a last one naming the keys left out`,
    told: (n) => new RegExp(`^… ${(n - MAX_DOCUMENT_SYMBOLS / 2).toLocaleString('en-US')} more keys not listed$`),
    memoryMb: 512,
    ciTests: [`${BOUNDED} › documentSymbol on a 100,000-line data file …`],
    via: 'server',
    workspace: (n) => ({ files: { 'data/common.yaml': keysWithNested(n) } }),
    ask: async (s, at, _n, ms) => {
      const path = join(at.root, 'data/common.yaml');
      const uri = s.open(path, readFileSync(path, 'utf8'));
      const r = (await answeredWithin(
        s.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
        ms,
        'documentSymbol',
      )) as Array<{ name: string }>;
      return { gist: `${r.length} symbols, the last '${r.at(-1)?.name}'`, told: r.at(-1)?.name ?? '' };
    },
  },
  manyMasters: {
    id: 'many-masters',
    category: 'quadratic: cluster rules over many masters',
    unit: 'masters naming one ensemble',
    sizes: { ci: 41, bench: 201 },
    budget: 'the cluster model built once per snapshot, each rule linear in the nodes',
    expected: 'the quorum of 2 reported as no majority of the masters',
    told: (n) => new RegExp(`mesos/quorum-majority: [^\\n]* has ${n} masters \\(`),
    memoryMb: 512,
    ciTests: ['test/unit/mesos-rules.test.ts › quorum must be a majority of the masters, with a fix'],
    via: 'server',
    workspace: (n) => ({ files: manyMasters(n) }),
    ask: (s, at, _n, ms) => openAndCheck(s, at, 'data/nodes/m0.yaml', ms),
  },
  longUri: {
    id: 'long-uri',
    category: 'long URIs: a URI of many path segments',
    unit: 'segments',
    sizes: { ci: 20_000, bench: 200_000 },
    budget: 'a URI of more than 8192 characters is refused before it is parsed',
    expected: 'the didOpen logged and ignored; requests on it answered with nothing',
    told: () => /ignored a malformed textDocument\/didOpen: textDocument\.uri is longer than 8192 characters/,
    memoryMb: 512,
    ciTests: [`${PROTOCOL} › a 20,000-segment URI is refused at once, …`],
    via: 'server',
    ask: async (s, at, n, ms) => {
      const uri = uriOf(join(at.root, deepPath(n)));
      s.open(uri, 'mesos::\n');
      const h = await answeredWithin(
        s.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }),
        ms,
        'hover',
      );
      return { gist: `hover: ${JSON.stringify(h)}`, told: `hover: ${JSON.stringify(h)}\n${logsOf(s)}` };
    },
  },
  hugeModulePath: {
    id: 'huge-module-path',
    category: 'huge modulePath setting',
    unit: 'folders',
    sizes: { ci: 1_000, bench: 100_000 },
    budget: `the first ${MAX_MODULE_PATH_ENTRIES} folders read`,
    expected: 'a warning that says which folders are left out; the node file checked',
    told: (n) =>
      new RegExp(
        `Setting mesosPuppet\\.modulePath lists ${n.toLocaleString('en-US')} folders; only the first 256 are read`,
      ),
    memoryMb: 512,
    ciTests: [`${BOUNDED} › a modulePath setting of 100,000 folders: …`],
    via: 'server',
    settings: (n) => ({ modulePath: modulePathEntries(n) }),
    ask: async (s, at, _n, ms) => {
      const d = await openAndCheck(s, at, 'data/nodes/master1.yaml', ms);
      return { gist: d.gist, told: `${d.told}\n${logsOf(s)}` };
    },
  },
  deepHierarchy: {
    id: 'deep-hierarchy',
    category: 'deep hierarchy: a hiera.yaml of many levels',
    unit: 'levels',
    sizes: { ci: 300, bench: 10_000 },
    budget: `the first ${MAX_HIERARCHY_LEVELS} levels read`,
    expected: 'a limits/hierarchy note where the levels left out begin; the node file checked',
    told: (n) =>
      new RegExp(
        `limits/hierarchy: 'hierarchy' has ${(n + 2).toLocaleString('en-US')} levels; the editor and mesos-puppet check read the first 100`,
      ),
    memoryMb: 512,
    ciTests: [`${BOUNDED} › a hierarchy of 10,000 levels: …`],
    via: 'server',
    workspace: (n) => ({ files: { 'hiera.yaml': deepHierarchy(n) } }),
    ask: async (s, at, _n, ms) =>
      join2(await openAndCheck(s, at, 'data/nodes/master1.yaml', ms), await openAndCheck(s, at, 'hiera.yaml', ms)),
  },
  manyContentChanges: {
    id: 'many-content-changes',
    category: 'one didChange with many content changes (a multi-cursor edit)',
    unit: 'changes, one per line',
    sizes: { ci: 20_000, bench: 200_000 },
    budget: `changes in reverse order applied in one pass; at most ${MAX_SYNC_WORK.toLocaleString('en-US')} characters copied, else the edit is given up with a message`,
    expected: 'the edit applied and the file served',
    told: () => /checkpoint/,
    memoryMb: 768,
    ciTests: [
      `${PROTOCOL} › one didChange of many changes: …`,
      `${BOUNDED} › 200,000 changes in reverse document order …`,
    ],
    via: 'server',
    ask: async (s, at, n, ms) => {
      const uri = s.open(join(at.root, 'data/big.yaml'), 'a\n'.repeat(n));
      void s.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: reverseLineEdits(n, 'mesos::slave::checkpoint: true'),
      });
      const h = await answeredWithin(
        s.connection.sendRequest('textDocument/hover', {
          textDocument: { uri },
          position: { line: n - 1, character: 8 },
        }),
        ms,
        'hover after the edit',
      );
      const said = JSON.stringify(h);
      return { gist: `hover after: ${said.slice(0, 80)}`, told: said };
    },
  },
  linkOutOfWorkspace: {
    id: 'link-out-of-workspace',
    category: 'reading outside the workspace: data files that are links to files outside',
    unit: 'links out',
    sizes: { ci: 3, bench: 1_000 },
    budget: 'links leading out are not followed, each named once in the log',
    expected: 'no key of the outside files offered; each link logged once',
    told: (n) =>
      new RegExp(
        `^0 leaked keys offered\n${n} links named\n[^]*leak0\\.yaml: a link leading outside the workspace folders`,
      ),
    memoryMb: 512,
    ciTests: [
      `${PROTOCOL} › a data file that is a link to a file outside the workspace is not read: …`,
      `${PROTOCOL} › the CLI reads nothing outside the checked repo and --module-path: …`,
    ],
    via: 'server',
    workspace: (n, at) => {
      writeFileSync(join(at.outside, 'secret.yaml'), 'leaked::root_password_hash: s3cret\n');
      return {
        links: Object.fromEntries(
          Array.from({ length: n }, (_, i) => [`data/nodes/leak${i}.yaml`, join(at.outside, 'secret.yaml')]),
        ),
      };
    },
    ask: async (s, at, _n, ms) => {
      const uri = s.open(join(at.root, 'data/common.yaml'), '\n');
      const list = (await answeredWithin(s.completion(uri, 0), ms, 'completion')) as {
        items: Array<{ label: string }>;
      };
      const leaked = list.items.filter((i) => /leaked/.test(i.label)).length;
      const told = s.logs.filter((l) => /a link leading outside/.test(l));
      return {
        gist: `${list.items.length} keys offered, ${leaked} leaked; ${told.length} links named`,
        told: `${leaked} leaked keys offered\n${told.length} links named\n${told.join('\n')}`,
      };
    },
  },
  environmentConfOutside: {
    id: 'environment-conf-outside',
    category: "reading outside the workspace: environment.conf's modulepath naming folders outside",
    unit: 'modules outside',
    sizes: { ci: 2, bench: 200 },
    budget: 'module folders outside the workspace and the configured module path are not read',
    expected: 'the classes outside stay unknown',
    told: () =>
      // A plain folder outside, not a link: the note says so.
      /puppet\/unknown-class: [^\n]*leakmod0[\s\S]*skipped .*-outside\/modules: outside the workspace folders and the module path \(not read\)/,
    memoryMb: 512,
    ciTests: [],
    via: 'server',
    workspace: (n, at) => {
      for (let i = 0; i < n; i++) {
        mkdirSync(join(at.outside, `modules/leakmod${i}/manifests`), { recursive: true });
        writeFileSync(join(at.outside, `modules/leakmod${i}/manifests/init.pp`), `class leakmod${i} {}\n`);
      }
      return {
        files: {
          'environment.conf': `modulepath = site-modules:../${basename(at.outside)}/modules:$basemodulepath\n`,
          'manifests/site.pp': `${at.book('manifests/site.pp')}\ninclude leakmod0\n`,
        },
      };
    },
    ask: async (s, at, _n, ms) => {
      const d = await openAndCheck(s, at, 'manifests/site.pp', ms);
      return { gist: d.gist, told: `${d.told}\n${logsOf(s)}` };
    },
  },
  untrustedModulePath: {
    id: 'untrusted-module-path',
    category: "reading outside the workspace: an untrusted workspace's .mesos-puppet.yaml naming folders outside",
    unit: 'folders named',
    sizes: { ci: 1, bench: 256 },
    budget: 'in an untrusted workspace the repo cannot widen what is read',
    expected: 'the class outside stays unknown; the log says the folders were left out',
    told: () => /puppet\/unknown-class: [^\n]*extra[\s\S]*untrusted workspace: the module folder /,
    memoryMb: 512,
    ciTests: [`${PROTOCOL} › in an untrusted workspace the repo's .mesos-puppet.yaml cannot make the server read …`],
    via: 'server',
    trusted: false,
    workspace: (n, at) => {
      const folders = Array.from({ length: n }, (_, i) => join(at.outside, `extra${i}`));
      for (const f of folders) {
        mkdirSync(join(f, 'extra/manifests'), { recursive: true });
        writeFileSync(join(f, 'extra/manifests/init.pp'), 'class extra {}\n');
      }
      return {
        files: {
          '.mesos-puppet.yaml': `modulePath:\n${folders.map((f) => `  - ${f}\n`).join('')}`,
          'manifests/site.pp': `${at.book('manifests/site.pp')}\ninclude extra\n`,
        },
      };
    },
    ask: async (s, at, _n, ms) => {
      const d = await openAndCheck(s, at, 'manifests/site.pp', ms);
      return { gist: d.gist, told: `${d.told}\n${logsOf(s)}` };
    },
  },
  scaffoldDataLoss: {
    id: 'scaffold-data-loss',
    category: 'scaffold data loss: files it cannot read as text at generated paths',
    unit: 'MB of an existing README.md',
    sizes: { ci: 17, bench: 64 },
    budget: `every existing path compared whatever its size (the ${MAX_FILE_BYTES / MB} MB read limit does not apply)`,
    expected: 'exit 1, each file listed as a conflict, nothing written or replaced',
    told: () => /^exit 1; unchanged: yes\n[\s\S]*README\.md \(it holds content that cannot be shown as text/,
    notTold: /created/,
    memoryMb: 512,
    ciTests: ['test/protocol/cli-scaffold.test.ts › files the user has that we cannot read as text are compared, …'],
    via: 'cli',
    run: (at, n, ms) => {
      const dir = join(at.outside, 'target');
      mkdirSync(dir, { recursive: true });
      const utf16 = Buffer.from('\ufeffversion: 5\n', 'utf16le');
      const big = Buffer.alloc(n * MB, 'x');
      const binary = Buffer.from([0x6d, 0x6f, 0x64, 0x00, 0x01]);
      writeFileSync(join(dir, 'hiera.yaml'), utf16);
      writeFileSync(join(dir, 'README.md'), big);
      writeFileSync(join(dir, 'Puppetfile'), binary);
      const r = cli(['scaffold', dir, '--masters', 'master1,master2,master3', '--slaves', 'slave1'], at.outside, ms);
      const unchanged =
        readFileSync(join(dir, 'hiera.yaml')).equals(utf16) &&
        readFileSync(join(dir, 'README.md')).equals(big) &&
        readFileSync(join(dir, 'Puppetfile')).equals(binary) &&
        !existsSync(join(dir, 'data'));
      const head = `exit ${r.status}; unchanged: ${unchanged ? 'yes' : 'NO'}`;
      return { gist: head, told: `${head}\n${r.stdout}${r.stderr}` };
    },
  },
  puppetfileRuby: {
    id: 'puppetfile-ruby',
    category: 'Puppetfile Ruby: modules named through each loops, a Hash and a def',
    unit: 'modules',
    sizes: { ci: 100, bench: 10_000 },
    budget:
      'the common Ruby forms evaluated, never executed, 2,000 loop iterations in all (MAX_EVALUATED_ITERATIONS); past that a loop is left silent',
    expected:
      'no syntax error; within the budget the modules of the loop and of the Hash read (their repeats found as duplicates), past it nothing said',
    told: (n) =>
      n / 2 <= 2_000
        ? /Module 'm0' is already declared on line 6;[\s\S]*Module 'm\d+' is already declared on line 8;/
        : /^0 diagnostics: $/m,
    notTold: /puppetfile\/syntax/,
    memoryMb: 512,
    ciTests: ['test/unit/puppetfile.test.ts › evaluates each over %w[], an Array and a Hash, …'],
    via: 'server',
    // The first module of the loop and the last of the Hash named again: found as duplicates only if both were read.
    workspace: (n) => ({
      files: { Puppetfile: `${rubyPuppetfile(n)}mod 'acme/m0', '3.0.0'\nmod 'acme/m${n - 1}', '3.0.0'\n` },
    }),
    ask: async (s, at, _n, ms) => {
      const d = await openAndCheck(s, at, 'Puppetfile', ms);
      return { gist: d.gist, told: `${d.gist}\n${d.told}` };
    },
  },
} satisfies Record<string, Attack>;

/** The catalogue in a stable order. */
export const ATTACK_LIST: readonly Attack[] = Object.values(ATTACKS);

/** What one run of an attack gave: the outcome, whether the repo was still served, and the server's figures. */
export interface AttackRun {
  readonly outcome: AttackOutcome;
  /** A completion elsewhere in the repo answered afterwards (server attacks; true for the CLI's). */
  readonly alive: boolean;
  /** Measured for the bench; never asserted. */
  readonly answerMs: number;
  readonly loopHeldAtMostMs: number | null;
  readonly rssMb: number | null;
  readonly peakRssMb: number | null;
  readonly logs: readonly string[];
}

/** Lays out the attack's repo at size `n` in a fresh folder under `tmp`. */
export function placeAttack(a: Attack, n: number, tmp: string): AttackPlace {
  const root = join(tmp, `${a.id}-${n}`);
  const outside = join(tmp, `${a.id}-${n}-outside`);
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
  cpSync(BOOK, root, { recursive: true });
  mkdirSync(outside, { recursive: true });
  const at: AttackPlace = { root, outside, book: (p) => readFileSync(join(BOOK, p), 'utf8') };
  const w = a.workspace?.(n, at) ?? {};
  for (const [path, text] of Object.entries(w.files ?? {})) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  for (const [path, target] of Object.entries(w.links ?? {})) {
    rmSync(join(root, path), { force: true });
    symlinkSync(target, join(root, path));
  }
  return at;
}

/**
 * Runs one attack at size `n` through the built server (or CLI), each answer awaited at most `deadlineMs` (a
 * liveness bound), then checks that the rest of the repo is still served.
 */
export async function runAttack(a: Attack, n: number, tmp: string, deadlineMs: number): Promise<AttackRun> {
  const at = placeAttack(a, n, tmp);
  try {
    if (a.via === 'cli') {
      const t0 = performance.now();
      const outcome = a.run(at, n, deadlineMs);
      return {
        outcome,
        alive: true,
        answerMs: performance.now() - t0,
        loopHeldAtMostMs: null,
        rssMb: null,
        peakRssMb: null,
        logs: [],
      };
    }
    const settings = a.settings?.(n, at);
    const s = await startSession({
      root: at.root,
      ...(settings ? { settings } : {}),
      ...(a.trusted !== undefined ? { trusted: a.trusted } : {}),
    });
    try {
      await s.stats();
      const t0 = performance.now();
      const outcome = await answeredWithin(a.ask(s, at, n, deadlineMs), deadlineMs, a.id);
      const answerMs = performance.now() - t0;
      const st = await answeredWithin(s.stats(), deadlineMs, 'stats');
      const alive = await stillServed(s, at, deadlineMs);
      const mem = s.memory();
      return {
        outcome,
        alive,
        answerMs,
        loopHeldAtMostMs: st.loopDelayMaxMs,
        rssMb: Math.round(mem.rssKb / 1024),
        peakRssMb: Math.round(mem.peakKb / 1024),
        logs: [...s.logs],
      };
    } finally {
      await answeredWithin(s.shutdown(), 30_000, 'shutdown').catch(() => s.process.kill());
    }
  } finally {
    rmSync(at.root, { recursive: true, force: true });
    rmSync(at.outside, { recursive: true, force: true });
  }
}

/** The rest of the repo is still served: a completion of the book's keys in a fresh data file. */
async function stillServed(s: Session, at: AttackPlace, deadlineMs: number): Promise<boolean> {
  const uri = s.open(join(at.root, 'data/alive.yaml'), 'mesos::\n');
  const list = (await answeredWithin(s.completion(uri, 7), deadlineMs, 'liveness completion')) as {
    items?: Array<{ label: string }>;
  } | null;
  return list?.items?.some((i) => i.label === 'mesos::zookeeper') ?? false;
}

/** The expectations a run did not meet (empty when it met them all): the outcome, liveness, memory, no crash. */
export function unmet(a: Attack, n: number, r: AttackRun): string[] {
  const out: string[] = [];
  const told = a.told(n);
  if (!told.test(r.outcome.told)) out.push(`the user was not told ${String(told)}:\n${r.outcome.told.slice(0, 2000)}`);
  if (a.notTold?.test(r.outcome.told))
    out.push(`the user was told ${String(a.notTold)}:\n${r.outcome.told.slice(0, 2000)}`);
  if (!r.alive) out.push('the rest of the repo was not served afterwards');
  if (r.peakRssMb !== null && r.peakRssMb > a.memoryMb) out.push(`peak RSS ${r.peakRssMb} MB > ${a.memoryMb} MB`);
  const internal = r.logs.filter((l) => /internal error/.test(l));
  if (internal.length) out.push(`internal errors logged:\n${internal.join('\n')}`);
  return out;
}
