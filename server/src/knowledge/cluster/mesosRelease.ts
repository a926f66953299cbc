// The Mesos release the runtime rules assume for a node whose data pins no mesos::version or mesos::ensure.
// Precedence: a pin in Hiera (per node, knowledge/cluster/runtimeRules.ts#mesosReleaseOf) > the control repo's
// `.mesos-puppet.yaml` mesosVersion > the setting mesosPuppet.mesosVersion (default: the last release).

import type { Project } from '../../workspace/project.js';
import { REPO_CONFIG_FILE, repoConfigFor } from '../../workspace/repoConfig.js';

export interface AssumedMesosRelease {
  readonly version: string;
  /** Where it comes from, as a phrase for messages and hover. */
  readonly from: string;
  readonly source: 'repo-config' | 'setting';
}

/** The repo-wide Mesos release of the control repo at root (before any node's own pin). */
export function assumedMesosRelease(project: Project, root: string): AssumedMesosRelease {
  const own = repoConfigFor(project, root).config.mesosVersion;
  if (own) return { version: own, from: `mesosVersion '${own}' in ${REPO_CONFIG_FILE}`, source: 'repo-config' };
  const setting = project.currentSettings.mesosVersion;
  return { version: setting, from: `the setting mesosPuppet.mesosVersion (${setting})`, source: 'setting' };
}
