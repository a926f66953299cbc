// Oracle test: our Puppetfile parser and problem rules against the real `r10k puppetfile check` (r10k 3.15.4).
// The corpus is the hand-written files in test/fixtures/puppetfile/oracle/ (`valid-*` and `broken-*`), the error
// table the unit tests use (test/fixtures/puppetfile/syntaxErrors.ts), and mutations of the valid files,
// generated with a fixed seed. For each file, r10k says "Syntax OK" or fails; we say
// the file fails when the parser reports a syntax error or a problem whose catalogue severity is `error` (those
// are exactly the rules that make r10k refuse a Puppetfile). The two must agree on every file. When r10k names
// a line (a Ruby syntax error, or the Puppetfile frame of an evaluation error, shown with --trace) and we report a
// syntax error, our first error must be on that line. A file whose only errors sit in code that runs under a
// condition (an `if` block, a modifier) is not compared, since whether r10k meets them depends on the run; the
// count of such files is printed. r10k needs Ruby; `.ci/run` installs it.
// A second test proves that we evaluate the Ruby forms r10k runs (loops over %w[], Arrays and Hashes, variables,
// interpolation, conditions) as r10k does: `r10k puppetfile install` installs, from git repositories the test
// makes on file:// URLs, exactly the modules our model lists, at the refs it reads.

import { strict as assert } from 'node:assert';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CODES } from '../../server/src/base/diagnosticCodes.js';
import {
  findPuppetfileProblems,
  firstReportedError,
  parsePuppetfile,
} from '../../server/src/syntax/puppetfile/index.js';
import { SYNTAX_ERRORS } from '../fixtures/puppetfile/syntaxErrors.js';

const CORPUS_DIR = join(__dirname, '../fixtures/puppetfile/oracle');
// The corpus is fixed; to explore further, set PUPPETFILE_ORACLE_SEED and PUPPETFILE_ORACLE_MUTANTS.
const MUTATIONS = Number(process.env.PUPPETFILE_ORACLE_MUTANTS ?? 70);
const SEED = Number(process.env.PUPPETFILE_ORACLE_SEED ?? 424242);
const PARALLEL = 2;

interface Case {
  readonly name: string;
  readonly text: string;
}

interface R10kVerdict {
  readonly ok: boolean;
  readonly line: number | undefined;
  readonly output: string;
}

// --- the corpus ---

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mutations a person makes when editing a Puppetfile by hand. Each returns undefined when it does not apply. */
const MUTATORS: ReadonlyArray<{
  readonly name: string;
  readonly apply: (text: string, pick: (n: number) => number) => string | undefined;
}> = [
  { name: 'drop-comma', apply: (t, pick) => removeNth(t, ',', pick) },
  { name: 'drop-quote', apply: (t, pick) => removeNth(t, "'", pick) },
  { name: 'drop-colon', apply: (t, pick) => removeNth(t, ':', pick) },
  { name: 'drop-gt', apply: (t, pick) => removeNth(t, '=>', pick, 1) },
  { name: 'rocket-to-equals', apply: (t, pick) => replaceNth(t, '=>', '=', pick) },
  { name: 'rocket-to-gt', apply: (t, pick) => replaceNth(t, '=>', '>', pick) },
  { name: 'comma-at-line-end', apply: (t, pick) => editLine(t, pick, (l) => (l.trim() === '' ? undefined : `${l},`)) },
  {
    name: 'duplicate-line',
    apply: (t, pick) => editLine(t, pick, (l) => (l.trim() === '' ? undefined : `${l}\n${l}`)),
  },
  { name: 'delete-line', apply: (t, pick) => editLine(t, pick, (l) => (l.trim() === '' ? undefined : '')) },
  { name: 'join-lines', apply: (t, pick) => replaceNth(t, '\n', ' ', pick) },
  { name: 'truncate', apply: (t, pick) => (t.length < 2 ? undefined : t.slice(0, 1 + pick(t.length - 1))) },
  { name: 'insert-paren', apply: (t, pick) => insertAt(t, pick, pick(2) === 0 ? '(' : ')') },
  {
    name: 'insert-char',
    apply: (t, pick) => insertAt(t, pick, [',', "'", '"', ':', '#', '}', '\\', '=', ' '][pick(9)]),
  },
  { name: 'range-version', apply: (t, pick) => replaceNth(t, "', '", "', '>=", pick) },
  { name: 'symbol-to-label', apply: (t, pick) => replaceMatch(t, /:(\w+) =>/g, '$1:', pick) },
];

function positionsOf(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

function removeNth(text: string, needle: string, pick: (n: number) => number, offset = 0): string | undefined {
  const at = positionsOf(text, needle);
  if (at.length === 0) return undefined;
  const i = at[pick(at.length)] + offset;
  return text.slice(0, i) + text.slice(i + (offset > 0 ? 1 : needle.length));
}

function replaceNth(text: string, needle: string, by: string, pick: (n: number) => number): string | undefined {
  const at = positionsOf(text, needle);
  if (at.length === 0) return undefined;
  const i = at[pick(at.length)];
  return text.slice(0, i) + by + text.slice(i + needle.length);
}

function replaceMatch(text: string, re: RegExp, by: string, pick: (n: number) => number): string | undefined {
  const matches = [...text.matchAll(re)];
  if (matches.length === 0) return undefined;
  const m = matches[pick(matches.length)];
  const i = m.index ?? 0;
  return text.slice(0, i) + m[0].replace(new RegExp(re.source), by) + text.slice(i + m[0].length);
}

function editLine(
  text: string,
  pick: (n: number) => number,
  edit: (line: string) => string | undefined,
): string | undefined {
  const lines = text.split('\n');
  const i = pick(lines.length);
  const replaced = edit(lines[i]);
  if (replaced === undefined) return undefined;
  lines[i] = replaced;
  return lines.join('\n');
}

function insertAt(text: string, pick: (n: number) => number, what: string): string {
  const i = pick(text.length + 1);
  return text.slice(0, i) + what + text.slice(i);
}

function loadCorpus(): Case[] {
  const files = readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.Puppetfile'))
    .sort();
  const handWritten = files.map((f) => ({ name: f, text: readFileSync(join(CORPUS_DIR, f), 'utf8') }));
  const valid = handWritten.filter((c) => c.name.startsWith('valid-') && c.text.length > 0);
  const next = random(SEED);
  const pick = (n: number): number => Math.floor(next() * n);
  const seen = new Set(handWritten.map((c) => c.text));
  const mutants: Case[] = [];
  for (let attempts = 0; mutants.length < MUTATIONS && attempts < MUTATIONS * 20; attempts++) {
    const base = valid[pick(valid.length)];
    const mutator = MUTATORS[pick(MUTATORS.length)];
    const text = mutator.apply(base.text, pick);
    if (text === undefined || seen.has(text)) continue;
    seen.add(text);
    mutants.push({
      name: `mutant-${String(mutants.length + 1).padStart(2, '0')}-${mutator.name}-of-${base.name}`,
      text,
    });
  }
  const table = SYNTAX_ERRORS.map((c, i) => ({ name: `broken-table-${String(i + 1).padStart(2, '0')}`, text: c.text }));
  return [...handWritten, ...table, ...mutants];
}

// --- r10k ---

function r10kAvailable(): boolean {
  const r = spawnSync('r10k', ['version'], { encoding: 'utf8' });
  return r.status === 0 && /r10k 3\./.test(r.stdout + r.stderr);
}

function runR10k(dir: string): Promise<R10kVerdict> {
  return new Promise((resolve) => {
    execFile(
      'r10k',
      ['puppetfile', 'check', '--trace', '--puppetfile', join(dir, 'Puppetfile')],
      { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, HOME: dir } },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        const ok = error === null && /Syntax OK/.test(output);
        // A Ruby syntax error reads "<path>/Puppetfile:3: syntax error"; an evaluation error has a
        // "<path>/Puppetfile:3:in `load!'" frame in its backtrace. Either names the line.
        // Ruby's warnings ("Puppetfile:1: warning: ...") come first and name no error.
        const m = /\/Puppetfile:(\d+):(?! warning:)/.exec(output);
        resolve({ ok, line: m ? Number(m[1]) : undefined, output });
      },
    );
  });
}

async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < items.length) {
      const i = nextIndex++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// --- ours ---

interface OurVerdict {
  readonly ok: boolean;
  /** False when we find no error in code that always runs but some in code that runs under a condition. */
  readonly decided: boolean;
  readonly syntaxLine: number | undefined;
  readonly reason: string;
}

function ourVerdict(text: string): OurVerdict {
  const model = parsePuppetfile(text);
  const fatalAnywhere = findPuppetfileProblems(model).filter((p) => CODES[p.code].severity === 'error');
  const fatal = fatalAnywhere.filter((p) => !p.conditional);
  const first = firstReportedError(model);
  const syntaxLine = first === undefined ? undefined : rubyLine(text, first.range.start);
  const reason =
    first !== undefined
      ? `${first.stage} error (line ${syntaxLine}): ${first.message}`
      : fatal.length > 0
        ? `${fatal[0].code}: ${fatal[0].message}`
        : 'ok';
  const ok = first === undefined && fatal.length === 0;
  const decided = !ok || (model.errors.length === 0 && fatalAnywhere.length === 0);
  return { ok, decided, syntaxLine, reason };
}

/**
 * The 1-based line of an offset as Ruby counts lines: only \n ends a line. (The editor, like LSP, also ends a line
 * at a lone \r; Ruby reads a lone \r in the middle of a line as a space.)
 */
function rubyLine(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

// --- the test ---

describe('Puppetfile parser against r10k puppetfile check', () => {
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'puppetfile-oracle-'));
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installs exactly the modules we evaluate from Ruby loops, variables and conditions (r10k puppetfile install)', () => {
    assert.ok(r10kAvailable(), 'r10k 3.x is not installed: `.ci/run` installs it (apt-get install r10k).');
    const dir = join(work, 'install');
    const repos = join(dir, 'repos');
    mkdirSync(repos, { recursive: true });
    const git = (cwd: string, ...args: string[]): string =>
      execFileSync(
        'git',
        ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args],
        { cwd, encoding: 'utf8' },
      );
    // One repository per module, with a branch 'main' and a tag 'v1' whose metadata.json names the module.
    const names = ['mesos', 'zookeeper', 'marathon', 'chronos', 'java', 'ntp', 'apt', 'stdlib', 'concat', 'extra'];
    for (const n of names) {
      const r = join(repos, n);
      mkdirSync(join(r, 'manifests'), { recursive: true });
      writeFileSync(join(r, 'metadata.json'), JSON.stringify({ name: `example-${n}`, version: '1.0.0' }));
      writeFileSync(join(r, 'manifests/init.pp'), `class ${n} {}\n`);
      git(r, 'init', '-q');
      git(r, 'add', '.');
      git(r, 'commit', '-q', '-m', 'v1');
      git(r, 'tag', 'v1');
    }
    const url = `file://${repos}`;
    const text = [
      `base = '${url}'`,
      '%w[mesos zookeeper].each do |m|',
      '  mod "example/#{m}", :git => "#{base}/#{m}", :ref => \'v1\'',
      'end',
      `frameworks = { 'marathon' => 'main', 'chronos' => 'v1' }`,
      'frameworks.each_pair { |name, ref| mod "example/#{name}", :git => "#{base}/#{name}", :ref => ref }',
      "['java', 'ntp'].each { |x|",
      '  mod "example-#{x}", :git => "#{base}/#{x}", :branch => \'main\'',
      '}',
      `%i[apt stdlib].each do |s| mod "example/#{s}", :git => "#{base}/#{s}", :tag => 'v1' end`,
      "if ENV['NO_SUCH_VARIABLE_SET']",
      '  mod "example/extra", :git => "#{base}/extra"',
      'end',
      "mod 'example/concat', :git => \"#{base}/concat\", :commit => 'v1' unless ENV['NO_SUCH_VARIABLE_SET']",
      '',
    ].join('\n');
    writeFileSync(join(dir, 'Puppetfile'), text);
    const model = parsePuppetfile(text);
    assert.deepEqual(model.errors, []);
    assert.deepEqual(
      findPuppetfileProblems(model).filter((p) => CODES[p.code].severity === 'error'),
      [],
    );
    // What we read: every entry that runs (conditional ones only when their condition holds, and here it does
    // not: the variable is unset), with its evaluated git URL and ref.
    const option = (e: (typeof model.modules)[number], key: string): string | undefined => {
      const v = e.options.find((o) => o.key.name === key)?.value;
      return v && v.kind === 'string' && !v.interpolated ? v.value : undefined;
    };
    const ours = model.modules
      .filter((e) => !e.conditional || e.fullName === 'example/concat')
      .map(
        (e) =>
          `${e.shortName} ${option(e, 'git')} ${option(e, 'ref') ?? option(e, 'branch') ?? option(e, 'tag') ?? option(e, 'commit')}`,
      )
      .sort();
    assert.deepEqual(ours, [
      `apt ${url}/apt v1`,
      `chronos ${url}/chronos v1`,
      `concat ${url}/concat v1`,
      `java ${url}/java main`,
      `marathon ${url}/marathon main`,
      `mesos ${url}/mesos v1`,
      `ntp ${url}/ntp main`,
      `stdlib ${url}/stdlib v1`,
      `zookeeper ${url}/zookeeper v1`,
    ]);
    const r = spawnSync(
      'r10k',
      ['puppetfile', 'install', '--puppetfile', join(dir, 'Puppetfile'), '--moduledir', join(dir, 'modules')],
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: 300_000,
        env: Object.fromEntries(
          Object.entries({ ...process.env, HOME: dir }).filter(([k]) => k !== 'NO_SUCH_VARIABLE_SET'),
        ),
      },
    );
    assert.equal(r.status, 0, `r10k puppetfile install failed: ${r.stdout}${r.stderr}`);
    const installed = readdirSync(join(dir, 'modules'))
      .filter((n) => !n.startsWith('.'))
      .sort();
    assert.deepEqual(
      installed,
      ours.map((o) => o.split(' ')[0]),
    );
    console.log(
      `r10k puppetfile install: ${installed.length} modules from loops over %w[], %i[], an Array and a Hash, a variable, interpolation and conditions: ${installed.join(', ')}`,
    );
  });

  it('agrees with r10k on every file of the corpus', async () => {
    assert.ok(
      r10kAvailable(),
      'r10k 3.x is not installed (`r10k version` failed). This oracle test needs it: `.ci/run` installs it (apt-get install r10k).',
    );
    const corpus = loadCorpus();
    assert.ok(corpus.length >= 30, `corpus has ${corpus.length} files`);
    const verdicts = await inParallel(corpus, PARALLEL, async (c, i) => {
      const dir = join(work, String(i));
      mkdirSync(dir);
      writeFileSync(join(dir, 'Puppetfile'), c.text);
      return runR10k(dir);
    });

    const splitDisagreements: string[] = [];
    const lineDisagreements: string[] = [];
    const prefixDisagreements: string[] = [];
    let lineCompared = 0;
    let r10kOk = 0;
    let undecided = 0;
    for (let i = 0; i < corpus.length; i++) {
      const c = corpus[i];
      const theirs = verdicts[i];
      const ours = ourVerdict(c.text);
      if (theirs.ok) r10kOk++;
      const r10kSays = theirs.ok
        ? 'OK'
        : theirs.output
            .trim()
            .split('\n')
            .filter((l) => !l.startsWith('/usr'))
            .join(' / ');
      const show = (): string =>
        `${c.name}\n  text: ${JSON.stringify(c.text)}\n  r10k: ${r10kSays}\n  ours: ${ours.reason}`;
      if (c.name.startsWith('valid-') && !theirs.ok) prefixDisagreements.push(show());
      if (c.name.startsWith('broken-') && theirs.ok) prefixDisagreements.push(show());
      if (!ours.decided) undecided++;
      else if (theirs.ok !== ours.ok) splitDisagreements.push(show());
      else if (!theirs.ok && theirs.line !== undefined && ours.syntaxLine !== undefined) {
        lineCompared++;
        if (theirs.line !== ours.syntaxLine)
          lineDisagreements.push(`${show()}\n  r10k line ${theirs.line}, ours ${ours.syntaxLine}`);
      }
    }
    const total = corpus.length;
    const compared = total - undecided;
    const splitAgree = compared - splitDisagreements.length;
    const lineAgree = lineCompared - lineDisagreements.length;
    console.log(
      `puppetfile oracle: ${total} files (${total - MUTATIONS - SYNTAX_ERRORS.length} hand-written files, ` +
        `${SYNTAX_ERRORS.length} from the unit tests' error table, ${MUTATIONS} mutants with seed ${SEED}); ` +
        `r10k OK on ${r10kOk}, refused ${total - r10kOk}\n` +
        `  OK/error split: ${splitAgree}/${compared} agree (${((100 * splitAgree) / compared).toFixed(1)}%)` +
        `; ${undecided} not compared (errors only in code under a run-time condition)\n` +
        `  error line:     ${lineAgree}/${lineCompared} agree (${lineCompared ? ((100 * lineAgree) / lineCompared).toFixed(1) : '100.0'}%)`,
    );
    // One assertion, so that a failure shows every kind of disagreement at once.
    assert.deepEqual(
      { misnamed: prefixDisagreements, validity: splitDisagreements, line: lineDisagreements },
      { misnamed: [], validity: [], line: [] },
      'misnamed: a hand-written file is named valid-/broken- against what r10k says; validity: r10k and we ' +
        'disagree on whether the file is valid; line: we report the first error on another line than r10k',
    );
  });
});
