// What fixing a finding saves, measured: the wasted bytes that an "Analyze image" of the linked image found
// between the instructions the finding and its first fix touch (merging those layers stores them no more).
// No analysis, or lines that no longer match the image: no number at all — never a guessed one.
import type { DockerfileModel } from '../core/model/dockerfileModel';
import type { Finding, Range } from '../core/types';
import type { WastePair } from '../../../common/image/types';
import { rulesById } from '../core/rules/index';

function instructionLinesTouching(model: DockerfileModel, ranges: Range[]): Set<number> {
  const lines = new Set<number>();
  for (const instruction of model.instructions) {
    const r = instruction.getRange();
    if (ranges.some((x) => x.start.line <= r.end.line && r.start.line <= x.end.line)) lines.add(r.start.line + 1);
  }
  return lines;
}

export function findingSavings(finding: Finding, model: DockerfileModel, waste: readonly WastePair[] | undefined): number | undefined {
  if (!waste?.length || !rulesById.get(finding.rule)?.meta.tags.includes('size')) return undefined;
  const ranges = [finding.range, ...(finding.fixes[0]?.edits.map((e) => e.range) ?? [])];
  const lines = instructionLinesTouching(model, ranges);
  let bytes = 0;
  for (const pair of waste) {
    if (pair.addedLine !== undefined && pair.hiddenLine !== undefined && lines.has(pair.addedLine) && lines.has(pair.hiddenLine))
      bytes += pair.bytes;
  }
  return bytes > 0 ? bytes : undefined;
}
