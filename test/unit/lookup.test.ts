// The lookup engine, hermetic (in-memory files). Three groups:
//  - Puppet's own answers: every case of the oracle control repo (test/fixtures/lookup/controlRepo.ts) against
//    the answers `puppet lookup` gave, stored in oracle-expected.json (refresh: UPDATE_EXPECT=1 with the oracle);
//  - the merge strategies as tables (higher, lower, expected), with every deep-merge option;
//  - engine behaviours one by one: layers and defaults, locations, interpolation forms, errors, explanations,
//    and the editor queries (where is a key set, all keys of a node).

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  createLookupSession,
  lookupKey,
  type LookupContext,
  type LookupResult,
} from '../../server/src/knowledge/lookup/engine.js';
import { renderExplanation, type ExplainNode } from '../../server/src/knowledge/lookup/explain.js';
import {
  convertFirst,
  mergeSingle,
  mergeValues,
  parseMergeSpec,
  type MergeSpec,
} from '../../server/src/knowledge/lookup/mergeStrategy.js';
import { findKeyOccurrences, listResolvedKeys } from '../../server/src/knowledge/lookup/queries.js';
import { fromPlain, rubyToS, toJson, type HieraValue } from '../../server/src/knowledge/lookup/values.js';
import { jsonText } from '../../server/src/base/wholeFloat.js';
import { parseYamlData } from '../../server/src/knowledge/lookup/dataReader.js';
import { globFiles } from '../../server/src/knowledge/lookup/dataPaths.js';
import { CASES, ENV_FILES, GLOBAL_FILES, nodeFacts, type LookupCase } from '../fixtures/lookup/controlRepo.js';
import { memoryFileSystem } from '../support/memoryFileSystem.js';

// --- helpers ---

function prefixed(prefix: string, files: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [`${prefix}/${k}`, v]));
}

function ctxFor(
  files: Record<string, string>,
  node = 'n1.example.com',
  facts: Record<string, unknown> = {},
  extra: Partial<LookupContext> = {},
): LookupContext {
  return {
    fs: memoryFileSystem(files),
    environmentDir: '/env',
    node: { certname: node, facts: { hostname: node.split('.')[0], fqdn: node, ...facts } },
    ...extra,
  };
}

function value(r: LookupResult): unknown {
  if (r.outcome.kind === 'found') return toJson(r.outcome.value);
  return r.outcome.kind === 'error' ? { error: r.outcome.message } : { notFound: true };
}

const HIERA = `version: 5
defaults:
  datadir: data
  data_hash: yaml_data
hierarchy:
  - name: node
    path: "nodes/%{trusted.certname}.yaml"
  - name: common
    path: common.yaml
`;

function walk(nodes: readonly ExplainNode[], visit: (n: ExplainNode) => void): void {
  for (const n of nodes) {
    visit(n);
    if ('children' in n) walk(n.children, visit);
  }
}

// --- Puppet's answers ---

interface Expected extends LookupCase {
  readonly puppet: { kind: 'found'; json: unknown } | { kind: 'not-found' } | { kind: 'error' };
}

describe("lookup agrees with puppet lookup's recorded answers (hermetic)", () => {
  const expected = JSON.parse(
    readFileSync(join(__dirname, '../fixtures/lookup/oracle-expected.json'), 'utf8'),
  ) as Expected[];
  const files = { ...prefixed('/code/environments/production', ENV_FILES), ...prefixed('/etc/puppet', GLOBAL_FILES) };
  const fs = memoryFileSystem(files);
  const sessions = new Map<string, ReturnType<typeof createLookupSession>>();
  it('has an answer for every case', () => assert.equal(expected.length, CASES.length));
  for (const c of expected) {
    const label = `${c.key} @ ${c.node}${c.merge ? ` merge ${c.merge}` : ''}${c.knockoutPrefix ? ` ko ${c.knockoutPrefix}` : ''}${c.sortMergedArrays ? ' sorted' : ''}${c.mergeHashArrays ? ' hash-arrays' : ''}`;
    it(label, () => {
      let s = sessions.get(c.node);
      if (!s) {
        s = createLookupSession({
          fs,
          environmentDir: '/code/environments/production',
          globalConfigPath: '/etc/puppet/hiera.yaml',
          node: { certname: c.node, facts: nodeFacts(c.node) },
        });
        sessions.set(c.node, s);
      }
      const merge: MergeSpec | undefined = c.merge
        ? {
            strategy: c.merge,
            knockoutPrefix: c.knockoutPrefix,
            sortMergedArrays: c.sortMergedArrays || undefined,
            mergeHashArrays: c.mergeHashArrays || undefined,
          }
        : undefined;
      const r = s.lookup(c.key, merge);
      assert.equal(r.outcome.kind, c.puppet.kind, JSON.stringify(r.outcome));
      if (r.outcome.kind === 'found' && c.puppet.kind === 'found')
        assert.deepEqual(toJson(r.outcome.value), c.puppet.json);
    });
  }
});

// --- merge strategies ---

const v = (x: unknown): HieraValue => fromPlain(x);

describe('merge strategies', () => {
  const TABLE: readonly { spec: MergeSpec; higher: unknown; lower: unknown; expected: unknown }[] = [
    { spec: { strategy: 'first' }, higher: 1, lower: 2, expected: 1 },
    { spec: { strategy: 'unique' }, higher: [1, [2, 3]], lower: [3, 4], expected: [1, 2, 3, 4] },
    { spec: { strategy: 'unique' }, higher: 'a', lower: ['b', 'a'], expected: ['a', 'b'] },
    { spec: { strategy: 'unique' }, higher: [{ a: 1 }], lower: [{ a: 1 }, { b: 2 }], expected: [{ a: 1 }, { b: 2 }] },
    {
      spec: { strategy: 'hash' },
      higher: { a: 1, b: { x: 1 } },
      lower: { b: { y: 2 }, c: 3 },
      expected: { b: { x: 1 }, c: 3, a: 1 },
    },
    {
      spec: { strategy: 'deep' },
      higher: { a: 1, b: { x: 1 } },
      lower: { b: { y: 2 }, c: 3 },
      expected: { b: { y: 2, x: 1 }, c: 3, a: 1 },
    },
    { spec: { strategy: 'deep' }, higher: { l: [1, 2] }, lower: { l: [2, 3] }, expected: { l: [2, 3, 1] } },
    { spec: { strategy: 'deep' }, higher: { a: null }, lower: { a: 5 }, expected: { a: 5 } },
    { spec: { strategy: 'deep' }, higher: { a: 5 }, lower: { a: false }, expected: { a: 5 } },
    { spec: { strategy: 'deep' }, higher: null, lower: { a: 1 }, expected: { a: 1 } },
    { spec: { strategy: 'deep' }, higher: {}, lower: 'scalar', expected: 'scalar' },
    { spec: { strategy: 'deep' }, higher: { a: 1 }, lower: 'scalar', expected: { a: 1 } },
    { spec: { strategy: 'deep' }, higher: [1], lower: 'scalar', expected: [1] },
    { spec: { strategy: 'deep', knockoutPrefix: '--' }, higher: ['--b', 'c'], lower: ['a', 'b'], expected: ['a', 'c'] },
    { spec: { strategy: 'deep', knockoutPrefix: '--' }, higher: ['--', 'c'], lower: ['a', 'b'], expected: ['c'] },
    { spec: { strategy: 'deep', knockoutPrefix: '--' }, higher: { a: '--x' }, lower: { a: 'y' }, expected: { a: '' } },
    {
      spec: { strategy: 'deep', knockoutPrefix: '--' },
      higher: { a: ['--'] },
      lower: { b: 1 },
      expected: { b: 1, a: [] },
    },
    {
      spec: { strategy: 'deep', sortMergedArrays: true },
      higher: ['b', 'z'],
      lower: ['y', 'a'],
      expected: ['a', 'b', 'y', 'z'],
    },
    { spec: { strategy: 'deep', sortMergedArrays: true }, higher: [10, 2], lower: [1], expected: [1, 2, 10] },
    {
      spec: { strategy: 'deep', mergeHashArrays: true },
      higher: [{ a: 1 }, { b: 2 }, { c: 3 }],
      lower: [{ a: 0, x: 1 }],
      expected: [{ a: 1, x: 1 }, { b: 2 }, { c: 3 }],
    },
    { spec: { strategy: 'deep' }, higher: [{ a: 1 }], lower: [{ a: 0 }], expected: [{ a: 0 }, { a: 1 }] },
  ];
  for (const row of TABLE) {
    it(`${JSON.stringify(row.spec)}: ${JSON.stringify(row.higher)} over ${JSON.stringify(row.lower)}`, () => {
      const r = mergeValues(row.spec, v(row.higher), v(row.lower));
      assert.equal(r.kind, 'ok', JSON.stringify(r));
      if (r.kind === 'ok') assert.deepEqual(toJson(r.value), row.expected);
    });
  }
  it('rejects values a strategy cannot merge, with the type Puppet names', () => {
    const h = mergeValues({ strategy: 'hash' }, v({ a: 1 }), v('x'));
    assert.ok(h.kind === 'error' && h.message.includes('Hash[String, Data]'));
    const u = mergeValues({ strategy: 'unique' }, v([1]), v({ a: 1 }));
    assert.ok(u.kind === 'error' && u.message.includes('got Hash'));
    const s = mergeValues({ strategy: 'deep', sortMergedArrays: true }, v([1]), v(['a']));
    assert.equal(s.kind, 'error');
  });
  it('takes one value as is, except that unique de-duplicates an array (merge_single)', () => {
    assert.deepEqual(toJson(mergeSingle({ strategy: 'unique' }, v([1, 1, [2]]))), [1, [2]]);
    assert.deepEqual(toJson(mergeSingle({ strategy: 'hash' }, v('x'))), 'x');
  });
  it('converts the first of several values: unique flattens or wraps (convert_value)', () => {
    assert.deepEqual(toJson(convertFirst({ strategy: 'unique' }, v([1, [1, 2]]))), [1, 1, 2]);
    assert.deepEqual(toJson(convertFirst({ strategy: 'unique' }, v('s'))), ['s']);
    assert.deepEqual(toJson(convertFirst({ strategy: 'deep' }, v('s'))), 's');
  });
  it('reads merges from lookup_options, by name or as a hash with options', () => {
    assert.deepEqual(parseMergeSpec('unique'), { kind: 'ok', spec: { strategy: 'unique' } });
    assert.deepEqual(parseMergeSpec('default'), { kind: 'ok', spec: { strategy: 'first' } });
    const deep = parseMergeSpec(
      v({ strategy: 'deep', knockout_prefix: 'xx', sort_merged_arrays: true, merge_hash_arrays: false }),
    );
    assert.deepEqual(deep, {
      kind: 'ok',
      spec: { strategy: 'deep', knockoutPrefix: 'xx', sortMergedArrays: true, mergeHashArrays: false },
    });
    for (const bad of [
      'nope',
      { knockout_prefix: 'x' },
      { strategy: 'deep', knockout_prefix: '' },
      { strategy: 'hash', knockout_prefix: '--' },
      { strategy: 'deep', bogus: 1 },
      3,
    ]) {
      assert.equal(parseMergeSpec(v(bad)).kind, 'error', JSON.stringify(bad));
    }
  });
});

// --- engine behaviours ---

describe('lookup layers and configuration', () => {
  it('has no environment layer without an environment hiera.yaml (as Puppet 7)', () => {
    const r = lookupKey(ctxFor({ '/env/data/common.yaml': 'a: 1\n' }), 'a');
    assert.deepEqual(value(r), { notFound: true });
  });
  it('uses the default Common hierarchy (data/common.yaml) for `version: 5` alone', () => {
    const r = lookupKey(ctxFor({ '/env/hiera.yaml': 'version: 5\n', '/env/data/common.yaml': 'a: 1\n' }), 'a');
    assert.deepEqual(value(r), 1);
  });
  it('ignores a version 3 hiera.yaml in the environment', () => {
    const r = lookupKey(
      ctxFor({
        '/env/hiera.yaml': ':backends: [yaml]\n:hierarchy: [common]\n',
        '/env/hieradata/common.yaml': 'a: 1\n',
      }),
      'a',
    );
    assert.deepEqual(value(r), { notFound: true });
  });
  it('reads a version 4 hiera.yaml in the environment: name as path, backend as extension, datadirs (as Puppet 7)', () => {
    const files = {
      '/env/hiera.yaml': [
        'version: 4',
        'datadir: data',
        'hierarchy:',
        '  - {name: "nodes/%{trusted.certname}", backend: yaml}',
        '  - {name: by-path, backend: yaml, path: shared, datadir: hieradata}',
        '  - {name: "json/%{facts.hostname}", backend: json}',
        '  - {name: common, backend: yaml}',
        '',
      ].join('\n'),
      '/env/data/nodes/n1.example.com.yaml': 'a: node\n',
      '/env/hieradata/shared.yaml': 'b: shared\n',
      '/env/hieradata/by-path.yaml': 'b: never-read\nc: never-read\n',
      '/env/data/json/n1.json': '{"d": "json", "e": "json"}\n',
      '/env/data/common.yaml': 'a: common\nb: common\ne: common\nf: common\n',
    };
    const answers = ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => value(lookupKey(ctxFor(files), k)));
    assert.deepEqual(answers, ['node', 'shared', { notFound: true }, 'json', 'json', 'common']);
    // No hierarchy: common.yaml in data/.
    const bare = lookupKey(ctxFor({ '/env/hiera.yaml': 'version: 4\n', '/env/data/common.yaml': 'a: 1\n' }), 'a');
    assert.deepEqual(value(bare), 1);
  });
  it('refuses a version 4 hiera.yaml in the global layer, and a v4 entry without a backend', () => {
    const global = lookupKey(
      ctxFor(
        {
          '/conf/hiera.yaml': 'version: 4\nhierarchy:\n  - {name: common, backend: yaml}\n',
          '/conf/data/common.yaml': 'a: 1\n',
        },
        'n1.example.com',
        {},
        { globalConfigPath: '/conf/hiera.yaml' },
      ),
      'a',
    );
    assert.equal(global.outcome.kind, 'error');
    const noBackend = lookupKey(ctxFor({ '/env/hiera.yaml': 'version: 4\nhierarchy:\n  - {name: common}\n' }), 'a');
    assert.deepEqual(value(noBackend), {
      error: "/env/hiera.yaml: hierarchy entry 0 has no 'backend', which Hiera 4 requires",
    });
  });
  it('reads a version 3 global hiera.yaml (backends, hierarchy, datadir)', () => {
    const files = {
      '/etc/hiera.yaml':
        ':backends:\n  - yaml\n:hierarchy:\n  - "nodes/%{::trusted.certname}"\n  - common\n:yaml:\n  :datadir: /etc/hieradata\n',
      '/etc/hieradata/nodes/n1.example.com.yaml': 'a: node\n',
      '/etc/hieradata/common.yaml': 'a: common\nb: common\n',
    };
    const ctx = ctxFor(files, 'n1.example.com', {}, { globalConfigPath: '/etc/hiera.yaml' });
    assert.deepEqual(value(lookupKey(ctx, 'a')), 'node');
    assert.deepEqual(value(lookupKey(ctx, 'b')), 'common');
  });
  it('uses the default global configuration ($confdir/data/common.yaml) when the global hiera.yaml is absent', () => {
    const ctx = ctxFor({ '/etc/data/common.yaml': 'g: 1\n' }, 'n1', {}, { globalConfigPath: '/etc/hiera.yaml' });
    assert.deepEqual(value(lookupKey(ctx, 'g')), 1);
  });
  it('lets the global layer win over the environment, and merges lookup_options with global winning', () => {
    const files = {
      '/etc/hiera.yaml': 'version: 5\nhierarchy:\n  - name: g\n    path: g.yaml\n',
      '/etc/data/g.yaml': 'lookup_options:\n  l: {merge: unique}\nk: global\nl: [g]\n',
      '/env/hiera.yaml': HIERA,
      '/env/data/common.yaml': 'lookup_options:\n  l: {merge: first}\nk: env\nl: [e]\n',
    };
    const ctx = ctxFor(files, 'n1', {}, { globalConfigPath: '/etc/hiera.yaml' });
    assert.deepEqual(value(lookupKey(ctx, 'k')), 'global');
    const l = lookupKey(ctx, 'l');
    assert.deepEqual(value(l), ['g', 'e']);
    assert.equal(l.mergeSource, 'lookup_options');
  });
  it('reports an invalid hiera.yaml as an error of the lookup', () => {
    const r = lookupKey(
      ctxFor({ '/env/hiera.yaml': 'version: 5\nhierarchy:\n  - name: a\n    path: a.yaml\n    glob: "*.yaml"\n' }),
      'k',
    );
    assert.equal(r.outcome.kind, 'error');
  });
  it('fails like Puppet when a yaml_data entry has no location', () => {
    const r = lookupKey(
      ctxFor({ '/env/hiera.yaml': 'version: 5\nhierarchy:\n  - name: a\n    data_hash: yaml_data\n' }),
      'k',
    );
    assert.ok(r.outcome.kind === 'error' && r.outcome.message.includes("'path'"));
  });
  it('skips custom backend functions it cannot run, saying so in the explanation', () => {
    const files = {
      '/env/hiera.yaml':
        'version: 5\nhierarchy:\n  - name: vault\n    lookup_key: vault_lookup\n    uri: "https://vault"\n  - name: c\n    path: c.yaml\n',
      '/env/data/c.yaml': 'k: 1\n',
    };
    const r = lookupKey(ctxFor(files), 'k');
    assert.deepEqual(value(r), 1);
    assert.match(renderExplanation(r.explanation), /vault_lookup' cannot be evaluated/);
  });
});

describe('lookup locations', () => {
  it('expands globs in byte order and skips directories and non-matching files', () => {
    const fs = memoryFileSystem({
      '/d/b.yaml': '',
      '/d/a.yaml': '',
      '/d/B.yaml': '',
      '/d/sub/c.yaml': '',
      '/d/x.txt': '',
      '/d/.h.yaml': '',
    });
    assert.deepEqual(globFiles(fs, '/d/*.yaml'), ['/d/B.yaml', '/d/a.yaml', '/d/b.yaml']);
    assert.deepEqual(globFiles(fs, '/d/{b,a}.yaml'), ['/d/b.yaml', '/d/a.yaml']);
    assert.deepEqual(globFiles(fs, '/d/**/*.yaml'), ['/d/B.yaml', '/d/a.yaml', '/d/b.yaml', '/d/sub/c.yaml']);
    assert.deepEqual(globFiles(fs, '/d/[ab].yaml'), ['/d/a.yaml', '/d/b.yaml']);
  });
  it('expands mapped_paths over a list fact, and a string fact as a one-element list', () => {
    const files = {
      '/env/hiera.yaml':
        'version: 5\nhierarchy:\n  - name: m\n    mapped_paths: [facts.groups, g, "groups/%{g}.yaml"]\n',
      '/env/data/groups/web.yaml': 'k: [web]\n',
      '/env/data/groups/db.yaml': 'k: [db]\n',
    };
    assert.deepEqual(value(lookupKey(ctxFor(files, 'n1', { groups: ['db', 'web'] }), 'k', 'unique')), ['db', 'web']);
    assert.deepEqual(value(lookupKey(ctxFor(files, 'n1', { groups: 'web' }), 'k')), ['web']);
    assert.deepEqual(value(lookupKey(ctxFor(files, 'n1', {}), 'k')), { notFound: true });
  });
  it('reads JSON data and reports a broken JSON file', () => {
    const hiera = 'version: 5\nhierarchy:\n  - name: j\n    data_hash: json_data\n    path: c.json\n';
    assert.deepEqual(
      value(lookupKey(ctxFor({ '/env/hiera.yaml': hiera, '/env/data/c.json': '{"k": {"a": [1]}}' }), 'k')),
      { a: [1] },
    );
    const broken = lookupKey(ctxFor({ '/env/hiera.yaml': hiera, '/env/data/c.json': '{"k": ' }), 'k');
    assert.ok(broken.outcome.kind === 'error' && broken.outcome.message.startsWith('Unable to parse'));
  });
  it('reports a broken YAML file in the explanation, with its path and offset', () => {
    const r = lookupKey(ctxFor({ '/env/hiera.yaml': HIERA, '/env/data/common.yaml': 'a: [1, 2\nb: 3\n' }), 'a');
    assert.equal(r.outcome.kind, 'error');
    const errors: ExplainNode[] = [];
    walk(r.explanation, (n) => n.kind === 'error' && n.path !== undefined && errors.push(n));
    assert.equal(errors.length, 1);
    assert.ok(
      errors[0].kind === 'error' && errors[0].path === '/env/data/common.yaml' && typeof errors[0].offset === 'number',
    );
  });
  it("keeps only the module's own keys in module data", () => {
    const files = {
      '/env/modules/zk/hiera.yaml': 'version: 5\n',
      '/env/modules/zk/data/common.yaml': 'zk::a: 1\nother: 2\nzkx::b: 3\n',
    };
    const ctx = ctxFor(files);
    assert.deepEqual(value(lookupKey(ctx, 'zk::a')), 1);
    assert.deepEqual(value(lookupKey(ctx, 'other')), { notFound: true });
    assert.deepEqual(value(lookupKey(ctx, 'zkx::b')), { notFound: true });
  });
  it("searches a module's default_hierarchy last, with its own lookup_options", () => {
    const files = {
      '/env/modules/zk/hiera.yaml':
        'version: 5\nhierarchy:\n  - name: c\n    path: common.yaml\ndefault_hierarchy:\n  - name: d\n    path: defaults.yaml\n',
      '/env/modules/zk/data/common.yaml': 'zk::a: from-hierarchy\n',
      '/env/modules/zk/data/defaults.yaml':
        'lookup_options:\n  zk::l: {merge: unique}\nzk::a: from-default\nzk::b: from-default\nzk::l: [1, 1, 2]\n',
    };
    const ctx = ctxFor(files);
    assert.deepEqual(value(lookupKey(ctx, 'zk::a')), 'from-hierarchy');
    assert.deepEqual(value(lookupKey(ctx, 'zk::b')), 'from-default');
    assert.deepEqual(value(lookupKey(ctx, 'zk::l')), [1, 2]);
  });
  it('rejects module lookup_options outside the module namespace', () => {
    const files = {
      '/env/modules/zk/hiera.yaml': 'version: 5\n',
      '/env/modules/zk/data/common.yaml': 'lookup_options:\n  other: {merge: unique}\nzk::a: 1\n',
    };
    const r = lookupKey(ctxFor(files), 'zk::a');
    assert.ok(r.outcome.kind === 'error' && r.outcome.message.includes("module name 'zk'"));
  });
});

describe('merge keys merge as Psych merges them', () => {
  const ctx = ctxFor({
    '/env/hiera.yaml': HIERA,
    '/env/data/common.yaml': `pair: &p {a: 2, b: 3}
before_merge:
  a: 1
  <<: *p
  b: 4
merged_list:
  <<: [*p, {a: 5, c: 6}]
not_a_hash:
  <<: 3
  x: 1
quoted:
  '<<': *p
  c: 7
double_quoted: {"<<": [*p, {d: 8}]}
quoted_scalar:
  '<<': pair
tagged:
  !!str '<<': *p
tagged_plain:
  !!str <<: *p
`,
  });
  // Each value (keys in their order) as `puppet lookup KEY --render-as json` (Puppet 7.23) printed it.
  const TABLE: readonly [string, string][] = [
    // The merged mapping overrides a key set before the merge key, in its place; a key after it overrides it.
    ['before_merge', '{"a":2,"b":4}'],
    // Of a list of mappings the first wins, the keys in the order of merging the last one first.
    ['merged_list', '{"a":2,"c":6,"b":3}'],
    // A merge key whose value is no mapping is kept as a key.
    ['not_a_hash', '{"<<":3,"x":1}'],
    // Quoted, the key still merges (Psych looks at its text, not its quotes); a value that is no mapping stays.
    ['quoted', '{"a":2,"b":3,"c":7}'],
    ['double_quoted', '{"d":8,"a":2,"b":3}'],
    ['quoted_scalar', '{"<<":"pair"}'],
    // Only an explicit !!str tag makes `<<` a plain key, quoted or not.
    ['tagged', '{"<<":{"a":2,"b":3}}'],
    ['tagged_plain', '{"<<":{"a":2,"b":3}}'],
  ];
  for (const [key, expected] of TABLE) {
    it(`reads ${key} as puppet lookup does`, () => assert.equal(JSON.stringify(value(lookupKey(ctx, key))), expected));
  }
});

describe('whole Floats reached through YAML aliases and merge keys', () => {
  const ctx = ctxFor({
    '/env/hiera.yaml': HIERA,
    '/env/data/common.yaml': `base: &b 1.0
alias_float: *b
defaults: &d
  cpus: 2.0
  mem: 3
merged:
  <<: *d
  disk: 4.0
nested:
  limits: *d
list: [*b, 2.5, 1]
merged_list:
  <<: [*d, {cpus: 5.0, swap: 6.0}]
lk: "%{alias('alias_float')}"
str: "%{lookup('merged')} %{lookup('list')}"
`,
  });
  // Each value as `puppet lookup KEY --render-as json` (Puppet 7.23) printed it for this file.
  const TABLE: readonly [string, string][] = [
    ['alias_float', '1.0'],
    ['merged', '{"cpus":2.0,"mem":3,"disk":4.0}'],
    ['nested', '{"limits":{"cpus":2.0,"mem":3}}'],
    ['list', '[1.0,2.5,1]'],
    ['merged_list', '{"cpus":2.0,"swap":6.0,"mem":3}'],
    ['lk', '1.0'],
    ['str', '"{\\"cpus\\"=>2.0, \\"mem\\"=>3, \\"disk\\"=>4.0} [1.0, 2.5, 1]"'],
  ];
  for (const [key, expected] of TABLE) {
    it(`prints ${key} as puppet lookup does`, () => {
      const r = lookupKey(ctx, key);
      assert.equal(r.outcome.kind === 'found' ? jsonText(toJson(r.outcome.value, true)) : r.outcome.kind, expected);
    });
  }
});

describe('lookup interpolation', () => {
  const files = {
    '/env/hiera.yaml': HIERA,
    '/env/data/nodes/n1.example.com.yaml': 'port: 8080\n',
    '/env/data/common.yaml': [
      'list: [a, b]',
      'hash: {x: 1}',
      'port: 80',
      'url: "http://%{facts.fqdn}:%{lookup(\'port\')}/"',
      'old: "%{hiera(\'port\')}"',
      'al: "%{alias(\'list\')}"',
      'al_hash: "%{alias(\'hash\')}"',
      'lit: "%{literal(\'%\')}{facts.fqdn}"',
      "sc: \"%{scope('facts.fqdn')}|%{scope('hostname')}\"",
      'legacy: "%{::fqdn}|%{fqdn}|%{::nope}|%{trusted.certname}|%{trusted.hostname}|%{environment}"',
      "dig: \"%{lookup('hash.x')}|%{lookup('list.1')}|%{facts.disks.0}\"",
      "str: \"%{lookup('list')} %{lookup('hash')} %{facts.flag}\"",
      'keys: {"%{facts.hostname}": v, plain: "%{facts.hostname}"}',
      'cycle_a: "%{lookup(\'cycle_b\')}"',
      'cycle_b: "%{alias(\'cycle_a\')}"',
      'bad_method: "%{reverse(\'x\')}"',
      'bad_alias: "x%{alias(\'list\')}"',
      'missing: "[%{lookup(\'nope\')}][%{facts.nope}]"',
      'missing_alias: "%{alias(\'nope\')}"',
      'empty: "%{}x%{\'\'}"',
      'nested: "%{lookup(\'url\')}"',
      'nil: ~',
      'nested_fact: "%{facts.fqdn.x}"',
      'fl: 1.0',
      'fl_list: [1.0, 2.5, 1.0e+20, 1e3]',
      "fl_str: \"%{lookup('fl')} %{lookup('fl_list')}\"",
    ].join('\n'),
  };
  const ctx = ctxFor(files, 'n1.example.com', { fqdn: 'n1.example.com', disks: ['sda'], flag: true, env_var: 'x' });
  const TABLE: readonly [string, unknown][] = [
    ['url', 'http://n1.example.com:8080/'],
    ['old', '8080'],
    ['al', ['a', 'b']],
    ['al_hash', { x: 1 }],
    ['lit', '%{facts.fqdn}'],
    ['sc', 'n1.example.com|n1'],
    ['legacy', 'n1.example.com|n1.example.com||n1.example.com|n1|production'],
    ['dig', '1|b|sda'],
    ['str', '["a", "b"] {"x"=>1} true'],
    ['keys', { n1: 'v', plain: 'n1' }],
    ['missing', '[][]'],
    ['missing_alias', ''],
    ['empty', 'x'],
    ['nested', 'http://n1.example.com:8080/'],
    ['nil', null],
    // As `puppet apply -e 'notice(lookup("fl_str"))'` printed it: a whole Float stays 1.0; `1e3` is a String.
    ['fl_str', '1.0 [1.0, 2.5, 1.0e+20, "1e3"]'],
  ];
  for (const [key, expected] of TABLE) {
    it(`interpolates ${key}`, () => assert.deepEqual(value(lookupKey(ctx, key)), expected));
  }
  it('detects recursion and names the chain of keys', () => {
    const r = lookupKey(ctx, 'cycle_a');
    assert.deepEqual(value(r), { error: 'Recursive lookup detected in [cycle_a, cycle_b]' });
  });
  it('rejects unknown interpolation methods and alias inside text', () => {
    assert.deepEqual(value(lookupKey(ctx, 'bad_method')), { error: "Unknown interpolation method 'reverse'" });
    assert.match(String((value(lookupKey(ctx, 'bad_alias')) as { error: string }).error), /entire string/);
  });
  it('fails on digging into a string, as Puppet does', () => {
    assert.match(
      String((value(lookupKey(ctx, 'nested_fact')) as { error: string }).error),
      /type mismatch: Got String/,
    );
  });
  it('does not allow functions in hierarchy paths', () => {
    const c = ctxFor({ '/env/hiera.yaml': 'version: 5\nhierarchy:\n  - name: a\n    path: "%{lookup(\'x\')}.yaml"\n' });
    assert.match(String((value(lookupKey(c, 'k')) as { error: string }).error), /method syntax is not allowed/);
  });
  it("splices values into strings with Ruby's to_s", () => {
    assert.equal(rubyToS(v([1, 'a', null, { k: [true] }])), '[1, "a", nil, {"k"=>[true]}]');
    assert.equal(rubyToS(v(1.5)), '1.5');
    assert.equal(rubyToS(null), '');
  });
});

describe('lookup_options and keys', () => {
  const files = {
    '/env/hiera.yaml': HIERA,
    '/env/data/nodes/n1.example.com.yaml': 'profile::web::ports: [443]\nprofile::web::opts: {a: 1}\nplain: [x]\n',
    '/env/data/common.yaml': [
      'lookup_options:',
      "  '^profile::.*::ports$': {merge: unique}",
      "  '^profile::': {merge: hash}",
      '  count: {convert_to: Integer}',
      '  wrapped: {convert_to: [Array, true]}',
      '  flag: {convert_to: Boolean}',
      'profile::web::ports: [80, 443]',
      'profile::web::opts: {b: 2}',
      'plain: [y]',
      'count: "0x1F"',
      'wrapped: one',
      'flag: "yes"',
      '1: integer key',
      '"a.b": dotted literal',
    ].join('\n'),
  };
  const ctx = ctxFor(files);
  it('matches regex keys in order, exact keys first', () => {
    assert.deepEqual(value(lookupKey(ctx, 'profile::web::ports')), [443, 80]);
    assert.deepEqual(value(lookupKey(ctx, 'profile::web::opts')), { b: 2, a: 1 });
  });
  it('lets the caller override lookup_options', () => {
    const r = lookupKey(ctx, 'profile::web::ports', 'first');
    assert.deepEqual(value(r), [443]);
    assert.equal(r.mergeSource, 'caller');
  });
  it('uses first by default', () => assert.deepEqual(value(lookupKey(ctx, 'plain')), ['x']));
  it('applies convert_to', () => {
    assert.deepEqual(value(lookupKey(ctx, 'count')), 31);
    assert.deepEqual(value(lookupKey(ctx, 'wrapped')), ['one']);
    assert.deepEqual(value(lookupKey(ctx, 'flag')), true);
  });
  it('refuses lookup_options itself as a key', () =>
    assert.deepEqual(value(lookupKey(ctx, 'lookup_options')), { notFound: true }));
  it('finds quoted dotted keys and reports bad keys', () => {
    assert.deepEqual(value(lookupKey(ctx, '"a.b"')), 'dotted literal');
    assert.equal(lookupKey(ctx, 'a..b').outcome.kind, 'error');
  });
});

describe('YAML data as Psych reads it', () => {
  it('reads YAML 1.1 booleans and octals, keeps the last duplicate, merges <<, and treats empty as {}', () => {
    const r = parseYamlData('a: yes\nb: Off\nc: 0755\nd: n\ne: 1\ne: 2\nbase: &b {x: 1}\nf:\n  <<: *b\n  y: 2\n');
    assert.equal(r.kind, 'ok');
    if (r.kind === 'ok')
      assert.deepEqual(toJson(r.data), { a: true, b: false, c: 493, d: 'n', e: 2, base: { x: 1 }, f: { x: 1, y: 2 } });
    const empty = parseYamlData('# nothing\n');
    assert.ok(empty.kind === 'ok' && empty.data.size === 0);
    const list = parseYamlData('- 1\n');
    assert.ok(list.kind === 'ok' && list.warning !== undefined);
    assert.equal(parseYamlData('a: [\n').kind, 'error');
  });
});

describe('explanations', () => {
  const ctx = ctxFor(
    {
      '/env/hiera.yaml': HIERA,
      '/env/data/common.yaml': 'h: {a: 1}\n',
      '/env/data/nodes/n1.example.com.yaml': 'h: {b: 2}\n',
    },
    'n1.example.com',
  );
  it('renders layers, entries, paths and merges like puppet lookup --explain', () => {
    const text = renderExplanation(lookupKey(ctx, 'h', 'deep').explanation);
    for (const expected of [
      'Searching for "lookup_options"',
      'Searching for "h"',
      'Environment Data Provider (hiera configuration version 5)',
      'Using configuration "/env/hiera.yaml"',
      'Merge strategy deep',
      'Hierarchy entry "node"',
      'Path "/env/data/nodes/n1.example.com.yaml"',
      'Original path: "nodes/%{trusted.certname}.yaml"',
      'Found key: "h" value: {"b" => 2}',
      'Merged result: {"a" => 1, "b" => 2}',
    ]) {
      assert.ok(text.includes(expected), `missing ${expected} in\n${text}`);
    }
  });
  it('says when a path does not exist and when a key is missing', () => {
    const text = renderExplanation(
      lookupKey(ctxFor({ '/env/hiera.yaml': HIERA, '/env/data/common.yaml': 'x: 1\n' }, 'n9'), 'h').explanation,
    );
    assert.match(text, /Path not found/);
    assert.match(text, /No such key: "h"/);
  });
});

describe('editor queries', () => {
  const files = {
    '/env/hiera.yaml': HIERA,
    '/env/data/nodes/n1.example.com.yaml': 'k: node\nonly_node: 1\n',
    '/env/data/common.yaml': 'lookup_options:\n  l: {merge: unique}\nk: common\nl: [1]\n',
    '/env/data/nodes/n2.example.com.yaml': 'l: [2]\n',
    '/env/modules/zk/hiera.yaml': 'version: 5\n',
    '/env/modules/zk/data/common.yaml': 'zk::id: 0\nstray: 1\n',
  };
  it('finds every level that sets a key, highest priority first, with the key range', () => {
    const occ = findKeyOccurrences(ctxFor(files, 'n1.example.com'), 'k');
    assert.deepEqual(
      occ.map((o) => [o.entry, o.path, o.rawValue]),
      [
        ['node', '/env/data/nodes/n1.example.com.yaml', 'node'],
        ['common', '/env/data/common.yaml', 'common'],
      ],
    );
    assert.deepEqual(occ[1].keyRange, {
      start: 'lookup_options:\n  l: {merge: unique}\n'.length,
      end: 'lookup_options:\n  l: {merge: unique}\n'.length + 1,
    });
    assert.deepEqual(
      findKeyOccurrences(ctxFor(files, 'n1.example.com'), 'zk::id').map((o) => [o.layer, o.module]),
      [['module', 'zk']],
    );
  });
  it('lists every key of a node with its resolved value', () => {
    const keys = listResolvedKeys(ctxFor(files, 'n2.example.com'));
    assert.deepEqual(
      keys.map((k) => [
        k.key,
        value({ key: k.key, outcome: k.outcome, merge: k.merge, mergeSource: k.mergeSource, explanation: [] }),
      ]),
      [
        ['k', 'common'],
        ['l', [2, 1]],
        ['zk::id', 0],
      ],
    );
  });
});

describe('robustness', () => {
  it('never throws on odd input', () => {
    const odd: Record<string, string>[] = [
      { '/env/hiera.yaml': '' },
      { '/env/hiera.yaml': '- a' },
      { '/env/hiera.yaml': 'version: 5\nhierarchy: 3\n' },
      { '/env/hiera.yaml': HIERA, '/env/data/common.yaml': '- not a hash\n' },
      { '/env/hiera.yaml': HIERA, '/env/data/common.yaml': 'k: "%{"\n' },
    ];
    for (const files of odd) {
      for (const key of ['k', '', '.', 'a::b', "'", 'k.0']) {
        const r = lookupKey(ctxFor(files), key, 'deep');
        assert.ok(['found', 'not-found', 'error'].includes(r.outcome.kind));
      }
    }
  });
});
