// Reads one layer tar (plain, gzip or zstd) as a stream and keeps only its entry list: paths, kinds and
// sizes. Contents are drained, except the first few KB of credential-looking files, which are classified
// on the spot and dropped.
import * as tar from 'tar-stream';
import type { Header } from 'tar-stream';
import { decompressed, Bytes } from './byteStreams';
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

/** `./usr/bin/`, `/usr/bin` and `usr/bin` are the same path: `usr/bin`. The root is ''. */
export function normalizePath(name: string): string {
  let path = name;
  while (path.startsWith('./')) path = path.slice(2);
  path = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return path === '.' ? '' : path;
}

/** The overlay meaning of one tar header (whiteouts decoded). */
export function entryOf(header: Pick<Header, 'name' | 'type' | 'size' | 'linkname'>): LayerEntry | undefined {
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

async function readHead(entry: AsyncIterable<Buffer>, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of entry) {
    if (length < limit) {
      chunks.push(chunk);
      length += chunk.length;
    }
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

async function collectEntries(extract: tar.Extract, scan: LayerScan): Promise<void> {
  for await (const stream of extract) {
    const entry = entryOf(stream.header);
    if (entry) {
      scan.entries.push(entry);
      scan.bytes += entry.size;
    }
    if (entry?.kind === 'file' && entry.size > 0 && isSecretCandidatePath(entry.path)) {
      const head = await readHead(stream as AsyncIterable<Buffer>, SECRET_HEAD_BYTES);
      const kind = classifySecretFile(entry.path, head);
      if (kind) scan.secretFiles.push({ path: entry.path, kind, values: secretValuesInFile(head) });
    } else {
      // Drained without a promise per chunk: most bytes of an image pass here. Small files are looked at as they
      // pass: a private key can sit at any path.
      const keyHead = entry?.kind === 'file' && entry.size > 0 && entry.size <= MAX_KEY_FILE_BYTES ? ([] as Buffer[]) : undefined;
      await new Promise<void>((resolve, reject) => {
        let ended = false;
        stream.once('end', () => {
          ended = true;
          resolve();
        });
        stream.once('error', reject);
        // Destroyed without an end (the archive failed around it): never leave this promise pending.
        stream.once('close', () => {
          if (!ended) reject(new Error('layer entry closed early'));
        });
        if (keyHead) {
          let length = 0;
          let isKey: boolean | undefined;
          stream.on('data', (chunk) => {
            isKey ??= startsLikePrivateKey(chunk as Buffer);
            if (isKey && length < SECRET_HEAD_BYTES) {
              keyHead.push(chunk as Buffer);
              length += (chunk as Buffer).length;
            }
          });
        } else {
          stream.resume();
        }
      });
      if (keyHead?.length) {
        const head = Buffer.concat(keyHead).subarray(0, SECRET_HEAD_BYTES).toString('utf8');
        scan.secretFiles.push({ path: entry!.path, kind: 'private key', values: secretValuesInFile(head) });
      }
    }
  }
}

function waitForDrain(extract: tar.Extract): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      extract.off('drain', onDrain);
      extract.off('error', done);
      extract.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('layer tar reader closed early'));
    extract.on('drain', onDrain);
    extract.once('error', done);
    extract.once('close', onClose);
  });
}

/** Scans a layer stream to its end. Rejects on corrupt or truncated data. */
export async function scanLayer(source: Bytes): Promise<LayerScan> {
  const scan: LayerScan = { entries: [], bytes: 0, secretFiles: [] };
  const extract = tar.extract();
  const collecting = collectEntries(extract, scan);
  // If collecting fails first, the feeding loop below must stop too: remember the failure.
  let collectError: unknown;
  collecting.catch((error) => {
    collectError = error;
  });
  try {
    const { bytes } = await decompressed(source);
    for await (const chunk of bytes) {
      if (collectError) throw collectError;
      if (!extract.write(chunk)) await waitForDrain(extract);
    }
    extract.end(undefined);
  } catch (error) {
    extract.destroy(error as Error);
    await collecting.catch(() => undefined);
    throw collectError ?? error;
  }
  await collecting;
  return scan;
}
