// Image filesystem listings kept between runs of the harness. Reading one means exporting the whole image and
// hashing every file (20–30 s of a fixture's time for the 0.5–1 GB images); the listing cannot change while the
// image ID does not: the ID is the digest of the image's config (or of the manifest naming it), and the config names
// every layer by the digest of its content. So a listing is stored under the image ID and under a digest of the code
// that reads it (a change to the reader or to what it keeps invalidates every entry); builds, runs and comparisons
// still happen on every run. `$LAYERWISE_VERIFY_LISTING_CACHE=0` turns it off.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FsEntry, FsMap } from '../../server/src/core/proof/filesystem';

/** At most this many listings stay (the oldest go first): ~0.2–1 MB each. */
const MAX_LISTINGS = 120;
const FORMAT = 1;

/** The compiled modules whose behaviour decides a listing's content. */
const READER_MODULES = ['../../server/src/core/proof/filesystem', '../../server/src/core/proof/packages', './filesystem'];

let readerDigest: string | undefined;

function digestOfReader(): string {
  if (readerDigest) return readerDigest;
  const hash = createHash('sha256').update(`format ${FORMAT}\n`);
  for (const m of READER_MODULES) hash.update(fs.readFileSync(require.resolve(m)));
  readerDigest = hash.digest('hex').slice(0, 16);
  return readerDigest;
}

/** `${LAYERWISE_CACHE}/verify-listings`, beside what the test set-up caches; undefined when turned off. */
export function listingCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.LAYERWISE_VERIFY_LISTING_CACHE === '0') return undefined;
  const base = env.LAYERWISE_CACHE || path.join(os.homedir(), '.cache', 'layerwise');
  return path.join(base, 'verify-listings');
}

function fileFor(dir: string, imageId: string): string {
  const id = imageId.replace(/^sha256:/, '');
  if (!/^[0-9a-f]{64}$/.test(id)) throw new Error(`not an image ID: ${imageId}`);
  return path.join(dir, `${id}-${digestOfReader()}.json.gz`);
}

type Row = [string, string, number, number, number, number, string, string?];

export function serializeListing(map: FsMap): Buffer {
  const rows: Row[] = [];
  for (const [p, e] of map) {
    const row: Row = [p, e.type, e.mode, e.uid, e.gid, e.size, e.digest];
    if (e.content) row.push(e.content.toString('base64'));
    rows.push(row);
  }
  return gzipSync(JSON.stringify(rows));
}

export function deserializeListing(data: Buffer): FsMap {
  const map: FsMap = new Map();
  for (const [p, type, mode, uid, gid, size, digest, content] of JSON.parse(gunzipSync(data).toString('utf8')) as Row[]) {
    const entry: FsEntry = { type, mode, uid, gid, size, digest };
    if (content !== undefined) entry.content = Buffer.from(content, 'base64');
    map.set(p, entry);
  }
  return map;
}

/** The stored listing of `imageId`, or undefined (none, unreadable, or the cache is off). */
export function loadListing(imageId: string, dir = listingCacheDir()): FsMap | undefined {
  if (!dir) return undefined;
  try {
    return deserializeListing(fs.readFileSync(fileFor(dir, imageId)));
  } catch {
    return undefined;
  }
}

export function storeListing(imageId: string, map: FsMap, dir = listingCacheDir()): void {
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const file = fileFor(dir, imageId);
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, serializeListing(map));
  fs.renameSync(partial, file);
  prune(dir);
}

function prune(dir: string): void {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json.gz'))
    .map((f) => ({ f, mtime: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { f } of files.slice(MAX_LISTINGS)) fs.rmSync(path.join(dir, f), { force: true });
}
