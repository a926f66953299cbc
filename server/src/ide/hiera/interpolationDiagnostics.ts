// The rules about interpolation and key spelling in a Hiera data file: malformed `%{...}` (an unclosed `%{`,
// a call Puppet cannot read, an invalid variable name, `alias()` inside a longer string), unknown interpolation
// functions, lookup cycles (a key that reaches itself through lookup/alias/hiera references in the repo's data
// files), keys written with a leading `::` (never found by Hiera 5; with a fix), and interpolation inside
// `lookup_options`.

import type { Project } from '../../workspace/project.js';
import { CODES, type Code } from '../../base/diagnosticCodes.js';
import type { Diagnostic } from '../types.js';
import { dataStrings, scanDataString } from '../../syntax/hiera/dataStrings.js';
import { referenceCycle, referencesIn, repoData } from '../shared/repoData.js';
import { defineChunkMemo, entryGroups, memoByChunk } from '../../syntax/hiera/chunkMemo.js';
import { moveDiagnostic } from './moveDiagnostic.js';
import type { HieraEntry } from '../../syntax/hiera/dataFile.js';

function diag(code: Code, d: Omit<Diagnostic, 'code' | 'severity'>): Diagnostic {
  return { code, severity: CODES[code].severity, ...d };
}

export function interpolationDiagnostics(project: Project, path: string): Diagnostic[] {
  const file = project.hieraData(path);
  if (!file) return [];
  const text = project.readText(path) ?? '';
  const out: Diagnostic[] = [];
  for (const group of entryGroups(file)) {
    out.push(
      ...memoByChunk(
        project.queries,
        chunkMemo,
        group,
        [path],
        () => group.entries.flatMap((e) => entryDiagnostics(e, path, text)),
        (d, delta) => moveDiagnostic(d, path, delta),
      ),
    );
  }
  out.push(...cycleDiagnostics(project, path));
  return out;
}

const chunkMemo = defineChunkMemo<Diagnostic>('interpolationDiagnostics');

/** The problems of one entry: a leading `::` in its key, interpolation inside its value. */
function entryDiagnostics(entry: HieraEntry, path: string, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (entry.key.startsWith('::') && entry.key.length > 2) {
    const fixed = entry.key.replace(/^::/, '');
    const raw = text.slice(entry.keyRange.start, entry.keyRange.end);
    const newText = raw.startsWith('::') ? fixed : raw.replace('::', '');
    out.push(
      diag('hiera/leading-colons', {
        range: entry.keyRange,
        message: `'${entry.key}' is never found: Hiera 5 looks up '${fixed}', without the leading '::'. Remove it.`,
        fixes: [{ title: `Change to '${fixed}'`, edits: [{ path, range: entry.keyRange, newText }], preferred: true }],
      }),
    );
  }
  const inOptions = entry.key === 'lookup_options';
  for (const s of dataStrings(entry.valueNode, text)) {
    if (!s.value.includes('%{')) continue;
    const scan = scanDataString(s);
    if (inOptions) {
      out.push(
        diag('hiera/lookup-options-interpolation', {
          range: s.range,
          message:
            'Interpolation in lookup_options: they are looked up for every key, so a value that depends on the node or looks a key up makes every merge depend on it. Write the options literally.',
        }),
      );
      continue;
    }
    for (const p of scan.problems) {
      if (p.kind === 'empty') continue;
      const code: Code =
        p.kind === 'unclosed'
          ? 'hiera/interpolation-unclosed'
          : p.kind === 'unknown-function'
            ? 'hiera/unknown-interpolation-function'
            : 'hiera/interpolation-syntax';
      out.push(diag(code, { range: p.range, message: p.message }));
    }
    const calls = scan.parts.filter((x) => x.kind !== 'text');
    const alias = scan.parts.find((x) => x.kind === 'function' && x.name === 'alias');
    if (alias && (scan.parts.length > 1 || calls.length > 1 || s.value.trim() !== s.value)) {
      out.push(
        diag('hiera/interpolation-syntax', {
          range: alias.range,
          message:
            "alias() must be the whole value (`'%{alias('key')}'`), as it keeps the other key's type; Puppet fails the lookup otherwise. Use lookup() to insert text.",
          ...aliasToLookup(text, path, alias.range),
        }),
      );
    }
  }
  return out;
}

/** The fix for an alias() inside text: the same call as lookup(), which inserts the other key's value as text. */
function aliasToLookup(text: string, path: string, range: { start: number; end: number }): Pick<Diagnostic, 'fixes'> {
  const at = text.slice(range.start, range.end).search(/\balias\s*\(/);
  if (at < 0) return {};
  const start = range.start + at;
  return {
    fixes: [
      {
        title: 'Change alias() to lookup()',
        edits: [{ path, range: { start, end: start + 5 }, newText: 'lookup' }],
        preferred: true,
      },
    ],
  };
}

function cycleDiagnostics(project: Project, path: string): Diagnostic[] {
  const own = referencesIn(project, path);
  if (own.length === 0) return [];
  const root = project.repoRoot(path);
  const data = root ? repoData(project, root, path) : { files: [path], keys: new Map(), references: own };
  const out: Diagnostic[] = [];
  for (const ref of own) {
    const chain = ref.to === ref.from ? [ref.from, ref.from] : referenceCycle(data, ref.from);
    if (!chain || chain[1] !== ref.to) continue;
    out.push(
      diag('hiera/lookup-cycle', {
        range: ref.range,
        message: `Lookup cycle: ${chain.map((k) => `'${k}'`).join(' → ')}. Puppet stops with "Recursive lookup detected"; give one of these keys a plain value.`,
      }),
    );
  }
  return out;
}
