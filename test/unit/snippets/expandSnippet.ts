// Expands a VS Code snippet body the way accepting it unchanged would: placeholders take their
// default text, choices their first option, tabstops ($1, ${1}, $0) and variables become empty.
// Escapes follow VS Code's snippet grammar: `\$`, `\}` and `\\` outside choices, plus `\,` and `\|`
// inside them; any other backslash is literal (so a Dockerfile line continuation stays as written).

export function expandSnippet(body: string | string[]): string {
  const text = Array.isArray(body) ? body.join('\n') : body;
  const [expanded, end] = expandUntil(text, 0, false);
  if (end !== text.length) throw new Error(`unbalanced "}" at offset ${end} in snippet`);
  return expanded;
}

/** Expands from `at` until the end, or until an unescaped `}` when `inPlaceholder`; returns [text, index]. */
function expandUntil(text: string, at: number, inPlaceholder: boolean): [string, number] {
  let out = '';
  let i = at;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && '$}\\'.includes(text[i + 1])) {
      out += text[i + 1];
      i += 2;
    } else if (c === '}' && inPlaceholder) {
      return [out, i];
    } else if (c === '$') {
      const [value, next] = expandDollar(text, i);
      out += value;
      i = next;
    } else {
      out += c;
      i++;
    }
  }
  if (inPlaceholder) throw new Error('unterminated placeholder in snippet');
  return [out, i];
}

/** `$1`, `$name`, `${1}`, `${1:default}`, `${1|a,b|}`, `${name:default}`; a lone `$` is literal. */
function expandDollar(text: string, at: number): [string, number] {
  const simple = /^\$(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(at));
  if (simple) return ['', at + simple[0].length];
  const open = /^\$\{(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(at));
  if (!open) return ['$', at + 1];
  let i = at + open[0].length;
  if (text[i] === '}') return ['', i + 1];
  if (text[i] === ':') {
    const [value, end] = expandUntil(text, i + 1, true);
    return [value, end + 1];
  }
  if (text[i] === '|') {
    const options: string[] = [];
    let current = '';
    for (i++; i < text.length; i++) {
      const c = text[i];
      if (c === '\\' && i + 1 < text.length && ',|\\'.includes(text[i + 1])) {
        current += text[++i];
        continue;
      }
      if (c === ',') {
        options.push(current);
        current = '';
        continue;
      }
      if (c === '|' && text[i + 1] === '}') {
        options.push(current);
        return [options[0], i + 2];
      }
      current += c;
    }
    throw new Error('unterminated choice in snippet');
  }
  // Not valid snippet syntax: VS Code inserts it literally.
  return ['$', at + 1];
}
