import type { Rule } from '../rule';
import { labelTypeReports } from './support/labels';
import * as l10n from '../../l10n';

// hadolint DL3052: a label typed `url` in the label-schema of .hadolint.yaml must parse as an absolute URL (scheme included).
export const labelNotUrl: Rule = {
  meta: {
    id: 'label-not-url',
    aliases: ['DL3052'],
    severity: 'warning',
    tags: ['style'],
    summary: 'A label the label-schema types as url must hold a URL.',
  },
  check(model, context) {
    return labelTypeReports(model, context, 'url', (name, value) =>
      l10n.t('Label {0} should be a URL (label-schema: url), not "{1}".', name, value),
    );
  },
};
