// The cluster topology as HTML: masters with their ZooKeeper ids, the ensemble, the quorum, the ZooKeeper URL,
// Marathon and Chronos with their ports, the agents, and every problem the rules found. Every element links to
// the file and line that defines it. Pure: data in, HTML out (rendered in a webview, and in headless Chromium
// by the tests).

import type { TopologyCluster, TopologyResult } from '../../../server/src/protocol';
import { esc, linkAttrs, page } from './html';

const STYLE = `
.cluster { border: 1px solid var(--border); border-radius: 8px; padding: 12px 16px; margin-bottom: 20px; }
.row { display: flex; flex-wrap: wrap; gap: 10px; }
.node { border: 1px solid var(--border); background: var(--card); border-radius: 6px; padding: 8px 10px; min-width: 150px; }
.node .name { font-weight: 600; } .node .roles { color: var(--muted); font-size: 12px; }
.badge { display: inline-block; border-radius: 10px; padding: 0 7px; font-size: 11px; margin-left: 4px; border: 1px solid var(--border); }
.badge.zk { background: #ddf4ff; color: #0550ae; } .badge.bad { background: #ffebe9; color: var(--err); border-color: var(--err); }
.facts { display: grid; grid-template-columns: max-content auto; gap: 4px 14px; margin-top: 8px; }
.facts .k { color: var(--muted); } .facts > span { min-width: 0; overflow-wrap: anywhere; }
.problems-of { margin: 10px 0 2px; font-size: 13px; font-weight: 600; }
.good { color: var(--ok); } .badv { color: var(--err); font-weight: 600; }
.problems { list-style: none; padding: 0; margin: 0; } .problems li { padding: 4px 0; border-bottom: 1px solid var(--border); }
.sev-error { color: var(--err); font-weight: 600; } .sev-warning { color: var(--warn); font-weight: 600; } .sev-information, .sev-hint { color: var(--muted); }
code { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-size: 12px; }
.empty { color: var(--muted); font-style: italic; }
`;

function shortPath(uri: string, root: string): string {
  return decodeURIComponent(uri.startsWith(root) ? uri.slice(root.length + 1) : uri.replace(/^file:\/\//, ''));
}

function nodeCard(c: TopologyCluster, n: TopologyCluster['nodes'][number], expectedId: number | undefined): string {
  const roles =
    [n.master ? 'Mesos master' : '', n.agent ? 'Mesos agent' : '', n.zookeeper ? 'ZooKeeper' : '']
      .filter(Boolean)
      .join(' · ') || 'no Mesos role';
  const idOk = expectedId === undefined || n.zookeeperId === String(expectedId);
  const zk = n.zookeeper
    ? `<span class="badge ${idOk ? 'zk' : 'bad'}" title="zookeeper::id${idOk ? '' : `; its place in the ensemble says ${expectedId}`}">id ${esc(n.zookeeperId ?? '1 (default)')}</span>`
    : '';
  const problems = c.problems.filter((p) => p.at.uri === n.definedAt.uri).length;
  return `<div${linkAttrs(n.definedAt, 'node')} data-node="${esc(n.certname)}"><div class="name">${esc(n.certname)}${zk}${problems ? `<span class="badge bad">${problems} problem${problems === 1 ? '' : 's'}</span>` : ''}</div><div class="roles">${esc(roles)}</div></div>`;
}

function clusterHtml(c: TopologyCluster): string {
  const masters = c.nodes.filter((n) => n.master);
  const agents = c.nodes.filter((n) => n.agent && !n.master);
  const others = c.nodes.filter((n) => !n.master && !n.agent);
  const position = (certname: string): number | undefined => {
    const i = c.ensemble.findIndex(
      (h) => h === certname || h.split('.')[0] === certname || certname.split('.')[0] === h,
    );
    return i < 0 ? undefined : i + 1;
  };
  const quorumOk = c.quorum ? Number(c.quorum.value) === c.quorum.expected : true;
  const facts: string[] = [];
  if (c.quorum) {
    facts.push(
      `<span class="k">quorum</span><span${linkAttrs(c.quorum.at)}><span class="${quorumOk ? 'good' : 'badv'}">${esc(c.quorum.value)}</span> <span class="muted">— a majority of ${masters.length} master${masters.length === 1 ? '' : 's'} is ${c.quorum.expected}</span></span>`,
    );
  }
  facts.push(
    `<span class="k">ZooKeeper ensemble</span><span${linkAttrs(c.ensembleAt)}>${c.ensemble.length ? c.ensemble.map((h, i) => `<code>${i + 1}: ${esc(h)}</code>`).join(', ') : '<span class="empty">not set</span>'}${c.ensemble.length && c.ensemble.length % 2 === 0 ? ' <span class="badv">(even)</span>' : ''}</span>`,
  );
  facts.push(
    `<span class="k">ZooKeeper URL</span><span${linkAttrs(c.zookeeperUrlAt)}>${c.zookeeperUrl ? `<code>${esc(c.zookeeperUrl)}</code>` : '<span class="empty">not set</span>'}</span>`,
  );
  for (const f of c.frameworks)
    facts.push(
      `<span class="k">${esc(f.name)}</span><span${linkAttrs(f.at)}>${f.port !== undefined ? `port <code>${f.port}</code>` : '<span class="muted">port from the profile default</span>'} on every master</span>`,
    );
  if (c.mesosVersion || c.zookeeperVersion)
    facts.push(
      `<span class="k">modules</span><span>mesos ${esc(c.mesosVersion ?? '?')}, zookeeper ${esc(c.zookeeperVersion ?? '?')}</span>`,
    );
  // Grouped by the file they are in (a node's data file, the Puppetfile, ...), in the order the server sent them.
  const byFile = new Map<string, TopologyCluster['problems'][number][]>();
  for (const p of c.problems) byFile.set(p.at.uri, [...(byFile.get(p.at.uri) ?? []), p]);
  const problems = c.problems.length
    ? [...byFile]
        .map(
          ([uri, ps]) =>
            `<h3 class="problems-of">${esc(shortPath(uri, c.rootUri))} <span class="muted">(${ps.length})</span></h3><ul class="problems">${ps
              .map(
                (p) =>
                  `<li${linkAttrs(p.at)}><span class="sev-${p.severity}">${esc(p.severity)}</span> <code>${esc(p.code)}</code> ${esc(p.message)} <span class="muted">— line ${p.at.range.start.line + 1}</span></li>`,
              )
              .join('')}</ul>`,
        )
        .join('')
    : '<p class="good">No problems found.</p>';
  return `<section class="cluster">
<h1>${esc(decodeURIComponent(c.rootUri.replace(/^file:\/\//, '')))}</h1>
<div class="muted">${masters.length} master${masters.length === 1 ? '' : 's'}, ${agents.length} agent${agents.length === 1 ? '' : 's'}${others.length ? `, ${others.length} other node${others.length === 1 ? '' : 's'}` : ''}</div>
<h2>Masters</h2><div class="row">${masters.map((n) => nodeCard(c, n, n.zookeeper ? position(n.certname) : undefined)).join('') || '<span class="empty">none</span>'}</div>
<div class="facts">${facts.join('')}</div>
<h2>Agents</h2><div class="row">${agents.map((n) => nodeCard(c, n, undefined)).join('') || '<span class="empty">none</span>'}</div>
${others.length ? `<h2>Other nodes</h2><div class="row">${others.map((n) => nodeCard(c, n, undefined)).join('')}</div>` : ''}
<h2>Problems (${c.problems.length})</h2>${problems}
</section>`;
}

export function topologyHtml(result: TopologyResult, nonce: string): string {
  const body = result.clusters.length
    ? result.clusters.map(clusterHtml).join('\n')
    : '<p class="empty">No control repo with Hiera node data found. Open a folder with a hiera.yaml and data/nodes/*.yaml, or run "Scaffold Mesos cluster".</p>';
  return page('Mesos cluster topology', nonce, body, STYLE);
}
