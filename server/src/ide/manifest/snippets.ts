// The class a new manifest should hold, as a snippet named from the file's path: in
// `site-modules/role/manifests/mesos/master.pp` that is `class role::mesos::master`, as Puppet's autoloader
// expects (a static snippet always wrote `role::mesos::master`, whatever the file). A role gets the profiles of
// the reference cluster for the two roles it knows and one `include` to fill in otherwise; a profile a parameter
// list. Indented with two spaces, as the Puppet style guide and puppet-lint want.

import type { TextRange } from '../../base/textRange.js';
import type { CompletionItem } from '../types.js';
import { expandSnippet } from '../shared/snippetText.js';

/** The profiles each role of the reference cluster includes (../docs/scenario.md's roles and profiles). */
const REFERENCE_ROLES: Readonly<Record<string, readonly string[]>> = {
  'role::mesos::master': [
    'profile::zookeeper',
    'profile::mesos::master',
    'profile::mesos::master::marathon',
    'profile::mesos::master::chronos',
  ],
  'role::mesos::slave': ['profile::mesos::slave'],
};

function body(name: string): string {
  const escaped = name.replace(/\$/g, '\\$');
  if (name.startsWith('role::')) {
    const profiles = REFERENCE_ROLES[name] ?? ['profile::${2:name}'];
    const includes = profiles.map((p) => `  include ${p}`);
    return ['# @summary ${1:What a node of this role runs.}', `class ${escaped} {`, ...includes, '  $0', '}'].join(
      '\n',
    );
  }
  if (name.startsWith('profile::')) {
    return [
      '# @summary ${1:Configures one technology stack.}',
      `class ${escaped} (`,
      "  ${2:String[1]} \\$${3:param} = ${4:'value'},",
      ') {',
      '  $0',
      '}',
    ].join('\n');
  }
  return [`class ${escaped} {`, '  $0', '}'].join('\n');
}

/**
 * The class snippet for a manifest that defines nothing yet, when the autoloader expects `expected` there and the
 * cursor is at the start of a line (typing `class`, `role`, `profile` or the name).
 */
export function classSnippetItems(expected: string, typed: string, range: TextRange): CompletionItem[] {
  const words = ['class', ...expected.split('::')];
  if (typed !== '' && !words.some((w) => w.startsWith(typed))) return [];
  const snippet = body(expected);
  return [
    {
      label: `class ${expected}`,
      kind: 'snippet',
      detail: 'the class this file should define',
      documentation: `Puppet's autoloader looks for \`${expected}\` in this file.`,
      range,
      insertText: expandSnippet(snippet).text,
      snippet,
      sortText: `0class ${expected}`,
      filterText: words.join(' '),
    },
  ];
}
