// Keys of the control repo's own classes (profiles, modules without a bundled catalog) are first-class Hiera
// keys: completed, hovered, checked for typos and types, with type aliases resolved from the repo and stdlib.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../../server/src/ide/completion.js';
import { hover } from '../../server/src/ide/hover.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { fixtureProject } from '../support/project.js';

const PROFILE = `#- /work/hiera.yaml
version: 5
#- /work/site-modules/profile/manifests/marathon.pp
# @summary Marathon.
# @param port HTTP port of Marathon.
# @param home Where Marathon keeps its files.
class profile::marathon (
  Stdlib::Port $port = 8080,
  Stdlib::Absolutepath $home = '/var/lib/marathon',
  Enum['on', 'off'] $mode = 'on',
) {
}
`;

test('profile parameters are completed and hovered with their declared type and doc', () => {
  const { project, cursor } = fixtureProject(`${PROFILE}#- /work/data/common.yaml\nprofile::$0\n`);
  const items = complete(project, cursor.path, cursor.offset);
  const port = items.find((i) => i.label === 'profile::marathon::port')!;
  assert.ok(port, items.map((i) => i.label).join(', '));
  const h = hover(
    fixtureProject(`${PROFILE}#- /work/data/common.yaml\nprofile::marathon::po$0rt: 8080\n`).project,
    '/work/data/common.yaml',
    20,
  )!;
  assert.match(h.markdown, /Stdlib::Port \$port = 8080/);
  assert.match(h.markdown, /defined in \/work\/site-modules\/profile\/manifests\/marathon\.pp/);
  assert.match(h.markdown, /HTTP port of Marathon/);
});

test('a typo in a profile key is an unknown key; a wrong type is a mismatch, through stdlib aliases', () => {
  const { project } = fixtureProject(
    `${PROFILE}#- /work/data/common.yaml\nprofile::marathon::prot: 8080\nprofile::marathon::home: var/lib\nprofile::marathon::mode: maybe\nprofile::marathon::port: 70000\n`,
  );
  const ds = fileDiagnostics(project, '/work/data/common.yaml').map((d) => [d.code, d.message]);
  assert.equal(ds.length, 4, JSON.stringify(ds));
  assert.match(ds[0][1] as string, /Did you mean 'profile::marathon::port'/);
  assert.match(ds[1][1] as string, /expects a Stdlib::Absolutepath value/);
  assert.match(ds[2][1] as string, /expects an Enum\['on', 'off'\] value, got 'maybe'/);
  assert.match(ds[3][1] as string, /expects a Stdlib::Port value/);
});

test("a key of a class the repo's own module lacks names the module as the repo's, without a version", () => {
  const { project } = fixtureProject(
    `${PROFILE}#- /work/data/common.yaml\nprofile::chronos::port: 4400\nprofile::marathon::prot: 8080\n`,
  );
  const ds = fileDiagnostics(project, '/work/data/common.yaml').map((d) => d.message);
  assert.equal(
    ds[0],
    "The repo's profile module has no class 'profile::chronos', so 'profile::chronos::port' sets nothing.",
  );
  assert.match(ds[1], /^Class 'profile::marathon' \(the repo's profile module\) has no parameter 'prot'\./);
});
