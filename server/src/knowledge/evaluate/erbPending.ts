// Stand-in for `erb.ts` (the ERB renderer another change adds) with the agreed signature: every template is
// reported as not rendered, so the evaluator says so instead of guessing. Replaced by the real renderer.

export type ErbValue = string | number | boolean | null | undefined | ErbValue[] | { [k: string]: ErbValue };
export interface ErbScope {
  vars: Record<string, ErbValue>;
}
export type ErbResult = { ok: true; text: string } | { ok: false; message: string; line: number };

export function renderErb(_source: string, _scope: ErbScope): ErbResult {
  return { ok: false, message: 'ERB templates are not rendered yet', line: 1 };
}
