// Local images for the "Link image to Dockerfile…" quick pick, the images Layerwise builds (found by label),
// and how many local images share a base image's layers (a base many images use costs little on disk).
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { withTimeout } from './engineErrors';
import { engineImage } from './imageReference';

/** Label Layerwise's builds put on images: the Dockerfile's absolute path. */
export const DOCKERFILE_LABEL = 'dev.layerwise.dockerfile';

export interface LocalImage {
  id: string;
  tags: string[];
  sizeBytes: number;
  /** ISO time. */
  created: string;
  labels: Record<string, string>;
  /** The Dockerfile a Layerwise build recorded as a path (builds before the label held a hash), if any. */
  dockerfile?: string;
  /** The label's hash of the Dockerfile's path (dockerfileLabelValue), if a Layerwise build recorded one. */
  dockerfileId?: string;
}

/**
 * The label value that links an image to its Dockerfile: a hash of the Dockerfile's absolute path. Never the
 * path itself: images get pushed, and a host path would tell the world the user's name and folders.
 */
export function dockerfileLabelValue(dockerfilePath: string): string {
  return `sha256:${createHash('sha256').update(path.resolve(dockerfilePath)).digest('hex')}`;
}

function toLocalImage(info: Dockerode.ImageInfo): LocalImage {
  const labels = info.Labels ?? {};
  const label = labels[DOCKERFILE_LABEL] as string | undefined;
  return {
    id: info.Id,
    tags: (info.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
    sizeBytes: info.Size,
    created: new Date(info.Created * 1000).toISOString(),
    labels,
    dockerfile: label && path.isAbsolute(label) ? label : undefined,
    dockerfileId: label?.startsWith('sha256:') ? label : undefined,
  };
}

/** Top-level local images, newest first. */
export async function listLocalImages(docker: Dockerode, timeoutMs = 5000): Promise<LocalImage[]> {
  const infos = await withTimeout(docker.listImages(), timeoutMs, 'Docker engine (list images)');
  return infos.map(toLocalImage).sort((a, b) => b.created.localeCompare(a.created));
}

/** Images a Layerwise build made for this Dockerfile (by label), newest first. */
export async function imagesForDockerfile(docker: Dockerode, dockerfilePath: string, timeoutMs = 5000): Promise<LocalImage[]> {
  // The hash, and the plain path older builds recorded (label filters are ANDed: one query each).
  const lists = await withTimeout(
    Promise.all(
      [dockerfileLabelValue(dockerfilePath), dockerfilePath].map((value) =>
        docker.listImages({ filters: JSON.stringify({ label: [`${DOCKERFILE_LABEL}=${value}`] }) } as Dockerode.ListImagesOptions),
      ),
    ),
    timeoutMs,
    'Docker engine (list images)',
  );
  const byId = new Map(lists.flat().map((info) => [info.Id, toLocalImage(info)]));
  return [...byId.values()].sort((a, b) => b.created.localeCompare(a.created));
}

/** "2 min ago", "3 days ago". */
export function formatAge(createdIso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(createdIso)) / 1000));
  const steps: [number, string][] = [
    [60, 's'],
    [60, 'min'],
    [24, 'h'],
    [30, 'days'],
    [12, 'months'],
  ];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (value < size) return unit === 's' ? 'just now' : `${value} ${unit} ago`;
    value = Math.floor(value / size);
  }
  return `${value} years ago`;
}

/** Whether `layers` starts with `prefix`. */
export function hasLayerPrefix(layers: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length > 0 && prefix.length <= layers.length && prefix.every((layer, i) => layers[i] === layer);
}

/** An image's RootFS never changes for an id, so its layers are read once per process. */
const layersById = new Map<string, string[]>();

async function layersOf(docker: Dockerode, id: string): Promise<string[]> {
  let layers = layersById.get(id);
  if (!layers) {
    layers = (await engineImage(docker, id).inspect()).RootFS?.Layers ?? [];
    layersById.set(id, layers);
  }
  return layers;
}

export interface SharedBase {
  baseId: string;
  /** Other local images (not the base itself) built on all of the base's layers. */
  sharingImages: LocalImage[];
  /**
   * False when the engine was too slow to look at every local image within the time given: `sharingImages` is then
   * the ones found so far (a lower bound). Layers read are kept, so the next look gets further.
   */
  complete: boolean;
}

export interface SharedBaseOptions {
  /** The whole look, base inspect and image list included, fails after this (default 5 s). */
  timeoutMs?: number;
  /** No image inspect starts after this many milliseconds (default: half the timeout). */
  budgetMs?: number;
}

/** Image inspects in flight at once: one request per local image must not queue hundreds on the engine. */
const INSPECTS_AT_ONCE = 4;

/**
 * How many other local images contain every layer of `baseRef`, bottom up (RootFS chain prefix). The image list
 * has no layers, so each image is inspected once per process; the containerd image store answers an inspect in
 * about 0.1 s, so with hundreds of local images the look stops at its budget, newest images first, and says so.
 */
export async function imagesSharingBase(docker: Dockerode, baseRef: string, options: SharedBaseOptions = {}): Promise<SharedBase> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const deadline = Date.now() + (options.budgetMs ?? timeoutMs / 2);
  return withTimeout(
    (async () => {
      const base = await engineImage(docker, baseRef).inspect();
      const baseLayers = base.RootFS?.Layers ?? [];
      layersById.set(base.Id, baseLayers);
      const images = (await docker.listImages())
        .map(toLocalImage)
        .filter((image) => image.id !== base.Id)
        .sort((a, b) => b.created.localeCompare(a.created));
      const sharing = new Set<LocalImage>();
      let next = 0;
      let missed = false;
      const inspectNext = async (): Promise<void> => {
        while (next < images.length && Date.now() < deadline) {
          const image = images[next++];
          const layers = layersById.get(image.id) ?? (await inspectBefore(docker, image.id, deadline));
          if (!layers) missed = true;
          else if (hasLayerPrefix(layers, baseLayers)) sharing.add(image);
        }
      };
      await Promise.all(Array.from({ length: INSPECTS_AT_ONCE }, inspectNext));
      // Newest first, whatever order the inspects answered in.
      const sharingImages = images.filter((image) => sharing.has(image));
      return { baseId: base.Id, sharingImages, complete: next >= images.length && !missed };
    })(),
    timeoutMs,
    'Docker engine (shared base layers)',
  );
}

/** An image's layers, or undefined when the engine has not answered by `deadline` (the answer is still kept). */
async function inspectBefore(docker: Dockerode, id: string, deadline: number): Promise<string[] | undefined> {
  const reading = layersOf(docker, id).catch(() => [] as string[]);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()))));
  try {
    return await Promise.race([reading, late]);
  } finally {
    clearTimeout(timer);
  }
}
