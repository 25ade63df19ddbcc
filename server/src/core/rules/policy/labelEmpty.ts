import type { ConfiguredRuleContext } from '../../config/configuredContext';
import type { Rule } from '../rule';
import { allLabelPairs } from './support/labels';
import * as l10n from '../../l10n';

// hadolint DL3051: a label of the `label-schema` set to an empty value says nothing; the schema asks for content.
export const labelEmpty: Rule = {
  meta: {
    id: 'label-empty',
    aliases: ['DL3051'],
    severity: 'warning',
    tags: ['style'],
    summary: 'A label of the label-schema must not be empty.',
  },
  check(model, ruleContext) {
    const context = ruleContext as ConfiguredRuleContext;
    const schema = context.labelSchema;
    if (!schema) return [];
    return allLabelPairs(model)
      .filter((p) => Object.prototype.hasOwnProperty.call(schema, p.name) && p.value.trim() === '')
      .map((p) => ({ range: p.valueRange, message: l10n.t('Label {0} is empty: the label-schema requires a value.', p.name) }));
  },
};
