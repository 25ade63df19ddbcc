import type { Rule } from '../rule';
import { isPathOrUrl, unpinnedReports, type PinSpec } from './support/packagePins';
import * as l10n from '../../l10n';

const APT: PinSpec = {
  managers: /^(apt-get|apt)$/,
  installs: new Set(['install']),
  valueOptions: new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release', '--default-release']),
  // `pkg=1.2-3`, `pkg=1.2*`; `.deb` files and paths are what they are.
  pinned: (p) => p.includes('=') || p.endsWith('.deb') || isPathOrUrl(p),
};

// hadolint DL3008, opt-in: Debian and Ubuntu mirrors keep only the current version of a package, so a pin
// breaks the build within weeks of a security update; pinning the base image (tag or digest) is the durable pin.
export const aptVersionUnpinned: Rule = {
  meta: {
    id: 'apt-version-unpinned',
    aliases: ['DL3008'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Pin versions in apt-get install (`pkg=<version>`); opt-in.',
    optIn: true,
  },
  check(model) {
    return unpinnedReports(model, /\bapt(-get)?\b/, APT, (names) =>
      l10n.t('Pin the versions of these apt packages: {0} (apt-get install <package>=<version>).', names),
    );
  },
};
