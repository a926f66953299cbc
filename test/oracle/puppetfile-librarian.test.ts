// Oracle test: librarian-puppet repos against the real `librarian-puppet install` (Debian's librarian-puppet).
// Each case is a small repo whose modules come from folders of the repo (`:path`), so librarian resolves it
// without the network. librarian must accept it (exit 0 and a Puppetfile.lock); then our lock parser must read
// the lock it wrote as librarian resolved it (every spec, version and dependency), the resolver must take the
// versions from it, and our diagnostics of the Puppetfile, with the lock beside it, must hold no error — the
// metadata directive, version ranges, :path and an http forge are all librarian's, not mistakes.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Project } from '../../server/src/workspace/project.js';
import { nodeFileSystem } from '../../server/src/workspace/nodeFileSystem.js';
import { fileDiagnostics } from '../../server/src/ide/diagnostics.js';
import { parsePuppetfileLock } from '../../server/src/syntax/puppetfile/index.js';
import { resolveModules } from '../../server/src/knowledge/moduleResolver.js';

const module = (name: string, version: string, deps: Array<[string, string]> = []) => ({
  [`${name}/metadata.json`]: JSON.stringify({
    name: `acme-${name}`,
    version,
    dependencies: deps.map(([n, r]) => ({ name: `acme/${n}`, version_requirement: r })),
  }),
  [`${name}/manifests/init.pp`]: `class ${name} {}\n`,
});

const CASES: ReadonlyArray<{ name: string; files: Record<string, string>; specs: string[] }> = [
  {
    name: 'path modules with a dependency between them',
    files: {
      ...module('web', '1.2.3', [['base', '>= 0.1.0 < 2.0.0']]),
      ...module('base', '0.5.0'),
      Puppetfile:
        "forge 'https://forgeapi.puppetlabs.com'\n\nmod 'acme/web', :path => './web'\nmod 'acme/base', :path => './base'\n",
    },
    specs: ['acme-base 0.5.0 []', 'acme-web 1.2.3 [acme-base >= 0.1.0, < 2.0.0]'],
  },
  {
    name: 'the metadata directive, a version range and the http forge',
    files: {
      ...module('web', '1.2.3', [['base', '>= 0.1.0 < 2.0.0']]),
      ...module('base', '0.5.0'),
      'metadata.json': JSON.stringify({
        name: 'acme-site',
        version: '0.1.0',
        dependencies: [{ name: 'acme/base', version_requirement: '>= 0.1.0' }],
      }),
      Puppetfile:
        "forge 'http://forge.puppetlabs.com'\nmetadata\nmod 'acme/web', '>= 1.0.0', :path => './web'\nmod 'acme/base', :path => './base'\n",
    },
    specs: ['acme-base 0.5.0 []', 'acme-web 1.2.3 [acme-base >= 0.1.0, < 2.0.0]'],
  },
];

const librarian = spawnSync('librarian-puppet', ['version'], { encoding: 'utf8' });
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// Without librarian-puppet every case fails, saying how to install it: a skipped oracle would prove nothing.
describe('librarian-puppet accepts what we do not report', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assert.equal(
        librarian.status,
        0,
        'librarian-puppet is not installed: apt-get install -y librarian-puppet (.ci/run does)',
      );
      const dir = mkdtempSync(join(tmpdir(), 'mp-librarian-'));
      dirs.push(dir);
      for (const [path, text] of Object.entries(c.files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const run = spawnSync('librarian-puppet', ['install', '--path=modules'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 120_000,
      });
      assert.equal(run.status, 0, `librarian-puppet refused it:\n${run.stdout}${run.stderr}`);
      const lock = parsePuppetfileLock(readFileSync(join(dir, 'Puppetfile.lock'), 'utf8'));
      assert.deepEqual(
        lock.specs
          .map(
            (s) =>
              `${s.fullName} ${s.version} [${s.dependencies.map((d) => `${d.fullName} ${d.requirement}`).join('; ')}]`,
          )
          .sort(),
        c.specs,
      );
      // The installed copies are librarian's; the resolver must agree with the lock about the versions.
      const project = new Project(nodeFileSystem, [dir]);
      const resolved = resolveModules(project, dir);
      assert.equal(resolved.kind, 'librarian');
      for (const s of lock.specs) assert.equal(resolved.modules.get(s.shortName)?.version, s.version, s.fullName);
      const errors = fileDiagnostics(project, join(dir, 'Puppetfile')).filter((d) => d.severity === 'error');
      assert.deepEqual(
        errors.map((d) => `${d.code} ${d.message}`),
        [],
      );
    });
  }
});
