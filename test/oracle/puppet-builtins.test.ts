// The facts of Puppet's built-in resource types and functions that hover and completion show are Puppet's own:
// scripts/puppet-builtins.rb asks the installed Puppet through its API, and its answer must equal the committed
// server/src/knowledge/sources/puppet-builtins.json (refresh with `npm run builtins` after a Puppet upgrade).
// Needs Puppet's Ruby; `.ci/run` installs it.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');

test('the recorded built-in types and functions are what the installed Puppet declares', () => {
  const live = JSON.parse(
    execFileSync('ruby', [join(ROOT, 'scripts/puppet-builtins.rb')], { encoding: 'utf8', maxBuffer: 16 << 20 }),
  );
  const recorded = JSON.parse(readFileSync(join(ROOT, 'server/src/knowledge/sources/puppet-builtins.json'), 'utf8'));
  assert.equal(live.puppet, recorded.puppet, 'another Puppet release: run npm run builtins and review the diff');
  assert.deepEqual(live, recorded);
  // What users meet most, spelled out: the values of package and service ensure as Puppet accepts them.
  const values = (type: string, attr: string) =>
    recorded.types[type].attributes.find((a: { name: string }) => a.name === attr).values;
  assert.deepEqual(values('service', 'ensure'), ['stopped', 'false', 'running', 'true']);
  assert.deepEqual(values('package', 'ensure'), ['present', 'installed', 'absent', 'purged', 'disabled', 'latest']);
});
