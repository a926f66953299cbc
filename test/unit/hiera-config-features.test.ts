// hiera.yaml in the editor: diagnostics (the parser's problems with their severities, missing datadirs, layer
// rules), completion of keys per place, backends, `version` and path variables, and hover on keys, backends and
// variables. Completion is checked by the text it produces.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../../server/src/ide/completion.js';
import { hover } from '../../server/src/ide/hover.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { fixtureProject, applyEdit } from '../support/project.js';
import { checkCompletion, checkCompletionResult, checkDiagnostics } from '../support/check.js';

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
  checkDiagnostics(`#- /work/data/common.yaml
a: 1
#- /work/hiera.yaml
version: 5
defaults:
  datadir: data
  data_hash: yaml_data
hierarchy:
  - name: 'Per node'
    path: "nodes/%{lookup('x')}.yaml"
#                 ^^^^^^^^^^^^^^ error hiera-config/function-in-path: Interpolation with lookup() is not allowed in 'path'; use a variable such as %{facts.x} or %{trusted.certname}.
  - name: 'Per node'
#          ^^^^^^^^^^ error hiera-config/duplicate-name: Another hierarchy entry is already named 'Per node'; Puppet rejects the file. Rename one.
    path: 'common.yaml'
    glob: '*.yaml'
#    ^^^^ error hiera-config/multiple-locations: 'Per node' has more than one kind of location (path, glob); keep one.
  - path: x.yaml
#    ^^^^ error hiera-config/missing-name: A hierarchy entry needs a \`name\`.
  - name: broken
    path: 'a/%{facts.os.family.yaml'
#             ^^^^^^^^^^^^^^^^^^^^^^ error hiera-config/interpolation: '%{' is never closed with '}'; Puppet keeps it as literal text. (in 'path')
  - name: odd
    lookup_key: yaml_data
#                ^^^^^^^^^ warning hiera-config/backend-kind: 'yaml_data' is a data_hash function; write \`data_hash: yaml_data\`.
    path: y.yaml
colour: blue
#^^^^^^ error hiera-config/unknown-key: Unknown key 'colour' in hiera.yaml version 5; expected one of version, defaults, hierarchy, plan_hierarchy, default_hierarchy.
`);
});

test('broken YAML and a version 3 file', () => {
  checkDiagnostics(`#- /work/hiera.yaml
version: 5
hierarchy: [unclosed

#^ error hiera-config/yaml-syntax: hiera.yaml is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`);
  checkDiagnostics(`#- /work/hiera.yaml
:backends: yaml
#^^^^^^^^^ information hiera-config/version-3: This is a Hiera 3 configuration, which Puppet ignores in environments and modules; convert it to version 5.
:hierarchy:
  - common
`);
});

test('a datadir that does not exist is reported; one that exists is not', () => {
  checkDiagnostics(`#- /work/hiera.yaml
version: 5
defaults:
  datadir: hieradata
#           ^^^^^^^^^ warning hiera-config/missing-datadir: The datadir 'hieradata' does not exist (looked for /work/hieradata); create it or fix the path.
  data_hash: yaml_data
hierarchy:
  - name: c
    path: common.yaml
`);
  checkDiagnostics(`#- /work/hieradata/common.yaml
a: 1
#- /work/hiera.yaml
version: 5
defaults:
  datadir: hieradata
  data_hash: yaml_data
hierarchy:
  - name: c
    path: common.yaml
`);
});

test('layer rules: default_hierarchy only in a module, allowed there', () => {
  checkDiagnostics(`#- /work/data/x.yaml
a: 1
#- /work/hiera.yaml
version: 5
hierarchy:
  - name: c
    path: common.yaml
default_hierarchy:
#^^^^^^^^^^^^^^^^^ error hiera-config/default-hierarchy-not-in-module: 'default_hierarchy' is only allowed in a module's hiera.yaml; move these entries into 'hierarchy'.
  - name: d
    path: defaults.yaml
`);
  checkDiagnostics(
    `#- /work/modules/zk/metadata.json
{}
#- /work/modules/zk/data/common.yaml
zk::a: 1
#- /work/modules/zk/hiera.yaml
version: 5
hierarchy:
  - name: c
    path: common.yaml
default_hierarchy:
  - name: d
    path: defaults.yaml
`,
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

test('inside %{...} in hiera.yaml, the variables offered are whole names: no bare `::`', () => {
  // `%{::}` is an empty scope, which Puppet reads as an empty string: a path level that matches no node's file.
  const variables = ['facts.', 'trusted.', 'server_facts.', 'environment', 'trusted.certname'];
  checkCompletion(
    "#- /work/hiera.yaml\nversion: 5\nhierarchy:\n  - name: x\n    path: 'nodes/%{$0}.yaml'\n",
    variables,
  );
  checkCompletion("#- /work/hiera.yaml\n:hierarchy:\n  - 'nodes/%{$0}'\n", variables);
  // Typing the `::` of a top-scope fact still offers the facts under it.
  checkCompletionResult(
    "#- /work/hiera.yaml\n:hierarchy:\n  - 'nodes/%{::$0}'\n",
    '::fqdn',
    ":hierarchy:\n  - 'nodes/%{::fqdn}'\n",
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
