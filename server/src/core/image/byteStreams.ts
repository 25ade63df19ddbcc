// Small async-iterable helpers for the archive reader: peek at a stream's first bytes and undo a layer's
// compression (gzip via node's zlib, zstd via fzstd — Node 20's zlib has no zstd), chunk by chunk.
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';

export type Bytes = AsyncIterable<Buffer>;

/** Reads at least `n` bytes (fewer only at the end) and gives them back with the whole stream, head included. */
export async function peek(source: Bytes, n: number): Promise<{ head: Buffer; all: Bytes }> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < n) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (ended) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, all: all() };
}

export type Compression = 'gzip' | 'zstd' | 'none';

export function detectCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return 'none';
}

/** Whether these first bytes start a tar archive (ustar/GNU magic, or the zero block of an empty tar). */
export function looksLikeTar(head: Buffer): boolean {
  if (head.length >= 263 && head.toString('latin1', 257, 262) === 'ustar') return true;
  return head.length >= 512 && head.subarray(0, 512).every((b) => b === 0);
}

async function* gunzip(source: Bytes): AsyncGenerator<Buffer> {
  const inflater = createGunzip();
  // pipeline forwards a source error to the inflater, so the loop below throws instead of hanging.
  pipeline(Readable.from(source), inflater, () => undefined);
  for await (const chunk of inflater) yield chunk as Buffer;
}

async function* unzstd(source: Bytes): AsyncGenerator<Buffer> {
  const out: Buffer[] = [];
  // fzstd may reuse its window buffer between calls: copy each output chunk before the next push.
  const decoder = new ZstdDecompress((chunk) => {
    out.push(Buffer.from(chunk));
  });
  for await (const chunk of source) {
    decoder.push(chunk);
    while (out.length) yield out.shift()!;
  }
  decoder.push(new Uint8Array(0), true);
  while (out.length) yield out.shift()!;
}

/** The uncompressed bytes of a stream whose compression is told by its first bytes. */
export async function decompressed(source: Bytes): Promise<{ compression: Compression; bytes: Bytes }> {
  const { head, all } = await peek(source, 4);
  const compression = detectCompression(head);
  const bytes = compression === 'gzip' ? gunzip(all) : compression === 'zstd' ? unzstd(all) : all;
  return { compression, bytes };
}
