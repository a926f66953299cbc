// fileDiagnostics' 'file' scope, what the server publishes while the first index is prepared: what each file
// says on its own, always a part of the full set, and computed without the module index.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureProject } from '../support/project.js';
import { BOOK_REPO } from '../fixtures/navigation/bookRepo.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { hasModuleIndex } from '../../server/src/workspace/moduleIndex.js';

const BROKEN = BOOK_REPO.replace(
  '  include profile::mesos::slave\n',
  '  include profile::mesos::slave\n  include profile::nope\n  file { "x": \n',
)
  .replace('  checkpoint: true\n', "  checkpoint: true\nmesos::slave::options: {}\nmesos::master::quorom: '2'\n")
  .concat(
    "#- /work/Puppetfile\nmod 'deric-mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'\nmod 'x', :git =>\n",
  );

const key = (d: { code: string; range: { start: number } }): string => `${d.code}@${d.range.start}`;

test("a file's own problems come without the index, and each is in the full set", () => {
  const { project } = fixtureProject(BROKEN);
  const cases: Array<[string, string[]]> = [
    ['/work/site-modules/role/manifests/mesos/slave.pp', ['puppet/syntax']],
    ['/work/data/nodes/slave1.yaml', ['hiera/duplicate-key']],
    ['/work/Puppetfile', ['puppetfile/syntax']],
  ];
  for (const [path, codes] of cases) {
    const own = fileDiagnostics(project, path, { scope: 'file' });
    assert.deepEqual([...new Set(own.map((d) => d.code))], codes, path);
  }
  assert.equal(hasModuleIndex(project, '/work'), false, 'no index was built for them');
  for (const [path] of cases) {
    const own = fileDiagnostics(project, path, { scope: 'file' }).map(key);
    const full = fileDiagnostics(project, path).map(key);
    // A Puppetfile with a syntax error is checked no further; the others have findings that need the index.
    if (!path.endsWith('Puppetfile'))
      assert.ok(full.length > own.length, `${path}: the full set says more (${full.join(', ')})`);
    for (const k of own) assert.ok(full.includes(k), `${path}: ${k} is in the full set`);
  }
});
