import { parsePuppet } from '../server/src/syntax/puppet/index.js';
for (const t of [`${'if $a { '.repeat(5)}\n`, `if $a {\n`, `$a = [1\n`, `f() |$x| {\n`]) {
  const q = parsePuppet(t);
  console.log(JSON.stringify(t), q.errors.map((e) => `${e.range.start}: ${e.message.slice(0, 70)}`));
}
