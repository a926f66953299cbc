// The Debian module indexer of scripts/generate-catalog.ts on a small module on disk: which classes are public,
// which parameters Hiera cannot set (the module passes them in its own resource-like declaration), types
// from declarations or default literals, defaults resolved through the params class, one-line type text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flat, indexModule, isInternalClass } from '../../scripts/generate-catalog.js';

function moduleOnDisk(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mp-indexer-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const SPEC = { scope: 'all' as const, vTags: true, releaseDates: { '1.2.3': '2020-01-02' } };

test('a module folder becomes a catalog: classes, parameters, hieraEffective, resolved defaults, aliases', () => {
  const dir = moduleOnDisk({
    'metadata.json': JSON.stringify({ name: 'acme-demo', version: '1.2.3', source: 'https://github.com/acme/puppet-demo', dependencies: [{ name: 'puppetlabs/stdlib', version_requirement: '>= 4.0.0' }] }),
    'manifests/init.pp': `# @summary The demo.
# @param port Port text from the module, never copied.
class demo (
  Integer $port = $demo::params::port,
  $name_default = 'x',
  Optional[String] $secret = undef,
  Variant[
    String, # a comment
    Array[String],
  ] $hosts = [],
) inherits demo::params {
  class { 'demo::server': workers => 4, require => Class['demo::params'] }
}
`,
    'manifests/params.pp': `class demo::params {
  $port = 8080
  if $facts['os']['family'] == 'Debian' { $other = 1 } else { $other = 2 }
}
`,
    'manifests/server.pp': `# @api private
class demo::server (Integer $workers = 1, String $mode = 'fast') { }
`,
    'manifests/install/repo.pp': 'class demo::install::repo { }\n',
    'manifests/site.pp': 'define demo::site (String $path) { }\n',
    'types/port.pp': "type Demo::Port = Integer[1, # low\n  65535]\n",
  });
  try {
    const m = indexModule(dir, SPEC, { demo: { keys: { 'demo::port': 'Our words about the port.' } } });
    assert.equal(m.name, 'demo');
    assert.equal(m.fullName, 'acme-demo');
    assert.equal(m.repository, 'acme/puppet-demo');
    assert.equal(m.tag, 'v1.2.3');
    assert.equal(m.releaseDate, '2020-01-02');
    assert.deepEqual(m.dependencies, [{ name: 'puppetlabs/stdlib', requirement: '>= 4.0.0' }]);
    assert.deepEqual(
      m.classes.map((c) => [c.name, c.kind, c.public]),
      [
        ['demo', 'class', true],
        ['demo::install::repo', 'class', false],
        ['demo::params', 'class', false],
        ['demo::server', 'class', false],
        ['demo::site', 'defined_type', true],
      ],
    );
    const demo = m.classes[0];
    assert.equal(demo.line, 3);
    assert.equal(demo.inherits, 'demo::params');
    const p = Object.fromEntries(demo.params.map((x) => [x.name, x]));
    assert.deepEqual(p.port, { name: 'port', type: 'Integer', typeSource: 'declared', default: '$demo::params::port', resolvedDefault: '8080', required: false, hieraEffective: true, description: 'Our words about the port.' });
    assert.equal(p.name_default.type, 'String');
    assert.equal(p.name_default.typeSource, 'default-literal');
    assert.equal(p.secret.description, undefined, 'no description from the doc comment');
    assert.equal(p.hosts.type, 'Variant[String, Array[String]]');
    const server = m.classes.find((c) => c.name === 'demo::server')!;
    assert.equal(server.params.find((x) => x.name === 'workers')!.hieraEffective, false, 'passed by class { demo::server: workers => 4 }');
    assert.equal(server.params.find((x) => x.name === 'mode')!.hieraEffective, true);
    const site = m.classes.find((c) => c.name === 'demo::site')!;
    assert.equal(site.params[0].required, true);
    assert.deepEqual(m.typeAliases, { 'Demo::Port': 'Integer[1, 65535]' });

    const hiera = indexModule(dir, { ...SPEC, scope: 'hiera' });
    assert.deepEqual(hiera.classes.map((c) => c.name), ['demo'], 'public classes with parameters only');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('internal classes by name or by doc comment', () => {
  for (const n of ['x::params', 'x::install', 'x::config', 'x::service', 'x::repo', 'x::repo::apt', 'x::install::archive']) assert.ok(isInternalClass(n, ''), n);
  assert.ok(isInternalClass('apt::update', '# @api private'));
  assert.ok(isInternalClass('zookeeper::sasl', '# PRIVATE CLASS - do not use directly'));
  for (const n of ['x', 'x::master', 'x::cli', 'apt::backports']) assert.equal(isInternalClass(n, ''), false, n);
});

test('flat keeps a # inside strings and regexes, drops comments and line breaks', () => {
  assert.equal(flat("Pattern[/a#b/]"), 'Pattern[/a#b/]');
  assert.equal(flat("'#' # note"), "'#'");
  assert.equal(flat("Enum[\n  'a',\n  'b',\n]"), "Enum['a', 'b']");
  assert.equal(flat("{\n  'k' => 1, # c\n}"), "{'k' => 1}");
});
