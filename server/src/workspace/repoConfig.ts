// The per-repo configuration, `.mesos-puppet.yaml` at the control repo root: rule severities (or off), files
// to ignore (globs relative to the root), extra module folders, the Mesos version and a folder of node facts. Validated with zod; each
// problem is a sentence of ours with the range of the value at fault, never raw validation text. A broken
// config is reported and the valid parts are still used: a setting that is invalid keeps its default.

import { z } from 'zod';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { TextRange } from '../base/textRange.js';
import { defineQuery } from '../base/queries.js';
import type { Project } from './project.js';
import { isCode, type Severity } from '../base/diagnosticCodes.js';

export const REPO_CONFIG_FILE = '.mesos-puppet.yaml';

export type RuleLevel = 'off' | 'error' | 'warning' | 'note';

export interface RepoConfig {
  /** Severity per code; `off` drops the rule. */
  readonly rules: ReadonlyMap<string, RuleLevel>;
  /** Globs relative to the repo root (`**`, `*`, `?`); matching files are not checked. */
  readonly ignore: readonly string[];
  /** Extra module folders, relative to the repo root or absolute. */
  readonly modulePath: readonly string[];
  /** The Mesos version the cluster runs (e.g. `1.11.0`), when the repo says. */
  readonly mesosVersion?: string;
  /** A folder of node facts, `<certname>.yaml` or `.json`, relative to the repo root or absolute. */
  readonly facts?: string;
}

export interface RepoConfigProblem {
  readonly range: TextRange;
  readonly message: string;
}

export interface RepoConfigResult {
  readonly config: RepoConfig;
  readonly problems: readonly RepoConfigProblem[];
}

export const EMPTY_REPO_CONFIG: RepoConfig = { rules: new Map(), ignore: [], modulePath: [] };

const LEVELS = ['off', 'error', 'warning', 'note'] as const;

const fields = {
  rules: z.record(z.string(), z.unknown()),
  ignore: z.array(z.string().min(1)),
  modulePath: z.array(z.string().min(1)),
  mesosVersion: z.string().regex(/^\d+\.\d+(\.\d+)?$/),
  facts: z.string().min(1),
} as const;

const EXPLAIN: Record<keyof typeof fields, string> = {
  rules: `'rules' maps diagnostic codes (see \`mesos-puppet check --list-rules\`) to one of ${LEVELS.join(', ')}, e.g. {hiera/unknown-key: note}`,
  ignore: "'ignore' is a list of globs relative to the repo root, e.g. ['data/legacy/**']",
  modulePath: "'modulePath' is a list of module folders, relative to the repo root or absolute",
  mesosVersion: "'mesosVersion' is a Mesos version such as '1.11.0' (quote it)",
  facts: "'facts' is a folder of node facts (<certname>.yaml or .json), relative to the repo root or absolute",
};

/** Reads a `.mesos-puppet.yaml`: what it configures and what is wrong with it, with ranges. Never throws. */
export function parseRepoConfig(text: string): RepoConfigResult {
  const problems: RepoConfigProblem[] = [];
  const doc = parseDocument(text, { lineCounter: new LineCounter(), logLevel: 'silent', uniqueKeys: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const start = e.pos[0];
    problems.push({
      range: { start, end: Math.max(start, e.pos[1]) },
      message: `${REPO_CONFIG_FILE} is not valid YAML: ${e.message.split('\n')[0]} The defaults are used.`,
    });
    return { config: EMPTY_REPO_CONFIG, problems };
  }
  const whole: TextRange = { start: 0, end: text.length };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null))
    return { config: EMPTY_REPO_CONFIG, problems };
  if (!isMap(doc.contents)) {
    problems.push({
      range: rangeOf(doc.contents) ?? whole,
      message: `${REPO_CONFIG_FILE} must be a mapping with any of: ${Object.keys(fields).join(', ')}.`,
    });
    return { config: EMPTY_REPO_CONFIG, problems };
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  const out: {
    rules: Map<string, RuleLevel>;
    ignore: string[];
    modulePath: string[];
    mesosVersion?: string;
    facts?: string;
  } = { rules: new Map(), ignore: [], modulePath: [] };
  for (const pair of doc.contents.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!Object.prototype.hasOwnProperty.call(fields, name)) {
      problems.push({
        range: rangeOf(pair.key as YamlNode) ?? whole,
        message: `Unknown setting '${name}': ${REPO_CONFIG_FILE} takes ${Object.keys(fields).join(', ')}.`,
      });
    }
  }
  for (const name of Object.keys(fields) as (keyof typeof fields)[]) {
    if (data[name] === undefined || data[name] === null) continue;
    const r = fields[name].safeParse(data[name]);
    if (!r.success) {
      const issue = r.error.issues[0];
      const at =
        rangeOf(doc.getIn([name, ...issue.path.map(String)], true) as YamlNode | undefined) ??
        rangeOf(doc.getIn([name], true) as YamlNode | undefined) ??
        whole;
      const item = issue.path.length > 0 ? ` ('${issue.path.join('.')}')` : '';
      problems.push({ range: at, message: `Invalid ${name}${item}: ${EXPLAIN[name]}. This setting is ignored.` });
      continue;
    }
    if (name === 'rules') {
      for (const [code, level] of Object.entries(r.data as Record<string, unknown>)) {
        if (!(LEVELS as readonly unknown[]).includes(level)) {
          const at = rangeOf(doc.getIn(['rules', code], true) as YamlNode | undefined) ?? whole;
          problems.push({
            range: at,
            message: `Invalid level for '${code}': a rule is one of ${LEVELS.join(', ')}. Its default is kept.`,
          });
          continue;
        }
        if (!isCode(code)) {
          const keyNode = findKey(doc, ['rules'], code);
          problems.push({
            range: (keyNode && rangeOf(keyNode)) ?? whole,
            message: `Unknown rule '${code}': \`mesos-puppet check --list-rules\` lists the codes. It is ignored.`,
          });
          continue;
        }
        out.rules.set(code, level as RuleLevel);
      }
    } else if (name === 'mesosVersion') out.mesosVersion = r.data as string;
    else if (name === 'facts') out.facts = r.data as string;
    else out[name] = r.data as string[];
  }
  problems.sort((a, b) => a.range.start - b.range.start);
  return { config: out, problems };
}

function rangeOf(node: YamlNode | undefined | null): TextRange | undefined {
  const r = node && (node as { range?: [number, number, number] }).range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

function findKey(doc: Document, path: readonly string[], key: string): YamlNode | undefined {
  const map = doc.getIn(path, true);
  if (!isMap(map)) return undefined;
  for (const p of map.items) if (isScalar(p.key) && String(p.key.value) === key) return p.key as YamlNode;
  return undefined;
}

/** The severity a rule level gives, or undefined for `off`. */
export function levelSeverity(level: RuleLevel): Severity | undefined {
  return level === 'off' ? undefined : level === 'note' ? 'information' : level;
}

/** A glob (`**` any folders, `*` and `?` within one name) as a regular expression over a relative path. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  const g = glob.replace(/^\.\//, '').replace(/\/+$/, '/**');
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      i++;
      if (g[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A folder name matches everything below it.
  return new RegExp(`^${re}(?:/.*)?$`);
}

const repoConfigQuery = defineQuery('repoConfig', (project: Project, root: string): RepoConfigResult => {
  const text = project.readText(`${root === '/' ? '' : root}/${REPO_CONFIG_FILE}`);
  return text === undefined ? { config: EMPTY_REPO_CONFIG, problems: [] } : parseRepoConfig(text);
});

/** The configuration of the control repo at `root` (its `.mesos-puppet.yaml`, the editor's text if open): a query, read again when that file changes. */
export function repoConfigFor(project: Project, root: string): RepoConfigResult {
  return project.query(repoConfigQuery, root);
}
