// The final filesystem of an image as a map path → entry (type, mode, owner, size, content hash), read by
// streaming `docker export` of a created (never started) container through tar-stream, hashing each file.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as tar from 'tar-stream';
import { docker, dockerCli } from './dockerCli';

export interface FsEntry {
  type: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** sha256 of the content for files; the target for links. */
  digest: string;
}

export type FsMap = Map<string, FsEntry>;

/** `/a/b/` style absolute path of a tar entry name. */
function normalize(name: string): string {
  return `/${name.replace(/^\.?\//, '').replace(/\/$/, '')}`;
}

/** Reads a tar stream into an FsMap. */
export function readTar(stream: NodeJS.ReadableStream): Promise<FsMap> {
  return new Promise((resolve, reject) => {
    const entries: FsMap = new Map();
    const extract = tar.extract();
    extract.on('entry', (header, body, next) => {
      const hash = createHash('sha256');
      let size = 0;
      body.on('data', (chunk: unknown) => { const buf = chunk as Buffer; hash.update(buf); size += buf.length; });
      body.on('end', () => {
        const link = header.linkname ?? '';
        entries.set(normalize(header.name), {
          type: header.type ?? 'file',
          mode: (header.mode ?? 0) & 0o7777,
          uid: header.uid ?? 0,
          gid: header.gid ?? 0,
          size: header.type === 'file' ? size : 0,
          digest: header.type === 'file' ? hash.digest('hex') : link,
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

/** The merged filesystem of `image` (what a container of it starts with). */
export async function imageFilesystem(image: string): Promise<FsMap> {
  // A dummy command: images without CMD (FROM scratch) cannot be created otherwise; it never runs.
  const created = await docker(['create', '--entrypoint', '', image, '/layerwise-never-runs']);
  if (created.code !== 0) throw new Error(`docker create ${image} failed: ${created.stderr.trim()}`);
  const id = created.stdout.trim();
  try {
    const child = spawn(dockerCli(), ['export', id], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    const map = await readTar(child.stdout);
    if ((await exited) !== 0) throw new Error(`docker export ${image} failed: ${stderr.trim()}`);
    // Files docker itself puts into every container's filesystem, not the image's content.
    for (const p of ['/.dockerenv', '/etc/hostname', '/etc/hosts', '/etc/resolv.conf', '/dev', '/proc', '/sys']) map.delete(p);
    for (const p of [...map.keys()]) if (p.startsWith('/dev/') || p.startsWith('/proc/') || p.startsWith('/sys/')) map.delete(p);
    return map;
  } finally {
    await docker(['rm', '--force', id]);
  }
}

export function totalBytes(map: FsMap, filter: (path: string) => boolean = () => true): number {
  let total = 0;
  for (const [p, e] of map) if (filter(p)) total += e.size;
  return total;
}
