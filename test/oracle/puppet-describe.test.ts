// The attributes, values and provider features that hover and completion offer for the built-in resource types
// (server/src/knowledge/sources/puppet-builtins.json) held to what `puppet describe` prints for each type: the
// same Puppet read by another road (its documentation generator, not the API our recording script calls), as a
// user would check it by hand. Needs Puppet and its core modules (cron, host, mount, ...); `.ci/run` installs them.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MISSING_PUPPET, puppetAvailable } from './puppet-oracle-support.js';

const ROOT = join(__dirname, '..', '..');

interface Described {
  readonly values?: readonly string[];
  readonly requiredFeatures?: readonly string[];
}

/**
 * `puppet describe` output, per type, per attribute: the values after "Valid values are" (each name, then the
 * names it is also called) and the features after "Requires features".
 */
function parseDescribe(out: string): Map<string, Map<string, Described>> {
  const types = new Map<string, Map<string, Described>>();
  // A type's section starts with its name underlined by '='.
  const sections = out.split(/\n(?=[a-z_]+\n=+\n)/);
  for (const section of sections) {
    const head = /^\n?([a-z_]+)\n=+\n/.exec(section);
    if (!head) continue;
    const params = section.split(/\nParameters\n-+\n/)[1]?.split(/\nProviders\n-+\n/)[0] ?? '';
    const attributes = new Map<string, Described>();
    for (const block of params.split(/\n(?=- \*\*)/)) {
      const name = /^\s*- \*\*([a-z_0-9]+)\*\*/.exec(block)?.[1];
      if (!name) continue;
      const flat = block.replace(/\s+/g, ' ');
      const list = /Valid values are ((?:`[^`]*`(?: \(also called `[^`]*`\))?(?:, )?)+)\./.exec(flat)?.[1];
      const features = /Requires features ([\w, ]+?)\./.exec(flat)?.[1];
      attributes.set(name, {
        ...(list && { values: [...list.matchAll(/`([^`]*)`/g)].map((m) => m[1]) }),
        ...(features && { requiredFeatures: features.split(/,? and |, /) }),
      });
    }
    types.set(head[1], attributes);
  }
  return types;
}

test('every attribute, value and provider feature we offer for a built-in type is what `puppet describe` says', () => {
  assert.ok(puppetAvailable(), MISSING_PUPPET);
  const recorded = JSON.parse(readFileSync(join(ROOT, 'server/src/knowledge/sources/puppet-builtins.json'), 'utf8'));
  const names = Object.keys(recorded.types).sort();
  const dir = mkdtempSync(join(tmpdir(), 'puppet-describe-'));
  let out: string;
  try {
    // Settings of our own, so the machine's puppet.conf cannot change what is described.
    out = execFileSync(
      'puppet',
      ['describe', '--confdir', `${dir}/conf`, '--vardir', `${dir}/var`, '--codedir', `${dir}/code`, ...names],
      { encoding: 'utf8', maxBuffer: 16 << 20 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const described = parseDescribe(out);
  assert.deepEqual([...described.keys()].sort(), names);
  for (const name of names) {
    type Attribute = { name: string; values?: string[]; requiredFeatures?: string[] };
    const ours = (recorded.types[name].attributes as Attribute[])
      // `puppet describe` lists the providers in a section of their own, not the `provider` parameter.
      .filter((a) => a.name !== 'provider')
      .map((a) => ({
        name: a.name,
        ...(a.values && { values: a.values }),
        ...(a.requiredFeatures && { requiredFeatures: a.requiredFeatures }),
      }));
    const theirs = [...described.get(name)!]
      .map(([n, d]) => ({ name: n, ...d }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    assert.deepEqual(ours, theirs, `attributes of ${name}`);
  }
  // The values users ask for most, spelled out as `puppet describe` prints them.
  const values = (type: string, attribute: string) => described.get(type)?.get(attribute)?.values;
  assert.deepEqual(values('package', 'ensure'), ['present', 'installed', 'absent', 'purged', 'disabled', 'latest']);
  assert.deepEqual(values('service', 'ensure'), ['stopped', 'false', 'running', 'true']);
  assert.deepEqual(values('service', 'enable'), ['true', 'false', 'manual', 'mask', 'delayed']);
  assert.deepEqual(values('file', 'ensure'), ['absent', 'false', 'file', 'present', 'directory', 'link']);
  // Puppet 7 holds a package with `mark => hold`; `ensure => held` is gone.
  assert.deepEqual(values('package', 'mark'), ['hold', 'none']);
});
