import type { Rule } from '../rule';
import { labelTypeReports } from './support/labels';
import * as l10n from '../../l10n';

// hadolint DL3056: a label typed `semver` must follow semver.org (MAJOR.MINOR.PATCH, optional -prerelease and +build).
export const labelNotSemver: Rule = {
  meta: {
    id: 'label-not-semver',
    aliases: ['DL3056'],
    severity: 'warning',
    tags: ['style'],
    summary: 'A label the label-schema types as semver must hold a semantic version.',
  },
  check(model, context) {
    return labelTypeReports(model, context, 'semver', (name, value) =>
      l10n.t('Label {0} should be a semantic version such as 1.4.2 (label-schema: semver), not "{1}".', name, value),
    );
  },
};
