// The pin of each module entry of a Puppetfile: the module's short name, the version or tag it asks for and
// where that is written, and whether it comes from git or the Forge. `:branch`, `:latest` and ranges pin no
// version. Read with the tolerant Puppetfile parser, so a half-written Puppetfile still gives its pins.

import type { ModuleEntry, PuppetfileValue } from '../syntax/puppetfile/model.js';
import type { TextRange } from '../base/textRange.js';

export interface Pin {
  readonly entry: ModuleEntry;
  readonly shortName: string;
  /** The version or tag asked for (`v0.5.2`, `1.7.0`), when it is exact. */
  readonly version?: string;
  /** The string that holds it (the :ref/:tag value, or the version argument). */
  readonly versionValue?: Extract<PuppetfileValue, { kind: 'string' }>;
  readonly kind: 'git' | 'forge' | 'local' | 'other';
  readonly gitUrl?: Extract<PuppetfileValue, { kind: 'string' }>;
}

function stringValue(v: PuppetfileValue | undefined): Extract<PuppetfileValue, { kind: 'string' }> | undefined {
  return v && v.kind === 'string' && !v.interpolated ? v : undefined;
}

export function pinOf(entry: ModuleEntry): Pin | undefined {
  if (!entry.shortName) return undefined;
  const opt = (name: string) => entry.options.find((o) => o.key.name === name)?.value;
  const git = stringValue(opt('git'));
  if (git) {
    const ref = stringValue(opt('tag')) ?? stringValue(opt('ref'));
    return {
      entry,
      shortName: entry.shortName,
      kind: 'git',
      gitUrl: git,
      ...(ref && /^v?\d+(\.\d+)+$/.test(ref.value) ? { version: ref.value, versionValue: ref } : {}),
    };
  }
  if (opt('local')) return { entry, shortName: entry.shortName, kind: 'local' };
  if (entry.options.length > 0) return { entry, shortName: entry.shortName, kind: 'other' };
  const v = stringValue(entry.version);
  return {
    entry,
    shortName: entry.shortName,
    kind: 'forge',
    ...(v && /^\d+(\.\d+)+$/.test(v.value) ? { version: v.value, versionValue: v } : {}),
  };
}

/** The range of the text inside a string's quotes. */
export function inside(v: Extract<PuppetfileValue, { kind: 'string' }>): TextRange {
  return v.contentRange;
}
