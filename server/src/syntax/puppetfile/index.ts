// The Puppetfile syntax layer: parse a Puppetfile into a model with ranges and syntax errors, and list the
// problems that need no outside knowledge. Depends on server/src/base only.

export { parsePuppetfile, firstReportedError } from './parser.js';
export { findPuppetfileProblems, applyTextEdits, KNOWN_OPTIONS, PUPPETFILE_PROBLEM_CODES } from './problems.js';
export type { PuppetfileProblem, PuppetfileFix } from './problems.js';
export { splitModuleName, isExactVersion, isVersionRange } from './names.js';
export type { ModuleNameParts } from './names.js';
export { tokenize } from './lexer.js';
export type { Token, TokenKind } from './lexer.js';
export type * from './model.js';
export { parsePuppetfileLock } from './lock.js';
export type { PuppetfileLock, LockSpec, LockDependency } from './lock.js';
