// Inline suppression comments and the repo's .mesos-puppet.yaml, applied in the one diagnostics entry point
// (so the editor and `mesos-puppet check` agree): the same comment syntax in Hiera YAML, Puppet manifests and
// Puppetfiles, stale or unknown suppressions reported as notes, rule levels, ignored files, and a config that
// is invalid explained with the range of the value at fault.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { parseRepoConfig, globToRegExp } from '../../server/src/workspace/repoConfig.js';
import { fixtureProject } from '../support/project.js';

const HIERA = `#- /work/hiera.yaml
version: 5
defaults:
  datadir: data
  data_hash: yaml_data
hierarchy:
  - name: common
    path: common.yaml
`;

function codes(fixture: string, path: string): string[] {
  const { project } = fixtureProject(fixture);
  return fileDiagnostics(project, path).map(
    (d) => `${d.code}@${project.readText(path)!.slice(0, d.range.start).split('\n').length}`,
  );
}

test('without comments or config, the findings the suppression tests silence are there', () => {
  assert.deepEqual(
    codes(
      `${HIERA}#- /work/data/common.yaml\nmesos::master::nope: 1\nmesos::slave::nope: 2\n`,
      '/work/data/common.yaml',
    ),
    ['hiera/unknown-key@1', 'hiera/unknown-key@2'],
  );
});

test('YAML: disable-next-line silences the next line only; disable-line its own line', () => {
  const data = `${HIERA}#- /work/data/common.yaml
# mesos-puppet: disable-next-line hiera/unknown-key -- the site's own key
mesos::master::nope: 1
mesos::slave::nope: 2
mesos::slave::other: 3 # mesos-puppet: disable-line hiera/unknown-key
`;
  assert.deepEqual(codes(data, '/work/data/common.yaml'), ['hiera/unknown-key@3']);
});

test('YAML: disable-file silences the code everywhere in the file; several codes separated by commas', () => {
  const data = `${HIERA}#- /work/data/common.yaml
# mesos-puppet: disable-file hiera/unknown-key, hiera/leading-colons
mesos::master::nope: 1
'::mesos::master::quorum': '1'
mesos::slave::nope: 2
`;
  assert.deepEqual(codes(data, '/work/data/common.yaml'), []);
});

test('a suppression that silences nothing, or names no code, is a note on the code it names', () => {
  const data = `${HIERA}#- /work/data/common.yaml
# mesos-puppet: disable-next-line hiera/duplicate-key, hiera/no-such-rule
mesos::master::nope: 1
# mesos-puppet: disable-everything
`;
  const { project } = fixtureProject(data);
  const text = project.readText('/work/data/common.yaml')!;
  const diags = fileDiagnostics(project, '/work/data/common.yaml').map((d) => [
    d.code,
    d.severity,
    text.slice(d.range.start, d.range.end),
    d.message,
  ]);
  assert.deepEqual(diags, [
    [
      'suppression/unused',
      'information',
      'hiera/duplicate-key',
      'Nothing reports hiera/duplicate-key on the next line: remove it from this comment.',
    ],
    [
      'suppression/unknown-code',
      'information',
      'hiera/no-such-rule',
      "'hiera/no-such-rule' is not a mesos-puppet code, so this comment silences nothing: remove it (`mesos-puppet check --list-rules` lists the codes).",
    ],
    ['hiera/unknown-key', 'warning', 'mesos::master::nope', diags[2][3]],
    ['suppression/malformed', 'information', '# mesos-puppet: disable-everything', diags[3][3]],
  ]);
  assert.match(String(diags[3][3]), /write '# mesos-puppet: disable-next-line CODE'/);
});

test('Puppet manifests and Puppetfiles take the same comments', () => {
  const manifest = `#- /work/manifests/site.pp
node default {
  # mesos-puppet: disable-next-line puppet/hiera-include
  hiera_include('classes')
}
`;
  assert.deepEqual(codes(manifest, '/work/manifests/site.pp'), []);
  const unsuppressed = manifest.replace(/ {2}# mesos-puppet.*\n/, '');
  assert.deepEqual(codes(unsuppressed, '/work/manifests/site.pp'), ['puppet/hiera-include@2']);
  const puppetfile = `#- /work/Puppetfile
forge 'http://forge.puppetlabs.com' # mesos-puppet: disable-line puppetfile/http-forge
mod 'apt', :git => 'git://github.com/puppetlabs/puppetlabs-apt', :ref => '1.7.0'
`;
  assert.deepEqual(codes(puppetfile, '/work/Puppetfile'), [
    'puppetfile/missing-dependency@2',
    'puppetfile/git-protocol@2',
  ]);
});

test('a mesos-puppet: text inside a value is not a comment', () => {
  const data = `${HIERA}#- /work/data/common.yaml\nprofile::motd: 'see#mesos-puppet: disable-file hiera/unknown-key'\nmesos::master::nope: 1\n`;
  assert.deepEqual(codes(data, '/work/data/common.yaml'), ['hiera/unknown-key@2']);
});

test('.mesos-puppet.yaml: rule levels change severities, off drops a rule, ignore skips files', () => {
  const fixture = `${HIERA}#- /work/.mesos-puppet.yaml
rules:
  hiera/unknown-key: note
  hiera/leading-colons: off
ignore:
  - data/legacy/**
#- /work/data/common.yaml
mesos::master::nope: 1
'::mesos::master::quorum': '1'
#- /work/data/legacy/old.yaml
mesos::master::nope: 1
`;
  const { project } = fixtureProject(fixture);
  assert.deepEqual(
    fileDiagnostics(project, '/work/data/common.yaml').map((d) => [d.code, d.severity]),
    [
      ['hiera/unknown-key', 'information'],
      ['hiera/unknown-key', 'information'],
    ],
    'no hiera/leading-colons',
  );
  assert.deepEqual(fileDiagnostics(project, '/work/.mesos-puppet.yaml'), []);
  const { project: plain } = fixtureProject(fixture.replace(/ignore:\n {2}- data\/legacy\/\*\*\n/, ''));
  assert.equal(fileDiagnostics(plain, '/work/data/legacy/old.yaml').length, 1, 'checked without the ignore');
  assert.deepEqual(fileDiagnostics(project, '/work/data/legacy/old.yaml'), []);
});

test('an invalid .mesos-puppet.yaml is explained in our words on the value at fault, and the rest still applies', () => {
  const text = `rules:
  hiera/unknown-key: loud
  hiera/not-a-rule: off
  hiera/leading-colons: off
ignore: data/legacy
modulePaths: [/x]
mesosVersion: 1.11
`;
  const r = parseRepoConfig(text);
  const at = (p: { range: { start: number; end: number } }): string => text.slice(p.range.start, p.range.end);
  assert.deepEqual(
    r.problems.map((p) => [at(p), p.message]),
    [
      [
        'loud',
        "Invalid level for 'hiera/unknown-key': a rule is one of off, error, warning, note. Its default is kept.",
      ],
      [
        'hiera/not-a-rule',
        "Unknown rule 'hiera/not-a-rule': `mesos-puppet check --list-rules` lists the codes. It is ignored.",
      ],
      [
        'data/legacy',
        "Invalid ignore: 'ignore' is a list of globs relative to the repo root, e.g. ['data/legacy/**']. This setting is ignored.",
      ],
      [
        'modulePaths',
        "Unknown setting 'modulePaths': .mesos-puppet.yaml takes rules, ignore, modulePath, mesosVersion, facts.",
      ],
      [
        '1.11',
        "Invalid mesosVersion: 'mesosVersion' is a Mesos version such as '1.11.0' (quote it). This setting is ignored.",
      ],
    ],
  );
  assert.deepEqual([...r.config.rules], [['hiera/leading-colons', 'off']], 'the valid rules still apply');
  const ok = parseRepoConfig(text.replace('loud', 'note'));
  assert.deepEqual(
    [...ok.config.rules],
    [
      ['hiera/unknown-key', 'note'],
      ['hiera/leading-colons', 'off'],
    ],
  );
  assert.match(
    parseRepoConfig('rules: [a]\n').problems[0].message,
    /^Invalid rules: 'rules' maps diagnostic codes .* e\.g\. \{hiera\/unknown-key: note\}\. This setting is ignored\.$/,
  );
  assert.deepEqual(ok.problems.map(at), ['hiera/not-a-rule', 'data/legacy', 'modulePaths', '1.11']);
  const broken = parseRepoConfig('rules: [unclosed\n');
  assert.equal(broken.problems.length, 1);
  assert.match(broken.problems[0].message, /^\.mesos-puppet\.yaml is not valid YAML: .* The defaults are used\.$/);
  assert.deepEqual(parseRepoConfig('').problems, []);
  assert.match(parseRepoConfig('- a\n').problems[0].message, /must be a mapping/);
});

test('the config file is checked through the same entry point, as config/invalid errors', () => {
  const { project } = fixtureProject(
    `${HIERA}#- /work/.mesos-puppet.yaml\nrules:\n  hiera/unknown-key: loud\n#- /work/data/common.yaml\nmesos::master::nope: 1\n`,
  );
  assert.deepEqual(
    fileDiagnostics(project, '/work/.mesos-puppet.yaml').map((d) => [d.code, d.severity]),
    [['config/invalid', 'error']],
  );
  assert.deepEqual(
    fileDiagnostics(project, '/work/data/common.yaml').map((d) => [d.code, d.severity]),
    [['hiera/unknown-key', 'warning']],
    'the invalid level keeps the default',
  );
});

test('ignore globs: ** spans folders, * and ? stay within a name, a folder covers what is below it', () => {
  const cases: Array<[string, string, boolean]> = [
    ['data/legacy/**', 'data/legacy/a/b.yaml', true],
    ['data/legacy', 'data/legacy/a.yaml', true],
    ['**/old.yaml', 'data/nodes/old.yaml', true],
    ['**/old.yaml', 'old.yaml', true],
    ['data/*.yaml', 'data/nodes/x.yaml', false],
    ['data/*.yaml', 'data/common.yaml', true],
    ['data/node?.yaml', 'data/node1.yaml', true],
    ['data/common.yaml', 'data/common.yamlx', false],
  ];
  for (const [glob, path, expected] of cases)
    assert.equal(globToRegExp(glob).test(path), expected, `${glob} ~ ${path}`);
});
