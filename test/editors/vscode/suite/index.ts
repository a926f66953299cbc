// The module VS Code loads as --extensionTestsPath: runs the mocha suites compiled next to it inside the extension
// host and settles when they finish (VS Code then exits with 0 or 1). Compiled by ../run.ts into out/.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { testLog } from './output.js';

export function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = testLog; // the reporters' console.log
  // Colours off: the output travels through the browser console to a log file or CI.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  // Every *.suite.js compiled next to this file (named so that node:test's *.test.ts collection skips them), or
  // those MESOS_PUPPET_SUITES names (comma-separated, `hiera,views`) when iterating on a few; the extension host
  // inherits the variable from code-server, which inherits it from the run.
  const only = (process.env.MESOS_PUPPET_SUITES ?? '').split(',').filter((s) => s !== '');
  for (const file of readdirSync(__dirname).sort())
    if (file.endsWith('.suite.js') && (only.length === 0 || only.includes(file.replace(/\.suite\.js$/, ''))))
      mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) =>
      failures === 0 ? resolve() : reject(new Error(`${failures} extension-host test(s) failed`)),
    );
  });
}
