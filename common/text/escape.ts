// Text from Dockerfiles and images is attacker-controlled: printed raw, an ESC/OSC sequence can rewrite the terminal,
// set its title or (OSC 52) write the clipboard. Every terminal and Markdown output passes such text through here.

// C0 controls except TAB and LF, DEL, the C1 range (U+0080–U+009F, which 8-bit terminals treat as CSI/OSC),
// line/paragraph separators, and the bidirectional overrides/isolates that reorder what a reader sees ("Trojan Source").
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// The same plus TAB and LF, for text that must stay on one line (file names, table cells, code-frame gutters).
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL_OR_BREAK = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === '\n') return '\\n';
  if (ch === '\t') return '\\t';
  if (ch === '\r') return '\\r';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Replaces control characters (C0 but TAB/LF, ESC, DEL, C1, bidi overrides) with visible `\xNN` / `\uNNNN` escapes. */
export function escapeControlChars(text: string): string {
  return text.replace(CONTROL, visible);
}

/** As escapeControlChars, and also TAB and LF (as `\t`, `\n`): for text that must stay on one line. */
export function escapeControlCharsInline(text: string): string {
  return text.replace(CONTROL_OR_BREAK, visible);
}

// Characters that Markdown or the HTML it may contain would interpret: emphasis, code, links, headings, tables, tags.
const MARKDOWN_META = /[\\`*_{}[\]()<>#+\-.!|~&"']/g;

/** Escapes image/Dockerfile text for the body of a Markdown document (outside code spans): one line, inert. */
export function escapeMarkdownText(text: string): string {
  return escapeControlCharsInline(text).replace(MARKDOWN_META, (ch) =>
    ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`,
  );
}
