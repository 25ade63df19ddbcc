// The exec form `["cmd", "arg"]`. BuildKit takes an instruction's arguments as exec form only when they
// are a valid JSON array of strings; anything else (`[foo]`, a missing bracket) is shell form. Escaped
// line breaks inside the array are joined first, as the parser does before it reads the JSON.
import { Char, isBlank, isNewline } from './source';
import type { SourceText } from './source';
import { JSONArgument } from './nodes';
import { continuationAt } from './scan';

export function parseExecForm(source: SourceText, from: number, to: number): JSONArgument[] {
  const text = source.text;
  const escape = source.escapeCode;
  const strings: JSONArgument[] = [];
  let i = from;
  const skipBlank = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (i < to && (isBlank(c) || isNewline(c))) {
        i++;
        continue;
      }
      const after = i < to ? continuationAt(text, i, escape) : -1;
      if (after !== -1) {
        i = after;
        continue;
      }
      return;
    }
  };
  skipBlank();
  if (text.charCodeAt(i) !== Char.OpenBracket) return [];
  i++;
  skipBlank();
  if (text.charCodeAt(i) === Char.CloseBracket) {
    i++;
    skipBlank();
    return i >= to ? strings : [];
  }
  for (;;) {
    if (text.charCodeAt(i) !== Char.Quote) return [];
    const start = i;
    let raw = '"';
    i++;
    let closed = false;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c === Char.Quote) {
        raw += '"';
        i++;
        closed = true;
        break;
      }
      if (c === Char.Backslash) {
        const after = continuationAt(text, i, escape);
        if (after !== -1 && escape === Char.Backslash) {
          i = after;
          continue;
        }
        raw += text.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === escape) {
        const after = continuationAt(text, i, escape);
        if (after !== -1) {
          i = after;
          continue;
        }
      }
      if (isNewline(c)) return [];
      raw += text.charAt(i);
      i++;
    }
    if (!closed) return [];
    let decoded: string;
    try {
      decoded = JSON.parse(raw) as string;
    } catch {
      return [];
    }
    strings.push(new JSONArgument(source, `"${decoded}"`, start, i, decoded));
    skipBlank();
    const c = text.charCodeAt(i);
    if (c === Char.Comma) {
      i++;
      skipBlank();
      continue;
    }
    if (c === Char.CloseBracket) {
      i++;
      skipBlank();
      return i >= to ? strings : [];
    }
    return [];
  }
}
