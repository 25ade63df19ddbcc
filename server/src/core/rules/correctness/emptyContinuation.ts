import type { Rule, Report } from '../rule';
import * as l10n from '../../l10n';

// BuildKit's NoEmptyContinuation: an empty line inside a `\`-continued instruction is accepted today but
// will become an error; it also hides where the instruction ends.
export const emptyContinuation: Rule = {
  meta: {
    id: 'empty-continuation',
    aliases: ['NoEmptyContinuation'],
    severity: 'warning',
    tags: ['style'],
    summary: 'No empty lines inside a continued instruction.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const instruction of model.instructions) {
      const r = instruction.getRange();
      if (r.start.line === r.end.line) continue;
      // Heredoc bodies may contain empty lines legitimately.
      if (/<<-?\s*["']?\w+/.test(model.lines[r.start.line])) continue;
      for (let line = r.start.line + 1; line < r.end.line; line++) {
        if (model.lines[line].trim() !== '') continue;
        reports.push({
          range: { start: { line, character: 0 }, end: { line, character: model.lines[line].length } },
          message: l10n.t('Empty continuation line: BuildKit will reject it in a future release. Remove it.'),
          fixes: [
            {
              title: l10n.t('Remove the empty line'),
              safe: true,
              edits: [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' }],
            },
          ],
        });
      }
    }
    return reports;
  },
};
