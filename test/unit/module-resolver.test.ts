// The module resolver (which module, which version, from where) and the false alarms it removes: one small
// fixture of ours per class of false alarm found on real repositories, each beside the finding it must (or must
// not) give.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { fixtureProject } from '../support/project.js';
import { Project } from '../../server/src/workspace/project.js';
import { memoryFileSystem } from '../support/memoryFileSystem.js';
import { parseFixture } from '../support/fixture.js';
import { resolveModules } from '../../server/src/knowledge/moduleResolver.js';
import { parsePuppetfileLock } from '../../server/src/syntax/puppetfile/index.js';

const X = '/work/site-modules/profile/manifests/x.pp';

function project(fixture: string, settings: { modulePath?: string[] } = {}): Project {
  const f = parseFixture(fixture);
  return new Project(memoryFileSystem(f.files), ['/work'], settings);
}

/** `code text` of each finding of a file, the text being what the finding's range covers. */
function findings(p: Project, path: string): string[] {
  const text = p.readText(path)!;
  return fileDiagnostics(p, path).map((d) => `${d.code} ${text.slice(d.range.start, d.range.end)}`);
}

const manifest = (body: string) => `#- ${X}\nclass profile::x {\n${body}\n}\n`;

test('precedence: installed copy > Puppetfile > lock > metadata dependency > submodule > extra module path', () => {
  const p = project(
    [
      '#- /work/Puppetfile',
      "mod 'deric/mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.7.1'",
      "mod 'puppetlabs/apt', '9.0.1'",
      "mod 'puppetlabs/stdlib', :git => 'https://github.com/puppetlabs/puppetlabs-stdlib', :branch => 'main'",
      "mod 'zookeeper', :git => 'https://github.com/example/puppet-zookeeper', :ref => 'v0.8.4'",
      '#- /work/modules/apt/metadata.json',
      '{"name": "puppetlabs-apt", "version": "9.1.0", "dependencies": [{"name": "puppetlabs/stdlib", "version_requirement": ">= 4.16.0 < 10.0.0"}]}',
      '#- /work/.gitmodules',
      '[submodule "vcsrepo"]\n\tpath = modules/vcsrepo\n\turl = https://github.com/puppetlabs/puppetlabs-vcsrepo.git',
      '#- /opt/mods/java/metadata.json',
      '{"name": "puppetlabs-java", "version": "1.2.0"}',
      '#- /opt/mods/mesos/metadata.json',
      '{"name": "deric-mesos", "version": "0.5.2"}',
      '',
    ].join('\n'),
    { modulePath: ['/opt/mods'] },
  );
  const r = resolveModules(p, '/work').modules;
  const row = (n: string) => {
    const m = r.get(n)!;
    return `${m.from} ${m.versionText} ${m.facts}${m.fork ? ' fork' : ''}`;
  };
  assert.equal(row('apt'), 'installed 9.1.0 installed', 'the installed copy wins over the pin');
  assert.equal(row('mesos'), 'puppetfile 0.7.1 approximate', 'the pin wins over the extra module path');
  assert.equal(row('stdlib'), "puppetfile unknown (branch 'main') approximate", 'a branch is an unknown version');
  assert.equal(row('zookeeper'), 'puppetfile 0.8.4 none fork', 'not the upstream repository: a fork');
  assert.equal(row('vcsrepo'), 'submodule unknown (a commit) none');
  assert.equal(row('java'), 'module-path 1.2.0 installed', 'the extra module path adds what the repo does not pin');
  assert.match(r.get('apt')!.why, /^puppetlabs-apt 9\.1\.0, from the copy installed in the repo \(modules\/apt, metadata\.json version 9\.1\.0\)\..*Overrules the Puppetfile \(Forge '9\.0\.1'\)/);
  assert.match(r.get('zookeeper')!.why, /fork \(https:\/\/github\.com\/example\/puppet-zookeeper\), not https:\/\/github\.com\/deric\/puppet-zookeeper: nothing is assumed/);
  assert.match(r.get('mesos')!.why, /Overrules the extra module path \(\/opt\/mods\/mesos, metadata\.json version 0\.5\.2\)/);
});

test('a Puppetfile.lock: specs with their source and dependencies', () => {
  const lock = parsePuppetfileLock(
    [
      'FORGE',
      '  remote: https://forgeapi.puppetlabs.com',
      '  specs:',
      '    puppetlabs-apt (2.1.0)',
      '      puppetlabs-stdlib (>= 4.5.0, < 5.0.0)',
      '    puppetlabs-stdlib (4.9.0)',
      '',
      'GIT',
      '  remote: https://github.com/deric/puppet-mesos.git',
      '  ref: v0.6.5',
      '  sha: 0123456789abcdef0123456789abcdef01234567',
      '  specs:',
      '    deric-mesos (0.6.5)',
      '',
      'DEPENDENCIES',
      '  deric-mesos (>= 0)',
      '  puppetlabs-apt (>= 2.0.0)',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    lock.specs.map((s) => `${s.author}/${s.shortName} ${s.version} ${s.source.kind} ${s.source.ref ?? ''} [${s.dependencies.map((d) => `${d.shortName} ${d.requirement}`).join('; ')}]`),
    ['puppetlabs/apt 2.1.0 forge  [stdlib >= 4.5.0, < 5.0.0]', 'puppetlabs/stdlib 4.9.0 forge  []', 'deric/mesos 0.6.5 git v0.6.5 []'],
  );
  assert.deepEqual(lock.dependencies.map((d) => `${d.fullName} ${d.requirement}`), ['deric-mesos >= 0', 'puppetlabs-apt >= 2.0.0']);
});

test('mesos pinned at v0.7.1 (between bundled releases): mesos::cli is not reported unknown; at v0.5.2 it is', () => {
  const pf = (ref: string) => `#- /work/Puppetfile\nmod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => '${ref}'\n`;
  const body = manifest("  include mesos::cli\n  class { 'mesos::master': zk_path => '/mesos' }");
  assert.deepEqual(findings(project(pf('v0.7.1') + body), X), []);
  assert.deepEqual(findings(project(pf('v0.5.2') + body), X), ['puppet/unknown-class mesos::cli', 'puppet/unknown-parameter zk_path']);
});

test('mesos from a fork: no "no parameter" error, whatever the fork added', () => {
  const pf = (url: string) => `#- /work/Puppetfile\nmod 'mesos', :git => '${url}', :ref => 'v1.1.0'\n`;
  const body = manifest("  class { 'mesos::master': fork_only_param => true }\n  include mesos::fork_only_class");
  assert.deepEqual(findings(project(pf('https://github.com/someone/puppet-mesos.git') + body), X), []);
  assert.deepEqual(findings(project(pf('git@github.com:deric/puppet-mesos.git') + body), X), ['puppet/unknown-parameter fork_only_param', 'puppet/unknown-class mesos::fork_only_class']);
});

test('gini/archive is not puppet/archive: no facts of the other module', () => {
  const r = resolveModules(project("#- /work/Puppetfile\nmod 'gini/archive', '0.3.0'\n"), '/work').modules.get('archive')!;
  assert.deepEqual([r.fullName, r.otherAuthor, r.facts], ['gini-archive', true, 'none']);
  const up = resolveModules(project("#- /work/Puppetfile\nmod 'puppet/archive', '1.0.0'\n"), '/work').modules.get('archive')!;
  assert.deepEqual([up.fullName, up.otherAuthor], ['puppet-archive', false]);
});

test('the extra module path (Debian copies) does not replace the pinned apt and zookeeper', () => {
  const files = [
    '#- /work/Puppetfile',
    "mod 'puppetlabs/apt', '9.0.1'",
    "mod 'zookeeper', :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v0.8.4'",
    '#- /usr/share/puppet/modules/apt/metadata.json',
    '{"name": "puppetlabs-apt", "version": "2.3.0"}',
    '#- /usr/share/puppet/modules/apt/manifests/init.pp',
    'class apt($purge_sources_list = false) {}',
    '#- /usr/share/puppet/modules/zookeeper/metadata.json',
    '{"name": "deric-zookeeper", "version": "0.3.5"}',
    '#- /usr/share/puppet/modules/zookeeper/manifests/init.pp',
    'class zookeeper(Integer $id = 1) {}',
    '#- /work/data/common.yaml',
    "zookeeper::id: '1'",
    manifest("  class { 'apt': purge_sources_list => true, purge => { 'sources.list' => true } }"),
  ].join('\n');
  const p = project(files, { modulePath: ['/usr/share/puppet/modules'] });
  assert.deepEqual(findings(p, X), ['puppet/unknown-parameter purge_sources_list'], 'apt 9.0.1 has purge, not purge_sources_list');
  assert.deepEqual(findings(p, '/work/data/common.yaml'), [], 'zookeeper v0.8.4 takes a String id');
});

test('a resource-like declaration passes a parameter the pinned apt lacks: an error; on apt 9.0.2 (no facts of that release) nothing', () => {
  const body = manifest("  class { 'apt': purge_sources_list => true }");
  const at = (v: string) => project(`#- /work/Puppetfile\nmod 'puppetlabs/apt', '${v}'\n${body}`);
  const ds = fileDiagnostics(at('9.0.1'), X);
  assert.deepEqual(ds.map((d) => `${d.severity} ${d.message}`), ["error Class 'apt' (puppetlabs-apt v9.0.1) has no parameter 'purge_sources_list'. Did you mean 'purge'?"]);
  assert.deepEqual(findings(at('9.0.2'), X), []);
});
