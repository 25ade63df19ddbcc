// Reads an image from a registry into the same ArchiveContents a saved archive yields: the manifest (choosing one
// platform from an index, skipping attestation manifests), the config blob, and each layer blob streamed through
// the layer scanner one at a time, so memory stays bounded by the scanner, not the image. Every blob's digest is
// checked as it passes.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RegistryClient, RegistryClientOptions, RegistryError } from './client';
import { RegistryReference } from './reference';
import { parseConfig } from '../image/manifest';
import { scanLayer } from '../image/layerScanner';
import type { AnalyzeArchiveOptions, ArchiveContents, LayerScan } from '../../../../common/image/types';

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
};
const ACCEPT = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest];

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface ReadRegistryImageOptions extends RegistryClientOptions, Pick<AnalyzeArchiveOptions, 'onProgress' | 'signal'> {
  /** Which image of a multi-platform index; default linux and this machine's architecture. */
  platform?: Platform;
}

interface Descriptor {
  mediaType?: string;
  digest?: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

/** `linux/arm64/v8` → a Platform; throws on anything else. */
export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/i.test(p)))
    throw new RegistryError(`--platform must be OS/ARCH[/VARIANT], e.g. linux/amd64 (got "${text}")`);
  return { os: parts[0], architecture: parts[1], variant: parts[2] };
}

export function hostPlatform(): Platform {
  const arch: Record<string, string> = { x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x' };
  return { os: 'linux', architecture: arch[process.arch] ?? process.arch };
}

const showPlatform = (p: Descriptor['platform']) => [p?.os, p?.architecture, p?.variant].filter(Boolean).join('/');

/** The index entry for `platform`; attestation manifests (platform unknown/unknown) are never images. */
export function choosePlatform(manifests: Descriptor[], platform: Platform): Descriptor {
  const images = manifests.filter((d) => d.digest && d.platform && d.platform.os !== 'unknown');
  const matching = images.filter((d) => d.platform!.os === platform.os && d.platform!.architecture === platform.architecture);
  const chosen = platform.variant ? matching.find((d) => d.platform!.variant === platform.variant) : matching[0];
  if (!chosen) {
    const offered = images.map((d) => showPlatform(d.platform)).join(', ') || 'none';
    throw new RegistryError(`The index has no image for ${showPlatform(platform)} (it has: ${offered}); choose one with --platform.`);
  }
  return chosen;
}

function checkDigest(digest: string | undefined, what: string): string {
  if (!digest || !/^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$/.test(digest))
    throw new RegistryError(`The registry's ${what} names a bad digest "${String(digest)}".`);
  return digest;
}

function verify(digest: string, body: Buffer, what: string): void {
  const [algorithm, hex] = digest.split(':');
  if (createHash(algorithm).update(body).digest('hex') !== hex)
    throw new RegistryError(`The registry sent a ${what} whose content does not match its digest ${digest}.`);
}

function parseJson(body: Buffer, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    if (value && typeof value === 'object') return value as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw new RegistryError(`The registry's ${what} is not a JSON object.`);
}

/** Passes a blob's bytes on while hashing them; throws at the end when they do not match the digest. */
async function* verifiedBytes(response: IncomingMessage, digest: string, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  const [algorithm, hex] = digest.split(':');
  const hash = createHash(algorithm);
  for await (const chunk of response as AsyncIterable<Buffer>) {
    hash.update(chunk);
    onBytes(chunk.length);
    yield chunk;
  }
  if (!response.complete) throw new RegistryError(`The registry closed the connection in the middle of blob ${digest}.`);
  if (hash.digest('hex') !== hex) throw new RegistryError(`The registry sent a layer whose content does not match its digest ${digest}.`);
}

/** What a registry image reads into: the archive contents, plus the config as the registry stored it. */
export interface RegistryImage extends ArchiveContents {
  /** The config blob's digest: the image ID an engine would give it. */
  configDigest: string;
  /** The config blob, parsed (for what the analysis summary leaves out: created, Shell, OnBuild). */
  rawConfig: Record<string, unknown>;
}

export async function readRegistryImage(ref: RegistryReference, options: ReadRegistryImageOptions = {}): Promise<RegistryImage> {
  const client = new RegistryClient(ref.host, options);
  const scope = `repository:${ref.repository}:pull`;
  const manifestPath = (reference: string) => `${ref.repository}/manifests/${reference}`;
  const platform = options.platform ?? hostPlatform();

  let reference = ref.reference;
  let manifest: Record<string, unknown> | undefined;
  let mediaType: string | undefined;
  for (let depth = 0; depth < 4 && !manifest; depth++) {
    const answer = await client.getJson(manifestPath(reference), ACCEPT, scope);
    if (reference.includes(':')) verify(reference, answer.body, 'manifest');
    const document = parseJson(answer.body, 'manifest');
    mediaType = (typeof document.mediaType === 'string' ? document.mediaType : undefined) ?? answer.mediaType;
    if (Array.isArray(document.manifests)) {
      reference = checkDigest(choosePlatform(document.manifests as Descriptor[], platform).digest, 'index');
    } else if (document.schemaVersion === 1) {
      throw new RegistryError(`${ref.display} has a schema 1 manifest (deprecated since 2017): push it again with a current client.`);
    } else {
      manifest = document;
    }
  }
  if (!manifest) throw new RegistryError(`${ref.display}: the indexes nest too deeply.`);
  const config = manifest.config as Descriptor | undefined;
  const layers = manifest.layers as Descriptor[] | undefined;
  if (!config || !Array.isArray(layers)) throw new RegistryError(`${ref.display}: the manifest names no config or layers.`);

  const configDigest = checkDigest(config.digest, 'manifest config');
  const configAnswer = await client.getJson(`${ref.repository}/blobs/${configDigest}`, ['*/*'], scope, 16 * 1024 * 1024);
  verify(configDigest, configAnswer.body, 'config');
  const configSummary = parseConfig(configAnswer.body.toString('utf8'));
  const rawConfig = parseJson(configAnswer.body, 'config');

  const totalBytes = layers.reduce((sum, l) => sum + (typeof l.size === 'number' ? l.size : 0), 0) || undefined;
  let bytesRead = 0;
  let reported = 0;
  const onBytes = (n: number) => {
    bytesRead += n;
    if (options.onProgress && bytesRead - reported >= 4 * 1024 * 1024) {
      reported = bytesRead;
      options.onProgress({ bytesRead, totalBytes });
    }
  };
  const scans: LayerScan[] = [];
  for (const layer of layers) {
    if (options.signal?.aborted) throw new RegistryError('The analysis was cancelled.');
    const digest = checkDigest(layer.digest, 'manifest layer');
    const response = await client.get(`${ref.repository}/blobs/${digest}`, ['*/*'], scope);
    const abort = () => response.destroy(new RegistryError('The analysis was cancelled.'));
    options.signal?.addEventListener('abort', abort, { once: true });
    try {
      scans.push(await scanLayer(verifiedBytes(response, digest, onBytes)));
    } catch (error) {
      response.destroy();
      if (error instanceof RegistryError) throw error;
      throw new RegistryError(`Layer ${digest} of ${ref.display} is unreadable: ${(error as Error).message}`);
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
  }
  options.onProgress?.({ bytesRead, totalBytes });
  return {
    layers: scans,
    config: configSummary,
    layout: mediaType === MEDIA_TYPES.dockerManifest ? 'docker' : 'oci',
    repoTags: [ref.display],
    configDigest,
    rawConfig,
  };
}
