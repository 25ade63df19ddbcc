// dockerfile-utils' syntax checks (SYNTAX_ONLY) report nothing about a RUN outside ONBUILD: its arguments are
// shell, and the checks that look at them (casing, JSON in single quotes, empty continuation lines) are switched
// off. Yet tokenising those arguments is most of validate()'s time on real files. So the CLI and the language
// server hand it the text with each such RUN left out: the same lines, the same line breaks, every other
// instruction untouched, so every other diagnostic keeps its range and message. A RUN after a FROM goes whole (its
// lines left empty): validate() looks at other instructions only to find whether a FROM comes first and to count
// CMDs, and a RUN with arguments `x` has nothing to report, yet its JSON and heredoc checks still cost a third of
// the time. A RUN before the first FROM keeps its keyword (it is where "no source image" is reported), with each of
// its lines' arguments replaced by `x`.
//
// Where a RUN ends must be decided the way dockerfile-ast (the parser inside validate()) decides it, not the way
// BuildKit or our own scanner does: the two disagree on odd continuations (`\ \` at a line end). The walk below
// follows dockerfile-ast 0.7.1's splitting of a text into comments and instructions; texts where that splitting
// depends on more than this walk knows (another escape character, a byte order mark) are left whole, and from
// where a heredoc may start to the end.
// test/unit/cli/syntaxCheckText.test.ts checks the walk against dockerfile-ast on generated texts, and the
// findings with and without the replacement on the corpus and on generated texts.

const BACKSLASH = 0x5c;
const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const HASH = 0x23;

const isBlank = (c: number) => c === SPACE || c === TAB;
const isBreak = (c: number) => c === CR || c === LF;

/** Texts whose splitting this walk does not model at all: an escape directive, a byte order mark. */
function splitNotModelled(text: string): boolean {
  return text.charCodeAt(0) === 0xfeff || /^[ \t]*#[ \t]*escape[ \t]*=/im.test(text);
}

/**
 * Where a heredoc may start (`<<`, also through quotes, escapes or a continuation): the split is modelled only
 * before the instruction that holds it.
 */
function firstPossibleHeredoc(text: string): number {
  const found = /<[\\"'\s]*</.exec(text);
  return found ? found.index : text.length;
}

/** Where an instruction's arguments end (dockerfile-ast's processArguments, no heredocs): a line break or the end. */
function argumentsEnd(text: string, from: number): number {
  let continued = false;
  for (let i = from + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isBreak(c)) {
      if (!continued) return i;
    } else if (c === BACKSLASH) {
      const next = text.charCodeAt(i + 1);
      if (isBreak(next)) {
        continued = true;
        i++;
      } else if (isBlank(next)) {
        let j = i + 2;
        while (j < text.length && isBlank(text.charCodeAt(j))) j++;
        if (j === text.length) return text.length;
        if (isBreak(text.charCodeAt(j))) continued = true;
        // dockerfile-ast steps over the character after the blanks without looking at it.
        i = j;
      }
    } else if (c === HASH) {
      // A comment line inside a continuation: skipped with the line break that ends it.
      if (continued) i = lineBreakAt(text, i);
    } else if (!isBlank(c)) {
      continued = false;
    }
  }
  return text.length;
}

function lineBreakAt(text: string, i: number): number {
  while (i < text.length && !isBreak(text.charCodeAt(i))) i++;
  return i;
}

interface InstructionSplit {
  end: number;
  /** Where the arguments start when the keyword is a plain `RUN` followed by a blank, else -1. */
  runArguments: number;
  /** A plain `FROM` keyword followed by a blank (one split by a continuation does not count). */
  from: boolean;
}

/** One instruction from its first character (dockerfile-ast's processInstruction): where it ends, and what it is. */
function instructionAt(text: string, start: number): InstructionSplit {
  let continued = false;
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      continued = true;
      const next = text.charCodeAt(i + 1);
      if (isBreak(next)) i++;
      else if (isBlank(next)) {
        let j = i + 2;
        while (j < text.length && isBlank(text.charCodeAt(j))) j++;
        if (j === text.length) return { end: text.length, runArguments: -1, from: false };
        // At a line break the keyword goes on (the loop steps over the break); else the blanks are looked at again.
        i = isBreak(text.charCodeAt(j)) ? j : j - 2;
      } else continued = false;
    } else if (isBlank(c)) {
      if (continued) {
        let j = i + 1;
        while (j < text.length && isBlank(text.charCodeAt(j))) j++;
        if (j < text.length && isBreak(text.charCodeAt(j))) {
          i = j;
          continue;
        }
      }
      const keyword = text.slice(start, i);
      const plainRun = i === start + 3 && /^run$/i.test(keyword);
      return { end: argumentsEnd(text, i), runArguments: plainRun ? i : -1, from: i === start + 4 && /^from$/i.test(keyword) };
    } else if (isBreak(c)) {
      if (!continued) return { end: i, runArguments: -1, from: false };
    } else if (c !== HASH || !continued) {
      continued = false;
    }
  }
  return { end: text.length, runArguments: -1, from: false };
}

/** A top-level RUN as offsets: the instruction's start, its arguments' start, its end; `afterFrom`: a FROM came before. */
export interface RunSpan {
  start: number;
  arguments: number;
  end: number;
  afterFrom: boolean;
}

/** Each top-level RUN, as dockerfile-ast splits the text; undefined when not modelled. */
export function runSpans(text: string): RunSpan[] | undefined {
  if (splitNotModelled(text)) return undefined;
  const spans: RunSpan[] = [];
  const heredoc = firstPossibleHeredoc(text);
  let afterFrom = false;
  for (let i = 0; i < heredoc; i++) {
    const c = text.charCodeAt(i);
    if (isBlank(c) || isBreak(c)) continue;
    if (c === HASH) {
      i = lineBreakAt(text, i);
      continue;
    }
    const { end, runArguments, from } = instructionAt(text, i);
    if (end >= heredoc) break;
    if (runArguments >= 0) spans.push({ start: i, arguments: runArguments, end, afterFrom });
    afterFrom ||= from;
    i = end;
  }
  return spans;
}

/** The line breaks of text[start, end), in order. */
function lineBreaks(text: string, start: number, end: number): string[] {
  return text.slice(start, end).match(/\r\n|\r|\n/g) ?? [];
}

/** Whether these pieces side by side keep their line breaks apart: no lone CR meets a LF (mixed line ends). */
function breaksStayApart(pieces: string[]): boolean {
  for (let k = 1; k < pieces.length; k++) if (pieces[k - 1].endsWith('\r') && pieces[k].startsWith('\n')) return false;
  return true;
}

/**
 * The text validate() is given: each top-level RUN after a FROM as its line breaks only; one before (or one whose
 * breaks would merge: a lone CR before a LF) as `RUN x`, ` \` and `x` on each further line; every other character
 * kept.
 */
export function textForSyntaxChecks(text: string): string {
  const spans = runSpans(text);
  if (!spans?.length) return text;
  const parts: string[] = [];
  let last = 0;
  for (const { start, arguments: args, end, afterFrom } of spans) {
    const breaks = afterFrom ? lineBreaks(text, start, end) : [];
    if (afterFrom && breaksStayApart([text.charAt(start - 1), ...breaks, text.charAt(end)])) {
      parts.push(text.slice(last, start), ...breaks);
    } else {
      parts.push(text.slice(last, args), ' x');
      for (const lineBreak of lineBreaks(text, args, end)) parts.push(' \\', lineBreak, 'x');
    }
    last = end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}
