// hiera.yaml in the editor: diagnostics (the parser's problems with their severities, missing datadirs, layer
// rules), completion of keys per place, backends, `version` and path variables, and hover on keys, backends and
// variables. Completion is checked by the text it produces.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../../server/src/ide/completion.js';
import { hover } from '../../server/src/ide/hover.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { fixtureProject, applyEdit } from '../support/project.js';

function codes(fixture: string, path = '/work/hiera.yaml'): string[] {
  const { project } = fixtureProject(fixture);
  return fileDiagnostics(project, path).map((d) => d.code);
}

function completions(fixture: string) {
  const { project, cursor, fixture: f } = fixtureProject(fixture);
  const items = complete(project, cursor.path, cursor.offset);
  const text = f.files[cursor.path];
  return {
    labels: items.map((i) => i.label),
    apply: (label: string, snippet = false) => {
      const item = items.find((i) => i.label === label);
      assert.ok(item, `no item ${label} among ${items.map((i) => i.label).join(', ')}`);
      return applyEdit(text, item.range, snippet ? (item.snippet ?? item.insertText) : item.insertText);
    },
  };
}

function hoverText(fixture: string): string | undefined {
  const { project, cursor } = fixtureProject(fixture);
  return hover(project, cursor.path, cursor.offset)?.markdown;
}

const GOOD = `#- /work/hiera.yaml
version: 5
defaults:
  datadir: data
  data_hash: yaml_data
hierarchy:
  - name: 'Per node'
    path: 'nodes/%{trusted.certname}.yaml'
  - name: 'Common'
    path: 'common.yaml'
#- /work/data/common.yaml
a: 1
`;

test('a good hiera.yaml has no diagnostics', () => {
  assert.deepEqual(codes(GOOD), []);
});

test('parser problems become diagnostics with the catalogue severity', () => {
  const { project } = fixtureProject(`#- /work/hiera.yaml
version: 5
defaults:
  datadir: data
  data_hash: yaml_data
hierarchy:
  - name: 'Per node'
    path: "nodes/%{lookup('x')}.yaml"
  - name: 'Per node'
    path: 'common.yaml'
    glob: '*.yaml'
  - path: x.yaml
  - name: broken
    path: 'a/%{facts.os.family.yaml'
  - name: odd
    lookup_key: yaml_data
    path: y.yaml
colour: blue
#- /work/data/common.yaml
a: 1
`);
  const diags = fileDiagnostics(project, '/work/hiera.yaml');
  const got = diags.map((d) => `${d.code}:${d.severity}`);
  for (const expected of [
    'hiera-config/function-in-path:error',
    'hiera-config/duplicate-name:error',
    'hiera-config/multiple-locations:error',
    'hiera-config/missing-name:error',
    'hiera-config/interpolation:error',
    'hiera-config/backend-kind:warning',
    'hiera-config/unknown-key:error',
  ]) {
    assert.ok(got.includes(expected), `missing ${expected} in ${got.join(', ')}`);
  }
});

test('broken YAML and a version 3 file', () => {
  assert.deepEqual(codes('#- /work/hiera.yaml\nversion: 5\nhierarchy: [unclosed\n'), ['hiera-config/yaml-syntax']);
  assert.deepEqual(codes('#- /work/hiera.yaml\n:backends: yaml\n:hierarchy:\n  - common\n'), [
    'hiera-config/version-3',
  ]);
});

test('a datadir that does not exist is reported; one that exists is not', () => {
  assert.deepEqual(
    codes(
      '#- /work/hiera.yaml\nversion: 5\ndefaults:\n  datadir: hieradata\n  data_hash: yaml_data\nhierarchy:\n  - name: c\n    path: common.yaml\n',
    ),
    ['hiera-config/missing-datadir'],
  );
  assert.deepEqual(
    codes(
      '#- /work/hiera.yaml\nversion: 5\ndefaults:\n  datadir: hieradata\n  data_hash: yaml_data\nhierarchy:\n  - name: c\n    path: common.yaml\n#- /work/hieradata/common.yaml\na: 1\n',
    ),
    [],
  );
});

test('layer rules: default_hierarchy only in a module, allowed there', () => {
  const body =
    'version: 5\nhierarchy:\n  - name: c\n    path: common.yaml\ndefault_hierarchy:\n  - name: d\n    path: defaults.yaml\n';
  assert.ok(
    codes(`#- /work/hiera.yaml\n${body}#- /work/data/x.yaml\na: 1\n`).includes(
      'hiera-config/default-hierarchy-not-in-module',
    ),
  );
  assert.deepEqual(
    codes(
      `#- /work/modules/zk/hiera.yaml\n${body}#- /work/modules/zk/metadata.json\n{}\n#- /work/modules/zk/data/common.yaml\nzk::a: 1\n`,
      '/work/modules/zk/hiera.yaml',
    ),
    [],
  );
});

test('top-level keys: the missing ones, with a value or a block', () => {
  const c = completions('#- /work/hiera.yaml\nversion: 5\n$0\n');
  assert.deepEqual(c.labels, ['defaults', 'hierarchy', 'plan_hierarchy']);
  assert.equal(
    c.apply('hierarchy', true),
    "version: 5\nhierarchy:\n  - name: '${1:Per node}'\n    path: '${2:nodes/%{trusted.certname\\}.yaml}'\n",
  );
  assert.equal(completions('#- /work/hiera.yaml\nver$0\n').apply('version'), 'version: 5\n');
});

test('keys of defaults and of a hierarchy entry, without a second location or backend', () => {
  const d = completions('#- /work/hiera.yaml\nversion: 5\ndefaults:\n  datadir: data\n  $0\n');
  assert.deepEqual(d.labels, ['data_hash', 'lookup_key', 'data_dig', 'options']);
  assert.equal(d.apply('data_hash'), 'version: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\n');
  const e = completions(
    "#- /work/hiera.yaml\nversion: 5\nhierarchy:\n  - name: 'Per node'\n    path: 'nodes/x.yaml'\n    $0\n",
  );
  assert.ok(!e.labels.includes('paths') && !e.labels.includes('name') && !e.labels.includes('glob'));
  assert.ok(e.labels.includes('datadir') && e.labels.includes('data_hash') && e.labels.includes('options'));
  const fresh = completions('#- /work/hiera.yaml\nversion: 5\nhierarchy:\n  - na$0\n');
  assert.equal(fresh.apply('name'), "version: 5\nhierarchy:\n  - name: ''\n");
});

test('backends after data_hash and lookup_key; eyaml options', () => {
  const h = completions(
    '#- /work/hiera.yaml\nversion: 5\nhierarchy:\n  - name: x\n    path: x.yaml\n    data_hash: js$0\n',
  );
  assert.deepEqual(h.labels, ['yaml_data', 'json_data', 'hocon_data']);
  assert.equal(
    h.apply('json_data'),
    'version: 5\nhierarchy:\n  - name: x\n    path: x.yaml\n    data_hash: json_data\n',
  );
  assert.deepEqual(completions('#- /work/hiera.yaml\nversion: 5\ndefaults:\n  lookup_key: $0\n').labels, [
    'eyaml_lookup_key',
  ]);
  const o = completions(
    '#- /work/hiera.yaml\nversion: 5\nhierarchy:\n  - name: secrets\n    lookup_key: eyaml_lookup_key\n    path: secrets.eyaml\n    options:\n      pkcs7_pr$0\n',
  );
  assert.ok(o.labels.includes('pkcs7_private_key'));
});

test('variables inside %{...} in paths, and no functions there', () => {
  const c = completions("#- /work/hiera.yaml\nversion: 5\nhierarchy:\n  - name: x\n    path: 'nodes/%{tr$0}.yaml'\n");
  assert.ok(c.labels.includes('trusted.certname') && c.labels.includes('facts.'));
  assert.ok(!c.labels.some((l) => l.startsWith('lookup')));
  assert.equal(
    c.apply('trusted.certname'),
    "version: 5\nhierarchy:\n  - name: x\n    path: 'nodes/%{trusted.certname}.yaml'\n",
  );
  const f = completions(
    "#- /work/hiera.yaml\nversion: 5\nhierarchy:\n  - name: x\n    paths:\n      - 'os/%{facts.o$0'\n",
  );
  assert.equal(
    f.apply('facts.os.family'),
    "version: 5\nhierarchy:\n  - name: x\n    paths:\n      - 'os/%{facts.os.family'\n",
  );
});

test('hover explains keys, backends and variables; nothing on a name value', () => {
  assert.match(
    hoverText('#- /work/hiera.yaml\nversion: 5\nhier$0archy:\n  - name: x\n') ?? '',
    /^\*\*hierarchy\*\* — The levels Hiera searches/,
  );
  assert.match(
    hoverText('#- /work/hiera.yaml\nversion: 5\nhierarchy:\n  - name: x\n    gl$0ob: "*.yaml"\n') ?? '',
    /shell pattern/,
  );
  assert.match(
    hoverText('#- /work/hiera.yaml\nversion: 5\ndefaults:\n  data_hash: yaml_d$0ata\n') ?? '',
    /Reads YAML data files/,
  );
  assert.match(
    hoverText('#- /work/hiera.yaml\nversion: 5\ndefaults:\n  lookup_key: yaml_d$0ata\n') ?? '',
    /belongs under `data_hash`/,
  );
  assert.match(
    hoverText(
      "#- /work/hiera.yaml\nversion: 5\nhierarchy:\n  - name: x\n    path: 'nodes/%{trusted.cert$0name}.yaml'\n",
    ) ?? '',
    /certificate name/,
  );
  assert.equal(hoverText('#- /work/hiera.yaml\nversion: 5\nhierarchy:\n  - name: Co$0mmon\n'), undefined);
});

test('hover on a path lists the data files it matches', () => {
  const fixture = `${GOOD}#- /work/data/nodes/a.yaml\nx: 1\n#- /work/data/nodes/b.yaml\nx: 2\n`;
  const at = (needle: string) => {
    const { project } = fixtureProject(fixture);
    const text = project.readText('/work/hiera.yaml')!;
    return hover(project, '/work/hiera.yaml', text.indexOf(needle) + 1)?.markdown ?? '';
  };
  assert.equal(
    at('nodes/%'),
    'Matches 2 data files in `data` (the variables differ per node): `nodes/a.yaml`, `nodes/b.yaml`.',
  );
  assert.equal(at('common.yaml'), 'Matches 1 data file in `data`: `common.yaml`.');
});
