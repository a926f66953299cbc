// The scaffold generator: what it writes, for both module sets and several cluster sizes, is clean under our
// own checks; the roles are the scenario's; the input checks say what is wrong; conflicts are detected.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Project } from '../../server/src/workspace/project.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { moduleSetChoices, scaffoldFiles } from '../../server/src/knowledge/scaffold/generate.js';
import { planScaffold } from '../../server/src/knowledge/scaffold/plan.js';
import {
  checkFrameworkPort,
  checkHostIp,
  checkMasters,
  checkOptions,
  checkSlaves,
  checkHostName,
  DEFAULT_OPTIONS,
  type ScaffoldOptions,
} from '../../server/src/knowledge/scaffold/options.js';
import { memoryFileSystem } from '../support/memoryFileSystem.js';
import { memoryPathProbe } from '../support/memoryPathProbe.js';

function project(o: ScaffoldOptions): { project: Project; paths: string[] } {
  const files: Record<string, string> = {};
  for (const f of scaffoldFiles(o)) files[`/repo/${f.path}`] = f.content;
  return { project: new Project(memoryFileSystem(files), ['/repo']), paths: Object.keys(files) };
}

const SIZES: Array<[string[], string[]]> = [
  [
    ['master1', 'master2', 'master3'],
    ['slave1', 'slave2', 'slave3'],
  ],
  [
    ['m1', 'm2', 'm3', 'm4', 'm5'],
    ['a1', 'a2'],
  ],
  [['solo'], ['worker']],
];

for (const modules of ['book', 'newest'] as const) {
  for (const [masters, slaves] of SIZES) {
    test(`${modules} modules, ${masters.length} masters and ${slaves.length} agents: mesos-puppet check finds nothing`, () => {
      // One host with an address given, the others on the address Facter reports.
      const o: ScaffoldOptions = {
        ...DEFAULT_OPTIONS,
        masters,
        slaves,
        modules,
        domain: 'example.com',
        ips: { [slaves[0]]: '10.0.0.9' },
      };
      const { project: p, paths } = project(o);
      const found = paths.flatMap((path) => fileDiagnostics(p, path).map((d) => `${path}: ${d.code} ${d.message}`));
      assert.deepEqual(found, []);
      const common = p.readText('/repo/data/common.yaml')!;
      assert.match(common, new RegExp(`quorum: '${Math.floor(masters.length / 2) + 1}'`));
      masters.forEach((m, i) =>
        assert.match(p.readText(`/repo/data/nodes/${m}.example.com.yaml`)!, new RegExp(`zookeeper::id: '${i + 1}'`)),
      );
    });
  }
}

test('the roles are the scenario roles; frameworks turned off leave their include and profile out', () => {
  const files = Object.fromEntries(scaffoldFiles(DEFAULT_OPTIONS).map((f) => [f.path, f.content]));
  assert.equal(
    files['site-modules/role/manifests/mesos/master.pp'].replace(/^#.*\n/, ''),
    `class role::mesos::master {
  include profile::zookeeper
  include profile::mesos::master

  # Mesos frameworks
  include profile::mesos::master::chronos
  include profile::mesos::master::marathon
}
`,
  );
  assert.equal(
    files['site-modules/role/manifests/mesos/slave.pp'].replace(/^#.*\n/, ''),
    'class role::mesos::slave {\n  include profile::mesos::slave\n}\n',
  );
  const none = scaffoldFiles({
    ...DEFAULT_OPTIONS,
    marathon: { enabled: false, port: 8080 },
    chronos: { enabled: false, port: 4400 },
  });
  assert.ok(!none.some((f) => /marathon|chronos/.test(f.path)));
  assert.equal(
    none.find((f) => f.path.endsWith('role/manifests/mesos/master.pp'))!.content.replace(/^#.*\n/, ''),
    'class role::mesos::master {\n  include profile::zookeeper\n  include profile::mesos::master\n}\n',
  );
});

test('the book set fixes the dead git:// source and says why; the newest set pins what compiles', () => {
  const book = scaffoldFiles({ ...DEFAULT_OPTIONS, modules: 'book' }).find((f) => f.path === 'Puppetfile')!.content;
  assert.doesNotMatch(book, /=> 'git:\/\//);
  assert.match(book, /'https:\/\/github\.com\/puppetlabs\/puppetlabs-apt', :ref => '1\.7\.0'/);
  assert.match(book, /GitHub turned off on 2022-03-15/);
  const newest = scaffoldFiles({ ...DEFAULT_OPTIONS, modules: 'newest' }).find((f) => f.path === 'Puppetfile')!.content;
  assert.match(newest, /:ref => 'v1\.1\.0'/);
  assert.match(newest, /'puppetlabs\/stdlib', '8\.6\.0'/);
  assert.match(newest, /'puppetlabs\/yumrepo_core'/);
});

test('input checks: RFC 1123 names, unique, an odd number of masters, distinct ports', () => {
  assert.equal(checkHostName('master-1'), undefined);
  assert.match(checkHostName('-bad')!, /RFC 1123/);
  assert.match(checkHostName('under_score')!, /RFC 1123/);
  assert.match(checkMasters(['a', 'b'])!, /use an odd number \(1 or 3\)/);
  assert.match(checkMasters(['a', 'a', 'b'])!, /'a' is given twice/);
  assert.match(checkSlaves(['a'], ['a'])!, /already a master/);
  assert.deepEqual(checkOptions(DEFAULT_OPTIONS), []);
  assert.deepEqual(checkOptions({ ...DEFAULT_OPTIONS, chronos: { enabled: true, port: 8080 } }), [
    "port 8080 is Marathon's; Chronos and Marathon run on the same masters",
  ]);
  assert.match(checkOptions({ ...DEFAULT_OPTIONS, ips: { master1: '10.0.0.300' } })[0], /not an IPv4 address/);
  assert.deepEqual(checkOptions({ ...DEFAULT_OPTIONS, marathon: { enabled: true, port: 5050 } }), [
    "port 5050 is the Mesos master's; Marathon runs on the masters beside it",
  ]);
});

test("the wizard's checks: every daemon's port, the other framework's, one address per host", () => {
  // As the user types Marathon's port (Chronos not asked yet: its default 4400 counts).
  const marathon = (port: number, other?: { enabled: boolean; port: number }) =>
    checkFrameworkPort('marathon', port, other);
  assert.equal(marathon(8080), undefined);
  assert.match(marathon(5050)!, /the Mesos master's/);
  assert.match(marathon(5051)!, /the Mesos agent's/);
  assert.match(marathon(2181)!, /ZooKeeper's client port/);
  assert.match(marathon(2888)!, /ZooKeeper's peer port/);
  assert.match(marathon(3888)!, /ZooKeeper's leader-election port/);
  assert.equal(marathon(4400), "port 4400 is Chronos's default; Marathon and Chronos run on the same masters");
  assert.equal(marathon(4400, { enabled: false, port: 4400 }), undefined, 'Chronos turned off frees its port');
  // Chronos after Marathon was given 8081: 8081 is taken, 8080 is free.
  assert.match(checkFrameworkPort('chronos', 8081, { enabled: true, port: 8081 })!, /port 8081 is Marathon's/);
  assert.equal(checkFrameworkPort('chronos', 8080, { enabled: true, port: 8081 }), undefined);
  assert.match(checkFrameworkPort('chronos', 70000)!, /not a port/);
  // Addresses: each host its own.
  assert.equal(checkHostIp('10.0.0.2', 'master2', { master1: '10.0.0.1' }), undefined);
  assert.equal(
    checkHostIp('10.0.0.1', 'master2', { master1: '10.0.0.1' }),
    '10.0.0.1 is already the address of master1; each host needs its own',
  );
  assert.equal(
    checkHostIp('10.0.0.1', 'master1', { master1: '10.0.0.1' }),
    undefined,
    'going back to the same host keeps its address',
  );
  assert.deepEqual(checkOptions({ ...DEFAULT_OPTIONS, ips: { master1: '10.0.0.1', slave1: '10.0.0.1' } }), [
    '10.0.0.1 is given to both master1 and slave1; each host needs its own address',
  ]);
  // The wizard starts from the newest module set.
  assert.equal(DEFAULT_OPTIONS.modules, 'newest');
});

test('planning finds new, unchanged and conflicting files', () => {
  const files = scaffoldFiles(DEFAULT_OPTIONS);
  const fs = memoryFileSystem({ '/repo/Puppetfile': files[0].content, '/repo/hiera.yaml': 'version: 5\n# mine\n' });
  const plan = planScaffold(fs, memoryPathProbe(fs), '/repo', files);
  assert.equal(plan.find((f) => f.path === 'Puppetfile')!.status, 'same');
  const conflict = plan.find((f) => f.path === 'hiera.yaml')!;
  assert.equal(conflict.status, 'differs');
  assert.equal(conflict.existing, 'version: 5\n# mine\n');
  assert.equal(plan.filter((f) => f.status === 'new').length, files.length - 2);
});

test('the wizard and the CLI default to the newest module set', () => {
  assert.equal(DEFAULT_OPTIONS.modules, 'newest');
});

function filesOf(o: ScaffoldOptions): Record<string, string> {
  return Object.fromEntries(scaffoldFiles(o).map((f) => [f.path, f.content]));
}

test('a cluster that starts: no refused flag, every daemon told its address, one daemon per node, Java 8, no dead repository', () => {
  const o = (modules: 'book' | 'newest'): ScaffoldOptions => ({
    ...DEFAULT_OPTIONS,
    modules,
    domain: 'example.com',
    ips: { master2: '10.0.0.2', slave1: '10.0.0.11' },
  });
  for (const modules of ['book', 'newest'] as const) {
    const files = filesOf(o(modules));
    assert.doesNotMatch(
      files['data/common.yaml'],
      /checkpoint:/,
      `${modules}: Mesos 0.22 and later refuse --checkpoint`,
    );
    assert.doesNotMatch(
      files['data/common.yaml'],
      /mesos::repo: mesosphere/,
      `${modules}: repos.mesosphere.io serves no packages`,
    );
    // The address given, or the one Facter reports.
    assert.match(
      files['data/nodes/master2.example.com.yaml'],
      /^mesos::listen_address: '10\.0\.0\.2'\nzookeeper::client_ip: '10\.0\.0\.2'$/m,
    );
    assert.match(files['data/nodes/slave1.example.com.yaml'], /^mesos::listen_address: '10\.0\.0\.11'$/m);
    assert.match(
      files['data/nodes/master1.example.com.yaml'],
      /^mesos::listen_address: '%\{facts\.networking\.ip\}'$/m,
    );
    assert.match(files['data/nodes/slave2.example.com.yaml'], /^mesos::listen_address: '%\{facts\.networking\.ip\}'$/m);
    assert.match(
      files['README.md'],
      /Each of master1\.example\.com, master3\.example\.com, slave2\.example\.com, slave3\.example\.com listens on the address Facter reports/,
    );
    assert.match(
      files['README.md'],
      /Provide these packages from a repository\nof your own .*: `mesos`, `marathon`, `chronos`/,
    );
  }
  const book = filesOf(o('book'));
  assert.match(
    book['site-modules/profile/manifests/mesos/master.pp'],
    /service \{ 'mesos-slave':\n    ensure  => stopped,\n    enable  => false,/,
  );
  assert.match(
    book['site-modules/profile/manifests/mesos/slave.pp'],
    /service \{ 'mesos-master':\n    ensure  => stopped,\n    enable  => false,/,
  );
  assert.match(book['data/common.yaml'], /^java::package: openjdk-8-jre-headless$/m);
  assert.match(
    book['README.md'],
    /Ubuntu 14\.04 \(trusty\) is the newest release that mesos v0\.5\.2, zookeeper v0\.3\.5 and java 1\.2\.0 all list/,
  );
  const newest = filesOf(o('newest'));
  // mesos v1.1.0 stops the other daemon itself (single_role); declaring the service again would not compile.
  assert.doesNotMatch(newest['site-modules/profile/manifests/mesos/master.pp'], /service \{/);
  assert.doesNotMatch(newest['data/common.yaml'], /java::package/);
  assert.match(newest['data/common.yaml'], /^mesos::manage_repo: false$/m);
  assert.match(newest['README.md'], /RHEL 7 is the one release in all three lists/);
});

test("the runtime rules run on the scaffold's output: each fix undone is found again", () => {
  const undo: Array<[string, 'book' | 'newest', (f: Record<string, string>) => void, string]> = [
    [
      'checkpoint',
      'newest',
      (f) => (f['data/common.yaml'] += 'mesos::slave::options:\n  checkpoint: true\n'),
      'mesos/flag-refused',
    ],
    [
      'address',
      'newest',
      (f) =>
        (f['data/nodes/slave1.example.com.yaml'] = f['data/nodes/slave1.example.com.yaml'].replace(
          /^mesos::listen_address: .*\n/m,
          '',
        )),
      'mesos/no-address',
    ],
    [
      'stop',
      'book',
      (f) =>
        (f['site-modules/profile/manifests/mesos/slave.pp'] = f[
          'site-modules/profile/manifests/mesos/slave.pp'
        ].replace(/ensure  => stopped/, 'ensure  => running')),
      'mesos/both-daemons',
    ],
    [
      'java',
      'book',
      (f) => (f['data/common.yaml'] = f['data/common.yaml'].replace(/^java::package: .*\n/m, '')),
      'mesos/java-too-old',
    ],
    [
      'repo',
      'newest',
      (f) => (f['data/common.yaml'] = f['data/common.yaml'].replace(/^mesos::manage_repo: false\n/m, '')),
      'mesos/repo-retired',
    ],
    ['repo', 'book', (f) => (f['data/common.yaml'] += 'mesos::repo: mesosphere\n'), 'mesos/repo-retired'],
  ];
  for (const [what, modules, change, code] of undo) {
    const files = filesOf({ ...DEFAULT_OPTIONS, modules, domain: 'example.com' });
    change(files);
    const fs: Record<string, string> = {};
    for (const [path, content] of Object.entries(files)) fs[`/repo/${path}`] = content;
    const p = new Project(memoryFileSystem(fs), ['/repo']);
    const found = Object.keys(fs).flatMap((path) => fileDiagnostics(p, path).map((d) => d.code));
    assert.ok(
      found.length > 0 && found.every((c) => c === code),
      `${modules}, ${what} undone: ${JSON.stringify(found)}`,
    );
  }
});

test('planning compares every existing path: unreadable files byte for byte, anything not a regular file is blocked', () => {
  const files = scaffoldFiles(DEFAULT_OPTIONS);
  const content = (path: string): string => files.find((f) => f.path === path)!.content;
  const utf8 = (t: string): Uint8Array => new TextEncoder().encode(t);
  const fs = memoryFileSystem({ '/repo/site-modules/profile/manifests/elsewhere.pp': 'class profile::elsewhere {}\n' });
  const probe = memoryPathProbe(fs, {
    // A UTF-16 file (NUL bytes: the file system does not read it as text) with other content, one with the same
    // bytes, and a huge one of the same size as ours but other bytes.
    '/repo/hiera.yaml': { info: { kind: 'file', size: 6 }, bytes: new Uint8Array([0xff, 0xfe, 0x76, 0, 0x35, 0]) },
    '/repo/Puppetfile': {
      info: { kind: 'file', size: utf8(content('Puppetfile')).length },
      bytes: utf8(content('Puppetfile')),
    },
    '/repo/environment.conf': {
      info: { kind: 'file', size: utf8(content('environment.conf')).length },
      bytes: utf8(content('environment.conf').toUpperCase()),
    },
    '/repo/README.md': { info: { kind: 'fifo' } },
    '/repo/manifests/site.pp': { info: { kind: 'symlink' } },
    '/repo/data/common.yaml': { info: { kind: 'symlink', resolved: '/etc/shadow', resolvedKind: 'file' } },
    '/repo/data/nodes': { info: { kind: 'symlink', resolved: '/tmp/elsewhere', resolvedKind: 'directory' } },
    '/repo/site-modules/role': { info: { kind: 'socket' } },
    '/repo/site-modules/profile/manifests/mesos/master.pp': { info: { kind: 'directory' } },
  });
  const plan = new Map(planScaffold(fs, probe, '/repo', files).map((f) => [f.path, f]));
  const row = (path: string): string =>
    `${plan.get(path)!.status}${plan.get(path)!.reason ? `: ${plan.get(path)!.reason}` : ''}`;
  assert.equal(
    row('hiera.yaml'),
    'differs: it holds content that cannot be shown as text (binary, another encoding or too large)',
  );
  assert.equal(row('Puppetfile'), 'same');
  assert.equal(
    row('environment.conf'),
    'differs: it holds content that cannot be shown as text (binary, another encoding or too large)',
  );
  assert.equal(row('README.md'), 'blocked: a FIFO (named pipe) is there');
  assert.equal(row('manifests/site.pp'), 'blocked: a symbolic link that leads nowhere is there');
  assert.equal(
    row('data/common.yaml'),
    'blocked: a symbolic link leading out of the target folder (to /etc/shadow) is there',
  );
  const node = [...plan.keys()].find((p) => p.startsWith('data/nodes/'))!;
  assert.equal(
    row(node),
    "blocked: 'data/nodes' is a symbolic link leading out of the target folder (to /tmp/elsewhere)",
  );
  assert.equal(
    row('site-modules/role/manifests/mesos/master.pp'),
    "blocked: 'site-modules/role' is a socket, not a folder",
  );
  assert.equal(row('site-modules/profile/manifests/mesos/master.pp'), 'blocked: a folder is there');
  // Only regular files were read, never the FIFO, the socket or a link's target.
  assert.deepEqual(probe.reads.sort(), ['/repo/Puppetfile', '/repo/environment.conf']);
  assert.equal(plan.get('site-modules/profile/manifests/mesos/slave.pp')!.status, 'new');
});

test('the wizard shows the module sets with the releases the generated Puppetfile pins, newest first', () => {
  assert.deepEqual(moduleSetChoices(), [
    {
      value: 'newest',
      label: 'Newest that works',
      description: 'mesos v1.1.0, zookeeper v1.6.0, stdlib 8.6.0, apt 8.5.0',
    },
    {
      value: 'book',
      label: 'As the book pins them (2015)',
      description: 'mesos v0.5.2, zookeeper v0.3.5, stdlib 4.5.1; the dead git:// source fixed',
    },
  ]);
  for (const set of ['newest', 'book'] as const) {
    const pf = scaffoldFiles({ ...DEFAULT_OPTIONS, modules: set }).find((f) => f.path === 'Puppetfile')!.content;
    const described = moduleSetChoices()
      .find((c) => c.value === set)!
      .description.split('; ')[0];
    for (const pin of described.split(', ')) {
      const [name, version] = pin.split(' ');
      assert.match(
        pf,
        new RegExp(`mod '(?:[a-z]+/)?${name}',(?:\\n  :git => '[^']+', :ref => | )'${version.replace(/\./g, '\\.')}'`),
        `${set}: ${pin}`,
      );
    }
  }
});
