import type { ConfiguredRuleContext } from '../../config/configuredContext';
import type { Rule, Report } from '../rule';
import { stageLabelNames } from './support/labels';
import * as l10n from '../../l10n';

// hadolint DL3049: with a `label-schema` in .hadolint.yaml, every stage must carry each label of the schema,
// itself or through the stage it is built on (`FROM base`). Silent without a schema.
export const labelMissing: Rule = {
  meta: {
    id: 'label-missing',
    aliases: ['DL3049'],
    severity: 'info',
    tags: ['style'],
    summary: 'Every label of the label-schema must be set in each stage.',
  },
  check(model, ruleContext) {
    const context = ruleContext as ConfiguredRuleContext;
    const required = Object.keys(context.labelSchema ?? {});
    if (required.length === 0) return [];
    const reports: Report[] = [];
    for (const stage of model.stages) {
      const present = stageLabelNames(model, stage);
      const missing = required.filter((name) => !present.has(name));
      if (missing.length === 0) continue;
      reports.push({
        range: stage.from.getRange(),
        message: l10n.t('This stage lacks the labels the label-schema requires: {0}.', missing.join(', ')),
      });
    }
    return reports;
  },
};
