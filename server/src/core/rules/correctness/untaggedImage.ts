import type { Rule, Report } from '../rule';
import { fullName, imageFroms } from './support/imageFroms';
import * as l10n from '../../l10n';

// No tag means `latest`, with the same problem, and readers cannot tell which version was meant.
export const untaggedImage: Rule = {
  meta: {
    id: 'untagged-image',
    aliases: ['DL3006'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Always tag the base image explicitly; no tag means the moving `latest`.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const from of imageFroms(model)) {
      if (from.getImageTag() !== null || from.getImageDigest() !== null) continue;
      reports.push({
        range: from.getImageRange()!,
        message: l10n.t('"{0}" has no tag, so it means "{0}:latest", which changes with every release. Pin a release tag.', fullName(from)),
      });
    }
    return reports;
  },
};
