import type { Rule, Report } from '../rule';
import { parsedRuns } from '../correctness/support/shellSupport';
import * as l10n from '../../l10n';

// Options that quiet wget's progress bar or send its output elsewhere (short options may be bundled: -qO-).
const QUIET = /^(--progress(=.*)?|--quiet|--no-verbose|--output-file(=.*)?|--append-output(=.*)?|-nv|-o.*|-a.*|-[a-zA-Z]*q[a-zA-Z]*.*)$/;

// hadolint DL3047, opt-in: wget's progress bar writes a line per few kilobytes into non-terminal build logs,
// which bloats CI logs. About logs, not images: opt-in.
export const wgetNoProgress: Rule = {
  meta: {
    id: 'wget-no-progress',
    aliases: ['DL3047'],
    severity: 'info',
    tags: ['style'],
    summary: 'wget without --progress (or -q / -nv) floods build logs; opt-in.',
    optIn: true,
  },
  check(model) {
    const reports: Report[] = [];
    for (const { script } of parsedRuns(model, /\bwget\b/))
      for (const command of script.commands) {
        if (command.name !== 'wget' || command.args.some((a) => a.value !== undefined && QUIET.test(a.value))) continue;
        reports.push({
          range: command.nameWord.range,
          message: l10n.t('wget prints a progress line every few kilobytes into the build log: add --progress=dot:giga (GNU wget) or -q.'),
        });
      }
    return reports;
  },
};
