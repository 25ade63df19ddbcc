// One refresh of the layer lenses for a Dockerfile and its image: the image's history, its base's (to know
// where the base ends and which ONBUILD triggers ran), and the matching. Shared by `layerwise layers` and the
// language server's CodeLens provider.
import type Dockerode from 'dockerode';
import type { DockerfileModel, Stage } from '../model/dockerfileModel';
import { ImageNotFoundError, readImageHistory, type ImageHistory } from './history';
import { isImageReference } from './imageReference';
import { redactReport } from '../../../../common/image/redact';
import { detectMetadataSecrets } from '../../../../common/image/secrets';
import { baseEntryCount, matchHistoryToInstructions, type LayerMatch } from './matchHistory';

export interface LayerReport {
  image: Omit<ImageHistory, 'entries'> & { layerCount: number };
  /** The FROM reference of the matched stage, and whether that image is in the engine. */
  base?: { ref: string; local: boolean; id?: string };
  layers: LayerMatch[];
}

export interface LayerReportOptions {
  stage?: Stage;
  timeoutMs?: number;
  /** Base images rarely change: a Map kept by the caller saves their two calls per refresh (key: ref). */
  baseCache?: Map<string, ImageHistory | null>;
  /**
   * The image's own history by ref, kept by a caller that clears it on every image event (the language server):
   * a document edit then re-runs only the matching, not the engine calls.
   */
  imageCache?: Map<string, ImageHistory>;
}

/** The image a FROM names, unless it names an earlier stage of the same Dockerfile (then undefined). */
export function baseImageRef(model: DockerfileModel, stage: Stage): string | undefined {
  const ref = stage.from.getImage();
  if (!ref || ref.toLowerCase() === 'scratch') return undefined;
  const earlier = model.stages.slice(0, stage.index).some((s) => s.name === ref.toLowerCase() || String(s.index) === ref);
  // A variable or any other non-reference is not looked up (it never reaches an Engine API path).
  return earlier || !isImageReference(ref) ? undefined : ref;
}

async function readBase(docker: Dockerode, ref: string, options: LayerReportOptions): Promise<ImageHistory | null> {
  if (options.baseCache?.has(ref)) return options.baseCache.get(ref) ?? null;
  let base: ImageHistory | null;
  try {
    base = await readImageHistory(docker, ref, options.timeoutMs);
  } catch (error) {
    if (!(error instanceof ImageNotFoundError)) throw error;
    base = null;
  }
  options.baseCache?.set(ref, base);
  return base;
}

/** Throws ImageNotFoundError when `imageRef` is missing, and engine errors as they come (see classifyEngineError). */
export async function readLayerReport(
  docker: Dockerode,
  model: DockerfileModel,
  imageRef: string,
  options: LayerReportOptions = {},
): Promise<LayerReport> {
  const stage = options.stage ?? model.finalStage;
  const baseRef = stage ? baseImageRef(model, stage) : undefined;
  const cachedImage = options.imageCache?.get(imageRef);
  const [image, base] = await Promise.all([
    cachedImage ??
      readImageHistory(docker, imageRef, options.timeoutMs).then((history) => {
        options.imageCache?.set(imageRef, history);
        return history;
      }),
    baseRef ? readBase(docker, baseRef, options) : Promise.resolve(null),
  ]);
  const fromScratch = stage?.from.getImage()?.toLowerCase() === 'scratch';
  const baseEntries = fromScratch ? 0 : base ? baseEntryCount(image.entries, base.entries) : undefined;
  const layers = matchHistoryToInstructions(model, image.entries, {
    stage,
    baseEntries,
    baseOnBuild: base && baseEntries !== undefined ? base.onBuild : undefined,
    initialShell: image.shell,
  });
  return finishLayerReport(image, baseRef ? { ref: baseRef, local: !!base, id: base?.id } : undefined, layers);
}

/**
 * The report as shown: lines matched on the real text, then every string redacted where the image's metadata holds
 * a secret (lens details, `layers --format json`: as Analyze shows commands). Shared with registry images.
 */
export function finishLayerReport(image: ImageHistory, base: LayerReport['base'], layers: LayerReport['layers']): LayerReport {
  const { entries, ...summary } = image;
  const secrets = detectMetadataSecrets(
    [],
    image.labels,
    entries.map((e) => ({ createdBy: e.createdBy, emptyLayer: e.emptyLayer })),
  );
  return redactReport({ image: { ...summary, layerCount: image.layers.length }, base, layers }, secrets.values);
}
