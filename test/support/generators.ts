// Grammar-based generators of Puppet manifests, Hiera data files and Puppetfiles for the fuzzers and the soak
// test. They aim for text that is mostly valid (so the deep parts of the parsers are reached) with a small
// chance of a broken production at every level (so recovery is exercised too).

import type { Rng } from './random.js';

export const PUPPET_TOKENS = [
  'class',
  'define',
  'node',
  'if',
  'elsif',
  'else',
  'unless',
  'case',
  'default',
  'include',
  'contain',
  'require',
  'inherits',
  'function',
  'type',
  'plan',
  'application',
  'site',
  'and',
  'or',
  'in',
  'undef',
  'true',
  'false',
  '=>',
  '->',
  '~>',
  '<-',
  '<~',
  '+>',
  '==',
  '!=',
  '=~',
  '!~',
  '<<|',
  '|>>',
  '<|',
  '|>',
  '::',
  '$::',
  '${',
  '@@',
  '@(END)',
  '@("END"/L)',
  '\nEND\n',
  '|-',
  '/re[gx]/',
  '0x1F',
  '1e3',
  '"${x}"',
  "'a\\'b'",
  'Integer[1,2]',
  'Optional[String]',
  '$facts',
  '.each |$x| {',
  '?',
  'notify',
];

export const YAML_TOKENS = [
  ': ',
  '- ',
  '? ',
  '&a ',
  '*a',
  '!!str ',
  '!ruby/object ',
  '|',
  '>-',
  '---',
  '...',
  '%{',
  '%{hiera("x")}',
  "%{lookup('k')}",
  '}',
  '{',
  '[',
  ']',
  ', ',
  '"',
  "'",
  '#',
  '\n  ',
  '\t',
  'mesos::',
  'zookeeper::',
  '::',
  '~',
  'null',
  'true',
  '0o17',
  '.inf',
  '<<: *a',
];

export const PUPPETFILE_TOKENS = [
  'mod',
  'forge',
  'moduledir',
  ':git',
  ':ref',
  ':tag',
  ':branch',
  ':commit',
  ':latest',
  ':local',
  ':install_path',
  '=>',
  'git:',
  "'puppetlabs-stdlib'",
  "'9.4.1'",
  '"#{x}"',
  ',',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '#',
  '\n',
  'https://github.com/x/y.git',
  'nil',
];

const CLASSES = ['mesos', 'mesos::master', 'mesos::slave', 'zookeeper', 'profile::base', 'role::web', 'apt', 'stdlib'];
const PARAMS = ['zookeeper', 'master', 'options', 'id', 'servers', 'ensure', 'version', 'port', 'work_dir', 'env_var'];
const TYPES = [
  'String',
  'Integer',
  'Boolean',
  'Array[String]',
  'Hash[String, Data]',
  'Optional[Integer[0, 10]]',
  'Variant[String, Undef]',
  'Enum[a, b]',
];

function ident(r: Rng): string {
  return r.pick(PARAMS) + (r.chance(0.3) ? String(r.int(100)) : '');
}

function puppetString(r: Rng): string {
  switch (r.int(5)) {
    case 0:
      return `'${r.pick(['plain', "it\\'s", 'a\\\\b', ''])}'`;
    case 1:
      return `"x \${${ident(r)}} y \\n"`;
    case 2:
      return `"\${facts['os']['family']}-\${${ident(r)}.upcase}"`;
    case 3:
      return `@("EOT"/L)\n  text \${${ident(r)}}\n  more\n  | EOT\n`;
    default:
      return `"${r.pick(['', 'é', '😀', '$notavar', '%{hiera}'])}"`;
  }
}

function puppetExpr(r: Rng, depth: number): string {
  if (depth <= 0)
    return r.pick([
      '1',
      '0x10',
      '3.14',
      'true',
      'undef',
      'default',
      `$${ident(r)}`,
      puppetString(r),
      'present',
      '/^a.*$/',
    ]);
  switch (r.int(12)) {
    case 0:
      return `[${Array.from({ length: r.int(4) }, () => puppetExpr(r, depth - 1)).join(', ')}${r.chance(0.2) ? ',' : ''}]`;
    case 1:
      return `{${Array.from({ length: r.int(4) }, () => `${puppetString(r)} => ${puppetExpr(r, depth - 1)}`).join(', ')}}`;
    case 2:
      return `${puppetExpr(r, depth - 1)} ${r.pick(['+', '-', '*', '/', '%', '==', '!=', '=~', 'and', 'or', 'in', '<<', '>'])} ${puppetExpr(r, depth - 1)}`;
    case 3:
      return `${r.pick(['!', '-'])}${puppetExpr(r, depth - 1)}`;
    case 4:
      return `(${puppetExpr(r, depth - 1)})`;
    case 5:
      return `$${ident(r)} ? { ${puppetExpr(r, 0)} => ${puppetExpr(r, depth - 1)}, default => ${puppetExpr(r, 0)} }`;
    case 6:
      return `${r.pick(['lookup', 'sprintf', 'join', 'fail'])}(${puppetExpr(r, depth - 1)})`;
    case 7:
      return `$${ident(r)}.${r.pick(['map', 'each', 'filter'])} |$x| { ${puppetExpr(r, depth - 1)} }`;
    case 8:
      return `$${ident(r)}[${puppetExpr(r, 0)}]`;
    case 9:
      return r.pick(TYPES);
    case 10:
      return `${puppetExpr(r, depth - 1)} =~ ${r.pick(TYPES)}`;
    default:
      return puppetString(r);
  }
}

function resource(r: Rng, depth: number): string {
  const attrs = Array.from({ length: r.int(4) }, () => `  ${ident(r)} => ${puppetExpr(r, depth - 1)},`).join('\n');
  const type = r.pick(['file', 'package', 'service', 'exec', 'Class', 'mesos::property', 'notify']);
  const title = type === 'Class' ? `'${r.pick(CLASSES)}'` : puppetString(r);
  return `${r.chance(0.1) ? '@@' : ''}${type} { ${title}:\n${attrs}\n}`;
}

function statement(r: Rng, depth: number): string {
  if (depth <= 0) return `$${ident(r)} = ${puppetExpr(r, 1)}`;
  switch (r.int(10)) {
    case 0:
      return resource(r, depth);
    case 1:
      return `if ${puppetExpr(r, 1)} {\n${body(r, depth - 1)}\n} ${r.chance(0.5) ? `elsif ${puppetExpr(r, 1)} {\n${body(r, depth - 1)}\n} ` : ''}else {\n${body(r, depth - 1)}\n}`;
    case 2:
      return `unless ${puppetExpr(r, 1)} { ${body(r, depth - 1)} }`;
    case 3:
      return `case $${ident(r)} {\n  ${puppetExpr(r, 0)}, ${puppetExpr(r, 0)}: { ${body(r, depth - 1)} }\n  default: {}\n}`;
    case 4:
      return `${r.pick(['include', 'contain', 'require'])} ${r.pick(CLASSES)}`;
    case 5:
      return `Package['${ident(r)}'] ${r.pick(['->', '~>'])} Service['${ident(r)}']`;
    case 6:
      return `${r.pick(['File', 'Package'])} <| ${ident(r)} == ${puppetExpr(r, 0)} |>${r.chance(0.5) ? ` { ${ident(r)} => 1 }` : ''}`;
    case 7:
      return `# ${r.pick(['comment', 'TODO', '@param x doc'])}\n$${ident(r)} = ${puppetExpr(r, depth)}`;
    case 8:
      return `${r.pick(['notice', 'warning', 'realize'])}(${puppetExpr(r, depth - 1)})`;
    default:
      return `$${ident(r)} = ${puppetExpr(r, depth)}`;
  }
}

function body(r: Rng, depth: number): string {
  return Array.from({ length: r.int(4) }, () => statement(r, depth)).join('\n');
}

function paramList(r: Rng): string {
  return Array.from(
    { length: r.int(5) },
    () => `  ${r.chance(0.7) ? `${r.pick(TYPES)} ` : ''}$${ident(r)}${r.chance(0.6) ? ` = ${puppetExpr(r, 1)}` : ''},`,
  ).join('\n');
}

/** A manifest: definitions, node blocks and top-level statements, sometimes with one production broken. */
export function genPuppet(r: Rng, depth = 3): string {
  const parts: string[] = [];
  for (let i = 0, n = r.range(1, 4); i < n; i++) {
    switch (r.int(5)) {
      case 0:
        parts.push(
          `# @summary generated\n# @param x a parameter\nclass ${r.pick(CLASSES)} (\n${paramList(r)}\n)${r.chance(0.2) ? ' inherits mesos::params' : ''} {\n${body(r, depth)}\n}`,
        );
        break;
      case 1:
        parts.push(`define ${r.pick(CLASSES)}::thing (\n${paramList(r)}\n) {\n${body(r, depth)}\n}`);
        break;
      case 2:
        parts.push(`node ${r.pick(["'master1.example.com'", '/^slave\\d+/', 'default'])} {\n${body(r, depth)}\n}`);
        break;
      case 3:
        parts.push(`function ${r.pick(CLASSES)}::f(${r.pick(TYPES)} $x) >> ${r.pick(TYPES)} {\n${body(r, depth)}\n}`);
        break;
      default:
        parts.push(body(r, depth));
    }
  }
  let text = parts.join('\n\n') + '\n';
  if (r.chance(0.3)) {
    // Break one production: drop a closing delimiter or insert a stray one.
    const at = r.int(text.length);
    text = r.chance(0.5)
      ? text.slice(0, at) + r.pick(['}', ')', ']', '{', '=>', ',', '"']) + text.slice(at)
      : text.replace(/[}\])]/, '');
  }
  return text;
}

const HIERA_KEYS = [
  'mesos::zookeeper',
  'mesos::master',
  'mesos::master::options',
  'mesos::slave::attributes',
  'mesos::version',
  'mesos::zookeepr',
  'zookeeper::id',
  'zookeeper::servers',
  'zookeeper::client_port',
  'classes',
  'lookup_options',
  'profile::base::ntp',
  'apt::purge',
];

function yamlScalar(r: Rng): string {
  return r.pick([
    "'zk://a:2181,b:2181/mesos'",
    '"%{trusted.certname}"',
    '%{facts.fqdn}',
    '1',
    "'2'",
    'true',
    'yes',
    '~',
    '',
    '0x1f',
    '3.5',
    '"%{lookup(\'mesos::zookeeper\')}"',
    '\'%{alias("x")}\'',
    '"unterminated %{',
    '"é😀"',
    '>-\n    folded\n    text',
    '|\n    literal\n',
  ]);
}

function yamlValue(r: Rng, depth: number, indent: string): string {
  if (depth <= 0) return yamlScalar(r);
  switch (r.int(6)) {
    case 0:
      return `\n${Array.from({ length: r.range(1, 3) }, () => `${indent}  - ${yamlValue(r, 0, `${indent}  `)}`).join('\n')}`;
    case 1:
      return `\n${Array.from({ length: r.range(1, 3) }, () => `${indent}  ${r.pick(PARAMS)}: ${yamlValue(r, depth - 1, `${indent}  `)}`).join('\n')}`;
    case 2:
      return `[${Array.from({ length: r.int(4) }, () => yamlScalar(r).replace(/\n[\s\S]*/, '')).join(', ')}]`;
    case 3:
      return `{${Array.from({ length: r.int(3) }, () => `${r.pick(PARAMS)}: ${r.int(9)}`).join(', ')}}`;
    default:
      return yamlScalar(r);
  }
}

/** A Hiera data file: known and misspelt module keys, nested values, anchors and aliases, interpolations. */
export function genHiera(r: Rng, depth = 2): string {
  const lines: string[] = [r.pick(['---', '', '# data', '--- !ruby/hash'])];
  let anchored = false;
  for (let i = 0, n = r.range(0, 12); i < n; i++) {
    const key = r.pick(HIERA_KEYS);
    if (!anchored && r.chance(0.15)) {
      lines.push(`${key}: &anchor ${yamlValue(r, depth, '')}`);
      anchored = true;
    } else if (anchored && r.chance(0.2)) lines.push(`${key}: *anchor`);
    else if (r.chance(0.05)) lines.push(`? ${key}\n: ${yamlScalar(r)}`);
    else lines.push(`${r.chance(0.2) ? `"${key}"` : key}: ${yamlValue(r, depth, '')}`);
  }
  return lines.join('\n') + (r.chance(0.8) ? '\n' : '');
}

/** A Puppetfile: forge and moduledir lines, modules in every spelling r10k accepts and some it rejects. */
export function genPuppetfile(r: Rng): string {
  const lines: string[] = [];
  if (r.chance(0.7))
    lines.push(`forge ${r.pick(["'https://forge.puppet.com'", '"https://forgeapi.puppetlabs.com"', 'nil'])}`);
  if (r.chance(0.2)) lines.push(`moduledir '${r.pick(['modules', 'site', '/abs'])}'`);
  for (let i = 0, n = r.range(0, 10); i < n; i++) {
    const name = r.pick([
      'puppetlabs-stdlib',
      'puppetlabs/apt',
      'deric-mesos',
      'zookeeper',
      'deric-zookeeper',
      'Bad_Name',
      'a-b-c',
    ]);
    switch (r.int(7)) {
      case 0:
        lines.push(`mod '${name}'`);
        break;
      case 1:
        lines.push(`mod '${name}', '${r.pick(['9.4.1', '1.0', 'latest', ':latest', '>= 1.0 < 2.0'])}'`);
        break;
      case 2:
        lines.push(
          `mod '${name}',\n  :git => '${r.pick(['https://github.com/deric/puppet-mesos', 'git@github.com:x/y.git'])}',\n  :${r.pick(['ref', 'tag', 'branch', 'commit'])} => '${r.pick(['v0.5.2', 'master', 'abc123'])}'`,
        );
        break;
      case 3:
        lines.push(`mod '${name}', git: 'https://example.com/x.git', ref: "#{ENV['REF']}"`);
        break;
      case 4:
        lines.push(`mod('${name}', :local => true)`);
        break;
      case 5:
        lines.push(`mod '${name}', :latest # comment`);
        break;
      default:
        lines.push(`mod "${name}", {:git => 'https://x/y', :install_path => 'site'}`);
    }
  }
  return lines.join(r.pick(['\n', '\r\n', '\n\n'])) + '\n';
}
