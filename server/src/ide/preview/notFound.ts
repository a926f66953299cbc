// Why a lookup found nothing, in words: the node is not one of the repo's (a typo in --node finds only what
// common data gives), or the key is set in no data file the node's hierarchy reads (and where it is set, if
// anywhere). Shared by `mesos-puppet lookup` and whoever previews lookups.

import type { Project } from '../../workspace/project.js';
import { discoverNodes } from '../../knowledge/cluster/nodes.js';
import { repoDataFiles } from '../shared/repoData.js';

const SHOWN = 10;

function list(names: readonly string[]): string {
  return names.length <= SHOWN
    ? names.join(', ')
    : `${names.slice(0, SHOWN).join(', ')} and ${names.length - SHOWN} more`;
}

/**
 * One or two sentences saying why `key` has no value for `node`. `factsGiven`: the node's facts came from the
 * user, so a node without a data file of its own may be meant. `show` renders a path for the user.
 */
export function notFoundReason(
  project: Project,
  root: string,
  node: string,
  key: string,
  factsGiven: boolean,
  show: (path: string) => string,
): string {
  const nodes = discoverNodes(project, root).map((n) => n.certname);
  if (!factsGiven && nodes.length > 0 && !nodes.includes(node)) {
    return `'${key}' was not found for node '${node}', which is not one of the repo's nodes (${list(nodes)}). Name one of them, or give the node's facts with --facts.`;
  }
  const setIn = repoDataFiles(project, root).filter((p) => project.hieraData(p)?.entries.some((e) => e.key === key));
  if (setIn.length === 0)
    return `'${key}' is set nowhere in the hierarchy for node '${node}': no data file of the repo or of its modules sets it. Check the key's spelling.`;
  return `'${key}' is set nowhere in the hierarchy for node '${node}': only ${list(setIn.map(show))} set${setIn.length === 1 ? 's' : ''} it, which the node's hierarchy does not read.`;
}
