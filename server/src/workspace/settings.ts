// The user's settings (`mesosPuppet.*`), validated with zod. An invalid value never stops the server: the
// problem is described in words and the default is used for that setting alone.

import { z } from 'zod';
import { DEFAULT_SETTINGS, type ProjectSettings } from './project.js';

const schemas = {
  modulePath: z.array(z.string().min(1, 'an entry is empty')),
  hieraDataDirs: z.array(z.string().min(1, 'an entry is empty').regex(/^[^/]+$/, 'entries are folder names, without slashes')),
  maxDiagnosticsPerFile: z.number().int('it must be a whole number').min(0, 'it must be 0 (no limit) or more'),
  mesosVersion: z.string().regex(/^\d+\.\d+(\.\d+)?$/, 'it must be a Mesos release such as 1.11.0'),
  includeVendored: z.boolean({ error: 'it must be true or false' }),
} as const;

export interface SettingsResult {
  readonly settings: ProjectSettings;
  /** One sentence per invalid setting, naming it, what is wrong and the default used instead. */
  readonly problems: readonly string[];
}

export function parseSettings(raw: unknown): SettingsResult {
  const obj = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const problems: string[] = [];
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [name, schema] of Object.entries(schemas)) {
    if (obj[name] === undefined || obj[name] === null) continue;
    const r = schema.safeParse(obj[name]);
    if (r.success) settings[name] = r.data;
    else {
      const issue = r.error.issues[0];
      const where = issue.path.length > 0 ? ` (item ${issue.path.join('.')})` : '';
      problems.push(
        `Setting mesosPuppet.${name} is invalid${where}: ${issue.message}. Using the default ${JSON.stringify((DEFAULT_SETTINGS as unknown as Record<string, unknown>)[name])}.`,
      );
    }
  }
  return { settings: settings as unknown as ProjectSettings, problems };
}
