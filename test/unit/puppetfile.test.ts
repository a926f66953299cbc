// Tests of the Puppetfile syntax layer: the parser's model and ranges for every form r10k and librarian-puppet
// accept, syntax errors and the line they sit on, every problem rule triggered and not triggered, the text after
// a fix is applied, and random input that must never make the parser throw. Tables first, checks after.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LineIndex } from '../../server/src/base/lineIndex.js';
import { CODES } from '../../server/src/base/diagnosticCodes.js';
import { SYNTAX_ERRORS } from '../fixtures/puppetfile/syntaxErrors.js';
import {
  applyTextEdits,
  findPuppetfileProblems,
  firstReportedError,
  parsePuppetfile,
  PUPPETFILE_PROBLEM_CODES,
  type ModuleEntry,
  type PuppetfileModel,
  type PuppetfileValue,
} from '../../server/src/syntax/puppetfile/index.js';

const SCENARIO = readFileSync(join(__dirname, '../fixtures/puppetfile/scenario.Puppetfile'), 'utf8');

const slice = (m: PuppetfileModel, r: { start: number; end: number }): string => m.text.slice(r.start, r.end);
const lineOf = (text: string, offset: number): number => new LineIndex(text).position(offset).line + 1;

/** A module entry summarised as source slices, so that every range is checked against the text it covers. */
function summarise(m: PuppetfileModel, e: ModuleEntry): Record<string, unknown> {
  return {
    keyword: slice(m, e.keywordRange),
    name: e.name && slice(m, e.name.range),
    fullName: e.fullName,
    author: e.author,
    shortName: e.shortName,
    version: e.version && slice(m, e.version.range),
    options: e.options.map((o) => [
      slice(m, o.key.range),
      o.key.name,
      o.key.form,
      slice(m, o.value.range),
      valueOf(o.value),
    ]),
  };
}

function valueOf(v: PuppetfileValue): unknown {
  switch (v.kind) {
    case 'string':
    case 'symbol':
    case 'boolean':
      return v.value;
    case 'nil':
      return null;
    case 'number':
    case 'expression':
      return `<${v.kind} ${v.text}>`;
    case 'hash':
      return `<hash ${v.pairs.length}>`;
  }
}

describe('Puppetfile: the scenario', () => {
  const m = parsePuppetfile(SCENARIO);

  it('parses without syntax errors into seven git modules and a forge', () => {
    assert.deepEqual(m.errors, []);
    assert.deepEqual(
      m.modules.map((e) => e.fullName),
      ['apt', 'concat', 'datacat', 'java', 'mesos', 'stdlib', 'zookeeper'],
    );
    assert.equal(m.forge && m.forge.url && slice(m, m.forge.url.range), "'http://forge.puppetlabs.com'");
    assert.deepEqual(summarise(m, m.modules[4]), {
      keyword: 'mod',
      name: "'mesos'",
      fullName: 'mesos',
      author: undefined,
      shortName: 'mesos',
      version: undefined,
      options: [
        [':git', 'git', 'symbol', "'https://github.com/deric/puppet-mesos'", 'https://github.com/deric/puppet-mesos'],
        [':ref', 'ref', 'symbol', "'v0.5.2'", 'v0.5.2'],
      ],
    });
    // An entry's range runs from `mod` to the end of its last option, across the line break.
    assert.equal(
      slice(m, m.modules[0].range),
      "mod 'apt',\n  :git => 'git://github.com/puppetlabs/puppetlabs-apt.git', :ref => '1.7.0'",
    );
  });

  it('has exactly the git:// problem and the http:// forge problem', () => {
    const problems = findPuppetfileProblems(m);
    assert.deepEqual(
      problems.map((p) => [p.code, lineOf(SCENARIO, p.range.start)]),
      [
        ['puppetfile/http-forge', 1],
        ['puppetfile/git-protocol', 3],
      ],
    );
  });

  it('gives fixes that make the file clean', () => {
    const problems = findPuppetfileProblems(m);
    const fixed = applyTextEdits(
      SCENARIO,
      problems.flatMap((p) => p.fix?.edits ?? []),
    );
    assert.equal(
      fixed,
      SCENARIO.replace("'http://forge.puppetlabs.com'", "'https://forgeapi.puppet.com'").replace(
        'git://github.com/puppetlabs/puppetlabs-apt.git',
        'https://github.com/puppetlabs/puppetlabs-apt.git',
      ),
    );
    const again = parsePuppetfile(fixed);
    assert.deepEqual(again.errors, []);
    assert.deepEqual(findPuppetfileProblems(again), []);
  });
});

// Every form of declaration. `expect` lists the module entries (see `summarise`), partially: only the keys given.
const FORMS: ReadonlyArray<{
  readonly name: string;
  readonly text: string;
  readonly expect: ReadonlyArray<Record<string, unknown>>;
}> = [
  {
    name: 'author/name with a version',
    text: "mod 'puppetlabs/stdlib', '4.5.1'\n",
    expect: [
      { name: "'puppetlabs/stdlib'", author: 'puppetlabs', shortName: 'stdlib', version: "'4.5.1'", options: [] },
    ],
  },
  {
    name: 'author-name',
    text: "mod 'puppetlabs-apt', '1.7.0'",
    expect: [{ fullName: 'puppetlabs-apt', author: 'puppetlabs', shortName: 'apt', version: "'1.7.0'" }],
  },
  {
    name: 'name only, no version',
    text: "mod 'deric/mesos'\n",
    expect: [{ shortName: 'mesos', version: undefined, options: [] }],
  },
  { name: ':latest', text: "mod 'deric/zookeeper', :latest\n", expect: [{ version: ':latest' }] },
  {
    name: 'a range is recorded as the version',
    text: "mod 'puppetlabs/stdlib', '>=4.2.0'\n",
    expect: [{ version: "'>=4.2.0'" }],
  },
  {
    name: 'double quotes with escapes',
    text: 'mod "puppetlabs/apt", :git => "https://x/\\"q\\"", :ref => "a\\tb"\n',
    expect: [
      {
        fullName: 'puppetlabs/apt',
        options: [
          [':git', 'git', 'symbol', '"https://x/\\"q\\""', 'https://x/"q"'],
          [':ref', 'ref', 'symbol', '"a\\tb"', 'a\tb'],
        ],
      },
    ],
  },
  {
    name: 'single-quote escapes',
    text: "mod 'a/b', :git => 'it\\'s \\\\ \\n'\n",
    expect: [{ options: [[':git', 'git', 'symbol', "'it\\'s \\\\ \\n'", "it's \\ \\n"]] }],
  },
  {
    name: 'labels (key: value)',
    text: "mod 'apt', git: 'https://x', tag: '1.0.0'\n",
    expect: [
      {
        options: [
          ['git:', 'git', 'label', "'https://x'", 'https://x'],
          ['tag:', 'tag', 'label', "'1.0.0'", '1.0.0'],
        ],
      },
    ],
  },
  {
    name: 'quoted label',
    text: "mod 'apt', \"git\": 'https://x'\n",
    expect: [{ options: [['"git":', 'git', 'label', "'https://x'", 'https://x']] }],
  },
  {
    name: 'all git options',
    text: "mod 'apt',\n  :git => 'https://x',\n  :branch => :control_branch,\n  :default_branch => 'main',\n  :install_path => 'site',\n  :exclude_spec => true\n",
    expect: [
      {
        options: [
          [':git', 'git', 'symbol', "'https://x'", 'https://x'],
          [':branch', 'branch', 'symbol', ':control_branch', 'control_branch'],
          [':default_branch', 'default_branch', 'symbol', "'main'", 'main'],
          [':install_path', 'install_path', 'symbol', "'site'", 'site'],
          [':exclude_spec', 'exclude_spec', 'symbol', 'true', true],
        ],
      },
    ],
  },
  {
    name: ':commit',
    text: "mod 'apt', :git => 'https://x', :commit => '0123456789abcdef0123456789abcdef01234567'\n",
    expect: [
      {
        options: [
          [':git', 'git', 'symbol', "'https://x'", 'https://x'],
          [
            ':commit',
            'commit',
            'symbol',
            "'0123456789abcdef0123456789abcdef01234567'",
            '0123456789abcdef0123456789abcdef01234567',
          ],
        ],
      },
    ],
  },
  {
    name: ':local => true',
    text: "mod 'profile', :local => true\n",
    expect: [{ options: [[':local', 'local', 'symbol', 'true', true]] }],
  },
  {
    name: 'parentheses with a trailing comma',
    text: "mod('apt', :git => 'https://x', :ref => '1.0',)\n",
    expect: [
      {
        options: [
          [':git', 'git', 'symbol', "'https://x'", 'https://x'],
          [':ref', 'ref', 'symbol', "'1.0'", '1.0'],
        ],
      },
    ],
  },
  {
    name: 'parentheses over several lines',
    text: "mod(\n  'apt',\n  :git => 'https://x',\n)\n",
    expect: [{ name: "'apt'", options: [[':git', 'git', 'symbol', "'https://x'", 'https://x']] }],
  },
  {
    name: 'continuation lines after commas, comments between',
    text: "mod 'apt', # the apt module\n  # pinned\n  :git => 'https://x', # source\n  :ref => '1.7.0'\n",
    expect: [
      {
        options: [
          [':git', 'git', 'symbol', "'https://x'", 'https://x'],
          [':ref', 'ref', 'symbol', "'1.7.0'", '1.7.0'],
        ],
      },
    ],
  },
  {
    name: 'backslash continuation',
    text: "mod 'apt' \\\n  , :git => 'https://x'\n",
    expect: [{ options: [[':git', 'git', 'symbol', "'https://x'", 'https://x']] }],
  },
  {
    name: 'options in braces',
    text: "mod 'apt', { :git => 'https://x', :ref => 'v1', }\n",
    expect: [
      {
        options: [
          [':git', 'git', 'symbol', "'https://x'", 'https://x'],
          [':ref', 'ref', 'symbol', "'v1'", 'v1'],
        ],
      },
    ],
  },
  {
    name: 'hash rockets without spaces',
    text: "mod 'apt',:git=>'https://x',:ref=>'v1'\n",
    expect: [
      {
        options: [
          [':git', 'git', 'symbol', "'https://x'", 'https://x'],
          [':ref', 'ref', 'symbol', "'v1'", 'v1'],
        ],
      },
    ],
  },
  {
    name: 'string keys are kept (r10k ignores them)',
    text: "mod 'apt', 'git' => 'https://x'\n",
    expect: [{ options: [["'git'", 'git', 'string', "'https://x'", 'https://x']] }],
  },
  {
    name: 'a variable shared between entries',
    text: "base = 'https://github.com/deric'\nmod 'mesos', :git => \"#{base}/puppet-mesos\"\n",
    expect: [
      { options: [[':git', 'git', 'symbol', '"#{base}/puppet-mesos"', 'https://github.com/deric/puppet-mesos']] },
    ],
  },
  {
    name: 'semicolons and __END__',
    text: "mod 'a/b'; mod 'c/d'\n__END__\nmod 'x' 'y' ,,\n",
    expect: [{ fullName: 'a/b' }, { fullName: 'c/d' }],
  },
  { name: '=begin/=end comments', text: "=begin\nmod 'x', ,\n=end\nmod 'a/b'\n", expect: [{ fullName: 'a/b' }] },
  { name: 'a modifier if', text: "mod 'a/b', :git => 'https://x' if ENV['X']\n", expect: [{ fullName: 'a/b' }] },
  { name: 'adjacent strings join', text: "mod 'a/' 'b'\n", expect: [{ fullName: 'a/b', name: "'a/' 'b'" }] },
  {
    name: 'CRLF line ends',
    text: "forge 'https://forgeapi.puppet.com'\r\nmod 'apt',\r\n  :git => 'https://x'\r\n",
    expect: [{ options: [[':git', 'git', 'symbol', "'https://x'", 'https://x']] }],
  },
  {
    name: 'if / else blocks and block values',
    text: "if ENV['A']\n  mod 'a/b', '1.0.0'\nelsif ENV['B'] then mod 'a/c', '1.0.0'\nelse\n  mod 'a/d', '1.0.0' end\nx = if ENV['C'] then 'y' else 'z' end\n",
    expect: [{ fullName: 'a/b' }, { fullName: 'a/c' }, { fullName: 'a/d' }],
  },
  {
    name: 'several names assigned at once, constants',
    text: "a, b = 'https://x', 'v1'\nBASE = 'https://y'\nmod 'm', :git => a, :ref => b\nmod 'n', :git => BASE + '/n'\n",
    expect: [
      {
        options: [
          [':git', 'git', 'symbol', 'a', '<expression a>'],
          [':ref', 'ref', 'symbol', 'b', '<expression b>'],
        ],
      },
      { options: [[':git', 'git', 'symbol', "BASE + '/n'", "<expression BASE + '/n'>"]] },
    ],
  },
  {
    name: 'a setter symbol is one symbol',
    text: "mod 'm', :git => 'https://x', :install_path= => 'site'\n",
    expect: [
      {
        options: [
          [':git', 'git', 'symbol', "'https://x'", 'https://x'],
          [':install_path=', 'install_path=', 'symbol', "'site'", 'site'],
        ],
      },
    ],
  },
  {
    name: 'non-ASCII text keeps UTF-16 offsets',
    text: "# café ☕ 𝄞\nmod 'a/b', :git => 'https://x/é'\n",
    expect: [{ name: "'a/b'", options: [[':git', 'git', 'symbol', "'https://x/é'", 'https://x/é']] }],
  },
];

describe('Puppetfile: forms', () => {
  for (const c of FORMS) {
    it(c.name, () => {
      const m = parsePuppetfile(c.text);
      assert.deepEqual(m.errors, [], `unexpected errors in ${JSON.stringify(c.text)}`);
      assert.equal(m.modules.length, c.expect.length);
      c.expect.forEach((want, i) => {
        const got = summarise(m, m.modules[i]);
        for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k], v, `${k} of module ${i}`);
      });
    });
  }

  it('reads forge and moduledir', () => {
    const m = parsePuppetfile("forge \"https://forgeapi.puppet.com\"\nmoduledir 'thirdparty'\nmod 'a/b'\n");
    assert.deepEqual(m.errors, []);
    assert.equal(m.forge?.url && valueOf(m.forge.url), 'https://forgeapi.puppet.com');
    assert.equal(m.moduledir?.path && valueOf(m.moduledir.path), 'thirdparty');
    assert.deepEqual(
      m.statements.map((s) => s.kind),
      ['forge', 'moduledir', 'mod'],
    );
  });
});

describe('Puppetfile: syntax errors', () => {
  for (const c of SYNTAX_ERRORS) {
    it(JSON.stringify(c.text), () => {
      const m = parsePuppetfile(c.text);
      assert.ok(m.errors.length > 0, 'expected a syntax error');
      const first = firstReportedError(m);
      assert.ok(first);
      assert.equal(lineOf(c.text, first.range.start), c.line, first.message);
      assert.equal(first.stage, c.stage ?? 'parse', first.message);
      assert.ok(first.message.includes(c.says), `${first.message} should say ${c.says}`);
    });
  }

  it('keeps reading after an error and reports later ones', () => {
    const m = parsePuppetfile("mod 'a' :git\nmod 'b/c', '1.0.0'\nmod 'd' 'e' :f\nmod 'g/h'\n");
    assert.deepEqual(
      m.errors.map((e) => lineOf(m.text, e.range.start)),
      [1, 3],
    );
    // An entry is kept even when an error follows it on its line.
    assert.deepEqual(
      m.modules.map((e) => e.fullName),
      ['a', 'b/c', 'de', 'g/h'],
    );
  });
});

// Problem rules. `codes` is the list of codes expected, in order; an empty list means the rule does not fire.
const RULES: ReadonlyArray<{
  readonly name: string;
  readonly text: string;
  readonly codes: readonly string[];
  readonly fixed?: string;
}> = [
  {
    name: 'duplicate module',
    text: "mod 'puppetlabs/apt', '1.0.0'\nmod 'apt',\n  :git => 'https://x'\n",
    codes: ['puppetfile/duplicate-module'],
    fixed: "mod 'puppetlabs/apt', '1.0.0'\n",
  },
  {
    name: 'duplicate by directory name across authors',
    text: "mod 'a/b', :git => 'https://x'\nmod 'c-b', :git => 'https://y'\n",
    codes: ['puppetfile/duplicate-module'],
    fixed: "mod 'a/b', :git => 'https://x'\n",
  },
  { name: 'no duplicate for different names', text: "mod 'a/b', '1.0.0'\nmod 'a/c', '1.0.0'\n", codes: [] },
  {
    name: 'version range',
    text: "mod 'puppetlabs/stdlib', '>=4.2.0'\n",
    codes: ['puppetfile/version-range'],
    fixed: "mod 'puppetlabs/stdlib', '4.2.0'\n",
  },
  {
    name: 'pessimistic range',
    text: 'mod \'puppetlabs/stdlib\', "~> 4.2.0"\n',
    codes: ['puppetfile/version-range'],
    fixed: 'mod \'puppetlabs/stdlib\', "4.2.0"\n',
  },
  { name: 'two-part version', text: "mod 'puppetlabs/stdlib', '4.2'\n", codes: ['puppetfile/version-range'] },
  {
    name: 'git:// as a :source of :type git',
    text: "mod 'apt', :type => 'git', :source => 'git://github.com/x/apt', :version => 'main'\n",
    codes: ['puppetfile/git-protocol'],
    fixed: "mod 'apt', :type => 'git', :source => 'https://github.com/x/apt', :version => 'main'\n",
  },
  {
    name: 'unknown version symbol',
    text: "mod 'puppetlabs/stdlib', :newest\n",
    codes: ['puppetfile/version-range'],
    fixed: "mod 'puppetlabs/stdlib', :latest\n",
  },
  {
    name: 'exact versions are fine',
    text: "mod 'puppetlabs/stdlib', '4.25.1'\nmod 'puppetlabs/apt', '2.0.0-rc1'\nmod 'puppetlabs/concat', :latest\nmod 'puppetlabs/java', nil\n",
    codes: [],
  },
  { name: 'a git ref is not a Forge version', text: "mod 'mesos', :git => 'https://x', :ref => '>=1'\n", codes: [] },
  {
    name: 'git:// at GitHub',
    text: "mod 'apt', :git => 'git://github.com/puppetlabs/puppetlabs-apt.git'\n",
    codes: ['puppetfile/git-protocol'],
    fixed: "mod 'apt', :git => 'https://github.com/puppetlabs/puppetlabs-apt.git'\n",
  },
  {
    name: 'git:// as a label, double quotes',
    text: 'mod "apt", git: "git://example.org/apt.git"\n',
    codes: ['puppetfile/git-protocol'],
    fixed: 'mod "apt", git: "https://example.org/apt.git"\n',
  },
  {
    name: 'https and ssh sources are fine',
    text: "mod 'apt', :git => 'https://github.com/x/y'\nmod 'b', :git => 'git@github.com:x/b.git'\n",
    codes: [],
  },
  {
    name: 'http forge',
    text: "forge 'http://forge.puppetlabs.com'\n",
    codes: ['puppetfile/http-forge'],
    fixed: "forge 'https://forgeapi.puppet.com'\n",
  },
  {
    name: 'http private forge',
    text: 'forge "http://forge.example.org/"\n',
    codes: ['puppetfile/http-forge'],
    fixed: 'forge "https://forge.example.org/"\n',
  },
  { name: 'https forge is fine', text: "forge 'https://forgeapi.puppet.com'\n", codes: [] },
  {
    name: 'two refs',
    text: "mod 'apt', :git => 'https://x', :ref => '1.0', :tag => '1.0'\n",
    codes: ['puppetfile/conflicting-refs'],
  },
  {
    name: 'branch and commit',
    text: "mod 'apt', git: 'https://x', branch: 'main', commit: 'abc'\n",
    codes: ['puppetfile/conflicting-refs'],
  },
  {
    name: 'one ref and a default branch',
    text: "mod 'apt', :git => 'https://x', :branch => 'main', :default_branch => 'main'\n",
    codes: [],
  },
  {
    name: 'unknown option, a typo',
    text: "mod 'apt', :git => 'https://x', :brnch => 'main'\n",
    codes: ['puppetfile/unknown-option'],
    fixed: "mod 'apt', :git => 'https://x', :branch => 'main'\n",
  },
  {
    name: 'unknown option as a label',
    text: "mod 'apt', git: 'https://x', tga: 'v1'\n",
    codes: ['puppetfile/unknown-option'],
    fixed: "mod 'apt', git: 'https://x', tag: 'v1'\n",
  },
  {
    name: 'unknown option, no suggestion',
    text: "mod 'apt', :git => 'https://x', :frobnicate => true\n",
    codes: ['puppetfile/unknown-option'],
  },
  {
    name: 'librarian-puppet :path',
    text: "mod 'apt', :local => true, :path => 'site/apt'\n",
    codes: ['puppetfile/unknown-option'],
  },
  {
    name: 'string key',
    text: "mod 'apt', :git => 'https://x', 'ref' => 'v1'\n",
    codes: ['puppetfile/unknown-option'],
    fixed: "mod 'apt', :git => 'https://x', :ref => 'v1'\n",
  },
  {
    name: 'every known option is fine',
    text: "mod 'apt', :git => 'https://x', :ref => 'v1', :install_path => 'x', :default_branch => 'main', :default_branch_override => 'b', :exclude_spec => false\n",
    codes: [],
  },
  { name: 'Forge module without author', text: "mod 'stdlib', '4.5.1'\n", codes: ['puppetfile/module-name'] },
  { name: 'git module without author is fine', text: "mod 'stdlib', :git => 'https://x'\n", codes: [] },
  { name: 'malformed name', text: "mod 'puppet-labs-apt', :git => 'https://x'\n", codes: ['puppetfile/module-name'] },
  {
    name: 'options without a source',
    text: "mod 'puppetlabs/apt', :ref => '1.0.0'\n",
    codes: ['puppetfile/no-source'],
  },
  { name: ':local => false is no source', text: "mod 'apt', :local => false\n", codes: ['puppetfile/no-source'] },
  {
    name: 'a :type is a source',
    text: "mod 'puppetlabs/apt', :type => 'forge', :version => '1.0.0'\nmod 'b', :type => :git, :source => 'https://x', :version => 'main'\n",
    codes: [],
  },
  {
    name: 'a :type forge with a range',
    text: "mod 'puppetlabs/apt', :type => 'forge', :version => '>= 1.0.0'\n",
    codes: ['puppetfile/version-range'],
  },
];

describe('Puppetfile: code under conditions', () => {
  it('marks entries and evaluation errors under a condition, and keeps if/else branches apart', () => {
    const text = [
      "mod 'puppetlabs/stdlib', '4.5.1'",
      "if ENV['GIT']",
      "  mod 'mesos', :git => 'https://x'",
      'else',
      "  mod 'deric/mesos', '0.5.2'",
      "  mod 'unknown', :frob => 1 if ENV['X']",
      'end',
      "mod 'puppetlabs/apt', '>=1.0.0' unless ENV['NO_APT']",
      "mod 'other/stdlib', '1.0.0' if ENV['Y']",
      '',
    ].join('\n');
    const m = parsePuppetfile(text);
    assert.deepEqual(m.errors, []);
    assert.deepEqual(
      m.modules.map((e) => [e.fullName, e.conditional, e.branches.length]),
      [
        ['puppetlabs/stdlib', false, 0],
        ['mesos', true, 1],
        ['deric/mesos', true, 1],
        ['unknown', true, 1],
        ['puppetlabs/apt', true, 0],
        ['other/stdlib', true, 0],
      ],
    );
    const problems = findPuppetfileProblems(m);
    assert.deepEqual(
      problems.map((p) => [p.code, lineOf(text, p.range.start), p.conditional ?? false]),
      [
        ['puppetfile/no-source', 6, true],
        ['puppetfile/unknown-option', 6, true],
        ['puppetfile/version-range', 8, true],
        ['puppetfile/duplicate-module', 9, true],
      ],
    );
    const evaluation = parsePuppetfile("if ENV['X']\n  foo 'bar'\nend\n");
    assert.equal(evaluation.errors.length, 1);
    assert.equal(evaluation.errors[0].conditional, true);
    assert.equal(firstReportedError(evaluation), undefined, 'r10k may never run it');
  });
});

describe('Puppetfile: Ruby that r10k runs (loops, def, variables, interpolation)', () => {
  const summary = (text: string): unknown[] =>
    parsePuppetfile(text).modules.map((e) => [
      e.fullName ?? `(${e.name?.kind})`,
      e.version === undefined ? null : 'value' in e.version ? e.version.value : `(${e.version.kind})`,
      Object.fromEntries(e.options.map((o) => [o.key.name, 'value' in o.value ? o.value.value : `(${o.value.kind})`])),
      e.conditional,
    ]);

  it('evaluates each over %w[], an Array and a Hash, in place or in a variable, do...end or braces', () => {
    const text = [
      "base = 'https://github.com/example'",
      '%w[mesos zookeeper].each do |m|',
      '  mod "example/#{m}", :git => "#{base}/#{m}.git", :ref => \'main\'',
      'end',
      "pins = { 'puppetlabs/apt' => '9.1.0', 'puppetlabs/stdlib' => '9.4.1' }",
      'pins.each { |name, version| mod name, version }',
      "['java', 'ntp'].each { |x|",
      '  mod "puppetlabs-#{x}"',
      '}',
      '%i[concat].each do |s| mod "puppetlabs/#{s}" end',
      '',
    ].join('\n');
    const m = parsePuppetfile(text);
    assert.deepEqual(m.errors, []);
    assert.deepEqual(summary(text), [
      ['example/mesos', null, { git: 'https://github.com/example/mesos.git', ref: 'main' }, false],
      ['example/zookeeper', null, { git: 'https://github.com/example/zookeeper.git', ref: 'main' }, false],
      ['puppetlabs/apt', '9.1.0', {}, false],
      ['puppetlabs/stdlib', '9.4.1', {}, false],
      ['puppetlabs-java', null, {}, false],
      ['puppetlabs-ntp', null, {}, false],
      ['puppetlabs/concat', null, {}, false],
    ]);
    // A value that comes from a literal keeps the literal's range, so a fix edits the literal; a computed one
    // is marked and is not edited.
    const apt = m.modules[2];
    assert.equal(text.slice(apt.version!.range.start, apt.version!.range.end), "'9.1.0'");
    const url = m.modules[0].options[0].value;
    assert.ok(url.kind === 'string' && url.computed === true);
  });

  it('finds what r10k would refuse in what a loop makes: a duplicate, a version range', () => {
    const text =
      "%w[apt apt].each do |m|\n  mod \"puppetlabs/#{m}\", '9.1.0'\nend\n{ 'puppetlabs/ntp' => '>= 1.0.0' }.each { |n, v| mod n, v }\n";
    const problems = findPuppetfileProblems(parsePuppetfile(text));
    // The duplicate has no fix: removing the loop's body line would remove both.
    assert.deepEqual(
      problems.map((p) => [
        p.code,
        lineOf(text, p.range.start),
        p.fix?.edits.map((e) => `${text.slice(e.range.start, e.range.end)} -> ${e.newText}`),
      ]),
      [
        ['puppetfile/duplicate-module', 2, undefined],
        ['puppetfile/version-range', 4, ["'>= 1.0.0' -> '1.0.0'"]],
      ],
    );
  });

  it('reads def helpers, calls to them and variables without false errors, and stays silent on what it cannot evaluate', () => {
    const text = [
      'def gh(name, ref = "main")',
      '  mod name, :git => "https://github.com/example/#{name}.git", :ref => ref',
      'end',
      "gh 'mesos', 'v1.1.0'",
      "version = '9.4.1'",
      "mod 'puppetlabs/stdlib', version",
      "list = ENV['MODS'].to_s.split(',')",
      'list.each { |x| mod x }',
      "if ENV['X']",
      "  mod 'puppetlabs/apt'",
      'end',
      'x = 10 % 3',
      '',
    ].join('\n');
    const m = parsePuppetfile(text);
    assert.deepEqual(m.errors, []);
    assert.deepEqual(summary(text), [
      ['(expression)', null, { git: 'https://github.com/example/#{name}.git', ref: '(expression)' }, true],
      ['puppetlabs/stdlib', '9.4.1', {}, false],
      ['(expression)', null, {}, true],
      ['puppetlabs/apt', null, {}, true],
    ]);
    assert.deepEqual(
      findPuppetfileProblems(m).filter((p) => !p.conditional),
      [],
    );
  });

  it('still reports what r10k refuses around the Ruby', () => {
    assert.match(
      parsePuppetfile('%w[a b].each do |m|\n  mod "x/#{m}"\n').errors[0].message,
      /The 'do' on line 1 has no 'end'/,
    );
    assert.match(parsePuppetfile("%w[a b\nmod 'x'\n").errors[0].message, /word list .* is never closed/);
    assert.match(parsePuppetfile("[1].each { |m| mod 'x'\n").errors[0].message, /expected '}'/);
    const unknown = parsePuppetfile("foo 'bar'\ndef foo(x)\nend\n");
    assert.match(
      firstReportedError(unknown)!.message,
      /Unrecognized declaration 'foo'/,
      'calling a helper before its def fails in Ruby too',
    );
  });

  it('bounds the evaluation: a loop of loops reads at most a fixed number of bodies, and still answers', () => {
    const words = Array.from({ length: 300 }, (_, i) => `m${i}`).join(' ');
    const text = `%w[${words}].each do |a|\n  %w[${words}].each do |b|\n    mod "x/#{a}#{b}"\n  end\nend\n`;
    const m = parsePuppetfile(text);
    assert.deepEqual(m.errors, []);
    assert.ok(m.modules.length <= 2000, `${m.modules.length} entries`);
    // Twenty nested loops of two: 2^20 bodies if read in full; the budget leaves the deep ones unevaluated.
    let nested = 'mod "x/#{v19}"\n';
    for (let i = 19; i >= 0; i--) nested = `%w[a b].each do |v${i}|\n${nested}end\n`;
    const deep = parsePuppetfile(nested);
    assert.deepEqual(deep.errors, []);
    assert.ok(deep.modules.length >= 1 && deep.modules.length <= 2000, `${deep.modules.length} entries`);
  });
});

describe('Puppetfile: problem rules', () => {
  for (const c of RULES) {
    it(c.name, () => {
      const m = parsePuppetfile(c.text);
      assert.deepEqual(m.errors, []);
      const problems = findPuppetfileProblems(m);
      assert.deepEqual(
        problems.map((p) => p.code),
        c.codes,
      );
      for (const p of problems) {
        assert.ok(p.message.length > 20 && /[:.]/.test(p.message), `message says what to do: ${p.message}`);
        assert.ok(p.range.start >= 0 && p.range.end <= c.text.length && p.range.start <= p.range.end);
      }
      if (c.fixed !== undefined) {
        const fix = problems[0].fix;
        assert.ok(fix, 'a fix is offered');
        assert.equal(applyTextEdits(c.text, fix.edits), c.fixed);
      }
    });
  }

  it('uses only catalogued codes of this layer, and exercises each of them', () => {
    const seen = new Set(RULES.flatMap((r) => r.codes));
    for (const code of seen) assert.ok((PUPPETFILE_PROBLEM_CODES as readonly string[]).includes(code), code);
    for (const code of PUPPETFILE_PROBLEM_CODES) {
      assert.ok(code in CODES, `${code} is in the catalogue`);
      assert.ok(seen.has(code), `${code} has a test`);
    }
  });
});

// A seeded generator (mulberry32), so that a failure can be reproduced from the seed.
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Puppetfile: junk never throws', () => {
  const PIECES = [
    'mod',
    'forge',
    'moduledir',
    ' ',
    '\n',
    '\r\n',
    ',',
    "'",
    '"',
    ':',
    '=>',
    '=',
    '(',
    ')',
    '{',
    '}',
    '[',
    ']',
    '#',
    '\\',
    ':git',
    'git:',
    ':ref',
    "'a/b'",
    '"x#{y}"',
    '#{',
    '=begin',
    '=end',
    '__END__',
    'if',
    'end',
    'def',
    '.',
    '-',
    '>',
    '1.2',
    'true',
    'nil',
    '@x',
    '$',
    '\t',
    'é',
    '\u{1d11e}',
    '\0',
    ';',
    '?',
    '%',
    '->',
  ];

  it('survives 3,000 random inputs with ranges inside the text', () => {
    const next = random(20260301);
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = Math.floor(next() * 40);
      for (let i = 0; i < length; i++) text += PIECES[Math.floor(next() * PIECES.length)];
      const m = parsePuppetfile(text);
      for (const e of m.errors) {
        assert.ok(!e.message.includes('parser failed'), `${JSON.stringify(text)}: ${e.message}`);
        assert.ok(e.range.start >= 0 && e.range.end <= text.length, JSON.stringify(text));
      }
      const problems = findPuppetfileProblems(m);
      for (const p of problems) for (const e of p.fix?.edits ?? []) assert.ok(e.range.end <= text.length);
    }
  });

  it('survives mutations of the scenario', () => {
    const next = random(7);
    for (let n = 0; n < 1000; n++) {
      const at = Math.floor(next() * SCENARIO.length);
      const text =
        SCENARIO.slice(0, at) +
        PIECES[Math.floor(next() * PIECES.length)] +
        SCENARIO.slice(at + Math.floor(next() * 3));
      const m = parsePuppetfile(text);
      assert.ok(
        m.errors.every((e) => !e.message.includes('parser failed')),
        JSON.stringify(text),
      );
      findPuppetfileProblems(m);
    }
  });

  it('reads large and deeply nested input without overflowing the stack (timings: npm run bench)', () => {
    const big = SCENARIO.repeat(2000);
    const m = parsePuppetfile(big);
    assert.equal(m.modules.length, 14000);
    const deep = parsePuppetfile(`mod 'a', :git => ${'['.repeat(100000)}`);
    assert.ok(deep.errors.length > 0 && !deep.errors[0].message.includes('parser failed'), deep.errors[0]?.message);
    for (const pathological of [
      `x = ${"'a' + ".repeat(50000)}'a'\n`,
      `x = ${'!'.repeat(100000)}true\n`,
      `x = a${'.b'.repeat(50000)}\n`,
      `mod ${'a '.repeat(50000)}'x'\n`,
      `${'if x\n'.repeat(20000)}`,
      `x = ${'('.repeat(50000)}`,
      `mod 'a', :git => "${'#{'.repeat(20000)}"\n`,
      `x = "${'#{"'.repeat(20000)}\n`,
      `x = ${'{a: '.repeat(20000)}\n`,
    ]) {
      const p = parsePuppetfile(pathological);
      assert.ok(
        p.errors.every((e) => !e.message.includes('parser failed')),
        p.errors[0]?.message,
      );
    }
    const unclosed = parsePuppetfile(`mod '${'x'.repeat(200000)}`);
    assert.equal(unclosed.errors.length, 1);
    findPuppetfileProblems(parsePuppetfile("mod 'a/b', '1.0.0'\n".repeat(20000)));
  });
});
