// The user's settings (`mesosPuppet.*`), validated with zod. An invalid value never stops the server: the
// problem is described in words and the default is used for that setting alone.

import { z } from 'zod';
import { DEFAULT_SETTINGS, type ProjectSettings } from './project.js';

// Every message in words: zod's own ("Invalid input: expected array, received string") reached the user as is.
const schemas = {
  modulePath: z.array(z.string({ error: 'each entry must be a folder path, in quotes' }).min(1, 'an entry is empty'), {
    error: 'it must be a list of folders, e.g. ["/usr/share/puppet/modules"]',
  }),
  hieraDataDirs: z.array(
    z
      .string({ error: 'each entry must be a folder name, in quotes' })
      .min(1, 'an entry is empty')
      .regex(/^[^/]+$/, 'entries are folder names, without slashes'),
    { error: 'it must be a list of folder names, e.g. ["data", "hieradata"]' },
  ),
  maxDiagnosticsPerFile: z
    .number({ error: 'it must be a number (0 for no limit)' })
    .int('it must be a whole number')
    .min(0, 'it must be 0 (no limit) or more'),
  mesosVersion: z
    .string({ error: 'it must be a Mesos release in quotes, such as "1.11.0"' })
    .regex(/^\d+\.\d+(\.\d+)?$/, 'it must be a Mesos release such as 1.11.0'),
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
  // Each folder of the module path is walked and indexed: a list of 100,000 used to keep the server busy for
  // minutes. The first MAX_MODULE_PATH_ENTRIES are used, and the user is told.
  const modulePath = settings.modulePath as string[];
  if (modulePath.length > MAX_MODULE_PATH_ENTRIES) {
    problems.push(
      `Setting mesosPuppet.modulePath lists ${modulePath.length.toLocaleString('en-US')} folders; only the first ${MAX_MODULE_PATH_ENTRIES} are read (the rest, from ${JSON.stringify(modulePath[MAX_MODULE_PATH_ENTRIES]).slice(0, 200)} on, are left out).`,
    );
    settings.modulePath = modulePath.slice(0, MAX_MODULE_PATH_ENTRIES);
  }
  return { settings: settings as unknown as ProjectSettings, problems };
}

/** Folders of `mesosPuppet.modulePath` the server reads; Puppet's own module paths have a handful. */
export const MAX_MODULE_PATH_ENTRIES = 256;
