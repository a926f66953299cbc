// Which quick fixes `mesos-puppet check --fix` may apply without a person looking: those that change how a
// value is written, never what it means or which value is chosen (as `eslint --fix` applies only fixes that keep
// the behaviour). A did-you-mean is a guess and changing a value is a decision, so those stay quick fixes in the
// editor. Kept here, by code, so the rules that make fixes need not know about batch fixing.

import type { Code } from '../base/diagnosticCodes.js';
import type { TextEdit } from '../base/edits.js';
import type { Diagnostic, Fix } from './types.js';

/** Per code: which of its fixes is safe (most codes: none). */
const SAFE: Partial<Record<Code, (fix: Fix) => boolean>> = {
  // '::key' is never found; without the colons it is the key that was meant.
  'hiera/leading-colons': () => true,
  // Quoting a number where the type wants a String keeps the text of the value.
  'hiera/type-mismatch': (f) => f.title.startsWith('Quote the value'),
  'mesos/option-unquoted': (f) => f.title.startsWith('Quote the value'),
  // The same repository over https (git:// no longer answers at GitHub); the forge's current address.
  'puppetfile/git-protocol': () => true,
  'puppetfile/http-forge': () => true,
  // r10k reads only Symbol keys: 'ref' => becomes :ref =>, the option it was meant to be.
  'puppetfile/unknown-option': (f) => f.title.startsWith('Write :'),
  // The lookup that hiera_include stands for, with the same merge.
  'puppet/hiera-include': () => true,
};

/** The fix `check --fix` applies for a diagnostic, if one is safe. */
export function safeFix(d: Diagnostic): Fix | undefined {
  const ok = SAFE[d.code];
  return ok && d.fixes ? d.fixes.find(ok) : undefined;
}

/** Whether a code has fixes `check --fix` may apply (for --list-rules and SARIF). */
export function hasSafeFix(code: Code): boolean {
  return SAFE[code] !== undefined;
}

/**
 * The text after applying edits to one file's text. Edits that overlap an earlier-applied one are left out
 * (they are applied on the next pass, against the new text); returns the edits applied.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: TextEdit[] } {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  const applied: TextEdit[] = [];
  let end = -1;
  for (const e of sorted) {
    if (e.range.start < end) continue;
    applied.push(e);
    end = e.range.end;
  }
  let out = text;
  for (let i = applied.length - 1; i >= 0; i--)
    out = out.slice(0, applied[i].range.start) + applied[i].newText + out.slice(applied[i].range.end);
  return { text: out, applied };
}
