// Diagnostics of a Hiera data file: YAML problems, duplicate keys, and keys in a module's namespace that the
// module (at the version the repo uses) does not have, with did-you-mean fixes. Keys outside every known
// module are the site's own and are never reported.

import type { Project } from '../../workspace/project.js';
import { CODES, type Code } from '../../base/diagnosticCodes.js';
import { keySpaceFor } from '../context.js';
import { resolveKey, type KeyMeaning } from '../../knowledge/keySpace.js';
import type { Diagnostic, Fix } from '../types.js';

function diag(code: Code, d: Omit<Diagnostic, 'code' | 'severity'>): Diagnostic {
  return { code, severity: CODES[code].severity, ...d };
}

export function unknownKeyMessage(key: string, m: Extract<KeyMeaning, { kind: 'unknown-param' | 'unknown-class' }>): string {
  const mod = `${m.module.module.name} ${m.module.module.tag}`;
  const parts: string[] = [];
  if (m.kind === 'unknown-param') parts.push(`Class '${m.className}' (${mod}) has no parameter '${m.param}'.`);
  else parts.push(`Module ${mod} has no class '${m.className}', so '${key}' sets nothing.`);
  if (m.optionsKey) {
    const typo = m.optionsKey.flag !== m.param;
    parts.push(
      `${typo ? `Did you mean the Mesos flag '${m.optionsKey.flag}'? It` : `'${m.param}' is a Mesos flag: it`} belongs inside '${m.optionsKey.key}', e.g. ${m.optionsKey.key}: {${m.optionsKey.flag}: ...}.`,
    );
  } else if (m.suggestions.length > 0) {
    parts.push(`Did you mean ${m.suggestions.map((s) => `'${s}'`).join(' or ')}?`);
  }
  if (m.inOtherVersions.length > 0) {
    const where = m.module.reason === 'pinned' ? 'the Puppetfile pins' : m.module.reason === 'installed' ? 'the installed module is' : 'the repo uses';
    parts.push(`It exists in ${m.inOtherVersions.map((v) => `${v.name} ${v.tag}`).join(', ')}; ${where} ${m.module.requested ? `v${m.module.requested}` : m.module.module.tag}.`);
  }
  return parts.join(' ');
}

export function hieraDataDiagnostics(project: Project, path: string): Diagnostic[] {
  const file = project.hieraData(path);
  if (!file) return [];
  const out: Diagnostic[] = [];
  for (const p of file.problems) {
    const code: Code = p.kind === 'yaml-syntax' ? 'hiera/yaml-syntax' : p.kind === 'duplicate-key' ? 'hiera/duplicate-key' : 'hiera/not-a-hash';
    out.push(diag(code, { range: p.range, message: p.message, ...(p.related ? { related: [{ path, range: p.related, message: 'first set here' }] } : {}) }));
  }
  const space = keySpaceFor(project, path);
  for (const entry of file.entries) {
    const m = resolveKey(space, entry.key);
    if (m.kind !== 'unknown-param' && m.kind !== 'unknown-class') continue;
    const fixes: Fix[] = m.optionsKey
      ? []
      : m.suggestions.map((s, i) => ({ title: `Change to '${s}'`, edits: [{ path, range: entry.keyRange, newText: s }], preferred: i === 0 && m.suggestions.length === 1 }));
    out.push(diag('hiera/unknown-key', { range: entry.keyRange, message: unknownKeyMessage(entry.key, m), fixes }));
  }
  return out;
}
