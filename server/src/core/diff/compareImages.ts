// `layerwise diff`: two analysed images (a base, e.g. main's, and a head, e.g. the pull request's) compared
// line by line of the head's Dockerfile. A line both images built from the same text compares its layers; a
// RUN/COPY/ADD line edited since the base compares with the most alike base layer of the same instruction
// between the same unchanged neighbours; a new line starts from null. Base layers left over are listed as removed. Pure.
import type { DockerfileModel } from '../model/dockerfileModel';
import type { ArchiveContents, ImageReport } from '../../../../common/image/types';
import { historyKeyword } from '../image/dockerfileLink';
import { attributeLayers, finalStageLines, type LayerAttribution, type LineInfo } from './lineLayers';
import { compareFiles, type FileChange } from './fileChanges';

export interface DiffSide {
  report: ImageReport;
  contents: ArchiveContents;
}

export interface ImageSummary {
  image: string;
  sizeBytes: number;
  layerCount: number;
  efficiency: number;
  wastedBytes: number;
}

export interface LineDiff extends LineInfo {
  /** Null: the base image has no layer of this line (a new line, or one it did not build). */
  baseBytes: number | null;
  /** Null: the head image was not built from this line as written. */
  headBytes: number | null;
  growthBytes: number;
  /** The line's text differs from what built the base layer it is compared with. */
  changed: boolean;
  files: FileChange[];
  /** Changed files in all, listed or not. */
  changedFiles: number;
}

export interface ImageDiff {
  base: ImageSummary;
  head: ImageSummary;
  dockerfile?: string;
  growthBytes: number;
  /** Lines that made a layer in either image, in file order. */
  lines: LineDiff[];
  /** Base layers that no line of the head's Dockerfile accounts for (lines removed since). */
  removedLayers: { index: number; createdBy: string; bytes: number }[];
  /** Head layers no line accounts for (the Dockerfile does not describe the head image). */
  unattributedBytes: number;
}

const BUILDS_LAYER = new Set(['RUN', 'COPY', 'ADD']);

function summary(report: ImageReport): ImageSummary {
  return {
    image: report.image,
    sizeBytes: report.sizeBytes,
    layerCount: report.layers.length,
    efficiency: report.efficiency,
    wastedBytes: report.wastedBytes,
  };
}

/** Words that say how a builder recorded a command, not what the command is. */
const RECORDING_WORDS = new Set(['/bin/sh', '-c', '#', 'buildkit', '#(nop)', 'RUN', 'COPY', 'ADD', '|1', '|2', '|3']);

function words(text: string): Set<string> {
  return new Set(text.split(/\s+/).filter((w) => w && !RECORDING_WORDS.has(w)));
}

/** Jaccard similarity of the two texts' words: 1 the same words, 0 none in common. */
function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** How alike an edited line and a base layer's command must be to count as the same line, edited. */
const EDITED_SIMILARITY = 0.5;

/**
 * Pairs each edited head line with the base's unclaimed layer of the same instruction that lies between the
 * base layers of its nearest unchanged neighbours and whose command is most alike (at least EDITED_SIMILARITY);
 * a line unlike all of them is new, and those layers stay removed. Mutates `base`, returns the edited lines.
 */
function pairEditedLines(lines: readonly LineInfo[], base: LayerAttribution, baseReport: ImageReport): Set<number> {
  const keywordOf = (index: number) => historyKeyword(baseReport.layers[index]?.createdBy ?? '');
  const edited = new Set<number>();
  const free = new Set(base.unclaimed);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!BUILDS_LAYER.has(line.instruction) || base.byLine.has(line.line)) continue;
    const below = Math.max(-1, ...lines.slice(0, i).flatMap((l) => base.byLine.get(l.line) ?? []));
    const above = Math.min(baseReport.layers.length, ...lines.slice(i + 1).flatMap((l) => base.byLine.get(l.line) ?? []));
    const lineWords = words(line.text);
    let best: { index: number; score: number } | undefined;
    for (const index of [...free].sort((a, b) => a - b)) {
      if (index <= below || index >= above || keywordOf(index) !== line.instruction) continue;
      const score = similarity(lineWords, words(baseReport.layers[index].createdBy));
      if (score >= EDITED_SIMILARITY && score > (best?.score ?? -1)) best = { index, score };
    }
    if (!best) continue;
    free.delete(best.index);
    base.byLine.set(line.line, [best.index]);
    edited.add(line.line);
  }
  base.unclaimed = base.unclaimed.filter((index) => free.has(index));
  return edited;
}

export function compareImages(
  model: DockerfileModel,
  base: DiffSide,
  head: DiffSide,
  options: { dockerfile?: string; filesPerLine?: number } = {},
): ImageDiff {
  const lines = finalStageLines(model);
  const baseLayers = attributeLayers(base.report, lines);
  const headLayers = attributeLayers(head.report, lines);
  const edited = pairEditedLines(lines, baseLayers, base.report);
  const bytes = (report: ImageReport, indexes: number[] | undefined) =>
    indexes === undefined ? null : indexes.reduce((sum, index) => sum + report.layers[index].sizeBytes, 0);

  const diffs: LineDiff[] = [];
  for (const line of lines) {
    const baseIndexes = baseLayers.byLine.get(line.line);
    const headIndexes = headLayers.byLine.get(line.line);
    if (!baseIndexes && !headIndexes) continue;
    const baseBytes = bytes(base.report, baseIndexes);
    const headBytes = bytes(head.report, headIndexes);
    const files = compareFiles(
      (baseIndexes ?? []).map((index) => base.contents.layers[index]),
      (headIndexes ?? []).map((index) => head.contents.layers[index]),
      options.filesPerLine,
    );
    diffs.push({
      ...line,
      baseBytes,
      headBytes,
      growthBytes: (headBytes ?? 0) - (baseBytes ?? 0),
      changed: edited.has(line.line),
      files: files.files,
      changedFiles: files.changedCount,
    });
  }
  return {
    base: summary(base.report),
    head: summary(head.report),
    ...(options.dockerfile ? { dockerfile: options.dockerfile } : {}),
    growthBytes: head.report.sizeBytes - base.report.sizeBytes,
    lines: diffs,
    removedLayers: baseLayers.unclaimed.map((index) => ({
      index,
      // The report's text: secrets found anywhere in the image are redacted from it.
      createdBy: base.report.layers[index].createdBy,
      bytes: base.report.layers[index].sizeBytes,
    })),
    unattributedBytes: headLayers.unclaimed.reduce((sum, index) => sum + head.report.layers[index].sizeBytes, 0),
  };
}
