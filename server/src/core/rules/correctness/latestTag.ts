import type { From } from '../../model/syntax/index';
import type { Rule, Report } from '../rule';
import type { DockerfileModel } from '../../model/dockerfileModel';
import { parentStage } from '../../model/stages';
import * as l10n from '../../l10n';

/** The image's name with its registry (dockerfile-ast keeps them apart). */
function fullName(from: From): string {
  const registry = from.getRegistry();
  return `${registry ? `${registry}/` : ''}${from.getImageName()}`;
}

/** FROM instructions that name a real image (not scratch, not an earlier stage, not built from variables). */
function imageFroms(model: DockerfileModel): From[] {
  return model.stages
    .filter((stage) => {
      const image = stage.from.getImageName();
      return image && image !== 'scratch' && !image.includes('$') && !parentStage(model, stage);
    })
    .map((stage) => stage.from);
}

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
        message: l10n.t('"{0}:latest" changes whenever a new release is pushed: builds are not reproducible. Pin a release tag, or a digest (name:tag@sha256:…).', fullName(from)),
      });
    }
    return reports;
  },
};

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
