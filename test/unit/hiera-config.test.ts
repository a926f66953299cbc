// hiera.yaml reading: the model (every key and value with its range, v5 and v3) and the validation rules, each
// triggered by a small file and not triggered by a near miss. The marked text (`[[...]]`) is where the problem
// must be reported.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CODES, type Code } from '../../server/src/base/diagnosticCodes.js';
import {
  checkHieraConfigDirectories,
  parseHieraConfig,
  type HieraLayer,
} from '../../server/src/syntax/hiera/hieraConfig.js';
import { memoryFileSystem } from '../support/memoryFileSystem.js';

/** Removes `[[` and `]]` markers and returns the text with the marked ranges. */
function marked(source: string): { text: string; ranges: { start: number; end: number }[] } {
  let text = '';
  const ranges: { start: number; end: number }[] = [];
  let open = -1;
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('[[', i)) {
      open = text.length;
      i++;
    } else if (source.startsWith(']]', i) && open >= 0 && source[i + 2] !== ']') {
      ranges.push({ start: open, end: text.length });
      open = -1;
      i++;
    } else text += source[i];
  }
  return { text, ranges };
}

const GOOD = `version: 5
defaults:
  datadir: data
  data_hash: yaml_data
hierarchy:
  - name: "Per-node data"
    path: "nodes/%{trusted.certname}.yaml"
  - name: "Per-role"
    paths: ["roles/%{facts.role}.yaml", "roles/common.yaml"]
  - name: "Secrets"
    lookup_key: eyaml_lookup_key
    glob: "secrets/*.eyaml"
    options:
      pkcs7_private_key: /etc/keys/private.pem
  - name: "Datacenters"
    mapped_paths: [facts.datacenters, dc, "dc/%{dc}.yaml"]
  - name: "JSON"
    data_hash: json_data
    globs: ["json/*.json"]
    datadir: other
  - name: "Common"
    path: common.yaml
`;

interface RuleCase {
  readonly code: Code;
  readonly layer?: HieraLayer;
  /** A file that triggers the rule, with the reported range marked. */
  readonly bad: string;
  /** A near miss that must not trigger it. */
  readonly good: string;
}

const RULES: readonly RuleCase[] = [
  { code: 'hiera-config/yaml-syntax', bad: 'version: 5\nhierarchy: [a, b\n', good: 'version: 5\nhierarchy: []\n' },
  { code: 'hiera-config/not-a-mapping', bad: '[[- version: 5]]\n', good: 'version: 5\n' },
  { code: 'hiera-config/unknown-key', bad: 'version: 5\n[[hierachy]]: []\n', good: 'version: 5\nhierarchy: []\n' },
  {
    code: 'hiera-config/unknown-key',
    bad: 'version: 5\nhierarchy:\n  - name: a\n    [[pth]]: a.yaml\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    path: a.yaml\n',
  },
  {
    code: 'hiera-config/unknown-key',
    bad: 'version: 5\ndefaults:\n  [[path]]: x\n',
    good: 'version: 5\ndefaults:\n  datadir: x\n',
  },
  { code: 'hiera-config/wrong-type', bad: 'version: 5\nhierarchy: [[oops]]\n', good: 'version: 5\nhierarchy: []\n' },
  {
    code: 'hiera-config/wrong-type',
    bad: 'version: 5\nhierarchy:\n  - name: a\n    path: [[[a.yaml]]]\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    paths: [a.yaml]\n',
  },
  {
    code: 'hiera-config/wrong-type',
    bad: 'version: 5\nhierarchy:\n  - name: a\n    mapped_paths: [[[facts.x, y]]]\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    mapped_paths: [facts.x, y, "p/%{y}.yaml"]\n',
  },
  {
    code: 'hiera-config/wrong-type',
    bad: 'version: 5\nhierarchy:\n  - name: [[""]]\n    path: a.yaml\n',
    good: 'version: 5\nhierarchy:\n  - name: "x"\n    path: a.yaml\n',
  },
  { code: 'hiera-config/version-4', bad: 'version: [[4]]\n', good: 'version: 5\n' },
  { code: 'hiera-config/unsupported-version', bad: 'version: [[6]]\n', good: 'version: "5"\n' },
  {
    code: 'hiera-config/version-3',
    bad: '[[:backends]]:\n  - yaml\n:hierarchy:\n  - common\n:yaml:\n  :datadir: /etc/hieradata\n',
    good: 'version: 5\n',
  },
  {
    code: 'hiera-config/missing-name',
    bad: 'version: 5\nhierarchy:\n  - [[path]]: a.yaml\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    path: a.yaml\n',
  },
  {
    code: 'hiera-config/duplicate-name',
    bad: 'version: 5\nhierarchy:\n  - name: a\n    path: a.yaml\n  - name: [[a]]\n    path: b.yaml\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    path: a.yaml\n  - name: b\n    path: b.yaml\n',
  },
  {
    code: 'hiera-config/missing-backend',
    bad: 'version: 5\ndefaults:\n  datadir: data\nhierarchy:\n  - [[name]]: a\n    path: a.yaml\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    path: a.yaml\n',
  },
  {
    code: 'hiera-config/multiple-backends',
    bad: 'version: 5\nhierarchy:\n  - name: a\n    data_hash: yaml_data\n    [[lookup_key]]: eyaml_lookup_key\n    path: a.yaml\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    lookup_key: eyaml_lookup_key\n    path: a.yaml\n',
  },
  {
    code: 'hiera-config/multiple-backends',
    bad: 'version: 5\ndefaults:\n  data_hash: yaml_data\n  [[data_dig]]: my_dig\n',
    good: 'version: 5\ndefaults:\n  data_dig: my_dig\n',
  },
  {
    code: 'hiera-config/backend-kind',
    bad: 'version: 5\nhierarchy:\n  - name: a\n    lookup_key: [[yaml_data]]\n    path: a.yaml\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    data_hash: yaml_data\n    path: a.yaml\n',
  },
  {
    code: 'hiera-config/missing-location',
    bad: 'version: 5\nhierarchy:\n  - [[name]]: a\n    data_hash: json_data\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    data_hash: my::custom_function\n',
  },
  {
    code: 'hiera-config/multiple-locations',
    bad: 'version: 5\nhierarchy:\n  - name: a\n    path: a.yaml\n    [[glob]]: "*.yaml"\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    glob: "*.yaml"\n',
  },
  {
    code: 'hiera-config/interpolation',
    bad: 'version: 5\nhierarchy:\n  - name: a\n    path: "nodes/[[%{trusted.certname.yaml]]"\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    path: "nodes/%{trusted.certname}.yaml"\n',
  },
  {
    code: 'hiera-config/interpolation',
    bad: 'version: 5\nhierarchy:\n  - name: a\n    path: nodes/%{[[facts..x]]}.yaml\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    path: nodes/%{facts.x}.yaml\n',
  },
  {
    code: 'hiera-config/function-in-path',
    bad: 'version: 5\nhierarchy:\n  - name: a\n    path: "nodes/[[%{lookup(\'x\')}]].yaml"\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    path: "nodes/%{::x}.yaml"\n',
  },
  {
    code: 'hiera-config/reserved-option',
    bad: 'version: 5\nhierarchy:\n  - name: a\n    path: a.yaml\n    options:\n      [[path]]: x\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    path: a.yaml\n    options:\n      paths_to_keys: x\n',
  },
  {
    code: 'hiera-config/default-hierarchy-not-in-module',
    layer: 'environment',
    bad: 'version: 5\n[[default_hierarchy]]:\n  - name: a\n    path: a.yaml\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    path: a.yaml\n',
  },
  {
    code: 'hiera-config/hiera3-backend-not-global',
    layer: 'environment',
    bad: 'version: 5\nhierarchy:\n  - name: a\n    [[hiera3_backend]]: mongo\n    path: a\n',
    good: 'version: 5\nhierarchy:\n  - name: a\n    path: a.yaml\n',
  },
];

describe('hiera.yaml validation rules', () => {
  for (const rule of RULES) {
    it(`${rule.code} is reported where marked`, () => {
      const { text, ranges } = marked(rule.bad);
      const problems = parseHieraConfig(text, { layer: rule.layer }).problems.filter((p) => p.code === rule.code);
      assert.ok(problems.length > 0, `expected ${rule.code} in:\n${text}`);
      if (ranges.length > 0)
        assert.deepEqual(
          problems[0].range,
          ranges[0],
          `range of ${rule.code}: got ${JSON.stringify(text.slice(problems[0].range.start, problems[0].range.end))}`,
        );
      assert.ok(problems[0].message.length > 10);
    });
    it(`${rule.code} is not reported for a near miss`, () => {
      const problems = parseHieraConfig(rule.good, { layer: rule.layer }).problems.filter((p) => p.code === rule.code);
      assert.deepEqual(problems, []);
    });
  }

  it('accepts a realistic version 5 file without problems', () => {
    assert.deepEqual(parseHieraConfig(GOOD, { layer: 'environment' }).problems, []);
  });

  it('accepts default_hierarchy in a module', () => {
    const text = 'version: 5\ndefault_hierarchy:\n  - name: d\n    path: defaults.yaml\n';
    assert.deepEqual(parseHieraConfig(text, { layer: 'module' }).problems, []);
  });

  it('warns of a version 4 file where Puppet reads it, and calls it an error where Puppet refuses it', () => {
    const text = 'version: 4\nhierarchy:\n  - {name: common, backend: yaml}\n';
    const codes = (layer: 'global' | 'environment' | 'module') =>
      parseHieraConfig(text, { layer }).problems.map((p) => `${p.code} ${CODES[p.code].severity}`);
    assert.deepEqual(codes('environment'), ['hiera-config/version-4 warning']);
    assert.deepEqual(codes('module'), ['hiera-config/version-4 warning']);
    assert.deepEqual(codes('global'), ['hiera-config/unsupported-version error']);
  });

  it('uses only codes from the catalogue', () => {
    for (const rule of RULES) assert.ok(rule.code in CODES);
  });
});

describe('hiera.yaml model', () => {
  it('reads version 5 with ranges for keys and values', () => {
    const { config } = parseHieraConfig(GOOD);
    assert.equal(config.kind, 'v5');
    if (config.kind !== 'v5') return;
    assert.equal(config.defaults?.datadir?.value, 'data');
    assert.equal(config.defaults?.backend?.function.value, 'yaml_data');
    const names = (config.hierarchy ?? []).map((e) => e.name?.value);
    assert.deepEqual(names, ['Per-node data', 'Per-role', 'Secrets', 'Datacenters', 'JSON', 'Common']);
    const node = config.hierarchy![0];
    assert.equal(node.location?.kind, 'path');
    assert.equal(
      GOOD.slice(node.location!.values[0].range.start, node.location!.values[0].range.end),
      '"nodes/%{trusted.certname}.yaml"',
    );
    assert.equal(GOOD.slice(node.location!.keyRange.start, node.location!.keyRange.end), 'path');
    const secrets = config.hierarchy![2];
    assert.equal(secrets.backend?.kind, 'lookup_key');
    assert.deepEqual(secrets.options?.value, { pkcs7_private_key: '/etc/keys/private.pem' });
    const dc = config.hierarchy![3];
    assert.deepEqual(
      dc.location?.values.map((v) => v.value),
      ['facts.datacenters', 'dc', 'dc/%{dc}.yaml'],
    );
    assert.equal(config.hierarchy![4].datadir?.value, 'other');
    assert.deepEqual(
      config.keys.map((k) => k.key),
      ['version', 'defaults', 'hierarchy'],
    );
    assert.deepEqual(
      node.keys.map((k) => k.key),
      ['name', 'path'],
    );
  });

  it('treats a missing hierarchy as undefined (Puppet then uses its Common default)', () => {
    const { config } = parseHieraConfig('version: 5\n');
    assert.ok(config.kind === 'v5' && config.hierarchy === undefined);
  });

  it('reads version 3 with backends, hierarchy and datadir', () => {
    const text =
      ':backends:\n  - yaml\n  - json\n:hierarchy:\n  - "nodes/%{::trusted.certname}"\n  - common\n:yaml:\n  :datadir: /etc/puppetlabs/code/hieradata\n:merge_behavior: deeper\n';
    const { config, problems } = parseHieraConfig(text, { layer: 'global' });
    assert.equal(config.kind, 'v3');
    if (config.kind !== 'v3') return;
    assert.deepEqual(
      config.backends.map((b) => b.name.value),
      ['yaml', 'json'],
    );
    assert.equal(config.backends[0].datadir?.value, '/etc/puppetlabs/code/hieradata');
    assert.deepEqual(
      config.hierarchy.map((h) => h.value),
      ['nodes/%{::trusted.certname}', 'common'],
    );
    assert.equal(config.mergeBehavior?.value, 'deeper');
    assert.deepEqual(
      problems.map((p) => [p.code, CODES[p.code].severity]),
      [['hiera-config/version-3', 'information']],
    );
  });

  it('never throws, whatever the input', () => {
    for (const text of [
      '',
      '---',
      '\t\t',
      'version: 5\nhierarchy:\n  - ~\n  - 3\n',
      '%YAML',
      '{',
      'version: 5\ndefaults: 3\n',
      ': :',
    ]) {
      const r = parseHieraConfig(text);
      assert.ok(r.config);
    }
  });
});

describe('checkHieraConfigDirectories', () => {
  const text =
    'version: 5\ndefaults:\n  datadir: [[data]]\nhierarchy:\n  - name: a\n    path: a.yaml\n  - name: b\n    datadir: [[elsewhere]]\n    path: b.yaml\n  - name: c\n    datadir: "dyn/%{facts.x}"\n    path: c.yaml\n';
  it('reports datadirs that do not exist, at their declaration', () => {
    const { text: t, ranges } = marked(text);
    const { config } = parseHieraConfig(t);
    const fs = memoryFileSystem({ '/env/hiera.yaml': t });
    const problems = checkHieraConfigDirectories(config, '/env', fs);
    assert.deepEqual(
      problems.map((p) => p.code),
      ['hiera-config/missing-datadir', 'hiera-config/missing-datadir'],
    );
    assert.deepEqual(
      problems.map((p) => p.range),
      ranges,
    );
  });
  it('is quiet when the datadirs exist', () => {
    const { text: t } = marked(text);
    const { config } = parseHieraConfig(t);
    const fs = memoryFileSystem({ '/env/hiera.yaml': t, '/env/data/a.yaml': '', '/env/elsewhere/b.yaml': '' });
    assert.deepEqual(checkHieraConfigDirectories(config, '/env', fs), []);
  });
});
