// The small pieces of an instruction: words, variables, properties, flags, JSON strings and heredocs.
// Each keeps offsets into the source and makes its LSP-shaped range only when asked.
import type { Range } from '../../types';
import type { SourceText } from './source';
import { unquoteWord } from './words';

export class Argument {
  declare private range?: Range;
  constructor(
    protected readonly source: SourceText,
    private readonly value: string,
    readonly start: number,
    readonly end: number,
  ) {}
  getValue(): string {
    return this.value;
  }
  /** The word with its shell quotes removed (`"baz/"` → `baz/`, `'C:\'` → `C:\`), as BuildKit reads ADD/COPY/WORKDIR paths. */
  getUnquotedValue(): string {
    const raw = this.source.text.slice(this.start, this.end);
    // A word continued over lines: its raw text holds the continuation, the value has it joined.
    return /[\r\n]/.test(raw) ? unquoteWord(this.value, -1) : unquoteWord(raw, this.source.escapeCode);
  }
  getRange(): Range {
    return (this.range ??= this.source.rangeOf(this.start, this.end));
  }
  toString(): string {
    return this.value;
  }
}

/** One JSON string of an exec-form array; `getValue()` keeps the quotes, `getJSONValue()` is the decoded string. */
export class JSONArgument extends Argument {
  constructor(
    source: SourceText,
    value: string,
    start: number,
    end: number,
    private readonly decoded: string,
  ) {
    super(source, value, start, end);
  }
  getJSONValue(): string {
    return this.decoded;
  }
}

export class Variable {
  constructor(
    private readonly source: SourceText,
    private readonly name: string,
    readonly start: number,
    readonly end: number,
    readonly nameStart: number,
    /** `-`, `+`, `?` (after an optional `:`), or null for a plain `$NAME` / `${NAME}`. */
    private readonly modifier: string | null,
  ) {}
  getName(): string {
    return this.name;
  }
  getRange(): Range {
    return this.source.rangeOf(this.start, this.end);
  }
  getNameRange(): Range {
    return this.source.rangeOf(this.nameStart, this.nameStart + this.name.length);
  }
  getModifier(): string | null {
    return this.modifier;
  }
  toString(): string {
    return this.source.text.slice(this.start, this.end);
  }
}

export class Property {
  constructor(
    private readonly source: SourceText,
    private readonly name: string,
    readonly nameStart: number,
    readonly nameEnd: number,
    private readonly value: string | null,
    readonly valueStart: number,
    readonly valueEnd: number,
    private readonly operator: '=' | null,
  ) {}
  getName(): string {
    return this.name;
  }
  getNameRange(): Range {
    return this.source.rangeOf(this.nameStart, this.nameEnd);
  }
  /** The value as BuildKit stores it: quotes removed, escapes applied, continuations joined; null when absent. */
  getValue(): string | null {
    return this.value;
  }
  getValueRange(): Range | null {
    return this.value === null ? null : this.source.rangeOf(this.valueStart, this.valueEnd);
  }
  getAssignmentOperator(): '=' | null {
    return this.operator;
  }
  getRange(): Range {
    return this.source.rangeOf(this.nameStart, this.value === null ? this.nameEnd : this.valueEnd);
  }
}

export class FlagOption {
  constructor(
    private readonly source: SourceText,
    private readonly name: string,
    readonly start: number,
    private readonly value: string | null,
    readonly end: number,
  ) {}
  getName(): string {
    return this.name;
  }
  getValue(): string | null {
    return this.value;
  }
  getRange(): Range {
    return this.source.rangeOf(this.start, this.end);
  }
  getNameRange(): Range {
    return this.source.rangeOf(this.start, this.start + this.name.length);
  }
  getValueRange(): Range | null {
    return this.value === null ? null : this.source.rangeOf(this.end - this.value.length, this.end);
  }
}

/** `--name[=value]`; a value like `type=cache,target=/root/.cache` also reads as options. */
export class Flag {
  declare private options?: FlagOption[];
  constructor(
    private readonly source: SourceText,
    readonly start: number,
    readonly end: number,
    private readonly name: string,
    readonly nameStart: number,
    private readonly value: string | null,
    readonly valueStart: number,
  ) {}
  getName(): string {
    return this.name;
  }
  getNameRange(): Range {
    return this.source.rangeOf(this.nameStart, this.nameStart + this.name.length);
  }
  getValue(): string | null {
    return this.value;
  }
  getValueRange(): Range | null {
    return this.value === null ? null : this.source.rangeOf(this.valueStart, this.end);
  }
  getRange(): Range {
    return this.source.rangeOf(this.start, this.end);
  }
  getOptions(): FlagOption[] {
    if (this.options) return this.options;
    this.options = [];
    const value = this.value;
    if (value === null || !value.includes('=')) return this.options;
    let at = 0;
    for (const part of value.split(',')) {
      if (part !== '') {
        const eq = part.indexOf('=');
        this.options.push(
          new FlagOption(
            this.source,
            eq === -1 ? part : part.slice(0, eq),
            this.valueStart + at,
            eq === -1 ? null : part.slice(eq + 1),
            this.valueStart + at + part.length,
          ),
        );
      }
      at += part.length + 1;
    }
    return this.options;
  }
  toString(): string {
    return this.value === null ? `--${this.name}` : `--${this.name}=${this.value}`;
  }
}

export class Heredoc {
  constructor(
    private readonly source: SourceText,
    private readonly name: string,
    readonly start: number,
    readonly end: number,
    readonly nameStart: number,
    /** From the start of the body's first line to the end of its last line; null when the body is empty. */
    readonly content: { start: number; end: number } | null,
    /** The delimiter line's text; null when the heredoc is never closed. */
    readonly delimiter: { start: number; end: number } | null,
  ) {}
  getName(): string {
    return this.name;
  }
  getStartRange(): Range {
    return this.source.rangeOf(this.start, this.end);
  }
  getNameRange(): Range {
    return this.source.rangeOf(this.nameStart, this.nameStart + this.name.length);
  }
  getContentRange(): Range | null {
    return this.content && this.source.rangeOf(this.content.start, this.content.end);
  }
  getDelimiterRange(): Range | null {
    return this.delimiter && this.source.rangeOf(this.delimiter.start, this.delimiter.end);
  }
}

export class Comment {
  constructor(
    private readonly source: SourceText,
    readonly start: number,
    readonly end: number,
  ) {}
  getRange(): Range {
    return this.source.rangeOf(this.start, this.end);
  }
  /** The text after `#`, trimmed. */
  getContent(): string {
    return this.source.text.slice(this.start + 1, this.end).trim();
  }
}

export class ParserDirective {
  constructor(
    private readonly source: SourceText,
    readonly start: number,
    readonly end: number,
    private readonly name: string,
    private readonly value: string,
  ) {}
  getName(): string {
    return this.name;
  }
  getDirective(): string {
    return this.name.toLowerCase();
  }
  getValue(): string {
    return this.value;
  }
  getRange(): Range {
    return this.source.rangeOf(this.start, this.end);
  }
}
