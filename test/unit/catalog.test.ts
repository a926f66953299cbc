// The bundled catalogs: generated from the facts in shared/data/modules, current, with our descriptions, and
// the version choice (installed > pinned > newest, nearest older for an unbundled pin).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { generate, FACTS_DIR, OUTPUT } from '../../scripts/generate-catalog.js';
import { chooseVersion, catalogFor, compareVersions } from '../../server/src/knowledge/catalog.js';

test('the committed catalogs.json is what the generator makes from the facts', () => {
  assert.ok(existsSync(FACTS_DIR), `the facts folder ${FACTS_DIR} (shared/data/modules beside the repo) is needed; set MESOS_PUPPET_FACTS`);
  assert.equal(readFileSync(OUTPUT, 'utf8'), `${JSON.stringify(generate(), null, 1)}\n`, 'run `npm run catalog`');
});

test('every public parameter of the pinned versions has a description of ours', () => {
  for (const [name, version] of [['mesos', '0.5.2'], ['zookeeper', '0.3.5']] as const) {
    const m = catalogFor(name, version)!;
    assert.equal(m.version, version);
    const missing = m.classes.filter((c) => c.public && c.kind === 'class').flatMap((c) => c.params.filter((p) => !p.description).map((p) => `${c.name}::${p.name}`));
    assert.deepEqual(missing, []);
  }
});

test('version choice: installed wins over pinned, pinned over newest', () => {
  assert.equal(chooseVersion('mesos', '1.1.0', '0.5.2')!.module.version, '1.1.0');
  assert.equal(chooseVersion('mesos', undefined, 'v0.5.2')!.reason, 'pinned');
  assert.equal(chooseVersion('mesos', undefined, undefined)!.module.version, '1.1.0');
  assert.equal(chooseVersion('mesos', undefined, '0.8.4')!.module.version, '0.5.2', 'nearest older bundled');
  assert.equal(chooseVersion('nosuchmodule', undefined, undefined), undefined);
  assert.ok(compareVersions('0.10.0', '0.9.1') > 0);
});
