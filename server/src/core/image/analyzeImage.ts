// The analysis of an image in the user's engine: streams `/images/{name}/get` (docker save) through the
// archive reader, finds where the base image ends, and ties layers to a Dockerfile's lines when given one.
import type Dockerode from 'dockerode';
import { readImageArchive } from './archive';
import { ImageArchiveError } from './archiveError';
import { buildReport } from './report';
import { linkLayers, linksFromMatches, LayerLinks } from './dockerfileLink';
import { parseDockerfile, DockerfileModel } from '../model/dockerfileModel';
import { readLayerReport } from '../engine/layerReport';
import type { AnalyzeArchiveOptions, ArchiveContents, BaseInfo, ImageReport } from '../../../../common/image/types';
import { engineImage } from '../engine/imageReference';
import { EngineTimeoutError, withTimeout } from '../engine/engineErrors';
import { describeSilence, streamIdleMs } from '../engine/streamIdle';
import { startImageExport, type StartedExport } from '../engine/imageExport';
import type { ChunkSource } from './byteStreams';

export interface AnalyzeImageOptions extends AnalyzeArchiveOptions {
  /** The Dockerfile the image was built from, to tie layers to lines. */
  dockerfile?: { path: string; text: string };
  /** Layers that came with the FROM image, when the caller knows better than the lookup. */
  baseLayerCount?: number;
  topWasted?: number;
  topPaths?: number;
  /** The export request of `ref`, when the caller sent it before making the client (startImageExport). */
  startedExport?: StartedExport;
  /** Receives the layers' entry lists as read (`layerwise diff` compares files per line). */
  onContents?: (contents: ArchiveContents) => void;
}

function engineMessage(error: unknown): string {
  const e = error as { statusCode?: number; json?: { message?: string }; message?: string };
  return e?.json?.message ?? e?.message ?? String(error);
}

/** The FROM image's layer chain, when it is present locally and is a prefix of the image's chain. */
async function baseFromRootfs(docker: Dockerode, fromImage: string, diffIds: readonly string[]): Promise<BaseInfo | undefined> {
  if (fromImage === 'scratch') return { layerCount: 0, how: 'rootfs', image: 'scratch' };
  try {
    const base = await withTimeout(engineImage(docker, fromImage).inspect(), streamIdleMs(), 'Docker engine (inspect base image)');
    const chain = base.RootFS?.Layers ?? [];
    if (chain.length <= diffIds.length && chain.every((id, i) => id === diffIds[i]))
      return { layerCount: chain.length, how: 'rootfs', image: fromImage };
  } catch {
    // Not local (or not an image name, e.g. a stage): the history decides.
  }
  return undefined;
}

/**
 * Lines from the engine module's matching (it compares command text, so an edited line is left unlinked),
 * turned from history entries into layer indexes through the layers' diff ids. Undefined when it cannot say.
 */
async function engineLinks(
  docker: Dockerode,
  ref: string,
  model: DockerfileModel,
  contents: ArchiveContents,
): Promise<LayerLinks | undefined> {
  let matches;
  try {
    matches = (await readLayerReport(docker, model, ref)).layers;
  } catch {
    return undefined;
  }
  return linksFromMatches(matches, contents.config);
}

/** Why the export request failed, for the user: the engine's refusal, or a connection that died first. */
function exportFailure(ref: string, error: unknown): Error {
  const e = error as { statusCode?: number; code?: string; message?: string };
  if (typeof e?.statusCode === 'number') return new ImageArchiveError(`The engine refused to export "${ref}": ${engineMessage(error)}`);
  if (error instanceof EngineTimeoutError)
    return new ImageArchiveError(
      `The Docker engine did not start the export of "${ref}": no answer for ${describeSilence(error.ms)} (is it frozen or overloaded?).`,
    );
  if (['ECONNRESET', 'EPIPE'].includes(e?.code ?? '') || /socket hang up|closed|ended/i.test(e?.message ?? '')) {
    return new ImageArchiveError(
      `The Docker engine closed the connection before sending any of the export of "${ref}" (it stopped or crashed?): ${e?.message ?? String(error)}`,
    );
  }
  return error as Error; // unreachable, permission, TLS…: the caller classifies those against the endpoint.
}

export async function analyzeImage(docker: Dockerode, ref: string, options: AnalyzeImageOptions = {}): Promise<ImageReport> {
  // `docker` is usually the streaming client (no request timeout): every step gets the idle limit instead.
  const idleMs = streamIdleMs(options.idleTimeoutMs);
  // The export starts with the lookup, not after it: the engine prepares the archive for a while before its
  // first byte (Docker 20.10 writes the whole image to a temporary folder), and the lookup's round trip is saved.
  // Read off the engine's socket where it is a plain one (a third of dockerode's CPU: core/engine/imageExport.ts).
  const started = options.startedExport ?? startImageExport(docker, ref)!;
  const dropExport = () => started.giveUp();
  const archiveOptions: AnalyzeArchiveOptions = {
    ...options,
    idleTimeoutMs: idleMs,
    idleMessage: (ms) =>
      `The Docker engine stopped sending the export of "${ref}": nothing for ${describeSilence(ms)} (is it frozen or overloaded? LAYERWISE_ENGINE_IDLE_TIMEOUT_MS sets the limit).`,
  };
  // The archive is read as soon as it comes, not after the lookup: Docker 28 answers the export in ~20 ms, before
  // the lookup (and the engine client it loads) is done, and would wait for its socket to be read meanwhile.
  const reading = (async () => {
    let stream: ChunkSource;
    try {
      stream = await withTimeout(started.answer, idleMs, 'Docker engine (export)');
    } catch (error) {
      dropExport();
      throw exportFailure(ref, error);
    }
    return readImageArchive(stream, archiveOptions);
  })();
  reading.catch(() => undefined); // awaited below, unless the lookup fails first
  try {
    // The lookup's verdict comes first, as before: a missing image is reported as such, whatever the export did.
    const size = (await withTimeout(engineImage(docker, ref).inspect(), idleMs, `Docker engine (inspect ${ref})`)).Size;
    archiveOptions.totalBytes ??= size; // for the progress from here on
  } catch (error) {
    dropExport();
    // A missing image is the user's input; anything else is the engine's (callers classify those).
    if ((error as { statusCode?: number }).statusCode === 404) throw new ImageArchiveError(`No image "${ref}" in the engine.`);
    throw error;
  }
  const contents = await reading;
  options.onContents?.(contents);

  const model = options.dockerfile ? parseDockerfile(options.dockerfile.text) : undefined;
  const links: LayerLinks | undefined = model
    ? ((await engineLinks(docker, ref, model, contents)) ?? linkLayers(model, contents.config.history))
    : undefined;
  let base: BaseInfo = { layerCount: 0, how: 'unknown' };
  if (options.baseLayerCount !== undefined) {
    base = { layerCount: options.baseLayerCount, how: 'option' };
  } else if (model?.finalStage) {
    const from = model.finalStage.from.getImage() ?? '';
    const isStage = model.stages.some((s) => s.name !== undefined && s.name === from.toLowerCase());
    const byRootfs = isStage ? undefined : await baseFromRootfs(docker, from, contents.config.diffIds);
    if (byRootfs) base = byRootfs;
    else if (links?.baseLayerCount !== undefined) base = { layerCount: links.baseLayerCount, how: 'history', image: from };
  }
  // The base image's layers belong to the FROM line (as the layer lenses count them).
  if (model?.finalStage && links && base.how !== 'unknown') {
    const fromLine = model.finalStage.from.getRange().start.line + 1;
    for (let index = 0; index < base.layerCount; index++) if (!links.lines.has(index)) links.lines.set(index, fromLine);
  }
  const report = buildReport(contents, {
    image: ref,
    base,
    layerLines: links?.lines,
    layerKeywords: links?.keywords,
    topWasted: options.topWasted,
    topPaths: options.topPaths,
  });
  return options.dockerfile ? { ...report, dockerfile: options.dockerfile.path } : report;
}
