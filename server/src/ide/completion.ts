// Completion in any file, by kind: the entry point the language server calls.

import type { Project } from '../workspace/project.js';
import type { CompletionItem } from './types.js';
import { completeHieraData } from './hiera/completion.js';

export function complete(project: Project, path: string, offset: number): CompletionItem[] {
  switch (project.classify(path)) {
    case 'hiera-data':
      return completeHieraData(project, path, offset);
    default:
      return [];
  }
}
