import type { Rule } from '../rule';
import { unpinnedReports } from './support/packagePins';
import { rpmSpec } from './support/rpmPins';
import * as l10n from '../../l10n';

const YUM = rpmSpec(/^yum$/);

// hadolint DL3033, opt-in: like apt, the repositories keep few old versions, so pins break builds; pin the base image.
export const yumVersionUnpinned: Rule = {
  meta: {
    id: 'yum-version-unpinned',
    aliases: ['DL3033'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Pin versions in yum install (`pkg-<version>`); opt-in.',
    optIn: true,
  },
  check(model) {
    return unpinnedReports(model, /\byum\b/, YUM, (names) =>
      l10n.t('Pin the versions of these yum packages: {0} (yum install <package>-<version>).', names),
    );
  },
};
