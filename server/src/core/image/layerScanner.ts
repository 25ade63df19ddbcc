// Reads one layer tar (plain, gzip or zstd) as its bytes pass and keeps only its entry list: paths, kinds and
// sizes. Contents are skipped, except the first few KB of credential-looking files, which are classified on the
// spot and dropped. Plain and zstd layers are read synchronously, chunk by chunk; gzip goes through node's zlib.
import { createGunzip, Gunzip, ZlibOptions } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import { detectCompression, Bytes } from './byteStreams';
import { TarBodyReader, TarHeader, TarReader } from './tarReader';
import {
  classifySecretFile,
  isSecretCandidatePath,
  secretValuesInFile,
  SECRET_HEAD_BYTES,
  startsLikePrivateKey,
} from '../../../../common/image/secrets';
import type { LayerEntry, LayerScan } from '../../../../common/image/types';

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
/** Larger files are not looked at for a private key's header (keys are a few KB). */
const MAX_KEY_FILE_BYTES = 64 * 1024;
const GZIP_READ_AHEAD_BYTES = 8 * 1024 * 1024;
/** zlib gets compressed input in buffers of this size (the last of a layer shorter). */
const GZIP_SLAB_BYTES = 1024 * 1024;
/**
 * zlib's output pieces (a fresh buffer each, Node's own): 256 KB instead of its 16 KB default or the 128 KB used
 * before, half the callbacks and allocations; ~30 ms less CPU per 200 MB of gzip layers (docs/performance.md).
 */
const GZIP_OUTPUT_BYTES = 256 * 1024;

/** `./usr/bin/`, `/usr/bin` and `usr/bin` are the same path: `usr/bin`. The root is ''. */
export function normalizePath(name: string): string {
  // Most layer entries are already plain (`usr/bin/env`): called for every entry, so no regex for those.
  const first = name.charCodeAt(0);
  if (first !== 0x2e && first !== 0x2f && name.charCodeAt(name.length - 1) !== 0x2f) return name;
  let path = name;
  while (path.startsWith('./')) path = path.slice(2);
  path = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return path === '.' ? '' : path;
}

/** The overlay meaning of one tar header (whiteouts decoded). */
export function entryOf(header: Pick<TarHeader, 'name' | 'type' | 'size' | 'linkname'>): LayerEntry | undefined {
  const path = normalizePath(header.name);
  if (path === '') return undefined;
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const dir = slash === -1 ? '' : path.slice(0, slash);
  if (base === OPAQUE_MARKER) return { path: dir, kind: 'opaque', size: 0 };
  if (base.startsWith(WHITEOUT_PREFIX)) {
    const hidden = base.slice(WHITEOUT_PREFIX.length);
    return { path: dir ? `${dir}/${hidden}` : hidden, kind: 'whiteout', size: 0 };
  }
  switch (header.type) {
    case 'directory':
      return { path, kind: 'dir', size: 0 };
    case 'file':
    case 'contiguous-file':
      return { path, kind: 'file', size: header.size ?? 0 };
    case 'link':
      return { path, kind: 'hardlink', size: 0, target: normalizePath(header.linkname ?? '') };
    case 'symlink':
      return { path, kind: 'symlink', size: 0, target: header.linkname ?? '' };
    default:
      return { path, kind: 'other', size: 0 };
  }
}

/** Keeps copies of the first `limit` bytes of a body (pieces are only lent by the tar reader). */
class HeadBytes {
  private readonly pieces: Buffer[] = [];
  length = 0;
  constructor(private readonly limit: number) {}
  add(piece: Buffer): void {
    if (this.length >= this.limit) return;
    const kept = Buffer.from(piece.subarray(0, this.limit - this.length));
    this.pieces.push(kept);
    this.length += kept.length;
  }
  bytes(): Buffer {
    return this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces);
  }
}

/** A credential-looking path: its head is classified at the end of the file. */
function secretFileReader(scan: LayerScan, path: string): TarBodyReader {
  const head = new HeadBytes(SECRET_HEAD_BYTES);
  return {
    data: (piece) => head.add(piece),
    end() {
      const text = head.bytes().toString('utf8');
      const kind = classifySecretFile(path, text);
      if (kind) scan.secretFiles.push({ path, kind, values: secretValuesInFile(text) });
    },
  };
}

/** Bytes `String.prototype.trimStart` removes from Latin-1 text (startsLikePrivateKey reads the head as Latin-1). */
function isLatin1Space(byte: number): boolean {
  return (byte >= 9 && byte <= 13) || byte === 0x20 || byte === 0xa0;
}

/**
 * Whether `piece` cannot start a private key: its first byte after leading white space is there and is not the `-`
 * of `-----BEGIN`. The usual answer for a small file, without startsLikePrivateKey's string.
 */
function surelyNoKey(piece: Buffer): boolean {
  let i = 0;
  const limit = Math.min(piece.length, 256);
  while (i < limit && isLatin1Space(piece[i])) i++;
  return i < limit && piece[i] !== 0x2d;
}

/** A small file at any path: a private key is told by its first bytes, then its head is kept. */
function keyFileReader(scan: LayerScan, path: string, size: number): TarBodyReader {
  const judged = Math.min(256, size);
  let isKey: boolean | undefined;
  let head: HeadBytes | undefined;
  return {
    data(piece) {
      if (isKey === false) return;
      // Most files: the first piece holds enough to say no, and nothing is copied.
      if (isKey === undefined && !head && (surelyNoKey(piece) || (piece.length >= judged && !startsLikePrivateKey(piece)))) {
        isKey = false;
        return;
      }
      head ??= new HeadBytes(SECRET_HEAD_BYTES);
      head.add(piece);
      if (isKey === undefined && head.length >= judged) isKey = startsLikePrivateKey(head.bytes());
    },
    end() {
      if (isKey === undefined && head?.length) isKey = startsLikePrivateKey(head.bytes());
      if (isKey && head) scan.secretFiles.push({ path, kind: 'private key', values: secretValuesInFile(head.bytes().toString('utf8')) });
    },
  };
}

/** Where a layer's bytes go once its compression is known. */
interface LayerInput {
  write(piece: Buffer): Promise<void> | undefined;
  end(): Promise<void> | undefined;
  abort(): void;
}

/**
 * Scans one layer fed piece by piece (lent: only valid during the call, as from the archive reader). `write` and `end` return a promise only when the caller must wait (gzip
 * layers: zlib inflates on the thread pool); they throw, or the promise rejects, on corrupt or truncated data.
 */
export class LayerScanner {
  readonly scan: LayerScan = { entries: [], bytes: 0, secretFiles: [] };
  private readonly tar = new TarReader((header) => this.entryReader(header));
  /** The first pieces, until there are enough bytes to tell the compression. */
  private readonly start: Buffer[] = [];
  private startLength = 0;
  private input: LayerInput | undefined;

  write(piece: Buffer): Promise<void> | undefined {
    if (this.input) return this.input.write(piece);
    this.start.push(Buffer.from(piece.subarray(0, 4)), piece.subarray(4));
    this.startLength += piece.length;
    return this.startLength >= 4 ? this.begin() : undefined;
  }

  end(): Promise<void> | undefined {
    if (!this.input) {
      const started = this.begin();
      if (started) return started.then(() => this.input!.end());
    }
    return this.input!.end();
  }

  /** Stops a gzip layer's inflater when the archive around it failed. */
  abort(): void {
    this.input?.abort();
  }

  private begin(): Promise<void> | undefined {
    const head = Buffer.concat(this.start);
    this.start.length = 0;
    const compression = detectCompression(head);
    this.input = compression === 'gzip' ? this.gzipInput() : compression === 'zstd' ? this.zstdInput() : this.plainInput();
    return head.length ? this.input.write(head) : undefined;
  }

  private entryReader(header: TarHeader): TarBodyReader | undefined {
    const entry = entryOf(header);
    if (!entry) return undefined;
    this.scan.entries.push(entry);
    this.scan.bytes += entry.size;
    if (entry.kind !== 'file' || entry.size === 0) return undefined;
    if (isSecretCandidatePath(entry.path)) return secretFileReader(this.scan, entry.path);
    // Small files are looked at as they pass: a private key can sit at any path.
    if (entry.size <= MAX_KEY_FILE_BYTES) return keyFileReader(this.scan, entry.path, entry.size);
    return undefined;
  }

  private plainInput(): LayerInput {
    return {
      write: (piece) => {
        this.tar.write(piece);
        return undefined;
      },
      end: () => {
        this.tar.end();
        return undefined;
      },
      abort: () => undefined,
    };
  }

  private zstdInput(): LayerInput {
    // fzstd calls back synchronously; the tar reader copies what it keeps, so its reused window is never kept.
    const decoder = new ZstdDecompress((out) => this.tar.write(Buffer.from(out.buffer, out.byteOffset, out.byteLength)));
    return {
      write: (piece) => {
        decoder.push(Buffer.from(piece)); // fzstd keeps incomplete input, and pieces are lent
        return undefined;
      },
      end: () => {
        decoder.push(new Uint8Array(0), true);
        this.tar.end();
        return undefined;
      },
      abort: () => undefined,
    };
  }

  private gzipInput(): LayerInput {
    // Room for a few MB of compressed input: the socket keeps being read while the thread pool inflates,
    // instead of waiting for each chunk's round trip (the read-ahead the archive stream used to give).
    // (zlib streams take stream options too; @types/node's ZlibOptions does not list them.)
    const options: ZlibOptions & { writableHighWaterMark: number } = {
      chunkSize: GZIP_OUTPUT_BYTES,
      writableHighWaterMark: GZIP_READ_AHEAD_BYTES,
    };
    const inflater: Gunzip = createGunzip(options);
    const input = new SlabWriter(inflater);
    let failure: unknown;
    inflater.on('data', (out: Buffer) => {
      if (failure) return;
      try {
        this.tar.write(out);
      } catch (error) {
        failure = error;
        inflater.destroy(error as Error);
      }
    });
    const ended = new Promise<void>((resolve, reject) => {
      inflater.once('end', resolve);
      inflater.once('error', reject);
      inflater.once('close', () => reject(failure ?? new Error('layer decompression closed early')));
    });
    ended.catch(() => undefined); // awaited by write or end; a failure before then is not "unhandled"
    return {
      write: (piece) => {
        if (failure) throw failure;
        if (input.write(piece)) return undefined;
        return Promise.race([new Promise<void>((resolve) => inflater.once('drain', resolve)), ended]);
      },
      end: () => {
        input.flush();
        inflater.end();
        return ended.then(() => this.tar.end());
      },
      abort: () => inflater.destroy(),
    };
  }
}

/**
 * Copies the lent pieces of a gzip layer (zlib reads its input later, on the thread pool) into large reused
 * buffers and hands zlib a whole buffer at a time. Docker 28 sends a layer in pieces of a few KB: a fresh
 * buffer and a thread-pool round trip per piece cost more CPU than the inflation (docs/performance.md).
 */
class SlabWriter {
  /** Buffers zlib has finished reading, for the next pieces. */
  private readonly free: Buffer[] = [];
  private slab: Buffer | undefined;
  private fill = 0;

  constructor(private readonly inflater: Gunzip) {}

  /** Copies `piece`; false when the inflater holds as much input as it wants (wait for its 'drain'). */
  write(piece: Buffer): boolean {
    let room = true;
    let offset = 0;
    while (offset < piece.length) {
      this.slab ??= this.free.pop() ?? Buffer.allocUnsafeSlow(GZIP_SLAB_BYTES);
      const n = piece.copy(this.slab, this.fill, offset);
      this.fill += n;
      offset += n;
      if (this.fill === this.slab.length) room = this.flush() && room;
    }
    return room;
  }

  /** Hands zlib what was copied so far; false as for `write`. */
  flush(): boolean {
    const slab = this.slab;
    if (!slab || this.fill === 0) return true;
    this.slab = undefined;
    const length = this.fill;
    this.fill = 0;
    // zlib is done with the bytes when the write's callback runs (also on an error: the layer is then dropped).
    return this.inflater.write(slab.subarray(0, length), () => this.free.push(slab));
  }
}

/** Scans a layer stream to its end. Rejects on corrupt or truncated data. */
export async function scanLayer(source: Bytes): Promise<LayerScan> {
  const scanner = new LayerScanner();
  try {
    for await (const chunk of source) {
      const wait = scanner.write(chunk);
      if (wait) await wait;
    }
    await scanner.end();
  } catch (error) {
    scanner.abort();
    throw error;
  }
  return scanner.scan;
}
