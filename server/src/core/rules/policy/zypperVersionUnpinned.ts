import type { Rule } from '../rule';
import { isPathOrUrl, unpinnedReports, type PinSpec } from './support/packagePins';
import * as l10n from '../../l10n';

const ZYPPER: PinSpec = {
  managers: /^zypper$/,
  installs: new Set(['install', 'in']),
  valueOptions: new Set(['-t', '--type', '-r', '--repo', '--from', '-R', '--root']),
  // `pkg=1.2`, `pkg>=1.2`, `pkg<2`; `.rpm` files and paths.
  pinned: (p) => /[=<>]/.test(p) || p.endsWith('.rpm') || isPathOrUrl(p),
};

// hadolint DL3037, opt-in: like apt, the repositories keep few old versions, so pins break builds; pin the base image.
export const zypperVersionUnpinned: Rule = {
  meta: {
    id: 'zypper-version-unpinned',
    aliases: ['DL3037'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Pin versions in zypper install (`pkg=<version>`); opt-in.',
    optIn: true,
  },
  check(model) {
    return unpinnedReports(model, /\bzypper\b/, ZYPPER, (names) =>
      l10n.t('Pin the versions of these zypper packages: {0} (zypper install <package>=<version>).', names),
    );
  },
};
