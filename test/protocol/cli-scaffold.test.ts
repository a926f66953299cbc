// `mesos-puppet scaffold` as a user runs it: writes the repo, is idempotent, refuses to overwrite what the user
// changed (exit 1, listing the conflicts, writing nothing) unless --force, and rejects bad input with exit 2.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeAll, type WriteOps } from '../../server/src/workspace/writeAll.js';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const HOSTS = ['--masters', 'master1,master2,master3', '--slaves', 'slave1,slave2,slave3'];

function run(args: string[], cwd = tmpdir()) {
  // A timeout: a scaffold that blocks on a FIFO fails the test instead of hanging it.
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
});

test('writes the control repo, then leaves it unchanged on a second run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-scaffold-'));
  const first = run(['scaffold', dir, ...HOSTS]);
  assert.equal(first.code, 0, first.stderr);
  for (const f of [
    'Puppetfile',
    'environment.conf',
    'hiera.yaml',
    'manifests/site.pp',
    'site-modules/role/manifests/mesos/master.pp',
    'data/common.yaml',
    'data/nodes/master2.yaml',
    'data/roles/mesos_slave.yaml',
    'README.md',
  ]) {
    assert.ok(existsSync(join(dir, f)), f);
  }
  assert.match(
    first.stdout,
    /Mesos cluster scaffolded: 3 masters, 3 agents, the newest modules\./,
    'the newest set unless --modules book',
  );
  assert.match(readFileSync(join(dir, 'Puppetfile'), 'utf8'), /:ref => 'v1\.1\.0'/);
  assert.match(
    first.stdout,
    /No --ip for master1, master2, master3, slave1, slave2, slave3: they listen on the address Facter reports/,
  );
  assert.match(first.stdout, /Provide the Mesos packages .* the Mesosphere repository is gone/);
  const second = run(['scaffold', dir, ...HOSTS]);
  assert.equal(second.code, 0);
  assert.doesNotMatch(second.stdout, /created|overwritten/);
});

test('--ip gives a host its address; the others are listed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-scaffold-'));
  const r = run(['scaffold', dir, ...HOSTS, '--ip', 'master1=10.0.0.1', '--ip', 'slave1=10.0.0.11']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(readFileSync(join(dir, 'data/nodes/master1.yaml'), 'utf8'), /^mesos::listen_address: '10\.0\.0\.1'$/m);
  assert.match(
    readFileSync(join(dir, 'data/nodes/master2.yaml'), 'utf8'),
    /^mesos::listen_address: '%\{facts\.networking\.ip\}'$/m,
  );
  assert.match(r.stdout, /No --ip for master2, master3, slave2, slave3: they listen/);
});

test('a file the user changed is a conflict: exit 1, nothing written; --force overwrites', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-scaffold-'));
  writeFileSync(join(dir, 'hiera.yaml'), 'version: 5 # mine\n');
  const r = run(['scaffold', dir, ...HOSTS]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /exist with other content; nothing was written/);
  assert.match(r.stderr, /hiera\.yaml/);
  assert.ok(!existsSync(join(dir, 'Puppetfile')), 'nothing else written either');
  assert.equal(readFileSync(join(dir, 'hiera.yaml'), 'utf8'), 'version: 5 # mine\n');
  const forced = run(['scaffold', dir, ...HOSTS, '--force']);
  assert.equal(forced.code, 0);
  assert.match(forced.stdout, /overwritten .*hiera\.yaml/);
});

test('bad input is a usage error that says what is wrong', () => {
  const even = run(['scaffold', mkdtempSync(join(tmpdir(), 'mp-')), '--masters', 'a,b', '--slaves', 'c']);
  assert.equal(even.code, 2);
  assert.match(even.stderr, /2 masters: use an odd number/);
  assert.equal(run(['scaffold', '--masters', 'a']).code, 2);
  assert.match(
    run(['scaffold', '--masters', 'a', '--slaves', 'b', '--modules', 'old']).stderr,
    /--modules takes book or newest/,
  );
  assert.match(run(['scaffold', '--masters', 'bad_name', '--slaves', 'b']).stderr, /RFC 1123/);
});

/** Every path below a folder (links not followed), sorted, to show that nothing was written. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      out.push(`${rel}${e.name}`);
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
    }
  };
  walk(dir, '');
  return out.sort();
}

test('files the user has that we cannot read as text are compared, never silently replaced: UTF-16, NUL bytes, over 16 MB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-scaffold-'));
  const utf16 = Buffer.from('\ufeffversion: 5\n', 'utf16le');
  writeFileSync(join(dir, 'hiera.yaml'), utf16);
  const big = Buffer.alloc(17 * 1024 * 1024, 'x');
  writeFileSync(join(dir, 'README.md'), big);
  const binary = Buffer.from([0x6d, 0x6f, 0x64, 0x00, 0x01]);
  writeFileSync(join(dir, 'Puppetfile'), binary);
  const r = run(['scaffold', dir, ...HOSTS]);
  assert.equal(r.code, 1, r.stdout);
  for (const f of ['hiera.yaml', 'README.md', 'Puppetfile'])
    assert.match(r.stderr, new RegExp(`${f.replace('.', '\\.')} \\(it holds content that cannot be shown as text`));
  assert.doesNotMatch(r.stdout, /created/);
  assert.deepEqual(tree(dir), ['Puppetfile', 'README.md', 'hiera.yaml']);
  assert.ok(readFileSync(join(dir, 'hiera.yaml')).equals(utf16));
  assert.ok(readFileSync(join(dir, 'README.md')).equals(big));
  // With consent, regular files are replaced.
  const forced = run(['scaffold', dir, ...HOSTS, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(readFileSync(join(dir, 'hiera.yaml'), 'utf8'), /^---\nversion: 5/);
});

test('a FIFO, a socket, a folder or a symbolic link at a generated path is never replaced, followed or opened, even with --force', async () => {
  const outside = mkdtempSync(join(tmpdir(), 'mp-outside-'));
  const cases: { name: string; make: (dir: string) => void | Promise<void>; reason: RegExp }[] = [
    {
      name: 'FIFO',
      make: (dir) => void execFileSync('mkfifo', [join(dir, 'README.md')]),
      reason: /README\.md: a FIFO \(named pipe\) is there/,
    },
    { name: 'folder', make: (dir) => mkdirSync(join(dir, 'hiera.yaml')), reason: /hiera\.yaml: a folder is there/ },
    {
      name: 'dangling symlink',
      make: (dir) => symlinkSync(join(outside, 'not-yet'), join(dir, 'hiera.yaml')),
      reason: /hiera\.yaml: a symbolic link that leads nowhere is there/,
    },
    {
      name: 'symlink to a file outside',
      make: (dir) => {
        writeFileSync(join(outside, 'theirs.yaml'), 'mine\n');
        symlinkSync(join(outside, 'theirs.yaml'), join(dir, 'hiera.yaml'));
      },
      reason: /hiera\.yaml: a symbolic link leading out of the target folder/,
    },
    {
      name: 'symlinked folder outside',
      make: (dir) => {
        mkdirSync(join(outside, 'data'), { recursive: true });
        symlinkSync(join(outside, 'data'), join(dir, 'data'));
      },
      reason: /data\/common\.yaml: 'data' is a symbolic link leading out of the target folder/,
    },
    {
      name: 'file where a folder goes',
      make: (dir) => writeFileSync(join(dir, 'manifests'), 'x'),
      reason: /manifests\/site\.pp: 'manifests' is a file, not a folder/,
    },
    {
      name: 'socket',
      make: (dir) =>
        new Promise<void>((done) => {
          const server = createServer();
          server.listen(join(dir, 'environment.conf'), () => {
            server.unref();
            done();
          });
        }),
      reason: /environment\.conf: a socket is there/,
    },
  ];
  for (const c of cases) {
    const dir = mkdtempSync(join(tmpdir(), 'mp-scaffold-'));
    await c.make(dir);
    const before = tree(dir);
    for (const force of [false, true]) {
      const r = run(['scaffold', dir, ...HOSTS, ...(force ? ['--force'] : [])]);
      assert.equal(r.code, 1, `${c.name}${force ? ' --force' : ''}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /never replaces; nothing was written/, c.name);
      assert.match(r.stderr, c.reason, c.name);
      assert.deepEqual(tree(dir), before, `${c.name}: nothing written`);
    }
  }
  // Nothing reached the folder the links lead to.
  assert.deepEqual(tree(outside), ['data', 'theirs.yaml']);
  assert.equal(readFileSync(join(outside, 'theirs.yaml'), 'utf8'), 'mine\n');
});

test('a symbolic link inside the target that already has our content is left as it is', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-scaffold-'));
  assert.equal(run(['scaffold', dir, ...HOSTS]).code, 0);
  nodeFs.renameSync(join(dir, 'hiera.yaml'), join(dir, 'hiera.real.yaml'));
  symlinkSync('hiera.real.yaml', join(dir, 'hiera.yaml'));
  const r = run(['scaffold', dir, ...HOSTS]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(lstatSync(join(dir, 'hiera.yaml')).isSymbolicLink());
});

test('writes all files or none: a failure midway restores what was replaced and removes what was created', () => {
  const fresh = (): { dir: string; files: { path: string; content: string; replace: boolean }[] } => {
    const dir = mkdtempSync(join(tmpdir(), 'mp-scaffold-'));
    writeFileSync(join(dir, 'keep.txt'), 'mine\n');
    writeFileSync(join(dir, 'b.txt'), 'old b\n');
    const files = [
      { path: join(dir, 'a/new1.txt'), content: 'one\n', replace: false },
      { path: join(dir, 'b.txt'), content: 'new b\n', replace: true },
      { path: join(dir, 'c/d/new2.txt'), content: 'two\n', replace: false },
    ];
    return { dir, files };
  };
  let failures = 0;
  // Fail at each step in turn: the folder stays exactly as it was.
  for (const failing of ['mkdirSync', 'writeFileSync', 'linkSync', 'renameSync'] as const) {
    for (let nth = 1; nth <= 3; nth++) {
      const { dir, files } = fresh();
      let calls = 0;
      const ops = {
        ...nodeFs,
        [failing]: (...args: unknown[]) => {
          if (++calls === nth) throw Object.assign(new Error(`EIO: injected failure in ${failing}`), { code: 'EIO' });
          return (nodeFs[failing] as (...a: unknown[]) => unknown)(...args);
        },
      } as unknown as WriteOps;
      let thrown: unknown;
      try {
        writeAll(files, ops);
      } catch (e) {
        thrown = e;
      }
      if (calls < nth) continue; // this step runs fewer than nth times: everything was written
      failures++;
      assert.match(String(thrown), /injected failure/, `${failing} #${nth}`);
      assert.deepEqual(tree(dir), ['b.txt', 'keep.txt'], `${failing} #${nth}`);
      assert.equal(readFileSync(join(dir, 'b.txt'), 'utf8'), 'old b\n');
    }
  }
  assert.ok(failures >= 8, `expected a failure injected at 8 or more points, got ${failures}`);
  const { dir, files } = fresh();
  writeAll(files);
  assert.deepEqual(tree(dir), ['a', 'a/new1.txt', 'b.txt', 'c', 'c/d', 'c/d/new2.txt', 'keep.txt']);
  assert.equal(readFileSync(join(dir, 'b.txt'), 'utf8'), 'new b\n');
});
