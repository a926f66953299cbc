// The bundled catalogs: generated from the facts in shared/data/modules and from Debian's module packages
// (indexed with our parser), current, with our descriptions, and the version choice (installed > pinned >
// newest, nearest older for an unbundled pin, nothing for a pin older than every bundled major version).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, missingDebianModules, DEBIAN_MODULES, DEBIAN_MODULES_DIR, FACTS_DIR, OUTPUT } from '../../scripts/generate-catalog.js';
import { CATALOGS, bundledModuleNames, bundledVersions, chooseVersion, catalogFor, compareVersions } from '../../server/src/knowledge/catalog.js';
import { buildKeySpace, resolveKey } from '../../server/src/knowledge/keySpace.js';
import { checkValue } from '../../server/src/knowledge/types/typeCheck.js';
import { parseType } from '../../server/src/knowledge/types/typeModel.js';
import { parsePuppet, summarizeManifest } from '../../server/src/syntax/puppet/index.js';
import type { ModuleVersion } from '../../server/src/workspace/moduleVersions.js';

const pins = (entries: Array<[string, string]>) => new Map<string, ModuleVersion>(entries.map(([n, v]) => [n, { pinned: v }]));

test('the committed catalogs.json is what the generator makes from the facts and the Debian modules', () => {
  assert.ok(existsSync(FACTS_DIR), `the facts folder ${FACTS_DIR} (shared/data/modules beside the repo) is needed; set MESOS_PUPPET_FACTS`);
  assert.deepEqual(missingDebianModules(), [], `install the Debian packages (or set MESOS_PUPPET_DEBIAN_MODULES)`);
  assert.equal(readFileSync(OUTPUT, 'utf8'), `${JSON.stringify(generate(), null, 1)}\n`, 'run `npm run catalog`');
});

test('the generator names the Debian package that is missing', () => {
  assert.throws(() => generate(FACTS_DIR, '/nonexistent/modules.available'), (e: Error) => {
    assert.match(e.message, /puppet-module-deric-zookeeper/);
    assert.match(e.message, /puppet-module-puppetlabs-stdlib/);
    assert.match(e.message, /MESOS_PUPPET_DEBIAN_MODULES/);
    return true;
  });
});

test('the bundled modules and versions', () => {
  const versions = Object.fromEntries(bundledModuleNames().map((n) => [n, bundledVersions(n).map((m) => m.version)]));
  assert.deepEqual(versions, {
    apt: ['9.0.1'],
    concat: ['7.3.1'],
    java: ['1.2.0', '7.3.0'],
    datacat: ['0.6.2'],
    mesos: ['0.5.2', '1.1.0'],
    stdlib: ['8.5.0'],
    zookeeper: ['0.3.5', '0.8.4', '1.6.0'],
  });
  // puppetlabs-java is not packaged by Debian: its catalogs are recorded facts (see the test below).
  assert.equal(catalogFor('java', undefined)!.version, '7.3.0');
});

test('every bundled version loads: chosen by its own version, every class in the key space, every type readable', () => {
  for (const m of CATALOGS.modules) {
    assert.equal(catalogFor(m.name, m.version), m, `${m.name} ${m.version}`);
    assert.equal(chooseVersion(m.name, undefined, m.tag)!.module, m);
    assert.ok(m.fullName && m.repository && m.tag, `${m.name} ${m.version} has its identity`);
    const space = buildKeySpace(pins([[m.name, m.tag]]));
    for (const c of m.classes.filter((x) => x.kind === 'class')) {
      for (const p of c.params) {
        const meaning = resolveKey(space, `${c.name}::${p.name}`);
        assert.equal(meaning.kind, 'param', `${c.name}::${p.name} in ${m.name} ${m.version}`);
        if (p.typeSource === 'declared') assert.notEqual(parseType(p.type).kind, 'opaque', `${c.name}::${p.name}: ${p.type}`);
      }
    }
    for (const [name, text] of Object.entries(m.typeAliases ?? {})) assert.notEqual(parseType(text).kind, 'opaque', `${name} = ${text}`);
  }
});

test('every public parameter of the pinned versions and of zookeeper 0.8.4 has a description of ours', () => {
  for (const [name, version] of [['mesos', '0.5.2'], ['zookeeper', '0.3.5'], ['zookeeper', '0.8.4']] as const) {
    const m = catalogFor(name, version)!;
    assert.equal(m.version, version);
    const missing = m.classes.filter((c) => c.public && c.kind === 'class').flatMap((c) => c.params.filter((p) => !p.description).map((p) => `${c.name}::${p.name}`));
    assert.deepEqual(missing, []);
  }
});

test('descriptions of the Debian modules are ours: no run of eight words from their doc comments', () => {
  const words = (s: string) => s.toLowerCase().replace(/[^a-z0-9_:' ]+/g, ' ').split(/\s+/).filter(Boolean);
  for (const spec of DEBIAN_MODULES) {
    const dir = join(DEBIAN_MODULES_DIR, spec.dir);
    const name = spec.dir.split('-').pop()!;
    const docRuns = new Set<string>();
    const version = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')).version;
    for (const c of catalogFor(name, version)!.classes) {
      const text = readFileSync(join(dir, c.file), 'utf8');
      for (const d of summarizeManifest(parsePuppet(text), text).definitions) {
        const prose = [d.doc?.text ?? '', d.doc?.summary ?? '', ...(d.doc?.params ?? []).map((p) => p.text)].join(' ');
        const w = words(prose);
        for (let i = 0; i + 8 <= w.length; i++) docRuns.add(w.slice(i, i + 8).join(' '));
      }
    }
    for (const m of CATALOGS.modules.filter((x) => x.name === name)) {
      for (const c of m.classes) {
        for (const p of c.params) {
          if (!p.description) continue;
          const w = words(p.description);
          for (let i = 0; i + 8 <= w.length; i++) assert.ok(!docRuns.has(w.slice(i, i + 8).join(' ')), `${c.name}::${p.name} copies the module's doc`);
        }
      }
    }
  }
});

test('zookeeper 0.8.4 from Debian: id is a String, servers takes an Array or a Hash, defaults resolved from params', () => {
  const zk = catalogFor('zookeeper', '0.8.4')!;
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
  for (const c of ['zookeeper::params', 'zookeeper::config', 'zookeeper::install', 'zookeeper::install::repo', 'zookeeper::service', 'zookeeper::post_install']) {
    assert.equal(zk.classes.find((x) => x.name === c)?.public, false, c);
  }
});

test('stdlib, apt, concat and datacat: the public classes with parameters, nothing internal', () => {
  const apt = catalogFor('apt', undefined)!;
  assert.deepEqual(apt.classes.map((c) => c.name), ['apt', 'apt::backports']);
  assert.equal(apt.tag, 'v9.0.1');
  const proxy = apt.classes[0].params.find((p) => p.name === 'proxy')!;
  assert.equal(proxy.type, 'Apt::Proxy');
  assert.equal(proxy.resolvedDefault, '{}');
  assert.deepEqual(catalogFor('stdlib', undefined)!.classes.map((c) => c.name), ['stdlib::manage']);
  // concat and datacat declare only defined types: their catalogs carry the version and dependencies.
  assert.deepEqual(catalogFor('concat', undefined)!.classes, []);
  const datacat = catalogFor('datacat', undefined)!;
  assert.deepEqual(datacat.classes, []);
  assert.equal(datacat.tag, '0.6.2');
  for (const m of CATALOGS.modules.filter((x) => ['apt', 'stdlib'].includes(x.name))) {
    for (const c of m.classes) assert.ok(c.public && c.params.length > 0, c.name);
  }
});

test('version choice: installed wins over pinned, pinned over newest', () => {
  assert.equal(chooseVersion('mesos', '1.1.0', '0.5.2')!.module.version, '1.1.0');
  assert.equal(chooseVersion('mesos', undefined, 'v0.5.2')!.reason, 'pinned');
  assert.equal(chooseVersion('mesos', undefined, undefined)!.module.version, '1.1.0');
  assert.equal(chooseVersion('mesos', undefined, '0.8.4')!.module.version, '0.5.2', 'nearest older bundled');
  assert.equal(chooseVersion('mesos', undefined, '0.4.0')!.module.version, '0.5.2', 'older than all, same major: the oldest');
  assert.equal(chooseVersion('nosuchmodule', undefined, undefined), undefined);
  assert.ok(compareVersions('0.10.0', '0.9.1') > 0);
});

test('version choice with zookeeper 0.8.4 bundled', () => {
  assert.equal(chooseVersion('zookeeper', undefined, 'v0.8.7')!.module.version, '0.8.4', 'nearest older');
  assert.equal(chooseVersion('zookeeper', undefined, 'v0.8.7')!.requested, '0.8.7');
  assert.equal(chooseVersion('zookeeper', undefined, 'v0.8.4')!.module.version, '0.8.4');
  assert.equal(chooseVersion('zookeeper', undefined, 'v0.7.0')!.module.version, '0.3.5');
  assert.equal(chooseVersion('zookeeper', undefined, 'v0.3.5')!.module.version, '0.3.5');
  assert.equal(chooseVersion('zookeeper', undefined, 'v1.0.0')!.module.version, '0.8.4');
  assert.equal(chooseVersion('zookeeper', '0.8.4', 'v0.3.5')!.module.version, '0.8.4', 'installed wins');
  assert.equal(chooseVersion('zookeeper', undefined, undefined)!.module.version, '1.6.0', 'newest');
});

test('a pin older than every bundled major version has no catalog: the scenario pins apt 1.7.0, stdlib 4.5.1, concat 1.1.2', () => {
  assert.equal(chooseVersion('apt', undefined, '1.7.0'), undefined);
  assert.equal(chooseVersion('stdlib', undefined, '4.5.1'), undefined);
  assert.equal(chooseVersion('concat', undefined, '1.1.2'), undefined);
  assert.equal(chooseVersion('datacat', undefined, '0.6.1')!.module.version, '0.6.2', 'same major: the oldest');
  assert.equal(chooseVersion('apt', undefined, '10.1.0')!.module.version, '9.0.1', 'newer than all: nearest older');
  const space = buildKeySpace(pins([['apt', '1.7.0']]));
  assert.equal(space.modules.has('apt'), false);
  assert.equal(resolveKey(space, 'apt::purge_sources_list').kind, 'site', 'no false alarm for an apt 1.x key');
});

test('puppetlabs-java, which Debian does not package, is bundled from recorded facts with our descriptions', () => {
  const old = catalogFor('java', '1.2.0')!;
  assert.equal(old.tag, '1.2.0');
  const java = old.classes.find((c) => c.name === 'java')!;
  assert.deepEqual(java.params.map((p) => p.name), ['distribution', 'version', 'package', 'java_alternative', 'java_alternative_path']);
  assert.match(java.params[0].description!, /'jdk' or 'jre'/);
  const newer = catalogFor('java', '7.3.0')!.classes.find((c) => c.name === 'java')!;
  assert.equal(newer.params.find((p) => p.name === 'java_home')!.type, 'Optional[String]');
});
