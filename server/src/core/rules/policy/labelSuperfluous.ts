import type { ConfiguredRuleContext } from '../../config/configuredContext';
import type { Rule } from '../rule';
import { allLabelPairs } from './support/labels';
import * as l10n from '../../l10n';

// hadolint DL3050: with `strict-labels: true` in .hadolint.yaml, labels outside the `label-schema` are reported
// (all of them when there is no schema), to keep images from leaking information or confusing label readers.
export const labelSuperfluous: Rule = {
  meta: {
    id: 'label-superfluous',
    aliases: ['DL3050'],
    severity: 'info',
    tags: ['style'],
    summary: 'With strict-labels, only the labels of the label-schema may be set.',
  },
  check(model, ruleContext) {
    const context = ruleContext as ConfiguredRuleContext;
    if (!context.strictLabels) return [];
    const schema = context.labelSchema ?? {};
    return allLabelPairs(model)
      .filter((p) => !Object.prototype.hasOwnProperty.call(schema, p.name))
      .map((p) => ({
        range: p.nameRange,
        message: l10n.t('Label {0} is not in the label-schema, and strict-labels allows no others.', p.name),
      }));
  },
};
