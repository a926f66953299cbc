// Expands a snippet body (VS Code / LSP snippet syntax) the way accepting every default would: a placeholder
// becomes its default text, a choice its first option, a bare tabstop the default of the placeholder it mirrors
// (or nothing), and `$0` disappears. The server sends that text to clients without snippet support; the snippet
// tests check the expansion with the real tools. Variables ($TM_FILENAME, ...) and transforms are rejected: our
// snippets use neither, and nobody can know here what they would expand to.

type SnippetNode =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'tabstop'; readonly index: number }
  | { readonly kind: 'placeholder'; readonly index: number; readonly children: readonly SnippetNode[] }
  | { readonly kind: 'choice'; readonly index: number; readonly options: readonly string[] };

export interface ExpandedSnippet {
  readonly text: string;
  /** Tabstop indexes in order of first appearance (0 included when present). */
  readonly tabstops: readonly number[];
}

export class SnippetSyntaxError extends Error {}

function parse(src: string, state: { i: number }, inPlaceholder: boolean): SnippetNode[] {
  const nodes: SnippetNode[] = [];
  let text = '';
  const flush = () => {
    if (text) nodes.push({ kind: 'text', value: text });
    text = '';
  };
  while (state.i < src.length) {
    const rest = src.slice(state.i);
    const c = src[state.i];
    if (c === '\\' && state.i + 1 < src.length && '$}\\'.includes(src[state.i + 1])) {
      text += src[state.i + 1];
      state.i += 2;
      continue;
    }
    if (c === '}' && inPlaceholder) {
      flush();
      return nodes;
    }
    if (c !== '$') {
      text += c;
      state.i += 1;
      continue;
    }
    let m: RegExpMatchArray | null;
    if ((m = rest.match(/^\$(\d+)/)) || (m = rest.match(/^\$\{(\d+)\}/))) {
      flush();
      nodes.push({ kind: 'tabstop', index: Number(m[1]) });
      state.i += m[0].length;
    } else if ((m = rest.match(/^\$\{(\d+):/))) {
      flush();
      state.i += m[0].length;
      const children = parse(src, state, true);
      if (src[state.i] !== '}') throw new SnippetSyntaxError(`unclosed placeholder \${${m[1]}: at ${state.i}`);
      state.i += 1;
      nodes.push({ kind: 'placeholder', index: Number(m[1]), children });
    } else if ((m = rest.match(/^\$\{(\d+)\|((?:[^|\\]|\\.)*)\|\}/))) {
      flush();
      const options = m[2].split(/(?<!\\),/).map((o) => o.replace(/\\(.)/g, '$1'));
      nodes.push({ kind: 'choice', index: Number(m[1]), options });
      state.i += m[0].length;
    } else if (/^\$\{?[A-Za-z_]/.test(rest) || /^\$\{\d+\//.test(rest)) {
      throw new SnippetSyntaxError(`variables and transforms are not supported: ${rest.slice(0, 20)}`);
    } else {
      text += c;
      state.i += 1;
    }
  }
  if (inPlaceholder) throw new SnippetSyntaxError('unclosed placeholder at end of body');
  flush();
  return nodes;
}

export function expandSnippet(body: string): ExpandedSnippet {
  const state = { i: 0 };
  const nodes = parse(body, state, false);
  const defaults = new Map<number, string>();
  const order: number[] = [];
  const collect = (list: readonly SnippetNode[]): void => {
    for (const n of list) {
      if (n.kind === 'text') continue;
      if (!order.includes(n.index)) order.push(n.index);
      if (n.kind === 'placeholder') {
        collect(n.children);
        if (!defaults.has(n.index)) defaults.set(n.index, render(n.children));
      } else if (n.kind === 'choice' && !defaults.has(n.index)) defaults.set(n.index, n.options[0] ?? '');
    }
  };
  const render = (list: readonly SnippetNode[]): string =>
    list
      .map((n) => {
        switch (n.kind) {
          case 'text':
            return n.value;
          case 'tabstop':
            return defaults.get(n.index) ?? '';
          case 'placeholder':
            return render(n.children);
          case 'choice':
            return n.options[0] ?? '';
        }
      })
      .join('');
  collect(nodes);
  return { text: render(nodes), tabstops: order };
}
