// Helpers for the Puppet parser oracle tests: the Debian corpus, seeded mutations of it, and running the real
// `puppet parser validate` / `puppet strings` on many files with few processes. Nothing is cached in the repo;
// mutants and module copies live in a temporary directory that the caller removes.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const CORPUS_ROOT = '/usr/share/puppet/modules';

export function puppetAvailable(): boolean {
  const r = spawnSync('puppet', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

export const MISSING_PUPPET =
  "the real 'puppet' is not installed: run .ci/run (it installs puppet, puppet-strings and the Debian puppet-module-* corpus)";

/** All corpus manifests, sorted, with their text. */
export function corpusFiles(): { path: string; text: string }[] {
  const out = execFileSync('find', ['-L', CORPUS_ROOT, '-name', '*.pp', '-type', 'f'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((p) => p.length > 0)
    .sort()
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/** A small deterministic pseudo-random generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Mutant {
  readonly source: string;
  readonly description: string;
  readonly text: string;
}

const PIECES = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ',',
  '=>',
  "'",
  '"',
  'if',
  'else',
  'class',
  'case',
  'unless',
  'define',
  '$',
  ':',
  ';',
];

/**
 * Mutates a text once: deletes one occurrence of a piece of syntax, or inserts one at a token boundary.
 * Returns undefined when the chosen piece does not occur.
 */
export function mutate(text: string, random: () => number): { text: string; description: string } | undefined {
  const piece = PIECES[Math.floor(random() * PIECES.length)];
  if (random() < 0.5) {
    const positions: number[] = [];
    const word = /^[a-z]+$/.test(piece);
    for (let i = text.indexOf(piece); i >= 0; i = text.indexOf(piece, i + 1)) {
      if (word && (/\w/.test(text[i - 1] ?? '') || /\w/.test(text[i + piece.length] ?? ''))) continue;
      positions.push(i);
    }
    if (positions.length === 0) return undefined;
    const at = positions[Math.floor(random() * positions.length)];
    return {
      text: text.slice(0, at) + text.slice(at + piece.length),
      description: `delete ${JSON.stringify(piece)} at ${at}`,
    };
  }
  const boundaries: number[] = [];
  for (let i = 1; i < text.length; i++) if (/\s/.test(text[i]) && !/\s/.test(text[i - 1])) boundaries.push(i);
  if (boundaries.length === 0) return undefined;
  const at = boundaries[Math.floor(random() * boundaries.length)];
  return {
    text: text.slice(0, at) + ' ' + piece + text.slice(at),
    description: `insert ${JSON.stringify(piece)} at ${at}`,
  };
}

/** The first error `puppet parser validate` reports for each file (1-based line, or undefined at end of input). */
export interface PuppetVerdict {
  readonly message: string;
  readonly line: number | undefined;
}

// The regex from docs/puppet-oracle.md, extended to messages that quote several lines of source.
const ERROR_LINE =
  /^Error: (?:Could not parse for environment \S+: )?([\s\S]*) \(file: (.*?)(?:, line: (\d+), column: (\d+))?\)$/;

/**
 * Validates files with a few `puppet parser validate` processes. Most errors are collected and printed at the
 * end of a run, but some (a quoted string as a name, a duplicate definition, a regex Ruby cannot compile) abort
 * the run and lose the others: the aborting file gets its verdict and the run is repeated without it.
 * Files are split into chunks run by `workers` processes at a time, so an abort repeats one chunk only.
 */
export async function puppetValidateAll(
  files: readonly string[],
  emptyModulePath: string,
  options: { chunk: number; workers: number } = { chunk: 150, workers: 2 },
): Promise<{ verdicts: Map<string, PuppetVerdict>; runs: number }> {
  const verdicts = new Map<string, PuppetVerdict>();
  let runs = 0;
  const chunks: string[][] = [];
  for (let i = 0; i < files.length; i += options.chunk) chunks.push(files.slice(i, i + options.chunk));
  const worker = async (): Promise<void> => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      let rest = chunk;
      while (rest.length > 0) {
        runs++;
        const run = await puppetValidate(rest, emptyModulePath);
        if (!run.aborted) {
          for (const [k, v] of run.verdicts) verdicts.set(k, v);
          break;
        }
        const culprit = run.lastFile === undefined ? -1 : rest.indexOf(run.lastFile);
        if (culprit < 0) {
          // The aborting error names no file: halve the chunk until it does.
          if (rest.length === 1) {
            verdicts.set(rest[0], { message: run.lastMessage ?? 'aborted', line: undefined });
            break;
          }
          const half = Math.ceil(rest.length / 2);
          chunks.push(rest.slice(half));
          rest = rest.slice(0, half);
          continue;
        }
        verdicts.set(rest[culprit], run.verdicts.get(rest[culprit])!);
        rest = rest.filter((_, i) => i !== culprit);
      }
    }
  };
  await Promise.all(Array.from({ length: options.workers }, () => worker()));
  return { verdicts, runs };
}

interface ValidateRun {
  readonly verdicts: Map<string, PuppetVerdict>;
  readonly aborted: boolean;
  readonly lastFile: string | undefined;
  readonly lastMessage: string | undefined;
}

/** Runs one `puppet parser validate` over the files; resolves to the first error per file. */
export function puppetValidate(files: readonly string[], emptyModulePath: string): Promise<ValidateRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('puppet', ['parser', 'validate', '--color=false', '--modulepath', emptyModulePath, ...files], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const verdicts = new Map<string, PuppetVerdict>();
      let aborted = false;
      let lastFile: string | undefined;
      let lastMessage: string | undefined;
      // An error message may span lines (it quotes the source); each error starts a line with 'Error: '.
      for (const raw of err.split(/\n(?=(?:Error|Warning|Notice|Info|Debug): )/)) {
        const line = raw.trim();
        if (line.startsWith("Error: Try 'puppet help")) {
          aborted = true;
          continue;
        }
        if (!line.startsWith('Error: ')) continue;
        const m = ERROR_LINE.exec(line);
        if (!m) {
          lastFile = undefined;
          lastMessage = line;
          continue;
        }
        lastFile = m[2];
        lastMessage = m[1];
        if (verdicts.has(m[2])) continue;
        verdicts.set(m[2], { message: m[1], line: m[3] ? Number(m[3]) : undefined });
      }
      resolve({ verdicts, aborted, lastFile, lastMessage });
    });
  });
}

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Which of the given regex literals (with their slashes) Ruby cannot compile. Puppet compiles every regex while
 * lexing and aborts the whole `parser validate` run (not just the file) when one is invalid, so mutants with
 * such a regex are screened out with one Ruby process and counted as rejected at the regex's line.
 */
export function rubyInvalidRegexes(literals: readonly string[]): Set<number> {
  const script = [
    'require "json"',
    'JSON.parse(STDIN.read).each_with_index do |s, i|',
    '  body = s.sub(/\\A\\//, "").sub(/\\/\\z/, "").gsub("\\\\/", "/")',
    '  begin; Regexp.new(body); rescue StandardError, SyntaxError; puts i; end',
    'end',
  ].join('\n');
  const r = spawnSync('ruby', ['-e', script], { input: JSON.stringify(literals), encoding: 'utf8' });
  return new Set(
    r.stdout
      .split('\n')
      .filter((l) => l.length > 0)
      .map(Number),
  );
}

// One Ruby process parses and validates many files the way `puppet parser validate` does (Puppet's own
// evaluating parser and validator), each file on its own: a file that makes `parser validate` abort, or two
// files defining the same class, cannot spoil the verdicts of the others. Prints one JSON line per file: its
// path and its errors (message and line; no line for an encoding error).
const VALIDATE_EACH_RUBY = String.raw`
require 'puppet'
require 'json'
Puppet.initialize_settings(['--color=false'])
ep = Puppet::Pops::Parser::EvaluatingParser.new
fmt = Puppet::Pops::Validation::DiagnosticFormatterPuppetStyle.new
STDOUT.sync = true
STDIN.read.split("\n").each do |f|
  begin
    acceptor = ep.validate(ep.parser.parse_file(f).model)
    puts JSON.generate([f, acceptor.errors.map { |d| [fmt.format_message(d), d.source_pos ? d.source_pos.line : nil] }])
  rescue Puppet::ParseErrorWithIssue => e
    puts JSON.generate([f, [[e.basic_message, e.line]]])
  rescue StandardError, SyntaxError => e
    puts JSON.generate([f, [[e.message.lines.first.to_s.strip, nil]]])
  end
end
`;

/**
 * Asks Puppet about each file (valid or not): a verdict (the first error) for each file Puppet rejects, none for
 * those it accepts. `workers` Ruby processes share the files; each loads Puppet once.
 */
export async function puppetValidateEach(
  files: readonly string[],
  workers = 2,
): Promise<{ verdicts: Map<string, PuppetVerdict>; answered: number }> {
  const verdicts = new Map<string, PuppetVerdict>();
  let answered = 0;
  const per = Math.ceil(files.length / workers);
  const runs = Array.from({ length: workers }, (_, i) => files.slice(i * per, (i + 1) * per)).filter(
    (c) => c.length > 0,
  );
  await Promise.all(
    runs.map(
      (chunk) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn('ruby', ['-e', VALIDATE_EACH_RUBY], { stdio: ['pipe', 'pipe', 'pipe'] });
          let out = '';
          let err = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.stderr.on('data', (d: Buffer) => (err += d.toString()));
          child.on('error', reject);
          child.on('close', (code) => {
            for (const line of out.split('\n')) {
              if (!line.startsWith('[')) continue;
              const [file, errors] = JSON.parse(line) as [string, [string, number | null][]];
              answered++;
              if (errors.length > 0) verdicts.set(file, { message: errors[0][0], line: errors[0][1] ?? undefined });
            }
            if (code !== 0) reject(new Error(`the Puppet validation process failed (${code}): ${err.slice(-500)}`));
            else resolve();
          });
          child.stdin.end(chunk.join('\n'));
        }),
    ),
  );
  return { verdicts, answered };
}
