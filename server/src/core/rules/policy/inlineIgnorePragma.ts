import type { Rule, Report } from '../rule';
import { PRAGMA } from '../../config/pragmas';
import * as l10n from '../../l10n';

// hadolint DL1001, opt-in (hadolint has it off too): for teams whose policy is that exceptions live in
// .hadolint.yaml, reviewed in one place, not in comments next to the code.
export const inlineIgnorePragma: Rule = {
  meta: {
    id: 'inline-ignore-pragma',
    aliases: ['DL1001'],
    severity: 'info',
    tags: ['style'],
    summary: 'No inline `# hadolint ignore=` / `# layerwise ignore=` comments; opt-in.',
    optIn: true,
  },
  check(model) {
    const reports: Report[] = [];
    // Comments as the parser sees them: a `#` line inside a heredoc body is script text, not a comment.
    for (const comment of model.syntax.comments) {
      const range = comment.getRange();
      const text = model.lines[range.start.line] ?? '';
      if (!PRAGMA.test(text)) continue;
      reports.push({
        range,
        message: l10n.t('Inline ignore comments are not allowed here: list the exception in .hadolint.yaml (ignored / override) instead.'),
      });
    }
    return reports;
  },
};
