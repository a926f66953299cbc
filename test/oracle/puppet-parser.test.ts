// The Puppet parser against the real Puppet toolchain on the Debian corpus (/usr/share/puppet/modules):
// (a) every corpus manifest: Puppet is asked about each (one Ruby process per core validates them all), and we
//     report an error where it does, on its line, and none where it accepts (the parse speed is logged);
// (b) seeded mutations of corpus files: where `puppet parser validate` rejects a mutant we must report an error
//     (≥ 98%, on the same line ≥ 90%), where it accepts one we must report none (≥ 99%);
// (d) mutants of the constructs Puppet refuses (definition names, reserved parameters, definitions inside
//     definitions, '+>', \\u escapes), drawn from both sides of each rule: we agree with Puppet on every one;
// (c) the summary of every class and defined type agrees with `puppet strings generate --format json`.
// Needs puppet, puppet-strings and the puppet-module-* packages; `.ci/run` installs them. Runs in about a minute.

import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import {
  isNode,
  parsePuppet,
  summarizeManifest,
  trimmedRange,
  walkNodes,
  type SyntaxNode,
} from '../../server/src/syntax/puppet/index.js';
import { lex } from '../../server/src/syntax/puppet/lexer.js';
import {
  CORPUS_ROOT,
  MISSING_PUPPET,
  corpusFiles,
  lineOf,
  mutate,
  puppetAvailable,
  puppetValidateAll,
  puppetValidateEach,
  rubyInvalidRegexes,
  seededRandom,
  type PuppetVerdict,
} from './puppet-oracle-support.js';

const SEED = 20261129;
const MUTANTS = 600;

function requirePuppet(): void {
  assert.ok(puppetAvailable(), MISSING_PUPPET);
  assert.ok(existsSync(CORPUS_ROOT), `no corpus at ${CORPUS_ROOT}: ${MISSING_PUPPET}`);
}

test('(a) every corpus manifest: we report an error exactly where Puppet does (the parse speed is logged)', async () => {
  requirePuppet();
  const files = corpusFiles();
  assert.ok(files.length > 1500, `expected the Debian corpus (~1,900 files), found ${files.length}: ${MISSING_PUPPET}`);
  // Ask Puppet about every file rather than assume the corpus is valid: a file it rejects must get an error
  // from us (on its line, where it names one), a file it accepts must get none.
  const t0 = Date.now();
  const asked = await puppetValidateEach(files.map((f) => f.path));
  const puppetSeconds = (Date.now() - t0) / 1000;
  assert.equal(asked.answered, files.length, 'Puppet must answer for every corpus file');
  const disagreements: string[] = [];
  let bytes = 0;
  let rejected = 0;
  for (const f of files) {
    bytes += f.text.length;
    const ours = parsePuppet(f.text).errors[0];
    const verdict = asked.verdicts.get(f.path);
    if (verdict) rejected++;
    if (verdict && !ours) disagreements.push(`missed: ${f.path}:${verdict.line ?? '?'}: puppet: ${verdict.message}`);
    else if (!verdict && ours)
      disagreements.push(`false alarm: ${f.path}:${lineOf(f.text, ours.range.start)}: ${ours.message}`);
    else if (verdict && ours && verdict.line !== undefined && verdict.line !== lineOf(f.text, ours.range.start)) {
      disagreements.push(
        `line: ${f.path}: puppet ${verdict.line} ${verdict.message} | ours ${lineOf(f.text, ours.range.start)} ${ours.message}`,
      );
    }
  }
  // Time a second pass, once the code is warm.
  const t1 = performance.now();
  for (const f of files) parsePuppet(f.text);
  const ms = performance.now() - t1;
  const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
  console.log(
    `corpus: ${files.length} files, ${lines} lines, ${(bytes / 1e6).toFixed(2)} MB parsed in ${ms.toFixed(0)} ms = ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s; ` +
      `puppet (one process per core, ${puppetSeconds.toFixed(1)} s) rejects ${rejected}; disagreements: ${disagreements.length}`,
  );
  assert.deepEqual(disagreements, []);
});

test('(b) seeded mutations agree with puppet parser validate', async () => {
  requirePuppet();
  // One mutant per source file, so no two mutants in a run define the same class, define or type alias;
  // the spec/fixtures copies are left out for the same reason.
  const files = corpusFiles().filter((f) => !f.path.includes('/spec/fixtures/'));
  const random = seededRandom(SEED);
  const order = files
    .map((f) => ({ f, key: random() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.f);
  const dir = mkdtempSync(join(tmpdir(), 'puppet-mutants-'));
  try {
    const empty = join(dir, 'empty-modulepath');
    mkdirSync(empty);
    const mutants: { path: string; text: string; description: string; source: string }[] = [];
    for (const f of order) {
      if (mutants.length >= MUTANTS) break;
      let m: ReturnType<typeof mutate>;
      for (let attempt = 0; attempt < 5 && !m; attempt++) m = mutate(f.text, random);
      if (!m) continue;
      const path = join(dir, `mutant${String(mutants.length).padStart(4, '0')}_${basename(f.path)}`);
      writeFileSync(path, m.text);
      mutants.push({ path, text: m.text, description: m.description, source: f.path });
    }
    // A regex Ruby cannot compile aborts a whole validate run without naming the file: screen those with one
    // Ruby process (the engine Puppet uses) and count them as rejected at the regex's line.
    const literals: string[] = [];
    const owners: { mutant: number; line: number }[] = [];
    mutants.forEach((m, i) => {
      for (const t of lex(m.text).tokens) {
        if (t.kind !== 'REGEX') continue;
        literals.push(m.text.slice(t.start, t.end));
        owners.push({ mutant: i, line: lineOf(m.text, t.start) });
      }
    });
    const verdicts = new Map<string, PuppetVerdict>();
    for (const k of rubyInvalidRegexes(literals)) {
      const o = owners[k];
      if (!verdicts.has(mutants[o.mutant].path))
        verdicts.set(mutants[o.mutant].path, { message: 'invalid regex (Ruby)', line: o.line });
    }
    const t0 = Date.now();
    const run = await puppetValidateAll(
      mutants.filter((m) => !verdicts.has(m.path)).map((m) => m.path),
      empty,
    );
    for (const [k, v] of run.verdicts) verdicts.set(k, v);

    let rejected = 0;
    let weReport = 0;
    let sameLine = 0;
    let accepted = 0;
    let weAccept = 0;
    const disagreements: string[] = [];
    for (const m of mutants) {
      const verdict = verdicts.get(m.path);
      const ours = parsePuppet(m.text).errors[0];
      // Puppet reports "end of input" without a line; compare that with the last non-blank line.
      const endOfInput = m.text.trimEnd().length;
      const ourLine = ours ? lineOf(m.text, Math.min(ours.range.start, endOfInput)) : undefined;
      if (verdict) {
        rejected++;
        if (!ours) {
          disagreements.push(`missed: ${m.path} (${m.description} in ${m.source}): puppet: ${verdict.message}`);
          continue;
        }
        weReport++;
        const puppetLine = verdict.line ?? lineOf(m.text, endOfInput);
        if (puppetLine === ourLine) sameLine++;
        else
          disagreements.push(
            `line: ${m.path} (${m.description}): puppet ${puppetLine} ${verdict.message} | ours ${ourLine} ${ours.message}`,
          );
      } else {
        accepted++;
        if (!ours) weAccept++;
        else
          disagreements.push(
            `false alarm: ${m.path} (${m.description} in ${m.source}): line ${ourLine} ${ours.message}`,
          );
      }
    }
    const pct = (a: number, b: number): number => (b === 0 ? 100 : (100 * a) / b);
    console.log(disagreements.join('\n'));
    console.log(
      `mutants: ${mutants.length} (seed ${SEED}), puppet runs: ${run.runs} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n` +
        `puppet rejects ${rejected}: we report an error for ${weReport} (${pct(weReport, rejected).toFixed(1)}%), on the same line for ${sameLine} (${pct(sameLine, rejected).toFixed(1)}%)\n` +
        `puppet accepts ${accepted}: we report no error for ${weAccept} (${pct(weAccept, accepted).toFixed(1)}%)`,
    );
    assert.ok(mutants.length >= 500, `expected at least 500 mutants, made ${mutants.length}`);
    assert.ok(pct(weReport, rejected) >= 98, 'we must report an error where puppet does in at least 98% of mutants');
    assert.ok(
      pct(sameLine, rejected) >= 90,
      "our first error must be on puppet's line in at least 90% of rejected mutants",
    );
    assert.ok(pct(weAccept, accepted) >= 99, 'we must accept at least 99% of the mutants puppet accepts');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// --- (d) mutants of the constructs Puppet refuses, on both sides of each rule ---

type ConstructKind = 'name' | 'reserved parameter' | 'nested definition' | 'append operator' | 'unicode escape';
const CONSTRUCTS: readonly ConstructKind[] = [
  'name',
  'reserved parameter',
  'nested definition',
  'append operator',
  'unicode escape',
];
const PER_CONSTRUCT = 50;

function pick<T>(xs: readonly T[], random: () => number): T | undefined {
  return xs.length === 0 ? undefined : xs[Math.floor(random() * xs.length)];
}

/** The nodes of a kind (or kinds) in a tree, in document order. */
function nodesOf(tree: SyntaxNode, kinds: readonly string[]): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  walkNodes(tree, (n) => {
    if (kinds.includes(n.kind)) out.push(n);
  });
  return out;
}

/**
 * One mutant of a corpus file that touches the construct, or undefined when the file has no place for it. The
 * replacements are drawn from both sides of Puppet's rule (a capitalised name and a valid one, `$title` and
 * `$titles`, a define in a class body and in a define body, ...): real Puppet says which side each one is on.
 */
function constructMutant(
  kind: ConstructKind,
  text: string,
  random: () => number,
): { text: string; description: string } | undefined {
  const tree = parsePuppet(text).tree;
  const splice = (
    at: number,
    end: number,
    insert: string,
    description: string,
  ): { text: string; description: string } => ({
    text: text.slice(0, at) + insert + text.slice(end),
    description: `${description} at ${at}`,
  });
  switch (kind) {
    case 'name': {
      const def = pick(nodesOf(tree, ['ClassDef', 'DefineDef']), random);
      const name = def?.children.find((c) => isNode(c) && c.kind === 'DefName');
      if (!def || !name) return undefined;
      const written = text.slice(trimmedRange(name).start, trimmedRange(name).end);
      const segments = written.split('::');
      const last = segments[segments.length - 1];
      const variants = [
        last[0].toUpperCase() + last.slice(1),
        `_${last}`,
        `9${last}`,
        `${last}-x`,
        `${last}_2`,
        `${last}X`,
        `x${last}`,
        `::${last}`,
      ];
      const v = pick(variants, random)!;
      segments[segments.length - 1] = v;
      return splice(
        trimmedRange(name).start,
        trimmedRange(name).end,
        segments.join('::').replace(/^(.*)::::/, '$1::'),
        `name ${JSON.stringify(written)} -> ${JSON.stringify(segments.join('::'))}`,
      );
    }
    case 'reserved parameter': {
      const def = pick(nodesOf(tree, ['ClassDef', 'DefineDef']), random);
      if (!def) return undefined;
      const param = pick(['$title', '$name', 'String $name = "x"', '$titles', '$name_', '$hostname'], random)!;
      const list = def.children.find((c) => isNode(c) && c.kind === 'ParamList');
      if (list && isNode(list)) {
        const open = list.children.find((c) => !isNode(c) && (c.kind === 'L_PAREN' || c.kind === 'WS_L_PAREN'));
        if (!open) return undefined;
        const empty = !list.children.some((c) => isNode(c) && c.kind === 'Param');
        return splice(open.end, open.end, empty ? param : `${param}, `, `parameter ${param}`);
      }
      const name = def.children.find((c) => isNode(c) && c.kind === 'DefName');
      if (!name) return undefined;
      return splice(name.end, name.end, `(${param})`, `parameter list (${param})`);
    }
    case 'nested definition': {
      const block = pick(nodesOf(tree, ['Block']), random);
      const open = block?.children.find((c) => !isNode(c) && c.kind === 'L_BRACE');
      if (!block || !open) return undefined;
      const def = pick(
        [
          'class mutant_inner { }',
          'define mutant_inner { }',
          "node 'mutant.example' { }",
          'function mutant_inner() { 1 }',
        ],
        random,
      )!;
      return splice(open.end, open.end, ` ${def} `, `${def.split(' ')[0]} inside a block`);
    }
    case 'append operator': {
      if (random() < 0.5) {
        // A statement of each resource form with '+>', at the start of a block or of the file.
        const block = pick(nodesOf(tree, ['Block']), random);
        const open = block?.children.find((c) => !isNode(c) && c.kind === 'L_BRACE');
        const at = open ? open.end : 0;
        const statement = pick(
          [
            "File['/m'] { mode +> '0644' }",
            "File <| tag == 'm' |> { require +> Package['p'] }",
            "Exec <<| |>> { tag +> 'x' }",
            "file { '/m': mode +> '0644' }",
            "File { mode +> '0644' }",
            "@file { '/m': tag +> 'x' }",
          ],
          random,
        )!;
        return splice(at, at, ` ${statement}\n`, `statement ${JSON.stringify(statement)}`);
      }
      const ops = nodesOf(tree, ['AttributeOp']).filter(
        (op) =>
          op.children.some((c) => !isNode(c) && c.kind === 'FAT_ARROW') &&
          !op.children.some(
            (c) => isNode(c) && c.kind === 'AttributeName' && text.slice(c.start, c.end).trim() === '*',
          ),
      );
      const op = pick(ops, random);
      const arrow = op?.children.find((c) => !isNode(c) && c.kind === 'FAT_ARROW');
      if (!op || !arrow) return undefined;
      return splice(arrow.start, arrow.end, '+>', '=> -> +>');
    }
    case 'unicode escape': {
      const texts = nodesOf(tree, ['StringExpr']).flatMap((n) =>
        n.children.filter((c) => !isNode(c) && c.kind === 'STRING_TEXT'),
      );
      const t = pick(texts, random);
      if (!t) return undefined;
      const code = pick(
        [
          0x41, 0xe9, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xffff, 0x1f600, 0x10ffff, 0x110000, 0xfffff0,
          0xffffff,
        ],
        random,
      )!;
      const hex = code.toString(16).toUpperCase();
      const escape = code <= 0xffff && random() < 0.5 ? `\\u${hex.padStart(4, '0')}` : `\\u{${hex}}`;
      return splice(t.start, t.start, escape, `escape ${escape}`);
    }
  }
}

test('(d) mutants of the constructs Puppet refuses (names, definitions in definitions, operators, escapes) agree with Puppet', async () => {
  requirePuppet();
  const files = corpusFiles().filter((f) => !f.path.includes('/spec/fixtures/'));
  const random = seededRandom(SEED + 4);
  const dir = mkdtempSync(join(tmpdir(), 'puppet-construct-mutants-'));
  try {
    const mutants: { path: string; text: string; kind: ConstructKind; description: string; source: string }[] = [];
    for (const kind of CONSTRUCTS) {
      let made = 0;
      for (let tries = 0; made < PER_CONSTRUCT && tries < PER_CONSTRUCT * 20; tries++) {
        const f = files[Math.floor(random() * files.length)];
        const m = constructMutant(kind, f.text, random);
        if (!m) continue;
        const path = join(dir, `${kind.replace(/ /g, '-')}${String(made).padStart(3, '0')}_${basename(f.path)}`);
        writeFileSync(path, m.text);
        mutants.push({ path, text: m.text, kind, description: m.description, source: f.path });
        made++;
      }
    }
    const t0 = Date.now();
    const asked = await puppetValidateEach(mutants.map((m) => m.path));
    assert.equal(asked.answered, mutants.length, 'Puppet must answer for every mutant');
    const counts = new Map<ConstructKind, { rejected: number; accepted: number }>(
      CONSTRUCTS.map((k) => [k, { rejected: 0, accepted: 0 }]),
    );
    const disagreements: string[] = [];
    for (const m of mutants) {
      const verdict = asked.verdicts.get(m.path);
      const ours = parsePuppet(m.text).errors[0];
      const c = counts.get(m.kind)!;
      if (verdict) c.rejected++;
      else c.accepted++;
      const where = `${basename(m.path)} (${m.description} in ${m.source})`;
      if (verdict && !ours) disagreements.push(`missed: ${where}: puppet: ${verdict.message}`);
      else if (!verdict && ours)
        disagreements.push(`false alarm: ${where}: line ${lineOf(m.text, ours.range.start)} ${ours.message}`);
      else if (verdict && ours && verdict.line !== undefined && verdict.line !== lineOf(m.text, ours.range.start)) {
        disagreements.push(
          `line: ${where}: puppet ${verdict.line} ${verdict.message} | ours ${lineOf(m.text, ours.range.start)} ${ours.message}`,
        );
      }
    }
    console.log(disagreements.join('\n'));
    console.log(
      `construct mutants: ${mutants.length} (seed ${SEED + 4}), puppet ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
        [...counts].map(([k, c]) => `${k}: puppet rejects ${c.rejected}, accepts ${c.accepted}`).join('; ') +
        `; disagreements: ${disagreements.length}`,
    );
    for (const [k, c] of counts) {
      assert.ok(
        c.rejected >= 5 && c.accepted >= 5,
        `the ${k} mutants must fall on both sides of Puppet's rule (rejected ${c.rejected}, accepted ${c.accepted})`,
      );
    }
    assert.deepEqual(disagreements, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

interface StringsEntry {
  readonly name: string;
  readonly file: string;
  readonly docstring: { readonly tags?: readonly { tag_name: string; name?: string; types?: string[] }[] };
  readonly defaults?: Record<string, string>;
}

/** Finds the default-value node of a parameter, to recognise the forms puppet strings truncates. */
function defaultNode(tree: SyntaxNode, paramName: string, text: string): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  const visit = (n: SyntaxNode): void => {
    if (found) return;
    if (n.kind === 'Param') {
      const v = n.children.find((c) => !('children' in c) && c.kind === 'VARIABLE');
      const d = n.children.find((c) => 'children' in c && c.kind === 'ParamDefault') as SyntaxNode | undefined;
      if (v && text.slice(v.start + 1, v.end) === paramName && d)
        found = d.children.find((c) => 'children' in c) as SyntaxNode | undefined;
    }
    for (const c of n.children) if ('children' in c) visit(c);
  };
  visit(tree);
  return found;
}

/** The text Puppet's locator gives for an operator expression or selector (see test (c)), else undefined. */
function locatorText(node: SyntaxNode, text: string): string | undefined {
  const tokens = node.children.filter((c) => !('children' in c) && c.kind !== 'WHITESPACE' && c.kind !== 'COMMENT');
  if (node.kind === 'BinaryExpr' || node.kind === 'UnaryExpr')
    return tokens[0] ? text.slice(tokens[0].start, tokens[0].end) : undefined;
  if (node.kind === 'Selector') {
    const left = node.children.find((c) => 'children' in c) as SyntaxNode | undefined;
    return left ? text.slice(left.start, left.end).trim() : undefined;
  }
  return undefined;
}

test('(c) class and defined type summaries agree with puppet strings', () => {
  requirePuppet();
  const dir = mkdtempSync(join(tmpdir(), 'puppet-strings-'));
  try {
    // One copy of every module's manifests, one puppet strings process (it writes .yardoc/ into the cwd).
    const modules = readdirSync(CORPUS_ROOT).filter((m) => existsSync(join(CORPUS_ROOT, m, 'manifests')));
    for (const m of modules)
      cpSync(join(CORPUS_ROOT, m, 'manifests'), join(dir, m, 'manifests'), { recursive: true, dereference: true });
    const out = join(dir, 'strings.json');
    const t0 = Date.now();
    const r = spawnSync(
      'puppet',
      ['strings', 'generate', '--format', 'json', '--out', out, ...modules.map((m) => `${m}/manifests/**/*.pp`)],
      {
        cwd: dir,
        encoding: 'utf8',
        // Its warnings fill megabytes of output; keep only the end of stderr for the failure message.
        stdio: ['ignore', 'ignore', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    assert.ok(existsSync(out), `puppet strings failed (${r.status}): ${r.stderr.slice(-500)}`);
    const json = JSON.parse(readFileSync(out, 'utf8')) as Record<string, StringsEntry[]>;
    const summaries = new Map<
      string,
      { summary: ReturnType<typeof summarizeManifest>; tree: SyntaxNode; text: string }
    >();
    let total = 0;
    let agree = 0;
    let quirks = 0;
    const problems: string[] = [];
    for (const kind of ['puppet_classes', 'defined_types']) {
      for (const e of json[kind] ?? []) {
        total++;
        const path = join(dir, e.file);
        let s = summaries.get(path);
        if (!s) {
          const text = readFileSync(path, 'utf8');
          const parse = parsePuppet(text);
          s = { summary: summarizeManifest(parse, text), tree: parse.tree, text };
          summaries.set(path, s);
        }
        const def = s.summary.definitions.find((d) => d.name === e.name);
        if (!def) {
          problems.push(`${e.file}: ${e.name} not found`);
          continue;
        }
        const mismatches: string[] = [];
        const tags = (e.docstring.tags ?? []).filter((t) => t.tag_name === 'param');
        const defaults = e.defaults ?? {};
        const withDefaults = def.parameters.filter((p) => p.defaultText !== undefined).map((p) => p.name);
        if (JSON.stringify(Object.keys(defaults)) !== JSON.stringify(withDefaults))
          mismatches.push(`parameter order ${Object.keys(defaults).join(',')} vs ${withDefaults.join(',')}`);
        let quirk = false;
        for (const p of def.parameters) {
          const tag = tags.find((t) => t.name === p.name);
          if (!tag) {
            mismatches.push(`no @param for ${p.name}`);
            continue;
          }
          const docTypes = def.doc?.params.find((d) => d.name === p.name)?.types ?? [];
          const ourType = p.typeText ?? (docTypes.length > 0 ? docTypes.join(', ') : 'Any');
          const theirType = (tag.types ?? []).join(', ');
          if (ourType !== theirType)
            mismatches.push(`type of ${p.name}: ${JSON.stringify(ourType)} vs ${JSON.stringify(theirType)}`);
          const theirDefault = defaults[p.name];
          if (theirDefault !== p.defaultText) {
            // puppet strings takes a default's text from Puppet's source locator, which for an operator
            // expression covers only the operator (`3 * $x` gives '*', `-1` gives '-') and for a selector only
            // its left side. Accept exactly that text, derived from our tree.
            const node = defaultNode(s.tree, p.name, s.text);
            const expected = node ? locatorText(node, s.text) : undefined;
            if (expected !== undefined && expected === theirDefault) quirk = true;
            else
              mismatches.push(
                `default of ${p.name}: ${JSON.stringify(p.defaultText)} vs ${JSON.stringify(theirDefault)}`,
              );
          }
        }
        if (mismatches.length > 0) problems.push(`${e.file}: ${e.name}: ${mismatches.join('; ')}`);
        else {
          agree++;
          if (quirk) quirks++;
        }
      }
    }
    console.log(problems.join('\n'));
    console.log(
      `puppet strings (${((Date.now() - t0) / 1000).toFixed(1)} s): ${total} classes and defined types in ${modules.length} modules; ` +
        `agreement ${agree}/${total} (${((100 * agree) / Math.max(1, total)).toFixed(2)}%), of which ${quirks} with a default puppet strings truncates to the operator or the selector's left side`,
    );
    assert.ok(total > 900, `expected ~977 classes and defined types, puppet strings reported ${total}`);
    assert.deepEqual(problems, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(d) class and defined type names: we refuse exactly the names puppet parser validate refuses', async () => {
  requirePuppet();
  // Each case gets its own names (one validate run sees every file; a name defined twice is another error).
  const cases: Array<{ text: string; refused: boolean }> = [];
  const names = (i: number) =>
    [
      [`class git${i}::git-daemon {}`, true],
      [`class Git${i} {}`, true],
      [`class _git${i} {}`, true],
      [`class git${i}::_daemon {}`, true],
      [`class ::git${i} {}`, true],
      [`class git${i}::daemon-x::y {}`, true],
      [`define git${i}::git-daemon() {}`, true],
      [`define Git${i}::daemon() {}`, true],
      [`class git${i}::d9 {}`, false],
      [`class git${i}::git_daemon {}`, false],
      [`class a${i}::b::c {}`, false],
      [`define git${i}::ok_name() {}`, false],
      [`class git${i}::class {}`, false],
    ] as const;
  names(1).forEach(([text, refused]) => cases.push({ text, refused }));
  const dir = mkdtempSync(join(tmpdir(), 'puppet-names-'));
  try {
    const empty = join(dir, 'empty-modulepath');
    mkdirSync(empty);
    const paths = cases.map((c, i) => {
      const path = join(dir, `name${i}.pp`);
      writeFileSync(path, `${c.text}\n`);
      return path;
    });
    const { verdicts } = await puppetValidateAll(paths, empty);
    const disagreements: string[] = [];
    cases.forEach((c, i) => {
      const puppetRefuses = verdicts.has(paths[i]);
      const weRefuse = parsePuppet(`${c.text}\n`).errors.length > 0;
      assert.equal(puppetRefuses, c.refused, `puppet on ${c.text}: the expectation beside it is wrong`);
      if (weRefuse !== puppetRefuses)
        disagreements.push(
          `${c.text}: puppet ${puppetRefuses ? 'refuses' : 'accepts'}, we ${weRefuse ? 'refuse' : 'accept'}`,
        );
    });
    assert.deepEqual(disagreements, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
