// The bundled type aliases (Debian's stdlib 8.5.0 and apt 9.0.1, indexed with our parser) as an AliasResolver
// for Hiera type checks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkValue, mismatchMessage } from '../../server/src/knowledge/types/typeCheck.js';
import { bundledTypeAlias, bundledTypeAliasNames } from '../../server/src/knowledge/types/aliases.js';

const ok = (v: unknown, t: string) =>
  assert.equal(checkValue(v, t, bundledTypeAlias), undefined, `${JSON.stringify(v)} should match ${t}`);
const bad = (v: unknown, t: string) => {
  const m = checkValue(v, t, bundledTypeAlias);
  assert.ok(m, `${JSON.stringify(v)} should not match ${t}`);
  return mismatchMessage(m);
};

test('stdlib aliases are bundled with their definitions', () => {
  assert.equal(bundledTypeAlias('Stdlib::Port'), 'Integer[0, 65535]');
  assert.equal(bundledTypeAlias('Stdlib::Absolutepath'), 'Variant[Stdlib::Windowspath, Stdlib::Unixpath]');
  assert.equal(bundledTypeAlias('::Stdlib::Port'), 'Integer[0, 65535]');
  assert.equal(bundledTypeAlias('stdlib::port'), 'Integer[0, 65535]', 'Puppet finds types case-insensitively');
  assert.ok(bundledTypeAlias('Stdlib::Host'));
  assert.ok(bundledTypeAlias('Apt::Proxy')?.startsWith('Struct['));
  assert.equal(bundledTypeAlias('Stdlib::Nosuchtype'), undefined);
  assert.ok(bundledTypeAliasNames().length >= 50);
  // A '#' inside a regex is not a comment.
  assert.match(bundledTypeAlias('Stdlib::Email')!, /\.!#\$%&'\*\+/);
});

test('Stdlib::Absolutepath takes absolute Unix and Windows paths only', () => {
  ok('/var/lib/x', 'Stdlib::Absolutepath');
  ok('C:\\zookeeper', 'Stdlib::Absolutepath');
  assert.match(bad('var/lib', 'Stdlib::Absolutepath'), /expects a Stdlib::Absolutepath value, got String/);
  bad(5, 'Stdlib::Absolutepath');
  ok(null, 'Optional[Stdlib::Absolutepath]');
});

test('Stdlib::Port and friends', () => {
  ok(2181, 'Stdlib::Port');
  assert.match(bad(70000, 'Stdlib::Port'), /Stdlib::Port/);
  bad('2181', 'Stdlib::Port');
  ok(50000, 'Stdlib::Port::Ephemeral');
  bad(80, 'Stdlib::Port::Unprivileged');
});

test('hosts, URLs and structs', () => {
  ok('zk1.example.com', 'Stdlib::Host');
  ok('10.0.0.1', 'Stdlib::Host');
  bad('not a host!', 'Stdlib::Host');
  ok('http://repos.example.com/debian', 'Stdlib::HTTPUrl');
  bad('ftp://x', 'Stdlib::HTTPUrl');
  ok({ host: 'proxy.example.com', port: 3128 }, 'Apt::Proxy');
  assert.match(bad({ host: 'proxy.example.com', port: '3128' }, 'Apt::Proxy'), /\['port'\]/);
  bad({ hots: 'x' }, 'Apt::Proxy');
});
