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
  return {
    project: fp.project,
    get cursor() {
      return fp.cursor;
    },
    text: fp.fixture.files['/work/Puppetfile'],
  };
}

test('after mod on an empty line: whole Forge entries, author and newest release included', () => {
  const { project, cursor, text } = at("mod 'mes$0'\n");
  const items = complete(project, cursor.path, cursor.offset);
  const mesos = items.find((i) => i.label === 'mesos')!;
  assert.match(mesos.detail!, /deric-mesos v1\.1\.0/);
  assert.equal(applyEdit(text, mesos.range, mesos.insertText), "mod 'deric/mesos', '1.1.0'\n");
});

test("module entries: unpinned modules first, in the file's own git style, at a release the other pins accept", () => {
  // The book's style: git entries with :ref on a second line. mesos v1.1.0 needs stdlib < 9.0.0.
  const repo = "mod 'mesos',\n  :git => 'https://github.com/deric/puppet-mesos', :ref => 'v1.1.0'\nmod '$0'\n";
  const { project, cursor, text } = at(repo);
  const items = complete(project, cursor.path, cursor.offset).sort((a, b) =>
    (a.sortText ?? '').localeCompare(b.sortText ?? ''),
  );
  assert.equal(items[items.length - 1].label, 'mesos', 'the module already pinned comes last');
  assert.equal(items[items.length - 1].detail!.includes('already pinned'), true);
  const stdlib = items.find((i) => i.label === 'stdlib')!;
  assert.equal(
    applyEdit(text, stdlib.range, stdlib.insertText),
    "mod 'mesos',\n  :git => 'https://github.com/deric/puppet-mesos', :ref => 'v1.1.0'\nmod 'stdlib',\n  :git => 'https://github.com/puppetlabs/puppetlabs-stdlib', :ref => 'v8.6.0'\n",
  );
  // Forge pins: the Forge form, and the same fit (stdlib 8.6.0 for mesos 1.1.0).
  const forge = at("mod 'deric/mesos', '1.1.0'\nmod 'std$0'\n");
  const s2 = complete(forge.project, forge.cursor.path, forge.cursor.offset).find((i) => i.label === 'stdlib')!;
  assert.equal(
    applyEdit(forge.text, s2.range, s2.insertText),
    "mod 'deric/mesos', '1.1.0'\nmod 'puppetlabs/stdlib', '8.6.0'\n",
  );
});

test('inside an entry that has more on its line, only the name is completed', () => {
  const { project, cursor, text } = at("mod 'mes$0', '1.1.0'\n");
  const mesos = complete(project, cursor.path, cursor.offset).find((i) => i.label === 'mesos')!;
  assert.equal(applyEdit(text, mesos.range, mesos.insertText), "mod 'mesos', '1.1.0'\n");
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
  const { project, cursor } = at(
    "mod 'zoo$0keeper',\n  :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v0.3.5'\n",
  );
  const h = hover(project, cursor.path, cursor.offset)!;
  assert.match(h.markdown, /\*\*deric-zookeeper\*\*/);
  assert.match(h.markdown, /Pinned at \*\*v0\.3\.5\*\*/);
  assert.match(h.markdown, /datacat/);
  assert.match(h.markdown, /`zookeeper` \(35 parameters\)/);
});

test('links to git sources (git:// shown as https) and to Forge pages', () => {
  const { project } = at(
    "mod 'apt',\n  :git => 'git://github.com/puppetlabs/puppetlabs-apt.git', :ref => '1.7.0'\nmod 'puppetlabs/stdlib', '8.6.0'\n",
  );
  assert.deepEqual(
    puppetfileLinks(project, '/work/Puppetfile').map((l) => l.target),
    ['https://github.com/puppetlabs/puppetlabs-apt', 'https://forge.puppet.com/modules/puppetlabs/stdlib'],
  );
});
