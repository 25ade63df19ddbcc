// The text being parsed and its line index. Everything in the syntax tree keeps offsets and turns them
// into positions only when asked, so a rule that reads one instruction's range pays for one lookup.
import type { Position, Range } from '../../types';

export const enum Char {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  Quote = 34,
  Hash = 35,
  Dollar = 36,
  Apostrophe = 39,
  Comma = 44,
  Minus = 45,
  Colon = 58,
  Less = 60,
  Equals = 61,
  At = 64,
  Backslash = 92,
  OpenBracket = 91,
  CloseBracket = 93,
  OpenBrace = 123,
  CloseBrace = 125,
  Backtick = 96,
  Slash = 47,
  Dot = 46,
}

export function isBlank(c: number): boolean {
  return c === Char.Space || c === Char.Tab;
}
export function isNewline(c: number): boolean {
  return c === Char.LineFeed || c === Char.CarriageReturn;
}
export function isWhitespace(c: number): boolean {
  return c === Char.Space || c === Char.Tab || c === Char.LineFeed || c === Char.CarriageReturn;
}

/** Offsets where lines start: `\r\n`, `\r` and `\n` each end a line, as LSP and BuildKit count them. */
export function lineStartOffsets(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  // Fast path for the common `\n`-only file; fall back to the careful scan when a `\r` appears.
  if (text.indexOf('\r') === -1) {
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    return starts;
  }
  starts.length = 1;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === Char.LineFeed) starts.push(k + 1);
    else if (c === Char.CarriageReturn) {
      if (text.charCodeAt(k + 1) === Char.LineFeed) k++;
      starts.push(k + 1);
    }
  }
  return starts;
}

export class SourceText {
  readonly lineStarts: number[];
  /** Last line found by positionAt: rules walk the file in order, so the next lookup is usually near it. */
  private lastLine = 0;

  constructor(
    readonly text: string,
    readonly escapeCode: number,
    lineStarts?: number[],
  ) {
    this.lineStarts = lineStarts ?? lineStartOffsets(text);
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts;
    if (offset < 0) offset = 0;
    else if (offset > this.text.length) offset = this.text.length;
    let line = this.lastLine;
    if (starts[line] <= offset && (line + 1 >= starts.length || starts[line + 1] > offset))
      return { line, character: offset - starts[line] };
    if (line + 1 < starts.length && starts[line + 1] <= offset && (line + 2 >= starts.length || starts[line + 2] > offset)) {
      line++;
    } else {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid] <= offset) low = mid;
        else high = mid - 1;
      }
      line = low;
    }
    this.lastLine = line;
    return { line, character: offset - starts[line] };
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}
