import type { Rule, Report } from '../rule';
import { isAllLower, isAllUpper, recaseLike } from './support';
import * as l10n from '../../l10n';

// BuildKit's FromAsCasing: `FROM x as y` mixes casings; the keywords should look alike.
export const fromAsCasing: Rule = {
  meta: {
    id: 'from-as-casing',
    aliases: ['FromAsCasing'],
    severity: 'warning',
    tags: ['style'],
    summary: 'The `AS` keyword should have the same casing as `FROM`.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      const from = stage.from;
      const nameRange = from.getBuildStageRange();
      if (!nameRange) continue;
      const keyword = from.getInstruction();
      const before = model.lines[nameRange.start.line].slice(0, nameRange.start.character);
      const match = /(?:^|\s)(as)\s+$/i.exec(before);
      if (!match) continue;
      const as = match[1];
      const consistent =
        (isAllUpper(keyword) && isAllUpper(as)) ||
        (isAllLower(keyword) && isAllLower(as)) ||
        (!isAllUpper(keyword) && !isAllLower(keyword));
      if (consistent) continue;
      const start = before.length - match[0].length + match[0].indexOf(as);
      const range = { start: { line: nameRange.start.line, character: start }, end: { line: nameRange.start.line, character: start + 2 } };
      const fixed = recaseLike('as', keyword);
      reports.push({
        range,
        message: l10n.t("'{0}' and '{1}' keywords' casing do not match: write '{2}'.", as, keyword, fixed),
        fixes: [{ title: l10n.t("Write '{0}'", fixed), safe: true, edits: [{ range, newText: fixed }] }],
      });
    }
    return reports;
  },
};
