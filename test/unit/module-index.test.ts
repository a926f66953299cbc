// The module index: modulepath resolution, what it indexes (autoload layout and the root's manifests), class
// references from manifests and Hiera `classes` arrays, role → profile → module expansion, and its caching
// (memoised per generation, one file re-summarised per keystroke, directories re-listed when files come and go).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Project } from '../../server/src/workspace/project.js';
import {
  environmentModulePath,
  moduleIndex,
  resolveModulePath,
  autoloadName,
} from '../../server/src/workspace/moduleIndex.js';
import { memoryFileSystem } from '../support/memoryFileSystem.js';
import { fixtureProject } from '../support/project.js';
import { render } from '../support/navigation.js';
import { BOOK_REPO } from '../fixtures/navigation/bookRepo.js';
import type { FileSystem } from '../../server/src/workspace/fileSystem.js';

test('modulepath: environment.conf entries relative to the root, $basemodulepath is the setting, then the setting', () => {
  const fs = memoryFileSystem({
    '/r/environment.conf': '# comment\nmodulepath = site:modules:$basemodulepath:/abs/mods\nmanifest = x\n',
  });
  const project = new Project(fs, ['/r'], { modulePath: ['/opt/mods', '/r/site'] });
  assert.deepEqual(resolveModulePath(project, '/r'), ['/r/site', '/r/modules', '/opt/mods', '/abs/mods']);
  const none = new Project(memoryFileSystem({}), ['/r'], { modulePath: ['/opt/mods'] });
  assert.deepEqual(resolveModulePath(none, '/r'), ['/r/site-modules', '/r/site', '/r/modules', '/opt/mods']);
  assert.equal(environmentModulePath('modulepath="a:b" # x'), 'a:b');
  assert.equal(environmentModulePath('manifest = site.pp'), undefined);
});

test('autoload names: manifests, init.pp, types (capitalised), functions', () => {
  assert.equal(autoloadName('mesos', 'manifests', 'init.pp'), 'mesos');
  assert.equal(autoloadName('mesos', 'manifests', 'master/marathon.pp'), 'mesos::master::marathon');
  assert.equal(autoloadName('stdlib', 'types', 'compat/ipv4.pp'), 'Stdlib::Compat::Ipv4');
  assert.equal(autoloadName('x', 'functions', 'f.pp'), 'x::f');
  assert.equal(autoloadName('x', 'site', 'site.pp'), undefined);
});

test('indexes classes, defines, type aliases, functions and nodes; the first module of a name wins', () => {
  const { project } = fixtureProject(`${BOOK_REPO}#- /work/modules/mesos/manifests/repo.pp
define mesos::repo($source = 'x') {}
#- /work/modules/mesos/types/flag.pp
type Mesos::Flag = Variant[String, Integer]
#- /work/modules/mesos/functions/quorum.pp
function mesos::quorum(Integer $n) >> Integer { $n / 2 + 1 }
#- /work/modules/mesos/examples/init.pp
class mesos::example {}
#- /work/site-modules/mesos/manifests/init.pp
class mesos($shadowing = true) {}
`);
  const index = moduleIndex(project, '/work');
  assert.deepEqual(
    index.modules().map((m) => `${m.name}@${m.pathEntry}`),
    ['mesos@/work/site-modules', 'profile@/work/site-modules', 'role@/work/site-modules'],
  );
  assert.equal(index.findClass('mesos')?.path, '/work/site-modules/mesos/manifests/init.pp');
  assert.equal(index.findClass('mesos::master'), undefined, 'modules/mesos is shadowed by site-modules/mesos');
  const { project: p2 } = fixtureProject(`${BOOK_REPO}#- /work/modules/mesos/manifests/repo.pp
define mesos::repo($source = 'x') {}
#- /work/modules/mesos/types/flag.pp
type Mesos::Flag = Variant[String, Integer]
#- /work/modules/mesos/functions/quorum.pp
function mesos::quorum(Integer $n) >> Integer { $n / 2 + 1 }
#- /work/modules/mesos/examples/init.pp
class mesos::example {}
`);
  const i2 = moduleIndex(p2, '/work');
  assert.equal(i2.findClass('::Mesos::Repo')?.kind, 'define');
  assert.deepEqual(
    i2.findClass('mesos::master')?.definition.parameters.map((p) => p.name),
    ['options', 'env_var', 'enable'],
  );
  assert.equal(i2.typeAlias('mesos::flag')?.alias.typeText, 'Variant[String, Integer]');
  assert.equal(i2.findFunction('mesos::quorum')?.fn.returnType, 'Integer');
  assert.equal(i2.findClass('mesos::example'), undefined, 'examples/ is not autoloaded');
  assert.deepEqual(
    i2.nodes().map((n) => `${n.path} ${n.node.names.join(',')}`),
    ['/work/manifests/site.pp default'],
  );
});

test('references: include, contain, resource-like, Class[], inherits, and Hiera classes arrays', () => {
  const { project, fixture } = fixtureProject(BOOK_REPO);
  const index = moduleIndex(project, '/work');
  const refs = (name: string) => index.references(name).map((u) => `${u.kind} ${render(fixture.files, [u])[0]}`);
  assert.deepEqual(refs('role::mesos::slave'), ['hiera-classes /work/data/nodes/slave1.yaml:2:6 "role::mesos::slave"']);
  assert.deepEqual(refs('mesos'), [
    'inherits /work/modules/mesos/manifests/master.pp:8:12 "mesos"',
    'resource-like /work/site-modules/profile/manifests/mesos/master.pp:2:12 "mesos"',
  ]);
  assert.deepEqual(refs('profile::mesos::master'), [
    'class-reference /work/site-modules/profile/manifests/zookeeper.pp:3:23 "profile::mesos::master"',
    'include /work/site-modules/role/manifests/mesos/master.pp:3:11 "profile::mesos::master"',
  ]);
  assert.deepEqual(refs('mesos::install'), ['contain /work/modules/mesos/manifests/init.pp:6:11 "mesos::install"']);
});

test('expandIncludes follows what a class declares: role → profiles → modules', () => {
  const { project } = fixtureProject(BOOK_REPO);
  const index = moduleIndex(project, '/work');
  assert.deepEqual(index.expandIncludes('role::mesos::master'), ['profile::zookeeper', 'profile::mesos::master']);
  assert.deepEqual(index.expandIncludes('profile::mesos::master'), ['mesos', 'mesos::master']);
  assert.deepEqual(index.expandIncludes('mesos::master'), ['mesos'], 'inherits counts');
  assert.deepEqual(
    index.expandIncludes('profile::zookeeper'),
    ['zookeeper'],
    'Class[] is a reference, not a declaration',
  );
  assert.deepEqual(index.expandIncludes('nope'), []);
});

test('memoised per generation; a keystroke re-summarises only the edited file', () => {
  const { project } = fixtureProject(BOOK_REPO);
  const a = moduleIndex(project, '/work');
  assert.equal(moduleIndex(project, '/work'), a);
  const edited = '/work/site-modules/role/manifests/mesos/slave.pp';
  project.setOpenText(
    edited,
    'class role::mesos::slave {\n  include profile::mesos::slave\n  include profile::zookeeper\n}\n',
  );
  const b = moduleIndex(project, '/work');
  assert.notEqual(b, a);
  for (const f of a.files()) {
    if (f.path === edited) assert.notEqual(b.file(f.path), f);
    else assert.equal(b.file(f.path), f, `${f.path} was summarised again`);
  }
  assert.deepEqual(b.expandIncludes('role::mesos::slave'), ['profile::mesos::slave', 'profile::zookeeper']);
  // What the other files add to the index (their class uses, their definitions) is gathered as it was, not
  // derived from their summaries again; the edited file's uses are new.
  const before = new Set<object>([...a.allReferences(), ...a.classes()]);
  for (const u of b.allReferences())
    assert.equal(before.has(u), u.path !== edited || u.kind === 'hiera-classes', `${u.path} ${u.className}`);
  for (const c of b.classes()) assert.equal(before.has(c), c.path !== edited, c.name);
  assert.deepEqual(
    b.references('profile::zookeeper').map((u) => [u.path, u.kind]),
    [
      ['/work/site-modules/role/manifests/mesos/master.pp', 'include'],
      [edited, 'include'],
    ],
  );
  // Closing the file without saving brings the disk's text back.
  project.setOpenText(edited, undefined);
  assert.deepEqual(moduleIndex(project, '/work').expandIncludes('role::mesos::slave'), ['profile::mesos::slave']);
});

test('editing one manifest parses that file only: one manifestFacts query runs, in the project’s QueryDb', () => {
  const { project } = fixtureProject(BOOK_REPO);
  project.queries.trace = [];
  const first = moduleIndex(project, '/work');
  const parsed = (): string[] => project.queries.trace!.splice(0).filter((l) => l.startsWith('manifestFacts('));
  assert.equal(parsed().length, first.files().length, 'the first build summarises every manifest once');
  const edited = '/work/site-modules/profile/manifests/zookeeper.pp';
  project.setOpenText(edited, 'class profile::zookeeper {\n  include zookeeper\n  include profile::base\n}\n');
  assert.deepEqual(moduleIndex(project, '/work').expandIncludes('profile::zookeeper'), ['zookeeper', 'profile::base']);
  assert.deepEqual(parsed(), [`manifestFacts(${edited})`]);
  // An edit of a data file parses no manifest.
  project.setOpenText('/work/data/common.yaml', 'classes: [role::mesos::master]\n');
  moduleIndex(project, '/work');
  assert.deepEqual(parsed(), []);
  // A settings change recomputes each query over the same text, which keeps its value: no parse either.
  const before = moduleIndex(project, '/work').file(edited)?.summary;
  project.updateSettings({ modulePath: ['/opt/none'] });
  assert.equal(moduleIndex(project, '/work').file(edited)?.summary, before);
});

test('files created and deleted on disk are picked up on their file events', () => {
  const { project } = fixtureProject(BOOK_REPO);
  const fs = project.disk as ReturnType<typeof memoryFileSystem>;
  moduleIndex(project, '/work');
  fs.files.set('/work/site-modules/profile/manifests/marathon.pp', 'class profile::marathon {}\n');
  project.invalidate('/work/site-modules/profile/manifests/marathon.pp');
  assert.ok(moduleIndex(project, '/work').findClass('profile::marathon'));
  fs.files.delete('/work/site-modules/role/manifests/mesos/slave.pp');
  project.invalidate('/work/site-modules/role/manifests/mesos/slave.pp');
  assert.equal(moduleIndex(project, '/work').findClass('role::mesos::slave'), undefined);
  fs.files.set('/work/data/nodes/master2.yaml', 'classes: [role::mesos::master]\n');
  project.invalidate('/work/data/nodes/master2.yaml');
  assert.equal(moduleIndex(project, '/work').references('role::mesos::master').length, 2);
});

test('a settings change re-resolves the modulepath', () => {
  const { project } = fixtureProject(`${BOOK_REPO}#- /opt/extra/ntp/manifests/init.pp\nclass ntp {}\n`);
  assert.equal(moduleIndex(project, '/work').findClass('ntp'), undefined);
  project.updateSettings({ modulePath: ['/opt/extra'] });
  assert.equal(moduleIndex(project, '/work').findClass('ntp')?.path, '/opt/extra/ntp/manifests/init.pp');
});

test('symlink loops are walked once', () => {
  // /work/modules/loop/manifests/again links back to /work/modules/loop/manifests.
  const base = memoryFileSystem({ '/work/modules/loop/manifests/init.pp': 'class loop {}\n' });
  const fs: FileSystem = {
    ...base,
    readDirectory: (p) => {
      const entries = base.readDirectory(p.replace(/(\/again)+$/, ''));
      return p.startsWith('/work/modules/loop/manifests')
        ? [...entries, { name: 'again', isDirectory: true, isFile: false }]
        : entries;
    },
    isDirectory: (p) => base.isDirectory(p.replace(/(\/again)+$/, '')),
    realPath: (p) => p.replace(/(\/again)+$/, ''),
    readFile: (p) => base.readFile(p.replace(/(\/again)+(?=\/)/, '')),
  };
  const index = moduleIndex(new Project(fs, ['/work']), '/work');
  assert.deepEqual(
    index.files().map((f) => f.path),
    ['/work/modules/loop/manifests/init.pp'],
  );
});

test('never throws on broken manifests and data', () => {
  const { project } = fixtureProject(
    `#- /work/site-modules/role/manifests/x.pp\nclass role::x { include \n#- /work/data/common.yaml\nclasses: [unclosed\n#- /work/environment.conf\nmodulepath = $weird:site-modules\n`,
  );
  const index = moduleIndex(project, '/work');
  assert.deepEqual(
    index.classes().map((c) => c.name),
    ['role::x'],
  );
  assert.equal(index.file('/work/site-modules/role/manifests/x.pp')!.errorCount > 0, true);
});

test('defined types are referenced where they are declared as resources', () => {
  const { project, fixture } = fixtureProject(
    `${BOOK_REPO}#- /work/modules/mesos/manifests/repo.pp\ndefine mesos::repo($source = 'x') {}\n#- /work/site-modules/profile/manifests/repo.pp\nclass profile::repo {\n  mesos::repo { 'a': source => 'b' }\n  file { '/x': }\n}\n`,
  );
  const index = moduleIndex(project, '/work');
  assert.deepEqual(
    index.references('mesos::repo').map((u) => `${u.kind} ${u.inside} ${render(fixture.files, [u])[0]}`),
    ['resource-type profile::repo /work/site-modules/profile/manifests/repo.pp:2:3 "mesos::repo"'],
  );
  assert.deepEqual(index.references('file'), []);
});
