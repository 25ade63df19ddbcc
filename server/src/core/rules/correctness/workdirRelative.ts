import type { Rule, Report } from '../rule';
import * as l10n from '../../l10n';
import { inheritsInstruction } from '../../model/stages';
import type { Instruction } from '../../model/syntax/index';

const ABSOLUTE = /^(\/|\$|[A-Za-z]:[\\/]|\\)/;

/** The path a WORKDIR sets, quotes removed as BuildKit's lexer does: `WORKDIR 'C:\'` is the absolute `C:\`. */
function workdirPath(instruction: Instruction): string {
  return instruction
    .getArguments()
    .map((a) => a.getUnquotedValue())
    .join(' ');
}

// BuildKit's WorkdirRelativePath / hadolint DL3000: a relative WORKDIR resolves against whatever the
// base image set, which can change under you.
export const workdirRelative: Rule = {
  meta: {
    id: 'workdir-relative',
    aliases: ['WorkdirRelativePath', 'DL3000'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Use an absolute WORKDIR path (unless an earlier WORKDIR of the stage sets the base).',
  },
  check(model) {
    const reports: Report[] = [];
    const isAbsoluteWorkdir = (i: Instruction) => i.getKeyword() === 'WORKDIR' && ABSOLUTE.test(workdirPath(i));
    for (const stage of model.stages) {
      // An absolute WORKDIR in a stage this one is built FROM carries over, as BuildKit's stage inheritance does.
      let hasAbsolute = inheritsInstruction(model, stage, isAbsoluteWorkdir);
      for (const instruction of stage.instructions) {
        if (instruction.getKeyword() !== 'WORKDIR') continue;
        const args = instruction.getArguments();
        if (args.length === 0) continue;
        const path = workdirPath(instruction);
        if (ABSOLUTE.test(path)) {
          hasAbsolute = true;
          continue;
        }
        if (hasAbsolute) continue;
        const range = { start: args[0].getRange().start, end: args[args.length - 1].getRange().end };
        reports.push({
          range,
          message: l10n.t("Relative WORKDIR '{0}' depends on the base image's working directory. Use an absolute path, e.g. '/{0}'.", path),
          // Unsafe: the base image's working directory may not be '/'.
          fixes: [
            { title: l10n.t("Use '/{0}'", path), safe: false, edits: [{ range: { start: range.start, end: range.start }, newText: '/' }] },
          ],
        });
      }
    }
    return reports;
  },
};
