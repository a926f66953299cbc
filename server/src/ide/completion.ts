// Completion in any file, by kind: the entry point the language server calls.

import type { Project } from '../workspace/project.js';
import { completePuppetfile } from './puppetfile/features.js';
import type { CompletionItem, CompletionResolve } from './types.js';
import { completeHieraData, resolveHieraKey } from './hiera/completion.js';
import { completeManifest, resolvePuppetClass } from './manifest/completion.js';
import { completeHieraConfig } from './hieraConfig/completion.js';

export function complete(project: Project, path: string, offset: number): CompletionItem[] {
  switch (project.classify(path)) {
    case 'hiera-data':
      return completeHieraData(project, path, offset);
    case 'puppet':
      return completeManifest(project, path, offset);
    case 'puppetfile':
      return completePuppetfile(project, path, offset);
    case 'hiera-config':
      return completeHieraConfig(project, path, offset);
    default:
      return [];
  }
}

/** Fills in what a completion item left for later (its documentation). */
export function resolveCompletion(project: Project, data: CompletionResolve): string | undefined {
  switch (data.kind) {
    case 'hiera-key':
      return resolveHieraKey(project, data.path, data.key);
    case 'puppet-class':
      return resolvePuppetClass(project, data.path, data.name);
  }
}
