// The bundled catalogs: every release tag of deric-mesos and deric-zookeeper and of the modules control repos pin
// with them, indexed by our indexer into facts committed inside the repository (sources/modules), bundled with
// our descriptions, current, loaded per module on first use; the facts users meet at the release that has them
// (each checked by hand with `git show TAG:manifests/...` on the module's repository); and the version choice
// (installed > pinned > newest; a version that is not a known release is told apart from one that is).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { generate, OUTPUT, readSources, SOURCES_DIR } from '../../scripts/generate-catalog.js';
import {
  CATALOGS,
  bundledModuleNames,
  bundledVersions,
  catalogFor,
  chooseVersion,
  compareVersions,
  isKnownRelease,
  knownReleases,
  releaseCatalog,
} from '../../server/src/knowledge/catalog.js';
import { decodeRelease, encodeModule, formatModuleFacts } from '../../server/src/knowledge/moduleFacts.js';
import { buildKeySpace, resolveKey } from '../../server/src/knowledge/keySpace.js';
import { bundledTypeAlias } from '../../server/src/knowledge/types/aliases.js';
import { checkValue } from '../../server/src/knowledge/types/typeCheck.js';
import { parseType } from '../../server/src/knowledge/types/typeModel.js';
import { parsePuppet, summarizeManifest } from '../../server/src/syntax/puppet/index.js';
import type { ModuleVersion } from '../../server/src/workspace/moduleVersions.js';

const pins = (entries: Array<[string, string]>) =>
  new Map<string, ModuleVersion>(entries.map(([n, v]) => [n, { pinned: v }]));
const classNames = (name: string, version: string) => releaseCatalog(name, version)!.classes.map((c) => c.name);
const paramsOf = (name: string, version: string, cls: string) =>
  releaseCatalog(name, version)!
    .classes.find((c) => c.name === cls)!
    .params.map((p) => p.name);

test('the committed catalog index is what the generator makes from the facts inside the repository', () => {
  assert.equal(readFileSync(OUTPUT, 'utf8'), generate(), 'run `npm run catalog`');
  assert.deepEqual(
    readdirSync(SOURCES_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort(),
    [
      'deric-mesos.json',
      'deric-zookeeper.json',
      'gini-archive.json',
      'puppet-archive.json',
      'puppetlabs-apt.json',
      'puppetlabs-concat.json',
      'puppetlabs-java.json',
      'puppetlabs-stdlib.json',
      'richardc-datacat.json',
    ],
  );
});

test('the committed facts are in their compact form: decoding and encoding again gives the same text', () => {
  for (const facts of readSources()) {
    const releases = facts.releases.map((r) => decodeRelease(facts, r));
    const again = formatModuleFacts(
      encodeModule({ name: facts.name, fullName: facts.fullName, repository: facts.repository }, releases),
    );
    assert.equal(again, readFileSync(join(SOURCES_DIR, `${facts.fullName}.json`), 'utf8'), facts.fullName);
  }
});

test('every release tag of mesos and zookeeper is known, and every release of the modules pinned beside them', () => {
  const counts = Object.fromEntries(
    ['mesos', 'zookeeper', 'apt', 'stdlib', 'concat', 'java', 'datacat', 'archive', 'gini-archive'].map((n) => [
      n,
      knownReleases(n).length,
    ]),
  );
  assert.deepEqual(counts, {
    mesos: 30,
    zookeeper: 48,
    apt: 81,
    stdlib: 97,
    concat: 58,
    java: 60,
    datacat: 15,
    archive: 58,
    'gini-archive': 2,
  });
  assert.deepEqual([knownReleases('mesos')[0], knownReleases('mesos').at(-1)], ['0.1.1', '1.1.0']);
  assert.deepEqual([knownReleases('zookeeper')[0], knownReleases('zookeeper').at(-1)], ['0.2.2', '1.6.0']);
  assert.ok(knownReleases('zookeeper').includes('0.8.7') && knownReleases('mesos').includes('0.7.1'));
  assert.deepEqual(bundledModuleNames(), [
    'apt',
    'archive',
    'concat',
    'datacat',
    'java',
    'mesos',
    'stdlib',
    'zookeeper',
  ]);
  assert.deepEqual(knownReleases('nosuchmodule'), []);
});

test('mesos::cli exists from v0.7.0 and not at v0.6.5; single_role and zk_path from v0.8.0; manage_service from v0.6.3', () => {
  assert.ok(!classNames('mesos', '0.6.5').includes('mesos::cli'));
  assert.ok(classNames('mesos', '0.7.0').includes('mesos::cli'));
  assert.ok(classNames('mesos', '0.7.1').includes('mesos::cli'));
  assert.ok(!paramsOf('mesos', '0.7.1', 'mesos').includes('single_role'));
  assert.ok(paramsOf('mesos', '0.8.0', 'mesos').includes('single_role'));
  assert.ok(!paramsOf('mesos', '0.7.1', 'mesos').includes('zk_path'));
  const zkPath = releaseCatalog('mesos', '0.8.0')!
    .classes.find((c) => c.name === 'mesos')!
    .params.find((p) => p.name === 'zk_path')!;
  assert.deepEqual([zkPath.type, zkPath.default], ['String', "'mesos'"]);
  assert.ok(!paramsOf('mesos', '0.6.2', 'mesos').includes('manage_service'));
  assert.ok(paramsOf('mesos', '0.6.3', 'mesos').includes('manage_service'));
  // A repo pinning v0.7.1 gets the key space of v0.7.1.
  const space = buildKeySpace(pins([['mesos', 'v0.7.1']]));
  assert.equal(space.modules.get('mesos')!.module.version, '0.7.1');
  assert.equal(resolveKey(space, 'mesos::cli::owner').kind, 'param');
});

test('zookeeper: observers from v0.3.7, manage_service from v0.4.0', () => {
  assert.ok(!paramsOf('zookeeper', '0.3.6', 'zookeeper').includes('observers'));
  assert.ok(paramsOf('zookeeper', '0.3.7', 'zookeeper').includes('observers'));
  assert.ok(!paramsOf('zookeeper', '0.3.9', 'zookeeper').includes('manage_service'));
  const ms = releaseCatalog('zookeeper', '0.4.0')!
    .classes.find((c) => c.name === 'zookeeper')!
    .params.find((p) => p.name === 'manage_service')!;
  assert.deepEqual([ms.type, ms.typeSource, ms.default], ['Boolean', 'validate_bool', 'true']);
});

test('puppet/archive and gini/archive are different modules', () => {
  const puppet = catalogFor('archive', '1.0.0')!;
  assert.equal(puppet.fullName, 'puppet-archive');
  assert.equal(catalogFor('puppet/archive', '1.0.0'), puppet);
  const type = puppet.resourceTypes!.find((t) => t.name === 'archive')!;
  assert.ok(
    type.parameters.includes('path') &&
      type.parameters.includes('extract') &&
      type.parameters.includes('checksum_type'),
  );
  assert.deepEqual(type.properties, ['creates', 'ensure']);
  const gini = catalogFor('gini/archive', '0.2.0')!;
  assert.equal(gini.fullName, 'gini-archive');
  assert.equal(gini.resourceTypes, undefined, 'gini/archive has no Ruby types');
  const define = gini.classes.find((c) => c.name === 'archive')!;
  assert.equal(define.kind, 'defined_type');
  assert.deepEqual(
    define.params.slice(0, 3).map((p) => [p.name, p.required]),
    [
      ['url', true],
      ['target', true],
      ['ensure', false],
    ],
  );
  assert.deepEqual(gini.dependencies, []);
  assert.deepEqual(
    puppet.dependencies.map((d) => d.name),
    ['puppetlabs/stdlib'],
  );
  assert.deepEqual(knownReleases('gini-archive'), ['0.1.0', '0.2.0']);
  // The gini repository's 0.1.0 was published as puppet-archive (smarchive's): said, not confused.
  assert.equal(catalogFor('gini-archive', '0.1.0')!.metadataName, 'puppet-archive');
});

test('functions and resource types are known for the release that has them', () => {
  assert.ok(!releaseCatalog('mesos', '0.7.1')!.functions!.includes('zookeeper_servers_url'));
  assert.ok(releaseCatalog('mesos', '0.8.0')!.functions!.includes('zookeeper_servers_url'));
  assert.ok(releaseCatalog('stdlib', '4.5.1')!.functions!.includes('validate_hash'));
  assert.ok(
    !releaseCatalog('stdlib', '9.0.0')!.functions!.includes('validate_hash'),
    'stdlib 9 removed the validate_* functions',
  );
  assert.ok(releaseCatalog('stdlib', '9.0.0')!.functions!.includes('stdlib::ensure'));
  assert.deepEqual(
    releaseCatalog('stdlib', '4.5.1')!.resourceTypes!.map((t) => t.name),
    ['anchor', 'file_line'],
  );
  const fileLine = releaseCatalog('stdlib', '4.5.1')!.resourceTypes!.find((t) => t.name === 'file_line')!;
  assert.ok(fileLine.parameters.includes('match') && fileLine.parameters.includes('path'));
  assert.equal(
    releaseCatalog('apt', '1.7.0')!
      .classes.find((c) => c.name === 'apt')!
      .params.some((p) => p.name === 'purge_sources_list'),
    true,
  );
  assert.deepEqual(
    releaseCatalog('apt', '9.0.1')!.operatingsystemSupport!.map((o) => o.operatingsystem),
    ['Debian', 'Ubuntu'],
  );
});

test('every bundled release decodes: its own version chooses it, every class parameter in the key space, every type readable', () => {
  for (const name of bundledModuleNames()) {
    for (const m of bundledVersions(name)) {
      assert.equal(catalogFor(m.name, m.version), m, `${m.name} ${m.version}`);
      assert.equal(chooseVersion(m.name, undefined, m.tag)!.module, m);
      assert.ok(m.fullName && m.repository && m.tag, `${m.name} ${m.version} has its identity`);
    }
  }
  for (const [name, version] of [
    ['mesos', '0.5.2'],
    ['mesos', '1.1.0'],
    ['zookeeper', '0.3.5'],
    ['zookeeper', '0.8.4'],
    ['zookeeper', '1.6.0'],
    ['apt', '9.0.1'],
    ['java', '7.3.0'],
  ] as const) {
    const m = releaseCatalog(name, version)!;
    const space = buildKeySpace(pins([[m.name, m.tag]]));
    for (const c of m.classes.filter((x) => x.kind === 'class')) {
      for (const p of c.params) {
        assert.equal(
          resolveKey(space, `${c.name}::${p.name}`).kind,
          'param',
          `${c.name}::${p.name} in ${m.name} ${m.version}`,
        );
        if (p.typeSource === 'declared')
          assert.notEqual(parseType(p.type).kind, 'opaque', `${c.name}::${p.name}: ${p.type}`);
      }
    }
  }
  for (const [name, text] of Object.entries(
    CATALOGS.modules.find((m) => m.name === 'stdlib' && m.version === '9.7.0')!.typeAliases ?? {},
  )) {
    assert.notEqual(parseType(text).kind, 'opaque', `${name} = ${text}`);
  }
  assert.equal(bundledTypeAlias('Stdlib::Port'), 'Integer[0, 65535]');
});

test('every public parameter of the pinned versions and of zookeeper 0.8.4 has a description of ours', () => {
  for (const [name, version] of [
    ['mesos', '0.5.2'],
    ['zookeeper', '0.3.5'],
    ['zookeeper', '0.8.4'],
  ] as const) {
    const m = releaseCatalog(name, version)!;
    const missing = m.classes
      .filter((c) => c.public && c.kind === 'class')
      .flatMap((c) => c.params.filter((p) => !p.description).map((p) => `${c.name}::${p.name}`));
    assert.deepEqual(missing, []);
  }
  // Descriptions apply to every release: zk_path, new in v0.8.0, is described there and in v1.1.0.
  for (const v of ['0.8.0', '1.1.0'])
    assert.match(
      releaseCatalog('mesos', v)!
        .classes.find((c) => c.name === 'mesos')!
        .params.find((p) => p.name === 'zk_path')!.description!,
      /ZooKeeper path/,
    );
});

test('descriptions are ours: no run of eight words from the doc comments of the Debian-packaged copies', () => {
  const words = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9_:' ]+/g, ' ')
      .split(/\s+/)
      .filter(Boolean);
  for (const [dir, name] of [
    ['deric-zookeeper', 'zookeeper'],
    ['puppetlabs-apt', 'apt'],
    ['puppetlabs-stdlib', 'stdlib'],
  ] as const) {
    const base = join('/usr/share/puppet/modules.available', dir);
    const version = JSON.parse(readFileSync(join(base, 'metadata.json'), 'utf8')).version;
    const docRuns = new Set<string>();
    for (const c of releaseCatalog(name, version)!.classes) {
      let text: string;
      try {
        text = readFileSync(join(base, c.file), 'utf8');
      } catch {
        continue;
      }
      for (const d of summarizeManifest(parsePuppet(text), text).definitions) {
        const prose = [d.doc?.text ?? '', d.doc?.summary ?? '', ...(d.doc?.params ?? []).map((p) => p.text)].join(' ');
        const w = words(prose);
        for (let i = 0; i + 8 <= w.length; i++) docRuns.add(w.slice(i, i + 8).join(' '));
      }
    }
    assert.ok(docRuns.size > 0, `${dir}: doc comments read`);
    for (const m of bundledVersions(name)) {
      for (const c of m.classes) {
        for (const p of c.params) {
          if (!p.description) continue;
          const w = words(p.description);
          for (let i = 0; i + 8 <= w.length; i++)
            assert.ok(!docRuns.has(w.slice(i, i + 8).join(' ')), `${c.name}::${p.name} copies the module's doc`);
        }
      }
    }
  }
});

test('zookeeper 0.8.4: id is a String, servers takes an Array or a Hash, defaults resolved from params', () => {
  const zk = releaseCatalog('zookeeper', '0.8.4')!;
  assert.equal(zk.fullName, 'deric-zookeeper');
  assert.equal(zk.tag, 'v0.8.4');
  assert.deepEqual(
    zk.dependencies.map((d) => d.name),
    ['puppetlabs/stdlib', 'puppet/archive'],
  );
  const main = zk.classes.find((c) => c.name === 'zookeeper')!;
  assert.ok(main.public);
  assert.equal(main.inherits, 'zookeeper::params');
  const id = main.params.find((p) => p.name === 'id')!;
  assert.equal(id.type, 'String');
  assert.equal(id.typeSource, 'declared');
  assert.equal(id.resolvedDefault, "'1'");
  assert.ok(id.hieraEffective);
  assert.ok(checkValue(1, id.type), 'an Integer id fails from v0.8.0');
  assert.equal(checkValue('1', id.type), undefined);
  const servers = main.params.find((p) => p.name === 'servers')!;
  assert.equal(servers.type, 'Variant[Array[String],Hash[String,String]]');
  assert.equal(main.params.find((p) => p.name === 'client_port')!.resolvedDefault, '2181');
  assert.equal(main.params.length, 82);
  // Internal classes are there (Hiera reaches them too), marked internal.
  for (const c of [
    'zookeeper::params',
    'zookeeper::config',
    'zookeeper::install',
    'zookeeper::install::repo',
    'zookeeper::service',
    'zookeeper::post_install',
  ]) {
    assert.equal(zk.classes.find((x) => x.name === c)?.public, false, c);
  }
});

test('apt, stdlib, concat and datacat: classes and defined types, the internal ones marked', () => {
  const apt = releaseCatalog('apt', '9.0.1')!;
  assert.equal(apt.tag, 'v9.0.1');
  assert.deepEqual(
    apt.classes.filter((c) => c.kind === 'class' && c.public && c.params.length > 0).map((c) => c.name),
    ['apt', 'apt::backports'],
  );
  assert.equal(apt.classes.find((c) => c.name === 'apt::params')!.public, false);
  assert.ok(apt.classes.some((c) => c.name === 'apt::source' && c.kind === 'defined_type'));
  const proxy = apt.classes.find((c) => c.name === 'apt')!.params.find((p) => p.name === 'proxy')!;
  assert.equal(proxy.type, 'Apt::Proxy');
  assert.equal(proxy.resolvedDefault, '{}');
  assert.deepEqual(
    releaseCatalog('stdlib', '8.5.0')!
      .classes.filter((c) => c.kind === 'class' && c.public && c.params.length > 0)
      .map((c) => c.name),
    ['stdlib::manage'],
  );
  assert.deepEqual(
    releaseCatalog('concat', '7.3.1')!
      .classes.filter((c) => c.kind === 'class')
      .map((c) => c.name),
    [],
  );
  assert.ok(releaseCatalog('concat', '7.3.1')!.classes.some((c) => c.name === 'concat::fragment'));
  const datacat = releaseCatalog('datacat', '0.6.2')!;
  assert.equal(datacat.tag, '0.6.2');
  assert.deepEqual(
    datacat.classes.map((c) => [c.name, c.kind]),
    [['datacat', 'defined_type']],
  );
  assert.deepEqual(
    datacat.resourceTypes!.map((t) => t.name),
    ['datacat_collector', 'datacat_fragment'],
  );
});

test('version choice: installed wins over pinned, pinned over newest; a known release is exact', () => {
  assert.equal(chooseVersion('mesos', '1.1.0', '0.5.2')!.module.version, '1.1.0');
  assert.equal(chooseVersion('mesos', undefined, 'v0.5.2')!.reason, 'pinned');
  assert.equal(chooseVersion('mesos', undefined, undefined)!.module.version, '1.1.0');
  assert.equal(chooseVersion('mesos', undefined, '0.8.4')!.module.version, '0.8.4');
  assert.equal(chooseVersion('mesos', undefined, '0.8.4')!.exact, true);
  assert.equal(chooseVersion('zookeeper', '0.8.4', 'v0.3.5')!.module.version, '0.8.4', 'installed wins');
  assert.equal(chooseVersion('zookeeper', undefined, undefined)!.module.version, '1.6.0', 'newest');
  assert.equal(chooseVersion('nosuchmodule', undefined, undefined), undefined);
  assert.ok(compareVersions('0.10.0', '0.9.1') > 0);
});

test('a version that is not a known release is "unknown version": told apart from the neighbour it falls back to', () => {
  // A fork's tag, a future version: the neighbour answers completion, and `exact` says not to judge by it.
  for (const v of ['0.8.5', 'v1.2.0', '0.7.1-fork.1']) {
    assert.equal(isKnownRelease('mesos', v), false, v);
    assert.equal(releaseCatalog('mesos', v), undefined, v);
    assert.equal(chooseVersion('mesos', undefined, v)!.exact, false, v);
  }
  assert.equal(chooseVersion('mesos', undefined, '0.8.5')!.module.version, '0.8.4', 'nearest older');
  assert.equal(chooseVersion('mesos', undefined, '0.8.5')!.requested, '0.8.5');
  assert.equal(isKnownRelease('mesos', 'v0.7.1'), true);
  assert.equal(chooseVersion('apt', undefined, '1.7.0')!.exact, true, 'apt 1.7.0 is a known release now');
  assert.equal(chooseVersion('mesos', undefined, undefined)!.exact, true, 'nothing pinned: the newest, known');
  // puppet/archive 0.2.x wrote `$7zip_name`, which Puppet 4 and our parser refuse: its facts lack the archive class.
  const archive = chooseVersion('archive', undefined, '0.2.1')!;
  assert.equal(archive.module.version, '0.2.1');
  assert.deepEqual(
    archive.module.unparsed!.map((u) => u.file),
    ['manifests/init.pp', 'manifests/params.pp'],
  );
  assert.equal(archive.exact, false, 'facts with holes are not a basis for "unknown"');
});

test('module facts load lazily: start-up reads the index only, a module file on its first use', () => {
  const script = `
    const catalog = require('./server/src/knowledge/catalog.ts');
    const fs = require('node:fs');
    const read = fs.readFileSync;
    const files = [];
    fs.readFileSync = (p, ...rest) => { files.push(String(p).split('/').pop()); return read(p, ...rest); };
    const names = catalog.bundledModuleNames();
    const known = catalog.knownReleases('zookeeper').length;
    const before = files.length;
    catalog.catalogFor('mesos', '0.7.1');
    catalog.catalogFor('mesos', '0.8.0');
    process.stdout.write(JSON.stringify({ names: names.length, known, before, after: files }));
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: join(__dirname, '../..'),
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { names: 8, known: 48, before: 0, after: ['deric-mesos.json'] });
});
