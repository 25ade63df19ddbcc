// Builds small image archives in memory for the unit tests: layer tars with tar-stream's packer, wrapped
// in the classic docker-save layout or the OCI layout, with the entry order under the test's control.
import * as tar from 'tar-stream';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';

export interface FileSpec {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  size?: number;
  content?: string | Buffer;
  linkname?: string;
}

async function packAll(entries: { header: tar.Header | (Partial<tar.Header> & { name: string }); body?: Buffer }[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pack.on('data', (chunk: unknown) => {
      chunks.push(chunk as Buffer);
    });
    pack.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    pack.on('error', reject);
  });
  for (const { header, body } of entries) {
    await new Promise<void>((resolve, reject) =>
      pack.entry(header, body ?? Buffer.alloc(0), (error) => (error ? reject(error) : resolve())),
    );
  }
  pack.finalize();
  return done;
}

export function layerTar(files: FileSpec[]): Promise<Buffer> {
  return packAll(
    files.map((f) => {
      const type = f.type ?? 'file';
      const body = type === 'file' ? (f.content !== undefined ? Buffer.from(f.content) : Buffer.alloc(f.size ?? 0, 0x61)) : undefined;
      return {
        header: { name: f.name, type, size: body?.length ?? 0, linkname: f.linkname, mode: type === 'directory' ? 0o755 : 0o644 },
        body,
      };
    }),
  );
}

export const gzip = (data: Buffer): Buffer => gzipSync(data);

/** zstd through Debian's `zstd` tool (node 20's zlib has no zstd compressor). */
export function zstd(data: Buffer): Buffer {
  const result = spawnSync('zstd', ['-q', '-c', '-'], { input: data, maxBuffer: 1 << 30 });
  if (result.error || result.status !== 0)
    throw new Error(`The zstd tool is needed to make zstd test layers ("apt-get install zstd"): ${result.error?.message ?? result.stderr}`);
  return result.stdout;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export interface ImageSpec {
  layers: Buffer[];
  layout?: 'docker' | 'oci';
  /** Put the metadata (manifest, index, config) after the layers. */
  metadataLast?: boolean;
  history?: { created_by: string; empty_layer?: boolean }[];
  env?: string[];
  labels?: Record<string, string>;
  /** OCI layout plus the classic manifest.json naming the blobs, as `docker save` writes since Docker 25. */
  withDockerManifest?: boolean;
  /** Uncompressed layer digests for the config (defaults to the layers' own). */
  diffIds?: string[];
}

/** The archive `docker save` (classic) or `docker save` on the containerd store / skopeo (OCI) would write. */
export async function imageArchive(spec: ImageSpec): Promise<Buffer> {
  const history = spec.history ?? spec.layers.map((_, i) => ({ created_by: `/bin/sh -c echo layer ${i}` }));
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Env: spec.env ?? ['PATH=/bin'], Labels: spec.labels ?? null },
    rootfs: { type: 'layers', diff_ids: spec.diffIds ?? spec.layers.map((l) => `sha256:${sha256(l)}`) },
    history,
  });
  const layerEntries: { header: { name: string; size: number }; body: Buffer }[] = [];
  const meta: { header: { name: string; size: number }; body: Buffer }[] = [];
  const file = (name: string, body: Buffer | string) => ({ header: { name, size: Buffer.byteLength(body) }, body: Buffer.from(body) });
  if ((spec.layout ?? 'docker') === 'docker') {
    const configName = `${sha256(config)}.json`;
    const layerNames = spec.layers.map((l, i) => `${sha256(l + String(i))}/layer.tar`);
    spec.layers.forEach((l, i) => layerEntries.push(file(layerNames[i], l)));
    meta.push(file(configName, config));
    meta.push(file('manifest.json', JSON.stringify([{ Config: configName, RepoTags: ['test/image:1'], Layers: layerNames }])));
  } else {
    const layerDescriptors = spec.layers.map((l) => ({
      mediaType: 'application/vnd.oci.image.layer.v1.tar',
      digest: `sha256:${sha256(l)}`,
      size: l.length,
    }));
    const seen = new Set<string>();
    spec.layers.forEach((l) => {
      const name = `blobs/sha256/${sha256(l)}`;
      if (!seen.has(name)) {
        seen.add(name);
        layerEntries.push(file(name, l));
      }
    });
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha256(config)}`, size: config.length },
      layers: layerDescriptors,
    });
    meta.push(file(`blobs/sha256/${sha256(config)}`, config));
    meta.push(file(`blobs/sha256/${sha256(manifest)}`, manifest));
    meta.push(file('oci-layout', '{"imageLayoutVersion":"1.0.0"}'));
    if (spec.withDockerManifest) {
      meta.push(
        file(
          'manifest.json',
          JSON.stringify([
            {
              Config: `blobs/sha256/${sha256(config)}`,
              RepoTags: ['test/image:25'],
              Layers: spec.layers.map((l) => `blobs/sha256/${sha256(l)}`),
            },
          ]),
        ),
      );
    }
    meta.push(
      file(
        'index.json',
        JSON.stringify({
          schemaVersion: 2,
          manifests: [
            {
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              digest: `sha256:${sha256(manifest)}`,
              size: manifest.length,
              platform: { os: 'linux', architecture: 'amd64' },
            },
          ],
        }),
      ),
    );
  }
  return packAll(spec.metadataLast ? [...layerEntries, ...meta] : [...meta, ...layerEntries]);
}
