import type { Rule } from '../rule';
import { labelTypeReports } from './support/labels';
import * as l10n from '../../l10n';

// hadolint DL3053: a label typed `rfc3339` must be a date-time such as 2024-05-01T12:00:00Z (what `date --rfc-3339` and OCI `created` use).
export const labelNotRfc3339: Rule = {
  meta: {
    id: 'label-not-rfc3339',
    aliases: ['DL3053'],
    severity: 'warning',
    tags: ['style'],
    summary: 'A label the label-schema types as rfc3339 must hold an RFC 3339 date-time.',
  },
  check(model, context) {
    return labelTypeReports(model, context, 'rfc3339', (name, value) =>
      l10n.t('Label {0} should be an RFC 3339 date-time such as 2024-05-01T12:00:00Z (label-schema: rfc3339), not "{1}".', name, value),
    );
  },
};
