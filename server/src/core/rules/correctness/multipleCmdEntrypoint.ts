import type { Rule, Report } from '../rule';
import { deleteInstruction } from './support';

// BuildKit's MultipleInstructionsDisallowed / hadolint DL4003, DL4004, DL3012: only the last CMD,
// ENTRYPOINT or HEALTHCHECK of a stage has any effect; the earlier ones mislead the reader.
export const multipleCmdEntrypoint: Rule = {
  meta: {
    id: 'multiple-cmd-entrypoint',
    aliases: ['MultipleInstructionsDisallowed', 'DL4003', 'DL4004', 'DL3012'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Only the last CMD, ENTRYPOINT and HEALTHCHECK of a stage count; remove the earlier ones.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      for (const keyword of ['CMD', 'ENTRYPOINT', 'HEALTHCHECK']) {
        const all = stage.instructions.filter((i) => i.getKeyword() === keyword);
        for (const instruction of all.slice(0, -1)) {
          const last = all[all.length - 1];
          reports.push({
            range: instruction.getInstructionRange(),
            message: `Multiple ${keyword} instructions in one stage: only the last one (line ${last.getRange().start.line + 1}) takes effect.`,
            fixes: [{ title: `Remove this ${keyword} (it has no effect)`, safe: true, edits: [deleteInstruction(model, instruction)] }],
          });
        }
      }
    }
    return reports;
  },
};
