// Memoised queries: the one mechanism that owns derived state. A query is declared once, at module scope, as a
// name and a pure function of (host, key); its results live in a `QueryDb` that the host owns (the Project), never
// in a module-level map. While a query runs, every input it reads (a file's text, a folder listing — named by a
// string) and every other query it asks are recorded as its dependencies. After a change only the inputs that
// changed get a new revision; a memo is reused when none of its dependencies changed since it was last verified,
// and a recomputed value equal to the old one keeps its old revision ("early cut-off"), so what depends on it is
// not recomputed either. This is the red-green algorithm of salsa / rust-analyzer, kept small.

/**
 * A query declaration: a name (for traces and errors) and the computation. It holds no state. When a memo is
 * recomputed, `compute` is given its previous value: an incremental query (the module index, a file's line
 * index) updates it instead of starting over, comparing what it kept with what it reads now.
 */
export interface Query<H, K, V> {
  readonly name: string;
  readonly compute: (host: H, key: K, previous: V | undefined) => V;
  /** Equality for early cut-off; Object.is when absent. */
  readonly equals?: (a: V, b: V) => boolean;
}

export function defineQuery<H, K, V>(
  name: string,
  compute: (host: H, key: K, previous: V | undefined) => V,
  options: { equals?: (a: V, b: V) => boolean } = {},
): Query<H, K, V> {
  return { name, compute, equals: options.equals };
}

/**
 * A value derived from one immutable object (a parsed file, a chunk of one, a key space), kept as long as the
 * object lives: declared once at module scope, held in the host's `QueryDb` (`QueryDb.memo`), never in a
 * module-level WeakMap. The computation reads nothing but the object; it records no inputs.
 */
export interface ObjectMemo<O extends object, V> {
  readonly name: string;
  readonly compute: (object: O) => V;
}

export function defineObjectMemo<O extends object, V>(name: string, compute: (object: O) => V): ObjectMemo<O, V> {
  return { name, compute };
}

/**
 * A table of values kept per object, for memos whose reuse rule is their own (the per-chunk findings of a data
 * file, moved with the chunk: syntax/hiera/chunkMemo.ts). Declared once; the table lives in the host's `QueryDb`.
 */
export interface ObjectTable<O extends object, V> {
  readonly name: string;
  /** Only for typing: tables hold no state. */
  readonly _types?: (o: O) => V;
}

export function defineObjectTable<O extends object, V>(name: string): ObjectTable<O, V> {
  return { name };
}

/** The part of a QueryDb that holds object memos and tables: what code that has no host type needs of it. */
export interface ObjectMemos {
  memo<O extends object, V>(memo: ObjectMemo<O, V>, object: O): V;
  table<O extends object, V>(table: ObjectTable<O, V>): WeakMap<O, V>;
}

/** Asked for a query while computing that same query (directly or through others). */
export class QueryCycleError extends Error {
  constructor(readonly chain: readonly string[]) {
    super(`query cycle: ${chain.join(' -> ')}`);
    this.name = 'QueryCycleError';
  }
}

interface Entry {
  value: unknown;
  /** The revision at which the value last changed. */
  changedAt: number;
  /** The revision at which the value was last known to be current. */
  verifiedAt: number;
  inputs: readonly string[];
  queries: readonly Dependency[];
  /** True while this entry is being computed or verified (cycle detection). */
  active: boolean;
}

interface Dependency {
  readonly query: Query<unknown, unknown, unknown>;
  readonly key: unknown;
}

interface Frame {
  readonly label: string;
  readonly inputs: Set<string>;
  readonly queries: Map<Entry, Dependency>;
}

/** Equality of two arrays by element (Object.is), for queries that return fresh lists. */
export function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

export class QueryDb<H> implements ObjectMemos {
  private rev = 1;
  /** Memos made before this revision are not reused (everything changed: settings, folders). */
  private floor = 1;
  private readonly inputs = new Map<string, number>();
  private readonly tables = new Map<Query<H, unknown, unknown>, Map<unknown, Entry>>();
  private readonly stack: Frame[] = [];
  private readonly objectTables = new Map<object, WeakMap<object, unknown>>();
  /** When set, the label of every computation (`name(key)`) is appended: tests read which queries ran. */
  trace: string[] | undefined;

  constructor(readonly host: H) {}

  get revision(): number {
    return this.rev;
  }

  /** The inputs named changed (a file's text, a listing): memos that read them are verified again. */
  changed(...inputs: readonly string[]): void {
    this.rev++;
    for (const input of inputs) this.inputs.set(input, this.rev);
  }

  /** Everything may have changed: no memo made before now is reused. */
  changedAll(): void {
    this.floor = ++this.rev;
  }

  /** Record that the running query read this input (nothing outside a query). */
  read(input: string): void {
    this.stack[this.stack.length - 1]?.inputs.add(input);
  }

  /** The value of a query for a key: the memo when its dependencies did not change, else computed again. */
  get<K, V>(query: Query<H, K, V>, key: K): V {
    const entry = this.fresh(query as Query<H, unknown, unknown>, key);
    const top = this.stack[this.stack.length - 1];
    if (top && !top.queries.has(entry))
      top.queries.set(entry, { query: query as Query<unknown, unknown, unknown>, key });
    return entry.value as V;
  }

  /** The value of an object memo for `object`, computed on its first use and kept while the object lives. */
  memo<O extends object, V>(memo: ObjectMemo<O, V>, object: O): V {
    const table = this.table(memo as unknown as ObjectTable<O, V>);
    if (table.has(object)) return table.get(object) as V;
    const value = memo.compute(object);
    table.set(object, value);
    return value;
  }

  /** The host's table of values per object for a declared table (created empty on first use). */
  table<O extends object, V>(table: ObjectTable<O, V>): WeakMap<O, V> {
    let t = this.objectTables.get(table);
    if (!t) this.objectTables.set(table, (t = new WeakMap()));
    return t as WeakMap<O, V>;
  }

  /** Forget every memo (their values become garbage); inputs keep their revisions. */
  clear(): void {
    this.tables.clear();
    this.objectTables.clear();
    this.changedAll();
  }

  private fresh(query: Query<H, unknown, unknown>, key: unknown): Entry {
    let table = this.tables.get(query);
    if (!table) this.tables.set(query, (table = new Map()));
    let entry = table.get(key);
    // Checked first: a memo verified at this revision is the common case (a build asking for each file's query).
    if (entry && !entry.active && entry.verifiedAt === this.rev) return entry;
    const label = `${query.name}(${typeof key === 'string' ? key : ''})`;
    if (entry?.active) {
      const from = this.stack.findIndex((f) => f.label === label);
      throw new QueryCycleError([...this.stack.slice(Math.max(from, 0)).map((f) => f.label), label]);
    }
    if (entry && entry.verifiedAt === this.rev) return entry;
    if (entry && entry.verifiedAt >= this.floor) {
      entry.active = true;
      let current: boolean;
      try {
        current = this.unchanged(entry);
      } finally {
        entry.active = false;
      }
      if (current) {
        entry.verifiedAt = this.rev;
        return entry;
      }
    }
    const frame: Frame = { label, inputs: new Set(), queries: new Map() };
    if (!entry)
      table.set(
        key,
        (entry = { value: undefined, changedAt: 0, verifiedAt: 0, inputs: [], queries: [], active: false }),
      );
    entry.active = true;
    this.stack.push(frame);
    this.trace?.push(label);
    let value: unknown;
    try {
      value = query.compute(this.host, key, entry.changedAt > 0 ? entry.value : undefined);
    } catch (e) {
      table.delete(key);
      throw e;
    } finally {
      this.stack.pop();
      entry.active = false;
    }
    // The same value needs no comparing: a query returning a part of an updated snapshot that kept it (the module
    // index's classes after a keystroke in a data file) would otherwise walk its whole equality every time.
    const same =
      entry.changedAt > 0 && (Object.is(entry.value, value) || (query.equals?.(entry.value, value) ?? false));
    if (!same) {
      entry.value = value;
      entry.changedAt = this.rev;
    }
    entry.verifiedAt = this.rev;
    entry.inputs = [...frame.inputs];
    entry.queries = [...frame.queries.values()];
    return entry;
  }

  /** True when no dependency of the entry changed after it was last verified (bringing query dependencies up to date). */
  private unchanged(entry: Entry): boolean {
    for (const input of entry.inputs) if ((this.inputs.get(input) ?? 0) > entry.verifiedAt) return false;
    for (const dep of entry.queries) {
      if (this.fresh(dep.query as Query<H, unknown, unknown>, dep.key).changedAt > entry.verifiedAt) return false;
    }
    return true;
  }
}
