// Puppetfile completion (module names, tags, Forge versions), hover (what the pinned release provides and
// needs) and links to the sources.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../../server/src/ide/completion.js';
import { hover } from '../../server/src/ide/hover.js';
import { puppetfileLinks } from '../../server/src/ide/puppetfile/features.js';
import { fixtureProject, applyEdit } from '../support/project.js';

function at(fixture: string) {
  const fp = fixtureProject(`#- /work/Puppetfile\n${fixture}`);
  return { project: fp.project, get cursor() { return fp.cursor; }, text: fp.fixture.files['/work/Puppetfile'] };
}

test('module names after mod, inserted inside the quotes', () => {
  const { project, cursor, text } = at("mod 'mes$0'\n");
  const items = complete(project, cursor.path, cursor.offset);
  const mesos = items.find((i) => i.label === 'mesos')!;
  assert.match(mesos.detail!, /deric-mesos — newest v1\.1\.0/);
  assert.equal(applyEdit(text, mesos.range, mesos.insertText), "mod 'mesos'\n");
});

test('tags of the entry’s module inside :ref, newest first; Forge versions without the v', () => {
  const { project, cursor } = at("mod 'mesos',\n  :git => 'https://github.com/deric/puppet-mesos', :ref => '$0'\n");
  const labels = complete(project, cursor.path, cursor.offset).map((i) => i.label);
  assert.equal(labels[0], 'v1.1.0');
  assert.ok(labels.includes('v0.5.2'));
  const forge = at("mod 'puppetlabs/stdlib', '8.$0'\n");
  const versions = complete(forge.project, forge.cursor.path, forge.cursor.offset).map((i) => i.label);
  assert.ok(versions.includes('8.6.0'));
  assert.ok(!versions.some((v) => v.startsWith('v')));
});

test('hover: the pinned release, what it needs and what it provides', () => {
  const { project, cursor } = at("mod 'zoo$0keeper',\n  :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v0.3.5'\n");
  const h = hover(project, cursor.path, cursor.offset)!;
  assert.match(h.markdown, /\*\*deric-zookeeper\*\*/);
  assert.match(h.markdown, /Pinned at \*\*v0\.3\.5\*\*/);
  assert.match(h.markdown, /datacat/);
  assert.match(h.markdown, /`zookeeper` \(35 parameters\)/);
});

test('links to git sources (git:// shown as https) and to Forge pages', () => {
  const { project } = at("mod 'apt',\n  :git => 'git://github.com/puppetlabs/puppetlabs-apt.git', :ref => '1.7.0'\nmod 'puppetlabs/stdlib', '8.6.0'\n");
  assert.deepEqual(puppetfileLinks(project, '/work/Puppetfile').map((l) => l.target), ['https://github.com/puppetlabs/puppetlabs-apt', 'https://forge.puppet.com/modules/puppetlabs/stdlib']);
});
