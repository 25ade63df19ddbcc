// One pass over the text that finds parser directives, comments and where each instruction starts and
// ends, the way BuildKit's parser splits a Dockerfile: a line break ends an instruction unless the escape
// character (and only blanks) precede it; comment lines and blank lines inside a continuation are
// skipped; RUN, COPY and ADD (also behind ONBUILD) may open heredocs whose bodies follow the line.
// Nothing here allocates positions: spans are offsets.
import { Char, isBlank, isNewline } from './source';

export interface DirectiveSpan {
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
}
export interface CommentSpan {
  start: number;
  end: number;
}
export interface InstructionSpan {
  start: number;
  /** End of the keyword as written (`RUN`, `from`). */
  keywordEnd: number;
  /** End of the instruction's own (possibly continued) line: before any heredoc body. */
  lineEnd: number;
  /** End of the whole instruction: the line break after the last heredoc delimiter, or `lineEnd`. */
  end: number;
}

export interface Scan {
  directives: DirectiveSpan[];
  comments: CommentSpan[];
  instructions: InstructionSpan[];
  escapeChar: string;
}

const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

function lineEndFrom(text: string, i: number): number {
  while (i < text.length && !isNewline(text.charCodeAt(i))) i++;
  return i;
}

function scanDirectives(text: string, from: number): { directives: DirectiveSpan[]; escapeChar: string; next: number } {
  const directives: DirectiveSpan[] = [];
  let escapeChar = '\\';
  let i = from;
  while (i < text.length) {
    const end = lineEndFrom(text, i);
    const line = text.slice(i, end);
    const match = /^([ \t]*#[ \t]*)([A-Za-z][A-Za-z0-9_-]*)([ \t]*=[ \t]*)(\S*)[ \t]*$/.exec(line);
    if (!match) break;
    const nameStart = i + match[1].length;
    const nameEnd = nameStart + match[2].length;
    const valueStart = nameEnd + match[3].length;
    directives.push({ start: i + line.indexOf('#'), end, nameStart, nameEnd, valueStart, valueEnd: valueStart + match[4].length });
    if (match[2].toLowerCase() === 'escape' && (match[4] === '`' || match[4] === '\\')) escapeChar = match[4];
    i = end;
    if (text.charCodeAt(i) === Char.CarriageReturn) i++;
    if (text.charCodeAt(i) === Char.LineFeed) i++;
  }
  return { directives, escapeChar, next: i };
}

/** Heredoc names opened on an instruction line: `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'`. */
export function heredocName(word: string): { name: string; tabbed: boolean } | undefined {
  if (word.length <= 2 || !word.startsWith('<<')) return undefined;
  let rest = word.slice(2);
  const tabbed = rest.startsWith('-');
  if (tabbed) rest = rest.slice(1);
  const quote = rest.charAt(0);
  if (quote === '"' || quote === "'") {
    if (rest.length < 2 || !rest.endsWith(quote)) return undefined;
    rest = rest.slice(1, -1);
  }
  if (rest === '' || rest.startsWith('<')) return undefined;
  return { name: rest, tabbed };
}

/** Start of the line after the line break at `at` (or `at` itself at the end of the text). */
export function lineAfter(text: string, at: number): number {
  if (text.charCodeAt(at) === Char.CarriageReturn) at++;
  if (text.charCodeAt(at) === Char.LineFeed) at++;
  return at;
}

/**
 * The delimiter line of a heredoc whose body starts at the line start `bodyStart`, searched up to `limit`:
 * where that line starts, and where its delimiter word starts and ends (after leading tabs for `<<-`).
 */
export function findHeredocDelimiter(
  text: string,
  bodyStart: number,
  limit: number,
  name: string,
  tabbed: boolean,
): { lineStart: number; start: number; end: number } | undefined {
  let i = bodyStart;
  while (i < limit) {
    let start = i;
    if (tabbed) while (text.charCodeAt(start) === Char.Tab) start++;
    const end = lineEndFrom(text, i);
    if (end - start === name.length && text.startsWith(name, start)) return { lineStart: i, start, end };
    if (end >= limit) return undefined;
    i = lineAfter(text, end);
  }
  return undefined;
}

/** Words on an instruction's line that open heredocs, in order (a light split: enough to find `<<` words). */
function heredocsOpened(text: string, start: number, end: number, escapeCode: number): { name: string; tabbed: boolean }[] {
  const found: { name: string; tabbed: boolean }[] = [];
  // Bounded search: an unbounded indexOf would run to the end of the file for every instruction.
  const nextOpening = (from: number): number => {
    for (let k = from; k < end - 1; k++) if (text.charCodeAt(k) === Char.Less && text.charCodeAt(k + 1) === Char.Less) return k;
    return -1;
  };
  let at = nextOpening(start);
  while (at !== -1) {
    const before = text.charCodeAt(at - 1);
    if (at === start || before === Char.Space || before === Char.Tab || isNewline(before)) {
      let wordEnd = at;
      while (
        wordEnd < end &&
        !isBlank(text.charCodeAt(wordEnd)) &&
        !isNewline(text.charCodeAt(wordEnd)) &&
        text.charCodeAt(wordEnd) !== escapeCode
      )
        wordEnd++;
      const heredoc = heredocName(text.slice(at, wordEnd));
      if (heredoc) found.push(heredoc);
      at = nextOpening(wordEnd);
    } else {
      at = nextOpening(at + 2);
    }
  }
  return found;
}

export function scanDockerfile(text: string): Scan {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const { directives, escapeChar, next } = scanDirectives(text, bom);
  const escapeCode = escapeChar.charCodeAt(0);
  const plainRun = new RegExp(`[^\\r\\n${escapeChar === '\\' ? '\\\\' : escapeChar}]+`, 'y');
  const comments: CommentSpan[] = [];
  const instructions: InstructionSpan[] = [];
  const length = text.length;
  // The next `<<` in the text at or after the instruction being scanned: one forward search over the whole file, so
  // instructions without a heredoc are not walked character by character to find that out.
  let opening = text.indexOf('<<', next);
  let i = next;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === Char.Space || c === Char.Tab || c === Char.LineFeed || c === Char.CarriageReturn || (c === 0xfeff && i === 0)) {
      i++;
      continue;
    }
    if (c === Char.Hash) {
      const end = lineEndFrom(text, i);
      comments.push({ start: i, end });
      i = end;
      continue;
    }
    // The keyword: up to a blank, a line break, or an escaped line break.
    const start = i;
    let k = i;
    while (k < length) {
      const ch = text.charCodeAt(k);
      if (isBlank(ch) || isNewline(ch)) break;
      if (ch === escapeCode && continuationAt(text, k, escapeCode) !== -1) break;
      k++;
    }
    const keywordEnd = k;
    // The rest of the logical line.
    let escaped = false;
    let j = keywordEnd;
    while (j < length) {
      const ch = text.charCodeAt(j);
      if (ch === Char.LineFeed || ch === Char.CarriageReturn) {
        if (!escaped) break;
        j++;
        continue;
      }
      if (ch === escapeCode) {
        const after = continuationAt(text, j, escapeCode);
        if (after !== -1) {
          escaped = true;
          j = after;
          continue;
        }
        // Only the escape char is stepped over: BuildKit continues any line that ends in it, even `\\`.
        escaped = false;
        j++;
        continue;
      }
      if (ch === Char.Hash && escaped) {
        // A comment line inside a continuation: kept as a comment, not part of the instruction.
        const end = lineEndFrom(text, j);
        comments.push({ start: j, end });
        j = end;
        continue;
      }
      if (isBlank(ch)) {
        j++;
        continue;
      }
      // Text: nothing but a line break or the escape char can matter before the next one, so skip in one step.
      escaped = false;
      plainRun.lastIndex = j + 1;
      j = plainRun.test(text) ? plainRun.lastIndex : j + 1;
    }
    const lineEnd = Math.min(j, length);
    let end = lineEnd;
    let keyword = text.slice(start, keywordEnd).toUpperCase();
    if (keyword === 'ONBUILD') {
      const trigger = /^[ \t]*([A-Za-z]+)/.exec(text.slice(keywordEnd, Math.min(lineEnd, keywordEnd + 40)));
      keyword = trigger ? trigger[1].toUpperCase() : '';
    }
    if (opening !== -1 && opening < keywordEnd) opening = text.indexOf('<<', keywordEnd);
    if (HEREDOC_KEYWORDS.has(keyword) && lineEnd < length && opening !== -1 && opening < lineEnd - 1) {
      for (const heredoc of heredocsOpened(text, keywordEnd, lineEnd, escapeCode)) {
        end = findHeredocDelimiter(text, lineAfter(text, end), length, heredoc.name, heredoc.tabbed)?.end ?? length;
      }
    }
    instructions.push({ start, keywordEnd, lineEnd, end });
    i = end;
  }
  return { directives, comments, instructions, escapeChar };
}

/** Offset after an escaped line break starting at `i` (escape char, blanks, line break), or -1. */
export function continuationAt(text: string, i: number, escapeCode: number): number {
  if (text.charCodeAt(i) !== escapeCode) return -1;
  let j = i + 1;
  while (j < text.length && isBlank(text.charCodeAt(j))) j++;
  const c = text.charCodeAt(j);
  if (c === Char.CarriageReturn) return text.charCodeAt(j + 1) === Char.LineFeed ? j + 2 : j + 1;
  if (c === Char.LineFeed) return j + 1;
  return -1;
}
