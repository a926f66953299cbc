// The explanation of a lookup as data, in the shape `puppet lookup --explain` prints: the search for
// lookup_options and for the key, each layer (global, environment, module) with its configuration, each hierarchy
// entry, each location with whether it exists, every found value, interpolation and merge step. A renderer turns
// it into indented text for the CLI and the lookup preview.

import { renderValue, type HieraValue } from './values.js';

export type LayerName = 'global' | 'environment' | 'module';

export type ExplainNode =
  | {
      readonly kind: 'search';
      readonly key: string;
      readonly purpose: 'data' | 'lookup_options' | 'default_hierarchy';
      readonly children: readonly ExplainNode[];
    }
  | {
      readonly kind: 'layer';
      readonly layer: LayerName;
      readonly module?: string;
      readonly configPath?: string;
      readonly version?: number;
      readonly children: readonly ExplainNode[];
    }
  | { readonly kind: 'merge'; readonly strategy: string; readonly children: readonly ExplainNode[] }
  | { readonly kind: 'merged'; readonly value: HieraValue }
  | { readonly kind: 'merge-source'; readonly source: 'lookup_options' | 'caller' }
  | {
      readonly kind: 'entry';
      readonly name: string;
      readonly backend: string;
      readonly children: readonly ExplainNode[];
    }
  | {
      readonly kind: 'location';
      readonly path: string;
      readonly original: string;
      readonly exists: boolean;
      readonly children: readonly ExplainNode[];
    }
  | { readonly kind: 'interpolation'; readonly subject: string; readonly children: readonly ExplainNode[] }
  | { readonly kind: 'scope'; readonly children: readonly ExplainNode[] }
  | {
      readonly kind: 'sub-lookup';
      readonly segments: readonly (string | number)[];
      readonly children: readonly ExplainNode[];
    }
  | { readonly kind: 'found'; readonly key: string; readonly value: HieraValue }
  | { readonly kind: 'not-found'; readonly key: string }
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'error'; readonly message: string; readonly path?: string; readonly offset?: number };

const LAYER_TITLE: Record<LayerName, string> = { global: 'Global', environment: 'Environment', module: 'Module' };

/** Renders explanation nodes as indented text, two spaces per level. */
export function renderExplanation(nodes: readonly ExplainNode[]): string {
  const lines: string[] = [];
  const emit = (depth: number, text: string): void => {
    const pad = '  '.repeat(depth);
    for (const line of text.split('\n')) lines.push(pad + line);
  };
  const visit = (n: ExplainNode, depth: number): void => {
    switch (n.kind) {
      case 'search':
        emit(
          depth,
          n.purpose === 'default_hierarchy' ? `Searching default_hierarchy for "${n.key}"` : `Searching for "${n.key}"`,
        );
        break;
      case 'layer': {
        const mod = n.module ? ` "${n.module}"` : '';
        const version = n.version !== undefined ? ` (hiera configuration version ${n.version})` : '';
        emit(depth, `${LAYER_TITLE[n.layer]}${mod} Data Provider${version}`);
        if (n.configPath) emit(depth + 1, `Using configuration "${n.configPath}"`);
        break;
      }
      case 'merge':
        emit(depth, `Merge strategy ${n.strategy}`);
        break;
      case 'merged':
        emit(depth, `Merged result: ${renderValue(n.value)}`);
        return;
      case 'merge-source':
        emit(
          depth,
          n.source === 'lookup_options'
            ? 'Using merge options from "lookup_options" hash'
            : 'Using merge options given by the caller',
        );
        return;
      case 'entry':
        emit(depth, `Hierarchy entry "${n.name}"`);
        break;
      case 'location':
        emit(depth, `Path "${n.path}"`);
        emit(depth + 1, `Original path: "${n.original}"`);
        if (!n.exists) emit(depth + 1, 'Path not found');
        break;
      case 'interpolation':
        emit(depth, `Interpolation on "${n.subject}"`);
        break;
      case 'scope':
        emit(depth, 'Global Scope');
        break;
      case 'sub-lookup':
        emit(depth, `Sub key: "${n.segments.join('.')}"`);
        break;
      case 'found':
        emit(depth, `Found key: "${n.key}" value: ${renderValue(n.value)}`);
        return;
      case 'not-found':
        emit(depth, `No such key: "${n.key}"`);
        return;
      case 'note':
        emit(depth, n.text);
        return;
      case 'error':
        emit(depth, `Error: ${n.message}`);
        return;
    }
    for (const c of n.children) visit(c, depth + 1);
  };
  for (const n of nodes) visit(n, 0);
  return lines.join('\n');
}
