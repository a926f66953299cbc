// The snippets in snippets/*.json, expanded with every default accepted, checked by the real tools: Puppet
// snippets with `puppet parser validate`, the Puppetfile snippets with `r10k puppetfile check`, the Hiera snippets
// with the `yaml` parser and the domain rules they exist to teach (quoted quorum and ZooKeeper id, a zk:// URL
// whose hosts are the ensemble). The class declarations are also checked against the bundled module catalogs:
// every parameter they set must exist in each release of the module from the one the scaffold's book set pins
// (mesos v0.5.2, zookeeper v0.3.5) to the newest.
// Needs puppet and r10k on PATH (the Debian packages; .ci/run installs them): the test fails, not skips, without.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { CATALOGS, compareVersions } from '../../server/src/knowledge/catalog.js';
import { expandSnippet } from '../../server/src/ide/shared/snippetText.js';
import { classSnippetItems } from '../../server/src/ide/manifest/snippets.js';

const root = join(__dirname, '..', '..');

interface Snippet {
  readonly prefix: string | readonly string[];
  readonly description: string;
  readonly body: string | readonly string[];
}

interface LoadedSnippet {
  readonly name: string;
  readonly text: string;
  readonly tabstops: readonly number[];
}

function load(file: string): LoadedSnippet[] {
  const raw = JSON.parse(readFileSync(join(root, 'snippets', file), 'utf8')) as Record<string, Snippet>;
  return Object.entries(raw).map(([name, s]) => {
    const body = typeof s.body === 'string' ? s.body : s.body.join('\n');
    return { name, ...expandSnippet(body) };
  });
}

/** Runs a tool; a missing executable fails the test with the way to install it. */
function run(cmd: string, args: readonly string[], cwd?: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    assert.fail(
      `${cmd} is not installed: .ci/run installs it (apt-get install puppet r10k; see docs on the Puppet oracle)`,
    );
  }
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let work = '';
before(() => {
  work = mkdtempSync(join(tmpdir(), 'mesos-puppet-snippets-'));
});
after(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('snippet files', () => {
  for (const file of ['puppet.json', 'hiera.json', 'puppetfile.json']) {
    test(`${file}: every snippet has prefixes, our description, a body that expands, and ends at $0`, () => {
      const raw = JSON.parse(readFileSync(join(root, 'snippets', file), 'utf8')) as Record<string, Snippet>;
      assert.ok(Object.keys(raw).length > 0);
      for (const [name, s] of Object.entries(raw)) {
        const prefixes = typeof s.prefix === 'string' ? [s.prefix] : s.prefix;
        assert.ok(prefixes.length > 0 && prefixes.every((p) => p.length > 0), `${name}: prefix`);
        assert.ok(s.description && s.description.length > 20, `${name}: description`);
        const body = typeof s.body === 'string' ? s.body : s.body.join('\n');
        const { tabstops } = expandSnippet(body);
        assert.ok(tabstops.includes(0), `${name}: no final tabstop $0`);
        if (file === 'hiera.json') assert.ok(!body.includes('\t'), `${name}: YAML must not contain tabs`);
      }
    });
  }
});

/** The class snippets the server writes for a new manifest, named from its path (ide/manifest/snippets.ts). */
function serverClassSnippets(): LoadedSnippet[] {
  return ['role::mesos::master', 'role::mesos::slave', 'role::web', 'profile::zookeeper', 'site_mod::thing'].map(
    (name) => {
      const item = classSnippetItems(name, '', { start: 0, end: 0 })[0];
      return { name: item.label, ...expandSnippet(item.snippet!) };
    },
  );
}

describe('puppet snippets pass `puppet parser validate`', () => {
  const snippets = [...load('puppet.json'), ...serverClassSnippets()];

  /** Class bodies (resource declarations, statements) are wrapped in a class; definitions stand alone. */
  function manifest(s: LoadedSnippet, i: number): string {
    const code = s.text.replace(/^(?:\s*#.*\n)*/, '');
    if (/^(?:class\s+[a-z]|define\s|node\s)/.test(code)) return `${s.text}\n`;
    const body = s.text
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n');
    return `class snippet_check_${i} {\n${body}\n}\n`;
  }

  test('all of them, in one puppet process', () => {
    const dir = join(work, 'puppet');
    const empty = join(work, 'empty-modulepath');
    mkdirSync(dir, { recursive: true });
    mkdirSync(empty, { recursive: true });
    const files = snippets.map((s, i) => {
      const path = join(dir, `snippet-${i}.pp`);
      writeFileSync(path, manifest(s, i));
      return path;
    });
    const r = run('puppet', [
      'parser',
      'validate',
      '--color=false',
      '--modulepath',
      empty,
      '--confdir',
      join(work, 'conf'),
      '--vardir',
      join(work, 'var'),
      ...files,
    ]);
    const errors = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('Error:'))
      .map((l) => {
        const m = l.match(/snippet-(\d+)\.pp/);
        const s = m ? snippets[Number(m[1])] : undefined;
        return s ? `${s.name}: ${l}\n${manifest(s, Number(m![1]))}` : l;
      });
    assert.deepEqual(errors, [], errors.join('\n'));
    assert.equal(r.status, 0, r.stderr);
  });

  test('the class declarations set only parameters that every release from the book pins on has', () => {
    // The oldest releases the product scaffolds (its book set); older releases lack `repo` and the like.
    const oldest: Record<string, string> = { mesos: '0.5.2', zookeeper: '0.3.5' };
    const catalogs = {
      modules: CATALOGS.modules.filter(
        (m) => oldest[m.name] !== undefined && compareVersions(m.version, oldest[m.name]) >= 0,
      ),
    };
    const metaparameters = new Set([
      'require',
      'before',
      'notify',
      'subscribe',
      'tag',
      'stage',
      'alias',
      'audit',
      'loglevel',
      'noop',
      'schedule',
    ]);
    let checked = 0;
    for (const s of snippets) {
      const m = s.text.match(/^class \{ '([a-z][\w:]*)':\n([\s\S]*?)\n\}/m);
      if (!m) continue;
      const className = m[1];
      const attributes = [...m[2].matchAll(/^\t([a-z_]+)\s*=>/gm)].map((a) => a[1]);
      assert.ok(attributes.length > 0, `${s.name}: no attributes found`);
      const versions = catalogs.modules.filter((mod) => mod.classes.some((c) => c.name === className));
      assert.ok(versions.length >= 2, `${s.name}: ${className} is in ${versions.length} bundled module versions`);
      for (const mod of versions) {
        const cls = mod.classes.find((c) => c.name === className)!;
        for (const a of attributes) {
          if (metaparameters.has(a)) continue;
          assert.ok(
            cls.params.some((p) => p.name === a),
            `${s.name}: ${className} has no parameter ${a} in ${mod.fullName} ${mod.version}`,
          );
        }
      }
      checked++;
    }
    assert.equal(checked, 4, 'the mesos, mesos::master, mesos::slave and zookeeper declarations');
  });
});

describe('hiera snippets', () => {
  const snippets = new Map(load('hiera.json').map((s) => [s.name, s] as const));

  function data(name: string): Record<string, unknown> {
    const s = snippets.get(name);
    assert.ok(s, `no snippet ${name}`);
    const parsed: unknown = parseYaml(s.text, { strict: true, uniqueKeys: true });
    assert.ok(parsed && typeof parsed === 'object' && !Array.isArray(parsed), `${name}: not a mapping`);
    return parsed as Record<string, unknown>;
  }

  /** The hosts of a zk:// URL: `zk://a:2181,b:2181/mesos` → [a, b]; each must give port 2181. */
  function zkHosts(url: unknown): string[] {
    assert.equal(typeof url, 'string');
    const m = String(url).match(/^zk:\/\/([^/]+)\/mesos$/);
    assert.ok(m, `not a zk:// URL with path /mesos: ${String(url)}`);
    return m[1].split(',').map((hp) => {
      const [host, port] = hp.split(':');
      assert.equal(port, '2181', `client port of ${hp}`);
      return host;
    });
  }

  function ensembleHosts(servers: unknown): string[] {
    assert.ok(Array.isArray(servers), 'zookeeper::servers is an array');
    return servers.map((entry) => {
      assert.equal(typeof entry, 'string');
      const m = String(entry).match(/^([^:]+):2888:3888$/);
      assert.ok(m, `server entry ${String(entry)} must be host:2888:3888 (zookeeper v0.3.5 prints it verbatim)`);
      return m[1];
    });
  }

  test('master node: role, quoted quorum (majority of 3), zk URL over the ensemble, quoted id', () => {
    const d = data('Hiera: Mesos master node');
    assert.equal(d['mesos::listen_address'], '%{facts.networking.ip}', 'the address the master announces to its peers');
    assert.deepEqual(d.classes, ['role::mesos::master']);
    assert.deepEqual(d['mesos::master::options'], { quorum: '2' });
    assert.equal(d['zookeeper::id'], '1');
    const servers = ensembleHosts(d['zookeeper::servers']);
    assert.equal(servers.length % 2, 1, 'an odd ensemble');
    assert.deepEqual(zkHosts(d['mesos::zookeeper']), servers);
  });

  test('slave node: role, zk URL, its address, work_dir outside /tmp, no checkpoint flag (Mesos 0.22+ refuses it)', () => {
    const d = data('Hiera: Mesos slave node');
    assert.deepEqual(d.classes, ['role::mesos::slave']);
    assert.equal(zkHosts(d['mesos::zookeeper']).length, 3);
    assert.equal(d['mesos::listen_address'], '%{facts.networking.ip}');
    assert.ok(
      !('mesos::slave::options' in d) && !('mesos::slave::checkpoint' in d),
      'no checkpoint, as flag or parameter',
    );
    assert.equal(typeof d['mesos::slave::work_dir'], 'string');
    assert.ok(!String(d['mesos::slave::work_dir']).startsWith('/tmp'));
  });

  test('common data: zk URL, ensemble and quoted quorum agree', () => {
    const d = data('Hiera: Mesos cluster common data');
    assert.deepEqual(Object.keys(d).sort(), ['mesos::master::options', 'mesos::zookeeper', 'zookeeper::servers']);
    const servers = ensembleHosts(d['zookeeper::servers']);
    assert.deepEqual(zkHosts(d['mesos::zookeeper']), servers);
    assert.deepEqual(d['mesos::master::options'], { quorum: String(Math.floor(servers.length / 2) + 1) });
  });
});

describe('puppetfile snippets pass `r10k puppetfile check`', () => {
  const snippets = load('puppetfile.json');

  for (const [i, s] of snippets.entries()) {
    test(s.name, () => {
      const dir = join(work, `puppetfile-${i}`);
      mkdirSync(dir, { recursive: true });
      const path = join(dir, 'Puppetfile');
      writeFileSync(path, `${s.text}\n`);
      const r = run('r10k', ['puppetfile', 'check', '--puppetfile', path], dir);
      assert.equal(r.status, 0, `${r.stdout}${r.stderr}\n${s.text}`);
      assert.match(r.stdout + r.stderr, /Syntax OK/);
      assert.ok(!/git:\/\//.test(s.text), 'no git:// sources: GitHub turned the protocol off');
    });
  }

  test('the cluster Puppetfile pins the scenario tags over https', () => {
    const text = snippets.find((s) => s.name === 'Puppetfile: Mesos cluster modules')?.text ?? '';
    const mods = [...text.matchAll(/^mod '([^']+)',\n\s+:git => '([^']+)', :ref => '([^']+)'$/gm)].map((m) => [
      m[1],
      m[2],
      m[3],
    ]);
    assert.deepEqual(mods, [
      ['apt', 'https://github.com/puppetlabs/puppetlabs-apt', '1.7.0'],
      ['concat', 'https://github.com/puppetlabs/puppetlabs-concat', '1.1.2'],
      ['datacat', 'https://github.com/richardc/puppet-datacat', '0.6.1'],
      ['java', 'https://github.com/puppetlabs/puppetlabs-java', '1.2.0'],
      ['mesos', 'https://github.com/deric/puppet-mesos', 'v0.5.2'],
      ['stdlib', 'https://github.com/puppetlabs/puppetlabs-stdlib', '4.5.1'],
      ['zookeeper', 'https://github.com/deric/puppet-zookeeper', 'v0.3.5'],
    ]);
    assert.match(text, /^forge 'https:\/\/forgeapi\.puppet\.com'$/m);
  });
});
