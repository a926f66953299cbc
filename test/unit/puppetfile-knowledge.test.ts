// Puppetfile rules that need to know the modules: unknown tags, missing dependencies, conflicting pins, unused
// modules; and the book's control repo, which must show each of the scenario's problems once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { fixtureProject, applyEdit } from '../support/project.js';
import { Project } from '../../server/src/workspace/project.js';
import { memoryFileSystem } from '../support/memoryFileSystem.js';
import { satisfies } from '../../server/src/knowledge/puppetfile/releases.js';

function check(puppetfile: string, extra = '') {
  const { project } = fixtureProject(`#- /work/Puppetfile\n${puppetfile}${extra}`);
  const text = project.readText('/work/Puppetfile')!;
  return fileDiagnostics(project, '/work/Puppetfile').map((d) => ({
    ...d,
    text: text.slice(d.range.start, d.range.end),
  }));
}

const ROLE =
  '#- /work/site-modules/profile/manifests/base.pp\nclass profile::base {\n  include mesos\n  include zookeeper\n  include stdlib\n}\n';

test('a tag the module never had, with a did-you-mean fix', () => {
  const ds = check(
    "mod 'mesos',\n  :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.9'\nmod 'stdlib', :git => 'https://github.com/puppetlabs/puppetlabs-stdlib', :ref => '4.5.1'\nmod 'apt', :git => 'https://github.com/puppetlabs/puppetlabs-apt', :ref => '1.7.0'\n",
    ROLE,
  ).filter((d) => d.code === 'puppetfile/unknown-tag');
  assert.equal(ds.length, 1);
  assert.equal(ds[0].text, "'v0.5.9'");
  assert.match(ds[0].message, /deric-mesos has no tag 'v0\.5\.9'.*Did you mean 'v0\.5\.3'\?/);
  assert.equal(ds[0].fixes![0].edits[0].newText, 'v0.5.3');
});

test('a missing dependency: zookeeper v0.3.5 needs datacat; the fix adds it', () => {
  const pf =
    "mod 'zookeeper',\n  :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v0.3.5'\nmod 'stdlib', :git => 'https://github.com/puppetlabs/puppetlabs-stdlib', :ref => '4.5.1'\n";
  const ds = check(pf, ROLE).filter((d) => d.code === 'puppetfile/missing-dependency');
  assert.equal(ds.length, 1);
  assert.match(ds[0].message, /zookeeper v0\.3\.5 needs datacat/);
  const fixed = applyEdit(pf, ds[0].fixes![0].edits[0].range, ds[0].fixes![0].edits[0].newText);
  assert.match(
    fixed,
    /mod 'datacat',\n  :git => 'https:\/\/github\.com\/richardc\/puppet-datacat', :ref => '0\.6\.2'\n$/,
  );
  assert.deepEqual(
    check(`${pf}mod 'datacat', :git => 'https://github.com/richardc/puppet-datacat', :ref => '0.6.1'\n`, ROLE).filter(
      (d) => d.code === 'puppetfile/missing-dependency',
    ),
    [],
  );
});

test('mesos v1.1.0 with stdlib 9 conflicts; with stdlib 8 it is fine (proven by compilation)', () => {
  const pf = (stdlib: string) =>
    `mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v1.1.0'\nmod 'puppetlabs/stdlib', '${stdlib}'\nmod 'puppetlabs/apt', '8.5.0'\n`;
  const bad = check(pf('9.0.0'), ROLE).filter(
    (d) => d.code === 'puppetfile/dependency-conflict' && /mesos/.test(d.message),
  );
  assert.equal(bad.length, 1);
  assert.equal(bad[0].text, "'9.0.0'");
  assert.match(bad[0].message, /stdlib 9\.0\.0 does not satisfy mesos v1\.1\.0.*stdlib 9 removed/);
  assert.deepEqual(
    check(pf('8.6.0'), ROLE).filter((d) => d.code === 'puppetfile/dependency-conflict'),
    [],
  );
});

test('mesos v1.1.0 with apt 9.0.2 is no conflict (a master and an agent compile with it)', () => {
  const pf =
    "mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v1.1.0'\nmod 'puppetlabs/stdlib', '8.5.0'\nmod 'puppetlabs/apt', '9.0.2'\n";
  assert.deepEqual(
    check(pf, ROLE).filter((d) => d.code === 'puppetfile/dependency-conflict'),
    [],
  );
});

test('a module nothing uses is noted; one another module needs is not', () => {
  const pf =
    "mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'\nmod 'apt', :git => 'https://github.com/puppetlabs/puppetlabs-apt', :ref => '1.7.0'\nmod 'stdlib', :git => 'https://github.com/puppetlabs/puppetlabs-stdlib', :ref => '4.5.1'\nmod 'concat', :git => 'https://github.com/puppetlabs/puppetlabs-concat', :ref => '1.1.2'\n";
  const ds = check(pf, ROLE).filter((d) => d.code === 'puppetfile/unused-module');
  assert.deepEqual(
    ds.map((d) => d.text),
    ["'concat'"],
  );
  assert.equal(ds[0].severity, 'information');
});

test('version requirements', () => {
  assert.ok(satisfies('4.5.1', '>= 4.2.0'));
  assert.ok(!satisfies('9.0.0', '>= 2.4.0 < 9.0.0'));
  assert.ok(satisfies('v0.6.1', '>=0.6.0 <1.0.0'));
  assert.ok(satisfies('3.2.1', '3.x'));
  assert.ok(!satisfies('4.0.0', '3.x'));
});

function readTree(dir: string, prefix: string, out: Record<string, string> = {}): Record<string, string> {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) readTree(p, `${prefix}/${n}`, out);
    else out[`${prefix}/${n}`] = readFileSync(p, 'utf8');
  }
  return out;
}

test("the book's control repo shows every problem the scenario lists, each once, with its fix", () => {
  const files = readTree(resolve(__dirname, '../fixtures/workspaces/book'), '/book');
  const project = new Project(memoryFileSystem(files), ['/book']);
  const found = Object.keys(files)
    .sort()
    .flatMap((path) =>
      fileDiagnostics(project, path).map((d) => ({
        path: path.slice('/book/'.length),
        code: d.code,
        fixes: d.fixes?.length ?? 0,
      })),
    );
  const byCode = (code: string) => found.filter((f) => f.code === code);
  assert.deepEqual(
    byCode('puppetfile/git-protocol').map((f) => [f.path, f.fixes]),
    [['Puppetfile', 1]],
    'the dead git:// source, with the https fix',
  );
  assert.deepEqual(
    byCode('puppetfile/http-forge').map((f) => [f.path, f.fixes]),
    [['Puppetfile', 1]],
    'the legacy http forge, with a fix',
  );
  assert.deepEqual(
    byCode('puppetfile/unused-module').map((f) => f.path),
    ['Puppetfile'],
    'concat, which nothing needs',
  );
  assert.deepEqual(byCode('puppetfile/missing-dependency'), [], 'datacat, which zookeeper v0.3.5 needs, is there');
  assert.deepEqual(byCode('puppetfile/unknown-tag'), [], 'all seven refs exist as tags');
  assert.deepEqual(
    byCode('mesos/checkpoint-no-effect').map((f) => [f.path, f.fixes]),
    [1, 2, 3].map((n) => [`data/nodes/slave${n}.yaml`, 2]),
    'once in each slave file that sets it: move into options (Mesos < 0.22) or remove',
  );
  assert.deepEqual(
    byCode('puppet/hiera-include').map((f) => f.path),
    ['manifests/site.pp'],
  );
  assert.deepEqual(byCode('mesos/option-unquoted'), [], "the book quotes quorum: '2'");
  // What would keep the cluster from starting (issue 13), once per node it concerns.
  const masters = [1, 2, 3].map((n) => `data/nodes/master${n}.yaml`);
  const agents = [1, 2, 3].map((n) => `data/nodes/slave${n}.yaml`);
  assert.deepEqual(
    byCode('mesos/both-daemons').map((f) => f.path),
    [...masters, ...agents],
    'mesos v0.5.2 leaves the other packaged daemon running',
  );
  assert.deepEqual(
    byCode('mesos/no-address').map((f) => [f.path, f.fixes]),
    [...masters, ...agents].map((p) => [p, 1]),
    'no node is told its address',
  );
  assert.deepEqual(
    byCode('mesos/java-too-old').map((f) => [f.path, f.fixes]),
    masters.map((p) => [p, 1]),
    'java 1.2.0 installs OpenJDK 7; Marathon needs 8',
  );
  assert.deepEqual(
    byCode('mesos/repo-retired').map((f) => f.path),
    [...masters, ...agents],
    "the profiles declare class { 'mesos': repo => 'mesosphere' }",
  );
  assert.deepEqual(
    [...new Set(found.map((f) => f.code))].sort(),
    [
      'mesos/both-daemons',
      'mesos/checkpoint-no-effect',
      'mesos/java-too-old',
      'mesos/no-address',
      'mesos/repo-retired',
      'mesos/tmp-work-dir',
      'puppet/hiera-include',
      'puppetfile/git-protocol',
      'puppetfile/http-forge',
      'puppetfile/unused-module',
    ],
    'nothing else',
  );
});
