import type { Rule, Report } from '../rule';
import { parsedRuns, subcommand } from '../correctness/support/shellSupport';
import * as l10n from '../../l10n';

const UPGRADES: Record<string, ReadonlySet<string>> = {
  'apt-get': new Set(['upgrade', 'dist-upgrade', 'full-upgrade']),
  apt: new Set(['upgrade', 'dist-upgrade', 'full-upgrade']),
  zypper: new Set(['dist-upgrade', 'dup']),
};

// hadolint DL3005 (since removed from hadolint) and DL3035, opt-in: upgrading every package makes the image
// depend on the day it was built. Opt-in because upgrading for security fixes is legitimate (Docker's own
// guidance changed); teams that want builds reproducible from the base image digest can turn it on.
export const distUpgrade: Rule = {
  meta: {
    id: 'dist-upgrade',
    aliases: ['DL3005', 'DL3035'],
    severity: 'info',
    tags: ['correctness'],
    summary: 'No apt-get upgrade / dist-upgrade or zypper dist-upgrade in the build; opt-in.',
    optIn: true,
  },
  check(model) {
    const reports: Report[] = [];
    for (const { script } of parsedRuns(model, /\b(apt-get|apt|zypper)\b/))
      for (const command of script.commands) {
        const sub = subcommand(command);
        if (!sub || !UPGRADES[command.name]?.has(sub)) continue;
        reports.push({
          range: command.range,
          message: l10n.t(
            '{0} {1} upgrades every package to whatever is current on build day: update the base image instead.',
            command.name,
            sub,
          ),
        });
      }
    return reports;
  },
};
