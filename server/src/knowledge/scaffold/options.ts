// What a user chooses when scaffolding a Mesos cluster, and the checks on each answer. The VS Code wizard
// validates every input box as the user types with these functions (through the server), and the CLI checks
// its flags with them, so both accept exactly the same clusters.

export type ModuleSet = 'book' | 'newest';

export interface ScaffoldOptions {
  readonly masters: readonly string[];
  readonly slaves: readonly string[];
  /** DNS domain appended to every host name (certname = host.domain); empty for bare names. */
  readonly domain: string;
  /** Optional IP address per host (short name → IPv4). */
  readonly ips: Readonly<Record<string, string>>;
  readonly modules: ModuleSet;
  readonly marathon: { readonly enabled: boolean; readonly port: number };
  readonly chronos: { readonly enabled: boolean; readonly port: number };
  /** Cluster name shown in the Mesos UI. */
  readonly clusterName: string;
}

export const DEFAULT_OPTIONS: ScaffoldOptions = {
  masters: ['master1', 'master2', 'master3'],
  slaves: ['slave1', 'slave2', 'slave3'],
  domain: '',
  ips: {},
  modules: 'newest',
  marathon: { enabled: true, port: 8080 },
  chronos: { enabled: true, port: 4400 },
  clusterName: 'mesos',
};

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/** A host name label or dotted name under RFC 1123; undefined when valid, else why not. */
export function checkHostName(name: string): string | undefined {
  if (name === '') return 'a host name cannot be empty';
  if (name.length > 253) return `'${name}' is longer than 253 characters`;
  for (const label of name.split('.')) {
    if (!LABEL.test(label))
      return `'${name}' is not a valid host name (RFC 1123: letters, digits and inner hyphens, labels of 1 to 63 characters)`;
  }
  if (/^\d+$/.test(name.split('.').pop() ?? '')) return `'${name}' looks like an address, not a host name`;
  return undefined;
}

export function parseHostList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Checks a list of master names: valid, unique, an odd number (three proposed). */
export function checkMasters(names: readonly string[]): string | undefined {
  if (names.length === 0) return 'give at least one master (three for high availability)';
  const bad = names.map(checkHostName).find(Boolean);
  if (bad) return bad;
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) return `'${dup}' is given twice`;
  if (names.length % 2 === 0)
    return `${names.length} masters: use an odd number (${names.length - 1} or ${names.length + 1}); an even number survives no more failures than one fewer`;
  return undefined;
}

export function checkSlaves(names: readonly string[], masters: readonly string[] = []): string | undefined {
  if (names.length === 0) return 'give at least one agent';
  const bad = names.map(checkHostName).find(Boolean);
  if (bad) return bad;
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) return `'${dup}' is given twice`;
  const both = names.find((n) => masters.includes(n));
  if (both) return `'${both}' is already a master; a node gets one role`;
  return undefined;
}

export function checkDomain(domain: string): string | undefined {
  if (domain === '') return undefined;
  return checkHostName(domain) ? `'${domain}' is not a valid DNS domain` : undefined;
}

export function checkIp(ip: string): string | undefined {
  const parts = ip.split('.');
  if (
    parts.length !== 4 ||
    parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255 || (p.length > 1 && p.startsWith('0')))
  )
    return `'${ip}' is not an IPv4 address`;
  return undefined;
}

export function checkPort(port: number): string | undefined {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? undefined : `${port} is not a port (1 to 65535)`;
}

export type Framework = 'marathon' | 'chronos';

/** The ports the daemons of a scaffolded master listen on by default (the frameworks run on the masters). */
const DAEMON_PORTS: ReadonlyArray<{ readonly port: number; readonly who: string }> = [
  { port: 5050, who: 'the Mesos master' },
  { port: 5051, who: 'the Mesos agent' },
  { port: 2181, who: "ZooKeeper's client port" },
  { port: 2888, who: "ZooKeeper's peer port" },
  { port: 3888, who: "ZooKeeper's leader-election port" },
];

const FRAMEWORK_NAME: Record<Framework, string> = { marathon: 'Marathon', chronos: 'Chronos' };
const FRAMEWORK_DEFAULT: Record<Framework, number> = { marathon: 8080, chronos: 4400 };

/**
 * A framework's HTTP port: a port, and not one another daemon of the master listens on — Mesos (5050, 5051),
 * ZooKeeper (2181, 2888, 3888) or the other framework (its chosen port, else its default: Marathon 8080,
 * Chronos 4400).
 */
export function checkFrameworkPort(
  framework: Framework,
  port: number,
  other?: { readonly enabled: boolean; readonly port: number },
): string | undefined {
  const bad = checkPort(port);
  if (bad) return bad;
  const daemon = DAEMON_PORTS.find((d) => d.port === port);
  if (daemon) return `port ${port} is ${daemon.who}'s; ${FRAMEWORK_NAME[framework]} runs on the masters beside it`;
  const o: Framework = framework === 'marathon' ? 'chronos' : 'marathon';
  const otherPort = other ? (other.enabled ? other.port : undefined) : FRAMEWORK_DEFAULT[o];
  if (otherPort === port)
    return `port ${port} is ${FRAMEWORK_NAME[o]}'s${other ? '' : ' default'}; ${FRAMEWORK_NAME[framework]} and ${FRAMEWORK_NAME[o]} run on the same masters`;
  return undefined;
}

/** An address for `host`: IPv4, and not the address already given to another host. */
export function checkHostIp(ip: string, host: string, ips: Readonly<Record<string, string>>): string | undefined {
  const bad = checkIp(ip);
  if (bad) return bad;
  const owner = Object.entries(ips).find(([h, a]) => h !== host && a === ip)?.[0];
  return owner ? `${ip} is already the address of ${owner}; each host needs its own` : undefined;
}

/** Every problem with a complete set of options, one sentence each. */
export function checkOptions(o: ScaffoldOptions): string[] {
  const problems: string[] = [];
  const push = (p: string | undefined): void => {
    if (p) problems.push(p);
  };
  push(checkMasters(o.masters));
  push(checkSlaves(o.slaves, o.masters));
  push(checkDomain(o.domain));
  const seen = new Map<string, string>();
  for (const [host, ip] of Object.entries(o.ips)) {
    if (![...o.masters, ...o.slaves].includes(host))
      problems.push(`an address is given for '${host}', which is neither a master nor an agent`);
    const bad = checkIp(ip);
    if (bad) problems.push(bad);
    else if (seen.has(ip))
      problems.push(`${ip} is given to both ${seen.get(ip)} and ${host}; each host needs its own address`);
    else seen.set(ip, host);
  }
  // The clash between the two frameworks is told once, at Chronos (the one the wizard asks last).
  if (o.marathon.enabled) push(checkFrameworkPort('marathon', o.marathon.port, { enabled: false, port: 0 }));
  if (o.chronos.enabled) push(checkFrameworkPort('chronos', o.chronos.port, o.marathon));
  if (!/^[A-Za-z0-9_.-]+$/.test(o.clusterName))
    problems.push(`cluster name '${o.clusterName}' may only hold letters, digits, '.', '_' and '-'`);
  return problems;
}

export function certname(o: ScaffoldOptions, host: string): string {
  return o.domain ? `${host}.${o.domain}` : host;
}
