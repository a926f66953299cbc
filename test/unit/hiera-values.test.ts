// Data files beyond key names: values for Boolean and Enum parameters, class names in `classes` lists, keys
// that other data files of the repo set, and hover that shows where a key is set across the hierarchy and
// what each node gets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../../server/src/ide/completion.js';
import { hover } from '../../server/src/ide/hover.js';
import { closedValues } from '../../server/src/ide/hiera/completion.js';
import { fixtureProject, applyEdit } from '../support/project.js';

const HIERA = `#- /work/hiera.yaml
version: 5
defaults:
  datadir: data
  data_hash: yaml_data
hierarchy:
  - name: 'Per node'
    path: 'nodes/%{trusted.certname}.yaml'
  - name: 'Per role'
    path: 'roles/%{facts.role}.yaml'
  - name: 'Common'
    path: 'common.yaml'
#- /work/Puppetfile
mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'
#- /work/site-modules/profile/manifests/web.pp
class profile::web (
  Enum['http', 'https'] $scheme = 'https',
  Optional[Boolean] $tls = undef,
  String $name = 'x',
) {}
#- /work/site-modules/role/manifests/web.pp
class role::web { include profile::web }
#- /work/site-modules/profile/manifests/base.pp
class profile::base {}
#- /work/manifests/site.pp
node default {}
`;

function at(fixture: string) {
  const { project, cursor, fixture: f } = fixtureProject(fixture);
  const items = complete(project, cursor.path, cursor.offset);
  return {
    labels: items.map((i) => i.label),
    items,
    apply(label: string) {
      const item = items.find((i) => i.label === label);
      assert.ok(
        item,
        `no ${label} among ${items
          .map((i) => i.label)
          .slice(0, 20)
          .join(', ')}`,
      );
      return applyEdit(f.files[cursor.path], item.range, item.insertText);
    },
  };
}

test('closed value sets of types', () => {
  assert.deepEqual(closedValues('Boolean'), [true, false]);
  assert.deepEqual(closedValues("Optional[Enum['a', 'b']]"), ['a', 'b']);
  assert.deepEqual(closedValues("Variant[Boolean, Enum['auto']]"), [true, false, 'auto']);
  assert.equal(closedValues('String'), undefined);
  assert.equal(closedValues("Variant[String, Enum['a']]"), undefined);
});

test('values of a Boolean parameter of a bundled module, default last', () => {
  const c = at(`${HIERA}#- /work/data/common.yaml\nmesos::slave::checkpoint: $0\n`);
  assert.deepEqual(c.labels, ['true', 'false']);
  assert.ok(c.items.find((i) => i.label === 'false')!.detail!.includes('(default)'));
  assert.equal(c.apply('true'), 'mesos::slave::checkpoint: true\n');
  assert.equal(
    at(`${HIERA}#- /work/data/common.yaml\nmesos::slave::checkpoint: tr$0\n`).apply('true'),
    'mesos::slave::checkpoint: true\n',
  );
});

test("values of an Enum parameter of the repo's own class, quoted unless a quote is typed", () => {
  const c = at(`${HIERA}#- /work/data/common.yaml\nprofile::web::scheme: $0\n`);
  assert.deepEqual(c.labels, ['http', 'https']);
  assert.equal(c.apply('http'), "profile::web::scheme: 'http'\n");
  assert.equal(
    at(`${HIERA}#- /work/data/common.yaml\nprofile::web::scheme: 'ht$0'\n`).apply('http'),
    "profile::web::scheme: 'http'\n",
  );
  assert.deepEqual(at(`${HIERA}#- /work/data/common.yaml\nprofile::web::tls: $0\n`).labels, ['true', 'false']);
});

test('no values for open types or unknown keys', () => {
  assert.deepEqual(at(`${HIERA}#- /work/data/common.yaml\nprofile::web::name: $0\n`).labels, []);
  assert.deepEqual(at(`${HIERA}#- /work/data/common.yaml\nsite::whatever: $0\n`).labels, []);
});

test('classes lists: roles, then profiles, then bundled classes; listed ones left out', () => {
  const c = at(`${HIERA}#- /work/data/nodes/web1.yaml\nclasses:\n  - profile::base\n  - $0\n`);
  const roleAt = c.labels.indexOf('role::web');
  const profileAt = c.labels.indexOf('profile::web');
  const sorted = [...c.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);
  assert.ok(roleAt >= 0 && profileAt >= 0);
  assert.ok(sorted.indexOf('role::web') < sorted.indexOf('profile::web'));
  assert.ok(sorted.indexOf('profile::web') < sorted.indexOf('mesos::master'));
  assert.ok(!c.labels.includes('profile::base'));
  assert.equal(c.apply('role::web'), 'classes:\n  - profile::base\n  - role::web\n');
  assert.equal(
    at(`${HIERA}#- /work/data/nodes/web1.yaml\nclasses:\n  - 'role::w$0'\n`).apply('role::web'),
    "classes:\n  - 'role::web'\n",
  );
});

test('without manifests the bundled classes are offered', () => {
  const c = at(
    "#- /work/Puppetfile\nmod 'mesos', :git => 'x', :ref => 'v0.5.2'\n#- /work/data/common.yaml\nclasses:\n  - mes$0\n",
  );
  assert.ok(c.labels.includes('mesos::master') && c.labels.includes('mesos::slave'));
  assert.ok(!c.labels.includes('mesos::config'), 'internal classes are left out');
});

test('top-level keys include the keys other data files of the repo set', () => {
  const c = at(
    `${HIERA}#- /work/data/nodes/web1.yaml\nsite::ntp_servers: ['a']\n#- /work/data/common.yaml\nsite::$0\n`,
  );
  const item = c.items.find((i) => i.label === 'site::ntp_servers');
  assert.ok(item);
  assert.match(item.detail!, /data\/nodes\/web1\.yaml/);
  assert.equal(c.apply('site::ntp_servers'), 'site::ntp_servers: \n');
  assert.ok(
    !at(`${HIERA}#- /work/data/common.yaml\nsite::ntp_servers: 1\nsite::$0\n`).labels.includes('site::ntp_servers'),
  );
});

const NODES = `${HIERA}#- /work/data/common.yaml
zookeeper::id: 9
site::motd: 'hello'
#- /work/data/roles/web.yaml
zookeeper::id: 5
#- /work/data/nodes/master1.yaml
zookeeper::id: 1
#- /work/data/nodes/master2.yaml
classes: []
`;

test("hover in a node's file lists the node's sources in priority order and the resolved value", () => {
  const { project } = fixtureProject(NODES);
  const text = project.readText('/work/data/nodes/master1.yaml')!;
  const h = hover(project, '/work/data/nodes/master1.yaml', text.indexOf('id'))!;
  assert.match(h.markdown, /Parameter of class|zookeeper/);
  assert.match(
    h.markdown,
    /\*\*Node `master1`\*\*, highest priority first:\n1\. `data\/nodes\/master1\.yaml` \(Per node\) — `1` ← this file\n2\. `data\/common\.yaml` \(Common\) — `9`/,
  );
  assert.match(h.markdown, /Resolves to `1`\./);
});

test('hover in a shared file lists every level that sets the key and what each node gets', () => {
  const { project } = fixtureProject(NODES);
  const h = hover(project, '/work/data/common.yaml', 2)!;
  assert.match(
    h.markdown,
    /\*\*Set in\*\*, by hierarchy level:\n- `data\/nodes\/master1\.yaml` \(Per node\) — `1`\n- `data\/roles\/web\.yaml` \(Per role\) — `5`\n- `data\/common\.yaml` \(Common\) — `9` ← this file/,
  );
  assert.match(h.markdown, /\*\*Per node:\*\* `master1` `1`, `master2` `9`\./);
  const site = hover(project, '/work/data/common.yaml', project.readText('/work/data/common.yaml')!.indexOf('site::'))!;
  assert.match(site.markdown, /^\*\*Set in\*\*/);
});

test('class names in a flow list after classes:', () => {
  const c = at(`${HIERA}#- /work/data/nodes/web1.yaml\nclasses: [profile::base, rol$0]\n`);
  assert.equal(c.apply('role::web'), 'classes: [profile::base, role::web]\n');
  assert.ok(!c.labels.includes('profile::base'));
});

test("hover of a master-only key lists the masters' values only; an agent's key the agents'", () => {
  const repo = `${HIERA}#- /work/data/common.yaml
mesos::master::work_dir: /var/lib/mesos
mesos::slave::work_dir: /var/lib/mesos-agent
#- /work/data/nodes/m1.yaml
classes: [role::mesos::master]
#- /work/data/nodes/a1.yaml
classes: [role::mesos::slave]
#- /work/data/nodes/a2.yaml
classes: [role::mesos::slave]
mesos::slave::work_dir: /srv/mesos
`;
  const { project } = fixtureProject(repo);
  const text = project.readText('/work/data/common.yaml')!;
  const master = hover(project, '/work/data/common.yaml', text.indexOf('master::work_dir'))!;
  assert.match(master.markdown, /\*\*Per master:\*\* `m1` `'\/var\/lib\/mesos'`\./);
  assert.doesNotMatch(master.markdown, /`a1`|`a2`/);
  const agent = hover(project, '/work/data/common.yaml', text.indexOf('slave::work_dir'))!;
  assert.match(agent.markdown, /\*\*Per agent:\*\* `a1` `'\/var\/lib\/mesos-agent'`, `a2` `'\/srv\/mesos'`\./);
  assert.doesNotMatch(agent.markdown, /`m1`/);
});
