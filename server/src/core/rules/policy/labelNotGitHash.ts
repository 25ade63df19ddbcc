import type { Rule } from '../rule';
import { labelTypeReports } from './support/labels';
import * as l10n from '../../l10n';

// hadolint DL3055: a label typed `hash` must be a git object name: 7–12 hex digits abbreviated, 40 (SHA-1) or 64 (SHA-256) in full.
export const labelNotGitHash: Rule = {
  meta: {
    id: 'label-not-git-hash',
    aliases: ['DL3055'],
    severity: 'warning',
    tags: ['style'],
    summary: 'A label the label-schema types as hash must hold a git commit hash.',
  },
  check(model, context) {
    return labelTypeReports(model, context, 'hash', (name, value) =>
      l10n.t('Label {0} should be a git commit hash (label-schema: hash), not "{1}".', name, value),
    );
  },
};
