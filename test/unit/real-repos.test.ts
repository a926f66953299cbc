// The real-repo measurement (scripts/real-repos.ts, `npm run real-repos -- MIRROR_DIR`): the corpus list and our
// verdicts are well formed, and a finding keeps its verdict when only the tail or the spacing of its message
// changes. The measurement itself needs the fetched repositories and is not part of `npm test`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  findingKey,
  messageHead,
  type Expectation,
  type KnownProblem,
  type RepoEntry,
} from '../../scripts/real-repos.js';
import { isCode } from '../../server/src/base/diagnosticCodes.js';

const dir = join(__dirname, '../real-repos');
const repos = JSON.parse(readFileSync(join(dir, 'repos.json'), 'utf8')) as RepoEntry[];
const expectations = JSON.parse(readFileSync(join(dir, 'expectations.json'), 'utf8')) as {
  findings: Expectation[];
  known: KnownProblem[];
};

test('the corpus lists at least 20 Mesos/ZooKeeper/Marathon repositories and a few general ones, each at a commit', () => {
  const names = repos.map((r) => r.repo);
  assert.equal(new Set(names).size, names.length, 'a repository is listed twice');
  assert.ok(repos.filter((r) => r.kind !== 'general').length >= 20);
  assert.ok(repos.filter((r) => r.kind === 'general').length >= 3);
  for (const r of repos) {
    assert.match(r.repo, /^[\w.-]+\/[\w.-]+$/);
    assert.match(r.commit, /^[0-9a-f]{40}$/, `${r.repo}: the commit is a full hash`);
    assert.ok(r.paths.length > 0, `${r.repo}: the paths that matter`);
  }
});

test('every verdict names a listed repository, a known code, true/false/unsure and a reason', () => {
  const listed = new Set(repos.map((r) => r.repo));
  const keys = new Set<string>();
  for (const e of expectations.findings) {
    const where = `${e.repo} ${e.file}:${e.line} ${e.code}`;
    assert.ok(listed.has(e.repo), `${where}: not in repos.json`);
    assert.ok(isCode(e.code), `${where}: unknown code`);
    assert.ok(['true', 'false', 'unsure'].includes(e.verdict), `${where}: verdict ${e.verdict}`);
    assert.ok(e.reason.length > 10, `${where}: a reason`);
    if (e.verdict === 'false') assert.match(e.class ?? '', /^C\d+$/, `${where}: a false alarm names its class`);
    assert.equal(e.head, messageHead(e.head), `${where}: the head is normalized`);
    const key = findingKey(e);
    assert.ok(!keys.has(key), `${where}: judged twice`);
    keys.add(key);
  }
  for (const k of expectations.known) {
    assert.ok(listed.has(k.repo), `${k.id}: not in repos.json`);
    assert.ok(k.codes.length > 0 && k.problem.length > 10, `${k.id}: codes and a description`);
  }
});

test('a finding keeps its key when its message changes only after the head or in spacing', () => {
  const base = { repo: 'a/b', file: 'Puppetfile', code: 'puppetfile/unused-module', line: 3 };
  const message = "No manifest or Hiera 'classes' list uses concat, and no other pinned module needs it.";
  const reworded = "No manifest or Hiera 'classes'  list uses concat, and no other module in the Puppetfile needs it.";
  assert.equal(
    findingKey({ ...base, head: messageHead(message) }),
    findingKey({ ...base, head: messageHead(reworded) }),
  );
  assert.notEqual(
    findingKey({ ...base, head: messageHead(message) }),
    findingKey({ ...base, line: 4, head: messageHead(message) }),
  );
  assert.notEqual(
    findingKey({ ...base, head: messageHead(message) }),
    findingKey({ ...base, head: messageHead(message.replace('concat', 'stdlib')) }),
  );
});
