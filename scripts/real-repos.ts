// Measures `mesos-puppet check` on real public repositories, against verdicts we wrote by hand.
//   npm run real-repos -- MIRROR_DIR [--only OWNER/NAME,...] [--module-path DIRS] [--write-unjudged FILE] [--json FILE] [--show-stale]
//
// MIRROR_DIR holds the repositories as `fetch` lays them out: one folder per repository named OWNER+NAME,
// with the git directory at OWNER+NAME/repo/.git, OWNER+NAME/repo or OWNER+NAME itself. Each repository of
// test/real-repos/repos.json is extracted at its pinned commit (git archive) into a temporary folder, the
// BUILT CLI (dist/cli/main.js, run `node scripts/build.mjs` first) checks it, and every finding is matched
// with test/real-repos/expectations.json by repository, file, code and a stable key (line + message head).
//
// Prints per-repo counts, precision = true / (true + false), recall of the known real problems, every false
// finding and every unjudged one. Exit 1 when a false error appears or precision < 0.98; 2 on usage or when
// a repository cannot be extracted. Not part of `npm test`: CI has no mirrors. The repositories' files are
// never committed (their code is not ours); only the list and our verdicts are.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RepoEntry {
  repo: string;
  commit: string;
  kind: string;
  paths: string[];
  notes?: string;
}

export type Verdict = 'true' | 'false' | 'unsure';

export interface Expectation {
  repo: string;
  file: string;
  code: string;
  line: number;
  head: string;
  verdict: Verdict;
  reason: string;
  /** the class of false alarm (corpus-findings.md) this one belongs to, when false */
  class?: string;
}

export interface KnownProblem {
  id: string;
  repo: string;
  file: string;
  line?: number;
  problem: string;
  /** codes a checker could report it with; caught when a finding with one of them is on that file (and line) */
  codes: string[];
}

interface Diagnostic {
  file: string;
  range: { start: { line: number; character: number } };
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

export interface Finding {
  repo: string;
  file: string;
  code: string;
  line: number; // 1-based, as editors show it
  head: string;
  severity: Diagnostic['severity'];
  message: string;
}

const HEAD_LENGTH = 60;

/** The first words of a message, without the parts that change from run to run. */
export function messageHead(message: string): string {
  return message.replace(/\s+/g, ' ').trim().slice(0, HEAD_LENGTH).trimEnd();
}

export function findingKey(f: { repo: string; file: string; code: string; line: number; head: string }): string {
  return [f.repo, f.file, f.code, f.line, f.head].join('|');
}

function gitDir(mirror: string, repo: string): string | undefined {
  const base = join(mirror, repo.replace('/', '+'));
  for (const candidate of [join(base, 'repo', '.git'), join(base, 'repo'), base]) {
    if (existsSync(join(candidate, 'HEAD')) && existsSync(join(candidate, 'objects'))) return candidate;
  }
  return undefined;
}

function extract(git: string, commit: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'real-repo-'));
  const tar = execFileSync('git', ['-C', git, 'archive', '--format=tar', commit], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar, maxBuffer: 1 << 30 });
  return dir;
}

function check(cli: string, dir: string, modulePath: string | undefined): Diagnostic[] {
  let out: string;
  try {
    const extra = modulePath ? ['--module-path', modulePath] : [];
    out = execFileSync('node', [cli, 'check', '--format', 'json', ...extra, '.'], {
      cwd: dir,
      maxBuffer: 1 << 30,
      timeout: 300_000,
      encoding: 'utf8',
    });
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    if (err.status === 1 && err.stdout)
      out = err.stdout; // errors found: still a result
    else throw new Error(`check failed (exit ${err.status}): ${err.stderr ?? ''}`.trim(), { cause: e });
  }
  return (JSON.parse(out) as { diagnostics: Diagnostic[] }).diagnostics;
}

function main(): number {
  const args = process.argv.slice(2);
  const mirror = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--')));
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  if (!mirror || !existsSync(mirror) || !statSync(mirror).isDirectory()) {
    console.error(
      'usage: npm run real-repos -- MIRROR_DIR [--only OWNER/NAME,...] [--module-path DIRS] [--write-unjudged FILE] [--json FILE]',
    );
    return 2;
  }
  const root = resolve(__dirname, '..');
  const cli = join(root, 'dist/cli/main.js');
  if (!existsSync(cli)) {
    console.error('real-repos: dist/cli/main.js is missing: run `node scripts/build.mjs` first');
    return 2;
  }
  const repos = JSON.parse(readFileSync(join(root, 'test/real-repos/repos.json'), 'utf8')) as RepoEntry[];
  const expectationsFile = JSON.parse(readFileSync(join(root, 'test/real-repos/expectations.json'), 'utf8')) as {
    findings: Expectation[];
    measured?: string;
    known: KnownProblem[];
  };
  const only = option('--only')?.split(',');
  const judged = new Map(expectationsFile.findings.map((e) => [findingKey(e), e]));

  const findings: Finding[] = [];
  const missing: string[] = [];
  const measured = new Set<string>();
  for (const entry of repos) {
    if (only && !only.includes(entry.repo)) continue;
    const git = gitDir(mirror, entry.repo);
    if (!git) {
      missing.push(entry.repo);
      continue;
    }
    const dir = extract(git, entry.commit);
    try {
      for (const d of check(cli, dir, option('--module-path'))) {
        findings.push({
          repo: entry.repo,
          file: d.file.replace(/^\.\//, ''),
          code: d.code,
          line: d.range.start.line + 1,
          head: messageHead(d.message),
          severity: d.severity,
          message: d.message,
        });
      }
      measured.add(entry.repo);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const rows: string[] = [];
  let tTrue = 0;
  let tFalse = 0;
  let tUnsure = 0;
  const falses: Array<Finding & { reason: string }> = [];
  const unjudged: Finding[] = [];
  const perRepo = new Map<string, { n: number; t: number; f: number; u: number; x: number }>();
  for (const f of findings) {
    const c = perRepo.get(f.repo) ?? { n: 0, t: 0, f: 0, u: 0, x: 0 };
    perRepo.set(f.repo, c);
    c.n++;
    const e = judged.get(findingKey(f));
    if (!e) {
      c.x++;
      unjudged.push(f);
    } else if (e.verdict === 'true') {
      c.t++;
      tTrue++;
    } else if (e.verdict === 'false') {
      c.f++;
      tFalse++;
      falses.push({ ...f, reason: e.reason });
    } else {
      c.u++;
      tUnsure++;
    }
  }
  for (const repo of measured) {
    const c = perRepo.get(repo) ?? { n: 0, t: 0, f: 0, u: 0, x: 0 };
    rows.push(
      `${repo.padEnd(48)} ${String(c.n).padStart(4)} ${String(c.t).padStart(4)} ${String(c.f).padStart(4)} ${String(c.u).padStart(4)} ${String(c.x).padStart(4)}`,
    );
  }
  console.log(
    `${'repository'.padEnd(48)} ${'all'.padStart(4)} ${'true'.padStart(4)} ${'fals'.padStart(4)} ${'unsu'.padStart(4)} ${'unj.'.padStart(4)}`,
  );
  for (const r of rows) console.log(r);

  const stale = expectationsFile.findings.filter(
    (e) => measured.has(e.repo) && !findings.some((f) => findingKey(f) === findingKey(e)),
  );
  const known = expectationsFile.known.filter((k) => measured.has(k.repo));
  const caught = known.filter((k) =>
    findings.some(
      (f) =>
        f.repo === k.repo &&
        f.file === k.file &&
        k.codes.includes(f.code) &&
        (k.line === undefined || f.line === k.line),
    ),
  );
  const precision = tTrue + tFalse === 0 ? 1 : tTrue / (tTrue + tFalse);
  console.log('');
  console.log(
    `findings ${findings.length}: true ${tTrue}, false ${tFalse}, unsure ${tUnsure}, unjudged ${unjudged.length}`,
  );
  console.log(`precision ${precision.toFixed(3)} (true / (true + false))`);
  console.log(`recall ${caught.length}/${known.length} known real problems caught`);
  for (const k of known)
    console.log(
      `  ${caught.includes(k) ? 'caught' : 'missed'} ${k.id}: ${k.repo} ${k.file}${k.line ? `:${k.line}` : ''} ${k.problem}`,
    );
  if (falses.length) {
    console.log('\nfalse findings:');
    for (const f of falses)
      console.log(`  [${f.severity}] ${f.repo} ${f.file}:${f.line} ${f.code} ${f.head}\n      ${f.reason}`);
  }
  if (unjudged.length) {
    console.log('\nunjudged findings:');
    for (const f of unjudged) console.log(`  [${f.severity}] ${f.repo} ${f.file}:${f.line} ${f.code} ${f.message}`);
  }
  if (stale.length) {
    // Verdicts of the other mode (with or without --module-path) land here too: listed on request only.
    console.log(
      `\n${stale.length} verdicts match no finding of this run (fixed, moved, reworded or from the other mode)`,
    );
    if (args.includes('--show-stale'))
      for (const e of stale) console.log(`  [${e.verdict}] ${e.repo} ${e.file}:${e.line} ${e.code} ${e.head}`);
  }
  if (missing.length) console.log(`\nnot in ${mirror}: ${missing.join(', ')}`);

  const unjudgedOut = option('--write-unjudged');
  if (unjudgedOut) {
    const skeleton = unjudged.map((f) => ({
      repo: f.repo,
      file: f.file,
      code: f.code,
      line: f.line,
      head: f.head,
      verdict: 'unsure',
      reason: '',
      severity: f.severity,
      message: f.message,
    }));
    writeFileSync(unjudgedOut, `${JSON.stringify(skeleton, null, 1)}\n`);
  }
  const jsonOut = option('--json');
  if (jsonOut)
    writeFileSync(jsonOut, `${JSON.stringify({ findings, precision, caught: caught.map((k) => k.id) }, null, 1)}\n`);

  const falseErrors = falses.filter((f) => f.severity === 'error');
  if (falseErrors.length) console.log(`\nFAIL: ${falseErrors.length} false error(s)`);
  if (precision < 0.98) console.log(`\nFAIL: precision ${precision.toFixed(3)} < 0.98`);
  return falseErrors.length || precision < 0.98 ? 1 : missing.length ? 2 : 0;
}

// Run only as a script: the unit tests import the matching helpers.
if (require.main === module) process.exitCode = main();
