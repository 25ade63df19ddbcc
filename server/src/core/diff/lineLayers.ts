// Which layers of an analysed image each line of the final stage made, from the analysis' own linking (the
// lenses' history matching). Lines the image does not match get no layers; for the FROM line the layers below
// the first linked one stand in when the analysis could not find the base image.
import type { DockerfileModel } from '../model/dockerfileModel';
import type { ImageReport } from '../../../../common/image/types';

export interface LineInfo {
  /** 1-based. */
  line: number;
  instruction: string;
  /** The instruction's first line, as written. */
  text: string;
}

/** The final stage's instructions, FROM first. */
export function finalStageLines(model: DockerfileModel): LineInfo[] {
  const stage = model.finalStage;
  if (!stage) return [];
  return stage.instructions.map((instruction) => {
    const line = instruction.getRange().start.line;
    return { line: line + 1, instruction: instruction.getKeyword().toUpperCase(), text: model.lines[line] ?? '' };
  });
}

export interface LayerAttribution {
  /** Line → layer indexes, bottom-up. */
  byLine: Map<number, number[]>;
  /** Layers no line accounts for. */
  unclaimed: number[];
}

export function attributeLayers(report: ImageReport, lines: readonly LineInfo[]): LayerAttribution {
  const byLine = new Map<number, number[]>();
  const known = new Set(lines.map((l) => l.line));
  const unclaimed: number[] = [];
  for (const layer of report.layers) {
    if (layer.line !== undefined && known.has(layer.line)) byLine.set(layer.line, [...(byLine.get(layer.line) ?? []), layer.index]);
    else unclaimed.push(layer.index);
  }
  const from = lines.find((l) => l.instruction === 'FROM');
  if (from && !byLine.has(from.line)) {
    const firstLinked = Math.min(...[...byLine.values()].flat(), report.layers.length);
    const below = unclaimed.filter((index) => index < firstLinked);
    if (below.length && firstLinked < report.layers.length) {
      byLine.set(from.line, below);
      return { byLine, unclaimed: unclaimed.filter((index) => index >= firstLinked) };
    }
  }
  return { byLine, unclaimed };
}
