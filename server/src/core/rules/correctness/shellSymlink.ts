import type { Rule, Report } from '../rule';
import { parsedRuns } from './support/shellSupport';
import * as l10n from '../../l10n';

// hadolint DL4005: replacing /bin/sh with a link to bash changes the shell of every program in the image
// (init scripts, package hooks), and the Dockerfile no longer says which shell RUN uses. SHELL says it.
export const shellSymlink: Rule = {
  meta: {
    id: 'shell-symlink',
    aliases: ['DL4005'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Use SHELL to change the shell of RUN, not a symlink over /bin/sh.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const { script } of parsedRuns(model, /\bln\b[^\n]*\/bin\/sh\b/, { triggers: true })) {
      for (const command of script.commands) {
        if (command.name !== 'ln') continue;
        const words = command.args.map((a) => a.value ?? '');
        const symbolic = words.some((w) => /^-[a-zA-Z]*s/.test(w) || w === '--symbolic');
        if (!symbolic || words[words.length - 1] !== '/bin/sh') continue;
        reports.push({
          range: command.range,
          message: l10n.t(
            'Linking /bin/sh to another shell changes it for every program in the image. Use SHELL ["/bin/bash", "-c"] to choose the shell of RUN instructions.',
          ),
        });
      }
    }
    return reports;
  },
};
