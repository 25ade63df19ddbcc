import type { Rule, Report } from '../rule';
import * as l10n from '../../l10n';

// BuildKit's DuplicateStageName / hadolint DL3024: a second stage with the same name makes references ambiguous,
// and BuildKit refuses the file. dockerfile-utils reports it too (code DUPLICATE_BUILD_STAGE_NAME); that
// diagnostic is filtered out (config/syntaxChecks.ts) so the finding comes once, with our id and aliases.
export const duplicateStageName: Rule = {
  meta: {
    id: 'duplicate-stage-name',
    aliases: ['DuplicateStageName', 'DL3024'],
    severity: 'error',
    tags: ['correctness'],
    summary: 'Stage names must be unique.',
  },
  check(model) {
    const reports: Report[] = [];
    const seen = new Map<string, number>();
    for (const stage of model.stages) {
      if (!stage.name) continue;
      const first = seen.get(stage.name);
      if (first === undefined) {
        seen.set(stage.name, stage.from.getRange().start.line);
        continue;
      }
      reports.push({
        range: stage.from.getBuildStageRange()!,
        message: l10n.t(
          "Duplicate stage name '{0}': line {1} already defines it. BuildKit refuses the Dockerfile.",
          stage.from.getBuildStage() ?? '',
          first + 1,
        ),
      });
    }
    return reports;
  },
};
