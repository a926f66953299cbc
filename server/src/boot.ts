// Entry point of the language server process (built to dist/server/main.js). It loads the server's bundle
// (dist/server/server.js, built from main.ts) with V8's code cache: compiling ~3 MB of JavaScript is most of a
// cold start, and a start with the cache skips it. The cache is this user's own file, keyed by the bundle's
// content, the Node version and the architecture; it is written when the server exits after a start without a
// usable one (by then it holds every function the session compiled). A cache that is missing, stale, damaged or
// unwritable only costs the compile: the bundle itself is the same either way.
//
// MESOS_PUPPET_CACHE: the cache's folder (default: $XDG_CACHE_HOME/mesos-puppet, ~/.cache/mesos-puppet, or
// %LOCALAPPDATA%\mesos-puppet on Windows); `off` runs without it. Only Node built-ins here: nothing of the
// server is loaded before the bundle.

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

const bundle = join(__dirname, 'server.js');

function cacheFolder(): string | undefined {
  const setting = process.env.MESOS_PUPPET_CACHE;
  if (setting === 'off') return undefined;
  if (setting) return setting;
  if (process.platform === 'win32' && process.env.LOCALAPPDATA) return join(process.env.LOCALAPPDATA, 'mesos-puppet');
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'mesos-puppet');
}

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** The caches kept in the folder: this build's and the newest of others (a second install in use, another Node). */
const KEPT_CACHES = 4;

function keepNewest(folder: string, n: number): void {
  const caches = readdirSync(folder)
    .filter((f) => /^server-[0-9a-f]+\.v8cache$/.test(f))
    .map((f) => ({ f, at: statSync(join(folder, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { f } of caches.slice(n)) unlinkSync(join(folder, f));
}

const source = readFileSync(bundle, 'utf8');
const folder = cacheFolder();
const key = createHash('sha256')
  .update(`${process.version} ${process.arch}\n`)
  .update(source)
  .digest('hex')
  .slice(0, 24);
const cachePath = folder ? join(folder, `server-${key}.v8cache`) : undefined;
const cachedData = cachePath ? readOrUndefined(cachePath) : undefined;

// The bundle's own first line is a `#!` line; Module.wrap gives it the same scope a require() would.
const script = new Script(Module.wrap(source.startsWith('#!') ? `//${source.slice(2)}` : source), {
  filename: bundle,
  ...(cachedData ? { cachedData } : {}),
});

if (cachePath && (!cachedData || script.cachedDataRejected)) {
  process.once('exit', () => {
    try {
      mkdirSync(dirname(cachePath), { recursive: true, mode: 0o700 });
      const partial = `${cachePath}.${process.pid}.tmp`;
      writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
      renameSync(partial, cachePath);
      keepNewest(dirname(cachePath), KEPT_CACHES);
    } catch {
      // A folder we cannot write to: the next start compiles again, nothing else changes.
    }
  });
}

const bundleModule = new Module(bundle, module);
bundleModule.filename = bundle;
bundleModule.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
const wrapper = script.runInThisContext() as (
  exports: unknown,
  require: NodeJS.Require,
  module: Module,
  filename: string,
  dirname: string,
) => void;
wrapper.call(bundleModule.exports, bundleModule.exports, Module.createRequire(bundle), bundleModule, bundle, __dirname);
