// An instruction of the syntax tree. Everything beyond the keyword is read lazily and kept: a rule that
// asks for the words, variables or flags of an instruction pays once per document version, however many
// rules ask after it.
import type { Range } from '../../types';
import type { SourceText } from './source';
import { Argument, Flag, Variable } from './nodes';
import type { InstructionSpan } from './scan';
import { joinContinuedLines, splitWords } from './words';
import { variablesIn } from './variables';

export class Instruction {
  // Caches filled on first use. `declare`d so instances are not born with them: most stay unset, and
  // initialising them cost more than the scan on long files.
  declare protected words?: Argument[];
  declare private variables?: Variable[];
  declare private range?: Range;
  declare protected flags?: Flag[];

  /** For an ONBUILD trigger (`ONBUILD RUN …` read as the RUN it wraps): the ONBUILD instruction around it. */
  declare onbuild?: Instruction;

  constructor(
    /** The text this instruction was read from: an earlier version's when a later tree took it over (parseSyntax). */
    readonly source: SourceText,
    readonly span: InstructionSpan,
    private readonly keyword: string,
  ) {}

  /** The keyword upper-cased (`RUN`), as rules compare it. */
  getKeyword(): string {
    return this.keyword;
  }
  /** The keyword as written (`run`), for fixes that keep the author's casing. */
  getInstruction(): string {
    return this.source.text.slice(this.span.start, this.span.keywordEnd);
  }
  getInstructionRange(): Range {
    return this.source.rangeOf(this.span.start, this.span.keywordEnd);
  }
  /** From the keyword to the end of the instruction (heredoc bodies included). */
  getRange(): Range {
    return (this.range ??= this.source.rangeOf(this.span.start, this.span.end));
  }
  getTextContent(): string {
    return this.source.text.slice(this.span.start, this.span.end);
  }

  /** Every word after the keyword, flags included. */
  protected allWords(): Argument[] {
    if (this.words) return this.words;
    const { source, span } = this;
    this.words = splitWords(source.text, span.keywordEnd, span.lineEnd, source.escapeCode).map(
      (w) => new Argument(source, w.value, w.start, w.end),
    );
    return this.words;
  }

  /** The words after the keyword (and after its `--flags`, for instructions that take flags). */
  getArguments(): Argument[] {
    return this.allWords();
  }

  getArgumentsRange(): Range | null {
    const args = this.getArguments();
    return args.length === 0 ? null : this.source.rangeOf(args[0].start, args[args.length - 1].end);
  }

  /** The arguments' text with escaped line breaks (and comment lines inside them) removed. */
  getArgumentsContent(): string | null {
    const args = this.getArguments();
    return args.length === 0
      ? null
      : joinContinuedLines(this.source.text, args[0].start, args[args.length - 1].end, this.source.escapeCode);
  }

  /** `$NAME` and `${NAME…}` references in the arguments (flags included). */
  getVariables(): Variable[] {
    if (this.variables) return this.variables;
    const out: Variable[] = [];
    for (const word of this.allWords()) variablesIn(this.source, word.start, word.end, out);
    this.variables = out;
    return out;
  }

  toString(): string {
    return [this.keyword, ...this.allWords().map((a) => a.getValue())].join(' ');
  }
}

/** Instructions that take `--name[=value]` flags before their arguments: FROM, RUN, COPY, ADD, HEALTHCHECK. */
export class FlaggedInstruction extends Instruction {
  declare private args?: Argument[];

  getFlags(): Flag[] {
    if (this.flags) return this.flags;
    const flags: Flag[] = [];
    const { source, span } = this;
    const isFlag = (value: string) => value.startsWith('--') && value.length > 2;
    // Only the leading words: tokenising a whole long RUN to find that it has no flags was most of its cost.
    const leading =
      this.words ??
      splitWords(source.text, span.keywordEnd, span.lineEnd, source.escapeCode, (w) => !isFlag(w.value)).map(
        (w) => new Argument(source, w.value, w.start, w.end),
      );
    for (const word of leading) {
      const value = word.getValue();
      if (!isFlag(value)) break;
      const eq = value.indexOf('=');
      const rawEq = source.text.slice(word.start, word.end).indexOf('=');
      const hasValue = eq !== -1 && rawEq !== -1;
      flags.push(
        new Flag(
          source,
          word.start,
          word.end,
          value.slice(2, eq === -1 ? undefined : eq),
          word.start + 2,
          hasValue ? value.slice(eq + 1) : null,
          hasValue ? word.start + rawEq + 1 : word.end,
        ),
      );
    }
    this.flags = flags;
    return flags;
  }

  override getArguments(): Argument[] {
    return (this.args ??= this.allWords().slice(this.getFlags().length));
  }
}
