// Runs real `puppet lookup` many times in one Ruby process: Puppet's own lookup application, once per argument
// list, with its output captured. One process instead of one per case turns minutes into seconds; the oracle
// tests still cross-check a few cases against separate `puppet lookup` processes.

import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RawRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

const DRIVER = `
require 'puppet'
require 'json'
require 'stringio'
cases = JSON.parse(File.read(ARGV[0]))
Puppet.initialize_settings(JSON.parse(File.read(ARGV[1])))
$captured = []
results = cases.map do |argv|
  out = StringIO.new
  saved = $stdout
  status = 0
  $captured.clear
  begin
    $stdout = out
    Puppet::Application.find('lookup').new(Puppet::Util::CommandLine.new('puppet', ['lookup'] + argv)).run
  rescue SystemExit => e
    status = e.status
  rescue Exception => e
    status = 99
    $captured << "#{e.class}: #{e.message}"
  ensure
    $stdout = saved
  end
  { 'status' => status, 'stdout' => out.string, 'stderr' => $captured.map { |m| "Error: #{m}" }.join("\\n") }
end
File.write(ARGV[2], JSON.generate(results))
`;

/** `argvs`: one `puppet lookup` argument list per case; `globalArgs`: --confdir, --vardir, --environmentpath, ... */
export function runLookupDriver(
  workDir: string,
  argvs: readonly string[][],
  globalArgs: readonly string[],
): Promise<RawRun[]> {
  const driver = join(workDir, 'driver.rb');
  writeFileSync(driver, DRIVER);
  writeFileSync(join(workDir, 'cases.json'), JSON.stringify(argvs));
  writeFileSync(join(workDir, 'global.json'), JSON.stringify(globalArgs));
  return new Promise((resolve, reject) => {
    execFile(
      'ruby',
      [driver, join(workDir, 'cases.json'), join(workDir, 'global.json'), join(workDir, 'results.json')],
      { timeout: 600_000 },
      (error, _out, stderr) => {
        if (error) reject(new Error(`the Ruby lookup driver failed: ${stderr}`));
        else resolve(JSON.parse(readFileSync(join(workDir, 'results.json'), 'utf8')) as RawRun[]);
      },
    );
  });
}

/** What a scratch `puppet lookup` prints when the key is not found (its `--default`). */
export const NOT_FOUND = '__NOT_FOUND__';

/**
 * The arguments of `puppet lookup KEY` for `node.example.com` in a scratch Puppet laid out under `tmp` (`conf/`,
 * `var/`, the `production` environment in `envs/`), the facts in `tmp/NODE.json`, the answer as JSON and
 * NOT_FOUND when nothing is found. `extra` comes first (`--hiera_config FILE`, `--merge deep`).
 */
export function scratchLookupArgs(tmp: string, key: string, node: string, extra: readonly string[] = []): string[] {
  return [
    'lookup',
    key,
    ...extra,
    '--node',
    `${node}.example.com`,
    '--facts',
    join(tmp, `${node}.json`),
    '--confdir',
    join(tmp, 'conf'),
    '--vardir',
    join(tmp, 'var'),
    '--environmentpath',
    join(tmp, 'envs'),
    '--environment',
    'production',
    '--render-as',
    'json',
    '--default',
    NOT_FOUND,
  ];
}
