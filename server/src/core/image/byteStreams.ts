// What the first bytes of an archive entry or a layer say it is (gzip, zstd or plain tar), and the pieces an archive
// is read in.
import type { Readable } from 'node:stream';

export type Bytes = AsyncIterable<Buffer>;

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

/**
 * Bytes read piece by piece. A piece is lent: valid only during the call to `onChunk` (the engine's export reuses
 * one read buffer), so whoever keeps bytes copies them. A promise from `onChunk` holds the next piece back until it
 * settles; `forEach` resolves at the end of the data and rejects on a failure or on `destroy`.
 */
export interface ChunkSource {
  forEach(onChunk: (piece: Buffer) => Promise<void> | undefined): Promise<void>;
  destroy(error?: Error): void;
}

/**
 * A Readable as a ChunkSource, read in flowing mode and paused while a returned promise is pending. A stream that
 * closes without its end rejects (premature close).
 */
export function readableSource(stream: Readable): ChunkSource {
  return {
    destroy: (error) => {
      if (!stream.destroyed) stream.destroy(error);
    },
    forEach: (onChunk) =>
      new Promise((resolve, reject) => {
        let settled = false;
        const fail = (error: unknown) => {
          if (settled) return;
          settled = true;
          stream.off('data', onData);
          reject(error);
        };
        const onData = (chunk: Buffer) => {
          let wait: Promise<void> | undefined;
          try {
            wait = onChunk(chunk);
          } catch (error) {
            fail(error);
            return;
          }
          if (wait) {
            stream.pause();
            wait.then(() => {
              if (!settled) stream.resume();
            }, fail);
          }
        };
        stream.on('data', onData);
        stream.once('error', fail);
        stream.once('end', () => {
          settled = true;
          resolve();
        });
        stream.once('close', () => fail(new Error('The stream closed early (premature close)')));
      }),
  };
}
