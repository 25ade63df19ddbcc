import type { Rule, Report } from '../rule';
import type { ShellCommand } from '../../shell/index';
import { parsedRuns } from '../correctness/support/shellSupport';
import { stageContaining } from '../../model/stages';
import * as l10n from '../../l10n';

// hadolint DL4001, opt-in: one download tool per stage is enough; having both usually means installing both.
// Opt-in: with package caches cleaned the second tool costs little, so it is style more than size.
export const wgetAndCurl: Rule = {
  meta: {
    id: 'wget-and-curl',
    aliases: ['DL4001'],
    severity: 'info',
    tags: ['style'],
    summary: 'Use either wget or curl in a stage, not both; opt-in.',
    optIn: true,
  },
  check(model) {
    const reports: Report[] = [];
    const byStage = new Map<number, { wget: ShellCommand[]; curl: ShellCommand[] }>();
    for (const { instruction, script } of parsedRuns(model, /\b(wget|curl)\b/)) {
      const stage = stageContaining(model, instruction)?.index ?? -1;
      const uses = byStage.get(stage) ?? { wget: [], curl: [] };
      for (const command of script.commands) if (command.name === 'wget' || command.name === 'curl') uses[command.name].push(command);
      byStage.set(stage, uses);
    }
    for (const { wget, curl } of byStage.values()) {
      if (wget.length === 0 || curl.length === 0) continue;
      // Report the tool that came second: the first one is the stage's choice.
      const later =
        wget[0].range.start.line > curl[0].range.start.line ||
        (wget[0].range.start.line === curl[0].range.start.line && wget[0].range.start.character > curl[0].range.start.character)
          ? wget
          : curl;
      const [used, other] = later === wget ? ['wget', 'curl'] : ['curl', 'wget'];
      for (const command of later)
        reports.push({
          range: command.nameWord.range,
          message: l10n.t('This stage already uses {0}: use it instead of {1}, not both.', other, used),
        });
    }
    return reports;
  },
};
