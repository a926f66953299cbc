// The query mechanism: memos reused until an input they read changes, dependencies recorded as they run, early
// cut-off when a recomputed value equals the old one, and a clear error for a query that asks for itself.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defineObjectMemo,
  defineObjectTable,
  defineQuery,
  QueryCycleError,
  QueryDb,
  sameElements,
} from '../../server/src/base/queries.js';

/** A tiny host: named texts, read through the db so that reads are recorded. */
class Files {
  readonly db = new QueryDb<Files>(this);
  private readonly texts = new Map<string, string>();
  constructor(entries: Record<string, string>) {
    for (const [k, v] of Object.entries(entries)) this.texts.set(k, v);
    this.db.trace = [];
  }
  read(name: string): string {
    this.db.read(`text:${name}`);
    return this.texts.get(name) ?? '';
  }
  write(name: string, text: string): void {
    this.texts.set(name, text);
    this.db.changed(`text:${name}`);
  }
  /** The queries computed since the last call. */
  ran(): string[] {
    return this.db.trace!.splice(0);
  }
}

const lines = defineQuery('lines', (h: Files, name: string) => h.read(name).split('\n').filter(Boolean).length);
const firstWord = defineQuery('firstWord', (h: Files, name: string) => h.read(name).split(/\s/)[0] ?? '');
const total = defineQuery('total', (h: Files, names: string) =>
  names.split(',').reduce((n, name) => n + h.db.get(lines, name), 0),
);
const shout = defineQuery('shout', (h: Files, name: string) => h.db.get(firstWord, name).toUpperCase());
const words = defineQuery('words', (h: Files, name: string) => h.read(name).split(/\s+/).filter(Boolean), {
  equals: sameElements,
});
const wordCount = defineQuery('wordCount', (h: Files, name: string) => h.db.get(words, name).length);

test('a memo is reused until an input it read changes, and only what read it runs again', () => {
  const h = new Files({ a: 'x\ny\n', b: 'z\n' });
  assert.equal(h.db.get(total, 'a,b'), 3);
  assert.deepEqual(h.ran(), ['total(a,b)', 'lines(a)', 'lines(b)']);
  assert.equal(h.db.get(total, 'a,b'), 3);
  assert.deepEqual(h.ran(), [], 'nothing changed: nothing runs');
  h.write('b', 'z\nw\n');
  assert.equal(h.db.get(total, 'a,b'), 4);
  assert.deepEqual(h.ran(), ['lines(b)', 'total(a,b)'], 'lines(a) is verified, not recomputed');
  h.write('c', 'unrelated\n');
  assert.equal(h.db.get(total, 'a,b'), 4);
  assert.deepEqual(h.ran(), [], 'an input nobody read changed');
});

test('a recomputed value equal to the old one does not recompute what depends on it (early cut-off)', () => {
  const h = new Files({ a: 'mesos master\n' });
  assert.equal(h.db.get(shout, 'a'), 'MESOS');
  h.ran();
  h.write('a', 'mesos agent\n');
  assert.equal(h.db.get(shout, 'a'), 'MESOS');
  assert.deepEqual(h.ran(), ['firstWord(a)'], 'firstWord ran again and gave the same word: shout is kept');
  h.write('a', 'zookeeper\n');
  assert.equal(h.db.get(shout, 'a'), 'ZOOKEEPER');
  assert.deepEqual(h.ran(), ['firstWord(a)', 'shout(a)']);
});

test('a query with its own equality cuts off on equal fresh values', () => {
  const h = new Files({ a: 'one two' });
  const before = h.db.get(words, 'a');
  assert.equal(h.db.get(wordCount, 'a'), 2);
  h.ran();
  h.write('a', 'one  two\n');
  assert.equal(h.db.get(wordCount, 'a'), 2);
  assert.deepEqual(h.ran(), ['words(a)']);
  assert.equal(h.db.get(words, 'a'), before, 'the old, equal value is kept');
});

test('changedAll invalidates every memo; reads outside a query record nothing', () => {
  const h = new Files({ a: 'x\n' });
  h.read('a');
  assert.equal(h.db.get(lines, 'a'), 1);
  h.ran();
  h.db.changedAll();
  assert.equal(h.db.get(lines, 'a'), 1);
  assert.deepEqual(h.ran(), ['lines(a)']);
});

test('a query that asks for itself fails with the chain, and the db stays usable', () => {
  const h = new Files({ a: 'b', b: 'a', c: 'c' });
  const follow: ReturnType<typeof defineQuery<Files, string, string>> = defineQuery(
    'follow',
    (f: Files, name: string): string => {
      const next = f.read(name);
      return next === 'end' ? name : f.db.get(follow, next);
    },
  );
  assert.throws(
    () => h.db.get(follow, 'a'),
    (e: unknown) => e instanceof QueryCycleError && e.message === 'query cycle: follow(a) -> follow(b) -> follow(a)',
  );
  assert.throws(() => h.db.get(follow, 'c'), /query cycle: follow\(c\) -> follow\(c\)/);
  h.write('b', 'end');
  assert.equal(h.db.get(follow, 'a'), 'b', 'after the cycle is broken the query answers');
});

test('an exception in a query leaves no memo behind', () => {
  const h = new Files({ a: '' });
  let fail = true;
  const flaky = defineQuery('flaky', (f: Files, name: string) => {
    if (fail) throw new Error('boom');
    return f.read(name);
  });
  assert.throws(() => h.db.get(flaky, 'a'), /boom/);
  fail = false;
  assert.equal(h.db.get(flaky, 'a'), '');
});

test('a recomputed query is given its previous value to update', () => {
  const h = new Files({ log: 'a' });
  const seen: Array<string | undefined> = [];
  const history = defineQuery('history', (f: Files, name: string, previous: string | undefined) => {
    seen.push(previous);
    return `${previous ?? ''}${f.read(name)};`;
  });
  assert.equal(h.db.get(history, 'log'), 'a;');
  h.write('log', 'b');
  assert.equal(h.db.get(history, 'log'), 'a;b;');
  assert.deepEqual(seen, [undefined, 'a;']);
  h.db.clear();
  assert.equal(h.db.get(history, 'log'), 'b;', 'cleared: nothing to update');
});

test('object memos and tables live in the db that holds them, one value per object', () => {
  const h = new Files({});
  const other = new Files({});
  let runs = 0;
  const size = defineObjectMemo('size', (o: { items: string[] }) => (runs++, o.items.length));
  const a = { items: ['x', 'y'] };
  assert.equal(h.db.memo(size, a), 2);
  a.items.push('z');
  assert.equal(h.db.memo(size, a), 2, 'the object is taken as immutable: its memo is kept');
  assert.equal(other.db.memo(size, a), 3, 'another db holds its own memo');
  assert.equal(runs, 2);
  const notes = defineObjectTable<object, string>('notes');
  h.db.table(notes).set(a, 'seen');
  assert.equal(h.db.table(notes).get(a), 'seen');
  assert.equal(other.db.table(notes).get(a), undefined);
  h.db.clear();
  assert.equal(h.db.table(notes).get(a), undefined, 'clear forgets the tables too');
});

test('a recomputed query that returns the very same value is kept without its equality being asked', () => {
  let compared = 0;
  const shared = ['one', 'two'];
  const listed = defineQuery('listed', (h: Files, name: string) => (h.read(name), shared), {
    equals: (a, b) => (compared++, sameElements(a, b)),
  });
  const h = new Files({ a: 'x' });
  h.db.get(listed, 'a');
  h.write('a', 'y');
  assert.equal(h.db.get(listed, 'a'), shared);
  assert.deepEqual(h.ran(), ['listed(a)', 'listed(a)']);
  assert.equal(compared, 0);
});
