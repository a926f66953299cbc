// What can stand inside Hiera's `%{...}`, in our own words: the variable roots a node has (`facts`, `trusted`,
// `server_facts`, top-scope `::` facts), the facts Puppet's own setup (Facter 4) gives every node and that
// hierarchies commonly use, and the interpolation functions. Completion and hover in hiera.yaml and in data
// files read these tables.

export interface Word {
  readonly name: string;
  readonly doc: string;
}

export const VARIABLE_ROOTS: readonly Word[] = [
  {
    name: 'facts',
    doc: "The node's facts as a hash, e.g. `%{facts.os.family}`. Prefer it to top-scope facts: a node cannot fake a variable through it.",
  },
  {
    name: 'trusted',
    doc: "Data from the node's certificate, which the node cannot change: `certname`, `hostname`, `domain`, `extensions`. The safest key for per-node data.",
  },
  {
    name: 'server_facts',
    doc: 'Facts about the Puppet server that compiles the catalog (`serverversion`, `servername`, `environment`); empty for `puppet lookup` unless given.',
  },
  { name: 'environment', doc: "The name of the node's environment (`production` by default)." },
];

export const TRUSTED_KEYS: readonly Word[] = [
  {
    name: 'certname',
    doc: "The node's certificate name (the `--node` of `puppet lookup`); the usual key for per-node data files.",
  },
  { name: 'hostname', doc: 'The certname up to its first dot.' },
  { name: 'domain', doc: 'The certname after its first dot (undef when the certname has no dot).' },
  {
    name: 'extensions',
    doc: "Custom attributes from the node's certificate (`pp_role`, `pp_environment`, ...), e.g. `%{trusted.extensions.pp_role}`.",
  },
  {
    name: 'authenticated',
    doc: '`remote` for a node with a signed certificate, `local` for `puppet apply` and `puppet lookup`.',
  },
  { name: 'external', doc: 'Trusted data from an external source configured on the server; usually empty.' },
];

export const SERVER_FACT_KEYS: readonly Word[] = [
  { name: 'serverversion', doc: "The Puppet server's version." },
  { name: 'servername', doc: "The server's fully qualified name." },
  { name: 'serverip', doc: "The server's IP address." },
  { name: 'environment', doc: 'The environment the server compiles for.' },
];

/** Structured facts (under `facts.`) that hierarchies commonly use. */
export const FACT_KEYS: readonly Word[] = [
  { name: 'os.family', doc: 'The OS family: `Debian`, `RedHat`, ... — a common hierarchy level.' },
  { name: 'os.name', doc: 'The OS name: `Ubuntu`, `CentOS`, `Debian`, ...' },
  { name: 'os.release.major', doc: 'The major release of the OS: `22.04`, `8`, `12`, ...' },
  { name: 'os.release.full', doc: 'The full release of the OS.' },
  { name: 'os.distro.codename', doc: 'The distribution codename: `jammy`, `bookworm`, ...' },
  { name: 'networking.fqdn', doc: "The node's fully qualified domain name as the node reports it." },
  { name: 'networking.hostname', doc: "The node's host name (no domain)." },
  { name: 'networking.domain', doc: "The node's DNS domain." },
  { name: 'networking.ip', doc: "The IPv4 address of the node's primary interface." },
  { name: 'fqdn', doc: 'The fully qualified domain name (legacy flat fact, same as networking.fqdn).' },
  { name: 'hostname', doc: 'The host name (legacy flat fact).' },
  { name: 'domain', doc: 'The DNS domain (legacy flat fact).' },
  { name: 'clientcert', doc: "The node's certificate name as the node reports it; prefer `trusted.certname`." },
  { name: 'virtual', doc: 'The hypervisor or container kind (`physical`, `kvm`, `docker`, ...).' },
  { name: 'kernel', doc: 'The kernel: `Linux`, `windows`, ...' },
  { name: 'processors.count', doc: 'The number of processors.' },
  { name: 'memory.system.total_bytes', doc: 'The total system memory in bytes.' },
];

/** Flat facts that are also top-scope variables (`%{::fqdn}`), from before structured facts. */
export const LEGACY_FACTS: readonly Word[] = [
  { name: 'fqdn', doc: 'The fully qualified domain name as the node reports it.' },
  { name: 'hostname', doc: 'The host name as the node reports it.' },
  { name: 'domain', doc: 'The DNS domain as the node reports it.' },
  { name: 'clientcert', doc: 'The certificate name as the node reports it.' },
  { name: 'osfamily', doc: 'The OS family (legacy; use facts.os.family).' },
  { name: 'operatingsystem', doc: 'The OS name (legacy; use facts.os.name).' },
  { name: 'operatingsystemmajrelease', doc: 'The major OS release (legacy; use facts.os.release.major).' },
  { name: 'lsbdistcodename', doc: 'The distribution codename (legacy).' },
  { name: 'ipaddress', doc: 'The primary IPv4 address (legacy; use facts.networking.ip).' },
  { name: 'environment', doc: "The node's environment." },
];

export const FUNCTION_WORDS: readonly (Word & { readonly inData: boolean })[] = [
  {
    name: 'lookup',
    inData: true,
    doc: "Inserts the value of another Hiera key, found with that key's own merge, as text: `%{lookup('mesos::zk_hosts')}`. An empty string when the key is missing.",
  },
  {
    name: 'alias',
    inData: true,
    doc: "Makes the value another key's value with its type kept (a list stays a list). Must be the whole string: `'%{alias('profile::ports')}'`.",
  },
  { name: 'hiera', inData: true, doc: 'The Hiera 3 name of `lookup`; it works the same. Prefer `lookup`.' },
  {
    name: 'literal',
    inData: true,
    doc: "Inserts its argument as is, to write a literal `%{`: `%{literal('%')}{...}`.",
  },
  {
    name: 'scope',
    inData: true,
    doc: "Reads a variable by name, like plain `%{name}`: `%{scope('facts.os.family')}`.",
  },
];

/** The documentation of a variable expression (`facts.os.family`, `::fqdn`, `trusted.certname`), when we know it. */
export function describeVariable(expr: string): string | undefined {
  const e = expr.trim();
  if (e.startsWith('::')) {
    const w = LEGACY_FACTS.find((f) => f.name === e.slice(2));
    return w
      ? `Top-scope fact \`${e.slice(2)}\`: ${w.doc}`
      : `Top-scope variable \`${e.slice(2)}\` (a fact or a variable set before the lookup).`;
  }
  const [root, ...rest] = e.split('.');
  const sub = rest.join('.');
  if (root === 'trusted') {
    const w = TRUSTED_KEYS.find((k) => k.name === rest[0]);
    return w ? `Trusted \`${sub}\`: ${w.doc}` : VARIABLE_ROOTS[1].doc;
  }
  if (root === 'facts') {
    const w = FACT_KEYS.find((k) => k.name === sub);
    return w
      ? `Fact \`${sub}\`: ${w.doc}`
      : sub
        ? `Fact \`${sub}\` of the node (empty when the node does not have it).`
        : VARIABLE_ROOTS[0].doc;
  }
  if (root === 'server_facts') {
    const w = SERVER_FACT_KEYS.find((k) => k.name === sub);
    return w ? `Server fact \`${sub}\`: ${w.doc}` : VARIABLE_ROOTS[2].doc;
  }
  const w = VARIABLE_ROOTS.find((k) => k.name === root) ?? LEGACY_FACTS.find((f) => f.name === e);
  return w?.doc;
}
