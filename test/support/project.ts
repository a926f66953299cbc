// Builds a Project over an in-memory file system from a fixture (see fixture.ts), for hermetic feature tests.

import { Project } from '../../server/src/workspace/project.js';
import { memoryFileSystem } from './memoryFileSystem.js';
import { parseFixture, type Fixture } from './fixture.js';

export interface FixtureProject {
  readonly project: Project;
  readonly fixture: Fixture;
  /** The cursor's file and offset; throws when the fixture has no `$0`. */
  readonly cursor: { readonly path: string; readonly offset: number };
}

export function fixtureProject(text: string, root = '/work'): FixtureProject {
  const fixture = parseFixture(text);
  const project = new Project(memoryFileSystem(fixture.files), [root]);
  return {
    project,
    fixture,
    get cursor() {
      if (!fixture.cursor) throw new Error('fixture has no $0 cursor');
      return fixture.cursor;
    },
  };
}

/** Applies a completion's plain insert text to the file, returning the resulting text (resultText style). */
export function applyEdit(text: string, range: { start: number; end: number }, newText: string): string {
  return text.slice(0, range.start) + newText + text.slice(range.end);
}
