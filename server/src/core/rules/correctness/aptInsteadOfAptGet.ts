import type { Rule, Report } from '../rule';
import { parsedRuns, subcommand } from './support/shellSupport';
import { PerScript } from '../perScript';
import type { ShellScript } from '../../shell/index';
import * as l10n from '../../l10n';

// What apt-get does with the same meaning; `apt full-upgrade` / `search` / `show` have other spellings.
const SAME_IN_APT_GET = new Set([
  'install',
  'update',
  'upgrade',
  'remove',
  'purge',
  'autoremove',
  'clean',
  'autoclean',
  'dist-upgrade',
  'source',
  'build-dep',
]);

// hadolint DL3027: `apt` is for people: its output and behaviour may change between releases and it warns
// "apt does not have a stable CLI interface" in scripts. apt-get is the scriptable tool.
export const aptInsteadOfAptGet: Rule = {
  meta: {
    id: 'apt-instead-of-apt-get',
    aliases: ['DL3027'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Use apt-get (or apt-cache) in scripts, not apt.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const { script } of parsedRuns(model, /\bapt\b/, { triggers: true })) reports.push(...keptReports.of(script, reportsIn));
    return reports;
  },
};

/** Read from the script alone, so kept per script across versions. */
const keptReports = new PerScript<Report[]>();

function reportsIn(script: ShellScript): Report[] {
  const reports: Report[] = [];
  for (const command of script.commands) {
    if (command.name !== 'apt') continue;
    const sub = subcommand(command);
    reports.push({
      range: command.nameWord.range,
      message: l10n.t('apt is meant for interactive use and has no stable command-line interface: use apt-get in Dockerfiles.'),
      fixes:
        sub && SAME_IN_APT_GET.has(sub) && command.nameWord.text === 'apt'
          ? [{ title: l10n.t('Use apt-get'), safe: sub !== 'upgrade', edits: [{ range: command.nameWord.range, newText: 'apt-get' }] }]
          : [],
    });
  }
  return reports;
}
