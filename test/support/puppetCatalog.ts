// Compiles catalogs with the real `puppet catalog compile`, many nodes in one Ruby process (Puppet's own catalog
// application once per node, its output captured): one process instead of one per node saves ~12 s per node.
// Facts come from YAML files under <vardir>/yaml/facts (facts_terminus yaml), as a Puppet server keeps them.

import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DRIVER = `
require 'puppet'
require 'json'
require 'stringio'
cases = JSON.parse(File.read(ARGV[0]))
Puppet.initialize_settings(JSON.parse(File.read(ARGV[1])))
results = cases.map do |c|
  out = StringIO.new
  saved = $stdout
  status = 0
  error = ''
  begin
    $stdout = out
    # The --environment option alone does not switch a process that has compiled in another environment.
    Puppet[:environment] = c['environment']
    argv = ['catalog', 'compile', c['certname'], '--environment', c['environment'], '--render-as', 'json']
    Puppet::Application.find('catalog').new(Puppet::Util::CommandLine.new('puppet', argv)).run
  rescue SystemExit => e
    status = e.status
  rescue Exception => e
    status = 99
    error = "#{e.class}: #{e.message}"
  ensure
    $stdout = saved
  end
  { 'status' => status, 'stdout' => out.string, 'error' => error }
end
File.write(ARGV[2], JSON.generate(results))
`;

export interface CatalogCase {
  readonly environment: string;
  readonly certname: string;
}

export interface CatalogResource {
  readonly type: string;
  readonly title: string;
  readonly parameters?: Record<string, unknown>;
}

export interface CompiledCatalog {
  readonly case: CatalogCase;
  /** undefined when compilation failed (see output). */
  readonly resources?: readonly CatalogResource[];
  readonly output: string;
}

/**
 * The YAML facts file Puppet's yaml facts terminus reads for certname. A local compile takes trusted.certname
 * (which hierarchies such as nodes/%{trusted.certname}.yaml read) from the fact clientcert, so it is added.
 */
export function writeFacts(vardir: string, certname: string, values: Record<string, unknown>): void {
  const dir = join(vardir, 'yaml', 'facts');
  mkdirSync(dir, { recursive: true });
  // JSON is YAML: the values need no Ruby object tags, only the envelope does.
  writeFileSync(
    join(dir, `${certname}.yaml`),
    `--- !ruby/object:Puppet::Node::Facts\nname: ${JSON.stringify(certname)}\nvalues: ${JSON.stringify({ clientcert: certname, ...values })}\n`,
  );
}

/**
 * Compiles each case with `puppet catalog compile CERTNAME --environment ENV`; `workDir` holds confdir, vardir
 * (with the facts, see writeFacts) and the environments folder `envs`.
 */
export function compileCatalogs(workDir: string, cases: readonly CatalogCase[]): Promise<CompiledCatalog[]> {
  const driver = join(workDir, 'catalog-driver.rb');
  writeFileSync(driver, DRIVER);
  writeFileSync(join(workDir, 'catalog-cases.json'), JSON.stringify(cases));
  const global = [
    '--confdir',
    join(workDir, 'conf'),
    '--vardir',
    join(workDir, 'var'),
    '--environmentpath',
    join(workDir, 'envs'),
    '--facts_terminus',
    'yaml',
    '--color',
    'false',
  ];
  writeFileSync(join(workDir, 'catalog-global.json'), JSON.stringify(global));
  const resultsPath = join(workDir, 'catalog-results.json');
  return new Promise((resolve, reject) => {
    execFile(
      'ruby',
      [driver, join(workDir, 'catalog-cases.json'), join(workDir, 'catalog-global.json'), resultsPath],
      { timeout: 900_000, maxBuffer: 64 * 1024 * 1024 },
      (error, _out, stderr) => {
        if (error) return reject(new Error(`the Ruby catalog driver failed: ${error.message}\n${stderr}`));
        const raw = JSON.parse(readFileSync(resultsPath, 'utf8')) as {
          status: number;
          stdout: string;
          error: string;
        }[];
        resolve(
          raw.map((r, i) => {
            const start = r.stdout.search(/^\{/m);
            const output = `${r.stdout}${r.error}${stderr}`;
            if (r.status !== 0 || start < 0) return { case: cases[i], output };
            const catalog = JSON.parse(r.stdout.slice(start)) as { resources: CatalogResource[] };
            return { case: cases[i], resources: catalog.resources, output };
          }),
        );
      },
    );
  });
}

/** The content of the file resource at path, if the catalog has one with content. */
export function fileContent(catalog: CompiledCatalog, path: string): string | undefined {
  const r = catalog.resources?.find((x) => x.type === 'File' && x.title === path);
  const c = r?.parameters?.content;
  return typeof c === 'string' ? c : undefined;
}
