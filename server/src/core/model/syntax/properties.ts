// `key=value` pairs of ENV, ARG and LABEL, read as BuildKit does: words split on blanks outside quotes,
// the value with its quotes removed and escapes applied; the legacy `ENV key value with spaces` form
// when the first word has no `=` (ENV and LABEL only; every ARG word is a name or a pair).
import { Char, isBlank, isNewline } from './source';
import type { SourceText } from './source';
import { Property } from './nodes';
import { continuationAt } from './scan';

interface Span {
  start: number;
  end: number;
  equals: number;
}

/** Words of the span, split on blanks outside quotes; `equals` is the first unquoted `=` or -1. */
function quotedWords(source: SourceText, from: number, to: number): Span[] {
  const text = source.text;
  const escape = source.escapeCode;
  const words: Span[] = [];
  let start = -1;
  let equals = -1;
  let quote = 0;
  let lineStart = false;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === escape) {
      const after = continuationAt(text, i, escape);
      if (after !== -1) {
        // A word goes on across the break only when the next line starts right away (BuildKit joins the lines).
        if (start !== -1 && quote === 0 && isBlank(text.charCodeAt(after))) {
          words.push({ start, end: i, equals });
          start = -1;
          equals = -1;
        }
        i = after;
        lineStart = true;
        continue;
      }
      if (quote !== Char.Apostrophe) {
        if (start === -1) start = i;
        i += 2;
        lineStart = false;
        continue;
      }
    }
    if (lineStart && quote === 0) {
      if (isBlank(c) || isNewline(c)) {
        i++;
        continue;
      }
      if (c === Char.Hash) {
        while (i < to && !isNewline(text.charCodeAt(i))) i++;
        continue;
      }
    }
    lineStart = false;
    if (quote !== 0) {
      if (c === quote) quote = 0;
      i++;
      continue;
    }
    if (isBlank(c) || isNewline(c)) {
      if (start !== -1) {
        words.push({ start, end: i, equals });
        start = -1;
        equals = -1;
      }
      i++;
      continue;
    }
    if (start === -1) start = i;
    if (c === Char.Quote || c === Char.Apostrophe) quote = c;
    else if (c === Char.Equals && equals === -1) equals = i;
    i++;
  }
  if (start !== -1) words.push({ start, end: Math.min(i, to), equals });
  return words;
}

/** The value BuildKit stores for a word: quotes removed, escapes applied, continuations and their comment lines dropped. */
export function decodeWord(source: SourceText, from: number, to: number): string {
  const text = source.text;
  const escape = source.escapeCode;
  let out = '';
  let quote = 0;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === escape) {
      const after = continuationAt(text, i, escape);
      if (after !== -1) {
        i = after;
        // Comment lines inside the continuation are not part of the value.
        for (;;) {
          let k = i;
          while (k < to && isBlank(text.charCodeAt(k))) k++;
          if (text.charCodeAt(k) !== Char.Hash || quote !== 0) break;
          while (k < to && !isNewline(text.charCodeAt(k))) k++;
          while (k < to && isNewline(text.charCodeAt(k))) k++;
          i = k;
        }
        continue;
      }
      if (quote === Char.Apostrophe) {
        out += text.charAt(i);
        i++;
        continue;
      }
      const next = text.charCodeAt(i + 1);
      if (i + 1 >= to) {
        out += text.charAt(i);
        break;
      }
      // Inside double quotes the escape only escapes what double quotes give meaning to.
      if (quote === Char.Quote && next !== Char.Quote && next !== escape && next !== Char.Dollar) out += text.charAt(i);
      out += text.charAt(i + 1);
      i += 2;
      continue;
    }
    if (quote !== 0) {
      if (c === quote) quote = 0;
      else out += text.charAt(i);
      i++;
      continue;
    }
    if (c === Char.Quote || c === Char.Apostrophe) {
      quote = c;
      i++;
      continue;
    }
    out += text.charAt(i);
    i++;
  }
  return out;
}

export function parseProperties(source: SourceText, keyword: string, from: number, to: number): Property[] {
  const words = quotedWords(source, from, to);
  if (words.length === 0) return [];
  const legacy = keyword !== 'ARG' && words[0].equals === -1;
  if (legacy) {
    const name = words[0];
    if (words.length === 1)
      return [new Property(source, decodeWord(source, name.start, name.end), name.start, name.end, null, name.end, name.end, null)];
    const first = words[1].start;
    const last = words[words.length - 1].end;
    return [
      new Property(
        source,
        decodeWord(source, name.start, name.end),
        name.start,
        name.end,
        decodeWord(source, first, last),
        first,
        last,
        null,
      ),
    ];
  }
  return words.map((w) =>
    w.equals === -1
      ? new Property(source, decodeWord(source, w.start, w.end), w.start, w.end, null, w.end, w.end, null)
      : new Property(
          source,
          decodeWord(source, w.start, w.equals),
          w.start,
          w.equals,
          decodeWord(source, w.equals + 1, w.end),
          w.equals + 1,
          w.end,
          '=',
        ),
  );
}
