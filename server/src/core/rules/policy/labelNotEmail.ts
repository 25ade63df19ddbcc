import type { Rule } from '../rule';
import { labelTypeReports } from './support/labels';
import * as l10n from '../../l10n';

// hadolint DL3058: a label typed `email` must be an RFC 5322 addr-spec (`name@example.org`; a display name with <…> is not).
export const labelNotEmail: Rule = {
  meta: {
    id: 'label-not-email',
    aliases: ['DL3058'],
    severity: 'warning',
    tags: ['style'],
    summary: 'A label the label-schema types as email must hold an RFC 5322 address.',
  },
  check(model, context) {
    return labelTypeReports(model, context, 'email', (name, value) =>
      l10n.t('Label {0} should be an email address (label-schema: email), not "{1}".', name, value),
    );
  },
};
