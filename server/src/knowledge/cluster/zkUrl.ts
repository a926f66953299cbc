// The ZooKeeper URL that Mesos reads from /etc/mesos/zk: `zk://[user:pass@]host:port[,host:port...]/path`
// or `file:///path`. Parsing says what is wrong in words a user can act on.

export interface ZkHost {
  readonly host: string;
  readonly port?: number;
  /** Offset of the host within the URL string. */
  readonly offset: number;
}

export type ZkUrl =
  | { readonly kind: 'zk'; readonly hosts: readonly ZkHost[]; readonly path: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'invalid'; readonly problem: string; readonly suggestion?: string };

const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\[[0-9a-fA-F:]+\]$/;

export function parseZkUrl(url: string): ZkUrl {
  const s = url.trim();
  if (s === '') return { kind: 'invalid', problem: 'is empty: Mesos then runs without ZooKeeper, one master only' };
  if (s.startsWith('file://')) return { kind: 'file', path: s.slice('file://'.length) };
  const scheme = /^([A-Za-z]+):\/*/.exec(s);
  if (!scheme || scheme[1] !== 'zk' || !s.startsWith('zk://')) {
    const rest = scheme ? s.slice(scheme[0].length) : s;
    return {
      kind: 'invalid',
      problem: `must start with zk://${scheme ? `, not ${scheme[0]}` : ''}`,
      suggestion: `zk://${rest}`,
    };
  }
  let body = s.slice('zk://'.length);
  let base = 'zk://'.length;
  const at = body.lastIndexOf('@', body.indexOf('/') < 0 ? body.length : body.indexOf('/'));
  if (at >= 0) {
    body = body.slice(at + 1);
    base += at + 1;
  }
  const slash = body.indexOf('/');
  // Mesos reads a URL without a path as the path '/', and its master contender and detector refuse '/' ("a
  // (chroot) path" is required, src/master/detector/detector.cpp): the daemon does not start.
  if (slash < 0)
    return {
      kind: 'invalid',
      problem: 'has no ZooKeeper path, which Mesos refuses at start-up: end it with /mesos',
      suggestion: `${s}/mesos`,
    };
  const hostPart = body.slice(0, slash);
  const path = body.slice(slash);
  if (path === '/' || path === '')
    return {
      kind: 'invalid',
      problem: "has the path '/', which Mesos refuses at start-up: end it with /mesos",
      suggestion: `${s.replace(/\/+$/, '')}/mesos`,
    };
  if (/\/\//.test(path) || /\s/.test(path)) return { kind: 'invalid', problem: `has a malformed path '${path}'` };
  const hosts: ZkHost[] = [];
  let offset = base;
  for (const part of hostPart.split(',')) {
    if (part === '') return { kind: 'invalid', problem: 'has an empty host between commas' };
    const m = /^([\s\S]*?)(?::(\d*))?$/.exec(part);
    if (!m) return { kind: 'invalid', problem: `has a malformed host '${part}'` };
    const host = m[1];
    if (!HOST.test(host)) return { kind: 'invalid', problem: `has an invalid host name '${host}'` };
    if (m[2] !== undefined && (m[2] === '' || Number(m[2]) < 1 || Number(m[2]) > 65535))
      return { kind: 'invalid', problem: `has an invalid port in '${part}'` };
    hosts.push({ host, ...(m[2] ? { port: Number(m[2]) } : {}), offset });
    offset += part.length + 1;
  }
  return { kind: 'zk', hosts, path };
}

/** The host name of a `host`, `host:port` or `host:2888:3888` entry. */
export function hostOf(entry: string): string {
  const s = entry.trim();
  if (s.startsWith('[')) return s.slice(0, s.indexOf(']') + 1);
  return s.split(':')[0];
}

/** Whether two host names name the same machine (equal, or one is the short name of the other). */
export function sameHost(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.split('.')[0] === y || y.split('.')[0] === x;
}
