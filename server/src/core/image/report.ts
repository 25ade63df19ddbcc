// Turns what the archive held into the report: stacks the layers, totals, waste (each hidden copy once,
// the visible copy never), the same above the base image, largest paths and secrets. Pure.
import { Overlay, HiddenCopy } from './overlay';
import { detectMetadataSecrets } from '../../../../common/image/secrets';
import { redactReport } from '../../../../common/image/redact';
import { suggestFix } from './fixes';
import type {
  ArchiveContents,
  BaseInfo,
  ImageReport,
  LayerReport,
  PathSize,
  SecretFinding,
  WastePair,
} from '../../../../common/image/types';

export interface ReportOptions {
  image: string;
  base?: BaseInfo;
  /** 1-based Dockerfile line per layer index, when a Dockerfile is linked. */
  layerLines?: ReadonlyMap<number, number>;
  /** Instruction keyword per layer index, for naming fixes. */
  layerKeywords?: ReadonlyMap<number, string>;
  /** How many wasted files, largest files and directories to list. Default 100 / 50 / 50. */
  topWasted?: number;
  topPaths?: number;
}

/** The non-empty history entries, one per layer, bottom-up; empty strings when the history is missing or odd. */
export function layerHistory(contents: ArchiveContents): { createdBy: string; created?: string }[] {
  const nonEmpty = contents.config.history.filter((h) => !h.emptyLayer);
  if (nonEmpty.length !== contents.layers.length) return contents.layers.map(() => ({ createdBy: '' }));
  return nonEmpty.map((h) => ({ createdBy: h.createdBy, created: h.created }));
}

/** Largest first; ties by path, so the order never depends on the archive's entry order. */
function top<T extends { path: string }>(items: T[], size: (item: T) => number, n: number): T[] {
  return [...items].sort((a, b) => size(b) - size(a) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).slice(0, n);
}

function wastePairs(hidden: readonly HiddenCopy[], lines?: ReadonlyMap<number, number>): WastePair[] {
  const pairs = new Map<string, WastePair>();
  for (const copy of hidden) {
    const key = `${copy.addedInLayer}:${copy.hiddenInLayer}`;
    let pair = pairs.get(key);
    if (!pair) {
      pair = {
        addedInLayer: copy.addedInLayer,
        hiddenInLayer: copy.hiddenInLayer,
        bytes: 0,
        deletedBytes: 0,
        files: 0,
        addedLine: lines?.get(copy.addedInLayer),
        hiddenLine: lines?.get(copy.hiddenInLayer),
      };
      pairs.set(key, pair);
    }
    pair.bytes += copy.bytes;
    if (copy.how === 'deleted') pair.deletedBytes += copy.bytes;
    pair.files++;
  }
  return [...pairs.values()].sort((a, b) => b.bytes - a.bytes);
}

const ratio = (visible: number, stored: number) => (stored === 0 ? 1 : visible / stored);

export function buildReport(contents: ArchiveContents, options: ReportOptions): ImageReport {
  const overlay = new Overlay();
  for (const layer of contents.layers) overlay.apply(layer.entries);
  const { files, directories, visibleBytes, fileCount } = overlay.visible();
  const history = layerHistory(contents);
  const base = options.base ?? { layerCount: 0, how: 'unknown' };
  const baseCount = Math.min(base.layerCount, contents.layers.length);
  const lines = options.layerLines;

  const layers: LayerReport[] = overlay.layers.map((stats, index) => ({
    index,
    sizeBytes: stats.sizeBytes,
    createdBy: history[index].createdBy,
    created: history[index].created,
    line: lines?.get(index),
    addedBytes: stats.addedBytes,
    modifiedBytes: stats.modifiedBytes,
    removedBytes: stats.removedBytes,
    fileCount: stats.fileCount,
    wastedBytes: stats.wastedBytes,
    hidesBytes: stats.hidesBytes,
    inBase: index < baseCount,
  }));
  const sizeBytes = layers.reduce((sum, l) => sum + l.sizeBytes, 0);
  const wastedBytes = layers.reduce((sum, l) => sum + l.wastedBytes, 0);
  const above = layers.filter((l) => !l.inBase);
  const aboveSize = above.reduce((sum, l) => sum + l.sizeBytes, 0);
  const aboveWasted = above.reduce((sum, l) => sum + l.wastedBytes, 0);
  const baseBytesHidden = overlay.hidden
    .filter((h) => h.addedInLayer < baseCount && h.hiddenInLayer >= baseCount)
    .reduce((sum, h) => sum + h.bytes, 0);

  const topWasted = options.topWasted ?? 100;
  const topPaths = options.topPaths ?? 50;
  const wastedFiles = top(overlay.hidden, (h) => h.bytes, topWasted).map((h) => ({
    ...h,
    addedLine: lines?.get(h.addedInLayer),
    hiddenLine: lines?.get(h.hiddenInLayer),
  }));
  const largestFiles: PathSize[] = top(files, (f) => f.bytes, topPaths).map((f) => ({ path: f.path, bytes: f.bytes }));
  const largestDirectories: PathSize[] = top(directories, (d) => d.bytes, topPaths);

  const secrets: SecretFinding[] = [];
  const secretValues = new Set<string>();
  contents.layers.forEach((layer, index) => {
    for (const file of layer.secretFiles) {
      secrets.push({
        kind: file.kind,
        where: 'file',
        path: '/' + file.path,
        layer: index,
        visible: overlay.visibleLayerOf(file.path) === index,
      });
      for (const value of file.values) secretValues.add(value);
    }
  });
  const metadata = detectMetadataSecrets(contents.config.env, contents.config.labels, contents.config.history);
  secrets.push(...metadata.findings);
  for (const value of metadata.values) secretValues.add(value);

  // Every string of the report, not only the commands: a value found in one place is removed from all.
  return redactReport<ImageReport>(
    {
      image: options.image,
      layout: contents.layout,
      sizeBytes,
      visibleBytes,
      wastedBytes,
      efficiency: ratio(visibleBytes, sizeBytes),
      fileCount,
      base: { ...base, layerCount: baseCount },
      aboveBase: { sizeBytes: aboveSize, wastedBytes: aboveWasted, efficiency: ratio(aboveSize - aboveWasted, aboveSize), baseBytesHidden },
      layers,
      wastedFiles,
      wastedFileCount: overlay.hidden.length,
      wastePairs: wastePairs(overlay.hidden, lines).map((pair) => {
        const fix = suggestFix(pair, { keywords: options.layerKeywords ?? new Map(), baseLayerCount: baseCount });
        return fix ? { ...pair, fix } : pair;
      }),
      largestFiles,
      largestDirectories,
      secrets,
    },
    secretValues,
  );
}
