import type { Rule, Report } from '../rule';
import type { Stage } from '../../model/dockerfileModel';
import { parentStage } from '../../model/stages';
import { copyOperands } from './support/copyOperands';
import * as l10n from '../../l10n';

// A drive letter is absolute on Windows, even when the parser's escapes ate the backslash (`C:\app` → `C:app`).
const ABSOLUTE = /^(\/|\$|[A-Za-z]:|\\)/;

// hadolint DL3045, opt-in: a relative COPY destination lands in the base image's WORKDIR, which the file does
// not show. Opt-in because most base images set a sensible WORKDIR (or none: `/`), so it is mostly noise.
export const copyRelativeWithoutWorkdir: Rule = {
  meta: {
    id: 'copy-relative-without-workdir',
    aliases: ['DL3045'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'COPY to a relative destination only after a WORKDIR in the stage (or its parent stage); opt-in.',
    optIn: true,
  },
  check(model) {
    const reports: Report[] = [];
    const withWorkdir = new Map<Stage, boolean>();
    const hasWorkdirBefore = (stage: Stage | undefined, line: number, seen: Set<Stage>): boolean => {
      if (!stage || seen.has(stage)) return false;
      seen.add(stage);
      if (stage.instructions.some((i) => i.getKeyword() === 'WORKDIR' && i.getRange().start.line < line)) return true;
      return hasWorkdirBefore(parentStage(model, stage), Infinity, seen);
    };
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.getKeyword() !== 'COPY') continue;
        const operands = copyOperands(instruction);
        if (!operands || ABSOLUTE.test(operands.destination.value)) continue;
        const line = instruction.getRange().start.line;
        if (withWorkdir.get(stage) || hasWorkdirBefore(stage, line, new Set())) {
          withWorkdir.set(stage, true);
          continue;
        }
        reports.push({
          range: operands.destination.range,
          message: l10n.t(
            "COPY to the relative path '{0}' lands in the base image's working directory: set WORKDIR first, or use an absolute path.",
            operands.destination.value,
          ),
        });
      }
    }
    return reports;
  },
};
