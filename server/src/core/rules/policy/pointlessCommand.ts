import type { Rule, Report } from '../rule';
import { parsedRuns } from '../correctness/support/shellSupport';
import * as l10n from '../../l10n';

// Interactive tools and service managers: a build step has no terminal, no init system and no other processes.
const POINTLESS = new Set(['ssh', 'vim', 'shutdown', 'service', 'ps', 'free', 'top', 'kill', 'mount', 'ifconfig']);

// hadolint DL3001, opt-in: these commands do nothing useful in a build step (there is no service to start
// and nothing to inspect), and are mostly a sign of a Dockerfile written like a VM script.
export const pointlessCommand: Rule = {
  meta: {
    id: 'pointless-command',
    aliases: ['DL3001'],
    severity: 'info',
    tags: ['correctness'],
    summary: 'Commands like ssh, vim, service, ps or mount make no sense in a RUN; opt-in.',
    optIn: true,
  },
  check(model) {
    const reports: Report[] = [];
    for (const { script } of parsedRuns(model, /\b(ssh|vim|shutdown|service|ps|free|top|kill|mount|ifconfig)\b/))
      for (const command of script.commands)
        if (POINTLESS.has(command.name))
          reports.push({
            range: command.nameWord.range,
            message: l10n.t('{0} makes no sense in a build step: there is no terminal, init system or running service.', command.name),
          });
    return reports;
  },
};
