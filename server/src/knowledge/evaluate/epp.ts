// EPP templates (`epp()`, `inline_epp()`): Puppet-language templates. A template is turned into Puppet source the
// evaluator runs — a call with a lambda whose parameters are the template's `<%- | ... | -%>` declaration and
// whose body writes each text chunk and each `<%= %>` value to the output in order — so the code tags, which may
// open a block in one tag and close it in another (`<% if $x { -%> ... <% } -%>`), parse as the Puppet they are.
// Tags: `<% code %>`, `<%= value %>`, `<%# comment %>`, `<%%` and `%%>` for the literal text, `<%-` trims the
// spaces and tabs before the tag, `-%>` the spaces and the line break after it.

/** The function names the generated source calls; no module defines functions with these names. */
export const EPP_TEXT = 'mesos_puppet_epp_text';
export const EPP_VALUE = 'mesos_puppet_epp_value';
export const EPP_RENDER = 'mesos_puppet_epp_render';

export type EppSource =
  | { ok: true; code: string; /** Whether the template declares its parameters. */ declares: boolean }
  | { ok: false; message: string };

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The Puppet source of a template: `mesos_puppet_epp_render() |params| { ... }`. */
export function eppToPuppet(source: string): EppSource {
  const body: string[] = [];
  let params = '';
  let text = '';
  let sawCode = false;
  const flush = (): void => {
    if (text !== '') body.push(`${EPP_TEXT}(${quote(text)})`);
    text = '';
  };
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('<%', i);
    if (open < 0) {
      text += source.slice(i).replace(/%%>/g, '%>');
      break;
    }
    text += source.slice(i, open).replace(/%%>/g, '%>');
    if (source.startsWith('<%%', open)) {
      text += '<%';
      i = open + 3;
      continue;
    }
    let j = open + 2;
    const trimBefore = source[j] === '-';
    if (trimBefore) {
      j++;
      text = text.replace(/[ \t]+$/, '');
    }
    const kind = source[j] === '=' ? 'value' : source[j] === '#' ? 'comment' : 'code';
    if (kind !== 'code') j++;
    const close = source.indexOf('%>', j);
    if (close < 0) return { ok: false, message: 'Unbalanced epp tag, reached end of template without closing tag' };
    const trimAfter = source[close - 1] === '-' && close - 1 >= j;
    const inner = source.slice(j, trimAfter ? close - 1 : close);
    i = close + 2;
    if (trimAfter) {
      // Puppet skips the spaces and tabs after `-%>` and one line break (`deb <% } -%> <%= $x %>` → `deb x`).
      while (source[i] === ' ' || source[i] === '\t') i++;
      if (source.startsWith('\r\n', i)) i += 2;
      else if (source[i] === '\n') i += 1;
    }
    if (kind === 'comment') continue;
    if (kind === 'code' && !sawCode && body.length === 0 && text.trim() === '' && /^\s*\|/.test(inner)) {
      // The parameter declaration: first, before any text other than whitespace.
      params = inner.trim();
      text = '';
      sawCode = true;
      continue;
    }
    sawCode = true;
    flush();
    body.push(kind === 'value' ? `${EPP_VALUE}((${inner}\n))` : inner);
  }
  flush();
  return {
    ok: true,
    code: `${EPP_RENDER}() ${params === '' ? '||' : params} {\n${body.join('\n')}\n}\n`,
    declares: params !== '',
  };
}
