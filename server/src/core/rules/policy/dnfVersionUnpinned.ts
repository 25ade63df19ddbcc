import type { Rule } from '../rule';
import { unpinnedReports } from './support/packagePins';
import { rpmSpec } from './support/rpmPins';
import * as l10n from '../../l10n';

const DNF = rpmSpec(/^(dnf[\d]*|microdnf)$/);

// hadolint DL3041, opt-in: like apt, the repositories keep few old versions, so pins break builds; pin the base image.
export const dnfVersionUnpinned: Rule = {
  meta: {
    id: 'dnf-version-unpinned',
    aliases: ['DL3041'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Pin versions in dnf install (`pkg-<version>`); opt-in.',
    optIn: true,
  },
  check(model) {
    return unpinnedReports(model, /\b(dnf|microdnf)/, DNF, (names) =>
      l10n.t('Pin the versions of these dnf packages: {0} (dnf install <package>-<version>).', names),
    );
  },
};
