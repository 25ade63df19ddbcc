// The instruction kinds rules need more from than words: FROM's image reference, the properties of
// ENV/ARG/LABEL, the exec form of RUN/CMD/ENTRYPOINT/SHELL/COPY/ADD/VOLUME, flags, and heredocs.
import type { Range } from '../../types';
import { Char } from './source';
import type { SourceText } from './source';
import { Flag, Heredoc, JSONArgument, Property } from './nodes';
import type { InstructionSpan } from './scan';
import { findHeredocDelimiter, heredocName, lineAfter } from './scan';
import { FlaggedInstruction, Instruction } from './instruction';
import { parseProperties } from './properties';
import { parseExecForm } from './json';
import { imageReference, type ImageReference } from './imageReference';

export class PropertyInstruction extends Instruction {
  declare private properties?: Property[];
  getProperties(): Property[] {
    return (this.properties ??= parseProperties(this.source, this.getKeyword(), this.span.keywordEnd, this.span.lineEnd));
  }
}

export class JSONInstruction extends FlaggedInstruction {
  declare private json?: JSONArgument[];
  /** CMD, ENTRYPOINT, SHELL and VOLUME take no flags: a leading `--x` is their first argument. */
  protected takesFlags(): boolean {
    return true;
  }

  override getFlags(): Flag[] {
    return this.takesFlags() ? super.getFlags() : (this.flags = []);
  }

  /** The exec-form strings, or none when the arguments are not a valid JSON array of strings (shell form). */
  getJSONStrings(): JSONArgument[] {
    if (this.json) return this.json;
    const args = this.getArguments();
    this.json = args.length > 0 && args[0].getValue().startsWith('[') ? parseExecForm(this.source, args[0].start, this.span.lineEnd) : [];
    return this.json;
  }
}

export class ExecOnlyInstruction extends JSONInstruction {
  protected override takesFlags(): boolean {
    return false;
  }
}

/** RUN, COPY and ADD: flags, exec form, and heredocs. */
export class HeredocInstruction extends JSONInstruction {
  declare private heredocs?: Heredoc[];

  getHeredocs(): Heredoc[] {
    if (this.heredocs) return this.heredocs;
    const heredocs: Heredoc[] = [];
    const text = this.source.text;
    let at = this.span.lineEnd;
    for (const word of this.getArguments()) {
      const opened = heredocName(word.getValue());
      if (!opened) continue;
      const rawName = text.slice(word.start, word.end).indexOf(opened.name);
      const nameStart = rawName === -1 ? word.start : word.start + rawName;
      // The body starts on the line after the opening line (or after the previous heredoc's delimiter).
      const contentStart = lineAfter(text, at);
      const delimiter = findHeredocDelimiter(text, contentStart, this.span.end, opened.name, opened.tabbed) ?? null;
      const contentEnd = delimiter ? lineBreakBefore(text, delimiter.lineStart) : this.span.end;
      const content = contentEnd > contentStart ? { start: contentStart, end: contentEnd } : null;
      heredocs.push(
        new Heredoc(
          this.source,
          opened.name,
          word.start,
          word.end,
          nameStart,
          content,
          delimiter && { start: delimiter.start, end: delimiter.end },
        ),
      );
      at = delimiter ? delimiter.end : this.span.end;
    }
    this.heredocs = heredocs;
    return heredocs;
  }
}

function lineBreakBefore(text: string, lineStart: number): number {
  let i = lineStart;
  if (text.charCodeAt(i - 1) === Char.LineFeed) i--;
  if (text.charCodeAt(i - 1) === Char.CarriageReturn) i--;
  return i;
}

export class Copy extends HeredocInstruction {
  /** The `--from=` flag wherever it stands among the flags. */
  getFromFlag(): Flag | null {
    return this.getFlags().find((f) => f.getName() === 'from') ?? null;
  }
}

export class From extends FlaggedInstruction {
  declare private reference?: ImageReference | null;

  private ref(): ImageReference | null {
    if (this.reference !== undefined) return this.reference;
    const image = this.getArguments()[0];
    this.reference = image ? imageReference(this.source, image.start, image.end, this.getVariables()) : null;
    return this.reference;
  }
  private slice(span: { start: number; end: number } | undefined): string | null {
    return span ? this.source.text.slice(span.start, span.end) : null;
  }
  private rangeOf(span: { start: number; end: number } | undefined): Range | null {
    return span ? this.source.rangeOf(span.start, span.end) : null;
  }

  getImage(): string | null {
    return this.getArguments()[0]?.getValue() ?? null;
  }
  getImageRange(): Range | null {
    return this.getArguments()[0]?.getRange() ?? null;
  }
  getImageName(): string | null {
    return this.slice(this.ref()?.name);
  }
  getImageNameRange(): Range | null {
    return this.rangeOf(this.ref()?.name);
  }
  getRegistry(): string | null {
    return this.slice(this.ref()?.registry);
  }
  getImageTag(): string | null {
    return this.slice(this.ref()?.tag);
  }
  getImageTagRange(): Range | null {
    return this.rangeOf(this.ref()?.tag);
  }
  getImageDigest(): string | null {
    return this.slice(this.ref()?.digest);
  }

  getBuildStage(): string | null {
    const args = this.getArguments();
    return args.length > 2 && args[1].getValue().toUpperCase() === 'AS' ? args[2].getValue() : null;
  }
  getBuildStageRange(): Range | null {
    const args = this.getArguments();
    return args.length > 2 && args[1].getValue().toUpperCase() === 'AS' ? args[2].getRange() : null;
  }
  getPlatformFlag(): Flag | null {
    return this.getFlags().find((f) => f.getName() === 'platform') ?? null;
  }
}

export function createInstruction(source: SourceText, span: InstructionSpan): Instruction {
  const keyword = source.text.slice(span.start, span.keywordEnd).toUpperCase();
  switch (keyword) {
    case 'FROM':
      return new From(source, span, keyword);
    case 'ARG':
    case 'ENV':
    case 'LABEL':
      return new PropertyInstruction(source, span, keyword);
    case 'RUN':
    case 'ADD':
      return new HeredocInstruction(source, span, keyword);
    case 'COPY':
      return new Copy(source, span, keyword);
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
    case 'VOLUME':
      return new ExecOnlyInstruction(source, span, keyword);
    case 'HEALTHCHECK':
      return new FlaggedInstruction(source, span, keyword);
    default:
      return new Instruction(source, span, keyword);
  }
}
