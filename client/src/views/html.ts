// Small helpers for the webviews' HTML: escaping, and the page frame with a content security policy that
// allows only our inline styles and our one nonce'd script. Presentation only.

export function esc(s: unknown): string {
  return String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/**
 * The attributes of an element, with its classes, that the page script turns into "open this file at this line"
 * messages when it has a place to point at.
 */
export function linkAttrs(
  at: { uri: string; range: { start: { line: number; character: number } } } | undefined,
  classes = '',
): string {
  const cls = [classes, at ? 'link' : ''].filter(Boolean).join(' ');
  const classAttr = cls ? ` class="${cls}"` : '';
  return at
    ? `${classAttr} data-uri="${esc(at.uri)}" data-line="${at.range.start.line}" data-character="${at.range.start.character}" tabindex="0"`
    : classAttr;
}

export function page(title: string, nonce: string, body: string, style: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
:root { --fg: var(--vscode-foreground, #1f2328); --bg: var(--vscode-editor-background, #ffffff); --muted: var(--vscode-descriptionForeground, #656d76);
  --border: var(--vscode-panel-border, #d0d7de); --card: var(--vscode-sideBar-background, #f6f8fa); --err: var(--vscode-errorForeground, #cf222e);
  --warn: var(--vscode-editorWarning-foreground, #9a6700); --ok: var(--vscode-testing-iconPassed, #1a7f37); --accent: var(--vscode-textLink-foreground, #0969da); }
body { font-family: var(--vscode-font-family, system-ui, sans-serif); color: var(--fg); background: var(--bg); margin: 16px 24px; font-size: 13px; }
h1 { font-size: 18px; margin: 0 0 4px; } h2 { font-size: 14px; margin: 20px 0 8px; } .muted { color: var(--muted); }
.link { cursor: pointer; } .link:hover, .link:focus { text-decoration: underline; outline: none; color: var(--accent); }
${style}
</style></head><body>
${body}
<script nonce="${nonce}">
const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
function open(el) { if (vscode && el.dataset.uri) vscode.postMessage({ command: 'open', uri: el.dataset.uri, line: Number(el.dataset.line), character: Number(el.dataset.character) }); }
document.addEventListener('click', (e) => { const el = e.target.closest('.link'); if (el) open(el); });
document.addEventListener('keydown', (e) => { if (e.key === 'Enter') { const el = e.target.closest('.link'); if (el) open(el); } });
</script>
</body></html>`;
}
