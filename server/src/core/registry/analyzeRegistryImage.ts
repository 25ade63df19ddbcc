// The analysis of an image in a registry: the same report as for the engine or an archive, with layers tied to
// a Dockerfile's lines through the image history (there is no engine to ask about the base image): by command text
// as the engine's analysis does, else by instruction keywords.
import { readRegistryImage, ReadRegistryImageOptions } from './readImage';
import { RegistryReference } from './reference';
import { registryLinks } from './registryLayerReport';
import { buildReport } from '../image/report';
import { linkLayers } from '../image/dockerfileLink';
import { parseDockerfile } from '../model/dockerfileModel';
import type { ArchiveContents, BaseInfo, ImageReport } from '../../../../common/image/types';

export interface AnalyzeRegistryImageOptions extends ReadRegistryImageOptions {
  dockerfile?: { path: string; text: string };
  baseLayerCount?: number;
  topWasted?: number;
  topPaths?: number;
  /** Receives the layers' entry lists too (`diff` compares files line by line). */
  onContents?: (contents: ArchiveContents) => void;
}

export async function analyzeRegistryImage(ref: RegistryReference, options: AnalyzeRegistryImageOptions = {}): Promise<ImageReport> {
  const contents = await readRegistryImage(ref, options);
  options.onContents?.(contents);
  const model = options.dockerfile ? parseDockerfile(options.dockerfile.text) : undefined;
  const links = model ? (registryLinks(model, contents) ?? linkLayers(model, contents.config.history)) : undefined;
  let base: BaseInfo = { layerCount: 0, how: 'unknown' };
  if (options.baseLayerCount !== undefined) base = { layerCount: options.baseLayerCount, how: 'option' };
  else if (links?.baseLayerCount !== undefined)
    base = { layerCount: links.baseLayerCount, how: 'history', image: model?.finalStage?.from.getImage() ?? undefined };
  if (model?.finalStage && links && base.how !== 'unknown') {
    const fromLine = model.finalStage.from.getRange().start.line + 1;
    for (let index = 0; index < base.layerCount; index++) if (!links.lines.has(index)) links.lines.set(index, fromLine);
  }
  const report = buildReport(contents, {
    image: `docker://${ref.display}`,
    base,
    layerLines: links?.lines,
    layerKeywords: links?.keywords,
    topWasted: options.topWasted,
    topPaths: options.topPaths,
  });
  return options.dockerfile ? { ...report, dockerfile: options.dockerfile.path } : report;
}
