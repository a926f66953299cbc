// The module pins of a Puppetfile: module short name → the version it asks for (`:ref`, `:tag`, a version
// string; `:branch`, `:latest` and ranges pin nothing). Read tolerantly, line by line entry.

export function readPuppetfilePins(text: string): Map<string, string> {
  const pins = new Map<string, string>();
  const entries = text.replace(/#.*$/gm, '').split(/^\s*mod\b/m).slice(1);
  for (const entry of entries) {
    const name = /^\s*\(?\s*['"]([^'"]+)['"]/.exec(entry)?.[1];
    if (!name) continue;
    const short = name.split(/[-/]/).pop()!;
    const ref = /:?(?:ref|tag)\s*(?:=>|:)\s*['"]([^'"]+)['"]/.exec(entry)?.[1];
    const version = /^\s*\(?\s*['"][^'"]+['"]\s*,\s*['"](\d[^'"]*)['"]/.exec(entry)?.[1];
    const v = ref ?? version;
    if (v && /^v?\d+(\.\d+)*$/.test(v)) pins.set(short, v.replace(/^v/, ''));
  }
  return pins;
}
