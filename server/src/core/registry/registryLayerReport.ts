// `layerwise layers --image docker://…`: the same per-line report as for an image in the engine, from the image
// config's history and the layer blobs. A registry only states each blob's compressed size, so every layer is
// read (streamed, digest-checked) and its unpacked size counted as the engine's graph driver counts it: the
// bytes of regular files plus the length of each symlink's target (an `lstat` size), hard links once.
import type { DockerfileModel, Stage } from '../model/dockerfileModel';
import type { ImageHistory, EngineHistoryEntry } from '../engine/history';
import { baseImageRef, finishLayerReport, type LayerReport } from '../engine/layerReport';
import { matchHistoryToInstructions } from '../engine/matchHistory';
import type { ArchiveContents, LayerScan } from '../../../../common/image/types';
import { linksFromMatches, type LayerLinks } from '../image/dockerfileLink';
import { readRegistryImage, type ReadRegistryImageOptions, type RegistryImage } from './readImage';
import type { RegistryReference } from './reference';

/** A layer's unpacked size as `docker history` shows it (overlay2 sums file and symlink sizes of the layer's diff). */
export function unpackedLayerBytes(scan: LayerScan): number {
  let bytes = 0;
  for (const entry of scan.entries) {
    if (entry.kind === 'file') bytes += entry.size;
    else if (entry.kind === 'symlink' && entry.target) bytes += Buffer.byteLength(entry.target);
  }
  return bytes;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.map(String) : undefined);

/** The config's history as the engine's history API gives it, oldest first, each layer entry with its unpacked size. */
function historyEntries(contents: ArchiveContents, sizes: readonly number[]): EngineHistoryEntry[] {
  let layer = 0;
  return contents.config.history.map((h) => {
    const index = h.emptyLayer ? undefined : layer++;
    return {
      createdBy: h.createdBy,
      sizeBytes: index === undefined ? 0 : (sizes[index] ?? 0),
      created: h.created,
      tags: [],
      comment: h.comment,
      emptyLayer: h.emptyLayer,
      layerId: index === undefined ? undefined : contents.config.diffIds[index],
    };
  });
}

/** The registry image as the engine's history API would describe it: entries oldest first, sizes unpacked. */
export function registryHistory(display: string, image: RegistryImage): ImageHistory {
  const sizes = image.layers.map(unpackedLayerBytes);
  const entries = historyEntries(image, sizes);
  const inner = isRecord(image.rawConfig.config) ? image.rawConfig.config : {};
  return {
    ref: `docker://${display}`,
    id: image.configDigest,
    tags: [display],
    sizeBytes: sizes.reduce((sum, n) => sum + n, 0),
    created: typeof image.rawConfig.created === 'string' ? image.rawConfig.created : undefined,
    labels: image.config.labels,
    layers: image.config.diffIds,
    onBuild: strings(inner.OnBuild) ?? [],
    shell: strings(inner.Shell),
    entries,
  };
}

export interface RegistryLayerReportOptions extends ReadRegistryImageOptions {
  stage?: Stage;
}

export async function readRegistryLayerReport(
  ref: RegistryReference,
  model: DockerfileModel,
  options: RegistryLayerReportOptions = {},
): Promise<LayerReport> {
  const image = registryHistory(ref.display, await readRegistryImage(ref, options));
  const stage = options.stage ?? model.finalStage;
  const baseRef = stage ? baseImageRef(model, stage) : undefined;
  // No engine to read the base image from: the FROM line gets what lies below the stage's first matched entry.
  const fromScratch = stage?.from.getImage()?.toLowerCase() === 'scratch';
  const layers = matchHistoryToInstructions(model, image.entries, {
    stage,
    baseEntries: fromScratch ? 0 : undefined,
    initialShell: image.shell,
  });
  return finishLayerReport(image, baseRef ? { ref: baseRef, local: false } : undefined, layers);
}

/**
 * Layer index → line for `analyze`/`diff` of a registry image, from the same text matching the layer report uses
 * (an edited line stays unlinked rather than taking its neighbour's layer), as the engine's analysis links them;
 * undefined when nothing matched. Without an engine the base ends where the stage's first instruction begins.
 */
export function registryLinks(model: DockerfileModel, contents: ArchiveContents): LayerLinks | undefined {
  const stage = model.finalStage;
  if (!stage) return undefined;
  const entries = historyEntries(
    contents,
    contents.layers.map(() => 0),
  );
  const fromScratch = stage.from.getImage()?.toLowerCase() === 'scratch';
  const matches = matchHistoryToInstructions(model, entries, { stage, baseEntries: fromScratch ? 0 : undefined });
  return linksFromMatches(matches, contents.config);
}
