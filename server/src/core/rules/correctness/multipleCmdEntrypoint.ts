import type { Rule, Report } from '../rule';
import { deleteInstruction } from './support';
import * as l10n from '../../l10n';

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
            message: l10n.t(
              'Multiple {0} instructions in one stage: only the last one (line {1}) takes effect.',
              keyword,
              last.getRange().start.line + 1,
            ),
            fixes: [
              { title: l10n.t('Remove this {0} (it has no effect)', keyword), safe: true, edits: [deleteInstruction(model, instruction)] },
            ],
          });
        }
      }
    }
    return reports;
  },
};
