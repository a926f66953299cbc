// Hover on Hiera keys: type, default, description, module and version.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../server/src/ide/hover.js';
import { fixtureProject } from '../support/project.js';

const PINS = `#- /work/Puppetfile
mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'
mod 'zookeeper', :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v0.3.5'
`;

function hoverAt(fixture: string) {
  const { project, cursor } = fixtureProject(fixture);
  return hover(project, cursor.path, cursor.offset);
}

test('hover on a key shows its type, default, description and pinned version', () => {
  const h = hoverAt(`${PINS}#- /work/data/common.yaml\nmesos::zoo$0keeper: 'zk://a:2181/mesos'\n`)!;
  assert.match(h.markdown, /String \$zookeeper = ''/);
  assert.match(h.markdown, /Parameter of class `mesos` — deric-mesos v0\.5\.2, pinned by the Puppetfile/);
  assert.match(h.markdown, /ZooKeeper URL/);
  assert.deepEqual(h.range, { start: 0, end: 'mesos::zookeeper'.length });
});

test('hover on a parameter Hiera cannot change says so', () => {
  const h = hoverAt(`${PINS}#- /work/data/common.yaml\nmesos::config::log_dir$0: /x\n`)!;
  assert.match(h.markdown, /No effect from Hiera/);
});

test('hover on the dead checkpoint parameter explains the working form', () => {
  const h = hoverAt(`${PINS}#- /work/data/common.yaml\nmesos::slave::check$0point: true\n`)!;
  assert.match(h.markdown, /no effect since mesos v0\.4\.1/);
  assert.match(h.markdown, /options: \{checkpoint: true\}/);
});

test('hover on an unknown key explains the problem; site keys and values have no hover', () => {
  assert.match(hoverAt(`${PINS}#- /work/data/common.yaml\nmesos::zookeep$0r: x\n`)!.markdown, /Did you mean 'mesos::zookeeper'/);
  assert.equal(hoverAt(`${PINS}#- /work/data/common.yaml\ncluster::mas$0ters: [a]\n`), undefined);
  assert.equal(hoverAt(`${PINS}#- /work/data/common.yaml\nmesos::zookeeper: zk:$0//a\n`), undefined);
});
