// The lookup preview as a table: every key a node sees, its value after merging, how it was merged, and the
// files that set it in priority order (each a link). Pure: data in, HTML out.

import type { LookupPreviewResult } from '../../../server/src/protocol';
import { esc, linkAttrs, page } from './html';

// The panel opens beside the editor, often 500 px wide or less: the value column wraps, and below 700 px each row
// becomes a block with its labels, so the merge and the files that set a key are never cut off.
const STYLE = `
table { border-collapse: collapse; width: 100%; table-layout: auto; } td { overflow-wrap: anywhere; }
@media (max-width: 700px) {
  thead { display: none; } tr, td { display: block; } tr { border-bottom: 1px solid var(--border); padding: 4px 0; }
  td { border: none; padding: 2px 8px; } td[data-label]::before { content: attr(data-label) ': '; color: var(--muted); }
  td.key { white-space: normal; font-weight: 600; }
} th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--border); }
th { color: var(--muted); font-weight: 600; } td.key { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); white-space: nowrap; }
pre { margin: 0; white-space: pre-wrap; font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-size: 12px; }
.src { display: block; } .src .entry { color: var(--muted); } .err { color: var(--err); }
`;

/** The value as the server wrote it in YAML (as a data file would hold it); JSON only from an older server. */
function valueText(e: { value?: unknown; valueYaml?: string }): string {
  if (e.valueYaml !== undefined) return e.valueYaml;
  return typeof e.value === 'string' ? e.value : JSON.stringify(e.value, null, 2);
}

export function lookupHtml(result: LookupPreviewResult, nonce: string): string {
  if (result.kind === 'error') {
    return page(
      'Hiera lookup preview',
      nonce,
      `<h1>Hiera lookup preview</h1><p class="err">${esc(result.message)}</p>`,
      STYLE,
    );
  }
  const rows = result.entries
    .map((e) => {
      const value =
        e.outcome === 'found'
          ? `<pre>${esc(valueText(e))}</pre>`
          : e.outcome === 'error'
            ? `<span class="err">${esc(e.error ?? 'error')}</span>`
            : '<span class="muted">not found</span>';
      const sources = e.sources
        .map(
          (s) =>
            `<span${linkAttrs(s.range ? { uri: s.uri, range: s.range } : { uri: s.uri, range: { start: { line: 0, character: 0 } } }, 'src')}>${esc(decodeURIComponent(s.uri.replace(result.rootUri, '').replace(/^\//, '')))} <span class="entry">(${esc(s.entry)})</span></span>`,
        )
        .join('');
      const via = e.mergeVia ?? (e.mergeSource === 'default' ? undefined : e.mergeSource.replace('_', ' '));
      return `<tr><td class="key">${esc(e.key)}</td><td data-label="value">${value}</td><td data-label="merge" class="merge">${esc(e.merge)}${via ? ` <span class="muted">(${esc(via)})</span>` : ''}</td><td data-label="set in">${sources || '<span class="muted">—</span>'}</td></tr>`;
    })
    .join('\n');
  const facts = result.factsDerived ? 'facts derived from the node name' : 'facts given';
  const body = `<h1>Hiera lookup preview: ${esc(result.node)}</h1>
<div class="muted">${esc(decodeURIComponent(result.rootUri.replace(/^file:\/\//, '')))} · ${esc(facts)} · ${result.entries.length} key${result.entries.length === 1 ? '' : 's'}</div>
<table><thead><tr><th>key</th><th>value</th><th>merge</th><th>set in (highest priority first)</th></tr></thead><tbody>
${rows}
</tbody></table>${result.explanation ? `<h2>Explanation</h2><pre>${esc(result.explanation)}</pre>` : ''}`;
  return page(`Hiera lookup: ${result.node}`, nonce, body, STYLE);
}
