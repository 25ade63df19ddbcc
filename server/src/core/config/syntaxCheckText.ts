// dockerfile-utils' syntax checks (SYNTAX_ONLY) report nothing about a RUN outside ONBUILD: its arguments are
// shell, and the checks that look at them (casing, JSON in single quotes, empty continuation lines) are switched
// off. Yet tokenising those arguments is most of validate()'s time on real files. So the CLI and the language
// server hand it the text with each such RUN's arguments replaced by `x` on every line the RUN spans: the same
// lines, the same line breaks, every other instruction untouched, so every other diagnostic keeps its range and
// message.
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

/**
 * One instruction from its first character (dockerfile-ast's processInstruction): where it ends, and where its
 * arguments start when it is a plain `RUN` keyword followed by a blank (otherwise -1).
 */
function instructionAt(text: string, start: number): { end: number; runArguments: number } {
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
        if (j === text.length) return { end: text.length, runArguments: -1 };
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
      const plainRun = i === start + 3 && /^run$/i.test(text.slice(start, i));
      return { end: argumentsEnd(text, i), runArguments: plainRun ? i : -1 };
    } else if (isBreak(c)) {
      if (!continued) return { end: i, runArguments: -1 };
    } else if (c !== HASH || !continued) {
      continued = false;
    }
  }
  return { end: text.length, runArguments: -1 };
}

/** Each top-level RUN's arguments as [start, end) offsets, as dockerfile-ast splits the text; undefined when not modelled. */
export function runArgumentSpans(text: string): Array<[number, number]> | undefined {
  if (splitNotModelled(text)) return undefined;
  const spans: Array<[number, number]> = [];
  const heredoc = firstPossibleHeredoc(text);
  for (let i = 0; i < heredoc; i++) {
    const c = text.charCodeAt(i);
    if (isBlank(c) || isBreak(c)) continue;
    if (c === HASH) {
      i = lineBreakAt(text, i);
      continue;
    }
    const { end, runArguments } = instructionAt(text, i);
    if (end >= heredoc) break;
    if (runArguments >= 0) spans.push([runArguments, end]);
    i = end;
  }
  return spans;
}

/** The text validate() is given: each top-level RUN's arguments as ` x`, one `x` per further line, breaks kept. */
export function textForSyntaxChecks(text: string): string {
  const spans = runArgumentSpans(text);
  if (!spans?.length) return text;
  const parts: string[] = [];
  let last = 0;
  for (const [start, end] of spans) {
    parts.push(text.slice(last, start), ' x');
    for (const lineBreak of text.slice(start, end).match(/\r\n|\r|\n/g) ?? []) parts.push(' \\', lineBreak, 'x');
    last = end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}
