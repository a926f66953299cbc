// Lists the exports of server/src and client/src that no other file imports: dead code ("unused"), or an
// `export` that only its own file needs ("used only in its own file": often a type that is part of an exported
// signature, kept). Usage: node --import tsx scripts/unused-exports.ts --unused (only the dead ones; exit 1 when
// there are some), or without the flag for both lists.
// It reads the TypeScript program of tsconfig.json's projects and counts, for every exported name, the
// identifiers with that name in other files that resolve to the same symbol.

import ts from 'typescript';
import { relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const projects = ['server', 'client', 'test'].map((p) => resolve(ROOT, p, 'tsconfig.json'));
const files = new Set<string>();
let options: ts.CompilerOptions = {};
for (const p of projects) {
  const cfg = ts.getParsedCommandLineOfConfigFile(p, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!cfg) continue;
  for (const f of cfg.fileNames) if (/\.tsx?$/.test(f)) files.add(f);
  options = { ...cfg.options, composite: false, declaration: false, noEmit: true };
}
const program = ts.createProgram([...files], options);
const checker = program.getTypeChecker();

/** symbol → files (other than its own) that name it */
const usedElsewhere = new Map<ts.Symbol, Set<string>>();
const canonical = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
for (const sf of program.getSourceFiles()) {
  if (sf.isDeclarationFile || !files.has(sf.fileName)) continue;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const s = checker.getSymbolAtLocation(node);
      if (s) {
        const c = canonical(s);
        const set = usedElsewhere.get(c) ?? new Set<string>();
        set.add(sf.fileName);
        usedElsewhere.set(c, set);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

/** Called from outside the program: VS Code calls the extension's activate/deactivate. */
const ENTRY_POINTS = new Set(['client/src/extension.ts:activate', 'client/src/extension.ts:deactivate']);

const out: string[] = [];
for (const sf of program.getSourceFiles()) {
  const rel = relative(ROOT, sf.fileName);
  if (!/^(server|client)\/src\//.test(rel) || sf.isDeclarationFile) continue;
  const mod = checker.getSymbolAtLocation(sf);
  if (!mod) continue;
  for (const exp of checker.getExportsOfModule(mod)) {
    if (ENTRY_POINTS.has(`${rel}:${exp.getName()}`)) continue;
    const c = canonical(exp);
    const users = [...(usedElsewhere.get(c) ?? [])].filter((f) => f !== sf.fileName);
    if (users.length > 0) continue;
    const decl = c.declarations?.[0];
    if (decl && decl.getSourceFile() !== sf) continue; // a re-export: judged where it is declared
    const line = decl ? sf.getLineAndCharacterOfPosition(decl.getStart()).line + 1 : 0;
    const usedHere = (usedElsewhere.get(c)?.size ?? 0) > 0 && countIn(sf, c) > 1;
    out.push(`${rel}:${line} ${exp.getName()}${usedHere ? ' (used only in its own file)' : ' (unused)'}`);
  }
}

function countIn(sf: ts.SourceFile, sym: ts.Symbol): number {
  let n = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const s = checker.getSymbolAtLocation(node);
      if (s && canonical(s) === sym) n++;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return n;
}

out.sort();
const shown = process.argv.includes('--unused') ? out.filter((l) => l.endsWith('(unused)')) : out;
for (const l of shown) console.log(l);
console.log(`${shown.length} export(s) no other file uses`);
process.exit(shown.length > 0 ? 1 : 0);
