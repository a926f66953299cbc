// The node preview's evaluator against real Puppet on every file a catalog declares, not only the previewed
// folders: Debian's packaged modules (apt 9 with its EPP templates, zookeeper 0.8.4, stdlib, archive), a
// standard 3-master Hiera set and an apt source, compiled by `puppet catalog compile` with YAML facts. Each
// File resource with content, each package and each service must be the same in both. The releases that are not
// packaged are measured by `npm run node-oracle -- <mirrors>` (bench/results/node-oracle.json).

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileSystem } from '../../server/src/workspace/nodeFileSystem.js';
import { Project } from '../../server/src/workspace/project.js';
import { parsedManifest } from '../../server/src/workspace/moduleIndex.js';
import { createLookupSession } from '../../server/src/knowledge/lookup/engine.js';
import { assumedFacts, mainManifests } from '../../server/src/ide/preview/node.js';
import { lookupModulePath, nodeLookupContext } from '../../server/src/knowledge/lookup/nodeContext.js';
import { evaluateNode } from '../../server/src/knowledge/evaluate/evaluator.js';
import { toStr } from '../../server/src/knowledge/evaluate/values.js';

const CORPUS = '/usr/share/puppet/modules';
const MODULES = ['zookeeper', 'stdlib', 'archive', 'apt'];
const NODES = ['master1.example.com', 'master2.example.com', 'master3.example.com'];

/** Every fact the mesos and zookeeper releases read (a grep of all their tags), as interpolations. */
const FACT_LINES = [
  '${puppet}',
  ...['puppetversion', 'ipaddress', 'ipaddress_eth0', 'hardwaremodel', 'architecture', 'osfamily', 'operatingsystem'],
  ...['operatingsystemmajrelease', 'lsbdistcodename', 'fqdn', 'hostname', 'domain', 'path'],
]
  .map((f) => (f.startsWith('$') ? f : `\${::${f}}`))
  .concat(
    ['networking.ip', 'networking.fqdn', 'os.hardware', 'os.family', 'os.name', 'os.release.major', 'os.release.minor']
      .concat(['os.distro.codename', 'path'])
      .map(
        (f) =>
          `\${facts${f
            .split('.')
            .map((k) => `['${k}']`)
            .join('')}}`,
      ),
  );

let base: string;
let env: string;

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

/** The preview's own assumed facts, given to Puppet as they are: they must be enough for the modules to compile. */
function facts(node: string): Record<string, unknown> {
  return assumedFacts(node);
}

before(() => {
  for (const m of MODULES)
    assert.ok(
      existsSync(join(CORPUS, m)),
      `${CORPUS}/${m} is missing: .ci/run installs Debian's puppet-module-* packages`,
    );
  base = mkdtempSync(join(tmpdir(), 'mp-node-debian-'));
  env = join(base, 'code/environments/production');
  mkdirSync(join(env, 'modules'), { recursive: true });
  for (const m of MODULES) symlinkSync(join(CORPUS, m), join(env, 'modules', m));
  write(env, {
    'hiera.yaml':
      "version: 5\ndefaults:\n  datadir: data\n  data_hash: yaml_data\nhierarchy:\n  - name: nodes\n    path: 'nodes/%{trusted.certname}.yaml'\n  - name: common\n    path: common.yaml\n",
    'manifests/site.pp': "node default {\n  lookup('classes', Array[String], 'unique', []).include\n}\n",
    'modules/profile/manifests/repo.pp': [
      "class profile::repo (String $location, String $release = $facts['os']['distro']['codename']) {",
      '  include apt',
      "  apt::source { 'mesos':",
      '    location => $location,',
      '    release  => $release,',
      "    repos    => 'main',",
      "    comment  => 'Mesos packages of our own',",
      "    include  => { 'src' => false },",
      '  }',
      "  apt::pin { 'mesos': packages => 'mesos', version => '1.11.*', priority => 700 }",
      '}',
      '',
    ].join('\n'),
    // Every fact the mesos and zookeeper releases read (grep of all their tags), written out: Puppet and the
    // preview must agree on them with the preview's assumed facts and nothing else.
    'modules/profile/manifests/facts.pp': [
      'class profile::facts {',
      "  $puppet = versioncmp($::puppetversion, '4.0.0') >= 0",
      `  file { '/etc/mesos/facts': content => "${FACT_LINES.join('\\n')}\\n" }`,
      '}',
      '',
    ].join('\n'),
    'data/common.yaml': [
      'classes: [zookeeper, profile::repo, profile::facts]',
      'zookeeper::servers: [master1.example.com, master2.example.com, master3.example.com]',
      'zookeeper::client_port: 2181',
      'zookeeper::snap_count: 10000',
      "profile::repo::location: 'https://packages.example.com/debian'",
      '',
    ].join('\n'),
    ...Object.fromEntries(NODES.map((n, i) => [`data/nodes/${n}.yaml`, `zookeeper::id: '${i + 1}'\n`])),
  });
  mkdirSync(join(base, 'var/yaml/facts'), { recursive: true });
  for (const n of NODES)
    writeFileSync(
      join(base, `var/yaml/facts/${n}.yaml`),
      `--- !ruby/object:Puppet::Node::Facts\nname: ${n}\nvalues: ${JSON.stringify(facts(n))}\n`,
    );
});

interface Side {
  files: Map<string, string>;
  packages: Map<string, string>;
  services: Map<string, string>;
}

function compile(node: string): Side {
  const r = spawnSync(
    'puppet',
    [
      'catalog',
      'compile',
      node,
      '--codedir',
      join(base, 'code'),
      '--vardir',
      join(base, 'var'),
      '--confdir',
      join(base, 'conf'),
      '--facts_terminus',
      'yaml',
      '--render-as',
      'json',
      '--color',
      'false',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(r.status, 0, r.stderr);
  const catalog = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as {
    resources: Array<{ type: string; title: string; parameters?: Record<string, unknown> }>;
  };
  const out: Side = { files: new Map(), packages: new Map(), services: new Map() };
  for (const res of catalog.resources) {
    const p = res.parameters ?? {};
    if (res.type === 'File' && typeof p.content === 'string')
      out.files.set(typeof p.path === 'string' ? p.path : res.title, p.content);
    else if (res.type === 'Package') out.packages.set(String(p.name ?? res.title), String(p.ensure ?? 'present'));
    else if (res.type === 'Service')
      out.services.set(String(p.name ?? res.title), `${String(p.ensure ?? '')}/${String(p.enable ?? '')}`);
  }
  return out;
}

function evaluate(node: string): Side & { complete: boolean; findings: string[] } {
  const project = new Project(nodeFileSystem, [env], { modulePath: [] });
  const session = createLookupSession(nodeLookupContext(project, env, node, facts(node)));
  const result = evaluateNode({
    host: {
      readText: (path) => project.readText(path),
      parse: (path) => {
        const p = parsedManifest(project, path);
        return p ? { text: p.text, parse: p.parse } : undefined;
      },
      modulePath: lookupModulePath(project, env),
      listModules: (dir) =>
        project.view
          .readDirectory(dir)
          .filter((e) => e.isDirectory)
          .map((e) => e.name),
      lookup: (key, merge) => session.lookup(key, merge).outcome,
    },
    certname: node,
    facts: facts(node),
    manifests: mainManifests(project, env),
  });
  const out = { files: new Map(), packages: new Map(), services: new Map() } as Side;
  for (const r of result.resources) {
    const name = toStr(r.params.get('name') ?? r.title);
    if (r.type === 'file') {
      const content = r.params.get('content');
      if (typeof content === 'string') out.files.set(toStr(r.params.get('path') ?? r.title), content);
    } else if (r.type === 'package') out.packages.set(name, toStr(r.params.get('ensure') ?? 'present'));
    else if (r.type === 'service')
      out.services.set(name, `${toStr(r.params.get('ensure') ?? '')}/${toStr(r.params.get('enable') ?? '')}`);
  }
  return { ...out, complete: result.complete, findings: result.findings.map((f) => f.message) };
}

for (const node of NODES) {
  test(`${node}: every file with content, package and service equals Puppet's catalog (apt's EPP included)`, () => {
    const puppet = compile(node);
    const ours = evaluate(node);
    assert.deepEqual(ours.findings, []);
    assert.equal(ours.complete, true);
    assert.deepEqual([...ours.files.keys()].sort(), [...puppet.files.keys()].sort());
    for (const [path, content] of puppet.files) assert.equal(ours.files.get(path), content, path);
    assert.ok(
      [...puppet.files.keys()].some((p) => p.startsWith('/etc/apt/sources.list.d/')),
      'the catalog has the apt source written from its EPP template',
    );
    // The assumed facts, as Puppet read them: the stand-in address, Puppet 7, amd64, Debian 12.0.
    const facts = puppet.files.get('/etc/mesos/facts')?.replace(/\n$/, '').split('\n') ?? [];
    assert.deepEqual(facts.slice(0, 6), [
      'true',
      '7.23.0',
      ...Array(2).fill(assumedFacts(node).ipaddress),
      'x86_64',
      'amd64',
    ]);
    assert.ok(!facts.includes(''), `every fact the modules read has a value: ${JSON.stringify(facts)}`);
    assert.deepEqual(ours.packages, puppet.packages);
    assert.deepEqual(ours.services, puppet.services);
  });
}
