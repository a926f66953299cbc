// Numbers turned into text by the node preview's evaluator — interpolation, String(), String(x, format), sprintf
// and arithmetic results — against the table of what Puppet 7.23 writes (test/fixtures/numberStrings.ts, held to
// real Puppet by test/oracle/number-strings.test.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureProject } from '../support/project.js';
import { NODES_HIERA } from '../fixtures/hieraNodes.js';
import { NUMBER_STRING_CASES, NUMBER_VARIABLES } from '../fixtures/numberStrings.js';
import { nodePreview } from '../../server/src/ide/preview/node.js';

const PRELUDE = Object.entries(NUMBER_VARIABLES)
  .map(([name, value]) => `$${name} = ${value}`)
  .join('\n  ');

/** The content our preview gives `file { ...: content => expr }`, or the message of the finding that stopped it. */
function evaluate(expr: string): string | { error: string } {
  const { project } = fixtureProject(`${NODES_HIERA}#- /work/manifests/site.pp
node default { include mini }
#- /work/modules/mini/manifests/init.pp
class mini {
  ${PRELUDE}
  file { '/etc/mesos/x': content => ${expr} }
}
#- /work/data/nodes/m1.example.com.yaml
{}
`);
  const r = nodePreview(project, { root: '/work', node: 'm1.example.com' });
  assert.equal(r.kind, 'ok', JSON.stringify(r));
  if (r.kind !== 'ok') throw new Error('unreachable');
  const file = r.files.find((f) => f.path === '/etc/mesos/x');
  if (file?.content !== undefined && file.content !== null) return file.content;
  assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
  return { error: r.findings[0].message };
}

for (const c of NUMBER_STRING_CASES) {
  test(`${c.expr} is written ${JSON.stringify(c.expected)}`, () => {
    assert.deepEqual(evaluate(c.expr), c.expected);
  });
}

test('a format the preview does not evaluate stops it as unsupported, naming the directive', () => {
  assert.deepEqual(evaluate("String(1.0, '%a')"), { error: 'the format %a is not evaluated by the node preview' });
  assert.deepEqual(evaluate("sprintf('%*d', 5, 1)"), {
    error: "format directives with '*' are not evaluated by the node preview",
  });
});
