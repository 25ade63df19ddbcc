// The one redaction every report output goes through (text, Markdown, JSON, the editor's webview): secret values
// are replaced wherever they appear — history text, labels, ENV, paths — not only where they were detected.
// Values come from detection (secrets.ts); patterns (private key blocks, token shapes, URL passwords) apply to any
// text, so a report redacted once and passed through again stays the same.
import { commandAssignments, isSecretAssignment, SECRET_VALUE_PATTERNS } from './secrets';

export const REDACTED = '<redacted>';
const REDACTED_KEY = '<redacted private key>';
/** Shorter values are redacted where they are assigned, never searched for elsewhere (they would eat the report). */
export const MIN_SEARCHED_VALUE_LENGTH = 4;
const SUBSTRING_VALUE_LENGTH = 8;

// A private key's whole block: from BEGIN to END, or to the end of the text when the END line is missing.
// `\n` written as two characters (printf/echo in a RUN line) counts as a line break.
const PRIVATE_KEY_BLOCK = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;
// user:password@ in URLs (git clone https://user:token@host/…).
const URL_PASSWORD = /(\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s:@/'"]+:)([^\s@/'"]+)(@)/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// The token shapes, global, made once (replace() starts a global pattern at 0 and leaves it at 0).
const VALUE_PATTERNS = SECRET_VALUE_PATTERNS.map(([pattern]) => new RegExp(pattern.source, 'g'));

/** The values searched for everywhere, longest first (so a value inside a longer one does not split it). */
function searchedValues(values: Iterable<string>): string[] {
  return [...values].filter((v) => v.length >= MIN_SEARCHED_VALUE_LENGTH).sort((a, b) => b.length - a.length);
}

/** `text` with every secret value, key block and token-shaped string replaced. */
export function redactText(text: string, values: ReadonlySet<string> = new Set()): string {
  return redactWith(text, values, searchedValues(values));
}

/** redactText with `values` already sorted for searching (`searched`), as redactReport calls it for every string. */
function redactWith(text: string, values: ReadonlySet<string>, searched: readonly string[]): string {
  let out = text.replace(PRIVATE_KEY_BLOCK, REDACTED_KEY);
  // Assignments in the text itself (NAME=value, export NAME=value, --password=value) whose value is a secret.
  let local: Set<string> | undefined;
  for (const assignment of commandAssignments(out)) {
    if (!isSecretAssignment(assignment.name, assignment.value)) continue;
    (local ??= new Set(values)).add(assignment.value);
    out = out.replace(new RegExp(`(${escapeRegExp(assignment.raw)})(?![A-Za-z0-9_])`, 'g'), `${assignment.prefix}${REDACTED}`);
  }
  for (const value of local ? searchedValues(local) : searched) {
    // Long values anywhere; short ones (`admin`) only as a whole word, so `/administration` survives.
    out =
      value.length >= SUBSTRING_VALUE_LENGTH
        ? out.split(value).join(REDACTED)
        : out.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(value)}(?![A-Za-z0-9])`, 'g'), REDACTED);
  }
  out = out.replace(URL_PASSWORD, `$1${REDACTED}$3`);
  for (const pattern of VALUE_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

/** A copy of `value` (a report, or any JSON-like data) with redactText applied to every string in it, keys included. */
export function redactReport<T>(value: T, values: ReadonlySet<string> = new Set()): T {
  const searched = searchedValues(values);
  // The same keys come back in every object, and a string's redaction depends on the string alone: each once.
  const done = new Map<string, string>();
  const redact = (text: string): string => {
    let out = done.get(text);
    if (out === undefined) {
      out = redactWith(text, values, searched);
      done.set(text, out);
    }
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      if (v instanceof Map) return new Map([...v].map(([k, x]) => [walk(k), walk(x)]));
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
