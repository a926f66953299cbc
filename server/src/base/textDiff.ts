// The change between two versions of a text, for the caches that update instead of starting over (the chunked
// Hiera parse, line indexes): one replaced range. The language server knows it from the editor's change event;
// otherwise it is found by comparing from both ends, a block at a time with the engine's native string
// comparison, then by character inside the first block that differs.

export interface TextChange {
  /** Where the texts start to differ. */
  readonly start: number;
  /** The end of the replaced range in the old text. */
  readonly oldEnd: number;
  /** The end of the replacement in the new text. */
  readonly newEnd: number;
}

const BLOCK = 4096;

export function editBetween(before: string, after: string): TextChange {
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p + BLOCK <= max && after.startsWith(before.slice(p, p + BLOCK), p)) p += BLOCK;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  // The common suffix, not reaching back over the common prefix.
  const room = max - p;
  let s = 0;
  while (
    s + BLOCK <= room &&
    after.endsWith(before.slice(before.length - s - BLOCK, before.length - s), after.length - s)
  )
    s += BLOCK;
  while (s < room && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  return { start: p, oldEnd: before.length - s, newEnd: after.length - s };
}
