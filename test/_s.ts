import { parsePuppet } from '../server/src/syntax/puppet/index.js';
for (const [o, t] of [['$x ? { 1 => ', ''], ['function f($x = ', ')'], ['$x ? { 1 => ', '}']] as const) for (const n of [150, 250, 2000]) {
  const text = `class z {\n  ${o.repeat(n)}${t}\n`;
  const q = parsePuppet(text);
  console.log(JSON.stringify(o), n, q.errors.length, q.errors.slice(0, 3).map((e) => `${e.range.start}/${text.length}: ${e.message.slice(0, 60)}`));
}
