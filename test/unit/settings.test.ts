// Settings validation: an invalid value is explained and its default used; valid values pass through.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSettings } from '../../server/src/workspace/settings.js';

test('valid settings are taken as they are', () => {
  const r = parseSettings({ modulePath: ['/usr/share/puppet/modules'], hieraDataDirs: ['hiera'] });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.settings.modulePath, ['/usr/share/puppet/modules']);
  assert.deepEqual(r.settings.hieraDataDirs, ['hiera']);
});

test('an invalid setting gives a clear message and its default, the others still apply', () => {
  const r = parseSettings({ modulePath: '/usr/share/puppet/modules', hieraDataDirs: ['a/b'] });
  assert.equal(r.problems.length, 2);
  assert.equal(
    r.problems[0],
    'Setting mesosPuppet.modulePath is invalid: it must be a list of folders, e.g. ["/usr/share/puppet/modules"]. Using the default [].',
  );
  assert.match(
    r.problems[1],
    /mesosPuppet\.hieraDataDirs is invalid \(item 0\): entries are folder names, without slashes/,
  );
  assert.deepEqual(r.settings.modulePath, []);
  assert.deepEqual(r.settings.hieraDataDirs, ['data', 'hieradata']);
});

test('missing or junk settings give the defaults without complaint', () => {
  assert.deepEqual(parseSettings(undefined).problems, []);
  assert.deepEqual(parseSettings(42).settings.hieraDataDirs, ['data', 'hieradata']);
});

test('maxDiagnosticsPerFile: a whole number from 0; anything else is explained and 1,000 used', () => {
  assert.equal(parseSettings({}).settings.maxDiagnosticsPerFile, 1000);
  assert.equal(parseSettings({ maxDiagnosticsPerFile: 0 }).settings.maxDiagnosticsPerFile, 0);
  for (const [bad, why] of [
    [-1, /0 \(no limit\) or more/],
    [2.5, /whole number/],
    ['many', /it must be a number \(0 for no limit\)/],
  ] as const) {
    const r = parseSettings({ maxDiagnosticsPerFile: bad });
    assert.equal(r.settings.maxDiagnosticsPerFile, 1000);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0], /^Setting mesosPuppet\.maxDiagnosticsPerFile is invalid: /);
    assert.match(r.problems[0], why);
    assert.match(r.problems[0], /Using the default 1000\.$/);
    assert.doesNotMatch(r.problems[0], /Invalid input|expected \w+, received/, 'no raw validation text');
  }
});

test('settings of the wrong kind are explained in words, not as validation output', () => {
  const r = parseSettings({ hieraDataDirs: 'data', mesosVersion: 1.11, modulePath: [42], includeVendored: 'yes' });
  assert.deepEqual(r.problems, [
    'Setting mesosPuppet.modulePath is invalid (item 0): each entry must be a folder path, in quotes. Using the default [].',
    'Setting mesosPuppet.hieraDataDirs is invalid: it must be a list of folder names, e.g. ["data", "hieradata"]. Using the default ["data","hieradata"].',
    'Setting mesosPuppet.mesosVersion is invalid: it must be a Mesos release in quotes, such as "1.11.0". Using the default "1.11.0".',
    'Setting mesosPuppet.includeVendored is invalid: it must be true or false. Using the default false.',
  ]);
});
