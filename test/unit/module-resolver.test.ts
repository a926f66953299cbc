// The module resolver (which module, which version, from where) and the false alarms it removes: one small
// fixture of ours per class of false alarm found on real repositories, each beside the finding it must (or must
// not) give.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
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
  // Every release of mesos is indexed: v0.7.1's own facts.
  assert.equal(row('mesos'), 'puppetfile 0.7.1 bundled', 'the pin wins over the extra module path');
  assert.equal(row('stdlib'), "puppetfile unknown (branch 'main') approximate", 'a branch is an unknown version');
  assert.equal(row('zookeeper'), 'puppetfile 0.8.4 none fork', 'not the upstream repository: a fork');
  assert.equal(row('vcsrepo'), 'submodule unknown (a commit) none');
  assert.equal(row('java'), 'module-path 1.2.0 installed', 'the extra module path adds what the repo does not pin');
  assert.match(
    r.get('apt')!.why,
    /^puppetlabs-apt 9\.1\.0, from the copy installed in the repo \(modules\/apt, metadata\.json version 9\.1\.0\)\..*Overrules the Puppetfile \(Forge '9\.0\.1'\)/,
  );
  assert.match(
    r.get('zookeeper')!.why,
    /fork \(https:\/\/github\.com\/example\/puppet-zookeeper\), not https:\/\/github\.com\/deric\/puppet-zookeeper: nothing is assumed/,
  );
  assert.match(
    r.get('mesos')!.why,
    /Overrules the extra module path \(\/opt\/mods\/mesos, metadata\.json version 0\.5\.2\)/,
  );
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
    lock.specs.map(
      (s) =>
        `${s.author}/${s.shortName} ${s.version} ${s.source.kind} ${s.source.ref ?? ''} [${s.dependencies.map((d) => `${d.shortName} ${d.requirement}`).join('; ')}]`,
    ),
    [
      'puppetlabs/apt 2.1.0 forge  [stdlib >= 4.5.0, < 5.0.0]',
      'puppetlabs/stdlib 4.9.0 forge  []',
      'deric/mesos 0.6.5 git v0.6.5 []',
    ],
  );
  assert.deepEqual(
    lock.dependencies.map((d) => `${d.fullName} ${d.requirement}`),
    ['deric-mesos >= 0', 'puppetlabs-apt >= 2.0.0'],
  );
});

test('mesos pinned at v0.7.1 is checked against v0.7.1: mesos::cli (v0.7.0) exists, zk_path (v0.8.0) not yet; at v0.5.2 neither', () => {
  const pf = (ref: string) =>
    `#- /work/Puppetfile\nmod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => '${ref}'\n`;
  const body = manifest("  include mesos::cli\n  class { 'mesos::master': zk_path => '/mesos' }");
  assert.deepEqual(findings(project(pf('v0.7.1') + body), X), ['puppet/unknown-parameter zk_path']);
  assert.deepEqual(findings(project(pf('v0.8.0') + body), X), []);
  assert.deepEqual(findings(project(pf('v0.5.2') + body), X), [
    'puppet/unknown-class mesos::cli',
    'puppet/unknown-parameter zk_path',
  ]);
});

test('mesos from a fork: no "no parameter" error, whatever the fork added', () => {
  const pf = (url: string) => `#- /work/Puppetfile\nmod 'mesos', :git => '${url}', :ref => 'v1.1.0'\n`;
  const body = manifest("  class { 'mesos::master': fork_only_param => true }\n  include mesos::fork_only_class");
  assert.deepEqual(findings(project(pf('https://github.com/someone/puppet-mesos.git') + body), X), []);
  assert.deepEqual(findings(project(pf('git@github.com:deric/puppet-mesos.git') + body), X), [
    'puppet/unknown-parameter fork_only_param',
    'puppet/unknown-class mesos::fork_only_class',
  ]);
});

test('gini/archive is not puppet/archive: no facts of the other module', () => {
  // 0.3.0 is no bundled gini release: gini's nearest (0.2.0) helps completion only, puppet-archive's never.
  const r = resolveModules(project("#- /work/Puppetfile\nmod 'gini/archive', '0.3.0'\n"), '/work').modules.get(
    'archive',
  )!;
  assert.deepEqual(
    [r.fullName, r.otherAuthor, r.facts, r.catalog?.fullName],
    ['gini-archive', true, 'approximate', 'gini-archive'],
  );
  const up = resolveModules(project("#- /work/Puppetfile\nmod 'puppet/archive', '1.0.0'\n"), '/work').modules.get(
    'archive',
  )!;
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
  assert.deepEqual(
    findings(p, X),
    ['puppet/unknown-parameter purge_sources_list'],
    'apt 9.0.1 has purge, not purge_sources_list',
  );
  assert.deepEqual(findings(p, '/work/data/common.yaml'), [], 'zookeeper v0.8.4 takes a String id');
});

test('a resource-like declaration passes a parameter the pinned apt lacks: an error; on a version we know nothing of, nothing', () => {
  const body = manifest("  class { 'apt': purge_sources_list => true }");
  const at = (v: string) => project(`#- /work/Puppetfile\nmod 'puppetlabs/apt', '${v}'\n${body}`);
  const ds = fileDiagnostics(at('9.0.1'), X);
  assert.deepEqual(
    ds.map((d) => `${d.severity} ${d.message}`),
    ["error Class 'apt' (puppetlabs-apt v9.0.1) has no parameter 'purge_sources_list'. Did you mean 'purge'?"],
  );
  // 9.0.9 is no apt release: it lies between 9.0.2 and 9.1.0, and neither has the parameter.
  assert.deepEqual(
    fileDiagnostics(at('9.0.9'), X).map((d) => `${d.severity} ${d.message}`),
    [
      "error Class 'apt' (puppetlabs-apt 9.0.9, a version no bundled release has) has no parameter 'purge_sources_list' in any release from v9.0.2 to v9.1.0. Did you mean 'purge'?",
    ],
  );
  // A branch may be any release, and old ones (apt 1.x) had the parameter: nothing is asserted.
  const branch = project(
    `#- /work/Puppetfile\nmod 'apt', :git => 'https://github.com/puppetlabs/puppetlabs-apt', :branch => 'main'\n${body}`,
  );
  assert.deepEqual(findings(branch, X), []);
});

test('a pinned module that is not installed and has no bundled facts: no unknown class, one note on its Puppetfile line', () => {
  const p = project(
    [
      '#- /work/Puppetfile',
      "mod 'puppetlabs/haproxy', '8.0.0'",
      "mod 'puppetlabs/apt', '9.0.1'",
      manifest(
        "  include haproxy\n  include haproxy::params\n  class { 'haproxy::globals': sort_options_alphabetic => true }",
      ),
      '#- /work/site-modules/profile/manifests/y.pp',
      'class profile::y {\n  haproxy::listen { "stats": }\n}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(findings(p, X), []);
  assert.deepEqual(findings(p, '/work/site-modules/profile/manifests/y.pp'), []);
  const notes = fileDiagnostics(p, '/work/Puppetfile').filter((d) => d.code === 'puppetfile/module-not-checked');
  assert.deepEqual(
    notes.map((d) => `${d.severity} ${p.readText('/work/Puppetfile')!.slice(d.range.start, d.range.end)} ${d.message}`),
    [
      "information 'puppetlabs/haproxy' The repo uses haproxy (include haproxy, include haproxy::params, resource-like haproxy::globals), but it is not installed here and no facts about this version (8.0.0) are bundled: its classes and parameters are not checked.",
    ],
  );
});

test('unused module: resource types, defined types, functions, templates and dependency edges all count as uses', () => {
  const pf = [
    '#- /work/Puppetfile',
    "mod 'puppetlabs/vcsrepo', '6.1.0'",
    "mod 'puppetlabs/inifile', '6.1.0'",
    "mod 'puppet/archive', '7.1.0'",
    "mod 'dalen/puppetdbquery', '3.0.1'",
    "mod 'herculesteam/augeasproviders_sysctl', '2.6.2'",
    "mod 'puppetlabs/concat', '7.3.1'",
    "mod 'cron', :git => 'https://github.com/voxpupuli/puppet-cron', :ref => 'v2.0.0'",
    "mod 'puppetlabs/java', '7.3.0'",
    '',
  ].join('\n');
  const code = manifest(
    [
      "  vcsrepo { '/srv/app': ensure => present, source => 'https://example.com/app.git', provider => git }",
      "  ini_setting { 'x': path => '/etc/x.ini', section => 's', setting => 'k', value => 'v' }",
      "  archive { '/tmp/mesos.tgz': source => 'https://example.com/mesos.tgz' }",
      "  $masters = query_facts('Class[Mesos::Master]', ['ipaddress'])",
      "  sysctl { 'net.ipv4.ip_forward': value => '1' }",
    ].join('\n'),
  );
  // Installed copies: what each provides is known (metadata.json, lib/puppet/type and functions).
  const installed = (name: string, author: string, lib = '') =>
    `#- /work/modules/${name}/metadata.json\n{"name": "${author}-${name}", "version": "1.0.0", "dependencies": []}\n${lib}`;
  const copies = [
    installed('vcsrepo', 'puppetlabs'),
    installed(
      'inifile',
      'puppetlabs',
      '#- /work/modules/inifile/lib/puppet/type/ini_setting.rb\nPuppet::Type.newtype(:ini_setting) do\nend\n',
    ),
    installed(
      'puppetdbquery',
      'dalen',
      '#- /work/modules/puppetdbquery/lib/puppet/functions/query_facts.rb\nPuppet::Functions.create_function(:query_facts) do\nend\n',
    ),
    installed(
      'augeasproviders_sysctl',
      'herculesteam',
      '#- /work/modules/augeasproviders_sysctl/lib/puppet/type/sysctl.rb\nPuppet::Type.newtype(:sysctl) do\nend\n',
    ),
  ].join('');
  const lock = `${copies}#- /work/modules/mesos/metadata.json\n{"name": "deric-mesos", "version": "1.1.0", "dependencies": [{"name": "puppetlabs/java", "version_requirement": ">= 1.0.0"}]}\n`;
  const unused = (extra: string) => {
    const p = project(pf + code + extra);
    const text = p.readText('/work/Puppetfile')!;
    return fileDiagnostics(p, '/work/Puppetfile')
      .filter((d) => d.code === 'puppetfile/unused-module')
      .map((d) => text.slice(d.range.start, d.range.end));
  };
  assert.deepEqual(unused(lock), ["'puppetlabs/concat'", "'cron'"]);
  assert.deepEqual(
    unused(
      `${lock}#- /work/site-modules/profile/manifests/z.pp\nclass profile::z {\n  concat::fragment { 'a': target => '/x', content => 'y' }\n  cron::job { 'b': command => 'true' }\n}\n`,
    ),
    [],
  );
  assert.deepEqual(
    unused(copies),
    ["'puppetlabs/concat'", "'cron'", "'puppetlabs/java'"],
    'without the installed mesos, nothing needs java',
  );
  const idle = project(pf + manifest('  include mesos') + copies);
  const idleText = idle.readText('/work/Puppetfile')!;
  assert.deepEqual(
    fileDiagnostics(idle, '/work/Puppetfile')
      .filter((d) => d.code === 'puppetfile/unused-module')
      .map((d) => idleText.slice(d.range.start, d.range.end)),
    [
      "'puppetlabs/vcsrepo'",
      "'puppetlabs/inifile'",
      "'dalen/puppetdbquery'",
      "'herculesteam/augeasproviders_sysctl'",
      "'puppetlabs/concat'",
      "'cron'",
      "'puppetlabs/java'",
    ],
    'without the uses, every one of them is unused (archive stays: puppetlabs/java 7.3.0 depends on it)',
  );
  // A pinned module we know nothing about may depend on any other (a Puppetfile comment "dependency of X"):
  // then no module is called unused.
  const withUnknown = project(
    pf.replace(
      "mod 'puppetlabs/java', '7.3.0'",
      "mod 'puppetlabs/java', '7.3.0'\nmod 'puppetlabs/kubernetes', '8.0.0'",
    ) +
      code +
      copies,
  );
  assert.deepEqual(
    fileDiagnostics(withUnknown, '/work/Puppetfile').filter((d) => d.code === 'puppetfile/unused-module'),
    [],
  );
});

test('a librarian-puppet repo (Puppetfile.lock, metadata, ranges): no r10k errors, its lock pins the versions', () => {
  const files = [
    '#- /work/Puppetfile',
    "forge 'http://forge.puppetlabs.com'",
    'metadata',
    "mod 'puppetlabs/apt', '>= 2.0.0'",
    "mod 'puppetlabs/stdlib', '~> 4.0'",
    "mod 'site', :path => './site'",
    '#- /work/Puppetfile.lock',
    'FORGE\n  remote: http://forge.puppetlabs.com\n  specs:\n    puppetlabs-apt (9.0.1)\n      puppetlabs-stdlib (>= 4.16.0, < 10.0.0)\n    puppetlabs-stdlib (8.5.0)\n\nDEPENDENCIES\n  puppetlabs-apt (>= 2.0.0)\n',
    manifest("  class { 'apt': purge_sources_list => true }"),
    '',
  ].join('\n');
  const p = project(files);
  assert.deepEqual(findings(p, '/work/Puppetfile'), []);
  const apt = resolveModules(p, '/work').modules.get('apt')!;
  assert.equal(
    `${resolveModules(p, '/work').kind} ${apt.from} ${apt.versionText} ${apt.facts}`,
    'librarian lock 9.0.1 bundled',
  );
  assert.deepEqual(findings(p, X), ['puppet/unknown-parameter purge_sources_list'], 'the locked apt 9.0.1 is checked');
  // The same Puppetfile without the lock and without `metadata` is an r10k Puppetfile: its ranges are errors.
  const r10k = project(files.replace('metadata\n', '').replace(/#- \/work\/Puppetfile\.lock[^#]*/, ''));
  assert.deepEqual(
    findings(r10k, '/work/Puppetfile').filter((f) => f.startsWith('puppetfile/version-range')).length,
    2,
  );
});

test("a module repository: its Puppetfile and .fixtures.yml are development files, not a control repo's", () => {
  const p = project(
    [
      '#- /work/metadata.json',
      '{"name": "acme-mesoswrap", "version": "0.1.0", "dependencies": [{"name": "deric/mesos", "version_requirement": ">= 0.8.0"}]}',
      '#- /work/Puppetfile',
      "forge 'https://forgeapi.puppet.com'",
      'metadata',
      "mod 'puppetlabs/stdlib', '>= 4.0.0'",
      "mod 'puppetlabs/concat', '7.3.1'",
      '#- /work/.fixtures.yml',
      'fixtures:\n  repositories:\n    mesos: https://github.com/deric/puppet-mesos.git\n',
      '#- /work/manifests/init.pp',
      'class mesoswrap {\n  include mesos::cli\n}',
      '',
    ].join('\n'),
  );
  assert.equal(resolveModules(p, '/work').kind, 'module');
  assert.deepEqual(findings(p, '/work/Puppetfile'), []);
  assert.deepEqual(findings(p, '/work/.fixtures.yml'), []);
  assert.deepEqual(
    findings(p, '/work/manifests/init.pp'),
    [],
    'mesos is a declared dependency (>= 0.8.0): not an unknown module',
  );
});

test('a pin outside the range the pinned mesos requires: a finding only when both sides are known', () => {
  const pf = (mesos: string, apt: string) =>
    `#- /work/Puppetfile\nmod 'mesos', :git => '${mesos}', :tag => 'v0.8.4'\nmod 'puppetlabs/apt', '${apt}'\nmod 'puppetlabs/stdlib', '4.25.1'\n${manifest('  include mesos\n  include apt')}`;
  const conflicts = (text: string) =>
    fileDiagnostics(project(text), '/work/Puppetfile')
      .filter((d) => d.code === 'puppetfile/dependency-conflict')
      .map((d) => `${d.severity} ${d.message}`);
  assert.deepEqual(conflicts(pf('https://github.com/deric/puppet-mesos', '4.1.0')), [
    'error apt 4.1.0 does not satisfy mesos v0.8.4, which needs puppetlabs/apt >= 2.1.0 < 3.0.0.',
  ]);
  assert.deepEqual(conflicts(pf('https://github.com/deric/puppet-mesos', '2.4.0')), []);
  assert.deepEqual(
    conflicts(pf('https://github.com/someone/puppet-mesos', '4.1.0')),
    [],
    'a fork may require anything',
  );
  assert.deepEqual(
    conflicts(pf('https://github.com/deric/puppet-mesos', '4.1.0').replace("'puppetlabs/apt'", "'someone/apt'")),
    [],
    "another author's apt is not the one required",
  );
});

test('vendored third-party modules are not reported (only what breaks the catalog), unless includeVendored', () => {
  const files = [
    '#- /work/Puppetfile',
    "mod 'puppetlabs/apt', '9.0.1'",
    '#- /work/modules/apt/metadata.json',
    '{"name": "puppetlabs-apt", "version": "9.0.1"}',
    '#- /work/modules/apt/Puppetfile',
    "mod 'puppetlabs/stdlib', '>= 4.0.0'",
    '#- /work/modules/apt/manifests/init.pp',
    "class apt {\n  class { 'nosuch': }\n  hiera_include('classes')\n}",
    '#- /work/modules/apt/manifests/broken.pp',
    'class apt::broken {\n  include\n',
    '#- /work/modules/apt/spec/fixtures/hiera.yaml',
    'version: 5\nhierarchy:\n  - name: x\n    pathh: common.yaml\n',
    '#- /work/modules/ntp/metadata.json',
    '{"name": "puppetlabs-ntp", "version": "9.0.0"}',
    '#- /work/modules/ntp/manifests/init.pp',
    "class ntp {\n  class { 'nosuch': }\n}",
    '#- /work/site-modules/profile/metadata.json',
    '{"name": "acme-profile", "version": "0.1.0"}',
    manifest("  class { 'nosuch': }"),
    '#- /work/modules/acmetools/metadata.json',
    '{"name": "acme-acmetools", "version": "0.1.0"}',
    '#- /work/modules/acmetools/manifests/init.pp',
    "class acmetools {\n  class { 'nosuch': }\n}",
    '',
  ].join('\n');
  const p = project(files);
  assert.deepEqual(
    findings(p, '/work/modules/apt/manifests/init.pp'),
    [],
    "pinned by the Puppetfile: not the user's code",
  );
  assert.deepEqual(findings(p, '/work/modules/apt/Puppetfile'), []);
  assert.deepEqual(findings(p, '/work/modules/apt/spec/fixtures/hiera.yaml'), []);
  assert.deepEqual(
    findings(p, '/work/modules/ntp/manifests/init.pp'),
    [],
    "another author than the repo's own modules",
  );
  assert.deepEqual(
    findings(p, '/work/modules/apt/manifests/broken.pp').map((f) => f.split(' ')[0]),
    ['puppet/syntax'],
    'a syntax error breaks the catalog',
  );
  assert.deepEqual(findings(p, X), ['puppet/unknown-class nosuch'], "the user's own profile is reported");
  assert.deepEqual(
    findings(p, '/work/modules/acmetools/manifests/init.pp'),
    ['puppet/unknown-class nosuch'],
    "a module by the repo's own author is the user's",
  );
  p.updateSettings({ includeVendored: true });
  assert.deepEqual(findings(p, '/work/modules/apt/manifests/init.pp'), [
    'puppet/unknown-class nosuch',
    "puppet/hiera-include hiera_include('classes')",
  ]);
  assert.ok(findings(p, '/work/modules/apt/spec/fixtures/hiera.yaml').length > 0);
});

test('explanations as data: every module of a repo, and hover on a Puppetfile entry, a class and a key', async () => {
  const { explainModules } = await import('../../server/src/ide/shared/explainModules.js');
  const { hover } = await import('../../server/src/ide/hover.js');
  const files = [
    '#- /work/Puppetfile',
    "mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.7.1'",
    "mod 'puppetlabs/apt', '9.0.1'",
    "mod 'puppetlabs/stdlib', :git => 'https://github.com/puppetlabs/puppetlabs-stdlib', :branch => 'main'",
    manifest('  include mesos::master'),
    '#- /work/data/common.yaml',
    'mesos::master::work_dir: /var/lib/mesos',
    '',
  ].join('\n');
  const p = project(files);
  const e = explainModules(p, '/work');
  assert.equal(e.kind, 'r10k');
  assert.deepEqual(
    e.modules.map((m) => `${m.fullName ?? m.name} ${m.version} ${m.from} ${m.facts}`),
    [
      'puppetlabs-apt 9.0.1 puppetfile bundled',
      'mesos 0.7.1 puppetfile bundled',
      'profile unversioned (no metadata.json version) installed installed',
      "puppetlabs-stdlib unknown (branch 'main') puppetfile approximate",
    ],
  );
  const at = (path: string, needle: string) => hover(p, path, p.readText(path)!.indexOf(needle) + 1)?.markdown ?? '';
  assert.match(
    at('/work/Puppetfile', "'mesos'"),
    /In use: mesos 0\.7\.1, from the Puppetfile \(git https:\/\/github\.com\/deric\/puppet-mesos 'v0\.7\.1'\)\. Checked against the bundled facts of deric-mesos 0\.7\.1\./,
  );
  assert.match(at(X, 'mesos::master'), /Module: mesos 0\.7\.1, from the Puppetfile/);
  assert.match(at('/work/data/common.yaml', 'mesos::master::work_dir'), /Module: mesos 0\.7\.1, from the Puppetfile/);
});

test('corpus C1: a Puppetfile read by librarian-puppet (Gemfile or Vagrantfile brings it) gets no r10k errors', () => {
  const pf =
    "#- /work/puppet/Puppetfile\nforge 'https://forgeapi.puppetlabs.com'\nmod 'puppetlabs/stdlib', '~> 4.3'\nmod 'acme-profiles', :path => 'profiles'\n";
  assert.deepEqual(
    findings(
      project(
        `${pf}#- /work/Vagrantfile\nVagrant.configure('2') do |c|\n  c.librarian_puppet.puppetfile_dir = 'puppet'\nend\n`,
      ),
      '/work/puppet/Puppetfile',
    ),
    [],
  );
  assert.deepEqual(findings(project(`${pf}#- /work/Gemfile\ngem 'librarian-puppet'\n`), '/work/puppet/Puppetfile'), []);
  // As the CLI sees it: the control repo is the Puppetfile's folder, the Vagrantfile one level above it.
  const vagrant = `${pf}#- /work/Vagrantfile\nVagrant.configure('2') do |c|\n  c.librarian_puppet.puppetfile_dir = 'puppet'\nend\n`;
  const cliView = new Project(memoryFileSystem(parseFixture(vagrant).files), ['/work/puppet']);
  assert.deepEqual(findings(cliView, '/work/puppet/Puppetfile'), []);
  assert.deepEqual(
    findings(project(pf), '/work/puppet/Puppetfile').map((f) => f.split(' ')[0]),
    ['puppetfile/version-range', 'puppetfile/no-source', 'puppetfile/unknown-option'],
    'without librarian around, r10k is the reader',
  );
});

test("corpus C7: a librarian :path module is read from its folder; a pinned module we cannot see is no 'unknown class'", () => {
  const p = project(
    [
      '#- /work/Puppetfile',
      'metadata',
      "mod 'acme-prof', :path => 'prof'",
      "mod 'acme/widget', '1.0.0'",
      '#- /work/metadata.json.txt',
      '',
      '#- /work/prof/manifests/base.pp',
      'class prof::base($level = 1) {}',
      manifest("  include prof::base\n  class { 'prof::base': nope => 1 }\n  include widget::server"),
      '#- /work/site-modules/profile/manifests/y.pp',
      'class profile::y {\n  include widget::server\n}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    findings(p, X),
    ['puppet/unknown-parameter nope'],
    'the :path module is indexed: its real class and parameter are known',
  );
  assert.deepEqual(findings(p, '/work/site-modules/profile/manifests/y.pp'), []);
  assert.deepEqual(
    findings(p, '/work/Puppetfile').map((f) => f.split(' ')[0]),
    ['puppetfile/module-not-checked'],
    'one note for widget, for all its uses',
  );
});

test('corpus C8: a Vagrant layout (puppet/modules, puppet/manifests) with the Puppetfile at the root', () => {
  const p = project(
    '#- /work/Puppetfile\n\n#- /work/puppet/modules/app/manifests/a.pp\nclass app::a {}\n#- /work/puppet/modules/app/manifests/b.pp\nclass app::b {\n  include app::a\n  include app::c\n}\n#- /work/puppet/manifests/site.pp\nnode default {\n  include app::b\n}\n',
  );
  assert.deepEqual(findings(p, '/work/puppet/modules/app/manifests/b.pp'), ['puppet/unknown-class app::c']);
  assert.deepEqual(findings(p, '/work/puppet/manifests/site.pp'), []);
});

test('corpus C11: zookeeper pinned at 0.6.1 is checked against 0.6.1: its real parameter cdhver is not reported', () => {
  const body = manifest("  class { 'zookeeper': cdhver => '5', made_up => 1 }");
  assert.deepEqual(findings(project(`#- /work/Puppetfile\nmod 'deric/zookeeper', '0.6.1'\n${body}`), X), [
    'puppet/unknown-parameter made_up',
  ]);
  assert.deepEqual(
    findings(project(`#- /work/Puppetfile\nmod 'deric/zookeeper', '0.8.4'\n${body}`), X),
    ['puppet/unknown-parameter made_up'],
    'at a release we know, the rule holds',
  );
});

test("corpus C12: gini/archive does not get puppet/archive's dependencies", () => {
  const pf = (name: string) =>
    `#- /work/Puppetfile\nmod '${name}', '0.2.0'\n${manifest("  archive { '/tmp/x.tgz': source => 'https://example.com/x.tgz' }")}`;
  assert.deepEqual(
    findings(project(pf('gini/archive')), '/work/Puppetfile').filter((f) =>
      f.startsWith('puppetfile/missing-dependency'),
    ),
    [],
  );
  const upstream = fileDiagnostics(project(pf('puppet/archive')), '/work/Puppetfile').filter(
    (d) => d.code === 'puppetfile/missing-dependency',
  );
  assert.ok(
    upstream.some((d) => /needs pe_gem/.test(d.message)),
    'puppet/archive 0.2.0 does need pe_gem',
  );
  // gini-archive 0.2.0 is bundled too: its own facts, and no 'no facts are bundled' note (Spantree/vagrant-mesos).
  const gini = project(pf('gini/archive'));
  const m = resolveModules(gini, '/work').modules.get('archive')!;
  assert.equal(`${m.facts} ${m.catalog?.fullName} ${m.catalog?.version}`, 'bundled gini-archive 0.2.0');
  assert.deepEqual(
    findings(gini, '/work/Puppetfile').filter((f) => f.startsWith('puppetfile/module-not-checked')),
    [],
  );
});

test('corpus C14: a git submodule that is not checked out is no module with no classes', () => {
  const sub =
    '#- /work/.gitmodules\n[submodule "modules/mesos"]\n\tpath = modules/mesos\n\turl = https://github.com/deric/puppet-mesos\n';
  const p = project(
    `${sub}#- /work/modules/mesos/.keep\n${manifest('  include mesos::master\n  include mesos::nosuch')}`.replace(
      '#- /work/modules/mesos/.keep\n',
      '',
    ),
  );
  // The memory file system has no empty folders: make modules/mesos exist and be empty.
  const empty = new Project(
    {
      ...p.fs,
      readDirectory: (d: string) =>
        d === '/work/modules'
          ? [{ name: 'mesos', isDirectory: true, isFile: false }]
          : d === '/work/modules/mesos'
            ? []
            : p.fs.readDirectory(d),
      isDirectory: (d: string) => d === '/work/modules/mesos' || d === '/work/modules' || p.fs.isDirectory(d),
      exists: (d: string) => d === '/work/modules/mesos' || d === '/work/modules' || p.fs.exists(d),
    },
    ['/work'],
  );
  assert.deepEqual(findings(empty, X), []);
  assert.equal(resolveModules(empty, '/work').modules.get('mesos')!.from, 'submodule');
});

test("corpus C18: a module repository's own missing class says so", () => {
  const p = project(
    '#- /work/metadata.json\n{"name": "epflsti-epflsti_coreos", "version": "0.1.0"}\n#- /work/manifests/init.pp\nclass epflsti_coreos {\n  include epflsti_coreos::private::zfs\n}\n',
  );
  assert.deepEqual(
    fileDiagnostics(p, '/work/manifests/init.pp').map((d) => d.message),
    [
      "Unknown class 'epflsti_coreos::private::zfs': module 'epflsti_coreos' (this repository) has no such class. Did you mean 'epflsti_coreos'?",
    ],
  );
});

test("corpus C3: apt::update, a private class of every apt release, is not 'unknown'; a made-up apt class is", () => {
  const body = manifest(
    "  apt::source { 'x': location => 'http://x' } -> Class['apt::update']\n  include apt::nosuch\n  include mesos::nosuch",
  );
  assert.deepEqual(
    findings(
      project(
        `#- /work/Puppetfile\nmod 'puppetlabs/apt', '9.0.1'\nmod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v1.1.0'\n${body}`,
      ),
      X,
    ),
    ['puppet/unknown-class apt::nosuch', 'puppet/unknown-class mesos::nosuch'],
  );
});

test('corpus C16: directory environments kept in the repo: <env>/modules is on the modulepath', () => {
  const p = project(
    '#- /work/Puppetfile\n\n#- /work/etc/puppet/environments/prod/manifests/site.pp\nnode default {\n  include app\n  include app::nosuch\n}\n#- /work/etc/puppet/environments/prod/modules/app/manifests/init.pp\nclass app {}\n',
  );
  assert.deepEqual(findings(p, '/work/etc/puppet/environments/prod/manifests/site.pp'), [
    'puppet/unknown-class app::nosuch',
  ]);
});

test("corpus C19: the module path never replaces a release the lock or the Puppetfile pins, nor the repo's own module", () => {
  const debian =
    '#- /usr/share/puppet/modules/zookeeper/metadata.json\n{"name": "deric-zookeeper", "version": "0.8.4"}\n#- /usr/share/puppet/modules/zookeeper/manifests/init.pp\nclass zookeeper(String $id = "1", String $made_up = "") {}\n';
  const locked = project(
    `#- /work/Puppetfile\nmod 'deric/zookeeper', '>= 0.3.0'\n#- /work/Puppetfile.lock\nFORGE\n  remote: https://forgeapi.puppetlabs.com\n  specs:\n    deric-zookeeper (0.3.5)\n\nDEPENDENCIES\n  deric-zookeeper (>= 0.3.0)\n${debian}#- /work/data/common.yaml\nzookeeper::made_up: x\n`,
    { modulePath: ['/usr/share/puppet/modules'] },
  );
  assert.equal(resolveModules(locked, '/work').modules.get('zookeeper')!.version, '0.3.5');
  assert.deepEqual(
    findings(locked, '/work/data/common.yaml'),
    ['hiera/unknown-key zookeeper::made_up'],
    "checked against the locked 0.3.5, not Debian's copy",
  );
  const own = project(
    `#- /work/modules/zookeeper/manifests/init.pp\nclass zookeeper($version = 'x', $nodes = []) {}\n${debian}#- /work/data/common.yaml\nzookeeper::version: '3.4'\nzookeeper::nodes: [a]\n`,
    { modulePath: ['/usr/share/puppet/modules'] },
  );
  assert.deepEqual(
    findings(own, '/work/data/common.yaml'),
    [],
    "the repo's own zookeeper module (corpus C4), not Debian's or the bundled one",
  );
});

const extraCeph = [
  '#- /usr/share/puppet/modules/ceph/manifests/init.pp',
  "class ceph($fsid = 'x') {\n  $m = translate('ceph')\n  kmod::load { 'rbd': }\n}",
].join('\n');

test("corpus C22: what the extra module path's copies use is not a use by the repo", () => {
  const p = project(
    [
      '#- /work/Puppetfile',
      "mod 'puppetlabs/translate', '2.0.0'",
      "mod 'camptocamp/kmod', '2.3.1'",
      extraCeph,
      manifest('  include ceph'),
      '',
    ].join('\n'),
    { modulePath: ['/usr/share/puppet/modules'] },
  );
  // Only Debian's ceph calls translate() and declares kmod::load: no note says the repo uses them.
  assert.deepEqual(
    fileDiagnostics(p, '/work/Puppetfile').map((d) => `${d.code} ${d.message}`),
    [],
  );
});

test("corpus C23: a module found only on the extra module path is named so, never as the repo's", () => {
  const p = project(
    [
      extraCeph,
      manifest("  include ceph::nosuch\n  class { 'ceph': mon_key => 'k' }"),
      '#- /work/data/common.yaml',
      'ceph::mon_key: k',
      '',
    ].join('\n'),
    { modulePath: ['/usr/share/puppet/modules'] },
  );
  const messages = (path: string) => fileDiagnostics(p, path).map((d) => `${d.code} ${d.message}`);
  assert.deepEqual(messages(X), [
    "puppet/unknown-class Unknown class 'ceph::nosuch': module ceph from the extra module path has no such class. Did you mean 'ceph'?",
    "puppet/unknown-parameter Class 'ceph' (ceph from the extra module path) has no parameter 'mon_key'.",
  ]);
  assert.deepEqual(messages('/work/data/common.yaml'), [
    "hiera/unknown-key Class 'ceph' (ceph from the extra module path) has no parameter 'mon_key'.",
  ]);
});

test('a version range the repo allows is a window: keys are judged against the releases within it only', () => {
  const p = project(
    [
      '#- /work/modules/stack/metadata.json',
      '{"name": "acme-stack", "version": "1.0.0", "dependencies": [{"name": "deric/zookeeper", "version_requirement": ">= 0.2.2 < 0.3.0"}]}',
      '#- /work/modules/stack/manifests/init.pp',
      'class stack {\n  include zookeeper\n}',
      '#- /work/data/common.yaml',
      // client_ip exists from v0.3.0 on, outside the range; lo4j_prop is v0.2.x's own spelling.
      'zookeeper::client_ip: 10.0.0.1\nzookeeper::lo4j_prop: x',
      '',
    ].join('\n'),
  );
  const m = resolveModules(p, '/work').modules.get('zookeeper')!;
  assert.equal(
    `${m.versionText} ${m.facts} ${m.catalog?.version}`,
    "unknown (range '>= 0.2.2 < 0.3.0') approximate 0.2.4",
  );
  assert.deepEqual(
    fileDiagnostics(p, '/work/data/common.yaml').map((d) => `${d.code} ${d.message}`),
    [
      "hiera/unknown-key Class 'zookeeper' (deric-zookeeper, version unknown) has no parameter 'client_ip' in any release from v0.2.2 to v0.2.4. It exists in zookeeper v0.3.0 to v1.6.0; the repo allows v0.2.2 to v0.2.4.",
    ],
  );
});

test('a version between two bundled releases is judged within that window, not by one neighbour', () => {
  // Puppetfile.lock resolved zookeeper to 0.2.5, which no tag has: it lies between v0.2.4 and v0.3.0.
  const p = project(
    [
      "#- /work/Puppetfile\nforge 'https://forgeapi.puppetlabs.com'\nmod 'deric/zookeeper', '>= 0.2.0'",
      '#- /work/Puppetfile.lock\nFORGE\n  remote: https://forgeapi.puppetlabs.com\n  specs:\n    deric-zookeeper (0.2.5)\n\nDEPENDENCIES\n  deric-zookeeper (>= 0.2.0)\n',
      '#- /work/manifests/site.pp\nnode default {\n  include zookeeper\n}',
      '#- /work/data/common.yaml',
      // client_ip: v0.3.0 has it, lo4j_prop: v0.2.4 has it (either may be 0.2.5's); system_user came in v0.7.3.
      'zookeeper::client_ip: 10.0.0.1\nzookeeper::lo4j_prop: x\nzookeeper::system_user: zk',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    fileDiagnostics(p, '/work/data/common.yaml').map((d) => `${d.code} ${d.message}`),
    [
      "hiera/unknown-key Class 'zookeeper' (deric-zookeeper 0.2.5, a version no bundled release has) has no parameter 'system_user' in any release from v0.2.4 to v0.3.0. It exists in zookeeper v0.7.3 to v1.6.0; Puppetfile.lock resolves it to v0.2.5.",
    ],
  );
});

test('a resource-like declaration of a class whose version lies between releases: judged within the window', () => {
  // Puppetfile.lock resolved zookeeper to 0.2.5, between v0.2.4 and v0.3.0: client_ip (v0.3.0) and lo4j_prop
  // (v0.2.4) may each be 0.2.5's; system_user came in v0.7.3, so neither release around 0.2.5 has it.
  const p = project(
    [
      "#- /work/Puppetfile\nforge 'https://forgeapi.puppetlabs.com'\nmod 'deric/zookeeper', '>= 0.2.0'",
      '#- /work/Puppetfile.lock\nFORGE\n  remote: https://forgeapi.puppetlabs.com\n  specs:\n    deric-zookeeper (0.2.5)\n\nDEPENDENCIES\n  deric-zookeeper (>= 0.2.0)\n',
      manifest(
        "  class { 'zookeeper': client_ip => '10.0.0.1', lo4j_prop => 'x', system_user => 'zk', require => [] }",
      ),
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    fileDiagnostics(p, X).map((d) => `${d.code} ${d.message}`),
    [
      "puppet/unknown-parameter Class 'zookeeper' (deric-zookeeper 0.2.5, a version no bundled release has) has no parameter 'system_user' in any release from v0.2.4 to v0.3.0.",
    ],
  );
});

test('corpus C7: an environment kept below the Puppetfile that deploys it (librarian --path environments/<env>/modules)', () => {
  const layout = (lock: string) =>
    [
      "#- /work/puppet/Puppetfile\nforge 'https://forgeapi.puppetlabs.com'\nmod 'acme/stack', '~> 0.10.0'",
      lock,
      '#- /work/puppet/environments/prod/environment.conf\n# the default modulepath: modules',
      '#- /work/puppet/environments/prod/manifests/site.pp\nnode default {\n  include stack::controller\n  include nosuch::thing\n}',
      '',
    ].join('\n');
  const site = '/work/puppet/environments/prod/manifests/site.pp';
  const locked = project(
    layout(
      '#- /work/puppet/Puppetfile.lock\nFORGE\n  remote: https://forgeapi.puppetlabs.com\n  specs:\n    acme-stack (0.10.1)\n\nDEPENDENCIES\n  acme-stack (~> 0.10.0)\n',
    ),
  );
  assert.deepEqual(
    findings(locked, site),
    ['puppet/unknown-class nosuch::thing'],
    'stack is pinned and locked above the environment: unknown to us, not unknown',
  );
  const m = resolveModules(locked, '/work/puppet/environments/prod').modules.get('stack')!;
  assert.equal(`${m.from} ${m.versionText} ${m.facts}`, 'lock 0.10.1 none');
  assert.deepEqual(
    findings(project(layout('')), site),
    ['puppet/unknown-class nosuch::thing'],
    'the Puppetfile alone pins it too',
  );
});

test("corpus C14: a submodule listed in the .gitmodules above the control repo (a Vagrant project's puppet/)", () => {
  // git archive leaves no folder for a submodule: the .gitmodules entry is all there is.
  const p = project(
    [
      '#- /work/.gitmodules',
      '[submodule "puppet/modules/rabbitmq"]\n\tpath = puppet/modules/rabbitmq\n\turl = https://github.com/puppetlabs/puppetlabs-rabbitmq.git',
      '#- /work/puppet/hiera.yaml\n---\n:backends: [yaml]\n:hierarchy: [common]\n:yaml:\n  :datadir: /vagrant/puppet/hieradata',
      '#- /work/puppet/modules/events/manifests/init.pp\nclass events {\n  include rabbitmq\n  include nosuch\n}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(findings(p, '/work/puppet/modules/events/manifests/init.pp'), ['puppet/unknown-class nosuch']);
  assert.equal(resolveModules(p, '/work/puppet').modules.get('rabbitmq')?.from, 'submodule');
  // As the CLI sees it: the control repo (puppet/, its hiera.yaml) is the workspace folder.
  const cliView = new Project(p.fs, ['/work/puppet']);
  assert.deepEqual(findings(cliView, '/work/puppet/modules/events/manifests/init.pp'), ['puppet/unknown-class nosuch']);
});

test('corpus M2: an internal git mirror pinned at the commit of an upstream release is that release, not a fork', () => {
  // kscherer/puppet-modules: apt from git://…/github.com.puppetlabs.puppet-apt.git at 2.2.0; the lock's sha is
  // the commit of puppetlabs-apt's tag 2.2.0 (800c8cc1b2e0…), which has $purge but no purge_sources_list.
  const lock = (sha: string) =>
    `#- /work/Puppetfile.lock\nGIT\n  remote: git://git.example.com/mirror/puppetlabs-apt.git\n  ref: 2.2.0\n  sha: ${sha}\n  specs:\n    puppetlabs-apt (2.2.0)\n\nDEPENDENCIES\n  puppetlabs-apt (>= 0)\n`;
  const fixture = (sha: string) =>
    `#- /work/Puppetfile\nmod 'puppetlabs-apt',\n  :git => 'git://git.example.com/mirror/puppetlabs-apt.git',\n  :ref => '2.2.0'\n${lock(sha)}${manifest("  class { 'apt': purge_sources_list => true }")}`;
  const mirror = project(fixture('800c8cc1b2e06d7e0a273d8b51a999da8dae7ecb'));
  assert.deepEqual(findings(mirror, X), ['puppet/unknown-parameter purge_sources_list']);
  const apt = resolveModules(mirror, '/work').modules.get('apt')!;
  assert.equal(`${apt.versionText} ${apt.facts}${apt.fork ? ' fork' : ''}`, '2.2.0 bundled');
  assert.match(apt.why, /but commit 800c8cc1b2e0 is its tag 2\.2\.0: a mirror of the upstream release/);
  // Another commit under that URL is someone's own code: a fork, nothing asserted.
  const fork = project(fixture('0123456789abcdef0123456789abcdef01234567'));
  assert.deepEqual(findings(fork, X), []);
  assert.equal(resolveModules(fork, '/work').modules.get('apt')!.fork, true);
});

test('corpus K17: the Puppetfile at the top, hiera/hiera.yaml beside its data with a datadir that is one variable', () => {
  // kscherer/puppet-modules: :datadir: "%{::hiera_datadir}" (set to the folder of hiera.yaml when testing).
  const p = project(
    [
      "#- /work/Puppetfile\nmod 'deric-mesos',\n  :git => 'https://github.com/deric/puppet-mesos',\n  :ref => 'v0.8.0'",
      '#- /work/environment.conf\nmodulepath = modules:$basemodulepath',
      '#- /work/hiera/hiera.yaml\n---\n:backends:\n  - yaml\n:hierarchy:\n  - common\n:yaml:\n   :datadir: "%{::hiera_datadir}"',
      "#- /work/hiera/common.yaml\nmesos::slave::checkpoint: true\nmesos::zookeeper: 'zk://10.0.0.1:2181/mesos'\nmesos::slave::work_dri: /var/lib/mesos",
      '',
    ].join('\n'),
  );
  // Checked against the pinned v0.8.0 (the top's Puppetfile), not the newest release; a zk:// String is what
  // v0.8.0 still takes (zookeeper_servers_url returns it as it is), so no shape finding.
  assert.deepEqual(
    findings(p, '/work/hiera/common.yaml').map((f) => f.split(' ')[0]),
    ['mesos/checkpoint-no-effect', 'hiera/unknown-key'],
  );
  assert.match(fileDiagnostics(p, '/work/hiera/common.yaml')[0].message, /mesos v0\.8\.0/);
});

test("corpus C20: modules the repo's own scripts install (puppet module install, a list they read) are no 'unknown class'", () => {
  // oloc/g10b: a Dockerfile beside site.pp installs mysql; a setup script installs every line of modules.lst.
  const p = project(
    [
      '#- /work/docker/db/Dockerfile\nFROM base\nRUN puppet module install puppetlabs-mysql --version 3.1.0\n',
      "#- /work/docker/db/site.pp\nclass { 'mysql::server': }\n",
      "#- /work/install/setup.sh\ngrep -v '^#' ./env/modules.lst | while read M; do puppet module install $M; done\n",
      '#- /work/env/modules.lst\n# from the Forge\nderic-mesos\npuppetlabs-docker_platform\n',
      '#- /work/env/hiera.yaml\n---\n:backends:\n  - yaml\n:hierarchy:\n  - common\n:yaml:\n  :datadir: /work/env/hieradata',
      '#- /work/env/hieradata/common.yaml\nmesos::host: 10.0.0.1\nmesos::master::zookeeper: zk://10.0.0.1:2181/mesos\n',
      // docker comes with docker_platform, whose dependencies we do not know
      '#- /work/env/manifests/site.pp\ninclude docker\ninclude mesos::master\n',
      '',
    ].join('\n'),
  );
  const r = resolveModules(p, '/work').modules;
  const row = (n: string) => `${r.get(n)!.from} ${r.get(n)!.versionText} ${r.get(n)!.facts}`;
  assert.equal(row('mysql'), 'script 3.1.0 none');
  assert.equal(row('mesos'), 'script unknown (the newest at deployment) approximate');
  assert.match(
    r.get('mesos')!.why,
    /install script \(env\/modules\.lst: puppet module install, the newest at install time\)/,
  );
  assert.deepEqual(findings(p, '/work/docker/db/site.pp'), []);
  assert.deepEqual(findings(p, '/work/env/manifests/site.pp'), []);
  // The version is unknown, but no release of deric-mesos has mesos::host: still reported, and said so.
  const hiera = fileDiagnostics(p, '/work/env/hieradata/common.yaml');
  assert.deepEqual(
    hiera.map((d) => d.message),
    ["Class 'mesos' (deric-mesos, version unknown) has no parameter 'host' in any release from v0.1.1 to v1.1.0."],
  );
});

test('corpus C21: a module repository (a Modulefile, before metadata.json) does not judge a module it does not declare', () => {
  // ki0/puppet-mesos (example42 style): `require apt::repo::mesosphere` comes from the apt its users install,
  // which its Modulefile does not name; the newest puppetlabs-apt is not that module.
  const files = (extra: string) =>
    [
      "#- /work/Modulefile\nname 'example42-mesos'\nversion '2.0.10'\ndependency 'example42/puppi', '>=2.0.0'\n" +
        extra,
      '#- /work/manifests/init.pp\nclass mesos {\n  require apt::repo::mesosphere\n  include mesos::nosuch\n}\n',
      '',
    ].join('\n');
  const p = project(files(''));
  assert.equal(resolveModules(p, '/work').kind, 'module');
  assert.equal(resolveModules(p, '/work').modules.get('puppi')!.from, 'metadata');
  assert.deepEqual(findings(p, '/work/manifests/init.pp'), ['puppet/unknown-class mesos::nosuch']);
  // The same code outside a module repository: nothing pins apt, so the newest bundled apt is the one in use.
  const plain = project('#- /work/manifests/init.pp\nclass mesos {\n  require apt::repo::mesosphere\n}\n');
  assert.deepEqual(findings(plain, '/work/manifests/init.pp'), ['puppet/unknown-class apt::repo::mesosphere']);
});
