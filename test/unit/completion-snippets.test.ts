// Snippets the server offers where they belong: the Hiera node and common-data snippets in Hiera data files only
// (not in a CI workflow's YAML), and in a manifest that defines nothing yet the class its path calls for.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../../server/src/ide/completion.js';
import { applyEdit, fixtureProject } from '../support/project.js';

const SITE = `#- /work/environment.conf
modulepath = site-modules:modules:$basemodulepath
`;

function snippetsAt(fixture: string) {
  const { project, cursor, fixture: f } = fixtureProject(fixture);
  const items = complete(project, cursor.path, cursor.offset).filter((i) => i.kind === 'snippet');
  return {
    labels: items.map((i) => i.label),
    /** The text after accepting the item in an editor without snippet support (every default taken). */
    apply: (label: string) => {
      const item = items.find((i) => i.label === label);
      assert.ok(item, `no snippet ${label} among ${items.map((i) => i.label).join(', ')}`);
      return applyEdit(f.files[cursor.path], item.range, item.insertText);
    },
  };
}

test('a new role file is offered the class its path names, with the reference profiles', () => {
  const s = snippetsAt(`${SITE}#- /work/site-modules/role/manifests/mesos/master.pp\nrol$0`);
  assert.deepEqual(s.labels, ['class role::mesos::master']);
  assert.equal(
    s.apply('class role::mesos::master'),
    '# @summary What a node of this role runs.\nclass role::mesos::master {\n  include profile::zookeeper\n  include profile::mesos::master\n  include profile::mesos::master::marathon\n  include profile::mesos::master::chronos\n  \n}',
  );
  const web = snippetsAt(`${SITE}#- /work/site-modules/role/manifests/web.pp\n$0`);
  assert.equal(
    web.apply('class role::web'),
    '# @summary What a node of this role runs.\nclass role::web {\n  include profile::name\n  \n}',
  );
});

test("a new profile gets a parameter list; init.pp is the module's own class", () => {
  assert.equal(
    snippetsAt(`${SITE}#- /work/site-modules/profile/manifests/zookeeper.pp\nclass$0`).apply(
      'class profile::zookeeper',
    ),
    "# @summary Configures one technology stack.\nclass profile::zookeeper (\n  String[1] $param = 'value',\n) {\n  \n}",
  );
  assert.deepEqual(snippetsAt(`${SITE}#- /work/site-modules/profile/manifests/init.pp\n$0`).labels, ['class profile']);
});

test('no class snippet once the file has code, mid-line, or outside a module', () => {
  assert.deepEqual(snippetsAt(`${SITE}#- /work/site-modules/role/manifests/web.pp\n$x = 1\n$0`).labels, []);
  assert.deepEqual(snippetsAt(`${SITE}#- /work/site-modules/role/manifests/web.pp\n# A web node.\n$0`).labels, [
    'class role::web',
  ]);
  assert.deepEqual(snippetsAt(`${SITE}#- /work/site-modules/role/manifests/web.pp\nclass role::web {}\n$0`).labels, []);
  assert.deepEqual(snippetsAt(`${SITE}#- /work/site-modules/role/manifests/web.pp\n$x = $0`).labels, []);
  assert.deepEqual(snippetsAt(`${SITE}#- /work/manifests/site.pp\n$0`).labels, []);
});

test('Hiera snippets in Hiera data files, by their prefixes, and in no other YAML', () => {
  const data = snippetsAt('#- /work/data/nodes/master1.yaml\nhiera$0');
  assert.deepEqual(data.labels, ['hiera-mesos-master', 'hiera-mesos-slave', 'hiera-mesos-common']);
  assert.match(
    data.apply('hiera-mesos-master'),
    /^classes:\n {2}- role::mesos::master\nmesos::master::options:\n {2}quorum: '2'\n/,
  );
  assert.deepEqual(snippetsAt('#- /work/.github/workflows/ci.yaml\nhiera$0').labels, []);
  // After `key:` the cursor is not at a new key.
  assert.deepEqual(snippetsAt('#- /work/data/common.yaml\nhiera$0:\n').labels, []);
});
