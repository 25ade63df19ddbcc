import type { Rule, Report } from '../rule';
import type { TextEdit } from '../../types';
import { stageReferences } from './support/stageReferences';
import * as l10n from '../../l10n';

// BuildKit's StageNameCasing: stage names are compared lower-cased, so `Build` and `build` are one stage.
export const stageNameCasing: Rule = {
  meta: {
    id: 'stage-name-casing',
    aliases: ['StageNameCasing'],
    severity: 'warning',
    tags: ['style'],
    summary: 'Stage names should be lowercase.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      const name = stage.from.getBuildStage();
      const range = stage.from.getBuildStageRange();
      if (!name || !range || name === name.toLowerCase()) continue;
      const lower = name.toLowerCase();
      const edits: TextEdit[] = [{ range, newText: lower }, ...stageReferences(model, lower).map((r) => ({ range: r, newText: lower }))];
      reports.push({
        range,
        message: l10n.t("Stage name '{0}' should be lowercase: BuildKit compares stage names lower-cased.", name),
        fixes: [{ title: l10n.t("Rename stage to '{0}' (and its references)", lower), safe: true, edits }],
      });
    }
    return reports;
  },
};
