// The final filesystem of an image as a map path → entry (type, mode, owner, size, content hash), read by
// streaming the export of a created (never started) container through tar-stream and hashing each file.
// Small files a caller names (package databases) are also kept whole.
import { createHash } from 'node:crypto';
import type Dockerode from 'dockerode';
import * as tar from 'tar-stream';

export interface FsEntry {
  type: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** sha256 of the content for files; the target for links. */
  digest: string;
  /** The bytes, for the files `keepContent` selected. */
  content?: Buffer;
}

export type FsMap = Map<string, FsEntry>;

export interface ReadTarOptions {
  /** Files whose content is kept in the entry (keep this to small files). */
  keepContent?: (path: string) => boolean;
}

/** `/a/b/` style absolute path of a tar entry name. */
function normalize(name: string): string {
  return `/${name.replace(/^\.?\//, '').replace(/\/$/, '')}`;
}

/** Reads a tar stream into an FsMap. */
export function readTar(stream: NodeJS.ReadableStream, options: ReadTarOptions = {}): Promise<FsMap> {
  return new Promise((resolve, reject) => {
    const entries: FsMap = new Map();
    const extract = tar.extract();
    extract.on('entry', (header, body, next) => {
      const path = normalize(header.name);
      const hash = createHash('sha256');
      const keep = header.type === 'file' && !!options.keepContent?.(path);
      const kept: Buffer[] = [];
      let size = 0;
      body.on('data', (chunk: unknown) => {
        const buf = chunk as Buffer;
        hash.update(buf);
        size += buf.length;
        if (keep) kept.push(buf);
      });
      body.on('end', () => {
        const link = header.linkname ?? '';
        entries.set(path, {
          type: header.type ?? 'file',
          mode: (header.mode ?? 0) & 0o7777,
          uid: header.uid ?? 0,
          gid: header.gid ?? 0,
          size: header.type === 'file' ? size : 0,
          digest: header.type === 'file' ? hash.digest('hex') : link,
          ...(keep ? { content: Buffer.concat(kept) } : {}),
        });
        next();
      });
      body.on('error', reject);
      body.resume();
    });
    extract.on('finish', () => resolve(entries));
    extract.on('error', reject);
    stream.on('error', reject);
    stream.pipe(extract);
  });
}

/** Files the engine puts into every container's filesystem: not the image's content. */
export function dropContainerFiles(map: FsMap): FsMap {
  for (const p of ['/.dockerenv', '/etc/hostname', '/etc/hosts', '/etc/resolv.conf', '/dev', '/proc', '/sys']) map.delete(p);
  for (const p of [...map.keys()]) if (p.startsWith('/dev/') || p.startsWith('/proc/') || p.startsWith('/sys/')) map.delete(p);
  return map;
}

/** The merged filesystem of `image` (what a container of it starts with), through the Engine API. */
export async function exportFilesystem(docker: Dockerode, image: string, options: ReadTarOptions = {}): Promise<FsMap> {
  // A dummy command: images without CMD (FROM scratch) cannot be created otherwise; it never runs.
  const container = await docker.createContainer({ Image: image, Entrypoint: ['/layerwise-never-runs'], Cmd: [], NetworkDisabled: true });
  try {
    const stream = await container.export();
    return dropContainerFiles(await readTar(stream, options));
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

export function totalBytes(map: FsMap, filter: (path: string) => boolean = () => true): number {
  let total = 0;
  for (const [p, e] of map) if (filter(p)) total += e.size;
  return total;
}
