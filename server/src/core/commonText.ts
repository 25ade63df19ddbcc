// How much two versions of a text share at their start and end. Whole chunks are compared first: comparing two
// slices is one native compare, where a character loop over a 1 MB text took milliseconds on every keystroke.
const CHUNK = 4096;

/** Length of the text both strings start with. */
export function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= n && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the text both strings end with, at most `limit` characters. */
export function commonSuffixLength(a: string, b: string, limit = Math.min(a.length, b.length)): number {
  let i = 0;
  while (i + CHUNK <= limit && a.slice(a.length - i - CHUNK, a.length - i) === b.slice(b.length - i - CHUNK, b.length - i)) i += CHUNK;
  while (i < limit && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}
