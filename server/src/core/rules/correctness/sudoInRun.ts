import type { Rule, Report } from '../rule';
import type { FixProposal } from '../../types';
import { parsedRuns } from './support/shellSupport';
import { PerScript } from '../perScript';
import type { ShellScript } from '../../shell/index';
import * as l10n from '../../l10n';

// hadolint DL3004: RUN already runs as root unless a USER says otherwise; sudo adds a package, a setuid
// binary and TTY/environment surprises. Use USER root … USER app around the steps that need root.
export const sudoInRun: Rule = {
  meta: {
    id: 'sudo-in-run',
    aliases: ['DL3004'],
    severity: 'warning',
    tags: ['security', 'correctness'],
    summary: 'Do not use sudo in RUN: switch with USER (or use gosu/su-exec at run time).',
  },
  check(model) {
    const reports: Report[] = [];
    for (const { script } of parsedRuns(model, /\bsudo\b/, { triggers: true })) reports.push(...keptReports.of(script, reportsIn));
    return reports;
  },
};

/** Read from the script alone, so kept per script across versions. */
const keptReports = new PerScript<Report[]>();

function reportsIn(script: ShellScript): Report[] {
  const reports: Report[] = [];
  for (const command of script.commands) {
    if (command.name !== 'sudo') continue;
    const fixes: FixProposal[] = [];
    const first = command.args[0];
    // `sudo cmd …` (no sudo options): dropping `sudo ` runs the same command as the RUN's user.
    if (script.kind === 'shell' && first?.value && !first.value.startsWith('-')) {
      fixes.push({
        title: l10n.t('Remove sudo'),
        // Only the same when the RUN's user is root, which the file alone cannot prove.
        safe: false,
        edits: [{ range: { start: command.nameWord.range.start, end: first.range.start }, newText: '' }],
      });
    }
    reports.push({
      range: command.nameWord.range,
      message: l10n.t(
        'Do not use sudo: RUN runs as root unless USER changed it. Put `USER root` before the steps that need it and switch back after.',
      ),
      fixes,
    });
  }
  return reports;
}
