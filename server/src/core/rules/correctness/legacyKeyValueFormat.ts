import type { PropertyInstruction } from '../../model/syntax/index';
import type { Rule, Report } from '../rule';
import type { FixProposal } from '../../types';
import * as l10n from '../../l10n';

/** The value of a legacy `ENV key value` written for `key=value`, or undefined when it cannot be done exactly. */
function asAssignmentValue(raw: string): string | undefined {
  if (!/\s/.test(raw)) return raw;
  if (/^"[^"]*"$|^'[^']*'$/.test(raw)) return raw;
  if (/["\\]/.test(raw)) return undefined;
  return `"${raw}"`;
}

// BuildKit's LegacyKeyValueFormat: `ENV key value` sets one variable to the rest of the line, which surprises
// anyone who writes `ENV A 1 B 2`; `key=value` is unambiguous.
export const legacyKeyValueFormat: Rule = {
  meta: {
    id: 'legacy-key-value-format',
    aliases: ['LegacyKeyValueFormat'],
    severity: 'warning',
    tags: ['style'],
    summary: 'Write `ENV key=value` and `LABEL key=value`, not the legacy `ENV key value`.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const instruction of model.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'ENV' && keyword !== 'LABEL') continue;
      const properties = (instruction as PropertyInstruction).getProperties();
      if (properties.length !== 1 || properties[0].getAssignmentOperator() !== null) continue;
      const property = properties[0];
      const valueRange = property.getValueRange();
      const fixes: FixProposal[] = [];
      if (valueRange && valueRange.start.line === valueRange.end.line && property.getNameRange().end.line === valueRange.start.line) {
        const raw = model.lines[valueRange.start.line].slice(valueRange.start.character, valueRange.end.character);
        const value = asAssignmentValue(raw);
        if (value !== undefined) {
          const range = { start: property.getNameRange().start, end: valueRange.end };
          fixes.push({
            title: l10n.t('Write {0} {1}={2}', keyword, property.getName(), value),
            safe: true,
            edits: [{ range, newText: `${property.getName()}=${value}` }],
          });
        }
      }
      reports.push({
        range: property.getNameRange(),
        message: l10n.t(
          '"{0} key value" is the legacy form: write "{0} {1}=…" (the legacy form takes the whole rest of the line as one value).',
          keyword,
          property.getName(),
        ),
        fixes,
      });
    }
    return reports;
  },
};
