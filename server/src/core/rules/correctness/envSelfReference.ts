import type { PropertyInstruction, Variable } from '../../model/syntax/index';
import type { Rule, Report } from '../rule';
import type { FixProposal, Position } from '../../types';
import { instructionText } from './support';
import * as l10n from '../../l10n';

// hadolint DL3044: in `ENV A=1 B=$A`, B gets A's value from *before* this ENV (usually empty): all pairs
// of one ENV are expanded first, then set. Splitting the instruction gives what the author meant.
/**
 * Findings per ENV instruction at most. Each pair that refers to an earlier one is a finding (with its split);
 * an ENV of thousands of such pairs would otherwise bury the file under findings that take longer to build than
 * the lint. Past the cap nothing is lost: after the first splits the remaining pairs are reported again.
 */
export const MAX_REPORTS_PER_ENV = 100;

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export const envSelfReference: Rule = {
  meta: {
    id: 'env-self-reference',
    aliases: ['DL3044'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'An ENV value refers to a variable set earlier in the same ENV, which it cannot see yet.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const instruction of model.instructions) {
      if (instruction.getKeyword() !== 'ENV' || !instructionText(model, instruction).includes('$')) continue;
      const properties = (instruction as PropertyInstruction).getProperties();
      if (properties.length < 2) continue;
      // One sweep over properties and variables, both in text order: a 100 KB ENV line stays linear.
      const variables = (instruction.getVariables() as Variable[])
        .slice()
        .sort((a, b) => comparePositions(a.getNameRange().start, b.getNameRange().start));
      const earlier = new Set<string>();
      let next = 0;
      // The split fix's text, the same for every pair of this instruction.
      let split: string | undefined;
      let reported = 0;
      properties.forEach((property, index) => {
        if (reported === MAX_REPORTS_PER_ENV) return;
        const valueRange = property.getValueRange();
        if (index > 0) earlier.add(properties[index - 1].getName());
        if (index === 0 || !valueRange) return;
        while (next < variables.length && comparePositions(variables[next].getNameRange().start, valueRange.start) < 0) next++;
        let selfReference: Variable | undefined;
        for (
          let v = next;
          !selfReference && v < variables.length && comparePositions(variables[v].getNameRange().end, valueRange.end) <= 0;
          v++
        ) {
          if (earlier.has(variables[v].getName())) selfReference = variables[v];
        }
        if (!selfReference) return;
        const previous = properties[index - 1];
        const previousEnd = previous.getValueRange()?.end ?? previous.getNameRange().end;
        const fixes: FixProposal[] = [];
        // The split needs both pairs on one line; across continuation lines we leave it to the author.
        if (previousEnd.line === property.getNameRange().start.line) {
          const keyword = instruction.getInstruction();
          split ??= `${model.lineBreak}${/^\s*/.exec(model.lines[instruction.getRange().start.line])![0]}${keyword} `;
          fixes.push({
            title: l10n.t('Split: set {0} in a second {1}', property.getName(), keyword),
            safe: false,
            edits: [{ range: { start: previousEnd, end: property.getNameRange().start }, newText: split }],
          });
        }
        const name = selfReference.getName();
        reported++;
        reports.push({
          range: selfReference.getNameRange(),
          message: l10n.t(
            "'{0}' is set in this same ENV, but {1} sees its value from before this instruction. Set {1} in a separate ENV.",
            name,
            property.getName(),
          ),
          fixes,
        });
      });
    }
    return reports;
  },
};
