// The bundled module catalogs (generated/catalogs.json) and the choice of which version of each module applies.
// Version rule: the installed module's metadata.json version, else the Puppetfile's pin, else the newest
// bundled version. A pin that matches no bundled version falls back to the nearest older bundled version; a pin
// older than every bundled version takes the oldest one only within the same major version (apt 1.7.0 is not
// described by apt 9.0.1: such a module is left out, and its keys are not checked).

import bundled from './generated/catalogs.json';
import type { CatalogModule, Catalogs } from './catalogTypes.js';

export const CATALOGS: Catalogs = bundled as Catalogs;

/** Numeric comparison of dotted versions (`0.5.2` < `0.10.0`); a leading `v` is ignored. */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split(/[.-]/);
  const pb = b.replace(/^v/, '').split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return nx - ny;
    } else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function bundledVersions(moduleName: string): CatalogModule[] {
  return CATALOGS.modules.filter((m) => m.name === moduleName).sort((a, b) => compareVersions(a.version, b.version));
}

export function bundledModuleNames(): string[] {
  return [...new Set(CATALOGS.modules.map((m) => m.name))].sort();
}

export interface VersionChoice {
  readonly module: CatalogModule;
  /** Why this version: what the user's repo says, or that nothing pins it. */
  /** `workspace`: a module of the control repo's modulepath that no bundled catalog describes (roles, profiles, ...). */
  readonly reason: 'installed' | 'pinned' | 'newest' | 'workspace';
  /** The version the repo asks for (may differ from module.version when no exact catalog exists). */
  readonly requested?: string;
}

function major(version: string): string {
  return version.replace(/^v/, '').split(/[.-]/)[0];
}

/**
 * The bundled catalog that best describes `requested`: exact, else the nearest older one, else the oldest when
 * it has the same major version; undefined when nothing bundled describes that version.
 */
export function catalogFor(moduleName: string, requested: string | undefined): CatalogModule | undefined {
  const versions = bundledVersions(moduleName);
  if (versions.length === 0) return undefined;
  if (!requested) return versions[versions.length - 1];
  const exact = versions.find((m) => compareVersions(m.version, requested) === 0);
  if (exact) return exact;
  const older = versions.filter((m) => compareVersions(m.version, requested) < 0);
  if (older.length > 0) return older[older.length - 1];
  return major(versions[0].version) === major(requested) ? versions[0] : undefined;
}

export function chooseVersion(moduleName: string, installed: string | undefined, pinned: string | undefined): VersionChoice | undefined {
  const requested = installed ?? pinned;
  const module = catalogFor(moduleName, requested);
  if (!module) return undefined;
  const reason = installed ? 'installed' : pinned ? 'pinned' : 'newest';
  return { module, reason, ...(requested ? { requested: requested.replace(/^v/, '') } : {}) };
}
