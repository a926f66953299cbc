// An evaluator for the part of the Puppet language that Mesos control repos and their modules use (deric/mesos,
// deric/zookeeper, puppetlabs/java, the repo's own profiles): it runs the main manifest for one node with its
// facts, declares classes with their parameters (given, from Hiera through the host's lookup, or defaults),
// evaluates defined types after the classes as Puppet's compiler does, and collects the resources of the
// catalog with the place that declared them. Templates are rendered by the ERB renderer.
//
// It reads code through `EvalHost` (the project's files, parsed with our own parser) and asks the host for Hiera
// values, so it needs nothing from the layers above. Bounded: a step budget stops any loop, and `fail()` or
// anything outside the subset ends the run with a finding, never a throw to the caller.

import {
  childNodes,
  childOfKind,
  heredocText,
  isNode,
  parsePuppet,
  tokenOfKind,
  unescapeDouble,
  type PuppetParse,
  type SyntaxNode,
  type SyntaxToken,
} from '../../syntax/puppet/index.js';
import { callFunction, formatted, type FunctionContext } from './functions.js';
import { formatDirective } from './rubyFormat.js';
import { isFloatValue, numberOf, numberValue, WholeFloat } from '../../base/wholeFloat.js';
import { renderErb, type ErbValue } from './erb.js';
import { EPP_RENDER, EPP_TEXT, EPP_VALUE, eppToPuppet } from './epp.js';
import {
  DEFAULT,
  capitalizeType,
  equals,
  fromData,
  hashGet,
  inspect,
  interpolated,
  isHash,
  isRef,
  isSpecial,
  isType,
  matchesType,
  regexMatch,
  safeRegex,
  toStr,
  truthy,
  type PHash,
  type PRef,
  type PType,
  type PValue,
} from './values.js';

export type MergeName = 'first' | 'unique' | 'hash' | 'deep';

export type HostLookup =
  | { readonly kind: 'found'; readonly value: unknown }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'error'; readonly message: string };

export interface EvalHost {
  readText(path: string): string | undefined;
  /** The parse of a manifest (the caller may share one parse per file text). */
  parse(path: string): { readonly text: string; readonly parse: PuppetParse } | undefined;
  /** Module directories, searched in order. */
  readonly modulePath: readonly string[];
  /** The module folders in one module path directory. */
  listModules(dir: string): readonly string[];
  /** A Hiera lookup for the node (lookup_options apply when merge is undefined). */
  lookup(key: string, merge?: MergeName): HostLookup;
}

export interface EvalInput {
  readonly host: EvalHost;
  readonly certname: string;
  readonly facts: Readonly<Record<string, unknown>>;
  /** The main manifest files in the order Puppet reads them (a folder's .pp files sorted by name). */
  readonly manifests: readonly string[];
  readonly environment?: string;
  /** Expression evaluations allowed (default EVAL_STEPS). */
  readonly maxSteps?: number;
  /**
   * A class no module on the path defines: Puppet stops the compile (the default here too); with this set the
   * class is skipped — an `error` finding names it, the run is incomplete — and the rest is evaluated.
   */
  readonly skipMissingClasses?: boolean;
}

export const EVAL_STEPS = 2_000_000;

export interface Place {
  readonly path: string;
  /** 1-based. */
  readonly line: number;
}

export interface CatalogResource {
  /** Lower case: `file`, `package`, `mesos::property`. */
  readonly type: string;
  readonly title: string;
  readonly params: Map<string, PValue>;
  readonly declared: Place;
  /** The classes and defined resources it sits in, outermost first: `Class[Mesos::Master]`, `Mesos::Property[x]`. */
  readonly containers: readonly string[];
  /** The templates its content was rendered from, when it was. */
  templates?: string[];
  /** For a defined type's resource: whether its body was evaluated. */
  evaluated?: boolean;
}

export interface EvalFinding {
  readonly kind: 'fail' | 'error' | 'warning' | 'limit' | 'unsupported';
  readonly message: string;
  readonly place?: Place;
}

export interface EvalResult {
  /** Classes in the order they were declared. */
  readonly classes: readonly string[];
  readonly resources: readonly CatalogResource[];
  readonly findings: readonly EvalFinding[];
  /** False when the run stopped early (fail(), an error Puppet stops at, the budget). */
  readonly complete: boolean;
  /** Where each class parameter's value came from: `mesos::master::options` → hiera or default. */
  readonly parameterSources: ReadonlyMap<string, 'given' | 'hiera' | 'default'>;
}

/** Ends the run: `fail()`, an error Puppet stops the compile at, or the budget. */
export class EvalStop extends Error {
  constructor(
    message: string,
    readonly kind: 'fail' | 'error' | 'limit' | 'unsupported',
    readonly place?: Place,
  ) {
    super(message);
  }
}

interface LoadedFile {
  readonly path: string;
  readonly text: string;
  readonly parse: PuppetParse;
  lineStarts?: number[];
}

interface Definition {
  readonly kind: 'class' | 'define';
  readonly name: string;
  readonly node: SyntaxNode;
  readonly file: LoadedFile;
}

export class Scope {
  readonly vars = new Map<string, PValue>();
  readonly defaults = new Map<string, Map<string, PValue>>();
  /** `$0`, `$1`, ... of the last successful regex match in this scope (Puppet's ephemeral match scope). */
  matches: (string | null)[] | undefined;
  constructor(
    /** Where variables not set here are looked up (inherited class, node scope, top scope). */
    readonly parent: Scope | undefined,
    /** The scope that declared this one: resource defaults reach down from it. */
    readonly dynamicParent: Scope | undefined,
    /** `mesos::master` for a class; '' for top and node scope; `Mesos::Property[x]` for a defined resource. */
    readonly name: string,
    readonly containers: readonly string[],
  ) {}

  lookup(name: string): PValue | undefined {
    if (/^\d+$/.test(name)) {
      if (this.matches) return this.matches[Number(name)] ?? null;
      return this.parent ? this.parent.lookup(name) : undefined;
    }
    return this.vars.has(name) ? this.vars.get(name) : this.parent?.lookup(name);
  }
}

interface Frame {
  readonly scope: Scope;
  readonly file: LoadedFile;
}

interface PendingDefine {
  readonly resource: CatalogResource;
  readonly def: Definition;
  readonly dynamicParent: Scope;
}

const BUILTIN_TYPES = new Set([
  'file',
  'package',
  'service',
  'exec',
  'user',
  'group',
  'cron',
  'host',
  'mount',
  'notify',
  'tidy',
  'augeas',
  'yumrepo',
  'ssh_authorized_key',
  'sshkey',
  'stage',
  'schedule',
  'filebucket',
  'resources',
  'selboolean',
  'selmodule',
  'zfs',
  'zone',
  'zpool',
  'mailalias',
  'maillist',
  'router',
  'vlan',
  'interface',
  'k5login',
  'macauthorization',
  'computer',
  'exec',
]);

/** Puppet's data types (and the abstract ones), which a bare capitalised word may name. */
const DATA_TYPES = new Set(
  (
    'Any Array Binary Boolean Callable CatalogEntry Class Collection Data Default Deferred Enum Error Float Hash Init ' +
    'Integer Iterable Iterator NotUndef Numeric Object Optional Pattern Regexp Resource RichData Runtime Scalar ' +
    'ScalarData SemVer SemVerRange Sensitive String Struct Timespan Timestamp Tuple Type TypeAlias TypeReference ' +
    'TypeSet URI Undef Unit Variant Node'
  ).split(' '),
);

const METAPARAMS = new Set([
  'require',
  'before',
  'notify',
  'subscribe',
  'tag',
  'stage',
  'alias',
  'audit',
  'loglevel',
  'noop',
  'schedule',
]);

export class Evaluator {
  readonly classes: string[] = [];
  readonly resources: CatalogResource[] = [];
  readonly findings: EvalFinding[] = [];
  readonly parameterSources = new Map<string, 'given' | 'hiera' | 'default'>();
  private readonly byRef = new Map<string, CatalogResource>();
  private readonly classScopes = new Map<string, Scope>();
  private readonly definitions = new Map<string, Definition>();
  private readonly triedFiles = new Set<string>();
  private readonly pending: PendingDefine[] = [];
  private readonly overrides: Array<{ ref: PRef; attrs: Map<string, PValue> }> = [];
  readonly top: Scope;
  private nodeScope: Scope | undefined;
  private steps: number;

  constructor(readonly input: EvalInput) {
    this.steps = input.maxSteps ?? EVAL_STEPS;
    this.top = new Scope(undefined, undefined, '', []);
    const facts = fromData(input.facts) as PHash;
    for (const [k, v] of facts) if (typeof k === 'string') this.top.vars.set(k, v);
    this.top.vars.set('facts', facts);
    const dot = input.certname.indexOf('.');
    this.top.vars.set(
      'trusted',
      new Map<PValue, PValue>([
        ['certname', input.certname],
        ['hostname', dot < 0 ? input.certname : input.certname.slice(0, dot)],
        ['domain', dot < 0 ? '' : input.certname.slice(dot + 1)],
        ['authenticated', 'local'],
        ['extensions', new Map()],
      ]),
    );
    this.top.vars.set('environment', input.environment ?? 'production');
    if (!this.top.vars.has('clientcert')) this.top.vars.set('clientcert', input.certname);
    this.top.vars.set('name', 'main');
    this.top.vars.set('title', 'main');
    this.classScopes.set('', this.top);
  }

  /** Runs the main manifests for the node; never throws. */
  run(): EvalResult {
    let complete = true;
    try {
      this.runMain();
    } catch (e) {
      complete = false;
      if (e instanceof EvalStop)
        this.findings.push({ kind: e.kind, message: e.message, ...(e.place ? { place: e.place } : {}) });
      else
        this.findings.push({
          kind: 'error',
          message: `internal evaluator error: ${e instanceof Error ? e.message : String(e)}`,
        });
    }
    return {
      classes: this.classes,
      resources: this.resources,
      findings: this.findings,
      complete: complete && !this.incomplete,
      parameterSources: this.parameterSources,
    };
  }

  private runMain(): void {
    const files: LoadedFile[] = [];
    for (const path of this.input.manifests) {
      const f = this.load(path);
      if (f) files.push(f);
    }
    const nodes: Array<{ node: SyntaxNode; file: LoadedFile }> = [];
    for (const f of files) {
      this.registerDefinitions(f);
      for (const c of childNodes(f.parse.tree)) if (c.kind === 'NodeDef') nodes.push({ node: c, file: f });
    }
    this.classes.push('settings');
    for (const f of files) this.evalStatements(f.parse.tree, { scope: this.top, file: f });
    if (nodes.length > 0) {
      const match = this.matchNode(nodes);
      if (!match)
        throw new EvalStop(`Could not find node statement with name 'default' or '${this.input.certname}'`, 'error');
      this.nodeScope = new Scope(this.top, this.top, '', []);
      const body = childOfKind(match.node, 'Block');
      if (body) this.evalStatements(body, { scope: this.nodeScope, file: match.file });
    }
    this.finish();
  }

  /** Defined resources after the classes, until none is left; then overrides. */
  private finish(): void {
    for (let p = this.pending.shift(); p; p = this.pending.shift()) this.evalDefine(p);
    for (const o of this.overrides) {
      const r = this.byRef.get(refKey(o.ref));
      if (r) for (const [k, v] of o.attrs) r.params.set(k, v);
    }
  }

  private matchNode(
    nodes: ReadonlyArray<{ node: SyntaxNode; file: LoadedFile }>,
  ): { node: SyntaxNode; file: LoadedFile } | undefined {
    const name = this.input.certname.toLowerCase();
    let regexMatch: { node: SyntaxNode; file: LoadedFile } | undefined;
    let dflt: { node: SyntaxNode; file: LoadedFile } | undefined;
    for (const n of nodes) {
      for (const h of childNodes(n.node).filter((c) => c.kind === 'HostName')) {
        const t = h.children.find(
          (c) => !isNode(c) && c.kind !== 'WHITESPACE' && c.kind !== 'COMMENT' && c.kind !== 'COMMA',
        ) as SyntaxToken | undefined;
        const inner = childNodes(h)[0];
        const text = n.file.text.slice(h.start, h.end).trim();
        if (/^default$/.test(text)) {
          dflt ??= n;
          continue;
        }
        if (text.startsWith('/') || t?.kind === 'REGEX' || inner?.kind === 'RegexExpr') {
          const re = safeRegex(text.replace(/^\/|\/$/g, ''));
          if (re?.test(name)) regexMatch ??= n;
          continue;
        }
        const literal = text.replace(/^['"]|['"]$/g, '').toLowerCase();
        if (literal === name) return n;
      }
    }
    return regexMatch ?? dflt;
  }

  // --- files and definitions -------------------------------------------------------------------------------------

  private load(path: string): LoadedFile | undefined {
    const p = this.input.host.parse(path);
    return p ? { path, text: p.text, parse: p.parse } : undefined;
  }

  private registerDefinitions(f: LoadedFile): void {
    for (const c of childNodes(f.parse.tree)) {
      if (c.kind !== 'ClassDef' && c.kind !== 'DefineDef') continue;
      const nameNode = childOfKind(c, 'DefName');
      if (!nameNode) continue;
      const name = f.text.slice(nameNode.start, nameNode.end).trim().replace(/^::/, '').toLowerCase();
      if (!this.definitions.has(name))
        this.definitions.set(name, { kind: c.kind === 'ClassDef' ? 'class' : 'define', name, node: c, file: f });
    }
  }

  /** The class or defined type of that name, loaded from the main manifests or the module path. */
  definition(name: string): Definition | undefined {
    name = name.replace(/^::/, '').toLowerCase();
    const known = this.definitions.get(name);
    if (known) return known;
    const parts = name.split('::');
    const rel =
      parts.length === 1 ? `${parts[0]}/manifests/init.pp` : `${parts[0]}/manifests/${parts.slice(1).join('/')}.pp`;
    for (const dir of this.input.host.modulePath) {
      const path = `${dir}/${rel}`;
      if (this.triedFiles.has(path)) continue;
      this.triedFiles.add(path);
      const f = this.load(path);
      if (!f) continue;
      this.registerDefinitions(f);
      const d = this.definitions.get(name);
      if (d) return d;
    }
    return undefined;
  }

  /** The text of a module file (`mesos/master.erb` under `templates`), from the first module path entry holding it. */
  moduleFile(spec: string, folder: 'templates' | 'files'): { path: string; text: string } | undefined {
    if (spec.startsWith('/')) {
      const text = this.input.host.readText(spec);
      return text === undefined ? undefined : { path: spec, text };
    }
    const slash = spec.indexOf('/');
    if (slash < 0) return undefined;
    for (const dir of this.input.host.modulePath) {
      const path = `${dir}/${spec.slice(0, slash)}/${folder}/${spec.slice(slash + 1)}`;
      const text = this.input.host.readText(path);
      if (text !== undefined) return { path, text };
    }
    return undefined;
  }

  placeOf(file: LoadedFile, offset: number): Place {
    if (!file.lineStarts) {
      const starts = [0];
      for (let i = 0; i < file.text.length; i++) if (file.text.charCodeAt(i) === 10) starts.push(i + 1);
      file.lineStarts = starts;
    }
    const starts = file.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { path: file.path, line: lo + 1 };
  }

  // --- classes and resources ---------------------------------------------------------------------------------------

  isClassDeclared(name: string): boolean {
    return this.classScopes.has(name.replace(/^::/, '').toLowerCase());
  }

  hasResource(ref: PRef): boolean {
    if (ref.type.toLowerCase() === 'class') return this.isClassDeclared(ref.title);
    return this.byRef.has(refKey(ref));
  }

  resourceByRef(ref: PRef): CatalogResource | undefined {
    return this.byRef.get(refKey(ref));
  }

  /** `include`, `contain`, `require`, or `class { name: ... }` (params given). */
  declareClass(rawName: string, params: Map<string, PValue> | undefined, at: Frame, offset: number): void {
    const name = rawName.replace(/^::/, '').toLowerCase();
    if (name === '' || name === 'main' || name === 'settings') return;
    if (this.classScopes.has(name)) {
      if (params)
        throw new EvalStop(
          `Duplicate declaration: Class[${capitalizeType(name)}] is already declared`,
          'error',
          this.placeOf(at.file, offset),
        );
      return;
    }
    const def = this.definition(name);
    if (!def || def.kind !== 'class') {
      if (!this.input.skipMissingClasses)
        throw new EvalStop(`Could not find class ::${name}`, 'error', this.placeOf(at.file, offset));
      this.incomplete = true;
      this.findings.push({
        kind: 'error',
        message: `Could not find class ::${name}: Puppet stops here; skipped, so what it declares is not shown`,
        place: this.placeOf(at.file, offset),
      });
      return;
    }
    const inherits = childOfKind(def.node, 'Inherits');
    let parent: Scope = this.nodeScope ?? this.top;
    if (inherits) {
      const pn = inherits.children.find((c) => !isNode(c) && c.kind === 'NAME') as SyntaxToken | undefined;
      if (pn) {
        const pname = def.file.text.slice(pn.start, pn.end).replace(/^::/, '').toLowerCase();
        this.declareClass(pname, undefined, { scope: this.top, file: def.file }, pn.start);
        parent = this.classScopes.get(pname) ?? parent;
      }
    }
    const containers = [`Class[${capitalizeType(name)}]`];
    const scope = new Scope(parent, at.scope, name, containers);
    this.classScopes.set(name, scope);
    this.classes.push(name);
    scope.vars.set('title', name);
    scope.vars.set('name', name);
    scope.vars.set('module_name', name.split('::')[0]);
    const frame: Frame = { scope, file: def.file };
    this.bindParameters(def, frame, params, name, true);
    const body = childOfKind(def.node, 'Block');
    if (body) this.evalStatements(body, frame);
  }

  private bindParameters(
    def: Definition,
    frame: Frame,
    given: Map<string, PValue> | undefined,
    prefix: string,
    hiera: boolean,
  ): void {
    const list = childOfKind(def.node, 'ParamList');
    const declared = new Set<string>();
    const what = def.kind === 'class' ? `Class[${capitalizeType(def.name)}]` : frame.scope.name;
    for (const p of list ? childNodes(list).filter((c) => c.kind === 'Param') : []) {
      const v = tokenOfKind(p, 'VARIABLE');
      if (!v) continue;
      const pname = def.file.text.slice(v.start + 1, v.end);
      declared.add(pname);
      let value: PValue | undefined;
      let source: 'given' | 'hiera' | 'default' | undefined;
      // An attribute set to undef is not set: Hiera (for a class) or the default gives the value.
      if (given?.has(pname) && given.get(pname) !== null) {
        value = given.get(pname)!;
        source = 'given';
      }
      if (value === undefined && hiera) {
        const r = this.input.host.lookup(`${prefix}::${pname}`);
        if (r.kind === 'found') {
          value = fromData(r.value);
          source = 'hiera';
        } else if (r.kind === 'error')
          throw new EvalStop(`Lookup of '${prefix}::${pname}': ${r.message}`, 'error', this.placeOf(def.file, v.start));
      }
      if (value === undefined) {
        const d = childOfKind(p, 'ParamDefault');
        const expr = d ? childNodes(d)[0] : undefined;
        if (expr) {
          value = this.evalExpr(expr, frame);
          source = 'default';
        }
      }
      if (value === undefined && given?.has(pname)) {
        value = null;
        source = 'given';
      }
      if (value === undefined)
        throw new EvalStop(
          `${what}: expects a value for parameter '${pname}'`,
          'error',
          this.placeOf(def.file, v.start),
        );
      const typeNode = childOfKind(p, 'ParamType');
      const typeExpr = typeNode ? childNodes(typeNode)[0] : undefined;
      if (typeExpr) {
        const t = this.evalExpr(typeExpr, frame);
        if (isType(t) && matchesType(value, t) === false) {
          throw new EvalStop(
            `${what}: parameter '${pname}' expects a value of type ${inspect(t)}, got ${inspect(value)}`,
            'error',
            this.placeOf(def.file, v.start),
          );
        }
      }
      frame.scope.vars.set(pname, value);
      if (def.kind === 'class' && source) this.parameterSources.set(`${prefix}::${pname}`, source);
    }
    for (const k of given?.keys() ?? []) {
      if (!declared.has(k) && !METAPARAMS.has(k) && k !== 'name' && k !== 'title') {
        throw new EvalStop(`${what}: has no parameter named '${k}'`, 'error', this.placeOf(def.file, def.node.start));
      }
    }
  }

  /** Declares one resource (built-in type or defined type); classes go to declareClass. */
  declareResource(
    type: string,
    title: string,
    params: Map<string, PValue>,
    at: Frame,
    offset: number,
    ifAbsent = false,
  ): void {
    type = type.replace(/^::/, '').toLowerCase();
    if (type === 'class') {
      this.declareClass(title, params, at, offset);
      return;
    }
    const ref: PRef = { kind: 'ref', type: capitalizeType(type), title };
    const key = refKey(ref);
    if (this.byRef.has(key)) {
      if (ifAbsent) return;
      const other = this.byRef.get(key)!;
      throw new EvalStop(
        `Duplicate declaration: ${ref.type}[${title}] is already declared at (file: ${other.declared.path}, line: ${other.declared.line})`,
        'error',
        this.placeOf(at.file, offset),
      );
    }
    // Resource defaults from this scope and the scopes that declared it, the nearest first.
    for (let s: Scope | undefined = at.scope; s; s = s.dynamicParent) {
      const d = s.defaults.get(type);
      if (d) for (const [k, v] of d) if (!params.has(k)) params.set(k, v);
    }
    const resource: CatalogResource = {
      type,
      title,
      params,
      declared: this.placeOf(at.file, offset),
      containers: at.scope.containers,
    };
    if (type === 'file') this.checkFileContent(ref, params, at, offset);
    const lastTemplates = this.takeTemplates();
    if (lastTemplates.length > 0) resource.templates = lastTemplates;
    if (!BUILTIN_TYPES.has(type) && !this.isRubyType(type)) {
      const def = this.definition(type);
      if (!def || def.kind !== 'define')
        throw new EvalStop(`Unknown resource type: '${ref.type}'`, 'error', this.placeOf(at.file, offset));
      resource.evaluated = false;
      this.pending.push({ resource, def, dynamicParent: at.scope });
    }
    this.byRef.set(key, resource);
    this.resources.push(resource);
  }

  /**
   * A file's content that is not a String (an Integer or Boolean from Hiera given straight to `content`): Puppet
   * compiles the catalog, but the agent refuses the resource when it munges the content, so the file is never
   * written. Said as a warning; the preview shows the file without content.
   */
  private checkFileContent(ref: PRef, params: Map<string, PValue>, at: Frame, offset: number): void {
    const content = params.get('content');
    if (content === undefined || content === null || typeof content === 'string') return;
    const ruby =
      typeof content === 'boolean'
        ? String(content)
        : numberOf(content) !== undefined
          ? isFloatValue(content)
            ? 'Float'
            : 'Integer'
          : Array.isArray(content)
            ? 'Array'
            : isHash(content)
              ? 'Hash'
              : 'Object';
    this.findings.push({
      kind: 'warning',
      message: `${ref.type}[${ref.title}]: content is ${inspect(content)}, not a String: Puppet compiles it, but the agent refuses the file (no implicit conversion of ${ruby} into String) and never writes it`,
      place: this.placeOf(at.file, offset),
    });
  }

  private evalDefine(p: PendingDefine): void {
    const { resource, def } = p;
    resource.evaluated = true;
    const ref = `${capitalizeType(resource.type)}[${resource.title}]`;
    const scope = new Scope(this.nodeScope ?? this.top, p.dynamicParent, ref, [...resource.containers, ref]);
    scope.vars.set('title', resource.title);
    scope.vars.set('name', resource.params.has('name') ? resource.params.get('name')! : resource.title);
    scope.vars.set('module_name', resource.type.split('::')[0]);
    // The module of the code that declared the resource (apt::pin's default explanation uses it).
    const caller = p.dynamicParent.lookup('module_name');
    if (typeof caller === 'string') scope.vars.set('caller_module_name', caller);
    const frame: Frame = { scope, file: def.file };
    this.bindParameters(def, frame, resource.params, resource.type, false);
    const body = childOfKind(def.node, 'Block');
    if (body) this.evalStatements(body, frame);
  }

  private readonly rubyTypes = new Map<string, boolean>();

  /** A resource type a module ships in Ruby (`lib/puppet/type/anchor.rb`): its resources go to the catalog as they are. */
  isRubyType(type: string): boolean {
    let known = this.rubyTypes.get(type);
    if (known === undefined) {
      known = false;
      if (!type.includes('::')) {
        outer: for (const dir of this.input.host.modulePath) {
          for (const m of this.input.host.listModules(dir)) {
            if (this.input.host.readText(`${dir}/${m}/lib/puppet/type/${type}.rb`) !== undefined) {
              known = true;
              break outer;
            }
          }
        }
      }
      this.rubyTypes.set(type, known);
    }
    return known;
  }

  // --- templates -------------------------------------------------------------------------------------------------

  private renderedTemplates: string[] = [];
  /** Something was left unknown (a template not rendered) though the run went on. */
  private incomplete = false;

  private takeTemplates(): string[] {
    const t = this.renderedTemplates;
    this.renderedTemplates = [];
    return t;
  }

  /** Renders a template file (`mesos/master.erb`) or inline ERB with the variables visible in the scope. */
  renderTemplate(spec: string | undefined, source: string, ctx: FunctionContext): string | null {
    const scope = ctx.frame.scope;
    const at = ctx.place;
    const vars: Record<string, ErbValue> = {};
    const chain: Scope[] = [];
    for (let s: Scope | undefined = scope; s; s = s.parent) chain.push(s);
    for (let i = chain.length - 1; i >= 0; i--) for (const [k, v] of chain[i].vars) vars[k] = toErb(v);
    for (const [cls, s] of this.classScopes) {
      if (cls === '') continue;
      for (const [k, v] of s.vars) vars[`${cls}::${k}`] = toErb(v);
    }
    for (const [k, v] of this.top.vars) vars[`::${k}`] = toErb(v);
    // `scope.function_x([...])` / `scope.call_function('x', [...])`: the function runs in the scope that called
    // template(), as Puppet runs it; a stop inside it (fail(), an unknown function) fails the template.
    const callFn = (name: string, args: ErbValue[]): { ok: true; value: ErbValue } | { ok: false; message: string } => {
      try {
        return {
          ok: true,
          value: toErb(callFunction(name, args.map(fromData), { ...ctx, lambda: undefined, lambdaArity: 0 })),
        };
      } catch (e) {
        if (e instanceof EvalStop) return { ok: false, message: e.message };
        throw e;
      }
    };
    const r = renderErb(source, { vars, callFunction: callFn });
    if (spec) this.renderedTemplates.push(spec);
    if (!r.ok) {
      // The content is unknown, not empty: the file is shown without it and the run is marked incomplete.
      this.incomplete = true;
      this.findings.push({
        kind: 'unsupported',
        message: `Template ${spec ?? '(inline)'}, line ${r.line}: ${r.message}`,
        place: at,
      });
      return null;
    }
    return r.text;
  }

  /** The output of the EPP templates being rendered, innermost last. */
  private readonly eppOutput: string[][] = [];

  /**
   * Renders an EPP template (`spec` names it; undefined for inline_epp) with its arguments. The template sees its
   * parameters and the top scope, not the caller's local variables, as in Puppet.
   */
  renderEpp(spec: string | undefined, path: string, source: string, args: PHash, ctx: FunctionContext): string {
    const what = spec ?? 'inline_epp';
    const gen = eppToPuppet(source);
    if (!gen.ok) throw new EvalStop(`${what}: ${gen.message}`, 'error', ctx.place);
    const parse = parsePuppet(gen.code);
    if (parse.errors.length > 0)
      throw new EvalStop(`${what}: the template's Puppet code has a syntax error`, 'error', ctx.place);
    const file: LoadedFile = { path, text: gen.code, parse };
    const call = childNodes(parse.tree)[0];
    const lambda = call ? childOfKind(call, 'Lambda') : undefined;
    if (!lambda) throw new EvalStop(`${what}: the template could not be read`, 'error', ctx.place);
    const scope = new Scope(this.top, ctx.frame.scope, ctx.frame.scope.name, ctx.frame.scope.containers);
    const frame: Frame = { scope, file };
    const declared = new Set<string>();
    for (const p of childNodes(childOfKind(lambda, 'LambdaParams') ?? lambda).filter((c) => c.kind === 'Param')) {
      const v = tokenOfKind(p, 'VARIABLE');
      if (!v) continue;
      const name = gen.code.slice(v.start + 1, v.end);
      declared.add(name);
      let value = hashGet(args, name);
      if (value === undefined) {
        const d = childOfKind(p, 'ParamDefault');
        const expr = d ? childNodes(d)[0] : undefined;
        if (!expr) throw new EvalStop(`${what}: expects a value for parameter $${name}`, 'error', ctx.place);
        value = this.evalExpr(expr, frame);
      }
      const typeNode = childOfKind(p, 'ParamType');
      const typeExpr = typeNode ? childNodes(typeNode)[0] : undefined;
      if (typeExpr) {
        const t = this.evalExpr(typeExpr, frame);
        if (isType(t) && matchesType(value, t) === false)
          throw new EvalStop(
            `${what}: parameter '${name}' expects a value of type ${inspect(t)}, got ${inspect(value)}`,
            'error',
            ctx.place,
          );
      }
      scope.vars.set(name, value);
    }
    if (gen.declares)
      for (const k of args.keys())
        if (!declared.has(toStr(k)))
          throw new EvalStop(`${what}: has no parameter named '${toStr(k)}'`, 'error', ctx.place);
    // Without a declaration, the arguments are the template's variables.
    if (!gen.declares) for (const [k, v] of args) scope.vars.set(toStr(k), v);
    if (spec) this.renderedTemplates.push(spec);
    this.eppOutput.push([]);
    try {
      const body = childOfKind(lambda, 'Block');
      if (body) this.evalStatements(body, frame);
      return this.eppOutput[this.eppOutput.length - 1].join('');
    } finally {
      this.eppOutput.pop();
    }
  }

  // --- statements --------------------------------------------------------------------------------------------------

  evalStatements(block: SyntaxNode, frame: Frame): PValue {
    let last: PValue = null;
    for (const c of childNodes(block)) {
      if (
        c.kind === 'ClassDef' ||
        c.kind === 'DefineDef' ||
        c.kind === 'NodeDef' ||
        c.kind === 'FunctionDef' ||
        c.kind === 'TypeAlias' ||
        c.kind === 'TypeDefinition'
      )
        continue;
      last = this.evalExpr(c, frame);
    }
    return last;
  }

  private tick(node: SyntaxNode, frame: Frame): void {
    if (--this.steps < 0)
      throw new EvalStop(
        'The evaluation took more steps than its budget allows; the result is incomplete',
        'limit',
        this.placeOf(frame.file, node.start),
      );
  }

  evalExpr(node: SyntaxNode, frame: Frame): PValue {
    this.tick(node, frame);
    const text = frame.file.text;
    switch (node.kind) {
      case 'Literal':
        return this.literal(node, text);
      case 'StringExpr':
        return this.stringExpr(node, frame);
      case 'HeredocExpr':
        return this.heredoc(node, frame);
      case 'VariableExpr':
        return this.variable(node, frame);
      case 'NameExpr': {
        const t = node.children.find((c) => !isNode(c) && c.kind !== 'WHITESPACE' && c.kind !== 'COMMENT') as
          SyntaxToken | undefined;
        return t ? text.slice(t.start, t.end) : null;
      }
      case 'TypeRef': {
        const t = tokenOfKind(node, 'CLASSREF');
        const name = t ? text.slice(t.start, t.end).replace(/^::/, '') : 'Any';
        // A bare capitalised word names a type: one Puppet does not know stops the compile (Puppet 3 code such
        // as `case $::osfamily { Debian: ... }` meets this on Puppet 4 and later).
        if (!name.includes('::') && !DATA_TYPES.has(name)) {
          const lower = name.toLowerCase();
          if (!BUILTIN_TYPES.has(lower) && !this.isRubyType(lower) && !this.definition(lower))
            throw new EvalStop(`Resource type not found: ${name}`, 'error', this.placeOf(frame.file, node.start));
        }
        return { kind: 'type', name, params: [] };
      }
      case 'RegexExpr': {
        const t = tokenOfKind(node, 'REGEX');
        return { kind: 'regex', source: t ? text.slice(t.start + 1, t.end - 1) : '' };
      }
      case 'ParenExpr': {
        const inner = childNodes(node)[0];
        return inner ? this.evalExpr(inner, frame) : null;
      }
      case 'ArrayExpr': {
        const out: PValue[] = [];
        for (const c of childNodes(node)) {
          if (c.kind === 'UnaryExpr' && tokenOfKind(c, 'STAR')) {
            const v = this.evalExpr(childNodes(c)[0], frame);
            if (Array.isArray(v)) out.push(...v);
            else out.push(v);
          } else out.push(this.evalExpr(c, frame));
        }
        return out;
      }
      case 'HashExpr': {
        const out: PHash = new Map();
        for (const pair of childNodes(node)) {
          if (pair.kind !== 'HashPair') continue;
          const [k, v] = childNodes(pair);
          if (!k) continue;
          out.set(this.evalExpr(k, frame), v ? this.evalExpr(v, frame) : null);
        }
        return out;
      }
      case 'AccessExpr':
        return this.access(node, frame);
      case 'AssignExpr': {
        const [lhs, rhs] = childNodes(node);
        const value = rhs ? this.evalExpr(rhs, frame) : null;
        if (lhs?.kind === 'VariableExpr') {
          const name = this.varName(lhs, text);
          if (name.includes('::'))
            throw new EvalStop(
              `Cannot assign to a qualified variable: $${name}`,
              'error',
              this.placeOf(frame.file, lhs.start),
            );
          if (frame.scope.vars.has(name))
            throw new EvalStop(`Cannot reassign variable '$${name}'`, 'error', this.placeOf(frame.file, lhs.start));
          frame.scope.vars.set(name, value);
        } else if (lhs?.kind === 'ArrayExpr' && Array.isArray(value)) {
          childNodes(lhs).forEach((c, i) => {
            if (c.kind === 'VariableExpr') frame.scope.vars.set(this.varName(c, text), value[i] ?? null);
          });
        }
        return value;
      }
      case 'UnaryExpr': {
        const op = node.children.find((c) => !isNode(c) && c.kind !== 'WHITESPACE' && c.kind !== 'COMMENT') as
          SyntaxToken | undefined;
        const operand = childNodes(node)[0];
        const v = operand ? this.evalExpr(operand, frame) : null;
        if (op?.kind === 'BANG') return !truthy(v);
        if (op?.kind === 'MINUS')
          return numberOf(v) !== undefined
            ? numberValue(-numberOf(v)!, isFloatValue(v))
            : this.unsupported(`unary minus on ${inspect(v)}`, node, frame);
        return v;
      }
      case 'BinaryExpr':
        return this.binary(node, frame);
      case 'Selector':
        return this.selector(node, frame);
      case 'IfExpr':
      case 'UnlessExpr':
        return this.ifExpr(node, frame);
      case 'CaseExpr':
        return this.caseExpr(node, frame);
      case 'CallExpr':
      case 'StatementCall':
      case 'MethodCall':
        return this.call(node, frame);
      case 'ResourceExpr':
        return this.resourceExpr(node, frame);
      case 'ResourceDefaults':
        return this.resourceDefaults(node, frame);
      case 'ResourceOverride':
        return this.resourceOverride(node, frame);
      case 'Collector':
        // Collectors realize virtual resources and override attributes late; the modules use them only for
        // ordering (`require`), which the preview does not show.
        return null;
      case 'Relationship': {
        let last: PValue = null;
        for (const c of childNodes(node)) last = this.evalExpr(c, frame);
        return last;
      }
      case 'Block':
        return this.evalStatements(node, frame);
      case 'ClassDef':
      case 'DefineDef':
      case 'NodeDef':
      case 'FunctionDef':
      case 'TypeAlias':
        return null;
      case 'Error':
        throw new EvalStop('The manifest has a syntax error here', 'error', this.placeOf(frame.file, node.start));
      default:
        return this.unsupported(`${node.kind} expressions`, node, frame);
    }
  }

  unsupported(what: string, node: SyntaxNode, frame: Frame): never {
    throw new EvalStop(
      `The node preview does not evaluate ${what}`,
      'unsupported',
      this.placeOf(frame.file, node.start),
    );
  }

  private literal(node: SyntaxNode, text: string): PValue {
    const t = node.children.find((c) => !isNode(c) && c.kind !== 'WHITESPACE' && c.kind !== 'COMMENT') as
      SyntaxToken | undefined;
    if (!t) return null;
    switch (t.kind) {
      case 'NUMBER': {
        const s = text.slice(t.start, t.end);
        if (/^0x/i.test(s)) return parseInt(s, 16);
        if (/^0[0-7]+$/.test(s)) return parseInt(s, 8);
        return numberValue(Number(s), /[.eE]/.test(s));
      }
      case 'TRUE_KW':
        return true;
      case 'FALSE_KW':
        return false;
      case 'UNDEF_KW':
        return null;
      case 'DEFAULT_KW':
        return DEFAULT;
      default:
        return text.slice(t.start, t.end);
    }
  }

  private stringExpr(node: SyntaxNode, frame: Frame): string {
    const text = frame.file.text;
    let out = '';
    for (const c of node.children) {
      if (isNode(c)) {
        if (c.kind === 'Interpolation') {
          const inner = childNodes(c)[0];
          if (inner) out += interpolated(this.evalInterpolated(inner, frame));
        }
        continue;
      }
      switch (c.kind) {
        case 'SQ_STRING':
          return text.slice(c.start + 1, Math.max(c.start + 1, c.end - 1)).replace(/\\([\\'])/g, '$1');
        case 'STRING_TEXT':
          out += unescapeDouble(text.slice(c.start, c.end));
          break;
        case 'INTERP_VAR':
          out += interpolated(this.lookupVar(text.slice(c.start + 1, c.end), frame, c.start));
          break;
      }
    }
    return out;
  }

  /** `${x}`: a bare name is a variable; `${x[0]}`, `${x.y}` likewise start from one. */
  private evalInterpolated(node: SyntaxNode, frame: Frame): PValue {
    if (node.kind === 'NameExpr')
      return this.lookupVar(frame.file.text.slice(node.start, node.end).trim(), frame, node.start);
    if (node.kind === 'Literal') {
      const t = frame.file.text.slice(node.start, node.end).trim();
      if (/^\d+$/.test(t)) return this.lookupVar(t, frame, node.start);
    }
    return this.evalExpr(node, frame);
  }

  private heredoc(node: SyntaxNode, frame: Frame): string {
    const start = tokenOfKind(node, 'HEREDOC_START');
    const h = frame.file.parse.heredocs.find((x) => x.start.start === start?.start);
    if (!h) return '';
    const raw = heredocText(h, frame.file.text);
    if (!h.spec.interpolated) return raw;
    return raw.replace(
      /\$\{(::)?([a-z_][\w:]*)\}|\$(::)?([a-z_][\w:]*)/g,
      (_m, _a, n1: string | undefined, _b, n2: string | undefined) =>
        interpolated(this.lookupVar((n1 ?? n2)!, frame, node.start)),
    );
  }

  private varName(node: SyntaxNode, text: string): string {
    const t = node.children.find(
      (c) => !isNode(c) && (c.kind === 'VARIABLE' || c.kind === 'NAME' || c.kind === 'NUMBER' || c.kind === 'WORD'),
    ) as SyntaxToken | undefined;
    if (!t) return '';
    const s = text.slice(t.start, t.end);
    return t.kind === 'VARIABLE' ? s.slice(1) : s;
  }

  private variable(node: SyntaxNode, frame: Frame): PValue {
    const name = this.varName(node, frame.file.text);
    // `"${1.0}"` names a variable, one Puppet refuses: a name that starts with a digit must be all digits.
    if (/^\d/.test(name) && !/^\d+$/.test(name))
      throw new EvalStop(
        `Illegal numeric variable name, The given name '${name}' must be a decimal value if it starts with a digit 0-9`,
        'error',
        this.placeOf(frame.file, node.start),
      );
    return this.lookupVar(name, frame, node.start);
  }

  /** A variable as Puppet finds it; an unknown one is undef (Puppet warns, unless strict mode). */
  lookupVar(name: string, frame: Frame, _offset: number): PValue {
    const v = this.findVar(name, frame.scope);
    return v === undefined ? null : v;
  }

  findVar(name: string, scope: Scope): PValue | undefined {
    if (name.startsWith('::')) name = name.slice(2);
    const sep = name.lastIndexOf('::');
    if (sep < 0) return scope.lookup(name);
    const cls = name.slice(0, sep).replace(/^::/, '').toLowerCase();
    const s = this.classScopes.get(cls);
    return s?.lookup(name.slice(sep + 2));
  }

  private access(node: SyntaxNode, frame: Frame): PValue {
    const [base, ...keys] = childNodes(node);
    const target = this.evalExpr(base, frame);
    const args = keys.map((k) => this.evalExpr(k, frame));
    if (isType(target)) {
      const t = target.name.toLowerCase();
      if (
        t === 'class' ||
        t === 'resource' ||
        BUILTIN_TYPES.has(t) ||
        this.definitions.has(t) ||
        (t.includes('::') && !t.startsWith('stdlib::'))
      ) {
        if (t === 'resource' && typeof args[0] === 'string')
          return { kind: 'ref', type: capitalizeType(args[0]), title: toStr(args[1]) };
        if (args.length === 1 && Array.isArray(args[0]))
          return args[0].map((a) => ({ kind: 'ref', type: target.name, title: refTitle(t, a) }) as PRef) as PValue[];
        if (args.length === 1) return { kind: 'ref', type: target.name, title: refTitle(t, args[0]) };
        return args.map((a) => ({ kind: 'ref', type: target.name, title: refTitle(t, a) }) as PRef);
      }
      return { kind: 'type', name: target.name, params: args } satisfies PType;
    }
    if (Array.isArray(target)) {
      const i = args[0];
      if (typeof i !== 'number') return this.unsupported(`an array index ${inspect(i)}`, node, frame);
      if (args.length === 2 && typeof args[1] === 'number') {
        const from = i < 0 ? target.length + i : i;
        return target.slice(from, args[1] < 0 ? target.length + args[1] + 1 : from + args[1]);
      }
      const v = target[i < 0 ? target.length + i : i];
      return v === undefined ? null : v;
    }
    if (isHash(target)) {
      const v = hashGet(target, args[0]);
      return v === undefined ? null : v;
    }
    if (typeof target === 'string' && typeof args[0] === 'number') {
      const i = args[0] < 0 ? target.length + args[0] : args[0];
      const n = typeof args[1] === 'number' ? args[1] : 1;
      return target.substr(i, n);
    }
    if (target === null) return null;
    return this.unsupported(`access to ${inspect(target)}`, node, frame);
  }

  private binary(node: SyntaxNode, frame: Frame): PValue {
    const [l, r] = childNodes(node);
    const op = node.children.find((c) => !isNode(c) && c.kind !== 'WHITESPACE' && c.kind !== 'COMMENT') as
      SyntaxToken | undefined;
    const kind = op?.kind;
    if (kind === 'AND_KW') return truthy(this.evalExpr(l, frame)) && truthy(this.evalExpr(r, frame));
    if (kind === 'OR_KW') return truthy(this.evalExpr(l, frame)) || truthy(this.evalExpr(r, frame));
    const a = this.evalExpr(l, frame);
    const b = this.evalExpr(r, frame);
    // Numbers (an Integer or a Float, a WholeFloat included); Float arithmetic gives a Float.
    const na = numberOf(a);
    const nb = numberOf(b);
    const float = isFloatValue(a) || isFloatValue(b);
    switch (kind) {
      case 'EQ_EQ':
        return equals(a, b);
      case 'NOT_EQ':
        return !equals(a, b);
      case 'MATCH':
      case 'NO_MATCH': {
        let m: boolean | undefined;
        if (isType(b)) m = matchesType(a, b);
        else if (typeof a === 'string' && (typeof b === 'string' || (isSpecial(b) && b.kind === 'regex'))) {
          const source = typeof b === 'string' ? b : b.source;
          const groups = regexMatch(source, a);
          m = groups !== undefined ? true : safeRegex(source) ? false : undefined;
          if (groups) frame.scope.matches = groups;
        }
        if (m === undefined) return this.unsupported(`the match of ${inspect(a)} against ${inspect(b)}`, node, frame);
        return kind === 'MATCH' ? m : !m;
      }
      case 'IN_KW':
        if (typeof b === 'string' && typeof a === 'string') return b.toLowerCase().includes(a.toLowerCase());
        if (Array.isArray(b)) return b.some((x) => (isType(a) ? matchesType(x, a) === true : equals(a, x)));
        if (isHash(b)) return [...b.keys()].some((x) => equals(a, x));
        return false;
      case 'LT':
      case 'LT_EQ':
      case 'GT':
      case 'GT_EQ': {
        if (!((na !== undefined && nb !== undefined) || (typeof a === 'string' && typeof b === 'string')))
          return this.unsupported(`comparing ${inspect(a)} with ${inspect(b)}`, node, frame);
        const x = typeof a === 'string' ? a.toLowerCase() : na!;
        const y = typeof b === 'string' ? b.toLowerCase() : nb!;
        return kind === 'LT' ? x < y : kind === 'LT_EQ' ? x <= y : kind === 'GT' ? x > y : x >= y;
      }
      case 'PLUS':
        if (na !== undefined && nb !== undefined) return numberValue(na + nb, float);
        if (Array.isArray(a))
          return Array.isArray(b) ? [...a, ...b] : isHash(b) ? [...a, ...[...b].map(([k, v]) => [k, v])] : [...a, b];
        if (isHash(a) && isHash(b)) return new Map([...a, ...b]);
        return this.unsupported(`${inspect(a)} + ${inspect(b)}`, node, frame);
      case 'MINUS':
        if (na !== undefined && nb !== undefined) return numberValue(na - nb, float);
        if (Array.isArray(a)) return a.filter((x) => !(Array.isArray(b) ? b : [b]).some((y) => equals(x, y)));
        if (isHash(a)) {
          const drop = Array.isArray(b) ? b : isHash(b) ? [...b.keys()] : [b];
          return new Map([...a].filter(([k]) => !drop.some((d) => equals(k, d))));
        }
        return this.unsupported(`${inspect(a)} - ${inspect(b)}`, node, frame);
      case 'STAR':
      case 'SLASH':
      case 'PERCENT':
        if (na === undefined || nb === undefined) return this.unsupported(`arithmetic on ${inspect(a)}`, node, frame);
        if (kind === 'STAR') return numberValue(na * nb, float);
        if (kind === 'SLASH') return float ? numberValue(na / nb, true) : Math.trunc(na / nb);
        if (float) return this.unsupported(`% on a Float`, node, frame);
        return na % nb;
      case 'LSHIFT':
        if (Array.isArray(a)) return [...a, b];
        if (typeof a === 'number' && typeof b === 'number') return a << b;
        return this.unsupported(`<< on ${inspect(a)}`, node, frame);
      case 'RSHIFT':
        if (typeof a === 'number' && typeof b === 'number') return a >> b;
        return this.unsupported(`>> on ${inspect(a)}`, node, frame);
      case 'IN_EDGE':
      case 'IN_EDGE_SUB':
      case 'OUT_EDGE':
      case 'OUT_EDGE_SUB':
        return b;
      default:
        return this.unsupported(`the operator ${kind ?? '?'}`, node, frame);
    }
  }

  private matchCase(value: PValue, option: PValue, scope: Scope): boolean {
    if (isSpecial(option) && option.kind === 'default') return false;
    if (isSpecial(option) && option.kind === 'regex') {
      const groups = typeof value === 'string' ? regexMatch(option.source, value) : undefined;
      if (groups) scope.matches = groups;
      return groups !== undefined;
    }
    if (isType(option)) return matchesType(value, option) === true;
    if (Array.isArray(option) && !Array.isArray(value)) return option.some((o) => this.matchCase(value, o, scope));
    return equals(value, option);
  }

  private selector(node: SyntaxNode, frame: Frame): PValue {
    const [subject, ...entries] = childNodes(node);
    const value = this.evalExpr(subject, frame);
    let dflt: SyntaxNode | undefined;
    for (const e of entries) {
      if (e.kind !== 'SelectorEntry') continue;
      const [k, v] = childNodes(e);
      const key = this.evalExpr(k, frame);
      if (isSpecial(key) && key.kind === 'default') {
        dflt = v;
        continue;
      }
      if (this.matchCase(value, key, frame.scope)) return v ? this.evalExpr(v, frame) : null;
    }
    if (dflt) return this.evalExpr(dflt, frame);
    throw new EvalStop(
      `No matching entry for selector parameter with value '${toStr(value)}'`,
      'error',
      this.placeOf(frame.file, node.start),
    );
  }

  private ifExpr(node: SyntaxNode, frame: Frame): PValue {
    const parts = childNodes(node);
    const cond = parts[0];
    const body = parts.find((p) => p.kind === 'Block');
    let c = truthy(this.evalExpr(cond, frame));
    if (node.kind === 'UnlessExpr') c = !c;
    if (c) return body ? this.evalStatements(body, frame) : null;
    for (const p of parts) {
      if (p.kind === 'ElsifClause') {
        const [ec, eb] = childNodes(p);
        if (truthy(this.evalExpr(ec, frame))) return eb ? this.evalStatements(eb, frame) : null;
      } else if (p.kind === 'ElseClause') {
        const eb = childOfKind(p, 'Block');
        return eb ? this.evalStatements(eb, frame) : null;
      }
    }
    return null;
  }

  private caseExpr(node: SyntaxNode, frame: Frame): PValue {
    const [subject, ...options] = childNodes(node);
    const value = this.evalExpr(subject, frame);
    let dflt: SyntaxNode | undefined;
    for (const o of options) {
      if (o.kind !== 'CaseOption') continue;
      const parts = childNodes(o);
      const body = parts.find((p) => p.kind === 'Block');
      for (const p of parts) {
        if (p === body) continue;
        const key = this.evalExpr(p, frame);
        if (isSpecial(key) && key.kind === 'default') {
          dflt = body;
          continue;
        }
        if (this.matchCase(value, key, frame.scope)) return body ? this.evalStatements(body, frame) : null;
      }
    }
    return dflt ? this.evalStatements(dflt, frame) : null;
  }

  private attributes(nodes: readonly SyntaxNode[], frame: Frame): Map<string, PValue> {
    const out = new Map<string, PValue>();
    for (const a of nodes) {
      if (a.kind !== 'AttributeOp') continue;
      const nameNode = childOfKind(a, 'AttributeName');
      const valueNode = childNodes(a).find((c) => c !== nameNode);
      const value = valueNode ? this.evalExpr(valueNode, frame) : null;
      const name = nameNode ? frame.file.text.slice(nameNode.start, nameNode.end).trim() : '';
      if (name === '*') {
        if (isHash(value)) for (const [k, v] of value) out.set(toStr(k), v);
        continue;
      }
      out.set(name, value);
    }
    return out;
  }

  private resourceExpr(node: SyntaxNode, frame: Frame): PValue {
    if (tokenOfKind(node, 'AT') || tokenOfKind(node, 'ATAT')) return null; // virtual and exported resources are not in the catalog until realized
    const typeNode = childNodes(node)[0];
    const type = frame.file.text.slice(typeNode.start, typeNode.end).trim().toLowerCase();
    const bodies = childNodes(node).filter((c) => c.kind === 'ResourceBody');
    let defaults = new Map<string, PValue>();
    const refs: PRef[] = [];
    for (const b of bodies) {
      const titleNode = childOfKind(b, 'ResourceTitle');
      const titleValue = titleNode && childNodes(titleNode)[0] ? this.evalExpr(childNodes(titleNode)[0], frame) : null;
      const attrs = this.attributes(childNodes(b), frame);
      if (isSpecial(titleValue) && titleValue.kind === 'default') {
        defaults = attrs;
        continue;
      }
      if (titleValue === null)
        throw new EvalStop(
          'Missing title. The title expression resulted in undef',
          'error',
          this.placeOf(frame.file, titleNode ? titleNode.start : b.start),
        );
      const titles = Array.isArray(titleValue) ? titleValue : [titleValue];
      for (const t of titles) {
        if (t === null)
          throw new EvalStop(
            'Missing title. The title expression resulted in undef',
            'error',
            this.placeOf(frame.file, titleNode ? titleNode.start : b.start),
          );
        const params = new Map(attrs);
        for (const [k, v] of defaults) if (!params.has(k)) params.set(k, v);
        const title = type === 'class' ? toStr(t).replace(/^::/, '').toLowerCase() : toStr(t);
        this.declareResource(type, title, params, frame, b.start);
        refs.push({ kind: 'ref', type: capitalizeType(type), title });
      }
    }
    return refs.length === 1 ? refs[0] : refs;
  }

  private resourceDefaults(node: SyntaxNode, frame: Frame): PValue {
    const typeNode = childNodes(node)[0];
    const type = frame.file.text.slice(typeNode.start, typeNode.end).trim().replace(/^::/, '').toLowerCase();
    const attrs = this.attributes(childNodes(node), frame);
    const existing = frame.scope.defaults.get(type) ?? new Map<string, PValue>();
    for (const [k, v] of attrs) existing.set(k, v);
    frame.scope.defaults.set(type, existing);
    return null;
  }

  private resourceOverride(node: SyntaxNode, frame: Frame): PValue {
    const target = this.evalExpr(childNodes(node)[0], frame);
    const attrs = this.attributes(childNodes(node), frame);
    for (const ref of Array.isArray(target) ? target : [target]) {
      if (!isRef(ref)) continue;
      const r = this.byRef.get(refKey(ref));
      if (r && r.evaluated !== true) for (const [k, v] of attrs) r.params.set(k, v);
      else this.overrides.push({ ref, attrs });
    }
    return null;
  }

  private call(node: SyntaxNode, frame: Frame): PValue {
    const text = frame.file.text;
    const kids = childNodes(node);
    let name: string;
    let args: PValue[];
    const argList = childOfKind(node, 'ArgList');
    const lambda = childOfKind(node, 'Lambda');
    const argValues = (): PValue[] => (argList ? childNodes(argList).flatMap((a) => this.argument(a, frame)) : []);
    if (node.kind === 'MethodCall') {
      const receiver = this.evalExpr(kids[0], frame);
      const n = tokenOfKind(node, 'NAME');
      name = n ? text.slice(n.start, n.end) : '';
      args = [receiver, ...argValues()];
    } else if (node.kind === 'StatementCall') {
      const n = tokenOfKind(node, 'NAME');
      name = n ? text.slice(n.start, n.end) : '';
      args = argValues();
    } else {
      const callee = kids[0];
      if (callee.kind === 'TypeRef') {
        const t = this.evalExpr(callee, frame) as PType;
        return this.convert(t.name, argValues(), node, frame);
      }
      name = text.slice(callee.start, callee.end).trim();
      args = argValues();
    }
    const ctx: FunctionContext = {
      evaluator: this,
      frame,
      node,
      place: this.placeOf(frame.file, node.start),
      lambda: lambda ? (values: PValue[]) => this.callLambda(lambda, values, frame) : undefined,
      lambdaArity: lambda
        ? childNodes(childOfKind(lambda, 'LambdaParams') ?? lambda).filter((c) => c.kind === 'Param').length
        : 0,
    };
    if ((name === EPP_TEXT || name === EPP_VALUE || name === EPP_RENDER) && this.eppOutput.length > 0) {
      if (name !== EPP_RENDER) this.eppOutput[this.eppOutput.length - 1].push(interpolated(args[0]));
      return null;
    }
    return callFunction(name.replace(/^::/, ''), args, ctx);
  }

  private argument(a: SyntaxNode, frame: Frame): PValue[] {
    if (a.kind === 'UnaryExpr' && tokenOfKind(a, 'STAR')) {
      const v = this.evalExpr(childNodes(a)[0], frame);
      return Array.isArray(v) ? v : [v];
    }
    return [this.evalExpr(a, frame)];
  }

  private callLambda(lambda: SyntaxNode, values: PValue[], frame: Frame): PValue {
    const params = childNodes(childOfKind(lambda, 'LambdaParams') ?? lambda).filter((c) => c.kind === 'Param');
    const scope = new Scope(frame.scope, frame.scope, frame.scope.name, frame.scope.containers);
    // Resource defaults and resources declared in a lambda belong to the enclosing scope.
    const inner: Frame = { scope, file: frame.file };
    params.forEach((p, i) => {
      const v = tokenOfKind(p, 'VARIABLE');
      if (v) scope.vars.set(frame.file.text.slice(v.start + 1, v.end), values[i] ?? null);
    });
    const body = childOfKind(lambda, 'Block');
    return body ? this.evalStatements(body, inner) : null;
  }

  /**
   * `String(v)` and `String(v, format)`: a Float alone is written as Ruby's `%f` writes it (`1.000000`), unlike
   * interpolation (`1.0`); a number with a format of one directive goes through Ruby's format.
   */
  private stringOf(v: PValue, format: PValue | undefined, node: SyntaxNode, frame: Frame): string {
    const place = this.placeOf(frame.file, node.start);
    if (format === undefined || format === null) {
      return isFloatValue(v) ? formatted(() => formatDirective('%f', v), { place }) : toStr(v);
    }
    if (typeof format !== 'string' || numberOf(v) === undefined)
      throw new EvalStop(
        'String() with a format is evaluated for a number and a format string only',
        'unsupported',
        place,
      );
    if (!/^%([\s[+#0{<(|-]*)([1-9][0-9]*)?(?:\.([0-9]+))?([a-zA-Z])$/.test(format))
      throw new EvalStop(
        `The format '${format}' is not a valid format on the form '%<flags><width>.<prec><format>'`,
        'error',
        place,
      );
    return formatted(() => formatDirective(format, v), { place });
  }

  private convert(type: string, args: PValue[], node: SyntaxNode, frame: Frame): PValue {
    const v = args[0] ?? null;
    switch (type) {
      // The catalog carries a Sensitive value as it is, marked sensitive; the preview shows what is written.
      case 'Sensitive':
        return v;
      case 'String':
        return this.stringOf(v, args[1], node, frame);
      case 'Integer':
      case 'Numeric':
      case 'Float': {
        if (numberOf(v) !== undefined) {
          const m = numberOf(v)!;
          return type === 'Integer' ? Math.trunc(m) : type === 'Float' ? numberValue(m, true) : v;
        }
        if (typeof v === 'boolean') return type === 'Float' ? numberValue(v ? 1 : 0, true) : v ? 1 : 0;
        const n = Number(toStr(v));
        if (Number.isNaN(n))
          throw new EvalStop(
            `The string '${toStr(v)}' cannot be converted to ${type}`,
            'error',
            this.placeOf(frame.file, node.start),
          );
        if (type === 'Integer') return Math.trunc(n);
        return numberValue(n, type === 'Float' || /[.eE]/.test(toStr(v)));
      }
      case 'Boolean':
        if (typeof v === 'boolean') return v;
        if (typeof v === 'string' && /^(true|yes|y)$/i.test(v)) return true;
        if (typeof v === 'string' && /^(false|no|n|)$/i.test(v)) return false;
        if (numberOf(v) !== undefined) return numberOf(v) !== 0;
        break;
      case 'Array':
        if (Array.isArray(v)) return v;
        if (isHash(v)) return [...v].map(([k, x]) => [k, x]);
        return [v];
      case 'Hash':
        if (isHash(v)) return v;
        if (Array.isArray(v)) {
          const out: PHash = new Map();
          for (let i = 0; i + 1 < v.length; i += 2) out.set(v[i], v[i + 1]);
          return out;
        }
        break;
    }
    return this.unsupported(`the conversion ${type}(${inspect(v)})`, node, frame);
  }
}

function refKey(ref: PRef): string {
  const type = ref.type.replace(/^::/, '').toLowerCase();
  const title = type === 'class' ? ref.title.replace(/^::/, '').toLowerCase() : ref.title;
  return `${type}[${title}]`;
}

function refTitle(type: string, v: PValue): string {
  const s = toStr(v);
  return type === 'class' ? s.replace(/^::/, '').toLowerCase() : s;
}

function toErb(v: PValue): ErbValue {
  if (v === null || typeof v !== 'object' || v instanceof WholeFloat) return v;
  if (Array.isArray(v)) return v.map(toErb);
  if (v instanceof Map) return new Map<ErbValue, ErbValue>([...v].map(([k, x]) => [toErb(k), toErb(x)]));
  if (v.kind === 'default') return 'default';
  return inspect(v);
}

/** Evaluates the main manifests for one node. */
export function evaluateNode(input: EvalInput): EvalResult {
  return new Evaluator(input).run();
}
