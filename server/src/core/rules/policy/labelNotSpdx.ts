import type { Rule } from '../rule';
import { labelTypeReports } from './support/labels';
import * as l10n from '../../l10n';

// hadolint DL3054: a label typed `spdx` must be an SPDX license expression (spdx-expression-parse decides, so `MIT OR Apache-2.0` is fine).
export const labelNotSpdx: Rule = {
  meta: {
    id: 'label-not-spdx',
    aliases: ['DL3054'],
    severity: 'warning',
    tags: ['style'],
    summary: 'A label the label-schema types as spdx must hold an SPDX license expression.',
  },
  check(model, context) {
    return labelTypeReports(model, context, 'spdx', (name, value) =>
      l10n.t('Label {0} should be an SPDX license expression such as MIT or Apache-2.0 (label-schema: spdx), not "{1}".', name, value),
    );
  },
};
