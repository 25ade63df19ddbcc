// Names, for each group of wasted bytes (writer layer → hider layer), the change to the Dockerfile that
// would not store them, using the rule ids of the catalogue so the editor can offer the matching quick fix.
import type { FixSuggestion, WastePair } from '../../../../common/image/types';
import { formatBytes } from '../../../../common/format';

export interface PairContext {
  /** Instruction keyword per layer (RUN, COPY, ADD…), when a Dockerfile is linked. */
  keywords: ReadonlyMap<number, string>;
  baseLayerCount: number;
}

export function suggestFix(pair: WastePair, context: PairContext): FixSuggestion | undefined {
  const saves = formatBytes(pair.bytes);
  if (pair.addedInLayer < context.baseLayerCount) {
    if (pair.hiddenLine === undefined) return undefined;
    return {
      rule: 'large-base-image',
      title: `Line ${pair.hiddenLine} hides ${saves} of the base image, which stays in the image anyway: pick a smaller base instead`,
      savesBytes: 0,
    };
  }
  if (pair.addedLine === undefined || pair.hiddenLine === undefined) return undefined;
  const writer = context.keywords.get(pair.addedInLayer);
  const hider = context.keywords.get(pair.hiddenInLayer);
  if (pair.deletedBytes >= pair.bytes / 2) {
    if (writer === 'RUN' && hider === 'RUN') {
      return {
        rule: 'cleanup-in-later-layer',
        title: `Fold line ${pair.hiddenLine} into line ${pair.addedLine}, saves ${saves}`,
        savesBytes: pair.bytes,
      };
    }
    if (writer === 'COPY' || writer === 'ADD') {
      return {
        rule: 'missing-dockerignore',
        title: `Do not copy what line ${pair.hiddenLine} deletes: exclude it in .dockerignore or narrow line ${pair.addedLine}, saves ${saves}`,
        savesBytes: pair.bytes,
      };
    }
    return {
      rule: 'cleanup-in-later-layer',
      title: `Delete the files in the same step that writes them (line ${pair.addedLine}), saves ${saves}`,
      savesBytes: pair.bytes,
    };
  }
  if (writer === 'RUN' && hider === 'RUN') {
    return {
      rule: 'consecutive-run',
      title: `Line ${pair.hiddenLine} rewrites files of line ${pair.addedLine}: merge the two RUNs, saves ${saves}`,
      savesBytes: pair.bytes,
    };
  }
  return {
    rule: 'copy-before-deps',
    title: `Line ${pair.hiddenLine} overwrites files of line ${pair.addedLine}: write them once, saves ${saves}`,
    savesBytes: pair.bytes,
  };
}
