// Hiera data files (YAML) parsed with the `yaml` package, keeping ranges. The result lists the top-level
// entries (the Hiera keys) with the ranges of key and value, duplicate keys, and YAML errors, and never throws:
// a broken file still yields the entries that could be read. JSON data files parse through the same path
// (JSON is YAML 1.2 flow syntax).
//
// Scalars are read the way Puppet's `yaml_data` (Psych, YAML 1.1) reads them: `yes`/`no`/`on`/`off` are
// booleans, `0755` is octal, merge keys (`<<`, and `'<<'` quoted, as Psych reads it) work. The editor, the rules and the lookup engine all see this
// one reading of a file, parsed once.
//
// Incremental: a file whose top level is a plain block mapping is parsed in chunks of whole top-level entries
// (a chunk starts at a line with a key in column 0). After an edit only the chunks the edit touches are parsed
// again; the nodes of the chunks after it are moved by the edit's length. This is exact, not a heuristic: a
// file is kept in chunks only when every chunk parses on its own into a clean block mapping at column 0,
// without anchors, aliases, merge keys or directives — then reading it whole gives the same nodes. Anything
// else (a syntax error, an alias, a second document) is parsed whole, as before.

import {
  Composer,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Parser,
  Scalar,
  visit,
  YAMLParseError,
  type Document,
  type Node,
  type Pair,
  type ScalarTag,
} from 'yaml';
import { toJS, type ToJSContext } from 'yaml/util';
import type { TextRange } from '../../base/textRange.js';
import { editBetween, type TextChange } from '../../base/textDiff.js';
import { MAX_YAML_NESTING, yamlTooDeepAt } from './yamlDepth.js';

export interface HieraEntry {
  readonly key: string;
  /** The key as YAML typed it (a number for `1:`); `key` is its text. */
  readonly keyValue: unknown;
  readonly keyRange: TextRange;
  /** The value's range; for a key with no value, an empty range just after the colon. */
  readonly valueRange: TextRange;
  /** The value as plain data (aliases resolved, bounded), or null for an empty value. */
  readonly value: unknown;
  /** The YAML node of the value, for rules that need ranges inside it. */
  readonly valueNode: Node | null;
  /** The YAML document the entry belongs to (for resolving aliases in the value). */
  readonly document: Document.Parsed;
}

export interface DataFileProblem {
  /** `too-deep`: nested deeper than MAX_YAML_NESTING; such a file is not parsed (its entries are empty). */
  readonly kind: 'yaml-syntax' | 'duplicate-key' | 'not-a-hash' | 'too-deep';
  readonly range: TextRange;
  readonly message: string;
  /** For duplicate keys: the first occurrence. */
  readonly related?: TextRange;
}

export interface HieraDataFile {
  readonly entries: readonly HieraEntry[];
  readonly problems: readonly DataFileProblem[];
  /**
   * For a file held in chunks: how often each key occurs, carried from parse to parse (and updated in place), so
   * an edit finds out whether any key is duplicated without going over every key.
   */
  readonly keyCounts?: Map<string, number>;
  /** The whole file's document when it was parsed whole; undefined when it is held in chunks. */
  readonly document?: Document.Parsed;
  /** The chunks, when the file is held in chunks (reused by the next incremental parse). */
  readonly chunks?: readonly Chunk[];
}

/** A run of whole top-level entries parsed on its own; its nodes carry offsets into the whole text. */
export interface Chunk {
  readonly start: number;
  readonly end: number;
  readonly entries: readonly HieraEntry[];
}

/** Alias expansion limit: a YAML "billion laughs" file must not take the server down. */
export const MAX_ALIAS_COUNT = 1000;

/** A chunk is closed at the first entry boundary after this many characters. */
const CHUNK_CHARS = 2048;

const psychBool: ScalarTag = {
  identify: (v) => typeof v === 'boolean',
  default: true,
  tag: 'tag:yaml.org,2002:bool',
  test: /^(?:[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF)$/,
  resolve: (s) => /^(?:y|t|on)/i.test(s),
};

const psychOctal: ScalarTag = {
  identify: (v) => typeof v === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  test: /^[-+]?0[0-7_]+$/,
  resolve: (s) => (s.startsWith('-') ? -1 : 1) * Number.parseInt(s.replace(/^[-+]?0/, '').replace(/_/g, ''), 8),
};

/**
 * Floats as Psych reads them (a dot is required; an exponent needs its sign: `1.0`, `-2.`, `.5`, `1.0e+3`,
 * `1_000.0`): `1e3` and `1.0e3` (no sign in the exponent) are Strings, unlike YAML 1.2's core. */
const psychFloat: ScalarTag = {
  identify: (v) => typeof v === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:float',
  test: /^[-+]?(?:[0-9][0-9_,]*\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?$/,
  resolve: (s) => Number.parseFloat(s.replace(/[,_]/g, '')),
};

/** The core schema's finite float tags (`1e3`, `1.0`), which psychFloat replaces; `.inf` and `.nan` stay. */
function isCoreFiniteFloat(t: ScalarTag): boolean {
  return t.tag === 'tag:yaml.org,2002:float' && t.test !== undefined && !t.test.test('.inf');
}

type JsMap = Map<unknown, unknown> | Record<string, unknown>;

function isJsHash(v: unknown): v is JsMap {
  return v instanceof Map || (v !== null && typeof v === 'object' && !Array.isArray(v));
}

function jsEntries(v: JsMap): Iterable<[unknown, unknown]> {
  return v instanceof Map ? v : Object.entries(v);
}

function jsSet(map: JsMap, key: unknown, value: unknown): void {
  if (map instanceof Map) map.set(key, value);
  else Object.defineProperty(map, String(key), { value, writable: true, enumerable: true, configurable: true });
}

/**
 * A merge key (`<<`) merged the way Psych merges it, not as the YAML 1.1 draft (and the `yaml` package) would:
 * the merged mapping overrides the keys set before the merge key, in their place (Ruby's `merge!`), and of a
 * list of mappings the first wins, the keys in the order of the last one first. A value that is not a mapping
 * (or a list of them) is kept under the key `<<`, as Psych keeps it.
 */
function psychMergeToJSMap(ctx: ToJSContext | undefined, map: JsMap, value: unknown): JsMap {
  const val = toJS(value, '<<', ctx);
  if (isSeq(value)) {
    const items = val as unknown[];
    if (items.every(isJsHash)) {
      const merged = new Map<unknown, unknown>();
      for (const item of [...items].reverse()) for (const [k, x] of jsEntries(item)) merged.set(k, x);
      for (const [k, x] of merged) jsSet(map, k, x);
      return map;
    }
  } else if (isJsHash(val)) {
    for (const [k, x] of jsEntries(val)) jsSet(map, k, x);
    return map;
  }
  jsSet(map, '<<', val);
  return map;
}

const psychMerge: ScalarTag = {
  identify: (v) => typeof v === 'symbol' && v.description === '<<',
  default: 'key',
  tag: 'tag:yaml.org,2002:merge',
  test: /^<<$/,
  resolve: () => Object.assign(new Scalar(Symbol('<<')), { addToJSMap: psychMergeToJSMap }),
  stringify: () => '<<',
};

const OPTIONS = {
  schema: 'core',
  // psychMerge before the `yaml` package's own merge tag (which `merge: true` adds last), so `<<` is read by it.
  customTags: (tags: ScalarTag[]) => [
    psychMerge,
    psychBool,
    psychOctal,
    psychFloat,
    ...tags.filter((t) => !isCoreFiniteFloat(t)),
  ],
  uniqueKeys: false,
  merge: true,
  prettyErrors: false,
} as const;

/** Parses `text` as one YAML document whose offsets start at `base` (a chunk of a larger text). */
function parseYaml(text: string, base: number): Document.Parsed {
  const parser = new Parser();
  parser.offset = base;
  const composer = new Composer(OPTIONS as ConstructorParameters<typeof Composer>[0]);
  let doc: Document.Parsed | undefined;
  for (const d of composer.compose(parser.parse(text), true, base + text.length)) {
    if (!doc) doc = d as Document.Parsed;
    else {
      doc.errors.push(
        new YAMLParseError(
          [d.range[0], d.range[1]],
          'MULTIPLE_DOCS',
          'Source contains multiple documents; a Hiera data file holds one.',
        ),
      );
      break;
    }
  }
  if (text.includes('<<')) mergeAtQuotedKeys(doc!);
  return doc!;
}

function nodeRange(node: { range?: [number, number, number] | null } | null | undefined, fallback: number): TextRange {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : { start: fallback, end: fallback };
}

function toPlain(doc: Document.Parsed, node: Node | null, mapAsMap = false): unknown {
  if (node === null) return null;
  try {
    return (
      (node as { toJS?: (doc: Document, opts: object) => unknown }).toJS?.(doc, {
        maxAliasCount: MAX_ALIAS_COUNT,
        mapAsMap,
      }) ?? null
    );
  } catch {
    return undefined;
  }
}

/**
 * An entry reads its ranges from its nodes, so moving a chunk's nodes (see shiftChunk) moves its entries too,
 * without new objects.
 */
class Entry implements HieraEntry {
  constructor(
    readonly key: string,
    readonly keyValue: unknown,
    private readonly keyNode: Node,
    readonly valueNode: Node | null,
    /** For an entry without value: where its empty value sits after the key's end (1, or 0 at the end of the text). */
    private readonly gap: number,
    readonly value: unknown,
    readonly document: Document.Parsed,
  ) {}

  get keyRange(): TextRange {
    return nodeRange(this.keyNode, 0);
  }

  get valueRange(): TextRange {
    const r = this.valueNode?.range;
    if (r) return { start: r[0], end: r[1] };
    const at = (this.keyNode.range?.[1] ?? 0) + this.gap;
    return { start: at, end: at };
  }
}

function entriesOf(doc: Document.Parsed, textLength: number): HieraEntry[] {
  const contents = doc.contents;
  if (!isMap(contents)) return [];
  const out: HieraEntry[] = [];
  for (const pair of contents.items as Pair<Node | null, Node | null>[]) {
    const keyNode = pair.key;
    if (!keyNode) continue;
    const keyValue = isScalar(keyNode) ? keyNode.value : toPlain(doc, keyNode);
    const key = typeof keyValue === 'symbol' ? (keyValue.description ?? '') : String(keyValue);
    const keyEnd = keyNode.range?.[1] ?? 0;
    const valueNode = pair.value ?? null;
    out.push(
      new Entry(
        key,
        keyValue,
        keyNode,
        valueNode,
        Math.min(keyEnd + 1, textLength) - keyEnd,
        toPlain(doc, valueNode),
        doc,
      ),
    );
  }
  return out;
}

function duplicateProblems(entries: readonly HieraEntry[]): DataFileProblem[] {
  const problems: DataFileProblem[] = [];
  const seen = new Map<string, HieraEntry>();
  for (const e of entries) {
    const first = seen.get(e.key);
    if (first) {
      problems.push({
        kind: 'duplicate-key',
        range: e.keyRange,
        message: `The key '${e.key}' is already set above; only one of the two values takes effect. Remove one.`,
        related: first.keyRange,
      });
    } else seen.set(e.key, e);
  }
  return problems;
}

/** Parses the whole text as one document: the reference reading the chunks must equal (tests compare them). */
export function parseHieraDataWhole(text: string): HieraDataFile {
  const deep = yamlTooDeepAt(text);
  if (deep >= 0) {
    const message = `The data nests deeper than ${MAX_YAML_NESTING} levels here; the file is not read (Hiera data never needs this depth).`;
    return {
      entries: [],
      problems: [{ kind: 'too-deep', range: { start: deep, end: Math.min(deep + 1, text.length) }, message }],
    };
  }
  const doc = parseYaml(text, 0);
  const problems: DataFileProblem[] = [];
  for (const e of doc.errors) {
    // The yaml package places some errors (an unclosed quote or bracket) one past the end of the text.
    const start = Math.min(e.pos[0], text.length);
    problems.push({
      kind: 'yaml-syntax',
      range: { start, end: Math.min(Math.max(e.pos[1], start), text.length) },
      message: e.message.split('\n')[0],
    });
  }
  const contents = doc.contents;
  if (contents && !isMap(contents) && !(isScalar(contents) && (contents.value === null || contents.value === ''))) {
    problems.push({
      kind: 'not-a-hash',
      range: nodeRange(contents, 0),
      message:
        'A Hiera data file must be a mapping of keys to values; this file holds a ' +
        (isSeq(contents) ? 'list' : 'single value') +
        '.',
    });
  }
  const entries = entriesOf(doc, text.length);
  problems.push(...duplicateProblems(entries));
  return { entries, problems, document: doc };
}

// ---------------------------------------------------------------------------------------------------------------
// Chunks

/** True when a line starting at `i` begins a top-level entry: a key in column 0. */
function isBoundary(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  // Not: space, tab, CR, LF, '#', '-', '.', '%', '?', ':', flow indicators, '&', '*', '!', '|', '>', '@', '`'.
  return !(c === 32 || c === 9 || c === 13 || c === 10 || Number.isNaN(c) || '#-.%?:{}[],&*!|>@`'.includes(text[i]));
}

/** The chunk starts within [from, to) of text: `from` itself, then boundaries after at least CHUNK_CHARS. */
function chunkStarts(text: string, from: number, to: number): number[] {
  const starts = [from];
  let last = from;
  let i = text.indexOf('\n', from);
  while (i >= 0 && i + 1 < to) {
    const line = i + 1;
    if (line - last >= CHUNK_CHARS && isBoundary(text, line)) {
      starts.push(line);
      last = line;
    }
    i = text.indexOf('\n', line);
  }
  return starts;
}

/** Parses text[start, end) as a chunk; undefined when the chunk cannot stand on its own (see the header). */
function parseChunk(text: string, start: number, end: number): Chunk | undefined {
  const slice = text.slice(start, end);
  if (slice.includes('<<') || /(^|\n)%/.test(slice) || yamlTooDeepAt(slice) >= 0) return undefined;
  const doc = parseYaml(slice, start);
  if (doc.errors.length > 0) return undefined;
  const contents = doc.contents;
  if (contents !== null && !(isScalar(contents) && (contents.value === null || contents.value === ''))) {
    if (!isMap(contents) || contents.flow || !contents.range) return undefined;
    const at = contents.range[0];
    if (at !== 0 && text.charCodeAt(at - 1) !== 10) return undefined;
  } else if (start !== 0) return undefined; // only the first chunk may hold no entry (`---`, comments)
  if ((slice.includes('&') || slice.includes('*')) && usesAnchors(contents)) return undefined;
  return { start, end, entries: entriesOf(doc, text.length) };
}

function usesAnchors(node: unknown, depth = 0): boolean {
  if (!node || depth > 200) return depth > 200;
  if (isAlias(node)) return true;
  if ((node as { anchor?: string }).anchor) return true;
  if (isPair(node)) return usesAnchors(node.key, depth + 1) || usesAnchors(node.value, depth + 1);
  if (isCollection(node)) return node.items.some((x) => usesAnchors(x, depth + 1));
  return false;
}

/** Parses text[from, to) into chunks; undefined when any chunk cannot stand on its own. */
function parseChunks(text: string, from: number, to: number): Chunk[] | undefined {
  const starts = chunkStarts(text, from, to);
  const out: Chunk[] = [];
  for (let k = 0; k < starts.length; k++) {
    const c = parseChunk(text, starts[k], k + 1 < starts.length ? starts[k + 1] : to);
    if (!c) return undefined;
    out.push(c);
  }
  return out;
}

function assemble(chunks: readonly Chunk[], keyCounts?: Map<string, number>): HieraDataFile {
  const entries: HieraEntry[] = [];
  for (const c of chunks) for (const e of c.entries) entries.push(e);
  let counts = keyCounts;
  if (!counts) {
    counts = new Map();
    for (const e of entries) counts.set(e.key, (counts.get(e.key) ?? 0) + 1);
  }
  let duplicated = false;
  for (const n of counts.values()) if (n > 1) duplicated = true;
  return { entries, problems: duplicated ? duplicateProblems(entries) : [], chunks, keyCounts: counts };
}

function shiftNode(node: unknown, delta: number, depth = 0): void {
  if (!node || typeof node !== 'object' || depth > 10_000) return;
  if (isPair(node)) {
    shiftNode(node.key, delta, depth + 1);
    shiftNode(node.value, delta, depth + 1);
    return;
  }
  const r = (node as { range?: number[] }).range;
  if (r) {
    r[0] += delta;
    r[1] += delta;
    r[2] += delta;
  }
  if (isCollection(node)) for (const x of node.items) shiftNode(x, delta, depth + 1);
}

/**
 * Moves a chunk by `delta` characters. Its nodes are moved in place, and its entries with them (they read their
 * ranges from the nodes): the previous parse result, which shares them, is stale from here on (the Project
 * keeps only the newest parse of each file).
 */
function shiftChunk(c: Chunk, delta: number): Chunk {
  if (delta === 0) return c;
  const docs = new Set<Document.Parsed>();
  for (const e of c.entries) docs.add(e.document);
  for (const d of docs) {
    const r = d.range as number[];
    r[0] += delta;
    r[1] += delta;
    r[2] += delta;
    shiftNode(d.contents, delta);
  }
  return {
    start: c.start + delta,
    end: c.end + delta,
    entries: c.entries,
  };
}

/** Re-parses only what an edit from `previous` to `text` touched; undefined when the file must be read whole. */
function reparse(
  text: string,
  previous: { text: string; file: HieraDataFile; change?: TextChange },
): HieraDataFile | undefined {
  const chunks = previous.file.chunks;
  const old = previous.text;
  if (!chunks || chunks.length === 0) return undefined;
  // The change: as the editor reported it, else found by comparing the texts.
  const { start: p, oldEnd } = previous.change ?? editBetween(old, text);
  const delta = text.length - old.length;
  // The chunks the edit touches, one more on each side when the edit reaches a chunk's edge.
  let first = chunks.findIndex((c) => c.end > p || c.end === old.length);
  if (first < 0) return undefined;
  if (first > 0 && chunks[first].start >= p - 1) first--;
  let last = first;
  while (last + 1 < chunks.length && chunks[last + 1].start <= oldEnd + 1) last++;
  const from = chunks[first].start;
  const to = chunks[last].end + delta;
  if (to < from || to > text.length) return undefined;
  if (from > 0 && !isBoundary(text, from)) return undefined;
  const fresh = parseChunks(text, from, to);
  if (!fresh) return undefined;
  const after = chunks.slice(last + 1).map((c) => shiftChunk(c, delta));
  // The key counts of the previous parse, less the chunks parsed again, plus what they hold now.
  const counts = previous.file.keyCounts;
  if (counts) {
    for (let k = first; k <= last; k++)
      for (const e of chunks[k].entries) counts.set(e.key, (counts.get(e.key) ?? 1) - 1);
    for (const c of fresh) for (const e of c.entries) counts.set(e.key, (counts.get(e.key) ?? 0) + 1);
    for (let k = first; k <= last; k++)
      for (const e of chunks[k].entries) if (counts.get(e.key) === 0) counts.delete(e.key);
  }
  return assemble([...chunks.slice(0, first), ...fresh, ...after], counts);
}

/**
 * Parses a Hiera data file. With the previous text and its parse, only what changed is parsed again when the
 * file allows it (see the header); the result is the same either way.
 */
export function parseHieraData(
  text: string,
  previous?: { text: string; file: HieraDataFile; change?: TextChange },
): HieraDataFile {
  if (previous?.file.chunks) {
    // When the edited part cannot stand on its own (a syntax error being typed), the whole file decides.
    return reparse(text, previous) ?? parseHieraDataWhole(text);
  }
  const chunks = text.length > CHUNK_CHARS && mayChunk(text) ? parseChunks(text, 0, text.length) : undefined;
  return chunks ? assemble(chunks) : parseHieraDataWhole(text);
}

/** A cheap look for what rules chunks out (directives, merge keys, anchors, aliases), to not try in vain. */
function mayChunk(text: string): boolean {
  return !text.includes('<<') && !/(^|\n)%/.test(text) && !/(^|[\s[{,])[&*][^\s,\]}]/.test(text);
}

/**
 * The file's data as Puppet's yaml_data reads it: every mapping a Map (keys keep their YAML type), aliases and
 * merge keys resolved with a bounded expansion. Undefined when a value cannot be expanded within the bound.
 */
export function entryData(entry: HieraEntry): unknown {
  return toPlain(entry.document, entry.valueNode, true);
}

/**
 * Passes each whole Float of a converted value (`data`, from entryData or documentData on `node` of `doc`)
 * through `wrap`, in place: a plain scalar written as a float (`1.0`) whose value is whole, which the conversion
 * made a number like the Integer 1. Aliases are followed to their anchor's node and merge keys (`<<`) to the
 * mappings they merge, each key of a mapping to the node its value came from as psychMergeToJSMap chose it.
 */
export function markWholeFloats(
  doc: Document.Parsed,
  node: Node | null,
  data: unknown,
  wrap: (n: number) => unknown,
): unknown {
  return markNode(doc, node, data, wrap, new Set());
}

function markNode(
  doc: Document.Parsed,
  node: Node | null,
  data: unknown,
  wrap: (n: number) => unknown,
  /** The nodes being marked further up: an alias back to one of them (a cycle) is not followed again. */
  open: Set<Node>,
): unknown {
  const target = resolveAlias(doc, node);
  if (target === null || open.has(target)) return data;
  if (isScalar(target)) {
    const whole =
      typeof target.value === 'number' &&
      Number.isInteger(target.value) &&
      target.type === 'PLAIN' &&
      typeof target.source === 'string' &&
      psychFloat.test!.test(target.source);
    return whole && data === target.value ? wrap(target.value as number) : data;
  }
  open.add(target);
  if (isMap(target) && isJsHash(data)) {
    // A Map (mapAsMap) keeps the keys as YAML typed them; an object has them as strings.
    const asMap = data instanceof Map;
    for (const [key, from] of mapValueNodes(doc, target, new Set())) {
      const k = asMap ? key : String(key);
      if (asMap ? !data.has(k) : !Object.hasOwn(data, k as string)) continue;
      const v: unknown = asMap ? data.get(k) : (data as Record<string, unknown>)[k as string];
      const marked = markNode(doc, from, v, wrap, open);
      if (marked !== v) jsSet(data, k, marked);
    }
  } else if (isSeq(target) && Array.isArray(data) && target.items.length === data.length) {
    (target.items as (Node | null)[]).forEach((item, i) => {
      data[i] = markNode(doc, item, data[i], wrap, open);
    });
  }
  open.delete(target);
  return data;
}

/** The node an alias stands for (the node itself when it is none); null when it cannot be resolved. */
function resolveAlias(doc: Document.Parsed, node: Node | null): Node | null {
  if (node === null || !isAlias(node)) return node;
  try {
    return (node.resolve(doc) as Node | undefined) ?? null;
  } catch {
    return null;
  }
}

function isMergeKey(key: unknown): boolean {
  return (isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<') || isQuotedMergeKey(key);
}

/**
 * A quoted `'<<'` or `"<<"` key without a tag: Psych merges at it as at a plain `<<` (only `!!str <<` is a plain
 * key), where the `yaml` package reads a String.
 */
function isQuotedMergeKey(key: unknown): key is Scalar {
  return (
    isScalar(key) &&
    key.value === '<<' &&
    (key.type === 'QUOTE_SINGLE' || key.type === 'QUOTE_DOUBLE') &&
    key.tag === undefined
  );
}

/**
 * Makes each quoted merge key of the document merge when converted, as Psych merges at it, and a `!!str <<` key
 * a plain key, which the `yaml` package would merge at.
 */
function mergeAtQuotedKeys(doc: Document.Parsed): void {
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      if (isQuotedMergeKey(key)) Object.assign(key, { addToJSMap: psychMergeToJSMap });
      else if (isScalar(key) && key.value === '<<' && key.tag === 'tag:yaml.org,2002:str')
        Object.assign(key, { addToJSMap: plainMergeKeyToJSMap });
    },
  });
}

function plainMergeKeyToJSMap(ctx: ToJSContext | undefined, map: JsMap, value: unknown): JsMap {
  jsSet(map, '<<', toJS(value, '<<', ctx));
  return map;
}

/**
 * For each scalar key of a mapping, the node its converted value comes from, merge keys followed as
 * psychMergeToJSMap merges them.
 */
function mapValueNodes(doc: Document.Parsed, map: Node, open: Set<Node>): Map<unknown, Node | null> {
  const out = new Map<unknown, Node | null>();
  if (!isMap(map) || open.has(map)) return out;
  open.add(map);
  for (const pair of map.items as Pair<Node | null, Node | null>[]) {
    if (isMergeKey(pair.key)) {
      const source = isSeq(pair.value) ? null : resolveAlias(doc, pair.value);
      const list = isSeq(pair.value) ? (pair.value.items as (Node | null)[]).map((n) => resolveAlias(doc, n)) : [];
      if (isMap(source)) {
        for (const [k, from] of mapValueNodes(doc, source, open)) out.set(k, from);
      } else if (list.length > 0 && list.every((m) => isMap(m))) {
        const merged = new Map<unknown, Node | null>();
        for (const m of [...list].reverse()) for (const [k, from] of mapValueNodes(doc, m!, open)) merged.set(k, from);
        for (const [k, from] of merged) out.set(k, from);
      } else out.set('<<', pair.value);
    } else if (isScalar(pair.key)) out.set(pair.key.value, pair.value);
  }
  open.delete(map);
  return out;
}

/**
 * The entry's value (as `value`: plain objects for mappings) with each whole Float passed through `wrap`, nested
 * ones and those reached through aliases and merge keys included; `value` itself is left as it is (a copy is
 * marked when it holds a whole number at all).
 */
export function valueWithWholeFloats(entry: HieraEntry, wrap: (n: number) => unknown): unknown {
  const v = entry.value;
  if (!holdsWholeNumber(v, 0)) return v;
  let copy: unknown;
  try {
    copy = typeof v === 'object' ? structuredClone(v) : v;
  } catch {
    // Nothing YAML gives cannot be cloned; should it happen, the value is checked as it is.
    return v;
  }
  return markWholeFloats(entry.document, entry.valueNode, copy, wrap);
}

function holdsWholeNumber(v: unknown, depth: number): boolean {
  if (typeof v === 'number') return Number.isInteger(v);
  if (v === null || typeof v !== 'object' || depth > MAX_YAML_NESTING) return false;
  return (Array.isArray(v) ? v : Object.values(v)).some((x) => holdsWholeNumber(x, depth + 1));
}

/** True when the top level holds a merge key (`<<: *defaults`), which only the whole document can resolve. */
export function hasTopLevelMerge(file: HieraDataFile): boolean {
  return file.entries.some((e) => e.key === '<<');
}

/** The whole document's data (for a top-level merge key), as entryData; undefined when it cannot be expanded. */
export function documentData(file: HieraDataFile): unknown {
  const doc = file.document;
  if (!doc) return undefined;
  try {
    return doc.toJS({ mapAsMap: true, maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return undefined;
  }
}

/** The ranges of a nested entry of a value (`['quorum']` in a hash, `[1]` in a list), or undefined. */
export function nestedRanges(
  node: Node | null,
  path: ReadonlyArray<string | number>,
): { key?: TextRange; value?: TextRange } | undefined {
  let current: Node | null = node;
  let keyRange: TextRange | undefined;
  for (const step of path) {
    if (!current) return undefined;
    if (isMap(current)) {
      const pair = (current.items as Pair<Node | null, Node | null>[]).find(
        (p) => isScalar(p.key) && String(p.key.value) === String(step),
      );
      if (!pair) return undefined;
      keyRange = pair.key?.range ? nodeRange(pair.key, 0) : undefined;
      current = pair.value ?? null;
    } else if (isSeq(current) && typeof step === 'number') {
      current = (current.items[step] as Node | undefined) ?? null;
      keyRange = undefined;
    } else return undefined;
  }
  return { ...(keyRange ? { key: keyRange } : {}), ...(current?.range ? { value: nodeRange(current, 0) } : {}) };
}

/** The source text of a scalar as written (with its quotes), for rules that care how a value was written. */
export function isQuotedScalar(node: Node | null): boolean {
  return isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
}
