// Our module indexer (scripts/module-indexer.ts) on a small module on disk: which classes are public,
// which parameters Hiera cannot set (the module passes them in its own resource-like declaration), types
// from declarations or default literals, defaults resolved through the params class, one-line type text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flat, indexModule, isInternalClass } from '../../scripts/module-indexer.js';
import { withDescriptions } from '../../scripts/generate-catalog.js';

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
    'metadata.json': JSON.stringify({
      name: 'acme-demo',
      version: '1.2.3',
      source: 'https://github.com/acme/puppet-demo',
      dependencies: [{ name: 'puppetlabs/stdlib', version_requirement: '>= 4.0.0' }],
    }),
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
    'types/port.pp': 'type Demo::Port = Integer[1, # low\n  65535]\n',
  });
  try {
    const m = withDescriptions(indexModule(dir, SPEC), {
      demo: { keys: { 'demo::port': 'Our words about the port.' } },
    });
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
    assert.deepEqual(p.port, {
      name: 'port',
      type: 'Integer',
      typeSource: 'declared',
      default: '$demo::params::port',
      resolvedDefault: '8080',
      required: false,
      hieraEffective: true,
      description: 'Our words about the port.',
    });
    assert.equal(p.name_default.type, 'String');
    assert.equal(p.name_default.typeSource, 'default-literal');
    assert.equal(p.secret.description, undefined, 'no description from the doc comment');
    assert.equal(p.hosts.type, 'Variant[String, Array[String]]');
    const server = m.classes.find((c) => c.name === 'demo::server')!;
    assert.equal(
      server.params.find((x) => x.name === 'workers')!.hieraEffective,
      false,
      'passed by class { demo::server: workers => 4 }',
    );
    assert.equal(server.params.find((x) => x.name === 'mode')!.hieraEffective, true);
    const site = m.classes.find((c) => c.name === 'demo::site')!;
    assert.equal(site.params[0].required, true);
    assert.deepEqual(m.typeAliases, { 'Demo::Port': 'Integer[1, 65535]' });

    const hiera = indexModule(dir, { ...SPEC, scope: 'hiera' });
    assert.deepEqual(
      hiera.classes.map((c) => c.name),
      ['demo'],
      'public classes with parameters only',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('internal classes by name or by doc comment', () => {
  for (const n of [
    'x::params',
    'x::install',
    'x::config',
    'x::service',
    'x::repo',
    'x::repo::apt',
    'x::install::archive',
    'zookeeper::os::debian',
  ])
    assert.ok(isInternalClass(n, ''), n);
  assert.ok(isInternalClass('apt::update', '# @api private'));
  assert.ok(isInternalClass('zookeeper::sasl', '# PRIVATE CLASS - do not use directly'));
  for (const n of ['x', 'x::master', 'x::cli', 'apt::backports']) assert.equal(isInternalClass(n, ''), false, n);
});

test('flat keeps a # inside strings and regexes, drops comments and line breaks', () => {
  assert.equal(flat('Pattern[/a#b/]'), 'Pattern[/a#b/]');
  assert.equal(flat("'#' # note"), "'#'");
  assert.equal(flat("Enum[\n  'a',\n  'b',\n]"), "Enum['a', 'b']");
  assert.equal(flat("{\n  'k' => 1, # c\n}"), "{'k' => 1}");
});

test('a Puppet 3 era release: Modulefile, validate_* types, resource types, functions, and a manifest that does not parse', () => {
  const dir = moduleOnDisk({
    Modulefile:
      "name    'acme-old'\nversion '0.3.0'\nsource  'git://github.com/acme/puppet-old.git'\ndependency 'puppetlabs/stdlib', '>= 3.2.0'\n",
    'manifests/init.pp': `class old ($options = {}, $flag = true, $name_ = $old::params::x) inherits old::params {
  validate_hash($options)
}
`,
    'manifests/params.pp': "class old::params { $x = 'y' }\n",
    // Puppet 3 allowed a variable name that starts with a digit; Puppet 4 and our parser do not.
    'manifests/broken.pp': 'class old::broken { $old::params::7zip = 1 }\n',
    'lib/puppet/type/old_thing.rb': `Puppet::Type.newtype(:old_thing) do
  ensurable
  newparam(:name, :namevar => true) do
  end
  newproperty(:size) do
  end
end
`,
    'lib/puppet/parser/functions/old_fn.rb':
      'module Puppet::Parser::Functions\n  newfunction(:old_fn, :type => :rvalue) do |args|\n  end\nend\n',
    'lib/puppet/functions/old/new_fn.rb': "Puppet::Functions.create_function(:'old::new_fn') do\nend\n",
    'functions/pp_fn.pp': 'function old::pp_fn(String $s) >> String { $s }\n',
  });
  try {
    const m = indexModule(dir, {
      fallbackName: 'acme-old',
      fallbackVersion: '0.3.0',
      tag: 'v0.3.0',
      releaseDate: '2014-05-06',
    });
    assert.equal(m.fullName, 'acme-old');
    assert.equal(m.repository, 'acme/puppet-old');
    assert.deepEqual(m.dependencies, [{ name: 'puppetlabs/stdlib', requirement: '>= 3.2.0' }]);
    assert.deepEqual(
      m.classes.map((c) => c.name),
      ['old', 'old::params'],
    );
    const p = Object.fromEntries(
      m.classes[0].params.map((x) => [x.name, [x.type, x.typeSource, x.default, x.resolvedDefault]]),
    );
    assert.deepEqual(p, {
      options: ['Hash', 'validate_hash', '{}', undefined],
      flag: ['Boolean', 'default-literal', 'true', undefined],
      name_: ['String', 'resolved-default-literal', '$old::params::x', "'y'"],
    });
    assert.deepEqual(m.unparsed, [{ file: 'manifests/broken.pp', line: 1, message: m.unparsed![0].message }]);
    assert.match(m.unparsed![0].message, /7zip/);
    assert.deepEqual(m.resourceTypes, [{ name: 'old_thing', parameters: ['name'], properties: ['ensure', 'size'] }]);
    assert.deepEqual(m.functions, ['old::new_fn', 'old::pp_fn', 'old_fn']);
    assert.equal(m.operatingsystemSupport, undefined, 'a Modulefile has no OS support');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('metadata.json gives OS support and requirements; a tag that says another version than the metadata is kept apart', () => {
  const dir = moduleOnDisk({
    'metadata.json': JSON.stringify({
      name: 'acme/new',
      version: '2.0.0',
      source: 'https://github.com/acme/puppet-new',
      dependencies: [],
      operatingsystem_support: [
        { operatingsystem: 'Debian', operatingsystemrelease: ['11', '12'] },
        { operatingsystem: 'RedHat' },
      ],
      requirements: [{ name: 'puppet', version_requirement: '>= 7.0.0 < 9.0.0' }],
    }),
  });
  try {
    const m = indexModule(dir, { fallbackName: 'acme-new', fallbackVersion: '2.0.1', tag: 'v2.0.1' });
    assert.equal(m.version, '2.0.1');
    assert.equal(m.metadataVersion, '2.0.0');
    assert.equal(m.metadataName, undefined, 'acme/new is acme-new');
    assert.deepEqual(m.operatingsystemSupport, [
      { operatingsystem: 'Debian', operatingsystemrelease: ['11', '12'] },
      { operatingsystem: 'RedHat' },
    ]);
    assert.deepEqual(m.requirements, [{ name: 'puppet', requirement: '>= 7.0.0 < 9.0.0' }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
