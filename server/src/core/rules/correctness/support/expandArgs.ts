// Expands build-argument references in one word the way BuildKit's shell lexer does for FROM:
// `$NAME`, `${NAME}`, `${NAME:-word}` / `${NAME-word}` (default when empty / unset) and
// `${NAME:+word}` / `${NAME+word}` (alternative when set and non-empty / set). Unset names expand to ''.

/** Values BuildKit gives its own platform args when the build passes none (a linux/amd64 build). */
export const BUILTIN_ARG_VALUES: ReadonlyMap<string, string> = new Map([
  ['TARGETPLATFORM', 'linux/amd64'],
  ['TARGETOS', 'linux'],
  ['TARGETARCH', 'amd64'],
  ['TARGETVARIANT', ''],
  ['BUILDPLATFORM', 'linux/amd64'],
  ['BUILDOS', 'linux'],
  ['BUILDARCH', 'amd64'],
  ['BUILDVARIANT', ''],
]);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * `text` with its references replaced by `values`; undefined when it uses a form whose result cannot be known
 * here (`${NAME:?…}` on an unset name, which fails the build, and the pattern forms `#`, `%`, `/`).
 */
export function expandArgs(text: string, values: ReadonlyMap<string, string>, escape = '\\'): string | undefined {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escape && i + 1 < text.length) {
      out += text[++i];
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) return undefined;
      out += text.slice(i + 1, close);
      i = close;
      continue;
    }
    if (c === '"') continue;
    if (c !== '$') {
      out += c;
      continue;
    }
    if (text[i + 1] !== '{') {
      const name = NAME.exec(text.slice(i + 1))?.[0];
      if (!name) {
        out += c;
        continue;
      }
      out += values.get(name) ?? '';
      i += name.length;
      continue;
    }
    let close = i + 2;
    for (let depth = 1; close < text.length; close++) {
      if (text[close] === '{') depth++;
      else if (text[close] === '}' && --depth === 0) break;
    }
    if (close >= text.length) return undefined;
    const body = text.slice(i + 2, close);
    i = close;
    const name = NAME.exec(body)?.[0];
    if (!name) return undefined;
    const value = values.get(name);
    const rest = body.slice(name.length);
    if (rest === '') {
      out += value ?? '';
      continue;
    }
    const colon = rest.startsWith(':');
    const modifier = rest[colon ? 1 : 0];
    const word = rest.slice(colon ? 2 : 1);
    const isSet = value !== undefined && (!colon || value !== '');
    if (modifier === '-' || modifier === '+') {
      const use = modifier === '-' ? !isSet : isSet;
      if (!use) {
        out += modifier === '-' ? (value ?? '') : '';
        continue;
      }
      const expanded = expandArgs(word, values, escape);
      if (expanded === undefined) return undefined;
      out += expanded;
      continue;
    }
    if (modifier === '?' && isSet) {
      out += value;
      continue;
    }
    return undefined;
  }
  return out;
}
