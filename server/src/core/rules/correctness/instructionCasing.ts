import type { Rule, Report } from '../rule';
import { isAllLower, isAllUpper } from './support';
import * as l10n from '../../l10n';
import { INSTRUCTION_KEYWORDS as KEYWORDS } from '../../model/syntax/keywords';

// BuildKit's ConsistentInstructionCasing: instruction keywords are all upper or all lower case, like the
// majority of the file (ties go to upper case, the convention).
export const instructionCasing: Rule = {
  meta: {
    id: 'instruction-casing',
    aliases: ['ConsistentInstructionCasing'],
    severity: 'warning',
    tags: ['style'],
    summary: 'Instruction keywords should be consistently cased (all upper case, or all lower case, like the rest of the file).',
  },
  check(model) {
    const reports: Report[] = [];
    let upper = 0,
      lower = 0;
    const known = model.instructions.filter((i) => KEYWORDS.has(i.getKeyword()));
    for (const instruction of known) {
      const word = instruction.getInstruction();
      if (isAllUpper(word)) upper++;
      else if (isAllLower(word)) lower++;
    }
    const useLower = lower > upper;
    for (const instruction of known) {
      const word = instruction.getInstruction();
      if (useLower ? isAllLower(word) : isAllUpper(word)) continue;
      const fixed = useLower ? word.toLowerCase() : word.toUpperCase();
      const range = instruction.getInstructionRange();
      const mixed = !isAllUpper(word) && !isAllLower(word);
      reports.push({
        range,
        message: mixed
          ? l10n.t("Instruction '{0}' should be consistently cased: write '{1}'.", word, fixed)
          : useLower
            ? l10n.t("Instruction '{0}' should match the case of the majority of the file (lower case).", word)
            : l10n.t("Instruction '{0}' should match the case of the majority of the file (upper case).", word),
        fixes: [{ title: l10n.t("Write '{0}'", fixed), safe: true, edits: [{ range, newText: fixed }] }],
      });
    }
    return reports;
  },
};
