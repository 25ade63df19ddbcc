import type { Rule, Report } from '../rule';
import type { FixProposal } from '../../types';
import { parsedRuns } from './support/shellSupport';
import * as l10n from '../../l10n';

// hadolint DL3003: `RUN cd /app && make` hides where the build works; WORKDIR says it once, creates the
// folder, and later instructions (COPY, CMD) see it too. A `cd` inside `( … )` is scoped and left alone.
// Reported once per RUN, like hadolint: the fix is a WORKDIR per RUN, not one per cd.
export const cdInRun: Rule = {
  meta: {
    id: 'cd-in-run',
    aliases: ['DL3003'],
    severity: 'warning',
    tags: ['style'],
    summary: 'Use WORKDIR to switch to a directory instead of `cd` in RUN.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const { instruction, script } of parsedRuns(model, /\bcd\b/, { triggers: true })) {
      if (script.kind !== 'shell') continue;
      // One finding per RUN, at its first top-level cd, as hadolint reports once per RUN.
      const index = script.commands.findIndex((c) => c.name === 'cd' && c.nesting.length === 0);
      if (index !== -1) {
        const command = script.commands[index];
        const dir = command.args[0]?.value;
        const fixes: FixProposal[] = [];
        const next = script.commands[index + 1];
        // The one shape with an exact rewrite: the script starts with `cd /abs && …`.
        // Not for `ONBUILD RUN`: a WORKDIR line above it would apply to this image, not to the one the trigger runs in.
        if (
          !instruction.onbuild &&
          index === 0 &&
          command.args.length === 1 &&
          dir?.startsWith('/') &&
          command.operatorAfter === '&&' &&
          next &&
          !script.hasHeredoc
        ) {
          const start = instruction.getRange().start;
          const indent = /^\s*/.exec(model.lines[start.line])![0];
          const keyword = instruction.getInstruction() === instruction.getInstruction().toLowerCase() ? 'workdir' : 'WORKDIR';
          fixes.push({
            title: l10n.t("Move 'cd {0}' into WORKDIR {0}", dir),
            // Later instructions of the stage now also run in that folder.
            safe: false,
            edits: [
              {
                range: { start: { line: start.line, character: 0 }, end: { line: start.line, character: 0 } },
                newText: `${indent}${keyword} ${dir}${model.lineBreak}`,
              },
              { range: { start: command.range.start, end: next.range.start }, newText: '' },
            ],
          });
        }
        reports.push({
          range: command.range,
          message: dir
            ? l10n.t(
                'Use WORKDIR {0} instead of cd: it creates the folder, is visible to later instructions and keeps RUN lines short.',
                dir,
              )
            : l10n.t('Use WORKDIR instead of cd: it creates the folder, is visible to later instructions and keeps RUN lines short.'),
          fixes,
        });
      }
    }
    return reports;
  },
};
