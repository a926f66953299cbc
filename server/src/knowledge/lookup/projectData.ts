// What a lookup session over a project reads through its host: each data file's values and each hiera.yaml's
// parse are queries of the project, read once per change of that file and shared by every session (one per node
// for the cluster rules, the hover's per-node values, the previews), not once per node and request.

import type { Project } from '../../workspace/project.js';
import { defineQuery } from '../../base/queries.js';
import { hieraConfigOf } from '../../workspace/hieraConfigs.js';
import { readDataFile, type DataFileResult, type DataFormat } from './dataReader.js';
import type { LookupContext } from './engine.js';

const dataFileQuery = defineQuery('lookupData', (project: Project, key: string): DataFileResult => {
  const cut = key.indexOf(':');
  return readDataFile(
    project.view,
    key.slice(cut + 1),
    key.slice(0, cut) as DataFormat,
    (path) => project.hieraData(path),
    project.queries,
  );
});

/** The parts of a lookup context the project supplies: its reading of data files and hiera.yaml files. */
export function projectLookupHooks(
  project: Project,
): Pick<LookupContext, 'readData' | 'hieraConfig' | 'parsedYaml' | 'memos'> {
  return {
    readData: (path, format) => project.query(dataFileQuery, `${format}:${path}`),
    hieraConfig: (path, layer) => hieraConfigOf(project, path, layer),
    parsedYaml: (path) => project.hieraData(path),
    memos: project.queries,
  };
}
