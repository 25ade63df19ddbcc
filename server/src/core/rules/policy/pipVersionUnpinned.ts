import type { Rule } from '../rule';
import type { ShellCommand } from '../../shell/index';
import { isPathOrUrl, unpinnedReports, type PinSpec } from './support/packagePins';
import * as l10n from '../../l10n';

const VALUE_OPTIONS = [
  ...['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url'],
  ...['-f', '--find-links', '-t', '--target', '--prefix', '--root', '--trusted-host', '--platform', '--python-version'],
  ...['--implementation', '--abi', '--src', '--upgrade-strategy', '--progress-bar', '--no-binary', '--only-binary'],
  ...['--cache-dir', '--log', '--proxy', '--retries', '--timeout', '--exists-action', '--cert', '--client-cert'],
];

const PIP: PinSpec = {
  managers: /^(pip[\d.]*|python[\d.]*)$/,
  installs: new Set(['install']),
  valueOptions: new Set(VALUE_OPTIONS),
  // Any version specifier (`==`, `>=`, `~=`, `!=`, `<`, `>`), a direct reference (`pkg @ url`), a file or URL.
  pinned: (p) => /[=<>!~@]/.test(p) || /\.(whl|tar\.gz|zip)$/.test(p) || isPathOrUrl(p),
  // `python -m pip install …`: the words after `pip`.
  argsOf: (command: ShellCommand) => {
    if (!/^python/.test(command.name.slice(command.name.lastIndexOf('/') + 1))) return command.args;
    const m = command.args.findIndex((a, i) => a.value === '-m' && command.args[i + 1]?.value === 'pip');
    return m === -1 ? undefined : command.args.slice(m + 2);
  },
};

// hadolint DL3013, opt-in: a requirements or constraints file (`pip install -r requirements.txt`, hashes
// included) pins better than package arguments, and installs from it are not reported.
export const pipVersionUnpinned: Rule = {
  meta: {
    id: 'pip-version-unpinned',
    aliases: ['DL3013'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Pin versions in pip install (`pkg==<version>`); opt-in.',
    optIn: true,
  },
  check(model) {
    return unpinnedReports(model, /\bpip/, PIP, (names) =>
      l10n.t('Pin the versions of these pip packages: {0} (pip install <package>==<version>, or a requirements file).', names),
    );
  },
};
