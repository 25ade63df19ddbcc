// Variable references in an instruction's words, as BuildKit's shell lexer reads them: `$NAME`,
// `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}`, `${NAME:?err}` (and the pattern forms
// `#`, `%`, `/` of newer frontends). Single-quoted text and `\$` are not references.
import { Char } from './source';
import type { SourceText } from './source';
import { Variable } from './nodes';
import { continuationAt } from './scan';

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** References between `from` and `to` (one word's raw text). */
export function variablesIn(source: SourceText, from: number, to: number, out: Variable[] = []): Variable[] {
  const text = source.text;
  const escape = source.escapeCode;
  let singleQuoted = false;
  let i = text.indexOf('$', from);
  // Quotes before the first `$` matter, so walk from `from` only when there is a `$` at all.
  if (i === -1 || i >= to) return out;
  for (i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === Char.Apostrophe) {
      singleQuoted = !singleQuoted;
      continue;
    }
    if (singleQuoted) continue;
    if (c === escape) {
      if (continuationAt(text, i, escape) === -1) i++;
      continue;
    }
    if (c !== Char.Dollar) continue;
    const next = text.charCodeAt(i + 1);
    if (next === Char.OpenBrace) {
      let j = i + 2;
      while (j < to && isNameChar(text.charCodeAt(j))) j++;
      const name = text.slice(i + 2, j);
      let close = j;
      let depth = 1;
      while (close < to) {
        const d = text.charCodeAt(close);
        if (d === Char.OpenBrace) depth++;
        else if (d === Char.CloseBrace && --depth === 0) break;
        close++;
      }
      if (close >= to || name === '') {
        i = close;
        continue;
      }
      let modifier: string | null = null;
      if (j < close) modifier = text.charCodeAt(j) === Char.Colon ? text.charAt(j + 1) : text.charAt(j);
      out.push(new Variable(source, name, i, close + 1, i + 2, modifier));
      i = close;
    } else if (isNameChar(next)) {
      let j = i + 1;
      while (j < to && isNameChar(text.charCodeAt(j))) j++;
      out.push(new Variable(source, text.slice(i + 1, j), i, j, i + 1, null));
      i = j - 1;
    }
  }
  return out;
}
