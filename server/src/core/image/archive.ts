// Reads a `docker save` archive as a stream, in any entry order, in both layouts: classic (`manifest.json`,
// `<id>/layer.tar`, `<id>.json`) and OCI (`index.json`, `blobs/sha256/…`). Layers are scanned as they pass
// (only their entry lists are kept, keyed by archive path); small JSON files are kept whole. The manifest is
// resolved at the end, so it may come before or after the layers. The archive's chunks go through one
// synchronous tar reader (no stream per entry): the analysis keeps pace with the engine's export.
import type { Readable } from 'node:stream';
import { looksLikeTar, detectCompression, readableSource, type ChunkSource } from './byteStreams';
import { LayerScanner, normalizePath } from './layerScanner';
import { parseConfig, resolveManifest } from './manifest';
import { TarBodyReader, TarReader } from './tarReader';
import type { AnalyzeArchiveOptions, ArchiveContents, LayerScan } from '../../../../common/image/types';
import { ImageArchiveError } from './archiveError';
import { describeSilence, watchSilence } from '../engine/streamIdle';

/** Manifests, indexes and configs are small; anything larger that is not a layer is skipped. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;
/** Bytes of an entry looked at to tell a layer (tar, gzip, zstd) from metadata. */
const HEAD_BYTES = 512;
/** Progress every 4 MB: often enough for a progress bar, rarely enough to cost nothing. */
const PROGRESS_STEP = 4 * 1024 * 1024;

export { ImageArchiveError };

function joinPath(dir: string, relative: string): string {
  const parts = dir ? dir.split('/') : [];
  for (const part of relative.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** Gathers an entry's first bytes, then hands them and the rest of the body to the reader `choose` picks. */
function afterHead(choose: (head: Buffer) => TarBodyReader): TarBodyReader {
  let pieces: Buffer[] = [];
  let length = 0;
  let chosen: TarBodyReader | undefined;
  const decide = () => {
    const head = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
    chosen = choose(head);
    if (head.length) chosen.data(head);
    pieces = [];
  };
  return {
    data(piece) {
      if (chosen) return chosen.data(piece);
      // Usually the first piece is long enough and nothing is copied.
      pieces.push(length === 0 && piece.length >= HEAD_BYTES ? piece : Buffer.from(piece));
      length += piece.length;
      if (length >= HEAD_BYTES) decide();
    },
    end() {
      if (!chosen) decide();
      chosen!.end();
    },
  };
}

/** Whether `input` is a stream (a saved archive, stdin, dockerode's export) rather than a ChunkSource. */
function isReadable(input: Readable | ChunkSource): input is Readable {
  return typeof (input as Readable).on === 'function';
}

/** Reads the whole archive stream; rejects (never resolves partially) on truncation, corruption or abort. */
export async function readImageArchive(input: Readable | ChunkSource, options: AnalyzeArchiveOptions = {}): Promise<ArchiveContents> {
  const source = isReadable(input) ? readableSource(input) : input;
  const { signal } = options;
  if (signal?.aborted) throw new ImageArchiveError('The analysis was cancelled.');
  const layers = new Map<string, LayerScan>();
  const jsonFiles = new Map<string, string>();
  const aliases = new Map<string, string>();
  /** The layer being read, to stop its inflater if the archive fails. */
  let scanning: LayerScanner | undefined;
  /** What the last chunk left to wait for (a gzip layer's inflater). */
  const waits: Promise<void>[] = [];

  const layerReader = (name: string): TarBodyReader => {
    const scanner = new LayerScanner();
    scanning = scanner;
    return {
      data(piece) {
        const wait = scanner.write(piece);
        if (wait) waits.push(wait);
      },
      end() {
        const done = scanner.end();
        if (done) waits.push(done.then(() => void layers.set(name, scanner.scan)));
        else layers.set(name, scanner.scan);
      },
    };
  };
  const jsonReader = (name: string): TarBodyReader => {
    const pieces: Buffer[] = [];
    return {
      data: (piece) => void pieces.push(Buffer.from(piece)), // pieces are lent
      end: () => void jsonFiles.set(name, Buffer.concat(pieces).toString('utf8')),
    };
  };
  const skipped: TarBodyReader = { data: () => undefined, end: () => undefined };

  const tar = new TarReader((header) => {
    const name = normalizePath(header.name);
    if ((header.type === 'symlink' || header.type === 'link') && header.linkname) {
      // Classic layout links a layer shared by two images: `<id>/layer.tar -> ../<other>/layer.tar`.
      const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
      aliases.set(name, header.type === 'symlink' ? joinPath(dir, header.linkname) : normalizePath(header.linkname));
      return undefined;
    }
    if (header.type !== 'file' && header.type !== 'contiguous-file') return undefined;
    return afterHead((head) => {
      if (name.endsWith('layer.tar') || detectCompression(head) !== 'none' || looksLikeTar(head)) return layerReader(name);
      if (header.size <= MAX_JSON_BYTES) return jsonReader(name);
      return skipped; // neither a layer nor metadata
    });
  });

  let streamError: Error | undefined;
  let outstanding: Promise<void> | undefined;
  let busy = false;
  const idle = options.idleTimeoutMs
    ? watchSilence(
        options.idleTimeoutMs,
        () => busy,
        () => {
          streamError = new ImageArchiveError(
            options.idleMessage?.(options.idleTimeoutMs!) ??
              `The image archive stopped arriving: nothing for ${describeSilence(options.idleTimeoutMs!)}.`,
          );
          source.destroy(streamError);
        },
      )
    : undefined;
  const onAbort = () => {
    streamError = new ImageArchiveError('The analysis was cancelled.');
    source.destroy(streamError);
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  let bytesRead = 0;
  let reported = 0;
  try {
    await source.forEach((chunk) => {
      idle?.arrived();
      bytesRead += chunk.length;
      if (options.onProgress && bytesRead - reported >= PROGRESS_STEP) {
        reported = bytesRead;
        options.onProgress({ bytesRead, totalBytes: options.totalBytes });
      }
      tar.write(chunk);
      if (!waits.length) return undefined;
      // Waiting for the inflater is the reader being busy, not the engine being silent.
      busy = true;
      outstanding = Promise.all(waits.splice(0)).then(() => {
        busy = false;
        idle?.arrived();
      });
      return outstanding;
    });
    // The stream may end while the last chunk's layer is still inflating.
    await outstanding;
    tar.end();
    options.onProgress?.({ bytesRead, totalBytes: options.totalBytes });
  } catch (error) {
    scanning?.abort();
    source.destroy();
    throw describeFailure(streamError ?? error);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    idle?.stop();
  }

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
