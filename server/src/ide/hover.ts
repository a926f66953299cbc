// Hover in any file, by kind: the entry point the language server calls.

import type { Project } from '../workspace/project.js';
import { hoverPuppetfile } from './puppetfile/features.js';
import type { Hover } from './types.js';
import { hoverHieraData } from './hiera/hover.js';
import { hoverManifest } from './manifest/hover.js';
import { hoverHieraConfig } from './hieraConfig/hover.js';
import { keyLinesMarkdown } from './preview/keyLines.js';

export function hover(project: Project, path: string, offset: number): Hover | undefined {
  switch (project.classify(path)) {
    case 'hiera-data':
      // The node preview's lines for the key join the data file's hover: the two features meet here.
      return hoverHieraData(project, path, offset, keyLinesMarkdown);
    case 'puppet':
      return hoverManifest(project, path, offset);
    case 'puppetfile':
      return hoverPuppetfile(project, path, offset);
    case 'hiera-config':
      return hoverHieraConfig(project, path, offset);
    default:
      return undefined;
  }
}
