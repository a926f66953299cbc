// Tokenizes text with our TextMate grammars exactly as VS Code does (vscode-textmate on the Oniguruma WASM build),
// for the grammar tests. `source.yaml` is a minimal stand-in grammar under test/fixtures/grammars/ that exists only
// to host the Hiera interpolation injection: no npm package we install ships a YAML TextMate grammar.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const root = join(__dirname, '..', '..');

/** Where each scope's grammar lives, and which grammars inject into which scope (as package.json declares them). */
const grammarFiles: Readonly<Record<string, string>> = {
  'source.puppet': join(root, 'syntaxes', 'puppet.tmLanguage.json'),
  'source.puppetfile': join(root, 'syntaxes', 'puppetfile.tmLanguage.json'),
  'text.hiera.interpolation.injection': join(root, 'syntaxes', 'hiera-interpolation.tmLanguage.json'),
  'source.yaml': join(root, 'test', 'fixtures', 'grammars', 'yaml-host.tmLanguage.json'),
};
const injections: Readonly<Record<string, readonly string[]>> = {
  'source.yaml': ['text.hiera.interpolation.injection'],
};

export interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

let registryPromise: Promise<vsctm.Registry> | undefined;

function registry(): Promise<vsctm.Registry> {
  registryPromise ??= (async () => {
    const wasmPath = join(dirname(require.resolve('vscode-oniguruma')), 'onig.wasm');
    const wasm = readFileSync(wasmPath);
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const onigLib: Promise<vsctm.IOnigLib> = Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    });
    return new vsctm.Registry({
      onigLib,
      loadGrammar: async (scopeName) => {
        const file = grammarFiles[scopeName];
        return file === undefined ? null : vsctm.parseRawGrammar(readFileSync(file, 'utf8'), file);
      },
      getInjections: (scopeName) => (injections[scopeName] ? [...injections[scopeName]] : undefined),
    });
  })();
  return registryPromise;
}

export interface Tokenized {
  readonly lines: readonly (readonly Token[])[];
  /** Depth of the rule stack after the last line: 1 when every begin/end rule that opened has closed. */
  readonly endDepth: number;
}

/**
 * Tokens of each line of `text`, tokenized with the grammar of `scopeName` (line ends are not part of tokens).
 * Throws where VS Code would silently give up on a line: a time-out, or vscode-textmate's "endless loop" guard
 * (a rule that pushed and popped without advancing), which it only reports through console.error.
 */
export async function tokenize(scopeName: string, text: string): Promise<Tokenized> {
  const grammar = await (await registry()).loadGrammar(scopeName);
  if (!grammar) throw new Error(`no grammar for ${scopeName}`);
  let stack = vsctm.INITIAL;
  const lines: Token[][] = [];
  const complaints: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => void complaints.push(args.map(String).join(' '));
  try {
    for (const line of text.split(/\r?\n/)) {
      const result = grammar.tokenizeLine(line, stack, 1000);
      if (result.stoppedEarly || complaints.length > 0) {
        throw new Error(
          `tokenizing stopped on line ${lines.length + 1} (${complaints.join('; ') || 'time-out'}): ${line}`,
        );
      }
      lines.push(
        result.tokens
          .map((t) => ({ text: line.slice(t.startIndex, Math.min(t.endIndex, line.length)), scopes: t.scopes }))
          .filter((t) => t.text.length > 0),
      );
      stack = result.ruleStack;
    }
  } finally {
    console.error = consoleError;
  }
  return { lines, endDepth: stack.depth };
}

/**
 * The golden-file form: `#N` starts source line N, then one line per token: its text (JSON-quoted, so whitespace
 * shows) and its scopes without the root scope.
 */
export function formatTokens(lines: readonly (readonly Token[])[]): string {
  const out: string[] = [];
  lines.forEach((tokens, i) => {
    out.push(`#${i + 1}`);
    for (const t of tokens) out.push(`${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' ')}`.trimEnd());
  });
  return `${out.join('\n')}\n`;
}
