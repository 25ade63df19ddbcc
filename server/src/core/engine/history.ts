// Reads an image's history and config from the engine (one `history` and one `inspect` call), oldest entry
// first, with each entry tied to its RootFS layer where that can be done without guessing.
import type Dockerode from 'dockerode';
import { METADATA_KEYWORDS, parseCreatedBy } from './historyText';
import { withTimeout } from './engineErrors';
import { engineImage } from './imageReference';

export interface EngineHistoryEntry {
  createdBy: string;
  sizeBytes: number;
  /** ISO time. */
  created?: string;
  /** The local image this entry's state is (intermediate/base images), absent when "<missing>". */
  imageId?: string;
  tags: string[];
  comment?: string;
  /** Whether the entry made no filesystem layer (metadata instructions). */
  emptyLayer: boolean;
  /** The layer's diff id (RootFS), when entries could be tied to layers one to one. */
  layerId?: string;
}

export interface ImageHistory {
  /** The reference asked for. */
  ref: string;
  id: string;
  tags: string[];
  /**
   * What the layers hold unpacked: the sum of the history entries' sizes, the numbers the lines show. Not the
   * image's `Size`, which on the containerd image store is the packed (compressed) content size.
   */
  sizeBytes: number;
  created?: string;
  labels: Record<string, string>;
  /** RootFS diff ids, bottom first. */
  layers: string[];
  /** ONBUILD triggers the image carries (they run in images built FROM it). */
  onBuild: string[];
  shell?: string[];
  /** Oldest first. */
  entries: EngineHistoryEntry[];
}

export class ImageNotFoundError extends Error {
  constructor(readonly ref: string) {
    super(`Image "${ref}" not found in the Docker engine`);
  }
}

interface RawHistory {
  Id: string;
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

export async function readImageHistory(docker: Dockerode, ref: string, timeoutMs = 5000): Promise<ImageHistory> {
  const image = engineImage(docker, ref);
  let inspect: Dockerode.ImageInspectInfo;
  let raw: RawHistory[];
  try {
    [inspect, raw] = await withTimeout(
      Promise.all([image.inspect(), image.history() as Promise<RawHistory[]>]),
      timeoutMs,
      'Docker engine (image history)',
    );
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) throw new ImageNotFoundError(ref);
    throw error;
  }
  return toImageHistory(ref, inspect, raw);
}

export function toImageHistory(ref: string, inspect: Dockerode.ImageInspectInfo, raw: RawHistory[]): ImageHistory {
  const layers = inspect.RootFS?.Layers ?? [];
  const entries: EngineHistoryEntry[] = raw
    .slice()
    .reverse()
    .map((h) => ({
      createdBy: h.CreatedBy ?? '',
      sizeBytes: h.Size ?? 0,
      created: h.Created ? new Date(h.Created * 1000).toISOString() : undefined,
      imageId: h.Id && h.Id !== '<missing>' ? h.Id : undefined,
      tags: h.Tags?.filter((t) => t !== '<none>:<none>') ?? [],
      comment: h.Comment || undefined,
      emptyLayer: false,
    }));
  assignLayers(entries, layers);
  const config = inspect.Config as Dockerode.ImageInspectInfo['Config'] & { OnBuild?: string[] | null; Shell?: string[] | null };
  return {
    ref,
    id: inspect.Id,
    tags: inspect.RepoTags?.filter((t) => t !== '<none>:<none>') ?? [],
    sizeBytes: unpackedSize(entries, inspect.Size),
    created: inspect.Created,
    labels: config?.Labels ?? {},
    layers,
    onBuild: config?.OnBuild ?? [],
    shell: config?.Shell ?? undefined,
    entries,
  };
}

/** The entries' sizes added up; the engine's `Size` only when there is no history to add up. */
function unpackedSize(entries: EngineHistoryEntry[], engineSize: number): number {
  return entries.length > 0 ? entries.reduce((sum, entry) => sum + entry.sizeBytes, 0) : engineSize;
}

/**
 * The engine's history API does not say which entries are empty layers. Entries with bytes, and RUN/COPY/ADD
 * (which always commit), are layers; metadata instructions are not; anything else (WORKDIR, imported roots)
 * is decided by the count of RootFS layers. When the counts cannot agree, no entry gets a layer id.
 */
function assignLayers(entries: EngineHistoryEntry[], layers: string[]): void {
  const kind = entries.map((e) => {
    const keyword = parseCreatedBy(e.createdBy).keyword;
    if (e.sizeBytes > 0 || keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') return 'layer';
    if (keyword && METADATA_KEYWORDS.has(keyword)) return 'empty';
    return 'maybe';
  });
  const sure = kind.filter((k) => k === 'layer').length;
  const maybe = kind.filter((k) => k === 'maybe').length;
  const maybeIsLayer = sure + maybe === layers.length ? true : sure === layers.length ? false : undefined;
  let next = 0;
  entries.forEach((entry, i) => {
    const isLayer = kind[i] === 'layer' || (kind[i] === 'maybe' && maybeIsLayer === true);
    entry.emptyLayer = !isLayer && entry.sizeBytes === 0;
    if (maybeIsLayer !== undefined && isLayer) entry.layerId = layers[next++];
  });
}
