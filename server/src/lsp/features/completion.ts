// textDocument/completion and completionItem/resolve: the ide's completion items (as snippets when the client
// takes them), with documentation filled in only for the item the editor shows. The list is marked incomplete
// so the editor asks again as the user types: key lists are narrowed to the namespace being typed.
//
// A list can hold a couple of thousand classes, so it travels compactly: what every item shares (the range it
// replaces, the text format, the resolve data) is sent once as `itemDefaults` to clients that take them, and
// the resolve data names the file and kind only — the key or class is the item's label.

import type { CompletionItem as LspCompletionItem, CompletionList, Range } from 'vscode-languageserver';
import { complete, resolveCompletion } from '../../ide/completion.js';
import type { CompletionResolve } from '../../ide/types.js';
import { toCompletionItem } from '../convert.js';
import { guarded, type Feature } from '../session.js';

/** What travels as an item's `data`. */
interface WireData {
  readonly kind: CompletionResolve['kind'];
  readonly path: string;
}

function toWire(r: CompletionResolve): WireData {
  return { kind: r.kind, path: r.path };
}

function fromWire(data: WireData, label: string): CompletionResolve {
  return data.kind === 'hiera-key'
    ? { kind: 'hiera-key', path: data.path, key: label }
    : { kind: 'puppet-class', path: data.path, name: label };
}

const sameRange = (a: Range, b: Range): boolean =>
  a.start.line === b.start.line &&
  a.start.character === b.start.character &&
  a.end.line === b.end.line &&
  a.end.character === b.end.character;

/** The list, with what all its items share moved to `itemDefaults` where the client supports it. */
export function compactList(items: LspCompletionItem[], defaults: ReadonlySet<string>): CompletionList {
  const list: CompletionList = { isIncomplete: true, items };
  const first = items[0];
  if (!first || items.length < 2) return list;
  const itemDefaults: NonNullable<CompletionList['itemDefaults']> = {};
  const rangeOf = (i: LspCompletionItem): Range | undefined =>
    i.textEdit && 'range' in i.textEdit ? i.textEdit.range : undefined;
  const range = rangeOf(first);
  if (
    defaults.has('editRange') &&
    range &&
    items.every((i) => {
      const r = rangeOf(i);
      return r !== undefined && sameRange(r, range);
    })
  ) {
    itemDefaults.editRange = range;
    for (const i of items) {
      const text = i.textEdit!.newText;
      delete i.textEdit;
      if (text !== i.label) i.textEditText = text;
    }
  }
  if (
    defaults.has('insertTextFormat') &&
    first.insertTextFormat !== undefined &&
    items.every((i) => i.insertTextFormat === first.insertTextFormat)
  ) {
    itemDefaults.insertTextFormat = first.insertTextFormat;
    for (const i of items) delete i.insertTextFormat;
  }
  const data = first.data as WireData | undefined;
  if (
    defaults.has('data') &&
    data &&
    items.every((i) => (i.data as WireData | undefined)?.kind === data.kind && (i.data as WireData).path === data.path)
  ) {
    itemDefaults.data = data;
    for (const i of items) delete i.data;
  }
  if (Object.keys(itemDefaults).length > 0) list.itemDefaults = itemDefaults;
  return list;
}

export const completionFeature: Feature = {
  capabilities: () => ({
    completionProvider: { triggerCharacters: [':', "'", '"', '{', '.', ' '], resolveProvider: true },
  }),
  register(s) {
    s.connection.onCompletion((params, token) =>
      s.withDocument(params.textDocument.uri, token, (doc) => {
        const items = complete(s.project(), doc.path, doc.index.offset(params.position));
        const c = s.client();
        const converted = items.map((i) => {
          const out = toCompletionItem(doc.index, i, c.snippets, c.markdown);
          if (i.resolve) out.data = toWire(i.resolve);
          return out;
        });
        return compactList(converted, c.completionDefaults);
      }),
    );
    s.connection.onCompletionResolve((item) =>
      guarded(s, 'completionItem/resolve', () => {
        const data = item.data as WireData | undefined;
        if (!data || typeof data.path !== 'string' || item.documentation) return item;
        const doc = resolveCompletion(s.project(), fromWire(data, item.label));
        return doc
          ? { ...item, documentation: s.client().markdown ? { kind: 'markdown' as const, value: doc } : doc }
          : item;
      }),
    );
  },
};
