import type { Rule } from '../rule';
import { isPathOrUrl, unpinnedReports, type PinSpec } from './support/packagePins';
import * as l10n from '../../l10n';

const APK: PinSpec = {
  managers: /^apk$/,
  installs: new Set(['add']),
  valueOptions: new Set([
    '-t',
    '--virtual',
    '-X',
    '--repository',
    '-p',
    '--root',
    '--arch',
    '--cache-dir',
    '--keys-dir',
    '--repositories-file',
  ]),
  // `pkg=1.2-r0`, `pkg~1.2`, `pkg>1.2`, `pkg<2`; `.apk` files and paths.
  pinned: (p) => /[=~<>]/.test(p) || p.endsWith('.apk') || isPathOrUrl(p),
};

// hadolint DL3018, opt-in: Alpine's mirrors drop old package versions, so pins break builds; pin the base image.
export const apkVersionUnpinned: Rule = {
  meta: {
    id: 'apk-version-unpinned',
    aliases: ['DL3018'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Pin versions in apk add (`pkg=<version>`); opt-in.',
    optIn: true,
  },
  check(model) {
    return unpinnedReports(model, /\bapk\b/, APK, (names) =>
      l10n.t('Pin the versions of these apk packages: {0} (apk add <package>=<version>).', names),
    );
  },
};
