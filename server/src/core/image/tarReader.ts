// A lean tar reader for the image analysis: parses the 512-byte headers as the bytes pass and hands each entry's
// body to its reader as slices of the chunks written (never copied); bodies nobody reads are skipped by counting.
// An image holds hundreds of MB and tens of thousands of entries: a general tar library's stream, promise and
// buffer list per entry cost more CPU than the engine takes to send them (docs/performance.md, analysis vs curl).
// It accepts what tar-stream's extract accepts (ustar and GNU headers, GNU long names, PAX path/linkpath/size)
// and fails on what it fails on, with the same messages, so the analysis and its errors stay as they were.

export type TarEntryType =
  | 'file'
  | 'link'
  | 'symlink'
  | 'character-device'
  | 'block-device'
  | 'directory'
  | 'fifo'
  | 'contiguous-file'
  | 'pax-header'
  | 'pax-global-header'
  | 'gnu-long-path'
  | 'gnu-long-link-path'
  | null;

export interface TarHeader {
  name: string;
  type: TarEntryType;
  size: number;
  linkname: string | null;
}

/** Receives one entry's body in order, then `end`. A piece is only valid during the call (copy what is kept). */
export interface TarBodyReader {
  data(piece: Buffer): void;
  end(): void;
}

const BLOCK = 512;
/** PAX and GNU long-name records are read whole; larger ones are refused (as tar-stream does). */
const MAX_LONG_HEADER_BYTES = 4 * 1024 * 1024;
const TYPES: Record<number, TarEntryType> = {
  0: 'file',
  1: 'link',
  2: 'symlink',
  3: 'character-device',
  4: 'block-device',
  5: 'directory',
  6: 'fifo',
  7: 'contiguous-file',
  72: 'pax-header',
  55: 'pax-global-header',
  27: 'gnu-long-link-path',
  28: 'gnu-long-path',
  30: 'gnu-long-path',
};
const EMPTY_CHECKSUM = 8 * 32;

type Pax = Record<string, string>;

export class TarReader {
  private readonly block = Buffer.alloc(BLOCK);
  private blockFill = 0;
  /** Body bytes of the current entry still to come, then the padding to the next block. */
  private bodyLeft = 0;
  private paddingLeft = 0;
  private body: TarBodyReader | undefined;
  /** A PAX or GNU long-name record being gathered. */
  private longRecord: { type: TarEntryType; bytes: Buffer; fill: number } | undefined;
  private gnuLongPath: string | undefined;
  private gnuLongLinkPath: string | undefined;
  private pax: Pax | undefined;
  private paxGlobal: Pax | undefined;

  constructor(private readonly onEntry: (header: TarHeader) => TarBodyReader | undefined) {}

  /** Throws on a corrupt header, or whatever a body reader throws. */
  write(chunk: Buffer): void {
    const length = chunk.length;
    let offset = 0;
    while (offset < length) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, length - offset);
        if (this.body) this.body.data(chunk.subarray(offset, offset + n));
        else if (this.longRecord) {
          chunk.copy(this.longRecord.bytes, this.longRecord.fill, offset, offset + n);
          this.longRecord.fill += n;
        }
        offset += n;
        this.bodyLeft -= n;
        if (this.bodyLeft === 0) this.finishBody();
      } else if (this.paddingLeft > 0) {
        const n = Math.min(this.paddingLeft, length - offset);
        offset += n;
        this.paddingLeft -= n;
      } else if (this.blockFill === 0 && length - offset >= BLOCK) {
        this.header(chunk, offset);
        offset += BLOCK;
      } else {
        const n = Math.min(BLOCK - this.blockFill, length - offset);
        chunk.copy(this.block, this.blockFill, offset, offset + n);
        this.blockFill += n;
        offset += n;
        if (this.blockFill === BLOCK) {
          this.blockFill = 0;
          this.header(this.block, 0);
        }
      }
    }
  }

  /** Throws when the data stopped inside a header, a body or its padding. */
  end(): void {
    if (this.bodyLeft > 0 || this.paddingLeft > 0 || this.blockFill > 0) throw new Error('Unexpected end of data');
  }

  private header(buffer: Buffer, at: number): void {
    const checksum = checksumOf(buffer, at);
    if (checksum === EMPTY_CHECKSUM) return; // a zero block: end-of-archive marker or padding
    if (checksum !== octal(buffer, at + 148, 8))
      throw new Error('Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?');
    let name = text(buffer, at, 100);
    if (isUstar(buffer, at)) {
      if (buffer[at + 345] !== 0) name = text(buffer, at + 345, 155) + '/' + name;
    } else if (!isGnu(buffer, at)) {
      throw new Error('Invalid tar header: unknown format.');
    }
    const flag = buffer[at + 156] === 0 ? 0 : buffer[at + 156] - 48;
    // Old tars mark directories with a trailing slash only.
    let type = TYPES[flag] ?? null;
    if (flag === 0 && name.endsWith('/')) type = 'directory';
    const size = octal(buffer, at + 124, 12);
    const linkname = buffer[at + 157] === 0 ? null : text(buffer, at + 157, 100);

    if (type === 'pax-header' || type === 'pax-global-header' || type === 'gnu-long-path' || type === 'gnu-long-link-path') {
      if (size > MAX_LONG_HEADER_BYTES) throw new Error('Header exceeds max size');
      const bytes = Math.max(0, size || 0);
      this.longRecord = { type, bytes: Buffer.alloc(bytes), fill: 0 };
      this.startBody(bytes);
      return;
    }
    const header: TarHeader = { name, type, size, linkname };
    this.applyLongRecords(header);
    if (!(header.size >= 0)) throw new Error('Invalid header');
    this.body = this.onEntry(header);
    // A directory's size field is not followed by data (tar-stream reads on to the next header too).
    this.startBody(type === 'directory' ? 0 : header.size);
  }

  private startBody(size: number): void {
    this.bodyLeft = size;
    this.paddingLeft = size % BLOCK === 0 ? 0 : BLOCK - (size % BLOCK);
    if (size === 0) this.finishBody();
  }

  private finishBody(): void {
    const body = this.body;
    const record = this.longRecord;
    this.body = undefined;
    this.longRecord = undefined;
    if (body) body.end();
    else if (record) this.readLongRecord(record.type, record.bytes);
  }

  private readLongRecord(type: TarEntryType, bytes: Buffer): void {
    if (type === 'gnu-long-path') this.gnuLongPath = text(bytes, 0, bytes.length);
    else if (type === 'gnu-long-link-path') this.gnuLongLinkPath = text(bytes, 0, bytes.length);
    else if (type === 'pax-global-header') this.paxGlobal = parsePax(bytes);
    else this.pax = this.paxGlobal ? { ...this.paxGlobal, ...parsePax(bytes) } : parsePax(bytes);
  }

  private applyLongRecords(header: TarHeader): void {
    if (this.gnuLongPath !== undefined) header.name = this.gnuLongPath;
    if (this.gnuLongLinkPath !== undefined) header.linkname = this.gnuLongLinkPath;
    if (this.pax) {
      if (this.pax.path) header.name = this.pax.path;
      if (this.pax.linkpath) header.linkname = this.pax.linkpath;
      if (this.pax.size) header.size = parseInt(this.pax.size, 10);
    }
    this.gnuLongPath = this.gnuLongLinkPath = this.pax = undefined;
  }
}

function checksumOf(buffer: Buffer, at: number): number {
  // The checksum field itself counts as eight spaces.
  let sum = EMPTY_CHECKSUM;
  for (let i = at; i < at + 148; i++) sum += buffer[i];
  for (let i = at + 156; i < at + BLOCK; i++) sum += buffer[i];
  return sum;
}

/** A NUL-terminated UTF-8 field. */
function text(buffer: Buffer, start: number, length: number): string {
  let end = start;
  const limit = start + length;
  while (end < limit && buffer[end] !== 0) end++;
  return buffer.toString('utf8', start, end);
}

const USTAR = [0x75, 0x73, 0x74, 0x61, 0x72];
function hasUstarWord(buffer: Buffer, at: number): boolean {
  for (let i = 0; i < USTAR.length; i++) if (buffer[at + 257 + i] !== USTAR[i]) return false;
  return true;
}
/** POSIX `ustar\0`. */
function isUstar(buffer: Buffer, at: number): boolean {
  return hasUstarWord(buffer, at) && buffer[at + 262] === 0;
}
/** GNU `ustar  \0`. */
function isGnu(buffer: Buffer, at: number): boolean {
  return hasUstarWord(buffer, at) && buffer[at + 262] === 0x20 && buffer[at + 263] === 0x20 && buffer[at + 264] === 0;
}

/**
 * A numeric field: octal text (leading spaces and NULs skipped, up to the next space, digits up to the first
 * other byte; NaN when there is none) or, with the top bit of its first byte set, big-endian base 256.
 */
function octal(buffer: Buffer, start: number, length: number): number {
  const end = start + length;
  if (buffer[start] & 0x80) return base256(buffer, start, end);
  let i = start;
  while (i < end && buffer[i] === 32) i++;
  let stop = i;
  while (stop < end && buffer[stop] !== 32) stop++;
  while (i < stop && buffer[i] === 0) i++;
  if (i === stop) return 0;
  let value = 0;
  let digits = 0;
  for (; i < stop; i++) {
    const digit = buffer[i] - 48;
    if (digit < 0 || digit > 7) break;
    value = value * 8 + digit;
    digits++;
  }
  return digits ? value : NaN;
}

/** 0x80 starts a positive number, 0xff a negative one (two's complement); anything else reads as 0. */
function base256(buffer: Buffer, start: number, end: number): number {
  const positive = buffer[start] === 0x80;
  if (!positive && buffer[start] !== 0xff) return 0;
  let value = 0;
  for (let i = start + 1; i < end; i++) value = value * 256 + (positive ? buffer[i] : 0xff - buffer[i]);
  return positive ? value : -value;
}

/** PAX records: `<length> <key>=<value>\n`, the length counting the whole record; a malformed one ends the list. */
function parsePax(bytes: Buffer): Pax {
  const result: Pax = {};
  let rest = bytes;
  while (rest.length) {
    let space = 0;
    while (space < rest.length && rest[space] !== 32) space++;
    const length = parseInt(rest.toString('utf8', 0, space), 10);
    if (!length) return result;
    const record = rest.toString('utf8', space + 1, length - 1);
    const equals = record.indexOf('=');
    if (equals === -1) return result;
    result[record.slice(0, equals)] = record.slice(equals + 1);
    rest = rest.subarray(length);
  }
  return result;
}
