// Reads a `docker save` archive as a stream, in any entry order, in both layouts: classic (`manifest.json`,
// `<id>/layer.tar`, `<id>.json`) and OCI (`index.json`, `blobs/sha256/…`). Layers are scanned as they pass
// (only their entry lists are kept, keyed by archive path); small JSON files are kept whole. The manifest is
// resolved at the end, so it may come before or after the layers.
import { Readable, Transform, pipeline } from 'node:stream';
import * as tar from 'tar-stream';
import { looksLikeTar, peek, detectCompression } from './byteStreams';
import { scanLayer, normalizePath } from './layerScanner';
import { parseConfig, resolveManifest } from './manifest';
import type { AnalyzeArchiveOptions, ArchiveContents, LayerScan } from '../../../../common/image/types';
import { ImageArchiveError } from './archiveError';
import { describeSilence, watchIdle } from '../engine/streamIdle';

/** Manifests, indexes and configs are small; anything larger that is not a layer is skipped. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;
const READ_AHEAD_BYTES = 8 * 1024 * 1024;

export { ImageArchiveError };

function joinPath(dir: string, relative: string): string {
  const parts = dir ? dir.split('/') : [];
  for (const part of relative.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

function progressCounter(options: AnalyzeArchiveOptions): Transform {
  let bytesRead = 0;
  let reported = 0;
  return new Transform({
    // A few MB of slack between the socket and the parser: the engine keeps writing while a layer's
    // headers are parsed, instead of stalling on every small pause (measured in bench/analyze.bench.ts).
    highWaterMark: READ_AHEAD_BYTES,
    transform(chunk: Buffer, _encoding, callback) {
      bytesRead += chunk.length;
      // Report every 4 MB: often enough for a progress bar, rarely enough to cost nothing.
      if (options.onProgress && bytesRead - reported >= 4 * 1024 * 1024) {
        reported = bytesRead;
        options.onProgress({ bytesRead, totalBytes: options.totalBytes });
      }
      callback(null, chunk);
    },
    flush(callback) {
      options.onProgress?.({ bytesRead, totalBytes: options.totalBytes });
      callback();
    },
  });
}

async function drain(entry: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of entry) {
    /* contents not needed */
  }
}

async function readAll(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Reads the whole archive stream; rejects (never resolves partially) on truncation, corruption or abort. */
export async function readImageArchive(stream: Readable, options: AnalyzeArchiveOptions = {}): Promise<ArchiveContents> {
  const { signal } = options;
  if (signal?.aborted) throw new ImageArchiveError('The analysis was cancelled.');
  const extract = tar.extract();
  let streamError: Error | undefined;
  pipeline(stream, progressCounter(options), extract, (error) => {
    if (error) streamError = error;
  });
  const stopIdleWatch = options.idleTimeoutMs
    ? watchIdle(stream, options.idleTimeoutMs, () => {
        const error = new ImageArchiveError(
          options.idleMessage?.(options.idleTimeoutMs!) ??
            `The image archive stopped arriving: nothing for ${describeSilence(options.idleTimeoutMs!)}.`,
        );
        streamError = error;
        stream.destroy(error);
        extract.destroy(error);
      })
    : undefined;
  const onAbort = () => {
    const error = new ImageArchiveError('The analysis was cancelled.');
    streamError = error;
    stream.destroy(error);
    extract.destroy(error);
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const layers = new Map<string, LayerScan>();
  const jsonFiles = new Map<string, string>();
  const aliases = new Map<string, string>();
  try {
    for await (const entry of extract) {
      const { header } = entry;
      const name = normalizePath(header.name);
      if ((header.type === 'symlink' || header.type === 'link') && header.linkname) {
        // Classic layout links a layer shared by two images: `<id>/layer.tar -> ../<other>/layer.tar`.
        const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
        aliases.set(name, header.type === 'symlink' ? joinPath(dir, header.linkname) : normalizePath(header.linkname));
        await drain(entry);
        continue;
      }
      if (header.type !== 'file' && header.type !== 'contiguous-file') {
        await drain(entry);
        continue;
      }
      const { head, all } = await peek(entry as AsyncIterable<Buffer>, 512);
      if (name.endsWith('layer.tar') || detectCompression(head) !== 'none' || looksLikeTar(head)) {
        layers.set(name, await scanLayer(all));
      } else if ((header.size ?? 0) <= MAX_JSON_BYTES) {
        jsonFiles.set(name, (await readAll(all)).toString('utf8'));
      } else {
        for await (const _chunk of all) {
          /* skipped: neither a layer nor metadata */
        }
      }
    }
  } catch (error) {
    throw describeFailure(streamError ?? error);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stopIdleWatch?.();
  }
  if (streamError) throw describeFailure(streamError);

  const resolve = (path: string): string => {
    let current = path;
    for (let hops = 0; aliases.has(current) && hops < 16; hops++) current = aliases.get(current)!;
    return current;
  };
  const manifest = resolveManifest(jsonFiles, resolve);
  const configText = jsonFiles.get(resolve(manifest.configPath));
  if (configText === undefined)
    throw new ImageArchiveError(`The archive is incomplete: its image config ${manifest.configPath} is missing.`);
  const scans = manifest.layerPaths.map((path) => {
    const scan = layers.get(resolve(path));
    if (!scan) throw new ImageArchiveError(`The archive is incomplete: layer ${path} is missing.`);
    return scan;
  });
  return { layers: scans, config: parseConfig(configText), layout: manifest.layout, repoTags: manifest.repoTags };
}

function describeFailure(error: unknown): Error {
  if (error instanceof ImageArchiveError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected end|premature|aborted|ECONNRESET|socket hang up|closed early/i.test(message)) {
    return new ImageArchiveError(`The image archive ended early (truncated, or the engine stopped sending it): ${message}`);
  }
  return new ImageArchiveError(`The image archive is corrupt or unreadable: ${message}`);
}
