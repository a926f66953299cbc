// The committed module facts against the real `puppet strings`: for every bundled release that Debian also
// packages (deric-zookeeper 0.8.4, puppetlabs-apt 9.0.1, puppetlabs-stdlib 8.5.0, puppetlabs-concat 7.3.1,
// richardc-datacat 0.6.2, puppet-archive), the test copies the packaged manifests into a temporary folder, runs
// `puppet strings generate --format json` on them, and compares every class and defined type with the facts our
// indexer committed for that release: the same definitions, parameters in the same order, the same declared
// types and the same defaults (whitespace aside). Needs puppet, puppet-strings and the puppet-module-* packages;
// `.ci/run` installs them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { releaseCatalog } from '../../server/src/knowledge/catalog.js';
import { MISSING_PUPPET, puppetAvailable } from './puppet-oracle-support.js';

const CORPUS = '/usr/share/puppet/modules.available';
const MODULES = [
  'deric-zookeeper',
  'puppetlabs-apt',
  'puppetlabs-stdlib',
  'puppetlabs-concat',
  'richardc-datacat',
  'puppet-archive',
];

interface StringsEntry {
  readonly name: string;
  readonly file: string;
  readonly docstring: { readonly tags?: readonly { tag_name: string; name?: string; types?: string[] }[] };
  readonly defaults?: Record<string, string>;
}

const squeeze = (s: string | undefined) => s?.replace(/\s+/g, '').replace(/,([\])}])/g, '$1');

test('the committed facts of the Debian-packaged releases agree with puppet strings', () => {
  assert.ok(puppetAvailable(), MISSING_PUPPET);
  const dir = mkdtempSync(join(tmpdir(), 'facts-strings-'));
  try {
    const versions = new Map<string, string>();
    for (const m of MODULES) {
      assert.ok(existsSync(join(CORPUS, m, 'metadata.json')), `${m} is not installed: run .ci/run`);
      versions.set(m, JSON.parse(readFileSync(join(CORPUS, m, 'metadata.json'), 'utf8')).version);
      cpSync(join(CORPUS, m, 'manifests'), join(dir, m, 'manifests'), { recursive: true, dereference: true });
    }
    const out = join(dir, 'strings.json');
    const r = spawnSync(
      'puppet',
      ['strings', 'generate', '--format', 'json', '--out', out, ...MODULES.map((m) => `${m}/manifests/**/*.pp`)],
      {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'ignore', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    assert.ok(existsSync(out), `puppet strings failed (${r.status}): ${r.stderr.slice(-500)}`);
    const json = JSON.parse(readFileSync(out, 'utf8')) as Record<string, StringsEntry[]>;
    const problems: string[] = [];
    const seen = new Map<string, string[]>();
    let definitions = 0;
    let params = 0;
    let truncated = 0;
    for (const kind of ['puppet_classes', 'defined_types'] as const) {
      for (const e of json[kind] ?? []) {
        const module = e.file.split('/')[0];
        seen.set(module, [...(seen.get(module) ?? []), e.name]);
        const release = releaseCatalog(module, versions.get(module)!);
        if (!release) {
          problems.push(`${module} ${versions.get(module)} is not a bundled release`);
          continue;
        }
        const ours = release.classes.find((c) => c.name === e.name);
        if (!ours) {
          problems.push(`${module} ${release.version}: ${e.name} is not in the facts`);
          continue;
        }
        definitions++;
        if (ours.kind !== (kind === 'puppet_classes' ? 'class' : 'defined_type'))
          problems.push(`${e.name}: kind ${ours.kind}`);
        const tags = (e.docstring.tags ?? []).filter((t) => t.tag_name === 'param');
        const theirNames = tags.map((t) => t.name);
        if (JSON.stringify(theirNames) !== JSON.stringify(ours.params.map((p) => p.name))) {
          // Undocumented parameters have no @param tag; those with a default are in `defaults` in order.
          const withDefaults = ours.params.filter((p) => p.default !== undefined).map((p) => p.name);
          if (JSON.stringify(Object.keys(e.defaults ?? {})) !== JSON.stringify(withDefaults))
            problems.push(
              `${e.name}: parameters ${theirNames.join(',')} vs ${ours.params.map((p) => p.name).join(',')}`,
            );
        }
        for (const p of ours.params) {
          params++;
          const tag = tags.find((t) => t.name === p.name);
          if (p.typeSource === 'declared' && tag?.types && squeeze(tag.types.join(', ')) !== squeeze(p.type))
            problems.push(`${e.name}::${p.name}: type ${p.type} vs ${tag.types.join(', ')}`);
          const theirs = e.defaults?.[p.name];
          if (squeeze(theirs) === squeeze(p.default)) continue;
          // puppet strings keeps only the operator of an operator expression (`-1` → '-') and the left side of a
          // selector: a default of ours that holds their text and is longer is that truncation, counted.
          if (
            theirs !== undefined &&
            p.default !== undefined &&
            p.default.includes(theirs.trim()) &&
            p.default.length > theirs.length
          )
            truncated++;
          else problems.push(`${e.name}::${p.name}: default ${JSON.stringify(p.default)} vs ${JSON.stringify(theirs)}`);
        }
      }
    }
    console.log(
      `module facts vs puppet strings: ${definitions} definitions, ${params} parameters in ${MODULES.length} releases; ${truncated} defaults puppet strings truncates`,
    );
    // Both ways: every class and defined type puppet strings finds is in the facts, and nothing more.
    for (const m of MODULES) {
      const ours =
        releaseCatalog(m, versions.get(m)!)
          ?.classes.map((c) => c.name)
          .sort() ?? [];
      assert.deepEqual((seen.get(m) ?? []).sort(), ours, `${m} ${versions.get(m)}: the definitions`);
    }
    assert.equal(
      definitions,
      34,
      'zookeeper, apt, stdlib, concat, datacat and archive define 34 classes and defined types',
    );
    assert.deepEqual(problems, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
