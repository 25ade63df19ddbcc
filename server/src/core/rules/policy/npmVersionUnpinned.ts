import type { Rule } from '../rule';
import { isPathOrUrl, unpinnedReports, type PinSpec } from './support/packagePins';
import * as l10n from '../../l10n';

/** `name@1.2.3`, `@scope/name@^1`, a git URL with `#commit`, a tarball or path. `@latest` is not a pin. */
function npmPinned(operand: string): boolean {
  if (/^(git\+|git:|github:|gitlab:|bitbucket:)/.test(operand)) return operand.includes('#');
  if (isPathOrUrl(operand) || /\.t(ar\.)?gz$/.test(operand)) return true;
  const at = operand.indexOf('@', operand.startsWith('@') ? 1 : 0);
  if (at === -1) return false;
  const version = operand.slice(at + 1);
  return version !== '' && version !== 'latest';
}

const NPM: PinSpec = {
  managers: /^npm$/,
  installs: new Set(['install', 'i', 'add', 'isntall', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal']),
  valueOptions: new Set(['--prefix', '--registry', '--cache', '-w', '--workspace', '--tag', '--omit', '--include', '--userconfig']),
  pinned: npmPinned,
};

// hadolint DL3016, opt-in: `npm ci` with the lockfile pins every dependency; only packages named on the
// command line (often global tools) are checked.
export const npmVersionUnpinned: Rule = {
  meta: {
    id: 'npm-version-unpinned',
    aliases: ['DL3016'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Pin versions in npm install (`pkg@<version>`); opt-in.',
    optIn: true,
  },
  check(model) {
    return unpinnedReports(model, /\bnpm\b/, NPM, (names) =>
      l10n.t('Pin the versions of these npm packages: {0} (npm install <package>@<version>).', names),
    );
  },
};
