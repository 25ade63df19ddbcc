import type { Rule, Report } from '../rule';
import { stageChain } from '../../model/stages';
import type { SeverityReport } from './support';
import * as l10n from '../../l10n';

const ROOT = /^(root|0)(:.*)?$/;

// A process running as root in the container is root on the host's kernel: one escape away from the host.
export const rootUser: Rule = {
  meta: {
    id: 'root-user',
    aliases: ['DL3002'],
    severity: 'warning',
    tags: ['security'],
    summary: 'The final image should not run as root: switch to an unprivileged USER at the end.',
  },
  check(model) {
    const reports: Report[] = [];
    const final = model.finalStage;
    if (!final) return reports;
    // The final stage first, then the stages it is built FROM: the last USER along that chain is the image's.
    for (const stage of stageChain(model, final)) {
      const users = stage.instructions.filter((i) => i.getKeyword() === 'USER');
      const last = users[users.length - 1];
      if (!last) continue;
      const user = last
        .getArguments()
        .map((a) => a.getValue())
        .join(' ');
      if (!ROOT.test(user)) return reports;
      // Reported at the USER that sets root, as hadolint does, also when the final stage inherits it.
      reports.push({
        range: last.getRange(),
        message:
          stage === final
            ? l10n.t(
                'The image ends with USER {0}: its process runs as root. Switch to an unprivileged user after the steps that need root.',
                user,
              )
            : l10n.t(
                "The final stage inherits USER {0} from stage '{1}': its process runs as root. Switch to an unprivileged user at the end of the final stage.",
                user,
                stage.name ?? String(stage.index),
              ),
      });
      return reports;
    }
    // No USER anywhere in the chain: the base image decides, usually root. A hint, since many bases set a user.
    const hint: SeverityReport = {
      range: final.from.getInstructionRange(),
      message: l10n.t(
        "No USER in the final stage: the container runs as the base image's user, usually root. Add `USER <unprivileged user>` near the end.",
      ),
      severity: 'hint',
    };
    reports.push(hint);
    return reports;
  },
};
