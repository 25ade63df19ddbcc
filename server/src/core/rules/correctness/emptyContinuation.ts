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
      const empty: number[] = [];
      for (let line = r.start.line + 1; line < r.end.line; line++) if (model.lines[line].trim() === '') empty.push(line);
      if (empty.length === 0) continue;
      // One finding per instruction on its last line, where BuildKit reports it (and `docker build --check` users look).
      const last = r.end.line;
      const text = model.lines[last];
      const indent = text.length - text.trimStart().length;
      reports.push({
        range: { start: { line: last, character: indent }, end: { line: last, character: text.length } },
        message:
          empty.length === 1
            ? l10n.t('Empty continuation line (line {0}): BuildKit will reject it in a future release. Remove it.', empty[0] + 1)
            : l10n.t(
                'Empty continuation lines ({0}): BuildKit will reject them in a future release. Remove them.',
                empty.map((line) => line + 1).join(', '),
              ),
        fixes: [
          {
            title: empty.length === 1 ? l10n.t('Remove the empty line') : l10n.t('Remove the empty lines'),
            safe: true,
            edits: empty.map((line) => ({ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' })),
          },
        ],
      });
    }
    return reports;
  },
};
