// The built `mesos-puppet check` as linters are used in CI: nothing to check is an error, --fail-on, --rule and
// --ignore, suppression comments and .mesos-puppet.yaml, --fix and --fix-dry-run, SARIF 2.1.0 (validated
// against the official schema) and GitHub Actions annotations.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, cpSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

function tempRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mp-ci-'));
  write(dir, files);
  return dir;
}

const PUPPETFILE =
  "mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'\nmod 'stdlib', :git => 'https://github.com/puppetlabs/puppetlabs-stdlib', :ref => '4.5.1'\n";

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
});

test('nothing to check, a missing path or a missing --module-path folder exit 2 with a message', () => {
  const empty = mkdtempSync(join(tmpdir(), 'mp-ci-empty-'));
  const r = run(['check'], empty);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    'mesos-puppet: nothing to check: . holds no Puppet manifest, Hiera data file, hiera.yaml, Puppetfile or .mesos-puppet.yaml\n',
  );
  assert.equal(r.stdout, '');
  writeFileSync(join(empty, 'notes.txt'), 'hello\n');
  const notPuppet = run(['check', 'notes.txt'], empty);
  assert.equal(notPuppet.code, 2);
  assert.match(notPuppet.stderr, /^mesos-puppet: nothing to check: notes\.txt is not a Puppet manifest/);
  const repo = tempRepo({ Puppetfile: PUPPETFILE });
  assert.equal(run(['check'], repo).code, 0);
  const missing = run(['check', 'nowhere'], repo);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nowhere: no such file or directory/);
  const modulePath = run(['check', '--module-path', 'no/modules'], repo);
  assert.equal(modulePath.code, 2);
  assert.equal(modulePath.stderr, 'mesos-puppet: --module-path no/modules: no such folder\n');
});

test('--fail-on sets the least severe problem that fails; --rule and --ignore pick codes, checked against the catalogue', () => {
  const repo = tempRepo({ Puppetfile: PUPPETFILE, 'data/common.yaml': "mesos::master::quorom: '2'\n" });
  assert.equal(run(['check'], repo).code, 0, 'a warning does not fail by default');
  assert.equal(run(['check', '--fail-on', 'warning'], repo).code, 1);
  assert.equal(run(['check', '--fail-on', 'note'], repo).code, 1);
  assert.match(
    run(['check', '--fail-on', 'info'], repo).stderr,
    /--fail-on takes error or warning or note, not 'info'/,
  );
  const all = JSON.parse(run(['check', '--format', 'json'], repo).stdout);
  assert.deepEqual(
    all.diagnostics.map((d: any) => d.code),
    ['puppetfile/missing-dependency', 'hiera/unknown-key'],
  );
  const only = JSON.parse(run(['check', '--format', 'json', '--rule', 'puppetfile/missing-dependency'], repo).stdout);
  assert.deepEqual(
    only.diagnostics.map((d: any) => d.code),
    ['puppetfile/missing-dependency'],
  );
  const without = JSON.parse(
    run(['check', '--format', 'json', '--ignore', 'hiera/unknown-key,puppetfile/missing-dependency'], repo).stdout,
  );
  assert.deepEqual(without.diagnostics, []);
  assert.equal(
    run(
      ['check', '--fail-on', 'warning', '--ignore', 'hiera/unknown-key', '--ignore', 'puppetfile/missing-dependency'],
      repo,
    ).code,
    0,
  );
  const bad = run(['check', '--rule', 'hiera/unknwn-key'], repo);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--rule hiera\/unknwn-key: no such rule \(`mesos-puppet check --list-rules` lists them\)/);
});

test('suppression comments and .mesos-puppet.yaml act in check as in the editor; an invalid config is reported with its line', () => {
  const repo = tempRepo({
    Puppetfile: "forge 'http://forge.puppetlabs.com' # mesos-puppet: disable-line puppetfile/http-forge\n" + PUPPETFILE,
    'data/common.yaml':
      "# mesos-puppet: disable-next-line hiera/unknown-key\nmesos::master::quorom: '2'\nmesos::master::nope: 1 # mesos-puppet: disable-line hiera/duplicate-key\n",
    'data/legacy/old.yaml': 'mesos::master::old: 1\n',
    '.mesos-puppet.yaml':
      'rules:\n  puppetfile/missing-dependency: off\n  hiera/unknown-key: error\nignore:\n  - data/legacy\n',
  });
  const out = JSON.parse(run(['check', '--format', 'json'], repo).stdout);
  assert.deepEqual(
    out.diagnostics.map((d: any) => [d.file, d.range.start.line + 1, d.code, d.severity]),
    [
      ['data/common.yaml', 3, 'hiera/unknown-key', 'error'],
      ['data/common.yaml', 3, 'suppression/unused', 'information'],
    ],
  );
  assert.equal(run(['check'], repo).code, 1, 'the config made the unknown key an error');
  writeFileSync(join(repo, '.mesos-puppet.yaml'), 'rules:\n  hiera/unknown-key: loud\n');
  const invalid = run(['check'], repo);
  assert.equal(invalid.code, 1);
  assert.match(
    invalid.stdout,
    /^\.mesos-puppet\.yaml:2:22: error \[config\/invalid\] Invalid level for 'hiera\/unknown-key': a rule is one of off, error, warning, note\. Its default is kept\.$/m,
  );
});

test('--fix applies the safe fixes to the checked files only, re-checks and says what it changed', () => {
  const repo = tempRepo({
    Puppetfile: "forge 'http://forge.puppetlabs.com'\n" + PUPPETFILE,
    'data/common.yaml':
      "'::mesos::master::quorum': 2\nmesos::master::options:\n  quorum: 2\nmesos::master::quorom: 1\n",
    'manifests/site.pp': "node default {\n  hiera_include('classes')\n}\n",
  });
  const puppetfileBefore = readFileSync(join(repo, 'Puppetfile'), 'utf8');
  const r = run(['check', '--fix', 'data', 'manifests'], repo);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    readFileSync(join(repo, 'data/common.yaml'), 'utf8'),
    "'mesos::master::quorum': 2\nmesos::master::options:\n  quorum: '2'\nmesos::master::quorom: 1\n",
  );
  assert.equal(
    readFileSync(join(repo, 'manifests/site.pp'), 'utf8'),
    "node default {\n  lookup('classes', Array[String], 'unique', []).include\n}\n",
  );
  assert.equal(
    readFileSync(join(repo, 'Puppetfile'), 'utf8'),
    puppetfileBefore,
    'not asked to check it, so not touched',
  );
  assert.match(r.stdout, /^data\/common\.yaml:1: fixed \[hiera\/leading-colons\] Change to 'mesos::master::quorum'$/m);
  assert.match(r.stdout, /^data\/common\.yaml:3: fixed \[mesos\/option-unquoted\] Quote the value: '2'$/m);
  assert.match(r.stdout, /^manifests\/site\.pp:2: fixed \[puppet\/hiera-include\] /m);
  assert.match(r.stdout, /^data\/common\.yaml:4:1: warning \[hiera\/unknown-key\] /m, 'a did-you-mean is not applied');
  assert.match(
    r.stdout,
    /^data\/common\.yaml:1:1: warning \[hiera\/unknown-key\] Class 'mesos::master' \(mesos v0\.5\.2\) has no parameter 'quorum'/m,
    'the fixed key is checked again',
  );
  assert.match(r.stdout, /^2 files checked: 0 errors, 2 warnings, 0 notes\. 3 problems fixed\.$/m);
  const again = run(['check', '--fix', 'data', 'manifests'], repo);
  assert.match(again.stdout, / 0 problems fixed\.$/m);
});

test('--fix-dry-run prints a unified diff that patch applies, and writes nothing', () => {
  const files = {
    Puppetfile:
      "forge 'http://forge.puppetlabs.com'\n" +
      PUPPETFILE +
      "mod 'apt', :git => 'git://github.com/puppetlabs/puppetlabs-apt', :ref => '1.7.0'\n",
  };
  const repo = tempRepo(files);
  const r = run(['check', '--fix-dry-run', '--ignore', 'puppetfile/unused-module'], repo);
  assert.equal(readFileSync(join(repo, 'Puppetfile'), 'utf8'), files.Puppetfile);
  const diff = r.stdout.slice(0, r.stdout.indexOf('Puppetfile:1: would fix'));
  assert.equal(
    diff,
    `--- a/Puppetfile
+++ b/Puppetfile
@@ -1,4 +1,4 @@
-forge 'http://forge.puppetlabs.com'
+forge 'https://forgeapi.puppet.com'
 mod 'mesos', :git => 'https://github.com/deric/puppet-mesos', :ref => 'v0.5.2'
 mod 'stdlib', :git => 'https://github.com/puppetlabs/puppetlabs-stdlib', :ref => '4.5.1'
-mod 'apt', :git => 'git://github.com/puppetlabs/puppetlabs-apt', :ref => '1.7.0'
+mod 'apt', :git => 'https://github.com/puppetlabs/puppetlabs-apt', :ref => '1.7.0'
`,
  );
  writeFileSync(join(repo, 'fix.diff'), diff);
  execFileSync('patch', ['-p1', '-i', 'fix.diff'], { cwd: repo, stdio: 'pipe' });
  assert.equal(
    run(
      ['check', '--format', 'json', '--rule', 'puppetfile/http-forge', '--rule', 'puppetfile/git-protocol'],
      repo,
    ).stdout.includes('"code"'),
    false,
    'the patched file has none left',
  );
  assert.equal(run(['check', '--fix', '--fix-dry-run'], repo).code, 2);
});

test('--format sarif is a valid SARIF 2.1.0 log: the catalogue as rules, 1-based regions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-ci-book-'));
  cpSync(join(ROOT, 'test/fixtures/workspaces/book'), dir, { recursive: true });
  writeFileSync(
    join(dir, 'data/common.yaml'),
    readFileSync(join(dir, 'data/common.yaml'), 'utf8') + "mesos::master::quorom: '2'\n",
  );
  const r = run(['check', '--format', 'sarif'], dir);
  const log: any = JSON.parse(r.stdout);
  const schema = JSON.parse(
    readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  );
  // The schema's patterns are ECMAScript without the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile<any>(schema);
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.equal(log.version, '2.1.0');
  const driver = log.runs[0].tool.driver;
  assert.equal(driver.name, 'mesos-puppet');
  assert.ok(driver.rules.length >= 60);
  const unknown = log.runs[0].results.find((x: any) => x.ruleId === 'hiera/unknown-key');
  assert.equal(driver.rules[unknown.ruleIndex].id, 'hiera/unknown-key');
  assert.equal(unknown.level, 'warning');
  const lines = readFileSync(join(dir, 'data/common.yaml'), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.startsWith('mesos::master::quorom')) + 1;
  assert.deepEqual(unknown.locations[0].physicalLocation, {
    artifactLocation: { uri: 'data/common.yaml', uriBaseId: '%SRCROOT%' },
    region: { startLine: line, startColumn: 1, endLine: line, endColumn: 22 },
  });
  const note = log.runs[0].results.find((x: any) => x.ruleId === 'puppetfile/unused-module');
  assert.equal(note?.level, 'note');
  const broken = { ...log, runs: [{ ...log.runs[0], results: [{ ...unknown, level: 'information' }] }] };
  assert.equal(validate(broken), false, 'the schema check can fail');
});

test('--format github prints workflow commands with escaped properties and messages', () => {
  const repo = tempRepo({
    Puppetfile: PUPPETFILE,
    'data/100%, done.yaml': 'a: [unclosed\n',
    'hiera.yaml':
      'version: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n  - name: x\n    path: "100%%{}, done.yaml"\n',
  });
  const r = run(['check', '--format', 'github', '--rule', 'hiera/yaml-syntax', 'data'], repo);
  assert.equal(r.code, 1);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stdout);
  assert.match(
    lines[0],
    /^::error file=data\/100%25%2C done\.yaml,line=2,col=\d+,endLine=\d+,endColumn=\d+,title=hiera\/yaml-syntax::\S/,
  );
  assert.ok(!lines[0].slice(2).includes('\n'));
  const warn = run(['check', '--format', 'github', '--rule', 'puppetfile/missing-dependency'], repo);
  assert.equal(
    warn.stdout,
    "::warning file=Puppetfile,line=1,col=1,endLine=1,endColumn=78,title=puppetfile/missing-dependency::mesos v0.5.2 needs apt (>= 1.0.0), which this Puppetfile does not install. Add it: mod 'apt' at v11.3.2.\n",
  );
  assert.ok(statSync(join(repo, 'Puppetfile')).isFile());
});

test('a YAML error that stops the cluster rules says so in the check output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-ci-broken-'));
  cpSync(join(ROOT, 'test/fixtures/workspaces/book'), dir, { recursive: true });
  writeFileSync(join(dir, 'data/common.yaml'), readFileSync(join(dir, 'data/common.yaml'), 'utf8') + 'broken: [x\n');
  const r = run(['check', 'data'], dir);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^data\/common\.yaml:\d+:1: error \[hiera\/yaml-syntax\] /m);
  assert.match(
    r.stdout,
    /^data\/common\.yaml:\d+:1: information \[hiera\/rules-stopped\] Puppet cannot look up anything for 6 nodes \(master1, master2, master3, slave1, slave2, slave3\) while this file does not parse, so the cluster rules are not checked for them: mesos\/quorum-majority, /m,
  );
});
