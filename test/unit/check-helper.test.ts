// The annotation checker of test/support/check.ts must fail when the findings differ from what is written, in
// place, width, code or message; otherwise a test written with it could never fail.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDiagnostics, splitAnnotations } from '../support/check.js';

const PINS = `#- /work/Puppetfile
mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'
#- /work/data/common.yaml
`;

test('annotation lines are taken out of the code and keep the column they mark', () => {
  const { code, annotations } = splitAnnotations('a: 1\n#^ error x/y: m\n  b: 2\n#  ^^^ hint p/q: n…\n');
  assert.equal(code, 'a: 1\n  b: 2\n');
  assert.deepEqual(annotations, [
    { line: 0, column: 0, width: 1, text: 'error x/y: m' },
    { line: 1, column: 2, width: 3, text: 'hint p/q: n…' },
  ]);
});

test('a Hiera finding at column 0, written in full and as a prefix', () => {
  checkDiagnostics(`${PINS}mesos::zookeepr: 'zk://a:2181/mesos'
#^^^^^^^^^^^^^^^ warning hiera/unknown-key: Class 'mesos' (mesos v0.5.2) has no parameter 'zookeepr'. Did you mean 'mesos::zookeeper'?
`);
  checkDiagnostics(`${PINS}mesos::zookeepr: 'zk://a:2181/mesos'
#^^^^^^^^^^^^^^^ warning hiera/unknown-key: Class 'mesos' (mesos v0.5.2) has no…
`);
});

test('a file without annotations expects no findings, and says which it got', () => {
  assert.throws(
    () => checkDiagnostics(`${PINS}mesos::zookeepr: 'zk://a:2181/mesos'\n`),
    /\+ +"#\^{15} warning hiera\/unknown-key/,
  );
  checkDiagnostics(`${PINS}mesos::zookeeper: 'zk://a:2181/mesos'\n`);
});

test('a wrong column, width, code or message fails', () => {
  const line = "mesos::zookeepr: 'zk://a:2181/mesos'\n";
  for (const wrong of [
    "# ^^^^^^^^^^^^^^^ warning hiera/unknown-key: Class 'mesos' (mesos v0.5.2) has no…",
    "#^^^^^^^^^^^^^^ warning hiera/unknown-key: Class 'mesos' (mesos v0.5.2) has no…",
    "#^^^^^^^^^^^^^^^ error hiera/unknown-key: Class 'mesos' (mesos v0.5.2) has no…",
    "#^^^^^^^^^^^^^^^ warning hiera/other: Class 'mesos' (mesos v0.5.2) has no…",
    "#^^^^^^^^^^^^^^^ warning hiera/unknown-key: Class 'mesos' (mesos v0.5.1) has no…",
    "#^^^^^^^^^^^^^^^ warning hiera/unknown-key: Class 'mesos' (mesos v0.5.2) has no",
  ]) {
    assert.throws(() => checkDiagnostics(`${PINS}${line}${wrong}\n`), assert.AssertionError, wrong);
  }
});
