// `layerwise diff --format sarif`: one result on each Dockerfile line that grew by more than the threshold, so
// code scanning annotates the line in the pull request.
import { formatBytes } from '../../../../common/format';
import type { ImageDiff } from './compareImages';
import { sarifLog } from '../sarif';

export const GROWTH_RULE_ID = 'image-growth';

export function diffSarif(diff: ImageDiff, dockerfileUri: string, thresholdBytes: number) {
  const grown = diff.lines.filter((l) => l.growthBytes > thresholdBytes);
  return sarifLog(
    [
      {
        id: GROWTH_RULE_ID,
        shortDescription: { text: 'A Dockerfile line grew the image more than allowed.' },
        defaultConfiguration: { level: 'warning' },
      },
    ],
    grown.map((l) => ({
      ruleId: GROWTH_RULE_ID,
      ruleIndex: 0,
      level: 'warning',
      message: {
        text:
          `This ${l.instruction} grew the image by ${formatBytes(l.growthBytes)} (${l.baseBytes === null ? 'new' : formatBytes(l.baseBytes)} → ${formatBytes(l.headBytes ?? 0)})` +
          (l.files[0] ? `; largest: ${l.files[0].path} (${l.files[0].change}, ${formatBytes(Math.abs(l.files[0].growthBytes))})` : '') +
          '.',
      },
      locations: [{ physicalLocation: { artifactLocation: { uri: dockerfileUri.replace(/\\/g, '/') }, region: { startLine: l.line } } }],
      properties: { baseBytes: l.baseBytes, headBytes: l.headBytes, growthBytes: l.growthBytes },
    })),
  );
}
