// Splitting an instruction's line into whitespace-separated words, as BuildKit reads them before
// instruction-specific parsing: an escaped line break joins the lines (a word continues onto the next
// line unless that line starts with a blank), comment lines inside the continuation are dropped, and
// an escape character before another character keeps that character (`\$` stays as written, so
// variable expansion can still tell it apart).
import { Char, isBlank, isNewline } from './source';
import { continuationAt } from './scan';

export interface WordSpan {
  value: string;
  start: number;
  end: number;
}

/** `until`: stop after the first word it accepts (reading just the leading flags of a long RUN). */
export function splitWords(text: string, from: number, to: number, escapeCode: number, until?: (word: WordSpan) => boolean): WordSpan[] {
  const words: WordSpan[] = [];
  let done = false;
  let start = -1;
  let value = '';
  let segment = -1;
  /** Offset of the escape char that continued the line while a word was open. */
  let continuedAt = -1;
  let blankAfterContinuation = false;
  let lineStart = false;
  const close = (end: number) => {
    if (segment !== -1) value += text.slice(segment, end);
    const word = { value, start, end };
    words.push(word);
    if (until?.(word)) done = true;
    start = -1;
    value = '';
    segment = -1;
    continuedAt = -1;
  };
  let i = from;
  while (i < to && !done) {
    const c = text.charCodeAt(i);
    if (c === Char.Space || c === Char.Tab) {
      if (continuedAt !== -1) blankAfterContinuation = true;
      else if (start !== -1) close(i);
      i++;
      continue;
    }
    if (c === Char.LineFeed || c === Char.CarriageReturn) {
      lineStart = true;
      i++;
      continue;
    }
    if (c === Char.Hash && lineStart) {
      // A comment line inside the continuation.
      while (i < to && !isNewline(text.charCodeAt(i))) i++;
      continue;
    }
    if (c === escapeCode) {
      const after = continuationAt(text, i, escapeCode);
      if (after !== -1) {
        if (start !== -1 && continuedAt === -1) {
          if (segment !== -1) value += text.slice(segment, i);
          segment = -1;
          continuedAt = i;
          blankAfterContinuation = false;
        }
        lineStart = true;
        i = after;
        continue;
      }
      if (i + 1 >= to) break;
    }
    lineStart = false;
    if (continuedAt !== -1) {
      if (blankAfterContinuation) {
        const end = continuedAt;
        segment = -1;
        close(end);
      } else {
        continuedAt = -1;
      }
    }
    if (start === -1) start = i;
    if (c === escapeCode && continuationAt(text, i + 1, escapeCode) === -1) {
      // `\x` keeps x; `\$` keeps both so `$` is not read as a variable. (Before a line continuation the
      // escape char is a plain character: BuildKit joins the lines first.)
      if (segment !== -1) value += text.slice(segment, i);
      const next = text.charAt(i + 1);
      value += text.charCodeAt(i + 1) === Char.Dollar ? text.charAt(i) + next : next;
      segment = -1;
      i += 2;
      continue;
    }
    if (segment === -1) segment = i;
    i++;
  }
  if (start !== -1 && !done) close(continuedAt !== -1 ? continuedAt : Math.min(i, to));
  return words;
}

/** The raw text of a span with escaped line breaks and the comment lines inside them removed. */
export function joinContinuedLines(text: string, from: number, to: number, escapeCode: number): string {
  let out = '';
  let segment = from;
  let lineStart = false;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === escapeCode) {
      const after = continuationAt(text, i, escapeCode);
      if (after !== -1) {
        out += text.slice(segment, i);
        i = after;
        segment = i;
        lineStart = true;
        continue;
      }
      i += 2;
      lineStart = false;
      continue;
    }
    if (lineStart) {
      if (isBlank(c)) {
        i++;
        continue;
      }
      if (c === Char.Hash) {
        while (i < to && !isNewline(text.charCodeAt(i))) i++;
        while (i < to && isNewline(text.charCodeAt(i))) i++;
        segment = i;
        continue;
      }
      if (isNewline(c)) {
        i++;
        segment = i;
        continue;
      }
      lineStart = false;
    }
    i++;
  }
  return out + text.slice(segment, Math.min(to, text.length));
}

/**
 * A word with its quotes removed, as BuildKit's shell lexer reads the words of ADD, COPY and WORKDIR:
 * `'…'` is literal, `"…"` keeps all but an escaped `"`, `$` or escape char, and outside quotes the escape
 * char keeps the next character. An unclosed quote leaves the word as written (BuildKit rejects it).
 */
export function unquoteWord(raw: string, escapeCode: number): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === Char.Apostrophe) {
      const close = raw.indexOf("'", i + 1);
      if (close === -1) return raw;
      out += raw.slice(i + 1, close);
      i = close;
    } else if (c === Char.Quote) {
      let j = i + 1;
      for (; j < raw.length && raw.charCodeAt(j) !== Char.Quote; j++) {
        const next = raw.charAt(j + 1);
        if (raw.charCodeAt(j) === escapeCode && (next === '"' || next === '$' || raw.charCodeAt(j + 1) === escapeCode)) {
          out += next;
          j++;
        } else out += raw.charAt(j);
      }
      if (j >= raw.length) return raw;
      i = j;
    } else if (c === escapeCode && i + 1 < raw.length) {
      out += raw.charAt(++i);
    } else out += raw.charAt(i);
  }
  return out;
}
