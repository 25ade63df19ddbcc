// Diagnostics of the previous text moved onto the new one, so a keystroke can publish our findings at once while
// the slower third-party checks (dockerfile-utils' syntax checks, ShellCheck on big files) catch up: lines the edit
// did not touch keep their diagnostics (moved by the lines the edit added or removed); on the edited lines they
// are dropped, except for an edit inside one line, where they stay (clamped to the line) so typing does not make
// them blink. The fresh results replace them a moment later.
import type { Diagnostic } from 'vscode-languageserver';
import { commonPrefixLength, commonSuffixLength } from '../core/commonText';

/** Line breaks in text[from, to). */
function lineBreaks(text: string, from = 0, to = text.length): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

export interface EditedLines {
  /** First line (0-based) the edit touched, in both texts. */
  first: number;
  /** Lines of the old text the edit replaced (0: it only inserted lines). */
  oldLines: number;
  /** Lines of the new text that replace them. */
  newLines: number;
}

function wholeLines(text: string, from: number, to: number): number {
  return lineBreaks(text, from, to) + (to > from && text[to - 1] !== '\n' ? 1 : 0);
}

/**
 * Which whole lines an edit replaced, from the common prefix and suffix of the two texts (both cut back to line
 * starts); undefined when the texts are equal.
 */
export function editedLines(oldText: string, newText: string): EditedLines | undefined {
  if (oldText === newText) return undefined;
  const shorter = Math.min(oldText.length, newText.length);
  let prefix = commonPrefixLength(oldText, newText);
  prefix = oldText.lastIndexOf('\n', prefix - 1) + 1;
  let suffix = commonSuffixLength(oldText, newText, shorter - prefix);
  // The suffix must start a line in both texts: else it starts after the first line break it holds.
  const startsLine = (text: string) => text.length === suffix || text[text.length - suffix - 1] === '\n';
  if (!startsLine(oldText) || !startsLine(newText)) {
    const shared = oldText.indexOf('\n', oldText.length - suffix);
    suffix = shared === -1 ? 0 : oldText.length - shared - 1;
  }
  const first = lineBreaks(oldText, 0, prefix);
  return {
    first,
    oldLines: wholeLines(oldText, prefix, oldText.length - suffix),
    newLines: wholeLines(newText, prefix, newText.length - suffix),
  };
}

function lineLength(text: string, line: number): number {
  let start = 0;
  for (let k = 0; k < line && start !== -1; k++) start = text.indexOf('\n', start) + 1 || -1;
  if (start === -1) return 0;
  const end = text.indexOf('\n', start);
  return (end === -1 ? text.length : end) - start - (text[end - 1] === '\r' ? 1 : 0);
}

/**
 * `diagnostics` of `oldText`, placed on `newText` (see the head of this file). `edit`: the texts' editedLines, when
 * the caller carries several lists over the same edit (comparing 1 MB texts once, not per list).
 */
export function carryOver(
  diagnostics: readonly Diagnostic[],
  oldText: string,
  newText: string,
  edit = editedLines(oldText, newText),
): Diagnostic[] {
  if (!edit) return [...diagnostics];
  const { first, oldLines, newLines } = edit;
  const lastOld = first + oldLines - 1;
  const delta = newLines - oldLines;
  const oneLine = oldLines === 1 && newLines === 1;
  const width = oneLine ? lineLength(newText, first) : 0;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const { start, end } = d.range;
    if (end.line < first) out.push(d);
    else if (start.line > lastOld)
      out.push({ ...d, range: { start: { ...start, line: start.line + delta }, end: { ...end, line: end.line + delta } } });
    else if (oneLine && start.line === first && end.line === first)
      out.push({
        ...d,
        range: {
          start: { line: first, character: Math.min(start.character, width) },
          end: { line: first, character: Math.min(end.character, width) },
        },
      });
  }
  return out;
}

/** Whether two diagnostic lists say the same (so a publish would change nothing). */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}
