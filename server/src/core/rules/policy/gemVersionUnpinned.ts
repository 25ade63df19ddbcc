import type { Rule } from '../rule';
import { isPathOrUrl, unpinnedReports, type PinSpec } from './support/packagePins';
import * as l10n from '../../l10n';

const GEM: PinSpec = {
  managers: /^gem$/,
  installs: new Set(['install', 'i']),
  valueOptions: new Set([
    '-v',
    '--version',
    '-i',
    '--install-dir',
    '-n',
    '--bindir',
    '-s',
    '--source',
    '-P',
    '--trust-policy',
    '--platform',
  ]),
  // `name:1.2.3`; `.gem` files and paths.
  pinned: (p) => /:./.test(p) || p.endsWith('.gem') || isPathOrUrl(p),
  pinsAll: (command) => command.args.some((a) => a.value !== undefined && /^(-v|--version)(=.*)?$/.test(a.value)),
};

// hadolint DL3028, opt-in: `bundle install` with Gemfile.lock pins the application's gems; only gems named on
// the command line are checked.
export const gemVersionUnpinned: Rule = {
  meta: {
    id: 'gem-version-unpinned',
    aliases: ['DL3028'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Pin versions in gem install (`gem install pkg:<version>` or `-v`); opt-in.',
    optIn: true,
  },
  check(model) {
    return unpinnedReports(model, /\bgem\b/, GEM, (names) =>
      l10n.t('Pin the versions of these gems: {0} (gem install <gem>:<version>, or -v <version>).', names),
    );
  },
};
