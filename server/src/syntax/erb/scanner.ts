// A tolerant scanner for ERB templates, read the way Ruby's ERB reads them with trim mode '-' (the mode Puppet's
// `template()` uses). It splits a template into text and tags and never fails:
//
// - `<%` code, `<%=` output, `<%#` comment, each ended by the first `%>` (inside a tag `%%>` stands for `%>`);
// - `<%%` in text is a literal `<%` (and `%%>` in text stays as written);
// - `<%-` drops the spaces and tabs before it when only they precede it on its line;
// - `-%>` drops the line break right after it (`\n` or `\r\n`), or nothing at the end of the text;
// - a tag left open at the end of the text becomes text, as ERB prints it.

export type ErbSegment =
  | { readonly kind: 'text'; readonly text: string; readonly offset: number }
  | {
      readonly kind: 'code' | 'output' | 'comment';
      /** The Ruby source between the tag's delimiters (`%%>` already turned into `%>`). */
      readonly code: string;
      /** Offset of the tag's first character (`<`) in the template. */
      readonly offset: number;
      /** Offset of `code`'s first character, for positions inside it (exact unless `%%>` occurs in it). */
      readonly codeOffset: number;
      /** The tag ended with `-%>` and took the line break after it (ERB ends its Ruby line there). */
      readonly trimmed: boolean;
    };

const STAG = /^[ \t]*<%-|<%-|<%%|<%=|<%#|<%/gm;
const LEAD = /[ \t]*<%-/y;

/** Splits a template into text and tags (adjacent text is merged). */
export function scanErb(source: string): ErbSegment[] {
  const out: ErbSegment[] = [];
  let text = '';
  let textStart = 0;
  const pushText = (s: string, at: number): void => {
    if (s === '') return;
    if (text === '') textStart = at;
    text += s;
  };
  const flushText = (): void => {
    if (text !== '') out.push({ kind: 'text', text, offset: textStart });
    text = '';
  };
  let pos = 0;
  while (pos < source.length) {
    // Ruby's StringScanner lets `^` match where the scan resumes (after a tag), so indentation before `<%-`
    // right after a tag is dropped too.
    LEAD.lastIndex = pos;
    let m = LEAD.exec(source);
    if (!m) {
      STAG.lastIndex = pos;
      m = STAG.exec(source);
    }
    if (!m) {
      pushText(source.slice(pos), pos);
      break;
    }
    pushText(source.slice(pos, m.index), pos);
    const tag = m[0];
    const tagStart = source.indexOf('<%', m.index);
    pos = m.index + tag.length;
    if (tag === '<%%') {
      pushText('<%', m.index);
      continue;
    }
    const kind = tag.endsWith('=') ? 'output' : tag.endsWith('#') ? 'comment' : 'code';
    // Inside the tag: up to the first `-%>` or `%>`; `%%>` is content.
    let code = '';
    const codeOffset = pos;
    let closed = false;
    let trimmed = false;
    while (pos < source.length) {
      const next = source.indexOf('%>', pos);
      if (next < 0) {
        code += source.slice(pos);
        pos = source.length;
        break;
      }
      if (next > pos && source[next - 1] === '%') {
        // `%%>`: a literal `%>` inside the tag.
        code += source.slice(pos, next - 1) + '%>';
        pos = next + 2;
        continue;
      }
      if (next > pos && source[next - 1] === '-') {
        code += source.slice(pos, next - 1);
        pos = next + 2;
        if (source.startsWith('\r\n', pos)) pos += 2;
        else if (source[pos] === '\n') pos += 1;
        trimmed = true;
      } else {
        code += source.slice(pos, next);
        pos = next + 2;
      }
      closed = true;
      break;
    }
    if (!closed) {
      // ERB prints an unterminated tag's content as text.
      pushText(code, codeOffset);
      continue;
    }
    flushText();
    out.push({ kind, code, offset: tagStart, codeOffset, trimmed });
  }
  flushText();
  return out;
}
