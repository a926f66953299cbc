// The incremental Hiera data parse on real data: every data file of Debian's Puppet module corpus (the
// puppet-module-* packages .ci/run installs) reads the same held in chunks as read whole.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { parseHieraData, parseHieraDataWhole } from '../../server/src/syntax/hiera/dataFile.js';
import { view } from '../support/hieraView.js';

test("the Debian corpus' Hiera data files read the same held in chunks or whole", () => {
  let files: string[];
  try {
    files = execFileSync(
      'find',
      ['/usr/share/puppet/modules.available', '-name', '*.yaml', '-path', '*data*', '-size', '+1k'],
      { encoding: 'utf8' },
    )
      .split('\n')
      .filter(Boolean);
  } catch {
    files = [];
  }
  assert.ok(
    files.length > 0,
    "Debian's module corpus is not installed: .ci/run installs every puppet-module-* package",
  );
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    assert.deepEqual(view(parseHieraData(text)), view(parseHieraDataWhole(text)), f);
  }
});
