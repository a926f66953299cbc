// Hover on Hiera keys: type, default, description, module and version.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../server/src/ide/hover.js';
import { fixtureProject } from '../support/project.js';
import { checkHover } from '../support/check.js';

const PINS = `#- /work/Puppetfile
mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'
mod 'zookeeper', :git => 'https://github.com/deric/puppet-zookeeper', :ref => 'v0.3.5'
`;

function hoverAt(fixture: string) {
  const { project, cursor } = fixtureProject(fixture);
  return hover(project, cursor.path, cursor.offset);
}

test('hover on a key shows its type, default, description and pinned version', () => {
  checkHover(`${PINS}#- /work/data/common.yaml\nmesos::zoo$0keeper: 'zk://a:2181/mesos'\n`, 'hiera-hover-key');
});

test('hover on a parameter Hiera cannot change says so', () => {
  checkHover(`${PINS}#- /work/data/common.yaml\nmesos::config::log_dir$0: /x\n`, 'hiera-hover-no-effect');
});

test('hover on the dead checkpoint parameter explains the working form', () => {
  checkHover(`${PINS}#- /work/data/common.yaml\nmesos::slave::check$0point: true\n`, 'hiera-hover-dead-checkpoint');
});

test('hover on an unknown key describes what it was probably meant to be, without repeating the finding; site keys and values have no hover', () => {
  // The editor shows the finding's message ("... has no parameter 'zookeepr'. Did you mean ...") beside the hover.
  const typo = hoverAt(`${PINS}#- /work/data/common.yaml\nmesos::zookeep$0r: x\n`)!.markdown;
  assert.match(typo, /^Probably meant `mesos::zookeeper`:\n\n```puppet\nString \$zookeeper = ''\n```/);
  assert.doesNotMatch(typo, /has no parameter|Did you mean/);
  const flag = hoverAt(`${PINS}#- /work/data/common.yaml\nmesos::master::quor$0om: '2'\n`)!.markdown;
  assert.match(flag, /^\*\*quorum\*\* is a Mesos flag: it is set as a key of `mesos::master::options`/);
  assert.doesNotMatch(flag, /has no parameter/);
  assert.equal(hoverAt(`${PINS}#- /work/data/common.yaml\ncluster::mas$0ters: [a]\n`), undefined);
  assert.equal(hoverAt(`${PINS}#- /work/data/common.yaml\nmesos::zookeeper: zk:$0//a\n`), undefined);
});
