import type { Rule, Report } from '../rule';
import { fullName, imageFroms } from './support/imageFroms';
import * as l10n from '../../l10n';

// `latest` moves: two builds of one Dockerfile get different bases, and a breaking major release arrives unannounced.
export const latestTag: Rule = {
  meta: {
    id: 'latest-tag',
    aliases: ['DL3007'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Pin the base image to a release tag (or digest) instead of `latest`.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const from of imageFroms(model)) {
      if (from.getImageTag() !== 'latest' || from.getImageDigest()) continue;
      reports.push({
        range: from.getImageTagRange() ?? from.getImageRange()!,
        message: l10n.t(
          '"{0}:latest" changes whenever a new release is pushed: builds are not reproducible. Pin a release tag, or a digest (name:tag@sha256:…).',
          fullName(from),
        ),
      });
    }
    return reports;
  },
};
