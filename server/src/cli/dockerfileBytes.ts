// Dockerfiles are read as bytes and written back as bytes: a Latin-1 comment or a stray invalid byte must survive
// `fix --write` untouched. Valid UTF-8 decodes as usual. Each byte that is not part of a valid UTF-8 sequence
// decodes to a lone surrogate U+DC80–U+DCFF (Python's "surrogateescape"), which no valid text contains, so
// encoding maps it back to the very byte; and a fixed text is written by splicing only the changed range into
// the original bytes. Input that is binary rather than text is refused instead of linted.
import { isUtf8 } from 'node:buffer';

/** More invalid bytes than this share of the file (and at least MIN_INVALID_BYTES) means binary, not a stray byte. */
const MAX_INVALID_SHARE = 0.1;
const MIN_INVALID_BYTES = 8;
const ESCAPE_BASE = 0xdc00;

export type DecodedDockerfile = { text: string } | { binary: string };

/** Why the bytes are not a Dockerfile's text (NUL bytes, mostly invalid UTF-8), or the text they decode to. */
export function decodeDockerfile(bytes: Uint8Array): DecodedDockerfile {
  if (bytes.includes(0)) return { binary: 'contains NUL bytes: a binary file (or UTF-16), not a Dockerfile' };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buffer)) return { text: buffer.toString('utf8') };
  const parts: string[] = [];
  let invalid = 0;
  let runStart = 0;
  let i = 0;
  while (i < buffer.length) {
    const lead = buffer[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
    if (length > 0 && i + length <= buffer.length && isUtf8(buffer.subarray(i, i + length))) {
      i += length;
      continue;
    }
    parts.push(buffer.toString('utf8', runStart, i), String.fromCharCode(ESCAPE_BASE + lead));
    invalid++;
    i++;
    runStart = i;
  }
  parts.push(buffer.toString('utf8', runStart));
  if (invalid >= MIN_INVALID_BYTES && invalid > buffer.length * MAX_INVALID_SHARE) {
    return { binary: `${invalid} of ${buffer.length} bytes are not UTF-8: a binary file, not a Dockerfile` };
  }
  return { text: parts.join('') };
}

/** The bytes of a decoded text: escaped bytes back to themselves, everything else UTF-8. */
export function encodeDockerfile(text: string): Buffer {
  if (!/[\udc80-\udcff]/.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A low surrogate right after a high one is half of a valid pair, not an escaped byte.
    if (code < 0xdc80 || code > 0xdcff || (i > 0 && isHighSurrogate(text.charCodeAt(i - 1)))) continue;
    parts.push(Buffer.from(text.slice(runStart, i), 'utf8'), Buffer.of(code - ESCAPE_BASE));
    runStart = i + 1;
  }
  parts.push(Buffer.from(text.slice(runStart), 'utf8'));
  return Buffer.concat(parts);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * The original bytes with only the range where `before` and `after` differ replaced: everything outside the
 * edited range is copied from `original`, byte for byte.
 */
export function spliceChangedRange(original: Buffer, before: string, after: string): Buffer {
  if (before === after) return original;
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix))
    suffix++;
  // Never split a surrogate pair: widen the changed range to whole characters.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isHighSurrogate(before.charCodeAt(before.length - suffix - 1))) suffix--;
  const headBytes = encodeDockerfile(before.slice(0, prefix)).length;
  const tailBytes = encodeDockerfile(before.slice(before.length - suffix)).length;
  return Buffer.concat([
    original.subarray(0, headBytes),
    encodeDockerfile(after.slice(prefix, after.length - suffix)),
    original.subarray(original.length - tailBytes),
  ]);
}
