// The shell text a RUN instruction hands to its shell, with a map back to the Dockerfile text.
// Docker joins continuation lines (escape char + newline) and drops comment and blank lines inside
// them before the shell sees the body; heredoc bodies are passed verbatim; `RUN <<EOF` alone makes the
// heredoc the script. Every character of the cleaned text remembers its offset in the Dockerfile.
import type { Run } from '../model/syntax/index';
import { continuationAt } from '../model/syntax/scan';
import { isBlank } from '../model/syntax/source';
import { offsetAt, DockerfileModel } from '../model/dockerfileModel';

export interface RunSource {
  /** The text the shell would run. */
  text: string;
  /** `offsets[i]` is the Dockerfile offset of `text[i]`; one extra entry for the end. */
  offsets: Int32Array;
  /** The script is a heredoc body or the command carries a heredoc. */
  hasHeredoc: boolean;
  /** A `#!` line naming a non-shell interpreter (python, node…), when the heredoc is the script. */
  interpreter: string | undefined;
}

const SHELL_SHEBANG = /^#!\s*(?:\/usr)?\/bin\/(?:env\s+)?(?:sh|bash|dash|ash|zsh|busybox\s+sh)\b/;

/** Kept pieces of the Dockerfile text, as [from, to) offset pairs. */
interface Pieces {
  spans: number[];
}

function push(out: Pieces, from: number, to: number): void {
  if (to <= from) return;
  const n = out.spans.length;
  if (n > 0 && out.spans[n - 1] === from) out.spans[n - 1] = to;
  else out.spans.push(from, to);
}

/**
 * Appends `model.text[from, to)` to `out`, joining continuation lines the way Docker does when
 * `join` is set, or verbatim otherwise.
 */
function appendCleaned(model: DockerfileModel, from: number, to: number, join: boolean, out: Pieces): void {
  const text = model.text;
  if (!join) {
    push(out, from, to);
    return;
  }
  const escape = model.escapeChar.charCodeAt(0);
  let i = from;
  let kept = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    let j = c === escape ? continuationAt(text, i, escape) : -1;
    if (j !== -1) {
      // Blank lines and comment lines inside a continuation are dropped entirely.
      for (;;) {
        let k = j;
        while (k < to && isBlank(text.charCodeAt(k))) k++;
        const first = text.charCodeAt(k);
        if (k >= to || (first !== 10 && first !== 13 && first !== 35) /* # */) break;
        while (k < to && text.charCodeAt(k) !== 10 && text.charCodeAt(k) !== 13) k++;
        if (k >= to) {
          j = k;
          break;
        }
        j = k + (text.charCodeAt(k) === 13 && text.charCodeAt(k + 1) === 10 ? 2 : 1);
      }
      push(out, kept, i);
      i = kept = j;
      continue;
    }
    i++;
  }
  push(out, kept, to);
}

function textOf(model: DockerfileModel, out: Pieces): string {
  let s = '';
  for (let k = 0; k < out.spans.length; k += 2) s += model.text.slice(out.spans[k], out.spans[k + 1]);
  return s;
}

function finish(model: DockerfileModel, out: Pieces, end: number, hasHeredoc: boolean, interpreter?: string): RunSource {
  const text = textOf(model, out);
  const offsets = new Int32Array(text.length + 1);
  let n = 0;
  for (let k = 0; k < out.spans.length; k += 2) for (let o = out.spans[k]; o < out.spans[k + 1]; o++) offsets[n++] = o;
  offsets[n] = end;
  return { text, offsets, hasHeredoc, interpreter };
}

/**
 * Offset where the RUN's command starts (after its flags), or undefined when it has no arguments.
 * Scanned from the text (skipping blanks and line continuations) because the parser's getArguments()
 * tokenises the whole instruction, which is slow on long RUNs.
 */
export function runBodyStart(model: DockerfileModel, run: Run): number | undefined {
  const flags = run.getFlags();
  const end = run.span.end;
  const text = model.text;
  const escape = model.escapeChar.charCodeAt(0);
  let i = flags.length ? flags[flags.length - 1].end : run.span.keywordEnd;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const continued = c === escape ? continuationAt(text, i, escape) : -1;
    if (continued !== -1) {
      i = continued;
      continue;
    }
    if (
      c === 35 /* # */ &&
      (text.charCodeAt(i - 1) === 10 || text.charCodeAt(i - 1) === 13 || /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', i - 1) + 1, i)))
    ) {
      // A comment line inside the continuation before the command.
      while (i < end && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      continue;
    }
    return i;
  }
  return undefined;
}

/** The heredocs a RUN's body (from `start`) opens. */
function bodyHeredocs(model: DockerfileModel, run: Run, start: number): ReturnType<Run['getHeredocs']> {
  // Bounded: searching the whole rest of the file for every RUN made long files quadratic.
  return model.text.slice(start, run.span.end).includes('<<')
    ? run.getHeredocs().filter((h) => offsetAt(model, h.getStartRange().start) >= start)
    : [];
}

/** Whether the RUN's body opens a heredoc (its script's `hasHeredoc`, when a shell reads it), without building its source. */
export function runHasHeredoc(model: DockerfileModel, run: Run): boolean {
  const start = runBodyStart(model, run);
  return start !== undefined && bodyHeredocs(model, run, start).length > 0;
}

export function runSource(model: DockerfileModel, run: Run): RunSource | undefined {
  const start = runBodyStart(model, run);
  if (start === undefined) return undefined;
  const end = run.span.end;
  const out: Pieces = { spans: [] };
  const heredocs = bodyHeredocs(model, run, start);
  const firstContent = heredocs.map((h) => h.getContentRange()).find((r) => r !== null);
  if (!firstContent) {
    appendCleaned(model, start, end, true, out);
    return finish(model, out, end, heredocs.length > 0);
  }
  const contentStart = offsetAt(model, firstContent.start);
  appendCleaned(model, start, contentStart, true, out);
  const commandLine = textOf(model, out)
    .replace(/<<-?\s*(["']?)[\w.-]+\1/g, '')
    .trim();
  if (commandLine !== '') {
    // `RUN cmd <<EOF …`: bash understands the heredoc itself.
    appendCleaned(model, contentStart, end, false, out);
    return finish(model, out, end, true);
  }
  // `RUN <<EOF`: the heredoc bodies are the script.
  // Each body up to its delimiter line (its last line break included), so several bodies stay apart.
  const script: Pieces = { spans: [] };
  for (const heredoc of heredocs) {
    const content = heredoc.getContentRange();
    const delimiter = heredoc.getDelimiterRange();
    if (content) push(script, offsetAt(model, content.start), offsetAt(model, delimiter ? delimiter.start : content.end));
  }
  const firstLine = model.text.slice(script.spans[0], Math.min(script.spans[1], script.spans[0] + 200)).split(/\r?\n/, 1)[0];
  const interpreter = firstLine.startsWith('#!') && !SHELL_SHEBANG.test(firstLine) ? firstLine.slice(2).trim() : undefined;
  return finish(model, script, end, true, interpreter);
}
