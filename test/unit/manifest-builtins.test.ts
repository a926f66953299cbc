// Puppet's built-in resource types, metaparameters, functions and data types in manifests: hover on `package`,
// `service`, `cron`, their attributes, `template()`, `String` and `Stdlib::Port`; completion of attributes, of
// their values and of type names. Facts are Puppet 7's own
// (recorded through its API, checked by test/oracle/puppet-builtins.test.ts); descriptions are ours.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../server/src/ide/hover.js';
import { complete } from '../../server/src/ide/completion.js';
import { applyEdit, fixtureProject } from '../support/project.js';
import { checkHover } from '../support/check.js';
import {
  builtinFunction,
  builtinFunctionNames,
  builtinType,
  builtinTypeNames,
} from '../../server/src/knowledge/puppetBuiltins.js';
import { builtinDataType, builtinDataTypeNames } from '../../server/src/knowledge/puppetDataTypes.js';

const FILE = '#- /work/site-modules/profile/manifests/x.pp\n';

function hoverAt(code: string) {
  const { project, cursor, fixture } = fixtureProject(`${FILE}${code}`);
  const h = hover(project, cursor.path, cursor.offset);
  return h && { text: fixture.files[cursor.path].slice(h.range.start, h.range.end), markdown: h.markdown };
}

function completeAt(code: string) {
  const { project, cursor, fixture } = fixtureProject(`${FILE}${code}`);
  const list = complete(project, cursor.path, cursor.offset);
  const byRank = [...list].sort((a, b) => (a.sortText! < b.sortText! ? -1 : a.sortText! > b.sortText! ? 1 : 0));
  return {
    labels: byRank.map((i) => i.label),
    apply(label: string) {
      const item = list.find((i) => i.label === label);
      assert.ok(item, `no item ${label} among ${byRank.map((i) => i.label).join(', ')}`);
      return applyEdit(fixture.files[cursor.path], item.range, item.insertText);
    },
  };
}

test('hover on a built-in resource type names its properties, parameters and namevar', () => {
  const h = hoverAt("class profile::x {\n  serv$0ice { 'mesos-master':\n    ensure => running,\n  }\n}\n");
  assert.equal(h?.text, 'service');
  assert.equal(
    h?.markdown,
    [
      '**service** — resource type built into Puppet 7.23.0',
      '',
      'A system service (systemd on current Debian): whether it runs now and whether it starts at boot.',
      '',
      'Properties: `enable`, `ensure`, `flags`, `logonaccount`',
      '',
      'Parameters: `binary`, `control`, `hasrestart`, `hasstatus`, `logonpassword`, `manifest`, `name`, `path`, `pattern`, `provider`, `restart`, `start`, `status`, `stop`, `timeout`',
      '',
      'The title sets `name` unless it is given.',
    ].join('\n'),
  );
});

test('hover on an attribute of a built-in type: kind, our description, the values Puppet accepts', () => {
  const h = hoverAt("class profile::x {\n  service { 'mesos-master':\n    ens$0ure => running,\n  }\n}\n");
  assert.equal(h?.text, 'ensure');
  assert.equal(
    h?.markdown,
    '**service**.`ensure` — property (state Puppet checks and changes)\n\n`running` starts the service if it is stopped, `stopped` stops it; unset leaves the current state alone.\n\nValues: `stopped`, `false`, `running`, `true`',
  );
  const enable = hoverAt("service { 'x':\n  enab$0le => true,\n}\n");
  assert.match(
    enable!.markdown,
    /Values: `true`, `false`, `manual`, `mask`, `delayed`\n\nNeeds a provider with: `enableable`$/,
  );
});

test('hover on a metaparameter of any resource, and nothing on an attribute the type lacks', () => {
  assert.equal(
    hoverAt("package { 'mesos':\n  ensure => installed,\n  noti$0fy => Service['mesos-master'],\n}\n")?.markdown,
    '`notify` — metaparameter, valid on every resource\n\nResources to apply after this one and refresh when it changes (a service restarts).',
  );
  assert.equal(hoverAt("package { 'mesos':\n  enab$0le => true,\n}\n"), undefined);
});

test('hover on a built-in function call shows its signatures without alias names', () => {
  const h = hoverAt("$x = spl$0it($facts['fqdn'], '\\\\.')\n");
  assert.equal(h?.text, 'split');
  assert.equal(
    h?.markdown,
    '**split()** — function built into Puppet 7.23.0\n\nSplits a string into an array at a separator (a string or a regular expression).\n\n```puppet\nsplit(String $str, String $pattern)\nsplit(String $str, Regexp $pattern)\nsplit(String $str, Type[Regexp] $pattern)\n```',
  );
  assert.match(
    hoverAt("class a {\n  noti$0ce 'hello'\n}\n")!.markdown,
    /^\*\*notice\(\)\*\* — function built into Puppet/,
  );
  // A variable or an attribute named like a function is not the function.
  assert.equal(hoverAt('$split$0 = 1\n'), undefined);
});

test('attribute completion in a built-in resource: ensure first, then the rest, the namevar and metaparameters last', () => {
  const c = completeAt("service { 'mesos-slave':\n  $0\n}\n");
  assert.deepEqual(c.labels.slice(0, 3), ['ensure', 'binary', 'control']);
  assert.equal(c.labels.at(-12), 'name');
  assert.deepEqual(c.labels.slice(-11), [
    'alias',
    'audit',
    'before',
    'loglevel',
    'noop',
    'notify',
    'require',
    'schedule',
    'stage',
    'subscribe',
    'tag',
  ]);
  assert.equal(c.apply('enable'), "service { 'mesos-slave':\n  enable => \n}\n");
});

test("attributes already set are not offered again; a defined type's body is not a built-in's", () => {
  const c = completeAt("package { 'mesos':\n  ensure => installed,\n  $0\n}\n");
  assert.ok(!c.labels.includes('ensure'));
  assert.ok(c.labels.includes('install_options'));
  assert.deepEqual(completeAt("mesos::property { 'x':\n  $0\n}\n").labels, []);
});

test('values of a built-in attribute after =>', () => {
  // Each value, then its aliases, as Puppet declares them.
  assert.deepEqual(completeAt("service { 'x':\n  ensure => $0\n}\n").labels, ['stopped', 'false', 'running', 'true']);
  assert.equal(
    completeAt("service { 'x':\n  ensure => ru$0\n}\n").apply('running'),
    "service { 'x':\n  ensure => running\n}\n",
  );
  assert.deepEqual(completeAt("package { 'x':\n  ensure => $0\n}\n").labels, [
    'present',
    'installed',
    'absent',
    'purged',
    'disabled',
    'latest',
  ]);
  // An attribute Puppet names no values for gets none; nor does the title position.
  assert.deepEqual(completeAt("file { '/etc/x':\n  content => $0\n}\n").labels, []);
  assert.deepEqual(completeAt('service { $0\n').labels, []);
});

test("the types of Puppet's core modules (cron, host, mount, ...) are explained like the built-in ones", () => {
  checkHover(
    `${FILE}cr$0on { 'logrotate':\n  command => '/usr/sbin/logrotate',\n  hour    => 2,\n}\n`,
    'manifest-hover-cron',
  );
  checkHover(`${FILE}mount { '/srv':\n  ens$0ure => mounted,\n}\n`, 'manifest-hover-mount-ensure');
  assert.deepEqual(completeAt("host { 'zk1.example.com':\n  $0\n}\n").labels, [
    'ensure',
    'comment',
    'host_aliases',
    'ip',
    'provider',
    'target',
    'name',
    'alias',
    'audit',
    'before',
    'loglevel',
    'noop',
    'notify',
    'require',
    'schedule',
    'stage',
    'subscribe',
    'tag',
  ]);
  assert.deepEqual(completeAt("mount { '/srv':\n  ensure => $0\n}\n").labels, [
    'defined',
    'present',
    'unmounted',
    'absent',
    'mounted',
  ]);
});

test("hover on a data type: Puppet's own, with how it takes parameters, or a module's alias with its definition", () => {
  checkHover(`${FILE}class profile::x(\n  Str$0ing[1] $name,\n) {}\n`, 'manifest-hover-data-type-string');
  // Puppet's own alias, with its definition.
  checkHover(`${FILE}class profile::x(\n  Da$0ta $settings,\n) {}\n`, 'manifest-hover-data-type-data');
  checkHover(
    `${FILE}class profile::x(\n  Optional[Stdlib::Po$0rt] $port = undef,\n) {}\n`,
    'manifest-hover-type-alias-bundled',
  );
  // The repo's own alias wins, with its summary and file.
  checkHover(
    `${FILE}class profile::x(\n  Profile::Po$0rt $port,\n) {}\n` +
      '#- /work/site-modules/profile/types/port.pp\n# @summary A port above the privileged range.\ntype Profile::Port = Integer[1024, 65535]\n',
    'manifest-hover-type-alias-own',
  );
  // A resource reference names the resource type.
  assert.match(
    hoverAt("package { 'mesos':\n  before => Serv$0ice['mesos-master'],\n}\n")!.markdown,
    /^\*\*service\*\* — resource type built into Puppet 7\.23\.0\n/,
  );
  // A capitalised name nobody defines has nothing to say.
  assert.equal(hoverAt('class profile::x(\n  Nowhere::Ty$0pe $x,\n) {}\n'), undefined);
});

test('type names complete by what is typed: data types and resource references, then alias namespaces', () => {
  assert.deepEqual(completeAt('class profile::x(\n  S$0\n) {}\n').labels, [
    'Scalar',
    'ScalarData',
    'SemVer',
    'SemVerRange',
    'Sensitive',
    'String',
    'Struct',
    'Schedule',
    'Selboolean',
    'Selmodule',
    'Service',
    'Ssh_authorized_key',
    'Sshkey',
    'Stage',
    'Stdlib::',
  ]);
  assert.deepEqual(completeAt("package { 'mesos':\n  before => Fi$0\n}\n").labels, ['File', 'Filebucket']);
  assert.equal(
    completeAt('class profile::x(\n  Optional[Stdl$0] $port = undef,\n) {}\n').apply('Stdlib::'),
    'class profile::x(\n  Optional[Stdlib::] $port = undef,\n) {}\n',
  );
  // After a namespace, its aliases and deeper namespaces; the repo's own aliases first.
  assert.deepEqual(completeAt('class profile::x(\n  Stdlib::Compat::$0 $x,\n) {}\n').labels, [
    'Stdlib::Compat::Absolute_path',
    'Stdlib::Compat::Array',
    'Stdlib::Compat::Bool',
    'Stdlib::Compat::Float',
    'Stdlib::Compat::Hash',
    'Stdlib::Compat::Integer',
    'Stdlib::Compat::Ip_address',
    'Stdlib::Compat::Ipv4',
    'Stdlib::Compat::Ipv6',
    'Stdlib::Compat::Numeric',
    'Stdlib::Compat::String',
  ]);
  const own = '#- /work/site-modules/profile/types/port.pp\ntype Profile::Port = Integer[1024, 65535]\n';
  assert.deepEqual(completeAt(`class profile::x(\n  Pro$0 $port,\n) {}\n${own}`).labels, ['Profile::']);
  assert.equal(
    completeAt(`class profile::x(\n  Profile::$0 $port,\n) {}\n${own}`).apply('Profile::Port'),
    'class profile::x(\n  Profile::Port $port,\n) {}\n',
  );
  // Not in strings, not in variables.
  assert.deepEqual(completeAt("$x = 'S$0'\n").labels, []);
  assert.deepEqual(completeAt('$x = $S$0\n').labels, []);
});

test('every built-in resource type, function and data type Puppet declares has a description of ours', () => {
  const undescribed = [
    ...builtinFunctionNames().filter((n) => !builtinFunction(n)?.description),
    ...builtinTypeNames().filter((n) => !builtinType(n)?.description),
    ...builtinDataTypeNames().filter((n) => !builtinDataType(n)?.description),
  ];
  assert.deepEqual(undescribed, []);
});

test('where a statement starts, the resource types and functions starting with what is typed', () => {
  const c = completeAt("class profile::x {\n  package { 'mesos': ensure => installed }\n  se$0\n}\n");
  assert.deepEqual(c.labels, ['selboolean', 'selmodule', 'service']);
  assert.equal(c.apply('service'), "class profile::x {\n  package { 'mesos': ensure => installed }\n  service\n}\n");
  // The snippet writes the resource with its title to fill in.
  const { project, cursor } = fixtureProject(`${FILE}class profile::x {\n  se$0\n}\n`);
  assert.equal(
    complete(project, cursor.path, cursor.offset).find((i) => i.label === 'service')?.snippet,
    "service { '${1:title}':\n  ${0}\n}",
  );
  assert.deepEqual(completeAt("class profile::x {\n  if $facts['x'] {\n    no$0\n  }\n}\n").labels, [
    'notify',
    'notice',
  ]);
  assert.deepEqual(completeAt('class profile::x {\n  unless $x =~ Stdlib::Port {\n    no$0\n  }\n}\n').labels, [
    'notify',
    'notice',
  ]);
  assert.deepEqual(completeAt('$ports.each |$p| {\n  fa$0\n}\n').labels, ['fail']);
});

test('in an expression, the functions: after =, in arguments, as a value Puppet names no words for', () => {
  assert.deepEqual(completeAt('$parts = sp$0\n').labels, ['split', 'sprintf']);
  assert.deepEqual(completeAt('$x = join($a, sp$0)\n').labels, ['split', 'sprintf']);
  assert.deepEqual(completeAt("file { '/etc/mesos/zk':\n  content => te$0\n}\n").labels, ['template']);
  assert.deepEqual(completeAt("class { 'mesos':\n  zookeeper => lo$0\n}\n").labels, ['lookup']);
  assert.equal(completeAt('$parts = sp$0\n').apply('split'), '$parts = split\n');
  // Each function says how it is called: its first signature, and how many others it has.
  const { project, cursor } = fixtureProject(`${FILE}$parts = sp$0\n`);
  assert.deepEqual(
    complete(project, cursor.path, cursor.offset).map((i) => i.detail),
    ['split(String $str, String $pattern) (+2 more)', 'sprintf(...)'],
  );
  // Not a resource title, a hash key, a string, or a blank line.
  assert.deepEqual(completeAt('package { se$0\n').labels, []);
  assert.deepEqual(completeAt('$h = { se$0 }\n').labels, []);
  assert.deepEqual(completeAt("$x = 'se$0'\n").labels, []);
  assert.deepEqual(completeAt('class profile::x {\n  $0\n}\n').labels, []);
});

test('functions called as methods hover and complete like calls', () => {
  const each = hoverAt('$ports.ea$0ch |$p| {\n  notice($p)\n}\n');
  assert.equal(each?.text, 'each');
  assert.match(
    each!.markdown,
    /^\*\*each\(\)\*\* — function built into Puppet 7\.23\.0\n\nCalls the block for each element/,
  );
  assert.deepEqual(completeAt('$x = $ports.ma$0\n').labels, ['map', 'match', 'max']);
});

test('a quoted value completes inside its quotes, with the values only', () => {
  const single = completeAt("service { 'x':\n  ensure => 'ru$0',\n}\n");
  assert.deepEqual(single.labels, ['stopped', 'false', 'running', 'true']);
  assert.equal(single.apply('running'), "service { 'x':\n  ensure => 'running',\n}\n");
  const double = completeAt('file { \'/etc/mesos/zk\':\n  ensure => "fi$0",\n}\n');
  assert.equal(double.apply('file'), 'file { \'/etc/mesos/zk\':\n  ensure => "file",\n}\n');
  // A quoted value Puppet names no words for is text: nothing to offer, not even functions.
  assert.deepEqual(completeAt("file { '/etc/x':\n  content => 'te$0'\n}\n").labels, []);
  // After the closing quote the value is finished.
  assert.deepEqual(completeAt("service { 'x':\n  ensure => 'running'$0\n}\n").labels, []);
});

test("a metaparameter's values complete on any resource and show in its hover", () => {
  assert.deepEqual(completeAt("service { 'x':\n  loglevel => $0\n}\n").labels, [
    'debug',
    'info',
    'notice',
    'warning',
    'err',
    'alert',
    'emerg',
    'crit',
    'verbose',
  ]);
  assert.deepEqual(completeAt("mesos::property { 'x':\n  noop => $0\n}\n").labels, ['true', 'false']);
  checkHover(`${FILE}package { 'mesos':\n  no$0op => true,\n}\n`, 'manifest-hover-metaparameter-noop');
});

test('resource defaults (`Package { ... }`) complete and hover like a resource body', () => {
  // `path` is set already; the namevar `command` comes last, before the metaparameters.
  assert.deepEqual(completeAt("Exec {\n  path => ['/usr/bin', '/bin'],\n  $0\n}\n").labels, [
    'creates',
    'cwd',
    'environment',
    'group',
    'logoutput',
    'onlyif',
    'provider',
    'refresh',
    'refreshonly',
    'returns',
    'timeout',
    'tries',
    'try_sleep',
    'umask',
    'unless',
    'user',
    'command',
    'alias',
    'audit',
    'before',
    'loglevel',
    'noop',
    'notify',
    'require',
    'schedule',
    'stage',
    'subscribe',
    'tag',
  ]);
  assert.deepEqual(completeAt('Package {\n  ensure => $0\n}\n').labels, [
    'present',
    'installed',
    'absent',
    'purged',
    'disabled',
    'latest',
  ]);
  // Right after the brace: no title comes first in defaults.
  assert.deepEqual(completeAt('Notify { $0 }\n').labels, [
    'message',
    'withpath',
    'name',
    'alias',
    'audit',
    'before',
    'loglevel',
    'noop',
    'notify',
    'require',
    'schedule',
    'stage',
    'subscribe',
    'tag',
  ]);
  assert.match(
    hoverAt('Service {\n  has$0restart => true,\n}\n')!.markdown,
    /^\*\*service\*\*\.`hasrestart` — parameter\n/,
  );
});

test("a reference to a defined type's resource hovers with the defined type", () => {
  checkHover(
    `${FILE}class profile::x {\n  Profile::Vh$0ost['site'] -> Service['nginx']\n}\n` +
      '#- /work/site-modules/profile/manifests/vhost.pp\n# @summary One nginx site.\ndefine profile::vhost(String $root) {}\n',
    'manifest-hover-defined-type-reference',
  );
});
