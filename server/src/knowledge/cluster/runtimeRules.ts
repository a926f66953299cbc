// Runtime rules: a catalog that compiles can still give a cluster that does not start. These rules read each
// node's effective configuration (the values Hiera gives it, the classes its role declares) and say what would
// stop a daemon or split the cluster once Puppet has run. Each rule names the source it rests on.
//
// Rules that depend on what a node runs (both daemons, its address, Java, ports, the package repository) only
// speak when the manifests show the classes the node declares (`RuntimeContext.expanded`): a role recognised by
// its name alone is not enough to be sure.

import { isMap, isScalar, parseDocument } from 'yaml';
import type { Fix } from '../../base/edits.js';
import type { TextRange } from '../../base/textRange.js';
import { compareVersions, releaseCatalog } from '../catalog.js';
import { mesosFlag, refusal, type OptionsDaemon } from '../mesosFlags.js';
import type { ClusterModel, ClusterNode, NodeValue, Place } from './model.js';
import { finding, type Finding } from './keyRules.js';
import { atLeast, below, versionOf } from './versions.js';
import { wholeLines } from './textEdits.js';

export interface RuntimeContext {
  /**
   * The Mesos release assumed where the data pins none: the repo's `.mesos-puppet.yaml` mesosVersion, else the
   * setting mesosPuppet.mesosVersion (see cluster/mesosRelease.ts).
   */
  readonly mesosVersion: string;
  /** Where mesosVersion comes from, for messages (e.g. "mesosVersion '1.0.0' in .mesos-puppet.yaml"). */
  readonly mesosVersionFrom?: string;
  /** True when node classes were expanded through the manifests (roles → profiles → module classes). */
  readonly expanded: boolean;
  /** The source of a class's manifest, when indexed. */
  readonly classText?: (className: string) => string | undefined;
  /** A file's current text (for fixes that remove whole lines). */
  readonly readText?: (path: string) => string | undefined;
  /** The facts the repo gives for a node (a facts file), and where from; undefined when it gives none. */
  readonly nodeFacts?: (
    certname: string,
  ) => { readonly facts: Readonly<Record<string, unknown>>; readonly from: string } | undefined;
}

/** Module versions the rules turn on, each checked in the module's source at its tags. */
export const RUNTIME = {
  /** deric/puppet-mesos v0.8.0: mesos::master and mesos::slave declare the other daemon's service stopped when single_role (default true). */
  singleRole: '0.8.0',
  /** puppetlabs/java 1.4.0: the first release whose params.pp knows a Java 8 package (1.2.0 and 1.3.0 install 6 or 7 everywhere). */
  javaWithJava8: '1.4.0',
  /** deric/puppet-zookeeper v0.8.0: servers is Variant[Array[String],Hash[String,String]]. */
  zookeeperTypedServers: '0.8.0',
  /** deric/puppet-mesos v1.0.0 made 'mesosphere' the default repo (before: undef, no repository managed) ... */
  repoDefaultMesosphere: '1.0.0',
  /** ... and v1.1.0 added manage_repo. */
  manageRepo: '1.1.0',
  /** Marathon 0.11.0 (2015-09): "Java 8 or higher is needed" (its changelog, breaking changes). */
  marathonJava8: '0.11',
} as const;

type Daemon = OptionsDaemon;
const CLASS: Record<Daemon, string> = { master: 'master', agent: 'slave' };

function has(node: ClusterNode, cls: string | RegExp): boolean {
  return (node.classes ?? []).some((c) => (typeof cls === 'string' ? c === cls : cls.test(c)));
}

/** The daemons a node runs for sure: from its expanded classes, else from its role. */
function daemonsOf(node: ClusterNode, ctx: RuntimeContext): Daemon[] {
  const out: Daemon[] = [];
  if (ctx.expanded ? has(node, 'mesos::master') : node.isMaster) out.push('master');
  if (ctx.expanded ? has(node, 'mesos::slave') : node.isAgent) out.push('agent');
  return out;
}

function objectOf(v: NodeValue | undefined): Record<string, unknown> | undefined {
  return v && v.value && typeof v.value === 'object' && !Array.isArray(v.value)
    ? (v.value as Record<string, unknown>)
    : undefined;
}

/**
 * Set to something: a value that resolves to '' may come from a fact only the node knows (`%{facts.networking.ip}`
 * resolves to '' with the facts a name implies), so it counts.
 */
function isSet(v: NodeValue | undefined): boolean {
  return v !== undefined && v.value !== null && v.value !== undefined;
}

function at(node: ClusterNode, ...places: Array<Place | undefined>): Place {
  return places.find((p): p is Place => p !== undefined) ?? node.roleAt ?? node.definedAt;
}

/** As `at`, falling back to the class that gives the node this daemon before its `classes:` key. */
function atDaemon(node: ClusterNode, daemon: Daemon, ...places: Array<Place | undefined>): Place {
  return places.find((p): p is Place => p !== undefined) ?? node.roleEntryAt(daemon) ?? at(node);
}

/** A fix that adds one line to the end of the node's own data file. */
function appendFix(node: ClusterNode, title: string, line: string): Fix {
  const a = node.appendAt;
  return { title, edits: [{ path: a.path, range: a.range, newText: `${a.needsNewline ? '\n' : ''}${line}\n` }] };
}

// --- the Mesos release in use --------------------------------------------------------------------------

export interface MesosRelease {
  readonly version: string;
  /** Where it comes from, for messages. */
  readonly why: string;
}

/**
 * The Mesos release a node installs: a version in `mesos::version` or `mesos::ensure` (the module passes either to
 * the package's ensure; Debian and RPM versions start with it, e.g. '0.21.1-1.1.ubuntu1404'), else the repo's
 * `.mesos-puppet.yaml`, else the setting (both given as `ctx.mesosVersion`).
 */
export function mesosReleaseOf(node: ClusterNode, ctx: RuntimeContext): MesosRelease {
  for (const key of ['mesos::version', 'mesos::ensure']) {
    const v = node.get(key);
    if (typeof v?.value !== 'string') continue;
    const m = /^(?:\d+:)?(\d+\.\d+(?:\.\d+)?)/.exec(v.value.trim());
    if (m) return { version: m[1], why: `${key} '${v.value}'` };
  }
  return {
    version: ctx.mesosVersion,
    why: `${ctx.mesosVersionFrom ?? `the setting mesosPuppet.mesosVersion (${ctx.mesosVersion})`}; nothing in the data pins mesos::version`,
  };
}

// --- a flag the Mesos release refuses ------------------------------------------------------------------
// Source: stout's flag loader stops at a flag it does not know ("Failed to load unknown flag"); the packaged
// init wrapper passes every file under /etc/mesos-master/ and /etc/mesos-slave/ as a command-line flag. Which
// release has which flag: apache/mesos src/{master,slave,logging}/flags.cpp at each release tag (mesosFlags.ts).

function refusedFlagRule(model: ClusterModel, ctx: RuntimeContext): Finding[] {
  const out: Finding[] = [];
  for (const node of model.nodes) {
    for (const daemon of daemonsOf(node, ctx)) {
      const key = `mesos::${CLASS[daemon]}::options`;
      const opts = node.get(key);
      const obj = objectOf(opts);
      if (!opts || !obj) continue;
      const release = mesosReleaseOf(node, ctx);
      for (const name of Object.keys(obj)) {
        const flag = mesosFlag(name);
        const why = flag && refusal(flag, daemon, release.version);
        if (!flag || !why) continue;
        const entry = opts.entryAt([name]);
        const place = atDaemon(node, daemon, entry?.key, opts.keyAt);
        const reason =
          why === 'removed'
            ? `Mesos removed --${name} in ${flag.removedIn}${name === 'checkpoint' ? ' (agents always checkpoint since)' : ''}`
            : `--${name} came in Mesos ${refusalSince(flag, daemon)}`;
        const fix = removeEntryFix(ctx, opts, entry, Object.keys(obj).length, key, name);
        out.push(
          finding(
            'mesos/flag-refused',
            place.path,
            place.range,
            `${reason}, and this node installs Mesos ${release.version} (from ${release.why}): the ${daemon === 'master' ? 'mesos-master' : 'mesos-slave'} refuses a flag it does not know and does not start. Remove '${name}' from ${key}.`,
            {
              ...(fix ? { fixes: [fix] } : {}),
            },
          ),
        );
      }
    }
  }
  return out;
}

function refusalSince(flag: NonNullable<ReturnType<typeof mesosFlag>>, daemon: Daemon): string {
  return typeof flag.since === 'object' ? flag.since[daemon] : (flag.since ?? '');
}

/** Removes one entry of a block-style options hash, or the whole key when it is the only entry. */
function removeEntryFix(
  ctx: RuntimeContext,
  opts: NodeValue,
  entry: { key?: Place; value?: Place } | undefined,
  count: number,
  key: string,
  name: string,
): Fix | undefined {
  if (!ctx.readText) return undefined;
  if (count === 1) {
    const k = opts.keyAt;
    const v = opts.valueAt;
    const text = k && ctx.readText(k.path);
    if (!k || !v || text === undefined || v.path !== k.path) return undefined;
    return {
      title: `Remove ${key} (its only flag, '${name}', is refused)`,
      edits: [{ path: k.path, range: wholeLines(text, { start: k.range.start, end: v.range.end }), newText: '' }],
      preferred: true,
    };
  }
  if (!entry?.key || !entry.value) return undefined;
  const text = ctx.readText(entry.key.path);
  if (text === undefined) return undefined;
  const lines = wholeLines(text, { start: entry.key.range.start, end: entry.value.range.end });
  // Only a block entry on lines of its own: a flow hash ({a: 1, b: 2}) keeps other entries on the same line.
  const before = text.slice(lines.start, entry.key.range.start);
  const after = text.slice(entry.value.range.end, lines.end);
  if (!/^[ \t]*$/.test(before) || !/^[ \t]*(#.*)?\r?\n?$/.test(after)) return undefined;
  return {
    title: `Remove '${name}' from ${key}`,
    edits: [{ path: entry.key.path, range: lines, newText: '' }],
    preferred: true,
  };
}

// --- both daemons on one node --------------------------------------------------------------------------
// Source: deric/puppet-mesos manifests/master.pp and slave.pp. Up to v0.7.1 each class declares only its own
// service (mesos::service); from v0.8.0 it also declares the other one stopped unless single_role is false.
// The Mesosphere packages start mesos-master and mesos-slave alike.

function stopsService(node: ClusterNode, ctx: RuntimeContext, service: string): boolean {
  // The title alone or in an array of titles: service { ['zookeeper', 'mesos-master']: ensure => stopped }.
  const title = `['"]${service}['"]`;
  const re = new RegExp(
    `service\\s*\\{\\s*(?:${title}|\\[[^\\]]*?${title}[^\\]]*\\])\\s*:[^}]*?ensure\\s*=>\\s*['"]?stopped`,
  );
  return (node.classes ?? []).some((c) => {
    const text = ctx.classText?.(c);
    return text !== undefined && re.test(text);
  });
}

function bothDaemonsRule(model: ClusterModel, ctx: RuntimeContext): Finding[] {
  if (!ctx.expanded) return [];
  const out: Finding[] = [];
  for (const node of model.nodes) {
    const ds = daemonsOf(node, ctx);
    if (ds.length !== 1) continue;
    const own = ds[0];
    const other: Daemon = own === 'master' ? 'agent' : 'master';
    const service = `mesos-${CLASS[other]}`;
    const what =
      other === 'master'
        ? 'a Mesos master, with the package\u2019s quorum of 1, on the cluster\u2019s ZooKeeper'
        : 'a Mesos agent, which offers this master\u2019s CPU and memory to frameworks';
    if (below(model.mesos, RUNTIME.singleRole)) {
      if (stopsService(node, ctx, service)) continue;
      const place = atDaemon(node, own);
      out.push(
        finding(
          'mesos/both-daemons',
          place.path,
          place.range,
          `${node.certname} should run only the Mesos ${own}, but mesos v${versionOf(model.mesos)} does not stop the ${service} service that the package starts (single_role came in v0.8.0): the node also runs ${what}. Stop it in the node's profile: service { '${service}': ensure => stopped, enable => false }.`,
        ),
      );
      continue;
    }
    const flags = [`mesos::${CLASS[own]}::single_role`, 'mesos::single_role'].map((k) => ({ k, v: node.get(k) }));
    const off =
      flags.find((f) => f.v !== undefined)?.v?.value === false ? flags.find((f) => f.v !== undefined)! : undefined;
    if (!off) continue;
    const place = atDaemon(node, own, off.v!.valueAt);
    const keyAt = off.v!.keyAt;
    const valueAt = off.v!.valueAt;
    const text = keyAt && valueAt && ctx.readText ? ctx.readText(keyAt.path) : undefined;
    const fixes: Fix[] =
      text !== undefined && keyAt && valueAt
        ? [
            {
              title: `Remove ${off.k} (single_role defaults to true)`,
              edits: [
                {
                  path: keyAt.path,
                  range: wholeLines(text, { start: keyAt.range.start, end: valueAt.range.end }),
                  newText: '',
                },
              ],
              preferred: true,
            },
          ]
        : [];
    out.push(
      finding(
        'mesos/both-daemons',
        place.path,
        place.range,
        `${off.k} is false, so ${node.certname}, which should run only the Mesos ${own}, keeps the ${service} service the package starts: it also runs ${what}. Remove the key (single_role defaults to true).`,
        { fixes },
      ),
    );
  }
  return out;
}

// --- a daemon not told its address ---------------------------------------------------------------------
// Source: apache/mesos 3rdparty/libprocess/src/process.cpp (initialize): without --ip (or LIBPROCESS_IP) the
// process binds to every interface but announces the first address its host name resolves to, which Debian's
// and Ubuntu's /etc/hosts make 127.0.1.1; src/master/master.cpp then warns "Master bound to loopback interface".
// --hostname only changes the name in MasterInfo, not the address in the process id others send to.

const ADDRESS_ENV = ['MESOS_IP', 'LIBPROCESS_IP', 'MESOS_ADVERTISE_IP', 'LIBPROCESS_ADVERTISE_IP'];

function toldAddress(node: ClusterNode, daemon: Daemon): boolean {
  const cls = CLASS[daemon];
  if (isSet(node.get('mesos::listen_address')) || isSet(node.get(`mesos::${cls}::listen_address`))) return true;
  const opts = objectOf(node.get(`mesos::${cls}::options`)) ?? {};
  if (['ip', 'advertise_ip'].some((k) => opts[k] !== undefined && opts[k] !== null)) return true;
  for (const key of ['mesos::env_var', `mesos::${cls}::env_var`]) {
    const env = objectOf(node.get(key)) ?? {};
    if (ADDRESS_ENV.some((k) => env[k] !== undefined && env[k] !== null)) return true;
  }
  return false;
}

function addressRule(model: ClusterModel, ctx: RuntimeContext): Finding[] {
  if (!ctx.expanded) return [];
  const out: Finding[] = [];
  for (const node of model.nodes) {
    const missing = daemonsOf(node, ctx).filter((d) => !toldAddress(node, d));
    if (missing.length === 0) continue;
    const names = missing.map((d) => (d === 'master' ? 'master' : 'agent')).join(' and ');
    const place = atDaemon(node, missing[0]);
    out.push(
      finding(
        'mesos/no-address',
        place.path,
        place.range,
        `The Mesos ${names} on ${node.certname} ${missing.length > 1 ? 'are' : 'is'} not told ${missing.length > 1 ? 'their' : 'its'} address (no mesos::listen_address, no ip option): Mesos then announces the address the host name resolves to, and on a default Debian or Ubuntu host that is 127.0.1.1, so masters and agents cannot reach each other. Set mesos::listen_address in ${node.certname}'s data (the hostname flag does not change the address).`,
        {
          fixes: [
            appendFix(
              node,
              `Add mesos::listen_address: '%{facts.networking.ip}' to ${node.certname}'s data`,
              "mesos::listen_address: '%{facts.networking.ip}'",
            ),
          ],
        },
      ),
    );
  }
  return out;
}

// --- Java for Marathon -----------------------------------------------------------------------------------
// Sources: Marathon's changelog for 0.11.0 ("Java 8 or higher is needed to run Marathon"); puppetlabs/java
// manifests/params.pp at 1.2.0 and 1.3.0, whose every distribution on every platform is Java 6 or 7.

const MARATHON_VERSION_KEYS = ['profile::mesos::master::marathon::version', 'profile::marathon::version'];

function javaMajor(pkg: string): number | undefined {
  const m = /(?:openjdk|jdk|jre|java)[-_]?(?:1[._])?(\d+)/i.exec(pkg);
  return m ? Number(m[1]) : undefined;
}

function javaRule(model: ClusterModel, ctx: RuntimeContext): Finding[] {
  if (!ctx.expanded || !model.java || model.java.reason === 'newest' || !below(model.java, RUNTIME.javaWithJava8))
    return [];
  const out: Finding[] = [];
  for (const node of model.nodes) {
    if (!has(node, /(^|::)marathon$/) || !has(node, 'java')) continue;
    const mv = MARATHON_VERSION_KEYS.map((k) => node.get(k)).find(Boolean);
    const pinned = typeof mv?.value === 'string' ? /^(\d+\.\d+(?:\.\d+)?)/.exec(mv.value)?.[1] : undefined;
    if (pinned && compareVersions(pinned, RUNTIME.marathonJava8) < 0) continue;
    const pkg = node.get('java::package');
    if (pkg && typeof pkg.value === 'string') {
      const major = javaMajor(pkg.value);
      if (major === undefined || major >= 8) continue;
    }
    const place = at(node, pkg?.valueAt);
    const installs =
      pkg && typeof pkg.value === 'string'
        ? `java::package '${pkg.value}'`
        : `java v${versionOf(model.java)} installs OpenJDK 7 or older on every system it supports`;
    out.push(
      finding(
        'mesos/java-too-old',
        place.path,
        place.range,
        `${node.certname} runs Marathon, which needs Java 8 from Marathon 0.11, but ${installs}: Marathon exits at start. Set java::package to a Java 8 package (openjdk-8-jre-headless on Debian and Ubuntu), or pin java 1.4.0 or later.`,
        {
          ...(pkg
            ? {}
            : {
                fixes: [
                  appendFix(
                    node,
                    `Add java::package: openjdk-8-jre-headless to ${node.certname}'s data`,
                    'java::package: openjdk-8-jre-headless',
                  ),
                ],
              }),
        },
      ),
    );
  }
  return out;
}

// --- the ZooKeeper URL each daemon really uses ---------------------------------------------------------
// Source: deric/puppet-mesos manifests/master.pp and slave.pp: each class has its own zookeeper parameter
// (default mesos::zookeeper); from v0.8.0 an Array is joined by lib/.../zookeeper_servers_url.rb as
// zk://host[:zk_default_port],.../zk_path (a String is used as it is).

interface DaemonUrl {
  readonly node: ClusterNode;
  readonly daemon: Daemon;
  readonly url: string;
  readonly place: Place;
}

function daemonUrl(model: ClusterModel, node: ClusterNode, daemon: Daemon): DaemonUrl | undefined {
  const cls = CLASS[daemon];
  const own = node.get(`mesos::${cls}::zookeeper`);
  const v =
    own && own.value !== null && !(Array.isArray(own.value) && own.value.length === 0) && own.value !== ''
      ? own
      : node.get('mesos::zookeeper');
  if (!v) return undefined;
  const place = at(node, v.valueAt);
  if (typeof v.value === 'string')
    return v.value.trim() === '' ? undefined : { node, daemon, url: v.value.trim(), place };
  if (!Array.isArray(v.value) || !atLeast(model.mesos, '0.8.0') || v.value.length === 0) return undefined;
  const path = String(node.get(`mesos::${cls}::zk_path`)?.value ?? node.get('mesos::zk_path')?.value ?? 'mesos');
  const port = String(
    node.get(`mesos::${cls}::zk_default_port`)?.value ?? node.get('mesos::zk_default_port')?.value ?? 2181,
  );
  const hosts = v.value.map((h) => String(h)).map((h) => (h.includes(':') ? h : `${h}:${port}`));
  return { node, daemon, url: `zk://${hosts.join(',')}/${path}`, place };
}

function zkDaemonUrlRule(model: ClusterModel, ctx: RuntimeContext): Finding[] {
  const urls: DaemonUrl[] = [];
  for (const node of model.nodes)
    for (const d of daemonsOf(node, ctx)) {
      const u = daemonUrl(model, node, d);
      if (u) urls.push(u);
    }
  // Different mesos::zookeeper strings are reported by clusterRules (mesos/zk-url-differs): this rule speaks
  // only when those agree and the difference comes from a daemon's own key or an Array form.
  const strings = new Set(
    model.nodes
      .filter((n) => n.isMaster || n.isAgent)
      .map((n) => n.get('mesos::zookeeper')?.value)
      .filter((x): x is string => typeof x === 'string'),
  );
  if (strings.size > 1) return [];
  const groups = new Map<string, DaemonUrl[]>();
  for (const u of urls) (groups.get(u.url) ?? groups.set(u.url, []).get(u.url)!).push(u);
  if (groups.size < 2) return [];
  const [majority] = [...groups.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  const out: Finding[] = [];
  for (const [url, list] of groups) {
    if (url === majority) continue;
    for (const u of list) {
      out.push(
        finding(
          'mesos/zk-daemon-url',
          u.place.path,
          u.place.range,
          `The Mesos ${u.daemon} on ${u.node.certname} uses the ZooKeeper URL ${url}, the other Mesos daemons ${majority}: daemons on different URLs (or paths) form separate clusters.`,
        ),
      );
    }
  }
  return out;
}

// --- ports on one node ---------------------------------------------------------------------------------
// Defaults: mesos::master_port 5050 and mesos::slave::port 5051 (deric/puppet-mesos init.pp, slave.pp);
// zookeeper client_port 2181, election_port 2888, leader_port 3888 (deric/puppet-zookeeper init.pp/params.pp);
// Marathon 8080 (its --http_port); Chronos 4400 (the Mesosphere package's default).

const MARATHON_PORT_KEYS = ['profile::mesos::master::marathon::port', 'profile::marathon::port'];
const CHRONOS_PORT_KEYS = ['profile::mesos::master::chronos::port', 'profile::chronos::port'];

interface Listener {
  readonly what: string;
  readonly port: number;
  readonly value?: NodeValue;
  readonly place?: Place;
}

function portOf(node: ClusterNode, keys: readonly string[], dflt: number, what: string): Listener {
  for (const k of keys) {
    const v = node.get(k);
    if (v && /^\d+$/.test(String(v.value).trim()))
      return { what, port: Number(v.value), value: v, ...(v.valueAt ? { place: v.valueAt } : {}) };
  }
  return { what, port: dflt };
}

function listenersOf(node: ClusterNode, ctx: RuntimeContext): Listener[] {
  const out: Listener[] = [];
  for (const d of daemonsOf(node, ctx)) {
    const opts = node.get(`mesos::${CLASS[d]}::options`);
    const optPort = objectOf(opts)?.port;
    if (optPort !== undefined && /^\d+$/.test(String(optPort).trim())) {
      const place = opts!.entryAt(['port'])?.value;
      out.push({ what: `the Mesos ${d}`, port: Number(optPort), ...(place ? { place } : {}) });
    } else if (d === 'master')
      out.push(portOf(node, ['mesos::master::master_port', 'mesos::master_port'], 5050, 'the Mesos master'));
    else out.push(portOf(node, ['mesos::slave::port'], 5051, 'the Mesos agent'));
  }
  if (has(node, 'zookeeper')) {
    out.push(portOf(node, ['zookeeper::client_port'], 2181, 'ZooKeeper (clients)'));
    out.push(portOf(node, ['zookeeper::election_port'], 2888, 'ZooKeeper (election_port)'));
    out.push(portOf(node, ['zookeeper::leader_port'], 3888, 'ZooKeeper (leader_port)'));
  }
  if (has(node, /(^|::)marathon$/)) out.push(portOf(node, MARATHON_PORT_KEYS, 8080, 'Marathon'));
  if (has(node, /(^|::)chronos$/)) out.push(portOf(node, CHRONOS_PORT_KEYS, 4400, 'Chronos'));
  return out;
}

function portRule(model: ClusterModel, ctx: RuntimeContext): Finding[] {
  if (!ctx.expanded) return [];
  const out: Finding[] = [];
  for (const node of model.nodes) {
    const ls = listenersOf(node, ctx);
    for (let i = 0; i < ls.length; i++) {
      for (let j = i + 1; j < ls.length; j++) {
        const [a, b] = [ls[i], ls[j]];
        if (a.port !== b.port) continue;
        // Marathon against Chronos is clusterRules' mesos/framework-port-clash.
        if ([a.what, b.what].sort().join() === 'Chronos,Marathon') continue;
        const set = b.place ? b : a.place ? a : b;
        const other = set === a ? b : a;
        const place = at(node, set.place);
        out.push(
          finding(
            'mesos/port-clash',
            place.path,
            place.range,
            `${set.what} and ${other.what} both listen on port ${set.port} on ${node.certname}: the one that starts second cannot bind it and stops. Give ${set.what} a free port.`,
          ),
        );
      }
    }
  }
  return out;
}

// --- integer keys of zookeeper::servers ----------------------------------------------------------------
// Source: deric/puppet-zookeeper v0.8.0 and later, manifests/init.pp: Variant[Array[String],Hash[String,String]]
// $servers. YAML reads `1: host` with an Integer key, which that type rejects when the catalog compiles.

function integerKeyRule(model: ClusterModel, ctx: RuntimeContext): Finding[] {
  if (!atLeast(model.zookeeper, RUNTIME.zookeeperTypedServers) || !ctx.readText) return [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const node of model.nodes) {
    const v = node.get('zookeeper::servers');
    const place = v?.valueAt;
    if (!place || !v.value || typeof v.value !== 'object' || Array.isArray(v.value)) continue;
    const key = `${place.path}|${place.range.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = ctx.readText(place.path);
    if (text === undefined) continue;
    for (const r of integerKeys(text, place.range)) {
      const k = text.slice(r.start, r.end);
      out.push(
        finding(
          'zookeeper/servers-integer-keys',
          place.path,
          r,
          `zookeeper v${versionOf(model.zookeeper)} takes zookeeper::servers as Hash[String,String]; the key ${k} is read as an Integer, and the catalog does not compile. Quote it: '${k}'.`,
          {
            fixes: [
              {
                title: `Quote the key: '${k}'`,
                edits: [{ path: place.path, range: r, newText: `'${k}'` }],
                preferred: true,
              },
            ],
          },
        ),
      );
    }
  }
  return out;
}

/** The ranges of the Integer keys of the YAML mapping at `range` of `text`. */
function integerKeys(text: string, range: TextRange): TextRange[] {
  // The value's text alone parses as the same mapping (block or flow); offsets are shifted back.
  const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
  const pad = ' '.repeat(range.start - lineStart);
  const doc = parseDocument(pad + text.slice(range.start, range.end));
  if (!isMap(doc.contents)) return [];
  const out: TextRange[] = [];
  for (const pair of doc.contents.items) {
    if (isScalar(pair.key) && typeof pair.key.value === 'number' && pair.key.range) {
      out.push({
        start: range.start + pair.key.range[0] - pad.length,
        end: range.start + pair.key.range[1] - pad.length,
      });
    }
  }
  return out;
}

// --- the retired Mesosphere repository -----------------------------------------------------------------
// Source: deric/puppet-mesos manifests/repo.pp: 'mesosphere' adds http(s)://repos.mesosphere.io/<os> (apt) or
// its el RPM; D2iQ shut those repositories down (shared/docs/domain.md), so apt and yum fail on them.

const DECLARES_MESOSPHERE = /class\s*\{\s*['"](?:::)?mesos['"]\s*:[^}]*?\brepo\s*=>\s*['"]mesosphere['"]/;

/** The class of the node whose manifest declares the mesos class with repo => 'mesosphere', if any. */
function declaresMesosphere(node: ClusterNode, ctx: RuntimeContext): string | undefined {
  return (node.classes ?? []).find((c) => {
    const text = ctx.classText?.(c);
    return text !== undefined && DECLARES_MESOSPHERE.test(text);
  });
}

function repoRule(model: ClusterModel, ctx: RuntimeContext): Finding[] {
  if (!ctx.expanded) return [];
  const out: Finding[] = [];
  const newer = atLeast(model.mesos, RUNTIME.repoDefaultMesosphere);
  const manageRepo = atLeast(model.mesos, RUNTIME.manageRepo);
  for (const node of model.nodes) {
    if (daemonsOf(node, ctx).length === 0) continue;
    const repo = node.get('mesos::repo');
    if (manageRepo && node.get('mesos::manage_repo')?.value === false) continue;
    // A profile that declares class { 'mesos': repo => 'mesosphere' } wins over Hiera (the scenario's does).
    const declared = declaresMesosphere(node, ctx);
    if (declared) {
      const place = at(node);
      out.push(
        finding(
          'mesos/repo-retired',
          place.path,
          place.range,
          `${declared} declares class { 'mesos': repo => 'mesosphere' }, which points ${node.certname}'s package manager at repos.mesosphere.io; it no longer serves packages, so the package update fails and Mesos is not installed. Leave repo out of that declaration and provide the Mesos packages from a repository of your own.`,
        ),
      );
      continue;
    }
    const value = repo ? repo.value : newer ? 'mesosphere' : undefined;
    if (value !== 'mesosphere') continue;
    const place = at(node, repo?.valueAt);
    const fixes: Fix[] = [];
    if (manageRepo)
      fixes.push(
        appendFix(node, `Add mesos::manage_repo: false to ${node.certname}'s data`, 'mesos::manage_repo: false'),
      );
    else if (repo?.keyAt && repo.valueAt && ctx.readText) {
      const text = ctx.readText(repo.keyAt.path);
      if (text !== undefined)
        fixes.push({
          title: 'Remove mesos::repo (provide the Mesos packages yourself)',
          edits: [
            {
              path: repo.keyAt.path,
              range: wholeLines(text, { start: repo.keyAt.range.start, end: repo.valueAt.range.end }),
              newText: '',
            },
          ],
          preferred: true,
        });
    }
    out.push(
      finding(
        'mesos/repo-retired',
        place.path,
        place.range,
        `${repo ? "mesos::repo 'mesosphere'" : `mesos v${versionOf(model.mesos)}'s default repo, 'mesosphere',`} points ${node.certname}'s package manager at repos.mesosphere.io, which no longer serves packages: the package update fails and Mesos is not installed. ${manageRepo ? 'Set mesos::manage_repo: false and provide the packages from a repository of your own (or give mesos::repo as a Hash naming a mirror).' : newer ? 'Give mesos::repo as a Hash naming a mirror of your own.' : 'Remove mesos::repo and provide the Mesos packages from a repository of your own.'}`,
        { fixes },
      ),
    );
  }
  return out;
}

// --- the OS releases the mesos module supports ------------------------------------------------------------
// Source: deric/puppet-mesos metadata.json operatingsystem_support at each release tag, as our indexer records it
// (CatalogModule.operatingsystemSupport): v0.5.2–v0.7.0 Debian 6–7, Ubuntu 10.04–14.04, RHEL/CentOS 6–7; Debian 8
// from v0.7.1, Ubuntu 16.04 from v0.8.3, Debian 9 from v0.9.0, Ubuntu 18.04 from v1.0.2, Debian 10 in v1.1.0 (the
// last release). The module's repo.pp and service code branch on these systems only. Speaks only for a node whose
// facts the repo gives (a facts file), never from a name.

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** The OS name and release of a node's facts (modern `os` fact, else the legacy ones). */
function osOf(facts: Readonly<Record<string, unknown>>): { name: string; major?: string; full?: string } | undefined {
  const os = facts.os && typeof facts.os === 'object' ? (facts.os as Record<string, unknown>) : {};
  const release = os.release && typeof os.release === 'object' ? (os.release as Record<string, unknown>) : {};
  const name = str(os.name) ?? str(facts.operatingsystem);
  if (!name) return undefined;
  const major = str(release.major) ?? str(facts.operatingsystemmajrelease);
  const full = str(release.full) ?? str(facts.operatingsystemrelease);
  return { name, ...(major ? { major } : {}), ...(full ? { full } : {}) };
}

function osSupportRule(model: ClusterModel, ctx: RuntimeContext): Finding[] {
  if (!ctx.expanded || !ctx.nodeFacts || !model.mesos || model.mesos.reason === 'newest') return [];
  const version = versionOf(model.mesos);
  const support = version ? releaseCatalog('mesos', version)?.operatingsystemSupport : undefined;
  if (!version || !support || support.length === 0) return [];
  const out: Finding[] = [];
  for (const node of model.nodes) {
    if (daemonsOf(node, ctx).length === 0) continue;
    const given = ctx.nodeFacts(node.certname);
    const os = given && osOf(given.facts);
    if (!given || !os) continue;
    const listed = support.find((s) => s.operatingsystem.toLowerCase() === os.name.toLowerCase());
    const releases = listed?.operatingsystemrelease ?? [];
    const same = (r: string) =>
      r === os.major || r === os.full || (os.full !== undefined && os.full.startsWith(`${r}.`));
    if (listed && (releases.length === 0 || releases.some(same))) continue;
    const runs = `${os.name}${(os.full ?? os.major) ? ` ${os.full ?? os.major}` : ''}`;
    const place = at(node);
    const supported = support
      .map((s) => `${s.operatingsystem} ${(s.operatingsystemrelease ?? []).join(', ')}`.trim())
      .join('; ');
    out.push(
      finding(
        'mesos/os-unsupported',
        place.path,
        place.range,
        `${node.certname} runs ${runs} (facts from ${given.from}), which mesos v${version} does not support: its metadata.json lists ${supported}. The module's package repository and service code were written for those systems only, and Mesos packages must exist for this release. Use a supported OS release, or check that the module and your Mesos packages work on it.`,
      ),
    );
  }
  return out;
}

/** Every runtime rule; findings at the same place with the same code are reported once. */
export function runtimeRules(model: ClusterModel, ctx: RuntimeContext): Finding[] {
  const all = [
    ...refusedFlagRule(model, ctx),
    ...bothDaemonsRule(model, ctx),
    ...addressRule(model, ctx),
    ...javaRule(model, ctx),
    ...zkDaemonUrlRule(model, ctx),
    ...portRule(model, ctx),
    ...integerKeyRule(model, ctx),
    ...repoRule(model, ctx),
    ...osSupportRule(model, ctx),
  ];
  const seen = new Set<string>();
  return all.filter((f) => {
    const k = `${f.code}|${f.path}|${f.range.start}|${f.range.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
