// The analysis as a pure function of an archive stream: what the CLI, the server and the unit tests call.
import type { Readable } from 'node:stream';
import { readImageArchive } from './archive';
import { buildReport, ReportOptions } from './report';
import type { AnalyzeArchiveOptions, ImageReport } from '../../../../common/image/types';

export interface AnalyzeImageArchiveOptions extends AnalyzeArchiveOptions, Omit<ReportOptions, 'image' | 'base'> {
  /** Name shown in the report; defaults to the archive's first tag. */
  image?: string;
  /** Layers that came with the FROM image, when the caller knows. */
  baseLayerCount?: number;
  base?: ReportOptions['base'];
}

export async function analyzeImageArchive(stream: Readable, options: AnalyzeImageArchiveOptions = {}): Promise<ImageReport> {
  const contents = await readImageArchive(stream, options);
  const base = options.baseLayerCount !== undefined ? { layerCount: options.baseLayerCount, how: 'option' as const } : options.base;
  return buildReport(contents, { ...options, image: options.image ?? contents.repoTags[0] ?? '(archive)', base });
}
