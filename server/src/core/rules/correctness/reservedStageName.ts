import type { Rule, Report } from '../rule';
import * as l10n from '../../l10n';

const RESERVED = new Set(['scratch', 'context']);

// BuildKit's ReservedStageName: `scratch` and `context` mean something else in FROM and --from.
export const reservedStageName: Rule = {
  meta: {
    id: 'reserved-stage-name',
    aliases: ['ReservedStageName', 'DL3063'],
    severity: 'error',
    tags: ['correctness'],
    summary: 'Stage names `scratch` and `context` are reserved.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      if (!stage.name || !RESERVED.has(stage.name)) continue;
      reports.push({
        range: stage.from.getBuildStageRange()!,
        message: l10n.t("'{0}' is a reserved word and cannot be a stage name.", stage.from.getBuildStage() ?? ''),
      });
    }
    return reports;
  },
};
